// The change recorder: every user action is one read-write transaction with one change-log batch, each record stamped with it.
import { Dexie, type Table } from 'dexie';
import type { Area, Cell, ChangeLogEntry, ChangeOrigin, ChangeTable, Column, IsoTime, NoteChange, Plan, PlanAttachments, Row } from '../model/types.ts';
import { clock } from '../model/clock.ts';
import { sameAliases } from '../model/aliases.ts';
import { sameRowNotes } from '../model/notes.ts';
import type { Draft, QuadroDatabase, StoredIndicator } from './schema.ts';

export type AnyRecord = Plan | Area | Column | Row;

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

export function newId(): string {
  return crypto.randomUUID();
}

export function nowIso(): IsoTime {
  return clock().now();
}

/** Records per bulk request in an import: small enough that no single request stalls the page. */
export const BULK_SLICE = 500;

/**
 * Every store a user action may write: the change-logged ones, and the indicator decisions and
 * drafts a plan's deletion takes along (issue 18).
 */
const WRITE_TABLES = ['plans', 'areas', 'columns', 'rows', 'changeLog', 'indicators', 'drafts'] as const;
/** A sync's pull also writes what this device and the server agreed on, in the same transaction (issue 22). */
export const SYNC_TABLES = ['syncPlans', 'syncDocs', 'syncConflicts'] as const;
export type WriteTable = (typeof WRITE_TABLES)[number] | (typeof SYNC_TABLES)[number];
export const PLAN_TABLES: readonly WriteTable[] = WRITE_TABLES;
/** Snapshots one bulk "deleted" change-log entry holds: a record of a few hundred KB at most. */
const REMOVED_PER_ENTRY = 1_000;

/**
 * What a cell edit touches (it never moves the plan's "last changed"): a smaller scope for the hot
 * path. Drafts, because a text saved from the large editor drops its draft in the same transaction.
 */
export const CELL_TABLES: readonly WriteTable[] = ['columns', 'rows', 'changeLog', 'drafts'];

export interface WriteOptions {
  /** The stores the transaction spans (default: every plan store); a cell edit needs fewer. */
  tables?: readonly WriteTable[];
  /** Told as the change-log entries are stored (a large undo logs one per row: seconds). */
  onLogged?: (logged: number, total: number) => void;
  /**
   * Drafts the action makes obsolete (the large editor's text it saves, a failed save it finally
   * stores): deleted in the same transaction, so the text is in the plan or still in its draft, never neither.
   */
  dropDrafts?: readonly string[];
}

function sameCell(a: Cell | undefined, b: Cell | undefined): boolean {
  return a !== undefined && b !== undefined && a.text === b.text && a.changedAt === b.changedAt && a.changedBy === b.changedBy && a.batch === b.batch;
}

/**
 * The record's own fields, without what carries its own stamp (cells, aliases, a plan's "last
 * changed"), merge bases, stamps and display width.
 */
function ownFields(record: AnyRecord): string {
  const { batch: _batch, ...rest } = record as AnyRecord & { cells?: unknown; base?: unknown; width?: unknown };
  const own: Record<string, unknown> = { ...rest };
  for (const field of ['cells', 'base', 'width', 'aliases', 'aliasesBatch', 'notes', 'noteBase', 'notesBatch', 'updatedAt', 'updatedBatch']) delete own[field];
  return JSON.stringify(own);
}

/**
 * Collects the records a user action writes, so that the whole action and its change-log entries
 * land in one transaction. `before` of each entry is the record as it was: all that undo needs.
 * Each record and cell the action changes is stamped with the batch id, so that undo can tell, by
 * the log's order, whether anything wrote it afterwards. Undo and redo put earlier states back
 * with their own stamps, so that the record reads "as that batch left it".
 */
export class ChangeRecorder {
  readonly entries: ChangeLogEntry[] = [];
  readonly batchId = newId();
  readonly at = nowIso();
  private readonly stamps: boolean;

  constructor(
    private readonly db: QuadroDatabase,
    private readonly planId: string,
    private readonly author: ChangeAuthor,
  ) {
    this.stamps = author.origin !== 'undo' && author.origin !== 'redo';
  }

  get origin(): ChangeOrigin {
    return this.author.origin ?? 'edit';
  }

  private entry(table: ChangeTable, key: string, before: AnyRecord | null, op: 'put' | 'delete', by?: string): ChangeLogEntry {
    const entry: ChangeLogEntry = {
      batchId: this.batchId,
      planId: this.planId,
      table,
      key,
      before,
      op,
      at: this.at,
      by: by ?? this.author.by,
      origin: this.origin,
    };
    if (this.author.note !== undefined) entry.note = this.author.note;
    this.entries.push(entry);
    return entry;
  }

