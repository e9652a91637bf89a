// The only way into IndexedDB: verb-named reads and writes of plans, each write one transaction with its change-log batch.
import { Dexie } from 'dexie';
import type { Area, Cell, ChangeLogEntry, ChangeOrigin, ChangeTable, Column, IsoTime, Plan, PlanDocument, Row } from '../model/types.ts';
import { copyPlanDocument, hashText, orderAfterLast, orderBetween, sortByOrder } from '../model/plan.ts';
import { createQuadroDatabase, type QuadroDatabase } from './schema.ts';

export type { QuadroDatabase } from './schema.ts';
export { DATABASE_NAME } from './schema.ts';

type AnyRecord = Plan | Area | Column | Row;

/** Who makes a change and why; one per user action. */
export interface ChangeAuthor {
  by: string;
  origin?: ChangeOrigin;
  note?: string;
}

/** What a write returns: the batch to undo it, or null when nothing changed. */
export interface WriteResult<T> {
  value: T;
  batchId: string | null;
}

/** Everything one area's grid shows. */
export interface AreaView {
  area: Area;
  columns: Column[];
  rows: Row[];
}

export function openDatabase(name?: string): QuadroDatabase {
  return createQuadroDatabase(name);
}

function nowIso(): IsoTime {
  return new Date().toISOString();
}

function newId(): string {
  return crypto.randomUUID();
}

/**
 * Collects the records a user action writes, so that the whole action and its change-log entries
 * land in one transaction. `before` of each entry is the record as it was: all that undo needs.
 */
class ChangeRecorder {
  readonly entries: ChangeLogEntry[] = [];
  readonly batchId = newId();
  readonly at = nowIso();

  constructor(
    private readonly db: QuadroDatabase,
    private readonly planId: string,
    private readonly author: ChangeAuthor,
  ) {}

  private entry(table: ChangeTable, key: string, before: AnyRecord | null): ChangeLogEntry {
    const entry: ChangeLogEntry = {
      batchId: this.batchId,
      planId: this.planId,
      table,
      key,
      before,
      at: this.at,
      by: this.author.by,
      origin: this.author.origin ?? 'edit',
    };
    if (this.author.note !== undefined) entry.note = this.author.note;
    this.entries.push(entry);
    return entry;
  }

  async put(table: ChangeTable, record: AnyRecord): Promise<void> {
    const store = this.db.table(table);
    const before = ((await store.get(record.id)) as AnyRecord | undefined) ?? null;
    await store.put(record);
    this.entry(table, record.id, before);
  }

  /**
   * Bulk variant for imports. Written in slices, still inside the one transaction: each slice is a
   * separate task for the browser, so copying a large import into IndexedDB never blocks the page
   * for long.
   */
  async putMany(table: ChangeTable, records: AnyRecord[]): Promise<void> {
    const store = this.db.table(table);
    for (let start = 0; start < records.length; start += BULK_SLICE) {
      const slice = records.slice(start, start + BULK_SLICE);
      const befores = (await store.bulkGet(slice.map((r) => r.id))) as (AnyRecord | undefined)[];
      await store.bulkPut(slice);
      const added: string[] = [];
      slice.forEach((record, i) => {
        const before = befores[i];
        if (before) this.entry(table, record.id, before);
        else added.push(record.id);
      });
      // New records need no snapshot: one entry lists them all.
      if (added.length > 0) this.entry(table, added[0] as string, null).addedKeys = added;
    }
  }

  /** Records a cell edit: the row is written whole, the entry also says which cell and what text. */
  async putCell(before: Row, after: Row, columnId: string): Promise<void> {
    await this.db.rows.put(after);
    const entry = this.entry('rows', after.id, before);
    entry.columnId = columnId;
    entry.oldText = before.cells[columnId]?.text ?? '';
    entry.newText = after.cells[columnId]?.text ?? '';
  }

