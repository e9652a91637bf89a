// The full-backup file ("Esporta tutto"): its versioned format, and reading one back as type guard → defaults → migration.
import type { Area, Cell, ChangeLogEntry, ChangeOrigin, ChangeTable, Column, IsoTime, Note, NoteChange, Plan, PlanAttachedRecord, PlanAttachments, Row } from '../model/types.ts';
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import type { BackupFault, BackupList } from '../model/problem-codes.ts';
import { AreaRowCounter } from '../model/limits.ts';
import { isPrototypeName, isSafeId } from '../model/ids.ts';
import { repairTitle, type TitleKind } from '../model/names.ts';

/** The `format` field that tells a Quadro backup from any other JSON file. */
export const BACKUP_FORMAT = 'quadro-backup';

/**
 * The layout's major version: it changes whenever what a backup holds changes in a way an older
 * Quadro would drop or misread — and an older Quadro refuses a newer major version in words.
 *
 * 1 — the records as database version 1 stored them (columns know only their area). No Quadro
 *     ever wrote it (the first writer, c099f2a, wrote 2); it is read for completeness.
 * 2 — plans, areas, columns, rows and the change log (c099f2a). Later builds put more in it
 *     without changing the number: batch stamps on records and cells (1240518), bulk "created"
 *     entries `addedKeys` (44585c5) and bulk "deleted" entries `removed` (ae6d85a) — which a
 *     version-2 reader of the time dropped, so an undo after its restore lost rows (issue 18).
 * 3 — (issue 18) also indicator decisions, drafts (unsaved texts) and the settings that travel;
 *     rows' `aliases`, plans' `updatedBatch`, and the records a plan's deletion took along
 *     (`attached`); plus `formatMinor`.
 */
export const BACKUP_FORMAT_VERSION = 3;

/**
 * The minor version: new *optional fields on existing records* that an older Quadro of the same
 * major version can keep without understanding them. A reader of an older minor keeps the fields
 * it does not know, record by record (as excalidraw's `restore.ts` does), so a backup that goes
 * through it and back is not cut down; anything an older reader could not keep as it is (a new
 * collection, a new kind of log entry, a field whose absence changes a meaning) is a major change.
 */
export const BACKUP_FORMAT_MINOR = 1;
/*
 * Minor versions of 3:
 * 0 — as issue 18 wrote it.
 * 1 — (issue 23) notes on cells: rows' `notes`, `noteBase` and `notesBatch`, log entries' `noteChange`.
 *     A 3.0 reader keeps them as unknown fields; this reader checks them.
 */

/** A decision on an indicator (the `indicators` store); `value` is the payload src/lib/indicators versions and reads. */
export interface BackupIndicator extends PlanAttachedRecord {
  areaId: string;
  rowId: string;
  value: unknown;
}

/** Text typed and not in the plan yet (the `drafts` store): a large editor's, or a failed save kept for «Riprova». */
export interface BackupDraft extends PlanAttachedRecord {
  kind: 'editor' | 'failed-save';
  areaId: string;
  rowId: string;
  columnId: string;
  text: string;
  baseText: string;
  at: string;
}

/**
 * The settings a person would miss on a new device (see README, "What a backup holds"). The
 * markers of one device (the bundled plan seeded once) stay where they are; the last backup is
 * the backup being restored.
 */
export interface BackupSettings {
  author?: string;
  lang?: 'it' | 'en';
  csvDelimiter?: ';' | ',';
  exportReminderDays?: number;
  textScale?: number;
  collapseTallRows?: boolean;
  lastExportAt?: IsoTime | null;
  lastExportSeq?: number | null;
}

/** Each travelling setting and the check its value must pass (a setting may predate its type). */
const SETTING_READERS: { [K in keyof BackupSettings]-?: (value: unknown) => value is NonNullable<BackupSettings[K]> | null } = {
  author: (v): v is string => typeof v === 'string' && v.length <= 200,
  lang: (v): v is 'it' | 'en' => v === 'it' || v === 'en',
  csvDelimiter: (v): v is ';' | ',' => v === ';' || v === ',',
  exportReminderDays: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  textScale: (v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0 && v < 10,
  collapseTallRows: (v): v is boolean => typeof v === 'boolean',
  lastExportAt: (v): v is string | null => v === null || typeof v === 'string',
  lastExportSeq: (v): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v)),
};

