// What takes room in Quadro's database, measured for the free-space hints (issue 18): each plan's text and history, and unsaved texts.
import type { QuadroDatabase } from './schema.ts';

/** One plan's share of the database, in bytes of its records as stored (JSON length, a close estimate). */
export interface PlanUse {
  planId: string;
  name: string;
  /** Areas, columns and rows: the plan as it reads now. */
  contentBytes: number;
  /** Its change log: every earlier state undo and the cell history can go back to. */
  historyBytes: number;
}

export interface StorageUse {
  plans: PlanUse[];
  /** Change-log entries of plans no longer on the device (kept so their deletion can be undone). */
  deletedPlansHistoryBytes: number;
  /** Texts typed and not in a plan yet, and indicator decisions. */
  draftsBytes: number;
  indicatorsBytes: number;
}

const size = (value: unknown): number => JSON.stringify(value)?.length ?? 0;

/** Reads every store once (on demand: the device is full, or the storage panel asks) and adds up each plan's part. */
export async function measureStorageUse(db: QuadroDatabase): Promise<StorageUse> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows, db.changeLog, db.drafts, db.indicators], async () => {
    const plans = new Map<string, PlanUse>();
    await db.plans.each((plan) => plans.set(plan.id, { planId: plan.id, name: plan.name, contentBytes: size(plan), historyBytes: 0 }));
    const add = (planId: string, bytes: number, field: 'contentBytes' | 'historyBytes'): boolean => {
      const use = plans.get(planId);
      if (!use) return false;
      use[field] += bytes;
      return true;
    };
    await db.areas.each((record) => add(record.planId, size(record), 'contentBytes'));
    await db.columns.each((record) => add(record.planId, size(record), 'contentBytes'));
    await db.rows.each((record) => add(record.planId, size(record), 'contentBytes'));
    let deletedPlansHistoryBytes = 0;
    await db.changeLog.each((entry) => {
      const bytes = size(entry);
      if (!add(entry.planId, bytes, 'historyBytes')) deletedPlansHistoryBytes += bytes;
    });
    let draftsBytes = 0;
    await db.drafts.each((draft) => (draftsBytes += size(draft)));
    let indicatorsBytes = 0;
    await db.indicators.each((record) => (indicatorsBytes += size(record)));
    return { plans: [...plans.values()].sort((a, b) => b.contentBytes + b.historyBytes - (a.contentBytes + a.historyBytes)), deletedPlansHistoryBytes, draftsBytes, indicatorsBytes };
  });
}
