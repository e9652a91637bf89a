// Pure: what undoing one change-log batch writes, decided by the log's order of batches, never by clocks.
import type { Area, Cell, ChangeLogEntry, ChangeTable, Column, Plan, Row } from './types.ts';

type AnyRecord = Plan | Area | Column | Row;

/**
 * The records undo needs to see, as they are now: every record the batch touched, every area and
 * column of the plan, and the rows of any area or column the batch created (their children).
 */
export interface UndoWorld {
  plans: ReadonlyMap<string, Plan>;
  areas: ReadonlyMap<string, Area>;
  columns: ReadonlyMap<string, Column>;
  rows: ReadonlyMap<string, Row>;
}

/** Something undo left as it is, and why: a person is told, nothing is dropped silently. */
export interface KeptChange {
  table: ChangeTable;
  key: string;
  columnId?: string;
  /** 'changed-later': a later batch wrote it; 'has-children': it holds records undo keeps; 'parent-gone': its area or column no longer exists. */
  reason: 'changed-later' | 'has-children' | 'parent-gone';
}

export interface UndoWrite {
  table: ChangeTable;
  key: string;
  /** The record to write, or null to delete it. */
  record: AnyRecord | null;
}

export interface UndoPlan {
  writes: UndoWrite[];
  kept: KeptChange[];
}

/**
 * Plans the undo of one batch. `isLater(batchId)` says whether a batch was logged after the one
 * being undone; a record or cell stamped by such a batch was written after it and is kept.
 * Everything else goes back to its state before the batch. Parents and children move together:
 * a parent is kept while a child it would lose survives, and a record is not restored into a
 * parent that no longer exists.
 */
export function planUndo(entries: readonly ChangeLogEntry[], world: UndoWorld, isLater: (batchId: string | undefined) => boolean): UndoPlan {
  const state = new WorldState(world);
  const kept: KeptChange[] = [];
  // Each record or cell is listed once; a Set, since an undo of a large import may keep thousands.
  const listed = new Set<string>();
  const keep = (change: KeptChange): void => {
    const id = `${change.table}\u0000${change.key}\u0000${change.columnId ?? ''}`;
    if (listed.has(id)) return;
    listed.add(id);
    kept.push(change);
  };

  // Latest entry first: when a batch wrote a record twice, the earliest `before` is applied last.
  for (const entry of [...entries].reverse()) {
    const current = state.get(entry.table, entry.key);
    if (entry.table === 'rows' && entry.columnId !== undefined) {
      revertCell(entry, current as Row | null, state, isLater, keep);
    } else if (entry.before === null) {
      // The batch created the record: remove it, unless a later batch wrote it or in it.
      if (!current) continue;
      if (writtenLater(entry.table, current, isLater)) keep({ table: entry.table, key: entry.key, reason: 'changed-later' });
      else state.set(entry.table, entry.key, null);
    } else if (!current) {
      // Gone now. Bring it back if this batch deleted it; if a later batch did, that stays.
      if (entry.op === 'put') keep({ table: entry.table, key: entry.key, reason: 'changed-later' });
      else state.set(entry.table, entry.key, entry.before);
    } else if (entry.table === 'rows') {
      state.set('rows', entry.key, revertRow(entry.before as Row, current as Row, isLater, (columnId) => keep({ table: 'rows', key: entry.key, columnId, reason: 'changed-later' })));
    } else if (entry.table === 'plans') {
      const plan = revertPlan(entry.before as Plan, current as Plan, isLater);
      if (plan.kept) keep({ table: 'plans', key: entry.key, reason: 'changed-later' });
      state.set('plans', entry.key, plan.record);
    } else if (isLater(current.batch)) {
      keep({ table: entry.table, key: entry.key, reason: 'changed-later' });
    } else {
      state.set(entry.table, entry.key, entry.before);
    }
  }

  keepParentsOfSurvivors(state, keep);
  dropOrphans(state, keep);
  return { writes: state.changes(), kept };
}

function revertCell(
  entry: ChangeLogEntry,
  current: Row | null,
  state: WorldState,
  isLater: (batchId: string | undefined) => boolean,
  keep: (change: KeptChange) => void,
): void {
  const columnId = entry.columnId as string;
  const before = entry.before as Row | null;
  if (!current || !before) {
    // The row was deleted by a later batch: its text is in that batch's log, undoing that brings it back.
    keep({ table: 'rows', key: entry.key, columnId, reason: 'changed-later' });
    return;
  }
  const now = current.cells[columnId];
  if (now && isLater(now.batch)) {
    keep({ table: 'rows', key: entry.key, columnId, reason: 'changed-later' });
    return;
  }
  state.set('rows', entry.key, withCellOf(current, before, columnId));
}