  async delete(table: ChangeTable, key: string): Promise<void> {
    const store = this.db.table(table);
    const before = ((await store.get(key)) as AnyRecord | undefined) ?? null;
    if (!before) return;
    await store.delete(key);
    this.entry(table, key, before);
  }

  async deleteMany(table: ChangeTable, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const store = this.db.table(table);
    const befores = (await store.bulkGet(keys)) as (AnyRecord | undefined)[];
    await store.bulkDelete(keys);
    keys.forEach((key, i) => {
      const before = befores[i];
      if (before) this.entry(table, key, before);
    });
  }
}

const WRITE_TABLES = ['plans', 'areas', 'columns', 'rows', 'changeLog'] as const;
/** Records per bulk request in an import: small enough that no single request stalls the page. */
const BULK_SLICE = 500;

/**
 * Runs one user action as one read-write transaction. Nothing inside may await anything but
 * IndexedDB (that would commit the transaction early), and nothing may catch an error without
 * rethrowing (that would commit the partial work): a failure aborts everything and reaches the caller.
 */
async function write<T>(
  db: QuadroDatabase,
  planId: string,
  author: ChangeAuthor,
  work: (recorder: ChangeRecorder) => Promise<T>,
): Promise<WriteResult<T>> {
  return db.transaction('rw', WRITE_TABLES.map((name) => db.table(name)), async () => {
    const recorder = new ChangeRecorder(db, planId, author);
    const value = await work(recorder);
    if (recorder.entries.length === 0) return { value, batchId: null };
    for (let start = 0; start < recorder.entries.length; start += BULK_SLICE) {
      await db.changeLog.bulkAdd(recorder.entries.slice(start, start + BULK_SLICE));
    }
    // The plan's "last changed" records changes of its structure, not of its text: cell edits are
    // the hot path (two IndexedDB requests saved per keystroke commit), and each cell and the
    // change log carry their own time.
    const structural = recorder.entries.some((entry) => entry.columnId === undefined && !(entry.table === 'plans' && entry.key === planId));
    if (structural) {
      await db.plans.update(planId, { updatedAt: recorder.at });
    }
    return { value, batchId: recorder.batchId };
  });
}

/** The record, or an error naming what is missing (an action on something deleted meanwhile). */
async function findArea(db: QuadroDatabase, areaId: string): Promise<Area> {
  const area = await db.areas.get(areaId);
  if (!area) throw new Error(`Area ${areaId} not found`);
  return area;
}

async function findColumn(db: QuadroDatabase, columnId: string): Promise<Column> {
  const column = await db.columns.get(columnId);
  if (!column) throw new Error(`Column ${columnId} not found`);
  return column;
}

// ---------------------------------------------------------------------------------------------
// Start-up and settings

const SEEDED_KEY = 'seededDefaultPlan';

/**
 * Writes the bundled plan on the very first start, in one transaction. Never overwrites: it does
 * nothing when the device has seeded before (even if the user deleted that plan since) or already
 * holds any plan. Returns whether it wrote.
 */
export async function seedDefaultPlanOnce(
  db: QuadroDatabase,
  loadDefaultPlan: () => Promise<PlanDocument>,
): Promise<boolean> {
  const [seededBefore, planCount] = await Promise.all([db.settings.get(SEEDED_KEY), db.plans.count()]);
  if (seededBefore || planCount > 0) return false;
  // Loading the bundled JSON is not IndexedDB work, so it happens before the transaction opens.
  const doc = await loadDefaultPlan();
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows, db.settings], async () => {
    if ((await db.settings.get(SEEDED_KEY)) || (await db.plans.count()) > 0) return false;
    await db.plans.add(doc.plan);
    await db.areas.bulkAdd(doc.areas);
    await db.columns.bulkAdd(doc.columns);
    await db.rows.bulkAdd(doc.rows);
    await db.settings.put({ key: SEEDED_KEY, value: nowIso() });
    return true;
  });
}