/** The keys of the settings that travel in a backup, in the order they are listed. */
export const TRAVELLING_SETTINGS = Object.keys(SETTING_READERS) as (keyof BackupSettings)[];

/** Everything a device holds about its plans and its user: what "Esporta tutto" writes and "Ripristina" reads. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  /** The version the file was read as: always this code's (older ones are migrated on reading). */
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  formatMinor: number;
  /** The app version that wrote the file, for support. */
  appVersion: string;
  exportedAt: IsoTime;
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  /** The change log, oldest first; `seq` kept so a full restore gives back the same history. */
  changeLog: ChangeLogEntry[];
  /** Null when the file is older than version 3 and did not carry them: the device keeps its own. */
  indicators: BackupIndicator[] | null;
  drafts: BackupDraft[] | null;
  settings: BackupSettings | null;
}

/** The records a backup is made from: the shape of the backup store's read of every store. */
export interface BackupRecords {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  changeLog: ChangeLogEntry[];
  indicators: BackupIndicator[];
  drafts: BackupDraft[];
  /** Every setting of the device: only the travelling ones are written, checked. */
  settings: Record<string, unknown>;
}

export function createBackupFile(records: BackupRecords, meta: { appVersion: string; exportedAt: IsoTime }): BackupFile {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    formatMinor: BACKUP_FORMAT_MINOR,
    appVersion: meta.appVersion,
    exportedAt: meta.exportedAt,
    plans: records.plans,
    areas: records.areas,
    columns: records.columns,
    rows: records.rows,
    changeLog: [...records.changeLog].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
    indicators: records.indicators,
    drafts: records.drafts,
    settings: readSettings(records.settings),
  };
}

export function serializeBackup(backup: BackupFile): string {
  return JSON.stringify(backup);
}

/** "quadro-backup-2026-11-26-0930.json", in local time so the user recognises it. */
export function backupFileName(at: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
  return `quadro-backup-${day}-${pad(at.getHours())}${pad(at.getMinutes())}.json`;
}

// ---------------------------------------------------------------------------------------------
// Reading a file back

type Json = Record<string, unknown>;

