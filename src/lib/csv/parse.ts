// Import, second step: CSV text to rows of fields (`tokenizeCsv`: separator, quotes), then rows to a checked table
// (`readTable`: the header found as a person would, Quadro's own columns, cell text normalised) — the part a spreadsheet's cells share.
import Papa from 'papaparse';
import { parseLocalLastChanged } from './last-changed.ts';
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import {
  FORBIDDEN_TITLES,
  ID_HEADER_PATTERN,
  LAST_CHANGED_HEADER,
  AREA_HEADER,
  MAX_COLUMNS,
  MAX_FIELD_CHARS,
  MAX_FILE_BYTES,
  QUADRO_CSV_VERSION,
  UTF8_BOM,
  columnLetter,
  columnPlace,
  normalizeTitle,
  shorten,
  type CsvDelimiter,
} from './format.ts';
import { restoreField } from './neutralize.ts';
import { NOTES_HEADER, parseNotesField } from './notes-field.ts';
import { normalizeImportedText } from './normalize.ts';
import { validateTitle } from '../model/names.ts';

export interface ParsedCsv {
  /** The separator the text was split on; null for a table that was not CSV text (a spreadsheet's cells). */
  delimiter: CsvDelimiter | null;
  /** Column titles as in the file (for Quadro files, with the formula guard removed). */
  header: string[];
  /** The title row's number in the file (1 unless blank lines, a title row or a `sep=` line come first). */
  headerRowNumber: number;
  /** Data rows, each exactly `header.length` long; blank lines are left out. */
  records: string[][];
  /** For each record, its row number as a spreadsheet shows it (the header is row `headerRowNumber`). */
  rowNumbers: number[];
  /** The format version from the `ID Quadro vN` header; null for files without that column. */
  quadroVersion: number | null;
  /**
   * Written by Quadro: it has the ID column, or Quadro's "Ultima modifica" column recognised by its
   * title and its content (a colleague may delete the ID column). Its formula guards are removed.
   */
  writtenByQuadro: boolean;
  idColumn: number | null;
  lastChangedColumn: number | null;
  areaColumn: number | null;
  /**
   * Issue 23: Quadro's "Note sulle celle" column (`notes-field.ts`), in a file Quadro wrote whose
   * every field there reads as notes; absent or null: none (the column is then content like any other).
   */
  notesColumn?: number | null;
}

/** Where the separator came from: a `sep=` first line, the file's field counts, or the user's choice. */
export type DelimiterSource = 'sep-line' | 'detected' | 'chosen';

export interface ParseCsvOptions {
  delimiter?: CsvDelimiter;
  /** Column titles the file may have (the plan's): finds the title row below a title typed above it. */
  knownTitles?: readonly string[];
}

export interface ReadTableOptions {
  /**
   * The separator the rows were split on, for the messages. Absent for a spreadsheet's cells: rows
   * shorter than the title row are padded with empty cells, as the sheet shows them.
   */
  delimiter?: CsvDelimiter;
  /** The file row number of `rows[0]` (2 after a `sep=` line). */
  firstRowNumber?: number;
  /** Column titles the file may have (the plan's): the row holding them is the title row. */
  knownTitles?: readonly string[];
}

/** What reading a CSV text gives: the separator (reported even when the table is refused) and the table or its problems. */
export interface CsvReading {
  delimiter: CsvDelimiter;
  delimiterSource: DelimiterSource;
  table: Result<ParsedCsv>;
}

/** At most this many problems of one kind are reported: the first few are enough to fix a file. */
const MAX_REPORTED = 10;
export const CANDIDATE_DELIMITERS: readonly CsvDelimiter[] = [';', ',', '\t', '|'];
/** How many records decide the separator, within how many characters at most. */
const DELIMITER_SAMPLE_RECORDS = 50;
const DELIMITER_SAMPLE_CHARS = 128 * 1024;
/** How far down a title row is looked for (Excel users type a title, a date, a blank line above the table). */
const MAX_ROWS_ABOVE_HEADER = 10;
/** Excel's `sep=;` first line (also quoted, or padded with separators by a spreadsheet that re-saved it). */
const SEP_LINE = /^"?sep=(.)"?[;,\t|]*(?:\r\n|\r|\n|$)/i;