  /** The record as it will be written: stamped where it differs from `before`. */
  private stamped<T extends AnyRecord>(table: ChangeTable, before: AnyRecord | null, record: T): T {
    if (!this.stamps) return record;
    let next: T = record;
    if (!before || ownFields(before) !== ownFields(record)) next = { ...next, batch: this.batchId };
    if (table === 'rows') {
      const row = next as unknown as Row;
      if (!sameAliases(before as Row | null, row) && row.aliases !== undefined) next = { ...next, aliasesBatch: this.batchId };
      // Notes carry their own stamp too (issue 23): undoing a note leaves a later move of the row alone.
      if (!sameRowNotes(before as Row | null, row)) next = { ...next, notesBatch: this.batchId };
      const old = (before as Row | null)?.cells ?? {};
      let cells: Record<string, Cell> | null = null;
      for (const [columnId, cell] of Object.entries(row.cells)) {
        if (sameCell(cell, old[columnId]) || cell.batch === this.batchId) continue;
        cells ??= { ...row.cells };
        cells[columnId] = { ...cell, batch: this.batchId };
      }
      if (cells) next = { ...next, cells } as T;
    }
    return next;
  }

  async put<T extends AnyRecord>(table: ChangeTable, record: T): Promise<T> {
    const store = this.db.table(table);
    const before = ((await store.get(record.id)) as AnyRecord | undefined) ?? null;
    const written = this.stamped(table, before, record);
    await store.put(written);
    this.entry(table, record.id, before, 'put');
    return written;
  }

  /**
   * Bulk variant for imports. Written in slices, still inside the one transaction: each slice is a
   * separate task for the browser, so copying a large import into IndexedDB never blocks the page
   * for long. `known` are the records as they are now, when the caller has just read them in this
   * transaction (the import's stale check): they are not read a second time. `onSlice` hears how
   * many records are written after each slice.
   */
  async putMany(
    table: ChangeTable,
    records: AnyRecord[],
    options: { known?: readonly (AnyRecord | undefined)[]; onSlice?: (written: number) => void; authorOf?: (record: AnyRecord) => string | undefined } = {},
  ): Promise<void> {
    const store = this.db.table(table);
    const { known, onSlice, authorOf } = options;
    for (let start = 0; start < records.length; start += BULK_SLICE) {
      const slice = records.slice(start, start + BULK_SLICE);
      const befores = known ? known.slice(start, start + BULK_SLICE) : ((await store.bulkGet(slice.map((r) => r.id))) as (AnyRecord | undefined)[]);
      await store.bulkPut(slice.map((record, i) => this.stamped(table, befores[i] ?? null, record)));
      const added: string[] = [];
      slice.forEach((record, i) => {
        const before = befores[i];
        // A sync names, per record, who wrote it on the other device (the cell history shows them).
        if (before) this.entry(table, record.id, before, 'put', authorOf?.(record));
        else added.push(record.id);
      });
      // New records need no snapshot: one entry lists them all.
      if (added.length > 0) this.entry(table, added[0] as string, null, 'put').addedKeys = added;
      onSlice?.(start + slice.length);
    }
  }

  /** Row writes issued by putCell, awaited by write() together with the log (one round trip, not two). */
  readonly pendingWrites: Promise<unknown>[] = [];

  /**
   * Records a cell edit: the row is written whole, the entry also says which cell and what text.
   * The put is not awaited here: write() awaits it beside the change-log add, so a cell edit costs
   * one read and one write round trip (issue 14, B4). A failed put still fails the whole write.
   */
  putCell(before: Row, after: Row, columnId: string): Row {
    const written = this.stamped('rows', before, after);
    this.pendingWrites.push(this.db.rows.put(written));
    const entry = this.entry('rows', after.id, before, 'put');
    entry.columnId = columnId;
    entry.oldText = before.cells[columnId]?.text ?? '';
    entry.newText = after.cells[columnId]?.text ?? '';
    return written;
  }

  /**
   * Records a note written by hand (issue 23): the row is written whole, like any row write, and the
   * entry says which cell and note and what was done, for the cell's history.
   */
  async putNote(after: Row, change: NoteChange): Promise<Row> {
    const written = await this.put('rows', after);
    (this.entries[this.entries.length - 1] as ChangeLogEntry).noteChange = change;
    return written;
  }

  async delete(table: ChangeTable, key: string): Promise<void> {
    const store = this.db.table(table);
    const before = ((await store.get(key)) as AnyRecord | undefined) ?? null;
    if (!before) return;
    await store.delete(key);
    const attached = table === 'plans' ? await this.detach(key) : null;
    const entry = this.entry(table, key, before, 'delete');
    if (attached) entry.attached = attached;
  }