export async function readSetting<T>(db: QuadroDatabase, key: string, fallback: T): Promise<T> {
  const setting = await db.settings.get(key);
  return setting === undefined ? fallback : (setting.value as T);
}

export async function saveSetting(db: QuadroDatabase, key: string, value: unknown): Promise<void> {
  await db.settings.put({ key, value });
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function listPlans(db: QuadroDatabase): Promise<Plan[]> {
  const plans = await db.plans.toArray();
  return plans.sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

export async function listAreas(db: QuadroDatabase, planId: string): Promise<Area[]> {
  return sortByOrder(await db.areas.where('planId').equals(planId).toArray());
}

export async function loadAreaView(db: QuadroDatabase, areaId: string): Promise<AreaView | undefined> {
  return db.transaction('r', [db.areas, db.columns, db.rows], async () => {
    const area = await db.areas.get(areaId);
    if (!area) return undefined;
    const [columns, rows] = await Promise.all([
      db.columns.where('areaId').equals(areaId).toArray(),
      db.rows.where('areaId').equals(areaId).toArray(),
    ]);
    return { area, columns: sortByOrder(columns), rows: sortByOrder(rows) };
  });
}

export async function loadPlanDocument(db: QuadroDatabase, planId: string): Promise<PlanDocument | undefined> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows], async () => {
    const plan = await db.plans.get(planId);
    if (!plan) return undefined;
    const [areas, columns, rows] = await Promise.all([
      db.areas.where('planId').equals(planId).toArray(),
      db.columns.where('planId').equals(planId).toArray(),
      db.rows.where('planId').equals(planId).toArray(),
    ]);
    // Area by area, then in each area's own order: the order a reader and a CSV export expect.
    const areaOrder = new Map(areas.map((area) => [area.id, area.order]));
    const byAreaThenOrder = (a: Row | Column, b: Row | Column): number =>
      (areaOrder.get(a.areaId) ?? 0) - (areaOrder.get(b.areaId) ?? 0) || a.order - b.order;
    return { plan, areas: sortByOrder(areas), columns: [...columns].sort(byAreaThenOrder), rows: [...rows].sort(byAreaThenOrder) };
  });
}

/**
 * Reads a plan for a CSV export and, in the same transaction, gives every cell of the exported areas
 * that was never exchanged (no merge base yet: a new row or column made here) the exported text as
 * its base. When the colleague sends that row back, only what they changed then differs from the
 * base and merges by itself, instead of every such cell coming back as a conflict. Cells that have a
 * base keep it: the base is what the other side last had, and an export does not tell us they read it.
 */
export async function loadPlanForExport(db: QuadroDatabase, planId: string, areaIds: string[] | null): Promise<PlanDocument | undefined> {
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows], async () => {
    const doc = await loadPlanDocument(db, planId);
    if (!doc) return undefined;
    const exported = areaIds ? new Set(areaIds) : null;
    const rebased: Row[] = [];
    doc.rows = doc.rows.map((row) => {
      if (exported && !exported.has(row.areaId)) return row;
      const missing = Object.entries(row.cells).filter(([columnId]) => row.base?.[columnId] === undefined);
      if (missing.length === 0) return row;
      const base = { ...row.base };
      for (const [columnId, cell] of missing) base[columnId] = hashText(cell.text);
      const next = { ...row, base };
      rebased.push(next);
      return next;
    });
    // Merge metadata, not content: no change-log entry, nothing to undo.
    if (rebased.length > 0) await db.rows.bulkPut(rebased);
    return doc;
  });
}

/** The change log of a plan, newest first. */
export async function listChanges(db: QuadroDatabase, planId: string, limit = 200): Promise<ChangeLogEntry[]> {
  const entries = await db.changeLog.where('planId').equals(planId).reverse().sortBy('seq');
  return entries.slice(0, limit);
}

// ---------------------------------------------------------------------------------------------
// Cell and text edits

export interface CellEdit {
  rowId: string;
  columnId: string;
  text: string;
}