/**
 * The table in a CSV text, or the problems that make it unusable (ragged rows, an unclosed quote,
 * duplicate or reserved titles, duplicate IDs, sizes over the limits), each naming row and column.
 */
export function parseCsvText(text: string, options: ParseCsvOptions = {}): Result<ParsedCsv> {
  return readCsvText(text, options).table;
}

/**
 * Reads a CSV text: the separator from the user's choice, a `sep=` first line, or the field counts of
 * the first lines; when the detected separator leaves rows of unequal length, the other candidates
 * in turn. The separator is reported even when the file is refused.
 */
export function readCsvText(text: string, options: ParseCsvOptions = {}): CsvReading {
  const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const sep = SEP_LINE.exec(input);
  const body = sep ? input.slice(sep[0].length) : input;
  const firstRowNumber = sep ? 2 : 1;
  const sepChar = sep?.[1];
  const fromSepLine = sepChar !== undefined && isCandidate(sepChar) ? sepChar : undefined;
  // A retry is worth it only with a separator the first records fit as well as the likeliest one (a
  // tie): one that fits them worse would read the file into other columns, a truncated file among them.
  const scored = options.delimiter || fromSepLine ? [] : rankDelimiters(body);
  const top = scored[0];
  const ranked = options.delimiter
    ? [options.delimiter]
    : fromSepLine
      ? [fromSepLine]
      : scored.flatMap((candidate, i) => (i === 0 || (candidate.score > 0 && candidate.score === top?.score) ? [candidate.delimiter] : []));
  const delimiterSource: DelimiterSource = options.delimiter ? 'chosen' : fromSepLine ? 'sep-line' : 'detected';
  const best = ranked[0] as CsvDelimiter;

  if (input.length > MAX_FILE_BYTES) {
    return {
      delimiter: best,
      delimiterSource,
      table: fail(
        problem('csv.file-too-large', { chars: input.length, max: MAX_FILE_BYTES }, { cause: `${input.length} chars` }),
      ),
    };
  }
  if (sep && !fromSepLine && !options.delimiter) {
    const shown = sep[1] as string;
    return {
      delimiter: best,
      delimiterSource,
      table: fail(
        problem('csv.unknown-sep-line', { separator: shown }, { row: 1, cause: `sep=${shown}` }),
      ),
    };
  }

  const read = (delimiter: CsvDelimiter): Result<ParsedCsv> => {
    const rows = tokenizeCsv(body, delimiter, firstRowNumber);
    if (!rows.ok) return rows;
    return readTable(rows.value, { delimiter, firstRowNumber, ...(options.knownTitles ? { knownTitles: options.knownTitles } : {}) });
  };
  const first = read(best);
  if (first.ok && delimiterSource === 'detected' && first.value.header.length === 1) {
    const unknown = findUnknownSeparator(first.value);
    if (unknown) return { delimiter: best, delimiterSource, table: fail(unknown) };
  }
  if (first.ok || delimiterSource !== 'detected' || !first.errors.some((error) => RETRY_CODES.has(error.code))) {
    return { delimiter: best, delimiterSource, table: first };
  }
  // Rows of unequal length with the likeliest separator: one of the others may read the file whole.
  for (const delimiter of ranked.slice(1)) {
    const other = read(delimiter);
    // Not if it reads the first row as a title above the table: a truncated file would "fit" that way.
    if (other.ok && !other.warnings.some((w) => w.code === 'csv.rows-above-header')) return { delimiter, delimiterSource, table: other };
  }
  return { delimiter: best, delimiterSource, table: first };
}

/** Problems that another separator might not have. */
const RETRY_CODES = new Set(['csv.ragged-row', 'csv.empty-title', 'csv.too-many-columns', 'csv.duplicate-title']);

/** Characters some programs separate fields with that Quadro does not read. */
const OTHER_SEPARATORS = [':', '^', '~', '#', '!'];

