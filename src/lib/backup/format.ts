// The full-backup file ("Esporta tutto"): its versioned format, and reading one back as type guard → defaults → migration.
import type { Area, Cell, ChangeLogEntry, ChangeOrigin, ChangeTable, Column, IsoTime, Plan, Row } from '../model/types.ts';
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import { AreaRowCounter } from '../model/limits.ts';
import { formatCount } from '../i18n/format.ts';

/** The `format` field that tells a Quadro backup from any other JSON file. */
export const BACKUP_FORMAT = 'quadro-backup';

/**
 * Version history of the file layout:
 * 1 — the records as database version 1 stored them: columns know only their area.
 * 2 — columns also carry their plan id (database version 2).
 */
export const BACKUP_FORMAT_VERSION = 2;

/** Everything a device holds about its plans: what "Esporta tutto" writes and "Ripristina" reads. */
export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  formatVersion: typeof BACKUP_FORMAT_VERSION;
  /** The app version that wrote the file, for support. */
  appVersion: string;
  exportedAt: IsoTime;
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  /** The change log, oldest first; `seq` kept so a full restore gives back the same history. */
  changeLog: ChangeLogEntry[];
}

/** The records a backup is made from: the shape of repository's `dumpDatabase`. */
export interface BackupRecords {
  plans: Plan[];
  areas: Area[];
  columns: Column[];
  rows: Row[];
  changeLog: ChangeLogEntry[];
}