/**
 * Saves cell edits (one typed cell, or a paste of many) as one undoable batch. Resolves only when
 * the transaction is durably committed; rejects, changing nothing, if any row is missing.
 */
export async function saveCells(
  db: QuadroDatabase,
  planId: string,
  edits: CellEdit[],
  author: ChangeAuthor,
): Promise<WriteResult<Row[]>> {
  return write(db, planId, author, async (recorder) => {
    const rowIds = [...new Set(edits.map((edit) => edit.rowId))];
    const found = await db.rows.bulkGet(rowIds);
    const rows = new Map<string, Row>();
    rowIds.forEach((id, i) => {
      const row = found[i];
      if (!row) throw new Error(`Row ${id} no longer exists`);
      rows.set(id, row);
    });
    const changed = new Map<string, Row>();
    for (const edit of edits) {
      const before = changed.get(edit.rowId) ?? (rows.get(edit.rowId) as Row);
      if ((before.cells[edit.columnId]?.text ?? '') === edit.text) continue;
      const cell: Cell = { text: edit.text, changedAt: recorder.at, changedBy: author.by };
      const after: Row = { ...before, cells: { ...before.cells, [edit.columnId]: cell } };
      await recorder.putCell(before, after, edit.columnId);
      changed.set(edit.rowId, after);
    }
    return [...changed.values()];
  });
}

export async function saveCell(
  db: QuadroDatabase,
  planId: string,
  edit: CellEdit,
  author: ChangeAuthor,
): Promise<WriteResult<Row | undefined>> {
  const result = await saveCells(db, planId, [edit], author);
  return { value: result.value[0], batchId: result.batchId };
}

export async function updateArea(
  db: QuadroDatabase,
  areaId: string,
  patch: Partial<Pick<Area, 'title' | 'introduction'>>,
  author: ChangeAuthor,
): Promise<WriteResult<Area>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    const current = await findArea(db, areaId);
    const next = { ...current, ...patch };
    if (next.title !== current.title || next.introduction !== current.introduction) {
      await recorder.put('areas', next);
    }
    return next;
  });
}

// ---------------------------------------------------------------------------------------------
// Structure: areas, rows, columns

export async function addArea(
  db: QuadroDatabase,
  planId: string,
  title: string,
  columnTitles: string[],
  author: ChangeAuthor,
): Promise<WriteResult<Area>> {
  return write(db, planId, author, async (recorder) => {
    const areas = await db.areas.where('planId').equals(planId).toArray();
    const area: Area = { id: newId(), planId, title, introduction: '', order: orderAfterLast(areas) };
    await recorder.put('areas', area);
    for (const [i, columnTitle] of columnTitles.entries()) {
      await recorder.put('columns', { id: newId(), areaId: area.id, planId, title: columnTitle, order: i + 1 });
    }
    return area;
  });
}

export async function deleteArea(db: QuadroDatabase, areaId: string, author: ChangeAuthor): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await recorder.deleteMany('rows', await db.rows.where('areaId').equals(areaId).primaryKeys());
    await recorder.deleteMany('columns', await db.columns.where('areaId').equals(areaId).primaryKeys());
    await recorder.delete('areas', areaId);
  });
}

/** Adds an empty row after `afterRowId` (or at the end). */
export async function addRow(
  db: QuadroDatabase,
  areaId: string,
  afterRowId: string | null,
  author: ChangeAuthor,
): Promise<WriteResult<Row>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    const rows = sortByOrder(await db.rows.where('areaId').equals(areaId).toArray());
    const index = afterRowId === null ? rows.length - 1 : rows.findIndex((row) => row.id === afterRowId);
    const order = orderBetween(rows[index]?.order, rows[index + 1]?.order);
    const row: Row = { id: newId(), areaId, planId: area.planId, order, cells: {} };
    await recorder.put('rows', row);
    return row;
  });
}