/**
 * A file read as one column whose title row and first record both hold the same number (≥ 2) of a
 * separator Quadro does not read: refused in words rather than imported as one column.
 */
function findUnknownSeparator(table: ParsedCsv): QuadroProblem | null {
  const title = table.header[0] ?? '';
  const record = table.records[0]?.[0];
  for (const char of OTHER_SEPARATORS) {
    const count = title.split(char).length - 1;
    if (count < 2 || (record !== undefined && record.split(char).length - 1 !== count)) continue;
    return problem('csv.unknown-separator', { row: table.headerRowNumber, char }, { row: table.headerRowNumber, cause: `${count + 1} fields split by ${char}` });
  }
  return null;
}

function isCandidate(char: string): char is CsvDelimiter {
  return (CANDIDATE_DELIMITERS as readonly string[]).includes(char);
}

/**
 * The rows of fields of a CSV text split on `delimiter` (RFC 4180 quotes; CR, LF or CRLF between
 * records), or the quote problems that make it unreadable: one message per row.
 */
export function tokenizeCsv(text: string, delimiter: CsvDelimiter, firstRowNumber = 1): Result<string[][]> {
  const result = Papa.parse<string[]>(text, {
    delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    quoteChar: '"',
    escapeChar: '"',
  });
  const quoteProblems = findQuoteProblems(result.errors, result.data, firstRowNumber);
  if (quoteProblems.length > 0) return fail(...quoteProblems);
  const rows = result.data;
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === '') rows.pop(); // the line break after the last record
  return ok(rows);
}

/**
 * The candidate separators, likeliest first, from the first records: for each, its score — the share of
 * non-blank records that have its most common field count (more than one field). A title typed above
 * the table, commas in the text of a `;` file, or decimals like 1.250,50 in a `,` file leave some
 * records unequal but not most. At equal scores, a separator that leaves a quote unclosed or a quoted
 * field going on comes after those that do not, then the larger field count wins, then `;` (Italian
 * Excel's list separator), `,`, tab and `|`.
 */
export function rankDelimiters(text: string): { delimiter: CsvDelimiter; score: number; fields: number }[] {
  // A bounded sample: with a wrong separator a quoted field may not end before the end of the file.
  const cut = text.length > DELIMITER_SAMPLE_CHARS;
  const head = cut ? text.slice(0, DELIMITER_SAMPLE_CHARS) : text;
  const scored = CANDIDATE_DELIMITERS.map((delimiter, order) => {
    const sample = Papa.parse<string[]>(head, { delimiter, preview: DELIMITER_SAMPLE_RECORDS, quoteChar: '"', escapeChar: '"' });
    const rows = sample.data;
    // The record the sample cut through says nothing.
    if (cut && rows.length > 1) rows.pop();
    // Quotes that do not close where the separator says fields end: most likely the wrong separator.
    const quoteErrors = sample.errors.some((error) => error.type === 'Quotes' && !(cut && (error.row ?? 0) >= rows.length));
    const counts = new Map<number, number>();
    let nonBlank = 0;
    let widest = 0;
    for (const fields of rows) {
      widest = Math.max(widest, fields.length);
      if (fields.every((field) => field.trim() === '')) continue;
      nonBlank++;
      if (fields.length > 1) counts.set(fields.length, (counts.get(fields.length) ?? 0) + 1);
    }
    let mode = 1;
    let modeRows = 0;
    for (const [count, rowsWithCount] of counts) {
      if (rowsWithCount > modeRows || (rowsWithCount === modeRows && count > mode)) {
        mode = count;
        modeRows = rowsWithCount;
      }
    }
    return { delimiter, order, quoteErrors, widest, fields: mode, score: nonBlank === 0 ? 0 : modeRows / nonBlank };
  });
  // Quote errors only break ties: a file with one broken quote still has its separator's equal rows.
  // Among separators that split nothing reliably, one that splits something (",," is two empty fields) comes first.
  scored.sort((a, b) => b.score - a.score || Number(a.quoteErrors) - Number(b.quoteErrors) || b.fields - a.fields || b.widest - a.widest || a.order - b.order);
  return scored.map(({ delimiter, score, fields }) => ({ delimiter, score, fields }));
}

