// The Quadro CSV format in one place: header names, the version marker, limits, and title normalization.
import type { ColumnPlace } from '../model/problem-codes.ts';
import { RESERVED_TITLES } from '../model/names.ts';

/** The version of the CSV layout this code writes and reads. */
export const QUADRO_CSV_VERSION = 1;

/**
 * Header of the ID column. It doubles as the signature "written by Quadro, format vN": plain words
 * and a digit, so Excel and LibreOffice keep it as text when they re-save the file.
 */
export const ID_HEADER = `ID Quadro v${QUADRO_CSV_VERSION}`;
/** Matches the ID header of any version (after trimming), capturing the version number. */
export const ID_HEADER_PATTERN = /^ID Quadro v(\d+)$/i;
export const AREA_HEADER = 'Area';
export const LAST_CHANGED_HEADER = 'Ultima modifica';
/** Between the ISO time and the author in the "Ultima modifica" column (· exists in Windows-1252). */
export const LAST_CHANGED_SEPARATOR = ' · ';

export const UTF8_BOM = '\uFEFF';
export const DEFAULT_DELIMITER = ';';
/** Between records of every CSV Quadro writes: Excel's own line end. */
export const CSV_RECORD_SEPARATOR = '\r\n';
/** A field is quoted when it holds any possible delimiter, a quote or a line break, or white space at either end (spreadsheets trim it). */
export const CSV_NEEDS_QUOTES = /[;,\t"\r\n]|^\s|\s$/;
/** What an imported file may be separated by (`|` from some databases and hand-typed files); exports use `;` or `,`. */
export type CsvDelimiter = ';' | ',' | '\t' | '|';
export type ExportDelimiter = ';' | ',';
/** CSV (any program, any device) or an Excel workbook (wrapped text, widths, frozen titles; one sheet per area). */
export type ExportFormat = 'csv' | 'xlsx';

/** Larger files are refused before decoding: a plan is a few hundred kilobytes. */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
/** Longer fields are refused: no real cell is a million characters, and it guards memory. */
export const MAX_FIELD_CHARS = 1_000_000;
/** Wider files are refused: a matrix has a handful of columns. */
export const MAX_COLUMNS = 500;

/** Column titles that would reach Object.prototype if anyone ever used them as keys: the app's one list. */
export const FORBIDDEN_TITLES: readonly string[] = RESERVED_TITLES;

/** A title or a first-column text reduced for comparison: zero-width characters gone, trimmed, spaces collapsed, case folded. */
export function normalizeTitle(text: string): string {
  return text.normalize('NFC').replace(ZERO_WIDTH, '').trim().replace(/\s+/g, ' ').toLowerCase();
}
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** The column letters a spreadsheet shows for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** Where a problem is, the way the spreadsheet shows it: the column's letter and its title, shortened (the words: "colonna C («Titolo»)"). */
export function columnPlace(index: number, title?: string): ColumnPlace {
  return title !== undefined && title !== '' ? { letter: columnLetter(index), title: shorten(title) } : { letter: columnLetter(index) };
}

/** A text cut to a readable length for messages. */
export function shorten(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
