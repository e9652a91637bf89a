// Saves that failed, kept in the drafts store until they succeed or the user discards them: a reload never loses them.
import type { Draft, QuadroDatabase } from './schema.ts';

export type PendingSave = Omit<Draft, 'id' | 'kind'>;

/** The key of a failed save's kept text in the drafts store. */
export function pendingSaveId(save: Pick<PendingSave, 'planId' | 'rowId' | 'columnId'>): string {
  return `failed-save:${save.planId}:${save.rowId}:${save.columnId}`;
}

/**
 * Keeps the text of a failed cell save. Best effort by nature: when the save failed because the
 * device is full this may fail too, and the caller then tells the user to copy the text.
 */
export async function keepPendingSave(db: QuadroDatabase, save: PendingSave): Promise<boolean> {
  try {
    await db.drafts.put({ ...save, id: pendingSaveId(save), kind: 'failed-save' });
    return true;
  } catch {
    return false;
  }
}

export async function listPendingSaves(db: QuadroDatabase, planId: string): Promise<PendingSave[]> {
  const drafts = await db.drafts.where('planId').equals(planId).toArray();
  return drafts.filter((draft) => draft.kind === 'failed-save');
}

export async function forgetPendingSave(db: QuadroDatabase, save: Pick<PendingSave, 'planId' | 'rowId' | 'columnId'>): Promise<void> {
  await db.drafts.delete(pendingSaveId(save));
}
