// Export: a plan or one area as an Excel-ready CSV string (BOM, `;`, CRLF, RFC 4180 quoting, no formulas).
import { areasInOrder, cellText, columnsOfArea, lastChangeOfRow, rowsOfArea } from '../model/plan.ts';
import type { Column, PlanDocument, Row } from '../model/types.ts';
import {
  CSV_NEEDS_QUOTES,
  CSV_RECORD_SEPARATOR,
  AREA_HEADER,
  ID_HEADER,
  LAST_CHANGED_HEADER,
  UTF8_BOM,
  columnLetter,
  normalizeTitle,
  type ExportDelimiter,
} from './format.ts';
import { neutralizeField } from './neutralize.ts';
import { formatLastChangedField, LOCAL_OFFSET, type OffsetAt } from './last-changed.ts';
import { anyNotes } from '../model/notes.ts';
import { formatNotesField, NOTES_HEADER } from './notes-field.ts';

export type ExportScope = { kind: 'plan' } | { kind: 'area'; areaId: string };
export interface ExportOptions {
  delimiter: ExportDelimiter;
  /** The local offset at an instant, for "Ultima modifica" (default: this device's time zone; tests fix it). */
  offsetAt?: OffsetAt;
}

/** One content column of the file: its header and, per area, the plan column it holds. */
export interface FileColumn {
  header: string;
  columnIdByArea: Map<string, string>;
}

const QUOTE = /"/g;

/**
 * The CSV text of a whole plan (leading "Area" column, content columns shared by title) or of one
 * area, followed by the ID and "Ultima modifica" columns. Starts with a BOM so Excel reads UTF-8.
 */
export function serializePlanCsv(doc: PlanDocument, scope: ExportScope, options: ExportOptions): string {
  const delimiter = options.delimiter;
  const offsetAt = options.offsetAt ?? LOCAL_OFFSET;
  // The hot loop of an export: indexOf and char codes (measured faster than one regex here).
  const writeField = (text: string): string => {
    if (text === '') return text;
    const safe = neutralizeField(text);
    if (
      safe.indexOf(delimiter) !== -1 ||
      safe.indexOf('"') !== -1 ||
      safe.indexOf('\n') !== -1 ||
      safe.indexOf('\r') !== -1 ||
      isSpaceCode(safe.charCodeAt(0)) ||
      isSpaceCode(safe.charCodeAt(safe.length - 1))
    ) {
      return safe.includes('"') ? `"${safe.replace(QUOTE, '""')}"` : `"${safe}"`;
    }
    return safe;
  };

  const areas = scope.kind === 'plan' ? areasInOrder(doc) : doc.areas.filter((area) => area.id === scope.areaId);
  const withAreaColumn = scope.kind === 'plan';
  // Issue 23: the notes column only when some row has notes, so a plan without notes exports as it always did.
  const withNotes = areas.some((area) => anyNotes(rowsOfArea(doc, area.id)));
  const fileColumns = layOutColumns(
    areas.map((area) => ({ areaId: area.id, columns: columnsOfArea(doc, area.id) })),
    withNotes,
  );

  const header = [
    ...(withAreaColumn ? [AREA_HEADER] : []),
    ...fileColumns.map((column) => column.header),
    ID_HEADER,
    LAST_CHANGED_HEADER,
    ...(withNotes ? [NOTES_HEADER] : []),
  ];
  // One growing string, as Papa.unparse does: V8 keeps it as a rope, cheaper than joining arrays.
  let csv = UTF8_BOM + writeCsvHeader(header, delimiter) + CSV_RECORD_SEPARATOR;
  for (const area of areas) {
    const columnIds = fileColumns.map((column) => column.columnIdByArea.get(area.id));
    const titleOf = fileTitles(fileColumns, area.id);
    const areaField = withAreaColumn ? writeField(area.title) + delimiter : '';
    for (const row of rowsOfArea(doc, area.id)) {
      csv += areaField;
      for (const columnId of columnIds) {
        if (columnId !== undefined) csv += writeField(cellText(row, columnId));
        csv += delimiter;
      }
      csv += writeField(row.id) + delimiter + writeField(formatLastChanged(row, offsetAt));
      if (withNotes) csv += delimiter + writeField(formatNotesField(row, columnIds, titleOf, offsetAt));
      csv += CSV_RECORD_SEPARATOR;
    }
  }
  return csv;
}