  /**
   * A plan's deletion takes its indicator decisions and drafts along (they would otherwise outlive
   * it, travel in backups and come back beside another plan): deleted here, kept on its log entry.
   */
  private async detach(planId: string): Promise<PlanAttachments | null> {
    const [indicators, drafts] = await Promise.all([
      this.db.indicators.where('planId').equals(planId).toArray(),
      this.db.drafts.where('planId').equals(planId).toArray(),
    ]);
    if (indicators.length === 0 && drafts.length === 0) return null;
    await Promise.all([this.db.indicators.bulkDelete(indicators.map((r) => r.id)), this.db.drafts.bulkDelete(drafts.map((r) => r.id))]);
    return { indicators: indicators as unknown as PlanAttachments['indicators'], drafts: drafts as unknown as PlanAttachments['drafts'] };
  }

  /** Undo of a plan's deletion: its indicator decisions and drafts come back with it. */
  async reattach(attached: PlanAttachments): Promise<void> {
    await Promise.all([
      this.db.indicators.bulkPut(attached.indicators as unknown as StoredIndicator[]),
      this.db.drafts.bulkPut(attached.drafts as unknown as Draft[]),
    ]);
  }

  /**
   * Deletes records the caller read in this same transaction, logging them as read (no second
   * read). With `storeKeys` (the table's keys in key order), keys that stand next to each other in
   * the store go in one range request, IDBObjectStore.delete(range), instead of one request per key:
   * undoing a 50,000-row import takes a few requests, not 50,000. Without, they go by key.
   */
  async deleteRead(table: ChangeTable, records: readonly AnyRecord[], storeKeys: readonly string[] | null): Promise<void> {
    if (records.length === 0) return;
    const store = this.db.table(table);
    if (storeKeys === null) await store.bulkDelete(records.map((record) => record.id));
    else await this.deleteRanges(store, records, storeKeys);
    await this.logDeleted(table, records);
  }

  /**
   * Logs deleted records with their snapshots. One bulk entry per slice keeps every snapshot: the
   * log is one IndexedDB record per slice, not one per deleted record (issue 14: that was most of a
   * large undo's time). A single record keeps a plain entry.
   */
  private async logDeleted(table: ChangeTable, records: readonly AnyRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += REMOVED_PER_ENTRY) {
      const group = records.slice(start, start + REMOVED_PER_ENTRY);
      if (group.length === 1) {
        const attached = table === 'plans' ? await this.detach(group[0]!.id) : null;
        const entry = this.entry(table, group[0]!.id, group[0]!, 'delete');
        if (attached) entry.attached = attached;
        continue;
      }
      // A batch deletes one plan at most (its own); several would each need their own entry.
      if (table === 'plans') throw new Error('one batch deletes at most one plan');
      const entry = this.entry(table, group[0]!.id, null, 'delete');
      entry.removed = group as ChangeLogEntry['removed'];
      entry.removedKeys = group.map((record) => record.id);
    }
  }

  private async deleteRanges(store: Table, records: readonly AnyRecord[], storeKeys: readonly string[]): Promise<void> {
    const doomed = new Set(records.map((record) => record.id));
    const ranges: [string, string][] = [];
    let low: string | null = null;
    let high = '';
    for (const key of storeKeys) {
      if (doomed.has(key)) {
        low ??= key;
        high = key;
      } else if (low !== null) {
        ranges.push([low, high]);
        low = null;
      }
    }
    if (low !== null) ranges.push([low, high]);
    await Promise.all(ranges.map(([from, to]) => store.where(':id').between(from, to, true, true).delete()));
  }

  async deleteMany(table: ChangeTable, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const store = this.db.table(table);
    const befores = (await store.bulkGet(keys)) as (AnyRecord | undefined)[];
    await store.bulkDelete(keys);
    await this.logDeleted(table, befores.filter((before): before is AnyRecord => before !== undefined));
  }
}

/**
 * Runs one user action as one read-write transaction. Nothing inside may await anything but
 * IndexedDB (that would commit the transaction early), and nothing may catch an error without
 * rethrowing (that would commit the partial work): a failure aborts everything and reaches the caller.
 */
export async function write<T>(
  db: QuadroDatabase,
  planId: string,
  author: ChangeAuthor,
  work: (recorder: ChangeRecorder) => Promise<T>,
  options: WriteOptions = {},
): Promise<WriteResult<T>> {
  const tables = options.tables ?? WRITE_TABLES;
  return db.transaction('rw', tables.map((name) => db.table(name)), async () => {
    const recorder = new ChangeRecorder(db, planId, author);
    const value = await work(recorder);
    const drafts = options.dropDrafts ?? [];
    if (drafts.length > 0) recorder.pendingWrites.push(db.drafts.bulkDelete([...drafts]));
    return { value, batchId: await logBatch(db, planId, recorder, options) };
  });
}

