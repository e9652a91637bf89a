// Every problem the app can report, by code, with the values its words need: the core raises `problem(code, params)`,
// the strings tables (src/lib/i18n/problems/) word it. Type-only: a code missing from a table, or a wrong parameter,
// fails `npm run check`. Values are plain data (numbers, strings, nested problems), so a problem crosses the workers.
import type { QuadroProblem } from './errors.ts';
import type { TitleKind } from './names.ts';

/** A column of a file as a message names it: its letter, and its title when it has one (already shortened). */
export interface ColumnPlace {
  letter: string;
  title?: string;
}

/** A cell of a file: the row as the spreadsheet numbers it, and its column. */
export interface CellPlace {
  row: number;
  column: ColumnPlace;
}

/** A separator the CSV reader knows. */
export type SeparatorName = ';' | ',' | '\t' | '|';

/** The lists of a backup file, as a damaged backup's message names them. */
export type BackupList = 'plans' | 'areas' | 'columns' | 'rows' | 'changeLog' | 'indicators' | 'drafts' | 'other';

/** What is wrong with a damaged backup: a list missing or unreadable, or one item of it. */
export type BackupFault =
  | { fault: 'missing-list'; list: BackupList }
  | { fault: 'unreadable-list'; list: BackupList }
  | { fault: 'duplicate-id'; list: BackupList; item: number }
  | { fault: 'invalid'; list: BackupList; item: number }
  | { fault: 'bad-id'; list: BackupList; item: number; name: string }
  | { fault: 'missing-field'; list: BackupList; item: number; name: string };

type None = Record<never, never>;

/** For each problem code, the values its message is made of. */
export interface ProblemParams {
  // Titles people type (model/names.ts)
  'title.empty': { kind: TitleKind };
  'title.reserved': { kind: TitleKind; title: string };
  'title.too-long': { kind: TitleKind; length: number; max: number };
  // The bundled plan's document (seed/parse-seed.ts)
  'seed.empty': None;
  'seed.table-missing': { area: string };
  'seed.orphan-continuation': { line: number; area: string };
  'seed.table-empty': { area: string };
  'seed.text-in-table': { line: number; area: string };
  'seed.header-missing': { line: number; area: string; header: string };
  'seed.cell-count': { line: number; cells: number; expected: number };
  'seed.header-changed': { line: number };
  'seed.projects-missing': { section: string };
  // A CSV file's bytes (csv/decode.ts)
  'csv.file-too-large': { bytes: number; max: number } | { chars: number; max: number };
  'csv.not-csv.ods': None;
  'csv.not-csv.xlsx': None;
  'csv.not-csv.xls': None;
  'csv.not-csv.pdf': None;
  'csv.not-csv.png': None;
  'csv.not-csv.jpeg': None;
  'csv.not-csv.gif': None;
  'csv.utf-32': None;
  'csv.binary': { line: number; byte: number } | { utf16: true };
  'csv.empty': None;
  // A CSV file's table (csv/parse.ts, csv/match.ts)
  'csv.unknown-sep-line': { separator: string };
  'csv.unknown-separator': { row: number; char: string };
  'csv.no-columns': None;
  'csv.rows-above-header': { headerRow: number; firstRow: number; skipped: number; blank: number; titles: string[] };
  'csv.unbalanced-quote': CellPlace;
  'csv.bad-quote': { row: number };
  'csv.too-many-columns': { row: number; count: number; max: number };
  'csv.field-too-long': CellPlace & { length: number; max: number };
  'csv.newer-version': { version: number; supported: number };
  'csv.unknown-version': { row: number; letter: string; format: string };
  'csv.empty-columns-dropped': { count: number };
  'csv.forbidden-title': CellPlace & { title: string };
  'csv.title-too-long': CellPlace & { reason: QuadroProblem };
  'csv.duplicate-title': CellPlace & { other: ColumnPlace; title: string };
  'csv.empty-title': { row: number; letters: string[] };
  'csv.ragged-row': { row: number; fields: number; expected: number; headerRow: number; others: number[]; more: number; separator: SeparatorName | null };
  'csv.duplicate-id': CellPlace & { firstRow: number; id: string };
  'csv.bad-area-title': CellPlace & { reason: QuadroProblem };
  'csv.no-target-area': { row: number };
  'csv.no-matching-columns': { row: number; found: string[]; expected: string[] };
  // The import's analysis (exchange/analyze-import.ts)
  'csv.wrong-encoding': { used: string; sample: string; alternatives: string[] };
  'csv.lossy-encoding-kept': { encoding: string; characters: number; cells: number };
  'csv.damaged-structure': CellPlace;
  'csv.damaged-bytes': { count: number; shown: CellPlace[] };
  'import.area-row-limit': { area: string; count: number; limit: number };
  // The import's write (state/exchange.svelte.ts)
  'import.needs-workers': None;
  'import.changed-since-preview': None;
  'import.quota': None;
  'import.write-failed': None;
  // .xlsx files (xlsx/read.ts, xlsx/plan-workbook.ts, exchange/workbook-table.ts)
  'xlsx.encrypted': None;
  'xlsx.old-xls': None;
  'xlsx.binary-workbook': None;
  'xlsx.ods': None;
  'xlsx.not-a-spreadsheet': None;
  'xlsx.damaged': None;
  'xlsx.file-too-large': { bytes: number; max: number };
  'xlsx.unpacked-too-large': { bytes: number; max: number };
  'xlsx.sheet-too-many-rows': { sheet: string; row: number; limit: number };
  'xlsx.sheet-too-many-columns': { sheet: string; letter: string; row: number; max: number };
  'xlsx.long-cells': { count: number; max: number; sheet: string; column: string; row: number };
  'xlsx.no-data': None;
  'xlsx.sheet-new-area': { sheet: string };
  'xlsx.formulas-without-value': { sheet: string; count: number };
  'xlsx.duplicate-id': { first: { sheet: string; row: number }; second: { sheet: string; row: number }; id: string };
  // Backups (backup/format.ts)
  'backup.not-json': None;
  'backup.foreign': None;
  'backup.no-version': None;
  'backup.too-new': { writer: string | null };
  'backup.empty': None;
  'backup.titles-repaired': { count: number; kind: TitleKind; from: string; to: string };
  'backup.damaged': BackupFault;
  'backup.area-row-limit': { area: string; count: number; limit: number };
  // Team sync (sync/protocol.ts, sync/engine.ts)
  'sync.not-couchdb': None;
  'sync.too-old': { version: string };
  'sync.bad-address': None;
  'sync.not-https': None;
  'sync.credentials-in-address': None;
  'sync.bad-database': None;
  'sync.unauthorized': None;
  'sync.forbidden': { database: string };
  'sync.no-database': { database: string };
  'sync.server-full': None;
  'sync.server-error': { status: number };
  'sync.unreachable': { https: boolean };
  'sync.tls': { url: string };
  'sync.origin-not-allowed': { origin: string };
  'sync.other-plan': { name: string };
  'sync.bad-answer': None;
  'sync.device-full': None;
}

export type ProblemCode = keyof ProblemParams;
