// Undo and redo of change-log batches: gathers what the pure undo planner needs, writes its plan as a new batch.
import { expandEntries } from '../model/log-entries.ts';
import type { Area, ChangeLogEntry, ChangeTable, Column, Plan, Row } from '../model/types.ts';
import { planUndo, type KeptChange, type UndoWorld } from '../model/undo-plan.ts';
import { buildUndoHistory, effectiveUndoer, type UndoHistory } from '../model/history.ts';
import { orderBetween } from '../model/plan.ts';
import { BULK_SLICE, write, type AnyRecord } from './transaction.ts';
import { listBatches } from './reads.ts';
import type { QuadroDatabase } from './schema.ts';

export interface UndoResult {
  /** The new batch (origin undo or redo), or null when there was nothing to undo. */
  batchId: string | null;
  /** What stayed as it is because a later change wrote it (or it holds such a change). */
  kept: KeptChange[];
}

/** Above this many rows in a batch, undo reads the plan's rows with one query instead of by key. */
const WHOLE_PLAN_READ_ROWS = 2_000;
/** Records per progress report while undo deletes: one range request or a few per slice. */
const DELETE_SLICE = 5_000;
/** From this many deleted records, reading every key of the store to delete by ranges pays off. */
const RANGE_DELETE_FROM = 1_000;