const CHANGE_TABLES: readonly ChangeTable[] = ['plans', 'areas', 'columns', 'rows'];
const CHANGE_ORIGINS: readonly ChangeOrigin[] = ['edit', 'import', 'undo', 'redo', 'restore', 'sync'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Thrown inside the reader only, turned into a QuadroProblem at its boundary. */
class Damaged extends Error {
  constructor(
    readonly where: string,
    readonly cause_: string,
  ) {
    super(`${where}: ${cause_}`);
  }
}

function need(condition: boolean, where: string, cause: string): asserts condition {
  if (!condition) throw new Damaged(where, cause);
}

/** What a read needs besides the value: whether to keep fields a newer minor version added, and the titles it had to mend. */
interface ReadContext {
  keepUnknown: boolean;
  repairedTitles: { where: string; kind: TitleKind; from: string; to: string }[];
}

/** An id from the file: a string Quadro could have made, never an object-prototype name (issue 18). */
function needId(value: unknown, where: string, field: string): asserts value is string {
  need(value !== undefined && value !== null && value !== '', where, `${field} missing`);
  need(isSafeId(value), where, `${field} not a valid id`);
}

/** Copies the fields a newer minor version added (never a prototype name), when the file is one. */
function withUnknown<T extends object>(record: T, value: Json, known: readonly string[], ctx: ReadContext): T {
  if (!ctx.keepUnknown) return record;
  for (const [key, field] of Object.entries(value)) {
    if (known.includes(key) || isPrototypeName(key) || key in record) continue;
    (record as Record<string, unknown>)[key] = field;
  }
  return record;
}

/** Copies a change-log batch stamp (what undo orders by) when it is a valid id. */
function withStamp<T extends object>(record: T, value: Json, field: 'batch' | 'updatedBatch' | 'aliasesBatch' | 'notesBatch'): T {
  if (isSafeId(value[field])) (record as Record<string, unknown>)[field] = value[field];
  return record;
}

/** A title the one name rule refuses is mended (and said), never refused whole: an older Quadro let some through. */
function readTitle(value: unknown, kind: TitleKind, where: string, ctx: ReadContext | null): string {
  const title = stringOr(value, '');
  const repaired = repairTitle(title, kind);
  if (!repaired) return title.trim();
  ctx?.repairedTitles.push({ where, kind, from: title, to: repaired.title });
  return repaired.title;
}

const PLAN_FIELDS = ['id', 'name', 'origin', 'createdAt', 'updatedAt', 'batch', 'updatedBatch'];
function readPlan(value: unknown, where: string, fallbackTime: IsoTime, ctx: ReadContext, titles: ReadContext | null): Plan {
  need(isObject(value), where, 'not an object');
  needId(value.id, where, 'id');
  const createdAt = stringOr(value.createdAt, fallbackTime);
  const plan: Plan = {
    id: value.id,
    name: readTitle(value.name ?? 'Piano', 'plan', where, titles),
    origin: value.origin === 'seed' ? 'seed' : 'user',
    createdAt,
    updatedAt: stringOr(value.updatedAt, createdAt),
  };
  withStamp(plan, value, 'batch');
  withStamp(plan, value, 'updatedBatch');
  return withUnknown(plan, value, PLAN_FIELDS, ctx);
}

const AREA_FIELDS = ['id', 'planId', 'title', 'introduction', 'order', 'batch'];
function readArea(value: unknown, where: string, i: number, ctx: ReadContext, titles: ReadContext | null): Area {
  need(isObject(value), where, 'not an object');
  needId(value.id, where, 'id');
  needId(value.planId, where, 'planId');
  const area: Area = {
    id: value.id,
    planId: value.planId,
    title: readTitle(value.title, 'area', where, titles),
    introduction: stringOr(value.introduction, ''),
    order: finiteOr(value.order, i + 1),
  };
  return withUnknown(withStamp(area, value, 'batch'), value, AREA_FIELDS, ctx);
}

const COLUMN_FIELDS = ['id', 'areaId', 'planId', 'title', 'order', 'width', 'batch'];
function readColumn(value: unknown, where: string, i: number, ctx: ReadContext, titles: ReadContext | null): Column {
  need(isObject(value), where, 'not an object');
  needId(value.id, where, 'id');
  needId(value.areaId, where, 'areaId');
  if (value.planId !== undefined && value.planId !== '') needId(value.planId, where, 'planId');
  const column: Column = {
    id: value.id,
    areaId: value.areaId,
    // Filled from the area by the version-1 migration when absent.
    planId: stringOr(value.planId, ''),
    title: readTitle(value.title, 'column', where, titles),
    order: finiteOr(value.order, i + 1),
  };
  if (typeof value.width === 'number' && Number.isFinite(value.width) && value.width > 0) column.width = value.width;
  return withUnknown(withStamp(column, value, 'batch'), value, COLUMN_FIELDS, ctx);
}

const CELL_FIELDS = ['text', 'changedAt', 'changedBy', 'batch'];
function readCells(value: unknown, where: string, ctx: ReadContext): Record<string, Cell> {
  if (value === undefined) return {};
  need(isObject(value), where, 'cells is not an object');
  const cells: Record<string, Cell> = {};
  for (const [columnId, cell] of Object.entries(value)) {
    need(isSafeId(columnId), where, `forbidden cell key ${columnId}`);
    need(isObject(cell) && typeof cell.text === 'string', where, `cell ${columnId} has no text`);
    const read: Cell = withStamp({ text: cell.text, changedAt: stringOr(cell.changedAt, ''), changedBy: stringOr(cell.changedBy, '') }, cell, 'batch');
    cells[columnId] = withUnknown(read, cell, CELL_FIELDS, ctx);
  }
  return cells;
}

const ROW_FIELDS = ['id', 'areaId', 'planId', 'order', 'cells', 'base', 'aliases', 'aliasesBatch', 'batch', 'notes', 'noteBase', 'notesBatch'];

/** A cell's notes (minor 1): each note with a safe id, its author, time and text; anything else refuses the row in words. */
function readNotes(value: unknown, where: string): Record<string, Note[]> {
  need(isObject(value), where, 'notes is not an object');
  const notes: Record<string, Note[]> = {};
  for (const [columnId, list] of Object.entries(value)) {
    need(isSafeId(columnId) && Array.isArray(list), where, `bad notes of ${columnId}`);
    notes[columnId] = (list as unknown[]).map((item) => {
      need(isObject(item) && isSafeId(item.id) && typeof item.text === 'string', where, `bad note in ${columnId}`);
      const note: Note = { id: item.id as string, by: stringOr(item.by, ''), at: stringOr(item.at, ''), text: item.text as string };
      if (item.resolved === true) note.resolved = true;
      if (item.replyTo !== undefined) {
        need(isSafeId(item.replyTo), where, `bad reply in ${columnId}`);
        note.replyTo = item.replyTo as string;
      }
      return note;
    });
  }
  return notes;
}
function readRow(value: unknown, where: string, i: number, ctx: ReadContext): Row {
  need(isObject(value), where, 'not an object');
  needId(value.id, where, 'id');
  needId(value.areaId, where, 'areaId');
  needId(value.planId, where, 'planId');
  const row: Row = {
    id: value.id,
    areaId: value.areaId,
    planId: value.planId,
    order: finiteOr(value.order, i + 1),
    cells: readCells(value.cells, where, ctx),
  };
  if (value.base !== undefined) {
    need(isObject(value.base), where, 'base is not an object');
    const base: Record<string, string> = {};
    for (const [columnId, hash] of Object.entries(value.base)) {
      need(isSafeId(columnId) && typeof hash === 'string', where, `bad base entry ${columnId}`);
      base[columnId] = hash;
    }
    row.base = base;
  }
  if (value.aliases !== undefined) {
    need(Array.isArray(value.aliases) && value.aliases.every((alias) => typeof alias === 'string' && alias.length <= 400), where, 'bad aliases');
    row.aliases = [...(value.aliases as string[])];
    withStamp(row, value, 'aliasesBatch');
  }
  if (value.notes !== undefined) {
    row.notes = readNotes(value.notes, where);
    withStamp(row, value, 'notesBatch');
  }
  if (value.noteBase !== undefined) {
    need(isObject(value.noteBase), where, 'noteBase is not an object');
    const noteBase: Record<string, string> = {};
    for (const [noteId, hash] of Object.entries(value.noteBase)) {
      need(isSafeId(noteId) && typeof hash === 'string', where, `bad noteBase entry ${noteId}`);
      noteBase[noteId] = hash;
    }
    row.noteBase = noteBase;
  }
  return withUnknown(withStamp(row, value, 'batch'), value, ROW_FIELDS, ctx);
}

/** A change-log snapshot must be a record of the kind its table holds, or null. Titles in it are mended silently. */
function readSnapshot(table: ChangeTable, value: unknown, where: string, ctx: ReadContext): ChangeLogEntry['before'] {
  if (value === null || value === undefined) return null;
  switch (table) {
    case 'plans':
      return readPlan(value, where, '', ctx, null);
    case 'areas':
      return readArea(value, where, 0, ctx, null);
    case 'columns':
      return readColumn(value, where, 0, ctx, null);
    case 'rows':
      return readRow(value, where, 0, ctx);
    default:
      throw new Damaged(where, 'unknown table');
  }
}

const INDICATOR_FIELDS = ['id', 'planId', 'areaId', 'rowId', 'value'];
function readIndicator(value: unknown, where: string, ctx: ReadContext): BackupIndicator {
  need(isObject(value), where, 'not an object');
  for (const field of ['id', 'planId', 'areaId', 'rowId'] as const) needId(value[field], where, field);
  need(isObject(value.value), where, 'value missing');
  // The payload is src/lib/indicators' own, versioned there: kept as it is (a newer one is ignored there, not here).
  const record: BackupIndicator = { id: value.id as string, planId: value.planId as string, areaId: value.areaId as string, rowId: value.rowId as string, value: value.value };
  return withUnknown(record, value, INDICATOR_FIELDS, ctx);
}

const DRAFT_FIELDS = ['id', 'kind', 'planId', 'areaId', 'rowId', 'columnId', 'text', 'baseText', 'at'];
function readDraft(value: unknown, where: string, ctx: ReadContext): BackupDraft {
  need(isObject(value), where, 'not an object');
  need(value.kind === 'editor' || value.kind === 'failed-save', where, 'kind missing');
  for (const field of ['planId', 'areaId', 'rowId', 'columnId'] as const) needId(value[field], where, field);
  need(typeof value.text === 'string', where, 'text missing');
  const draft: BackupDraft = {
    // The key is made from the fields, as the app makes it: a file cannot give two drafts one cell.
    id: `${value.kind}:${value.planId as string}:${value.rowId as string}:${value.columnId as string}`,
    kind: value.kind,
    planId: value.planId as string,
    areaId: value.areaId as string,
    rowId: value.rowId as string,
    columnId: value.columnId as string,
    text: value.text,
    baseText: stringOr(value.baseText, ''),
    at: stringOr(value.at, ''),
  };
  return withUnknown(draft, value, DRAFT_FIELDS, ctx);
}

function readAttached(value: unknown, where: string, ctx: ReadContext): PlanAttachments {
  need(isObject(value) && Array.isArray(value.indicators) && Array.isArray(value.drafts), where, 'bad attached records');
  return {
    indicators: (value.indicators as unknown[]).map((record, i) => readIndicator(record, `${where}.indicators[${i}]`, ctx)),
    drafts: (value.drafts as unknown[]).map((record, i) => readDraft(record, `${where}.drafts[${i}]`, ctx)),
  };
}

const NOTE_ACTIONS: readonly NoteChange['action'][] = ['added', 'replied', 'edited', 'resolved', 'reopened'];
const CHANGE_FIELDS = ['seq', 'batchId', 'planId', 'table', 'key', 'before', 'columnId', 'oldText', 'newText', 'at', 'by', 'origin', 'op', 'note', 'addedKeys', 'removed', 'removedKeys', 'attached', 'noteChange'];
function readChange(value: unknown, where: string, ctx: ReadContext): ChangeLogEntry {
  need(isObject(value), where, 'not an object');
  needId(value.batchId, where, 'batchId');
  needId(value.planId, where, 'planId');
  needId(value.key, where, 'key');
  const table = value.table;
  need(typeof table === 'string' && (CHANGE_TABLES as readonly string[]).includes(table), where, 'unknown table');
  const origin = value.origin;
  const entry: ChangeLogEntry = {
    batchId: value.batchId,
    planId: value.planId,
    table: table as ChangeTable,
    key: value.key,
    before: readSnapshot(table as ChangeTable, value.before, where, ctx),
    at: stringOr(value.at, ''),
    by: stringOr(value.by, ''),
    origin: typeof origin === 'string' && (CHANGE_ORIGINS as readonly string[]).includes(origin) ? (origin as ChangeOrigin) : 'edit',
  };
  if (typeof value.seq === 'number' && Number.isInteger(value.seq) && value.seq > 0) entry.seq = value.seq;
  if (value.columnId !== undefined) {
    needId(value.columnId, where, 'columnId');
    entry.columnId = value.columnId;
  }
  for (const key of ['oldText', 'newText', 'note'] as const) {
    const field = value[key];
    if (typeof field === 'string') entry[key] = field;
  }
  if (value.op === 'put' || value.op === 'delete') entry.op = value.op;
  const added = value.addedKeys;
  if (added !== undefined) {
    need(Array.isArray(added) && added.every(isSafeId), where, 'bad addedKeys');
    entry.addedKeys = added as string[];
  }
  const removed = value.removed;
  if (removed !== undefined) {
    need(Array.isArray(removed), where, 'bad removed');
    const snapshots = (removed as unknown[]).map((record, i) => readSnapshot(table as ChangeTable, record, `${where}.removed[${i}]`, ctx));
    need(snapshots.every((record) => record !== null), where, 'removed holds an empty snapshot');
    entry.removed = snapshots as NonNullable<ChangeLogEntry['removed']>;
    entry.removedKeys = entry.removed.map((record) => record.id);
  }
  if (value.attached !== undefined) {
    need(table === 'plans', where, 'attached records on a non-plan entry');
    entry.attached = readAttached(value.attached, `${where}.attached`, ctx);
  }
  const noteChange = value.noteChange;
  if (noteChange !== undefined) {
    need(
      isObject(noteChange) && isSafeId(noteChange.columnId) && isSafeId(noteChange.noteId) && typeof noteChange.text === 'string' && NOTE_ACTIONS.includes(noteChange.action as NoteChange['action']),
      where,
      'bad noteChange',
    );
    entry.noteChange = { columnId: noteChange.columnId as string, noteId: noteChange.noteId as string, action: noteChange.action as NoteChange['action'], text: noteChange.text as string };
  }
  return withUnknown(entry, value, CHANGE_FIELDS, ctx);
}

/** The travelling settings a file holds, each checked; anything else is left out. */
function readSettings(value: unknown): BackupSettings {
  const settings: Record<string, unknown> = {};
  if (!isObject(value)) return settings;
  for (const key of TRAVELLING_SETTINGS) {
    if (!Object.hasOwn(value, key)) continue;
    const field = value[key];
    if (SETTING_READERS[key](field)) settings[key] = key === 'exportReminderDays' ? Math.floor(field as number) : field;
  }
  return settings as BackupSettings;
}

/** Every collection a backup must hold: one missing would make "replace everything" wipe it. */
type RequiredCollection = 'plans' | 'areas' | 'columns' | 'rows' | 'changeLog' | 'indicators' | 'drafts';

function readList<T>(file: Json, key: RequiredCollection, read: (value: unknown, where: string, i: number) => T): T[] {
  const list = file[key];
  need(Array.isArray(list), key, list === undefined ? 'missing' : 'not a list');
  return list.map((value, i) => read(value, `${key}[${i}]`, i));
}

function requireUniqueIds(records: { id: string }[], where: string): void {
  const seen = new Set<string>();
  records.forEach((record, i) => {
    need(!seen.has(record.id), `${where}[${i}]`, `duplicate id ${record.id}`);
    seen.add(record.id);
  });
}

const BACKUP_LISTS: readonly BackupList[] = ['plans', 'areas', 'columns', 'rows', 'changeLog', 'indicators', 'drafts'];

/** "rows[12]: id missing" as a damaged backup's values: which list, which record, what is wrong (the tables word it). */
function describeDamage(where: string, cause: string): BackupFault {
  const match = /^(\w+)(?:\[(\d+)\])?/.exec(where);
  const list = BACKUP_LISTS.find((name) => name === match?.[1]) ?? 'other';
  if (!match?.[2]) return { fault: cause === 'missing' ? 'missing-list' : 'unreadable-list', list };
  const item = Number(match[2]) + 1;
  const name = cause.split(' ')[0] ?? '';
  if (cause.startsWith('duplicate id')) return { fault: 'duplicate-id', list, item };
  if (cause.endsWith(' not a valid id') || cause.startsWith('forbidden cell key')) return { fault: 'bad-id', list, item, name };
  if (cause.endsWith(' missing')) return { fault: 'missing-field', list, item, name };
  return { fault: 'invalid', list, item };
}

/** Version 1 → 2: columns get the plan id of their area, as database version 2's upgrade does. */
function migrateFromVersion1(backup: BackupFile): void {
  const areaPlan = new Map(backup.areas.map((area) => [area.id, area.planId]));
  for (const column of backup.columns) {
    if (!column.planId) column.planId = areaPlan.get(column.areaId) ?? '';
  }
}

const REFUSED_NOT_JSON = problem('backup.not-json', {});
const REFUSED_FOREIGN = problem('backup.foreign', {});

/** One sentence for the titles the name rule refused and the reader mended. */
function titlesRepairedWarning(repaired: ReadContext['repairedTitles']): QuadroProblem | null {
  const first = repaired[0];
  if (!first) return null;
  const short = (text: string): string => (text.length > 40 ? `${text.slice(0, 39)}…` : text);
  return problem(
    'backup.titles-repaired',
    { count: repaired.length, kind: first.kind, from: short(first.from), to: short(first.to) },
    { column: first.where, cause: repaired.map((r) => `${r.where}: ${r.kind}`).join(', ') },
  );
}

/**
 * Reads a backup file's text: type guard, defaults for optional fields, migration of older
 * versions, ids checked, unique ids (references are `checkBackup`'s job). Returns the problems
 * instead of throwing; on failure nothing is usable.
 */
export function parseBackup(text: string): Result<BackupFile> {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail({ ...REFUSED_NOT_JSON, internal: { cause: String(error) } });
  }
  if (!isObject(data) || data.format !== BACKUP_FORMAT) return fail(REFUSED_FOREIGN);
  const version = data.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(problem('backup.no-version', {}));
  }
  if (version > BACKUP_FORMAT_VERSION) {
    const writer = typeof data.appVersion === 'string' && data.appVersion !== '' ? data.appVersion.slice(0, 40) : null;
    return fail(
      problem('backup.too-new', { writer }, { cause: `formatVersion ${version} > ${BACKUP_FORMAT_VERSION}` }),
    );
  }
  const minor = version === BACKUP_FORMAT_VERSION && typeof data.formatMinor === 'number' && Number.isInteger(data.formatMinor) && data.formatMinor > 0 ? data.formatMinor : 0;
  const ctx: ReadContext = { keepUnknown: minor > BACKUP_FORMAT_MINOR, repairedTitles: [] };
  const exportedAt = stringOr(data.exportedAt, '');
  const carriesStores = version >= 3;
  try {
    const backup: BackupFile = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      formatMinor: Math.max(minor, BACKUP_FORMAT_MINOR),
      appVersion: stringOr(data.appVersion, ''),
      exportedAt,
      plans: readList(data, 'plans', (value, where) => readPlan(value, where, exportedAt, ctx, ctx)),
      areas: readList(data, 'areas', (value, where, i) => readArea(value, where, i, ctx, ctx)),
      columns: readList(data, 'columns', (value, where, i) => readColumn(value, where, i, ctx, ctx)),
      rows: readList(data, 'rows', (value, where, i) => readRow(value, where, i, ctx)),
      changeLog: readList(data, 'changeLog', (value, where) => readChange(value, where, ctx)),
      indicators: carriesStores ? readList(data, 'indicators', (value, where) => readIndicator(value, where, ctx)) : null,
      drafts: carriesStores ? readList(data, 'drafts', (value, where) => readDraft(value, where, ctx)) : null,
      settings: carriesStores ? readSettings(data.settings) : null,
    };
    if (version < 2) migrateFromVersion1(backup);
    requireUniqueIds(backup.plans, 'plans');
    requireUniqueIds(backup.areas, 'areas');
    requireUniqueIds(backup.columns, 'columns');
    requireUniqueIds(backup.rows, 'rows');
    if (backup.indicators) requireUniqueIds(backup.indicators, 'indicators');
    // Two drafts of one cell and kind (a hand-edited file): the later one is what was typed last.
    if (backup.drafts) backup.drafts = [...new Map(backup.drafts.map((draft) => [draft.id, draft])).values()];
    const over = areasOverRowLimit(backup);
    if (over) return fail(over);
    const warnings: QuadroProblem[] = [];
    if (backup.plans.length === 0) {
      warnings.push(problem('backup.empty', {}));
    }
    const titles = titlesRepairedWarning(ctx.repairedTitles);
    if (titles) warnings.push(titles);
    return ok(backup, warnings);
  } catch (error) {
    if (!(error instanceof Damaged)) throw error;
    return fail(
      problem('backup.damaged', describeDamage(error.where, error.cause_), { column: error.where, cause: error.cause_ }),
    );
  }
}