export async function deleteRows(db: QuadroDatabase, planId: string, rowIds: string[], author: ChangeAuthor): Promise<WriteResult<void>> {
  return write(db, planId, author, async (recorder) => {
    await recorder.deleteMany('rows', rowIds);
  });
}

/**
 * Moves rows (or columns) so that they stand, in the given order, at `targetIndex` of the list
 * without them. Only the moved records get a new order value.
 */
async function moveRecords<T extends Row | Column>(
  recorder: ChangeRecorder,
  table: 'rows' | 'columns',
  all: T[],
  movedIds: string[],
  targetIndex: number,
): Promise<void> {
  const moved = new Set(movedIds);
  const rest = sortByOrder(all).filter((item) => !moved.has(item.id));
  const clamped = Math.max(0, Math.min(targetIndex, rest.length));
  const low = rest[clamped - 1]?.order;
  const high = rest[clamped]?.order;
  const start = low ?? (high === undefined ? 0 : high - movedIds.length - 1);
  const step = high === undefined ? 1 : (high - start) / (movedIds.length + 1);
  const byId = new Map(all.map((item) => [item.id, item]));
  for (const [i, id] of movedIds.entries()) {
    const item = byId.get(id);
    if (!item) throw new Error(`${table} ${id} not found`);
    await recorder.put(table, { ...item, order: start + step * (i + 1) });
  }
}

export async function moveRows(
  db: QuadroDatabase,
  areaId: string,
  rowIds: string[],
  targetIndex: number,
  author: ChangeAuthor,
): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await moveRecords(recorder, 'rows', await db.rows.where('areaId').equals(areaId).toArray(), rowIds, targetIndex);
  });
}

export async function addColumn(
  db: QuadroDatabase,
  areaId: string,
  title: string,
  author: ChangeAuthor,
): Promise<WriteResult<Column>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    const columns = await db.columns.where('areaId').equals(areaId).toArray();
    const column: Column = { id: newId(), areaId, planId: area.planId, title, order: orderAfterLast(columns) };
    await recorder.put('columns', column);
    return column;
  });
}

export async function renameColumn(
  db: QuadroDatabase,
  columnId: string,
  title: string,
  author: ChangeAuthor,
): Promise<WriteResult<Column>> {
  const column = await findColumn(db, columnId);
  return write(db, column.planId, author, async (recorder) => {
    const next = { ...column, title };
    if (title !== column.title) await recorder.put('columns', next);
    return next;
  });
}

/** Deletes a column and, in the same batch, its cells from every row of the area (undo brings both back). */
export async function deleteColumn(db: QuadroDatabase, columnId: string, author: ChangeAuthor): Promise<WriteResult<void>> {
  const column = await findColumn(db, columnId);
  return write(db, column.planId, author, async (recorder) => {
    const rows = await db.rows.where('areaId').equals(column.areaId).toArray();
    const touched = rows
      .filter((row) => columnId in row.cells)
      .map((row) => {
        const cells = { ...row.cells };
        delete cells[columnId];
        return { ...row, cells };
      });
    await recorder.putMany('rows', touched);
    await recorder.delete('columns', columnId);
  });
}

export async function moveColumns(
  db: QuadroDatabase,
  areaId: string,
  columnIds: string[],
  targetIndex: number,
  author: ChangeAuthor,
): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await moveRecords(recorder, 'columns', await db.columns.where('areaId').equals(areaId).toArray(), columnIds, targetIndex);
  });
}

/** A column width is a display preference: saved at once, not part of the change log or undo. */
export async function saveColumnWidth(db: QuadroDatabase, columnId: string, width: number): Promise<void> {
  await db.columns.update(columnId, { width: Math.round(width) });
}

// ---------------------------------------------------------------------------------------------
// Plans

