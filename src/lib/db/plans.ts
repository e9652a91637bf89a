// Plans as wholes: seeding the bundled plan once, creating, renaming, copying and deleting plans.
import type { Area, Plan, PlanDocument, Row } from '../model/types.ts';
import { copyPlanDocument } from '../model/plan.ts';
import { newId, nowIso, write, type ChangeAuthor, type WriteResult } from './transaction.ts';
import { loadPlanDocument } from './reads.ts';
import type { QuadroDatabase } from './schema.ts';
import { settingValue, type SettingKey } from './settings.ts';

const SEEDED_KEY = 'seededDefaultPlan' satisfies SettingKey;
const REST_KEY = 'seedRestPending' satisfies SettingKey;

/** The part of the bundled plan the first screen needs, and the areas whose rows `completeDefaultPlanSeed` writes. */
export interface DefaultPlanHead {
  doc: PlanDocument;
  restAreaIds: string[];
}

/**
 * Writes the bundled plan on the very first start, in one transaction. Never overwrites: it does
 * nothing when the device has seeded before (even if the user deleted that plan since) or already
 * holds any plan. Returns whether it wrote. Given a head (issue 25), it writes the head and notes the
 * areas whose rows are still to come, in the same transaction, for `completeDefaultPlanSeed`. Like
 * the rest, it is not an undo step: the seed is what the device starts from.
 */
export async function seedDefaultPlanOnce(db: QuadroDatabase, loadDefaultPlan: () => Promise<PlanDocument | DefaultPlanHead>): Promise<boolean> {
  const [seededBefore, planCount] = await Promise.all([db.settings.get(SEEDED_KEY), db.plans.count()]);
  if (seededBefore || planCount > 0) return false;
  // Loading the bundled JSON is not IndexedDB work, so it happens before the transaction opens.
  const loaded = await loadDefaultPlan();
  const { doc, restAreaIds } = 'doc' in loaded ? loaded : { doc: loaded, restAreaIds: [] };
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows, db.settings], async () => {
    if ((await db.settings.get(SEEDED_KEY)) || (await db.plans.count()) > 0) return false;
    await db.plans.add(doc.plan);
    await db.areas.bulkAdd(doc.areas);
    await db.columns.bulkAdd(doc.columns);
    await db.rows.bulkAdd(doc.rows);
    await db.settings.put({ key: SEEDED_KEY, value: nowIso() });
    if (restAreaIds.length > 0) await db.settings.put({ key: REST_KEY, value: restAreaIds });
    return true;
  });
}

/** The bundled plan's areas whose rows are still to be written: empty when the seed is complete. */
export async function pendingSeedAreas(db: QuadroDatabase): Promise<string[]> {
  return settingValue(REST_KEY, (await db.settings.get(REST_KEY))?.value) ?? [];
}

/**
 * Writes the rows the first start left for later (`seedDefaultPlanOnce` with a head), in one transaction, and
 * clears the note of them. Idempotent and crash-safe: a second call, another tab's call or a call after an
 * interrupted one writes each row at most once; rows of an area the user deleted meanwhile are not written.
 * Returns how many rows it wrote.
 */
export async function completeDefaultPlanSeed(db: QuadroDatabase, loadRest: () => Promise<Row[]>): Promise<number> {
  if ((await pendingSeedAreas(db)).length === 0) return 0;
  const rows = await loadRest();
  return db.transaction('rw', [db.areas, db.rows, db.settings], async () => {
    const pending = new Set(await pendingSeedAreas(db));
    if (pending.size === 0) return 0;
    const areasLeft = new Set((await db.areas.bulkGet([...pending])).flatMap((area) => (area ? [area.id] : [])));
    const wanted = rows.filter((row) => pending.has(row.areaId) && areasLeft.has(row.areaId));
    const present = await db.rows.bulkGet(wanted.map((row) => row.id));
    const missing = wanted.filter((_, index) => present[index] === undefined);
    await db.rows.bulkAdd(missing);
    await db.settings.delete(REST_KEY);
    return missing.length;
  });
}

/**
 * A new plan with one empty area holding the given columns (at least the ambito column). The words
 * (the area's title, the column titles) come from the caller, in the user's language.
 */
export async function createPlan(
  db: QuadroDatabase,
  name: string,
  author: ChangeAuthor,
  firstArea: { title: string; columnTitles: string[] },
): Promise<WriteResult<Plan>> {
  const { title: areaTitle, columnTitles } = firstArea;
  const now = nowIso();
  const plan: Plan = { id: newId(), name, origin: 'user', createdAt: now, updatedAt: now };
  return write(db, plan.id, author, async (recorder) => {
    const written = await recorder.put('plans', plan);
    const area: Area = { id: newId(), planId: plan.id, title: areaTitle, introduction: '', order: 1 };
    await recorder.put('areas', area);
    for (const [i, title] of columnTitles.entries()) {
      await recorder.put('columns', { id: newId(), areaId: area.id, planId: plan.id, title, order: i + 1 });
    }
    return written;
  });
}

export async function renamePlan(db: QuadroDatabase, planId: string, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  return write(db, planId, author, async (recorder) => {
    const plan = await db.plans.get(planId);
    if (!plan) throw new Error(`Plan ${planId} not found`);
    return name !== plan.name ? recorder.put('plans', { ...plan, name }) : plan;
  });
}

/** Writes a whole plan document (a copy, a restored original) as a new plan, in one batch. */
export async function addPlanDocument(db: QuadroDatabase, doc: PlanDocument, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  return write(db, doc.plan.id, author, async (recorder) => {
    if (await db.plans.get(doc.plan.id)) throw new Error(`Plan ${doc.plan.id} already exists`);
    const plan = await recorder.put('plans', doc.plan);
    await recorder.putMany('areas', doc.areas);
    await recorder.putMany('columns', doc.columns);
    await recorder.putMany('rows', doc.rows);
    return plan;
  });
}

export async function duplicatePlan(db: QuadroDatabase, planId: string, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  const doc = await loadPlanDocument(db, planId);
  if (!doc) throw new Error(`Plan ${planId} not found`);
  return addPlanDocument(db, copyPlanDocument(doc, name, nowIso(), newId), author);
}

/** "Restore the original 2012 plan": a fresh copy beside the user's plans, never over them. */
export async function restoreOriginalPlan(db: QuadroDatabase, loadDefaultPlan: () => Promise<PlanDocument>, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  const doc = await loadDefaultPlan();
  return addPlanDocument(db, copyPlanDocument(doc, name, nowIso(), newId), author);
}

/** Deletes a plan and everything in it, as one undoable batch. */
export async function deletePlan(db: QuadroDatabase, planId: string, author: ChangeAuthor): Promise<WriteResult<void>> {
  return write(db, planId, author, async (recorder) => {
    await recorder.deleteMany('rows', await db.rows.where('planId').equals(planId).primaryKeys());
    await recorder.deleteMany('columns', await db.columns.where('planId').equals(planId).primaryKeys());
    await recorder.deleteMany('areas', await db.areas.where('planId').equals(planId).primaryKeys());
    await recorder.delete('plans', planId);
  });
}