/** Issue 14: an area over MAX_AREA_ROWS is refused whole, before anything is checked or written. */
function areasOverRowLimit(backup: BackupFile): QuadroProblem | null {
  const titles = new Map(backup.areas.map((area) => [area.id, area.title]));
  const counter = new AreaRowCounter();
  for (const row of backup.rows) counter.add(row.areaId, titles.get(row.areaId) ?? row.areaId);
  const over = counter.overLimit()[0];
  if (!over) return null;
  return problem(
    'backup.area-row-limit',
    { area: over.title, count: over.count, limit: over.limit },
    { cause: `${over.count} rows > ${over.limit} in area ${over.title}` },
  );
}

// ---------------------------------------------------------------------------------------------
// What the user sees before choosing

export interface BackupPlanSummary {
  id: string;
  name: string;
  updatedAt: IsoTime;
  areaCount: number;
  rowCount: number;
}

export interface BackupSummary {
  exportedAt: IsoTime;
  appVersion: string;
  plans: BackupPlanSummary[];
  changeCount: number;
  /** Null: the file is older than version 3 and does not carry them (the device keeps its own). */
  indicatorCount: number | null;
  /** Texts typed and not in the plan yet (open editors, failed saves). */
  draftCount: number | null;
  /** The name changes are signed with, when the backup carries one. */
  author: string | null;
}

export function summarizeBackup(backup: BackupFile): BackupSummary {
  const count = (records: { planId: string }[], planId: string): number => records.filter((r) => r.planId === planId).length;
  return {
    exportedAt: backup.exportedAt,
    appVersion: backup.appVersion,
    plans: backup.plans
      .map((plan) => ({
        id: plan.id,
        name: plan.name,
        updatedAt: plan.updatedAt,
        areaCount: count(backup.areas, plan.id),
        rowCount: count(backup.rows, plan.id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'it')),
    changeCount: backup.changeLog.length,
    indicatorCount: backup.indicators?.length ?? null,
    draftCount: backup.drafts?.length ?? null,
    author: backup.settings?.author?.trim() || null,
  };
}
