// Confirmed and rejected indicators in the `indicators` store (schema version 3); the payload is owned by src/lib/indicators.
import type { QuadroDatabase, StoredIndicator } from './schema.ts';

/** Every stored indicator decision of a plan. */
export async function listIndicatorRecords(db: QuadroDatabase, planId: string): Promise<StoredIndicator[]> {
  return db.indicators.where('planId').equals(planId).toArray();
}

/** Writes (adds or replaces) one decision, durably: the UI says "saved" only after this resolves. */
export async function saveIndicatorRecord(db: QuadroDatabase, record: StoredIndicator): Promise<void> {
  await db.transaction('rw', db.indicators, async () => {
    await db.indicators.put(record);
  });
}

/** Forgets one decision: its proposal is offered again. */
export async function deleteIndicatorRecord(db: QuadroDatabase, id: string): Promise<void> {
  await deleteIndicatorRecords(db, [id]);
}

/** Forgets several decisions in one transaction ("Riapri" on a pair whose quantity's kind was also decided): one action, one write. */
export async function deleteIndicatorRecords(db: QuadroDatabase, ids: readonly string[]): Promise<void> {
  await db.transaction('rw', db.indicators, async () => {
    await db.indicators.bulkDelete([...ids]);
  });
}