export async function createPlan(db: QuadroDatabase, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  const now = nowIso();
  const plan: Plan = { id: newId(), name, origin: 'user', createdAt: now, updatedAt: now };
  return write(db, plan.id, author, async (recorder) => {
    await recorder.put('plans', plan);
    const area: Area = { id: newId(), planId: plan.id, title: 'Nuova area', introduction: '', order: 1 };
    await recorder.put('areas', area);
    await recorder.put('columns', { id: newId(), areaId: area.id, planId: plan.id, title: 'AMBITO', order: 1 });
    return plan;
  });
}

export async function renamePlan(db: QuadroDatabase, planId: string, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  return write(db, planId, author, async (recorder) => {
    const plan = await db.plans.get(planId);
    if (!plan) throw new Error(`Plan ${planId} not found`);
    const next = { ...plan, name };
    if (name !== plan.name) await recorder.put('plans', next);
    return next;
  });
}

/** Writes a whole plan document (a copy, a restored original) as a new plan, in one batch. */
export async function addPlanDocument(db: QuadroDatabase, doc: PlanDocument, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  return write(db, doc.plan.id, author, async (recorder) => {
    if (await db.plans.get(doc.plan.id)) throw new Error(`Plan ${doc.plan.id} already exists`);
    await recorder.put('plans', doc.plan);
    await recorder.putMany('areas', doc.areas);
    await recorder.putMany('columns', doc.columns);
    await recorder.putMany('rows', doc.rows);
    return doc.plan;
  });
}

export async function duplicatePlan(db: QuadroDatabase, planId: string, name: string, author: ChangeAuthor): Promise<WriteResult<Plan>> {
  const doc = await loadPlanDocument(db, planId);
  if (!doc) throw new Error(`Plan ${planId} not found`);
  return addPlanDocument(db, copyPlanDocument(doc, name, nowIso(), newId), author);
}