/**
 * The delimiter of a file: the likeliest of `;`, `,`, tab and `|` by the field counts of its first
 * records ({@link rankDelimiters}); a single-column file gets `;`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  return (rankDelimiters(text)[0] as { delimiter: CsvDelimiter }).delimiter;
}

/**
 * Rows of text fields (from CSV text or a spreadsheet's cells) to a checked table: blank lines and a
 * title typed above the column titles skipped (said in one warning), the title row found by "ID Quadro vN"
 * or the plan's column titles, Quadro's own columns recognised by name and role, every cell's text
 * normalised ({@link normalizeImportedText}) and the formula guard removed from Quadro's files.
 * Takes ownership of `rows`: fields are replaced in place (a copy of 10,000s of records costs more than the work).
 */
export function readTable(rows: string[][], options: ReadTableOptions = {}): Result<ParsedCsv> {
  const firstRowNumber = options.firstRowNumber ?? 1;
  const delimiter = options.delimiter ?? null;
  for (const fields of rows) normalizeInPlace(fields);

  const sizeProblems = findSizeProblems(rows, firstRowNumber);
  if (sizeProblems.length > 0) return fail(...sizeProblems);

  const headerIndex = findHeaderRow(rows, options.knownTitles ?? []);
  if (headerIndex === null) {
    return fail(
      problem('csv.no-columns', {}, { row: firstRowNumber }),
    );
  }
  const headerRowNumber = firstRowNumber + headerIndex;
  const warnings: QuadroProblem[] = [];
  if (headerIndex > 0) warnings.push(rowsAboveHeaderWarning(rows.slice(0, headerIndex), firstRowNumber, headerRowNumber));

  const header = rows[headerIndex] as string[];
  const quadro = findQuadroVersion(header, headerRowNumber);
  if (!quadro.ok) return quadro;

  // Papa's arrays are the records: no wrapper object per record, no copy (allocation is most of the cost).
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const fields = rows[i] as string[];
    // A blank line (or one holding only spaces) is no record; Excel writes an empty row as ";;;", which stays one.
    if (fields.length === 1 && (fields[0] as string).trim() === '' && header.length > 1) continue;
    if (delimiter === null) fitToHeader(fields, header.length);
    records.push(fields);
    rowNumbers.push(firstRowNumber + i);
  }
  dropTrailingEmptyColumns(header, records, warnings);

  const lastChangedColumn = findLastChangedColumn(header, records, quadro.value.version !== null);
  const writtenByQuadro = quadro.value.version !== null || lastChangedColumn !== null;
  if (writtenByQuadro) {
    restoreInPlace(header);
    // Restored in place rather than copied: 10,000s of records.
    for (const fields of records) restoreInPlace(fields);
  }

  const titleProblems = findTitleProblems(header, headerRowNumber);
  if (titleProblems.length > 0) return fail(...titleProblems);

  const ragged = findRaggedRows(header, records, rowNumbers, headerRowNumber, delimiter);
  if (ragged) return fail(ragged);

  const idColumn = quadro.value.idColumn;
  if (idColumn !== null) {
    const duplicates = findDuplicateIds(records, rowNumbers, idColumn);
    if (duplicates.length > 0) return fail(...duplicates);
  }

  return ok(
    {
      delimiter,
      header,
      headerRowNumber,
      records,
      rowNumbers,
      quadroVersion: quadro.value.version,
      writtenByQuadro,
      idColumn,
      lastChangedColumn,
      areaColumn: findAreaColumn(header, writtenByQuadro),
      notesColumn: writtenByQuadro ? findNotesColumn(header, records) : null,
    },
    warnings,
  );
}