/** The current records undo needs: the batch's own, every area and column of the plan, and the rows of what it created. */
async function readWorld(db: QuadroDatabase, planId: string, entries: ChangeLogEntry[]): Promise<UndoWorld> {
  const keys: Record<string, Set<string>> = { plans: new Set(), areas: new Set(), columns: new Set(), rows: new Set() };
  for (const entry of entries) keys[entry.table]?.add(entry.key);
  const keysOf = (table: string): string[] => [...(keys[table] ?? [])];
  const [plans, areas, columns] = await Promise.all([
    db.plans.bulkGet(keysOf('plans').concat(planId)),
    db.areas.where('planId').equals(planId).toArray(),
    db.columns.where('planId').equals(planId).toArray(),
  ]);
  const rowIds = new Set(keysOf('rows'));
  // Rows are children of the areas and columns the batch created or deleted: they decide whether those stay.
  const parentAreas = new Set<string>();
  const columnById = new Map(columns.map((column) => [column.id, column]));
  for (const entry of entries) {
    if (entry.table === 'areas') parentAreas.add(entry.key);
    if (entry.table === 'columns') {
      const column = (entry.before as Column | null) ?? columnById.get(entry.key);
      if (column) parentAreas.add(column.areaId);
    }
  }
  const planCreated = entries.some((e) => e.table === 'plans' && e.before === null);
  // A batch of many rows (an import): the plan's rows in one indexed read, far faster than a get
  // per key; rows the batch did not touch only add survivors the planner would find anyway.
  const childRows = planCreated || rowIds.size > WHOLE_PLAN_READ_ROWS
    ? await db.rows.where('planId').equals(planId).toArray()
    : (await Promise.all([...parentAreas].map((areaId) => db.rows.where('areaId').equals(areaId).toArray()))).flat();
  const rows = new Map<string, Row>(childRows.map((row) => [row.id, row]));
  const missing: string[] = [];
  for (const id of rowIds) if (!rows.has(id)) missing.push(id);
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

/**
 * The log position (first seq) of each batch named by a stamp the planner asks about ("was it
 * written later?"): plans, areas, columns, and the rows the batch touched — the planner never asks
 * about other rows, which the world holds only to keep their parents.
 */
async function readPositions(db: QuadroDatabase, world: UndoWorld, rowKeys: ReadonlySet<string>): Promise<Map<string, number>> {
  const stamps = new Set<string>();
  for (const table of [world.plans, world.areas, world.columns] as ReadonlyMap<string, { batch?: string }>[]) {
    for (const record of table.values()) if (record.batch) stamps.add(record.batch);
  }
  for (const key of rowKeys) {
    const row = world.rows.get(key);
    if (!row) continue;
    if (row.batch) stamps.add(row.batch);
    for (const cell of Object.values(row.cells)) if (cell.batch) stamps.add(cell.batch);
  }
  // One indexed lookup per stamp, all in flight together: no await per stamp.
  const list = [...stamps];
  const firsts = await Promise.all(list.map((stamp) => db.changeLog.where('batchId').equals(stamp).limit(1).primaryKeys()));
  const positions = new Map<string, number>();
  list.forEach((stamp, i) => {
    const seq = firsts[i]?.[0];
    if (seq !== undefined) positions.set(stamp, seq);
  });
  return positions;
}

type Placed = Row | Column | Area;
type Sibling = { id: string; order: number };

/**
 * A restored row, column or area takes a free position: if a sibling took its old place
 * meanwhile, it goes just after that sibling instead of sharing the place. The siblings of each
 * parent are read once and then kept up to date with the undo's own writes, in the order the
 * writes are planned, so each record sees its siblings as the records written before it left them
 * (reading them again per record made a 50,000-row redo quadratic).
 */
class Placement {
  /** Per parent ("rows|areaId", "areas|planId"): each sibling's order, and how many siblings hold each order. */
  private readonly parents = new Map<string, { orders: Map<string, number>; counts: Map<number, number> }>();
  /** What this undo's earlier writes did to a record ("table|id"): its new parent and order, or null (deleted). */
  private readonly written = new Map<string, { id: string; parent: string; order: number } | null>();

  constructor(
    private readonly db: QuadroDatabase,
    private readonly world: UndoWorld,
  ) {}

  private static parentOf(table: PlacedTable, record: Placed): string {
    return `${table}|${table === 'areas' ? (record as Area).planId : (record as Row | Column).areaId}`;
  }

  /**
   * Reads, in one go before anything is placed, the siblings of every parent a record will be
   * placed in. Placing then awaits nothing: thousands of awaits of plain promises inside a Dexie
   * transaction lose its zone and commit it early (PrematureCommitError, found by undo-large.test.ts).
   */
  async load(records: readonly { table: PlacedTable; record: Placed }[]): Promise<void> {
    const wanted = new Map<string, { table: PlacedTable; record: Placed }>();
    for (const item of records) wanted.set(Placement.parentOf(item.table, item.record), item);
    await Promise.all(
      [...wanted].map(async ([parent, { table, record }]) => {
        const stored: Sibling[] =
          table === 'areas'
            ? await this.db.areas.where('planId').equals((record as Area).planId).toArray()
            : await this.db.table<Row | Column>(table).where('areaId').equals((record as Row).areaId).toArray();
        const orders = new Map<string, number>();
        for (const sibling of stored) orders.set(sibling.id, sibling.order);
        const counts = new Map<number, number>();
        for (const order of orders.values()) counts.set(order, (counts.get(order) ?? 0) + 1);
        this.parents.set(parent, { orders, counts });
      }),
    );
  }

  /** The order `record` can take among its siblings (itself excluded); its parent was loaded. */
  freeOrder(table: PlacedTable, record: Placed): number {
    const siblings = this.parents.get(Placement.parentOf(table, record));
    if (!siblings) throw new Error(`undo: siblings of ${table} ${record.id} not loaded`);
    const { orders, counts } = siblings;
    const own = orders.get(record.id);
    const takenByOthers = (order: number): boolean => (counts.get(order) ?? 0) - (own === order ? 1 : 0) > 0;
    let order = record.order;
    while (takenByOthers(order)) {
      // The nearest sibling above: rare (a place taken meanwhile), so a scan is enough.
      let next: number | undefined;
      for (const [id, o] of orders) if (id !== record.id && o > order && (next === undefined || o < next)) next = o;
      order = orderBetween(order, next);
    }
    return order;
  }

  /** Records a planned write, so the records placed after it see it. */
  apply(table: PlacedTable, key: string, record: Placed | null): void {
    const id = `${table}|${key}`;
    const before = this.written.has(id) ? this.written.get(id) : placedRecord(this.world, table, key);
    const oldParent = before ? ('parent' in before ? before.parent : Placement.parentOf(table, before)) : null;
    if (oldParent) this.remove(oldParent, key);
    if (!record) {
      this.written.set(id, null);
      return;
    }
    const parent = Placement.parentOf(table, record);
    this.written.set(id, { id: key, parent, order: record.order });
    const siblings = this.parents.get(parent);
    if (siblings) {
      siblings.orders.set(key, record.order);
      siblings.counts.set(record.order, (siblings.counts.get(record.order) ?? 0) + 1);
    }
  }

  private remove(parent: string, key: string): void {
    const siblings = this.parents.get(parent);
    const order = siblings?.orders.get(key);
    if (!siblings || order === undefined) return;
    siblings.orders.delete(key);
    const left = (siblings.counts.get(order) ?? 1) - 1;
    if (left === 0) siblings.counts.delete(order);
    else siblings.counts.set(order, left);
  }
}

type PlacedTable = 'rows' | 'columns' | 'areas';

export interface UndoOptions {
  /** Called as the records are written: how many of how many. Undoing a large import takes seconds. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Undoes one batch in one transaction, as a new batch (origin "undo", or "redo" when undoing an
 * undo) whose own entries make it undoable in turn. What a later batch wrote stays, and is listed.
 * The planned writes go to IndexedDB in bulk requests of BULK_SLICE records, each table's deletes
 * then its puts (every record is written once, so their order within the batch does not matter).
 */
export async function undoBatch(
  db: QuadroDatabase,
  batchId: string,
  author: { by: string; origin?: 'undo' | 'redo' },
  options: UndoOptions = {},
): Promise<UndoResult> {
  const first = await db.changeLog.where('batchId').equals(batchId).first();
  if (!first) return { batchId: null, kept: [] };
  let kept: KeptChange[] = [];
  // Progress in records, over both halves of the work: writing the records, then logging them
  // (one entry each, as long again), so the count keeps moving until the transaction commits.
  let records = 0;
  let written = 0;
  const report = (done: number): void => {
    written = done;
    if (records > 0) options.onProgress?.(Math.round(done / 2), records);
  };
  const logged = (done: number, total: number): void => {
    if (records > 0) options.onProgress?.(Math.round((written + (done / total) * records) / 2), records);
  };
  const result = await write(db, first.planId, { by: author.by, origin: author.origin ?? 'undo', note: batchId }, async (recorder) => {
    const entries = expandEntries(await db.changeLog.where('batchId').equals(batchId).sortBy('seq'));
    let lastSeq = 0;
    for (const entry of entries) lastSeq = Math.max(lastSeq, entry.seq ?? 0);
    const world = await readWorld(db, first.planId, entries);
    const rowKeys = new Set<string>();
    for (const entry of entries) if (entry.table === 'rows') rowKeys.add(entry.key);
    const positions = await readPositions(db, world, rowKeys);
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
    // Decide every record's final form first (restored records find a free place), then write in bulk.
    const placement = new Placement(db, world);
    const toPlace: { table: PlacedTable; record: Placed }[] = [];
    for (const change of plan.writes) {
      if (change.record === null || change.table === 'plans') continue;
      const current = placedRecord(world, change.table, change.key);
      if (!current || current.order !== (change.record as Placed).order) toPlace.push({ table: change.table, record: change.record as Placed });
    }
    await placement.load(toPlace);
    const deletes: Record<ChangeTable, string[]> = { plans: [], areas: [], columns: [], rows: [] };
    const puts: Record<ChangeTable, AnyRecord[]> = { plans: [], areas: [], columns: [], rows: [] };
    for (const change of plan.writes) {
      if (change.record === null) {
        if (change.table !== 'plans') placement.apply(change.table, change.key, null);
        deletes[change.table].push(change.key);
        continue;
      }
      let record: AnyRecord = change.record;
      if (change.table !== 'plans') {
        const placed = record as Placed;
        const current = placedRecord(world, change.table, change.key);
        if (!current || current.order !== placed.order) record = { ...placed, order: placement.freeOrder(change.table, placed) };
        placement.apply(change.table, change.key, record as Placed);
      }
      puts[change.table].push(record);
    }
    const total = plan.writes.length;
    records = total;
    let done = 0;
    report(0);
    for (const table of CHANGE_TABLES) {
      // Deleted records are in the world undo just read: logged from there, deleted by key ranges.
      const read: AnyRecord[] = [];
      const unread: string[] = [];
      for (const key of deletes[table]) {
        const record = worldRecord(world, table, key);
        if (record) read.push(record);
        else unread.push(key);
      }
      if (read.length > 0) {
        read.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        // Many deletes go as key ranges, which needs the store's keys in order; a few go by key.
        const storeKeys = read.length >= RANGE_DELETE_FROM ? ((await db.table(table).toCollection().primaryKeys()) as string[]) : null;
        for (let start = 0; start < read.length; start += DELETE_SLICE) {
          const slice = read.slice(start, start + DELETE_SLICE);
          await recorder.deleteRead(table, slice, storeKeys);
          report((done += slice.length));
        }
      }
      if (unread.length > 0) {
        await recorder.deleteMany(table, unread);
        report((done += unread.length));
      }
      for (let start = 0; start < puts[table].length; start += BULK_SLICE) {
        const slice = puts[table].slice(start, start + BULK_SLICE);
        await recorder.putMany(table, slice);
        report((done += slice.length));
      }
    }
    // A plan that comes back gets back the indicator decisions and drafts its deletion took along.
    for (const plan of puts.plans) {
      if (world.plans.has(plan.id)) continue;
      const attached = entries.find((entry) => entry.table === 'plans' && entry.key === plan.id && entry.attached)?.attached;
      if (attached) await recorder.reattach(attached);
    }
  }, { onLogged: logged });
  return { batchId: result.batchId, kept };
}

/** The record as it is before the undo, from the world undo read. */
function placedRecord(world: UndoWorld, table: PlacedTable, key: string): Placed | undefined {
  return worldRecord(world, table, key) as Placed | undefined;
}

function worldRecord(world: UndoWorld, table: ChangeTable, key: string): AnyRecord | undefined {
  return table === 'rows' ? world.rows.get(key) : table === 'columns' ? world.columns.get(key) : table === 'areas' ? world.areas.get(key) : world.plans.get(key);
}

/** Parents before children, so a partial view of the log reads in a sensible order. */
const CHANGE_TABLES: readonly ChangeTable[] = ['plans', 'areas', 'columns', 'rows'];

/** The plan's undo and redo lists, rebuilt from the change log (so they survive a reload). */
export async function readUndoHistory(db: QuadroDatabase, planId: string): Promise<UndoHistory> {
  return buildUndoHistory(await listBatches(db, planId));
}

/** "Ripeti" for a batch undone earlier (an import from the import history): undoes its undo. */
export async function redoBatch(db: QuadroDatabase, batchId: string, author: { by: string }, options: UndoOptions = {}): Promise<UndoResult> {
  const first = await db.changeLog.where('batchId').equals(batchId).first();
  if (!first) return { batchId: null, kept: [] };
  const undoer = effectiveUndoer(await listBatches(db, first.planId), batchId);
  if (!undoer) return { batchId: null, kept: [] };
  return undoBatch(db, undoer, { by: author.by, origin: 'redo' }, options);
}