/**
 * White space at either end of a field is quoted so no spreadsheet's "trim spaces" option eats it
 * (the same characters as the regex \s, tested by code for speed).
 */
function isSpaceCode(code: number): boolean {
  if (code > 32 && code < 0xa0) return false;
  return (
    code <= 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The "Ultima modifica" field of a row, for a person: local time with its offset and the author
 * (`26/11/2026 14:34:31 +01:00 · Mario Rossi`), empty for a row without cells.
 */
export function formatLastChanged(row: Row, offsetAt: OffsetAt = LOCAL_OFFSET): string {
  const last = lastChangeOfRow(row);
  return last ? formatLastChangedField(last.at, last.by, offsetAt) : '';
}

/**
 * The content columns of the file: areas with the same titles share a column, in order of first
 * appearance. Titles are made unique and never empty, because the importer refuses duplicate or
 * empty titles and would mistake a column named like Quadro's own columns for them.
 */
export function layOutColumns(areas: readonly { areaId: string; columns: readonly Column[] }[], withNotes = false): FileColumn[] {
  const fileColumns: FileColumn[] = [];
  const byKey = new Map<string, FileColumn>();
  const usedHeaders = new Set([normalizeTitle(AREA_HEADER), normalizeTitle(ID_HEADER), normalizeTitle(LAST_CHANGED_HEADER)]);
  if (withNotes) usedHeaders.add(normalizeTitle(NOTES_HEADER));
  for (const { areaId, columns } of areas) {
    const seenInArea = new Map<string, number>();
    columns.forEach((column, position) => {
      const title = column.title.trim() === '' ? `Colonna ${columnLetter(position)}` : column.title;
      const normalized = normalizeTitle(title);
      const occurrence = (seenInArea.get(normalized) ?? 0) + 1;
      seenInArea.set(normalized, occurrence);
      const key = `${occurrence}\u0000${normalized}`;
      let fileColumn = byKey.get(key);
      if (!fileColumn) {
        fileColumn = { header: uniqueHeader(title, usedHeaders), columnIdByArea: new Map() };
        byKey.set(key, fileColumn);
        fileColumns.push(fileColumn);
      }
      fileColumn.columnIdByArea.set(areaId, column.id);
    });
  }
  return fileColumns;
}

/** The file column header of each plan column of an area: how a note names its column in the file. */
export function fileTitles(fileColumns: readonly FileColumn[], areaId: string): (columnId: string) => string {
  const titles = new Map<string, string>();
  for (const column of fileColumns) {
    const columnId = column.columnIdByArea.get(areaId);
    if (columnId !== undefined) titles.set(columnId, column.header);
  }
  return (columnId) => titles.get(columnId) ?? '';
}

/** The title itself when free, else "title (2)", "title (3)"…; records the choice in `used`. */
function uniqueHeader(title: string, used: Set<string>): string {
  let candidate = title;
  for (let n = 2; used.has(normalizeTitle(candidate)); n++) candidate = `${title} (${n})`;
  used.add(normalizeTitle(candidate));
  return candidate;
}

/**
 * The header line. Titles with any possible delimiter are quoted so detection counts only real
 * delimiters. Excel takes a file starting with "ID" for SYLK, so a first title "ID…" is quoted too.
 */
export function writeCsvHeader(header: readonly string[], delimiter: string): string {
  const fields = header.map((title, c) => {
    const safe = neutralizeField(title);
    const quote = CSV_NEEDS_QUOTES.test(safe) || (c === 0 && safe.startsWith('ID'));
    return quote ? `"${safe.replace(QUOTE, '""')}"` : safe;
  });
  return fields.join(delimiter);
}