/** The time and author in an "Ultima modifica" field (`<ISO time> · <author>`), or null. */
export function parseLastChanged(field: string): { at: string; by: string } | null {
  // Quadro's person-friendly form (local time and offset), then the ISO form of older files.
  const local = parseLocalLastChanged(field);
  if (local) return local;
  // Exactly as written first (the author kept verbatim), then leniently for hand-edited files.
  const match =
    /^(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})) · ([\s\S]*)$/.exec(field) ??
    /^\s*(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2}))\s*·\s*([\s\S]*?)\s*$/.exec(field);
  if (!match) return null;
  const time = Date.parse(match[1] as string);
  if (Number.isNaN(time)) return null;
  return { at: new Date(time).toISOString(), by: match[2] as string };
}

function normalizeInPlace(fields: string[]): void {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const normalized = normalizeImportedText(field);
    if (normalized !== field) fields[i] = normalized; // a store into an old array costs a write barrier: only when needed
  }
}

function restoreInPlace(fields: string[]): string[] {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const restored = restoreField(field);
    if (restored !== field) fields[i] = restored;
  }
  return fields;
}

/** A spreadsheet row as wide as the title row: its missing trailing cells are empty, its extra empty ones go. */
function fitToHeader(fields: string[], width: number): void {
  while (fields.length < width) fields.push('');
  while (fields.length > width && (fields[fields.length - 1] as string).trim() === '') fields.pop();
}

const isBlankRow = (fields: readonly string[]): boolean => fields.every((field) => field.trim() === '');
const filledCount = (fields: readonly string[]): number => fields.reduce((n, field) => (field.trim() === '' ? n : n + 1), 0);

/**
 * The index of the title row: the first row holding "ID Quadro vN", else the first holding two of the
 * plan's column titles (or all its titles, if it has one), within the first rows; else the first
 * non-blank row, after title rows — rows with one filled cell above a row with more (a title typed
 * above the table, "Piano operativo 2012;;;;"). Null when every row is blank.
 */
function findHeaderRow(rows: readonly string[][], knownTitles: readonly string[]): number | null {
  const nonBlank: number[] = [];
  for (let i = 0; i < rows.length && nonBlank.length < MAX_ROWS_ABOVE_HEADER; i++) if (!isBlankRow(rows[i] as string[])) nonBlank.push(i);
  if (nonBlank.length === 0) return null;
  const withId = nonBlank.find((i) => (rows[i] as string[]).some((field) => ID_HEADER_PATTERN.test(field.trim())));
  if (withId !== undefined) return withId;
  const known = new Set(knownTitles.map(normalizeTitle).filter((title) => title !== ''));
  if (known.size > 0) {
    const needed = Math.min(2, known.size);
    const withTitles = nonBlank.find((i) => (rows[i] as string[]).filter((field) => known.has(normalizeTitle(field))).length >= needed);
    if (withTitles !== undefined) return withTitles;
  }
  let k = 0;
  while (k + 1 < nonBlank.length && filledCount(rows[nonBlank[k] as number] as string[]) <= 1 && filledCount(rows[nonBlank[k + 1] as number] as string[]) > 1) k++;
  return nonBlank[k] as number;
}

/** One line for every row skipped above the title row: how many were blank and what the title said. */
function rowsAboveHeaderWarning(skipped: readonly string[][], firstRowNumber: number, headerRowNumber: number): QuadroProblem {
  const blank = skipped.filter(isBlankRow).length;
  const titles = skipped.filter((fields) => !isBlankRow(fields)).map((fields) => shorten(fields.filter((field) => field.trim() !== '').join(' ')));
  return problem('csv.rows-above-header', { headerRow: headerRowNumber, firstRow: firstRowNumber, skipped: skipped.length, blank, titles }, { row: headerRowNumber, cause: `rows ${firstRowNumber}-${headerRowNumber - 1} skipped` });
}

/**
 * "Ultima modifica": Quadro's column when the file has Quadro's ID column, or when every filled cell
 * under it reads as Quadro's time and author (a colleague deleted the ID column); else a column of text.
 */
function findLastChangedColumn(header: readonly string[], records: readonly string[][], hasId: boolean): number | null {
  const column = indexOfTitle(header, LAST_CHANGED_HEADER);
  if (column === null || hasId) return column;
  for (const fields of records) {
    const field = fields[column] ?? '';
    if (field.trim() !== '' && parseLastChanged(field) === null) return null;
  }
  return column;
}

