// Undo and redo of change-log batches: gathers what the pure undo planner needs, writes its plan as a new batch.
import type { Area, ChangeLogEntry, Column, Plan, Row } from '../model/types.ts';
import { planUndo, type KeptChange, type UndoWorld } from '../model/undo-plan.ts';
import { buildUndoHistory, effectiveUndoer, type UndoHistory } from '../model/history.ts';
import { orderBetween, sortByOrder } from '../model/plan.ts';
import { write, type AnyRecord } from './transaction.ts';
import { listBatches } from './reads.ts';
import type { QuadroDatabase } from './schema.ts';

export interface UndoResult {
  /** The new batch (origin undo or redo), or null when there was nothing to undo. */
  batchId: string | null;
  /** What stayed as it is because a later change wrote it (or it holds such a change). */
  kept: KeptChange[];
}

/** A bulk entry stands for one "created" entry per key. */
function expand(entries: ChangeLogEntry[]): ChangeLogEntry[] {
  return entries.flatMap((entry) =>
    entry.addedKeys ? entry.addedKeys.map((key): ChangeLogEntry => ({ ...entry, key, before: null, addedKeys: undefined })) : [entry],
  );
}

/** The current records undo needs: the batch's own, every area and column of the plan, and the rows of what it created. */
async function readWorld(db: QuadroDatabase, planId: string, entries: ChangeLogEntry[]): Promise<UndoWorld> {
  const keysOf = (table: string): string[] => [...new Set(entries.filter((e) => e.table === table).map((e) => e.key))];
  const [plans, areas, columns] = await Promise.all([
    db.plans.bulkGet(keysOf('plans').concat(planId)),
    db.areas.where('planId').equals(planId).toArray(),
    db.columns.where('planId').equals(planId).toArray(),
  ]);
  const rowIds = new Set(keysOf('rows'));
  // Rows are children of the areas and columns the batch created or deleted: they decide whether those stay.
  const parentAreas = new Set<string>();
  for (const entry of entries) {
    if (entry.table === 'areas') parentAreas.add(entry.key);
    if (entry.table === 'columns') {
      const column = (entry.before as Column | null) ?? columns.find((c) => c.id === entry.key);
      if (column) parentAreas.add(column.areaId);
    }
  }
  const planCreated = entries.some((e) => e.table === 'plans' && e.before === null);
  const childRows = planCreated
    ? await db.rows.where('planId').equals(planId).toArray()
    : (await Promise.all([...parentAreas].map((areaId) => db.rows.where('areaId').equals(areaId).toArray()))).flat();
  const rows = new Map<string, Row>(childRows.map((row) => [row.id, row]));
  const missing = [...rowIds].filter((id) => !rows.has(id));
  (await db.rows.bulkGet(missing)).forEach((row) => {
    if (row) rows.set(row.id, row);
  });
  return {
    plans: new Map(plans.filter((p): p is Plan => p !== undefined).map((p) => [p.id, p])),
    areas: new Map(areas.map((a: Area) => [a.id, a])),
    columns: new Map(columns.map((c) => [c.id, c])),
    rows,
  };
}

/** The log position (first seq) of each batch named by a stamp in the world, for "was it written later?". */
async function readPositions(db: QuadroDatabase, world: UndoWorld): Promise<Map<string, number>> {
  const stamps = new Set<string>();
  for (const table of [world.plans, world.areas, world.columns] as ReadonlyMap<string, { batch?: string }>[]) {
    for (const record of table.values()) if (record.batch) stamps.add(record.batch);
  }
  for (const row of world.rows.values()) {
    if (row.batch) stamps.add(row.batch);
    for (const cell of Object.values(row.cells)) if (cell.batch) stamps.add(cell.batch);
  }
  const positions = new Map<string, number>();
  for (const stamp of stamps) {
    const [seq] = await db.changeLog.where('batchId').equals(stamp).limit(1).primaryKeys();
    if (seq !== undefined) positions.set(stamp, seq);
  }
  return positions;
}