/**
 * Several batches in one transaction, all or nothing: one per author, logged in the order given (the
 * change log's sequence then says they came one after the other), so each can be undone on its own.
 * A gathering of colleagues' files writes one batch per file this way (issue 23).
 */
export async function writeBatches<T>(
  db: QuadroDatabase,
  planId: string,
  authors: readonly ChangeAuthor[],
  work: (recorders: readonly ChangeRecorder[]) => Promise<T>,
  options: Omit<WriteOptions, 'dropDrafts'> = {},
): Promise<{ value: T; batchIds: (string | null)[] }> {
  const tables = options.tables ?? WRITE_TABLES;
  return db.transaction('rw', tables.map((name) => db.table(name)), async () => {
    const recorders = authors.map((author) => new ChangeRecorder(db, planId, author));
    const value = await work(recorders);
    const batchIds: (string | null)[] = [];
    for (const recorder of recorders) batchIds.push(await logBatch(db, planId, recorder, options));
    return { value, batchIds };
  });
}

/** Stores a recorder's change-log entries (and moves the plan's "last changed"); null when it changed nothing. */
async function logBatch(db: QuadroDatabase, planId: string, recorder: ChangeRecorder, options: WriteOptions): Promise<string | null> {
  if (recorder.entries.length === 0) {
    await Promise.all(recorder.pendingWrites);
    return null;
  }
  // The plan's "last changed" records changes of its structure, not of its text: cell edits are
  // the hot path, and each cell and the change log carry their own time. The previous value is
  // logged, so undo puts it back; undo and redo themselves do not move it. It is stamped with the
  // batch (`updatedBatch`), like a cell: undoing an older batch keeps the time a later one set.
  const structural = recorder.entries.some((entry) => entry.columnId === undefined && entry.noteChange === undefined && !(entry.table === 'plans' && entry.key === planId));
  if (structural && recorder.origin !== 'undo' && recorder.origin !== 'redo') {
    const plan = await db.plans.get(planId);
    if (plan) {
      await db.plans.put({ ...plan, updatedAt: recorder.at, updatedBatch: recorder.batchId });
      recorder.entries.push({ ...recorder.entries[0]!, table: 'plans', key: planId, before: plan, op: 'put', columnId: undefined, oldText: undefined, newText: undefined, addedKeys: undefined, removed: undefined, removedKeys: undefined, attached: undefined });
    }
  }
  // Slice by slice, as before; the first slice goes out beside the cell edits' row writes.
  for (let start = 0; start < recorder.entries.length; start += BULK_SLICE) {
    const slice = db.changeLog.bulkAdd(recorder.entries.slice(start, start + BULK_SLICE).map(withoutUndefined));
    await Promise.all([...recorder.pendingWrites.splice(0), slice]);
    options.onLogged?.(Math.min(start + BULK_SLICE, recorder.entries.length), recorder.entries.length);
  }
  return recorder.batchId;
}

function withoutUndefined(entry: ChangeLogEntry): ChangeLogEntry {
  const clean = { ...entry } as Record<string, unknown>;
  for (const key of Object.keys(clean)) if (clean[key] === undefined) delete clean[key];
  return clean as unknown as ChangeLogEntry;
}

/** The record, or an error naming what is missing (an action on something deleted meanwhile). */
export async function findArea(db: QuadroDatabase, areaId: string): Promise<Area> {
  const area = await db.areas.get(areaId);
  if (!area) throw new MissingRecordError('areas', areaId);
  return area;
}

export async function findColumn(db: QuadroDatabase, columnId: string): Promise<Column> {
  const column = await db.columns.get(columnId);
  if (!column) throw new MissingRecordError('columns', columnId);
  return column;
}

/** A write aimed at a record that no longer exists (deleted in another tab, by an import or an undo). */
export class MissingRecordError extends Error {
  constructor(
    readonly table: ChangeTable,
    readonly key: string,
  ) {
    super(`${table} ${key} no longer exists`);
    this.name = 'MissingRecordError';
  }
}

/** True when the error is the browser refusing to store more (also when wrapped in an AbortError). */
export function isQuotaError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'QuotaExceededError' || error.name === Dexie.errnames.QuotaExceeded) return true;
  const inner = (error as { inner?: unknown }).inner;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}

/** True when the write failed because its row, column or area was deleted meanwhile. */
export function isMissingRecordError(error: unknown): error is MissingRecordError {
  if (error instanceof MissingRecordError) return true;
  const inner = (error as { inner?: unknown } | null)?.inner;
  return inner !== undefined && inner !== error && isMissingRecordError(inner);
}