/** "Restore the original 2012 plan": a fresh copy beside the user's plans, never over them. */
export async function restoreOriginalPlan(
  db: QuadroDatabase,
  loadDefaultPlan: () => Promise<PlanDocument>,
  name: string,
  author: ChangeAuthor,
): Promise<WriteResult<Plan>> {
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

// ---------------------------------------------------------------------------------------------
// Imports

/** What an import writes: computed by the pure CSV merge, applied here all or nothing. */
export interface ImportWrite {
  newAreas: Area[];
  newColumns: Column[];
  rowsToPut: Row[];
  rowIdsToDelete: string[];
}

/** Applies a merged import in one transaction, logged as one batch (origin "import", the file name as note). */
export async function applyImport(
  db: QuadroDatabase,
  planId: string,
  changes: ImportWrite,
  author: { by: string; fileName: string },
): Promise<WriteResult<void>> {
  return write(db, planId, { by: author.by, origin: 'import', note: author.fileName }, async (recorder) => {
    if (!(await db.plans.get(planId))) throw new Error(`Plan ${planId} not found`);
    await recorder.putMany('areas', changes.newAreas);
    await recorder.putMany('columns', changes.newColumns);
    await recorder.putMany('rows', changes.rowsToPut);
    await recorder.deleteMany('rows', changes.rowIdsToDelete);
  });
}

/** The import batches of a plan, newest first, for "undo import". */
export async function listImports(db: QuadroDatabase, planId: string): Promise<{ batchId: string; fileName: string; at: IsoTime; by: string; undone: boolean }[]> {
  const entries = await db.changeLog.where('planId').equals(planId).toArray();
  const undone = new Set(entries.filter((e) => e.origin === 'undo' && e.note).map((e) => e.note as string));
  const seen = new Map<string, { batchId: string; fileName: string; at: IsoTime; by: string; undone: boolean }>();
  for (const entry of entries) {
    if (entry.origin !== 'import' || seen.has(entry.batchId)) continue;
    seen.set(entry.batchId, { batchId: entry.batchId, fileName: entry.note ?? '', at: entry.at, by: entry.by, undone: undone.has(entry.batchId) });
  }
  return [...seen.values()].sort((a, b) => b.at.localeCompare(a.at));
}

// ---------------------------------------------------------------------------------------------
// Undo and redo

/**
 * The record to write back when undoing one entry, given what is there now. A row keeps every cell
 * changed after the batch being undone (its changedAt is later), so undoing an old import never
 * erases a newer edit; everything else returns to its `before` state.
 */
function revertedRecord(entry: ChangeLogEntry, current: AnyRecord | undefined): AnyRecord | null | 'keep' {
  const before = entry.before;
  if (entry.table !== 'rows') return before;
  const currentRow = current as Row | undefined;
  const beforeRow = before as Row | null;
  const editedLater = (cell: Cell | undefined): boolean => cell !== undefined && cell.changedAt > entry.at;
  if (entry.columnId !== undefined) {
    // A cell edit: only that cell goes back, the rest of the row stays as it is now.
    if (!currentRow || !beforeRow) return beforeRow;
    const columnId = entry.columnId;
    if (editedLater(currentRow.cells[columnId])) return 'keep';
    const cells = { ...currentRow.cells };
    const old = beforeRow.cells[columnId];
    if (old) cells[columnId] = old;
    else delete cells[columnId];
    return { ...currentRow, cells };
  }
  if (!beforeRow) {
    // The batch created the row: remove it, unless someone wrote in it since.
    return currentRow && Object.values(currentRow.cells).some(editedLater) ? 'keep' : null;
  }
  if (!currentRow) return beforeRow;
  const cells: Record<string, Cell> = {};
  for (const columnId of new Set([...Object.keys(beforeRow.cells), ...Object.keys(currentRow.cells)])) {
    const now = currentRow.cells[columnId];
    const old = beforeRow.cells[columnId];
    const keep = editedLater(now) ? now : old;
    if (keep) cells[columnId] = keep;
  }
  return { ...beforeRow, cells };
}

/**
 * Undoes one batch in one transaction, as a new batch (origin "undo", or "redo" when undoing an
 * undo) whose own entries make it undoable in turn. Returns the new batch id, or null if the batch
 * is unknown or changed nothing.
 */
export async function undoBatch(
  db: QuadroDatabase,
  batchId: string,
  author: { by: string; origin?: 'undo' | 'redo' },
): Promise<string | null> {
  const entries = await db.changeLog.where('batchId').equals(batchId).sortBy('seq');
  const first = entries[0];
  if (!first) return null;
  // A bulk entry stands for one "created" entry per key.
  const expanded = entries.flatMap((entry) =>
    entry.addedKeys ? entry.addedKeys.map((key): ChangeLogEntry => ({ ...entry, key, before: null, addedKeys: undefined })) : [entry],
  );
  const result = await write(db, first.planId, { by: author.by, origin: author.origin ?? 'undo', note: batchId }, async (recorder) => {
    for (const entry of [...expanded].reverse()) {
      const store = db.table(entry.table);
      const current = (await store.get(entry.key)) as AnyRecord | undefined;
      const target = revertedRecord(entry, current);
      if (target === 'keep') continue;
      if (target === null) {
        if (current) await recorder.delete(entry.table, entry.key);
      } else {
        await recorder.put(entry.table, target);
      }
    }
  });
  return result.batchId;
}

// ---------------------------------------------------------------------------------------------
// Whole-database reads for tests, backups and diagnostics

export interface DatabaseDump {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  changeLog: ChangeLogEntry[];
}

export async function dumpDatabase(db: QuadroDatabase): Promise<DatabaseDump> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows, db.changeLog], async () => ({
    plans: await db.plans.toArray(),
    areas: await db.areas.toArray(),
    columns: await db.columns.toArray(),
    rows: await db.rows.toArray(),
    changeLog: await db.changeLog.toArray(),
  }));
}

/** True when the error is the browser refusing to store more (also when wrapped in an AbortError). */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'QuotaExceededError' || error.name === Dexie.errnames.QuotaExceeded) return true;
  const inner = (error as { inner?: unknown }).inner;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}