export function createBackupFile(records: BackupRecords, meta: { appVersion: string; exportedAt: IsoTime }): BackupFile {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion: meta.appVersion,
    exportedAt: meta.exportedAt,
    plans: records.plans,
    areas: records.areas,
    columns: records.columns,
    rows: records.rows,
    changeLog: [...records.changeLog].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
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
/** Keys that would reach an object's prototype if a later step ever merged records naively. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
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

/** Copies the change-log batch stamp (what undo orders by) when it is a non-empty string. */
function withBatch<T extends { batch?: string }>(record: T, value: Json): T {
  if (isNonEmptyString(value.batch)) record.batch = value.batch;
  return record;
}

function readPlan(value: unknown, i: number, fallbackTime: IsoTime): Plan {
  const where = `plans[${i}]`;
  need(isObject(value), where, 'not an object');
  need(isNonEmptyString(value.id), where, 'id missing');
  const createdAt = stringOr(value.createdAt, fallbackTime);
  const plan: Plan = {
    id: value.id,
    name: stringOr(value.name, 'Piano'),
    origin: value.origin === 'seed' ? 'seed' : 'user',
    createdAt,
    updatedAt: stringOr(value.updatedAt, createdAt),
  };
  return withBatch(plan, value);
}

function readArea(value: unknown, i: number): Area {
  const where = `areas[${i}]`;
  need(isObject(value), where, 'not an object');
  need(isNonEmptyString(value.id), where, 'id missing');
  need(isNonEmptyString(value.planId), where, 'planId missing');
  const area: Area = {
    id: value.id,
    planId: value.planId,
    title: stringOr(value.title, ''),
    introduction: stringOr(value.introduction, ''),
    order: finiteOr(value.order, i + 1),
  };
  return withBatch(area, value);
}

function readColumn(value: unknown, i: number): Column {
  const where = `columns[${i}]`;
  need(isObject(value), where, 'not an object');
  need(isNonEmptyString(value.id), where, 'id missing');
  need(isNonEmptyString(value.areaId), where, 'areaId missing');
  const column: Column = {
    id: value.id,
    areaId: value.areaId,
    // Filled from the area by the version-1 migration when absent.
    planId: stringOr(value.planId, ''),
    title: stringOr(value.title, ''),
    order: finiteOr(value.order, i + 1),
  };
  if (typeof value.width === 'number' && Number.isFinite(value.width) && value.width > 0) column.width = value.width;
  return withBatch(column, value);
}

function readCells(value: unknown, where: string): Record<string, Cell> {
  if (value === undefined) return {};
  need(isObject(value), where, 'cells is not an object');
  const cells: Record<string, Cell> = {};
  for (const [columnId, cell] of Object.entries(value)) {
    need(!FORBIDDEN_KEYS.has(columnId), where, `forbidden cell key ${columnId}`);
    need(isObject(cell) && typeof cell.text === 'string', where, `cell ${columnId} has no text`);
    cells[columnId] = withBatch<Cell>({ text: cell.text, changedAt: stringOr(cell.changedAt, ''), changedBy: stringOr(cell.changedBy, '') }, cell);
  }
  return cells;
}

function readRow(value: unknown, i: number): Row {
  const where = `rows[${i}]`;
  need(isObject(value), where, 'not an object');
  need(isNonEmptyString(value.id), where, 'id missing');
  need(isNonEmptyString(value.areaId), where, 'areaId missing');
  need(isNonEmptyString(value.planId), where, 'planId missing');
  const row: Row = {
    id: value.id,
    areaId: value.areaId,
    planId: value.planId,
    order: finiteOr(value.order, i + 1),
    cells: readCells(value.cells, where),
  };
  if (value.base !== undefined) {
    need(isObject(value.base), where, 'base is not an object');
    const base: Record<string, string> = {};
    for (const [columnId, hash] of Object.entries(value.base)) {
      need(!FORBIDDEN_KEYS.has(columnId) && typeof hash === 'string', where, `bad base entry ${columnId}`);
      base[columnId] = hash;
    }
    row.base = base;
  }
  return withBatch(row, value);
}

/** A change-log snapshot must be a record of the kind its table holds, or null. */
function readSnapshot(table: ChangeTable, value: unknown, where: string): ChangeLogEntry['before'] {
  if (value === null || value === undefined) return null;
  switch (table) {
    case 'plans':
      return readPlan(value, 0, '');
    case 'areas':
      return readArea(value, 0);
    case 'columns':
      return readColumn(value, 0);
    case 'rows':
      return readRow(value, 0);
    default:
      throw new Damaged(where, 'unknown table');
  }
}

function readChange(value: unknown, i: number): ChangeLogEntry {
  const where = `changeLog[${i}]`;
  need(isObject(value), where, 'not an object');
  need(isNonEmptyString(value.batchId), where, 'batchId missing');
  need(isNonEmptyString(value.planId), where, 'planId missing');
  need(isNonEmptyString(value.key), where, 'key missing');
  const table = value.table;
  need(typeof table === 'string' && (CHANGE_TABLES as readonly string[]).includes(table), where, 'unknown table');
  const origin = value.origin;
  const entry: ChangeLogEntry = {
    batchId: value.batchId,
    planId: value.planId,
    table: table as ChangeTable,
    key: value.key,
    before: readSnapshot(table as ChangeTable, value.before, where),
    at: stringOr(value.at, ''),
    by: stringOr(value.by, ''),
    origin: typeof origin === 'string' && (CHANGE_ORIGINS as readonly string[]).includes(origin) ? (origin as ChangeOrigin) : 'edit',
  };
  if (typeof value.seq === 'number' && Number.isInteger(value.seq) && value.seq > 0) entry.seq = value.seq;
  for (const key of ['columnId', 'oldText', 'newText', 'note'] as const) {
    const field = value[key];
    if (typeof field === 'string') entry[key] = field;
  }
  if (value.op === 'put' || value.op === 'delete') entry.op = value.op;
  const added = value.addedKeys;
  if (Array.isArray(added) && added.every(isNonEmptyString)) entry.addedKeys = added;
  const removed = value.removed;
  if (Array.isArray(removed)) {
    const snapshots = removed.map((record, i) => readSnapshot(table as ChangeTable, record, `${where}.removed[${i}]`));
    need(snapshots.every((record) => record !== null), where, 'removed holds an empty snapshot');
    entry.removed = snapshots as NonNullable<ChangeLogEntry['removed']>;
    entry.removedKeys = entry.removed.map((record) => record.id);
  }
  return entry;
}

/** Every collection a backup must hold: one missing would make "replace everything" wipe it. */
type RequiredCollection = 'plans' | 'areas' | 'columns' | 'rows' | 'changeLog';

function readList<T>(file: Json, key: RequiredCollection, read: (value: unknown, i: number) => T): T[] {
  const list = file[key];
  need(Array.isArray(list), key, list === undefined ? 'missing' : 'not a list');
  return list.map(read);
}

function requireUniqueIds(records: { id: string }[], where: string): void {
  const seen = new Set<string>();
  records.forEach((record, i) => {
    need(!seen.has(record.id), `${where}[${i}]`, `duplicate id ${record.id}`);
    seen.add(record.id);
  });
}

const COLLECTION_WORDS: Record<string, { it: string; en: string }> = {
  plans: { it: 'dei piani', en: 'of plans' },
  areas: { it: 'delle aree', en: 'of areas' },
  columns: { it: 'delle colonne', en: 'of columns' },
  rows: { it: 'delle righe', en: 'of rows' },
  changeLog: { it: 'della cronologia delle modifiche', en: 'of the change history' },
};

/** "rows[12]: id missing" in words: which list, which record, what is wrong. */
function describeDamage(where: string, cause: string): { it: string; en: string } {
  const match = /^(\w+)(?:\[(\d+)\])?$/.exec(where);
  const words = COLLECTION_WORDS[match?.[1] ?? ''] ?? { it: 'dei dati', en: 'of data' };
  if (!match?.[2]) {
    return cause === 'missing'
      ? { it: `manca l’elenco ${words.it}`, en: `the list ${words.en} is missing` }
      : { it: `l’elenco ${words.it} non è leggibile`, en: `the list ${words.en} is unreadable` };
  }
  const n = Number(match[2]) + 1;
  const what = cause.startsWith('duplicate id')
    ? { it: 'ha lo stesso identificativo di un altro', en: 'has the same identifier as another' }
    : cause.endsWith(' missing')
      ? { it: `non ha il campo «${cause.split(' ')[0]}»`, en: `has no “${cause.split(' ')[0]}” field` }
      : { it: 'non è valido', en: 'is not valid' };
  return { it: `l’elemento n. ${n} dell’elenco ${words.it} ${what.it}`, en: `item no. ${n} in the list ${words.en} ${what.en}` };
}

/** Version 1 → 2: columns get the plan id of their area, as database version 2's upgrade does. */
function migrateFromVersion1(backup: BackupFile): void {
  const areaPlan = new Map(backup.areas.map((area) => [area.id, area.planId]));
  for (const column of backup.columns) {
    if (!column.planId) column.planId = areaPlan.get(column.areaId) ?? '';
  }
}

const REFUSED_NOT_JSON = problem(
  'backup.not-json',
  'Il file non è un backup di Quadro leggibile (non è JSON valido): forse è danneggiato o incompleto. Non è stato modificato nulla.',
  'The file is not a readable Quadro backup (not valid JSON): it may be damaged or incomplete. Nothing was changed.',
);
const REFUSED_FOREIGN = problem(
  'backup.foreign',
  'Il file non è un backup di Quadro (usa un file creato con «Esporta tutto»). Non è stato modificato nulla.',
  'The file is not a Quadro backup (use a file made with “Export everything”). Nothing was changed.',
);

/**
 * Reads a backup file's text: type guard, defaults for optional fields, migration of older
 * versions, unique ids (references are `checkBackup`'s job). Returns the problems instead of throwing; on failure nothing is usable.
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
    return fail(problem('backup.no-version', 'Il backup non dice la versione del suo formato: non può essere letto con sicurezza. Non è stato modificato nulla.', 'The backup does not state its format version, so it cannot be read safely. Nothing was changed.'));
  }
  if (version > BACKUP_FORMAT_VERSION) {
    return fail(
      problem(
        'backup.too-new',
        'Questo backup viene da una versione più recente di Quadro: aggiorna l’app (con la rete) e riprova. Non è stato modificato nulla.',
        'This backup comes from a newer version of Quadro: update the app (online) and try again. Nothing was changed.',
        { cause: `formatVersion ${version}` },
      ),
    );
  }
  const exportedAt = stringOr(data.exportedAt, '');
  try {
    const backup: BackupFile = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: stringOr(data.appVersion, ''),
      exportedAt,
      plans: readList(data, 'plans', (value, i) => readPlan(value, i, exportedAt)),
      areas: readList(data, 'areas', readArea),
      columns: readList(data, 'columns', readColumn),
      rows: readList(data, 'rows', readRow),
      changeLog: readList(data, 'changeLog', readChange),
    };
    if (version < 2) migrateFromVersion1(backup);
    requireUniqueIds(backup.plans, 'plans');
    requireUniqueIds(backup.areas, 'areas');
    requireUniqueIds(backup.columns, 'columns');
    requireUniqueIds(backup.rows, 'rows');
    const over = areasOverRowLimit(backup);
    if (over) return fail(over);
    const warnings: QuadroProblem[] = [];
    if (backup.plans.length === 0) {
      warnings.push(problem('backup.empty', 'Il backup non contiene nessun piano.', 'The backup holds no plan.'));
    }
    return ok(backup, warnings);
  } catch (error) {
    if (!(error instanceof Damaged)) throw error;
    const words = describeDamage(error.where, error.cause_);
    return fail(
      problem(
        'backup.damaged',
        `Il backup è danneggiato: ${words.it}. Non è stato ripristinato nulla; usa un altro backup o chiedi a chi te l’ha mandato di esportarlo di nuovo.`,
        `The backup is damaged: ${words.en}. Nothing was restored; use another backup or ask the sender to export it again.`,
        { column: error.where, cause: error.cause_ },
      ),
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
  // Written here in both languages like the core's other problems, until they all become keys of the strings
  // tables: importing the English table here would load it at every start (the Archivio status reads this chunk).
  const [count, limit] = [over.count, over.limit];
  return problem(
    'backup.area-row-limit',
    `Nel backup l'area «${over.title}» ha ${formatCount('it', count)} righe: il limite è ${formatCount('it', limit)} righe per area. Non è stato ripristinato nulla.`,
    `In the backup the area “${over.title}” holds ${formatCount('en', count)} rows: the limit is ${formatCount('en', limit)} rows per area. Nothing was restored.`,
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
  };
}