/** The row with cell `columnId` (text and merge base) as it is in `source`. */
function withCellOf(row: Row, source: Row, columnId: string): Row {
  const cells = { ...row.cells };
  const old = source.cells[columnId];
  if (old) cells[columnId] = old;
  else delete cells[columnId];
  const next: Row = { ...row, cells };
  const base = { ...row.base };
  const oldBase = source.base?.[columnId];
  if (oldBase !== undefined) base[columnId] = oldBase;
  else delete base[columnId];
  if (row.base !== undefined || oldBase !== undefined) next.base = base;
  return next;
}

/**
 * A plan write undone: its own fields (name) go back unless a later batch wrote them (then it is
 * kept and said); its "last changed" goes back unless a later batch moved it, which is no change a
 * person made to the plan and is kept without a word.
 */
function revertPlan(before: Plan, current: Plan, isLater: (batchId: string | undefined) => boolean): { record: Plan; kept: boolean } {
  const ownLater = isLater(current.batch);
  const next: Plan = ownLater ? { ...current } : { ...before };
  for (const field of ['updatedAt', 'updatedBatch'] as const) {
    const source = isLater(current.updatedBatch) ? current : before;
    if (source[field] !== undefined) next[field] = source[field] as string;
    else delete next[field];
  }
  return { record: next, kept: ownLater && (before.name !== current.name || before.origin !== current.origin) };
}

/** A whole-row write undone: the row's own fields and each cell go back, except what a later batch wrote. */
function revertRow(before: Row, current: Row, isLater: (batchId: string | undefined) => boolean, onKept: (columnId: string) => void): Row {
  // Own fields (order, area) from before unless a later batch moved the row; cells one by one below.
  let next: Row = isLater(current.batch) ? { ...current } : { ...before, cells: current.cells };
  if (current.base !== undefined) next.base = current.base;
  else delete next.base;
  // Aliases carry their own stamp: they go back unless a later import added some.
  const aliasesFrom = isLater(current.aliasesBatch) ? current : before;
  delete next.aliases;
  delete next.aliasesBatch;
  if (aliasesFrom.aliases !== undefined) next.aliases = aliasesFrom.aliases;
  if (aliasesFrom.aliasesBatch !== undefined) next.aliasesBatch = aliasesFrom.aliasesBatch;
  // Notes (issue 23) carry their own stamp as well, their merge base going with them.
  const notesFrom = isLater(current.notesBatch) ? current : before;
  delete next.notes;
  delete next.noteBase;
  delete next.notesBatch;
  if (notesFrom.notes !== undefined) next.notes = notesFrom.notes;
  if (notesFrom.noteBase !== undefined) next.noteBase = notesFrom.noteBase;
  if (notesFrom.notesBatch !== undefined) next.notesBatch = notesFrom.notesBatch;
  // Merge bases too: an import records a base for a column whose cell it leaves empty.
  const columnIds = [...Object.keys(before.cells), ...Object.keys(current.cells), ...Object.keys(before.base ?? {}), ...Object.keys(current.base ?? {})];
  for (const columnId of new Set(columnIds)) {
    const now = current.cells[columnId];
    if (now && isLater(now.batch)) {
      if (!sameCell(now, before.cells[columnId])) onKept(columnId);
      continue;
    }
    next = withCellOf(next, before, columnId);
  }
  return next;
}

function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  return a?.text === b?.text;
}

function writtenLater(table: ChangeTable, record: AnyRecord, isLater: (batchId: string | undefined) => boolean): boolean {
  if (isLater(record.batch)) return true;
  return table === 'rows' && (isLater((record as Row).notesBatch) || Object.values((record as Row).cells).some((cell) => isLater(cell.batch)));
}

/** A parent that undo would delete stays while any child survives (a row edited later keeps its area and column). */
function keepParentsOfSurvivors(state: WorldState, keep: (change: KeptChange) => void): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const row of state.all('rows')) {
      changed = state.revive('areas', row.areaId, keep) || changed;
      changed = state.revive('plans', row.planId, keep) || changed;
      for (const columnId of Object.keys(row.cells)) {
        // Any surviving cell of a column is either written after the batch or in a row it never
        // touched: either way the column must stay for it.
        changed = state.revive('columns', columnId, keep) || changed;
      }
    }
    for (const column of state.all('columns')) {
      changed = state.revive('areas', column.areaId, keep) || changed;
      changed = state.revive('plans', column.planId, keep) || changed;
    }
    for (const area of state.all('areas')) changed = state.revive('plans', area.planId, keep) || changed;
  }
}