/**
 * A restored row, column or area takes a free position: if a sibling took its old place
 * meanwhile, it goes just after that sibling instead of sharing the place.
 */
async function freeOrder(db: QuadroDatabase, table: 'rows' | 'columns' | 'areas', record: Row | Column | Area, taken: Set<string>): Promise<number> {
  const all: { id: string; order: number }[] =
    table === 'areas'
      ? await db.areas.where('planId').equals((record as Area).planId).toArray()
      : await db.table<Row | Column>(table).where('areaId').equals((record as Row).areaId).toArray();
  const siblings = sortByOrder(all).filter((s) => s.id !== record.id);
  const orders = siblings.map((s) => s.order);
  let order = record.order;
  while (orders.includes(order) || taken.has(`${table}:${(record as Row).areaId ?? (record as Area).planId}:${order}`)) {
    const next = orders.find((o) => o > order);
    order = orderBetween(order, next);
  }
  return order;
}

/**
 * Undoes one batch in one transaction, as a new batch (origin "undo", or "redo" when undoing an
 * undo) whose own entries make it undoable in turn. What a later batch wrote stays, and is listed.
 */
export async function undoBatch(db: QuadroDatabase, batchId: string, author: { by: string; origin?: 'undo' | 'redo' }): Promise<UndoResult> {
  const first = await db.changeLog.where('batchId').equals(batchId).first();
  if (!first) return { batchId: null, kept: [] };
  let kept: KeptChange[] = [];
  const result = await write(db, first.planId, { by: author.by, origin: author.origin ?? 'undo', note: batchId }, async (recorder) => {
    const entries = expand(await db.changeLog.where('batchId').equals(batchId).sortBy('seq'));
    const lastSeq = Math.max(...entries.map((e) => e.seq ?? 0));
    const world = await readWorld(db, first.planId, entries);
    const positions = await readPositions(db, world);
    const plan = planUndo(entries, world, (stamp) => stamp !== undefined && (positions.get(stamp) ?? -Infinity) > lastSeq);
    kept = plan.kept;
    if (plan.writes.length === 0) {
      // Everything the batch did was changed since (and is kept): the undo still goes in the log,
      // as a write of the plan as it is, so the history moves past the batch instead of offering
      // an "Annulla" that can never do anything.
      const current = await db.plans.get(first.planId);
      if (current) await recorder.put('plans', current);
      return;
    }
    const taken = new Set<string>();
    for (const change of plan.writes) {
      if (change.record === null) {
        await recorder.delete(change.table, change.key);
        continue;
      }
      let record: AnyRecord = change.record;
      if (change.table !== 'plans') {
        const current = change.table === 'rows' ? world.rows.get(change.key) : change.table === 'columns' ? world.columns.get(change.key) : world.areas.get(change.key);
        const placed = record as Row | Column | Area;
        if (!current || current.order !== placed.order) {
          const order = await freeOrder(db, change.table, placed, taken);
          record = { ...placed, order };
          taken.add(`${change.table}:${(placed as Row).areaId ?? (placed as Area).planId}:${order}`);
        }
      }
      await recorder.put(change.table, record);
    }
  });
  return { batchId: result.batchId, kept };
}

/** The plan's undo and redo lists, rebuilt from the change log (so they survive a reload). */
export async function readUndoHistory(db: QuadroDatabase, planId: string): Promise<UndoHistory> {
  return buildUndoHistory(await listBatches(db, planId));
}

/** "Ripeti" for a batch undone earlier (an import from the import history): undoes its undo. */
export async function redoBatch(db: QuadroDatabase, batchId: string, author: { by: string }): Promise<UndoResult> {
  const first = await db.changeLog.where('batchId').equals(batchId).first();
  if (!first) return { batchId: null, kept: [] };
  const undoer = effectiveUndoer(await listBatches(db, first.planId), batchId);
  if (!undoer) return { batchId: null, kept: [] };
  return undoBatch(db, undoer, { by: author.by, origin: 'redo' });
}