/** Quadro's notes column: its title, and every field reads as notes (else it is a person's own column of that name). */
function findNotesColumn(header: readonly string[], records: readonly string[][]): number | null {
  const column = indexOfTitle(header, NOTES_HEADER);
  if (column === null) return null;
  for (const fields of records) if (parseNotesField(fields[column] ?? '') === null) return null;
  return column;
}

/** "Area" first (Quadro writes it there), or anywhere in a file Quadro wrote. */
function findAreaColumn(header: readonly string[], writtenByQuadro: boolean): number | null {
  if (normalizeTitle(header[0] ?? '') === normalizeTitle(AREA_HEADER)) return 0;
  return writtenByQuadro ? indexOfTitle(header, AREA_HEADER) : null;
}

function findQuoteProblems(errors: readonly Papa.ParseError[], data: readonly string[][], firstRowNumber: number): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  const reportedRows = new Set<number>();
  for (const error of errors) {
    if (error.code !== 'MissingQuotes' && error.code !== 'InvalidQuotes') continue;
    // papaparse saves the unfinished record with the unterminated field last.
    const index = error.row ?? (error.code === 'MissingQuotes' ? data.length - 1 : 0);
    const rowNumber = index + firstRowNumber;
    // One broken quote can give both errors on the same row: one message per row.
    if (reportedRows.has(rowNumber)) continue;
    reportedRows.add(rowNumber);
    if (error.code === 'MissingQuotes') {
      const fieldCount = data[index]?.length ?? 1;
      problems.push(
        problem('csv.unbalanced-quote', { row: rowNumber, column: columnPlace(fieldCount - 1) }, { row: rowNumber, column: fieldCount, cause: error.message }),
      );
    } else {
      problems.push(
        problem('csv.bad-quote', { row: rowNumber }, { row: rowNumber, cause: error.message }),
      );
    }
    if (problems.length >= MAX_REPORTED) break;
  }
  return problems;
}

function findSizeProblems(rows: readonly string[][], firstRowNumber: number): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  for (let r = 0; r < rows.length && problems.length < MAX_REPORTED; r++) {
    const fields = rows[r] as string[];
    const rowNumber = r + firstRowNumber;
    if (fields.length > MAX_COLUMNS) {
      problems.push(
        problem('csv.too-many-columns', { row: rowNumber, count: fields.length, max: MAX_COLUMNS }, { row: rowNumber, column: fields.length }),
      );
      continue;
    }
    for (let c = 0; c < fields.length; c++) {
      const length = (fields[c] as string).length;
      if (length > MAX_FIELD_CHARS) {
        problems.push(
          problem('csv.field-too-long', { row: rowNumber, column: columnPlace(c), length, max: MAX_FIELD_CHARS }, { row: rowNumber, column: c + 1 }),
        );
      }
    }
  }
  return problems;
}

function findQuadroVersion(header: readonly string[], headerRowNumber: number): Result<{ version: number | null; idColumn: number | null }> {
  for (let c = 0; c < header.length; c++) {
    const match = ID_HEADER_PATTERN.exec((header[c] as string).trim());
    if (!match) continue;
    const version = Number(match[1]);
    if (version > QUADRO_CSV_VERSION) {
      return fail(
        problem('csv.newer-version', { version, supported: QUADRO_CSV_VERSION }, { row: headerRowNumber, column: c + 1, cause: `version ${version}` }),
      );
    }
    if (version < 1) {
      return fail(
        problem('csv.unknown-version', { row: headerRowNumber, letter: columnLetter(c), format: header[c] as string }, { row: headerRowNumber, column: c + 1 }),
      );
    }
    return ok({ version, idColumn: c });
  }
  return ok({ version: null, idColumn: null });
}

/**
 * Excel and LibreOffice sometimes write empty columns past the data (a cell that once had a
 * format). An untitled, empty last column carries nothing, so it is dropped with a warning.
 */