/** Records whose parent is gone are not restored, and cells of missing columns are dropped. */
function dropOrphans(state: WorldState, keep: (change: KeptChange) => void): void {
  for (const area of state.all('areas')) {
    if (!state.get('plans', area.planId) && state.touched('areas', area.id)) {
      state.unset('areas', area.id);
      keep({ table: 'areas', key: area.id, reason: 'parent-gone' });
    }
  }
  for (const table of ['columns', 'rows'] as const) {
    for (const record of state.all(table)) {
      if (!state.get('areas', record.areaId) && state.touched(table, record.id)) {
        state.unset(table, record.id);
        keep({ table, key: record.id, reason: 'parent-gone' });
      }
    }
  }
  for (const row of state.all('rows')) {
    if (!state.touched('rows', row.id)) continue;
    const orphanCells = Object.keys(row.cells).filter((columnId) => (state.get('columns', columnId) as Column | null)?.areaId !== row.areaId);
    if (orphanCells.length === 0) continue;
    let next = row;
    for (const columnId of orphanCells) {
      next = withCellOf(next, { ...row, cells: {}, base: {} }, columnId);
      keep({ table: 'rows', key: row.id, columnId, reason: 'parent-gone' });
    }
    state.set('rows', row.id, next);
  }
}

/** The world as undo will leave it: the current records with the planned writes laid over them. */
class WorldState {
  /** Planned records per table (null: deleted), each table's map in planning order. */
  private readonly planned: Record<ChangeTable, Map<string, AnyRecord | null>> = { plans: new Map(), areas: new Map(), columns: new Map(), rows: new Map() };
  /** Every planned (table, key) in the order first planned: the order of the writes. */
  private readonly order: [ChangeTable, string][] = [];
  private readonly tables: Record<ChangeTable, ReadonlyMap<string, AnyRecord>>;

  constructor(world: UndoWorld) {
    this.tables = { plans: world.plans, areas: world.areas, columns: world.columns, rows: world.rows };
  }

  original(table: ChangeTable, key: string): AnyRecord | undefined {
    return this.tables[table].get(key);
  }

  get(table: ChangeTable, key: string): AnyRecord | null {
    const planned = this.planned[table];
    return planned.has(key) ? (planned.get(key) as AnyRecord | null) : (this.original(table, key) ?? null);
  }

  set(table: ChangeTable, key: string, record: AnyRecord | null): void {
    const planned = this.planned[table];
    if (!planned.has(key)) this.order.push([table, key]);
    planned.set(key, record);
  }

  unset(table: ChangeTable, key: string): void {
    // Back to what is there now: for a record being restored that means "stays absent".
    this.set(table, key, this.original(table, key) ?? null);
  }

  touched(table: ChangeTable, key: string): boolean {
    const planned = this.planned[table];
    return planned.has(key) && planned.get(key) !== (this.original(table, key) ?? null);
  }

  /** Cancels a planned deletion; true when it did. */
  revive(table: ChangeTable, key: string, keep: (change: KeptChange) => void): boolean {
    const planned = this.planned[table];
    const current = this.original(table, key);
    if (!planned.has(key) || planned.get(key) !== null || !current) return false;
    planned.set(key, current);
    keep({ table, key, reason: 'has-children' });
    return true;
  }

  all<T extends ChangeTable>(table: T): (T extends 'rows' ? Row : T extends 'columns' ? Column : T extends 'areas' ? Area : Plan)[] {
    const result: AnyRecord[] = [];
    const planned = this.planned[table];
    for (const record of planned.values()) if (record) result.push(record);
    for (const [key, record] of this.tables[table]) if (!planned.has(key)) result.push(record);
    return result as never;
  }

  changes(): UndoWrite[] {
    const writes: UndoWrite[] = [];
    for (const [table, key] of this.order) {
      const record = this.planned[table].get(key) as AnyRecord | null;
      const original = this.original(table, key) ?? null;
      if (record === original) continue;
      // Only two records can be equal in content; a deletion or a restore is always a write.
      if (record !== null && original !== null && JSON.stringify(record) === JSON.stringify(original)) continue;
      writes.push({ table, key, record });
    }
    return writes;
  }
}