function dropTrailingEmptyColumns(header: string[], records: readonly string[][], warnings: QuadroProblem[]): void {
  let dropped = 0;
  while (header.length > 1) {
    const last = header.length - 1;
    if ((header[last] as string).trim() !== '') break;
    if (!records.every((fields) => fields.length === header.length && (fields[last] as string).trim() === '')) break;
    header.pop();
    for (const fields of records) fields.pop();
    dropped++;
  }
  if (dropped > 0) {
    warnings.push(
      problem('csv.empty-columns-dropped', { count: dropped }),
    );
  }
}

function findTitleProblems(header: readonly string[], headerRowNumber: number): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  const firstByTitle = new Map<string, number>();
  const untitled: number[] = [];
  const row = headerRowNumber;
  header.forEach((title, c) => {
    const where = columnPlace(c, title);
    const normalized = normalizeTitle(title);
    if (normalized === '') {
      untitled.push(c);
      return;
    }
    if (FORBIDDEN_TITLES.includes(normalized)) {
      problems.push(
        problem('csv.forbidden-title', { row, column: where, title: title.trim() }, { row, column: c + 1, cause: title }),
      );
      return;
    }
    const valid = validateTitle(title, 'column');
    if (!valid.ok) {
      const reason = valid.errors[0] as QuadroProblem;
      problems.push(
        problem('csv.title-too-long', { row, column: where, reason }, { row, column: c + 1, cause: reason.code }),
      );
      return;
    }
    const first = firstByTitle.get(normalized);
    if (first !== undefined) {
      problems.push(
        problem('csv.duplicate-title', { row, column: where, other: columnPlace(first), title: shorten(title) }, { row, column: c + 1, cause: `same title as column ${first + 1}` }),
      );
      return;
    }
    firstByTitle.set(normalized, c);
  });
  if (untitled.length > 0) {
    // One message for every untitled column: nine identical lines say less than one.
    problems.unshift(problem('csv.empty-title', { row, letters: untitled.map(columnLetter) }, { row, column: (untitled[0] as number) + 1 }));
  }
  return problems.slice(0, MAX_REPORTED);
}

/**
 * One message for every record whose field count differs from the title row's: the first such row,
 * how many others, the separator the file was read with and what to do.
 */
function findRaggedRows(
  header: readonly string[],
  records: readonly string[][],
  rowNumbers: readonly number[],
  headerRowNumber: number,
  delimiter: CsvDelimiter | null,
): QuadroProblem | null {
  const ragged: number[] = [];
  for (let r = 0; r < records.length; r++) if ((records[r] as string[]).length !== header.length) ragged.push(r);
  const first = ragged[0];
  if (first === undefined) return null;
  const fields = (records[first] as string[]).length;
  const rowNumber = rowNumbers[first] as number;
  const others = ragged.slice(1).map((r) => rowNumbers[r] as number);
  return problem(
    'csv.ragged-row',
    { row: rowNumber, fields, expected: header.length, headerRow: headerRowNumber, others: others.slice(0, 5), more: others.length - 5, separator: delimiter },
    { row: rowNumber, column: Math.min(fields, header.length) + 1, cause: `${fields} vs ${header.length}${others.length > 0 ? ` (+${others.length} rows)` : ''}` },
  );
}

function findDuplicateIds(records: readonly string[][], rowNumbers: readonly number[], idColumn: number): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  const rowById = new Map<string, number>();
  records.forEach((fields, r) => {
    const id = (fields[idColumn] as string).trim();
    if (id === '' || problems.length >= MAX_REPORTED) return;
    const rowNumber = rowNumbers[r] as number;
    const first = rowById.get(id);
    if (first === undefined) {
      rowById.set(id, rowNumber);
      return;
    }
    problems.push(
      problem('csv.duplicate-id', { row: rowNumber, column: columnPlace(idColumn), firstRow: first, id: shorten(id) }, { row: rowNumber, column: idColumn + 1, cause: `same ID as row ${first}` }),
    );
  });
  return problems;
}

function indexOfTitle(header: readonly string[], title: string): number | null {
  const wanted = normalizeTitle(title);
  const index = header.findIndex((candidate) => normalizeTitle(candidate) === wanted);
  return index === -1 ? null : index;
}
