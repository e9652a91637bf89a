// A plan (or one area) as the .xlsx Quadro exports: the CSV's columns and texts, as sheets with the grid's widths.
import { areasInOrder, cellText, columnsOfArea, rowsOfArea } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import { problem, type QuadroProblem } from '../model/errors.ts';
import { AREA_HEADER, ID_HEADER, LAST_CHANGED_HEADER } from '../csv/format.ts';
import { fileTitles, formatLastChanged, layOutColumns } from '../csv/serialize.ts';
import { formatNotesField, NOTES_HEADER } from '../csv/notes-field.ts';
import { anyNotes } from '../model/notes.ts';
import { neutralizeField } from '../csv/neutralize.ts';
import { LOCAL_OFFSET, type OffsetAt } from '../csv/last-changed.ts';
import { columnWidths } from '../grid/grid-settings.ts';
import { sheetNames } from './sheet-names.ts';
import { EXCEL_MAX_CELL_CHARS, writeXlsxWorkbook, type SheetSpec } from './write.ts';

/** What goes in the file: one area on one sheet; the plan on one sheet with an Area column (as the CSV); or each area on a sheet of its own. */
export type XlsxScope = { kind: 'area'; areaId: string } | { kind: 'plan' } | { kind: 'each-area' };

export interface XlsxExportOptions {
  /** The local offset at an instant, for "Ultima modifica" (default: this device's time zone; tests fix it). */
  offsetAt?: OffsetAt;
}

/** A cell longer than Excel holds: Excel would cut it on opening, and a save there would bring the cut text back. */
export interface LongCell {
  sheet: string;
  row: number;
  column: string;
  length: number;
}

export interface PlanWorkbook {
  bytes: Uint8Array;
  longCells: LongCell[];
  /** What the export dialog says about the file: the cells Excel would cut, if any. */
  warnings: QuadroProblem[];
}

/** Column widths in Excel's unit (characters of the default font) for Quadro's own columns. */
const AREA_WIDTH_CHARS = 22;
const ID_WIDTH_CHARS = 38;
const LAST_CHANGED_WIDTH_CHARS = 30;
const NOTES_WIDTH_CHARS = 60;

/** Grid pixels as Excel characters: Calibri 11's digit is 7 px, plus 5 px of padding. */
function widthInChars(px: number): number {
  return Math.min(150, Math.max(4, Math.round(((px - 5) / 7) * 100) / 100));
}

/**
 * The text as written to a cell. No formula guard: every cell is a text cell, which no spreadsheet
 * evaluates. Only a text that *looks* guarded (`'=…`) gets one more `'`, because the importer
 * removes the guard Quadro's CSV writes, also from a Quadro CSV a colleague re-saved as .xlsx.
 */
function cellField(text: string): string {
  return text.charCodeAt(0) === 0x27 ? neutralizeField(text) : text;
}

/** The sheets of the export, in the plan's area order; sheet names are the same whatever the scope. */
export function planSheets(doc: PlanDocument, scope: XlsxScope, options: XlsxExportOptions = {}): SheetSpec[] {
  const offsetAt = options.offsetAt ?? LOCAL_OFFSET;
  const ordered = areasInOrder(doc);
  const names = sheetNames(ordered.map((area) => area.title));
  const namesByArea = new Map(ordered.map((area, i) => [area.id, names[i] as string]));

  const sheetOf = (areaIds: readonly string[], name: string, withAreaColumn: boolean): SheetSpec => {
    const areas = ordered.filter((area) => areaIds.includes(area.id));
    const columnsByArea = areas.map((area) => ({ areaId: area.id, columns: columnsOfArea(doc, area.id) }));
    // Issue 23: the notes column as in the CSV, only when some row has notes.
    const withNotes = areas.some((area) => anyNotes(rowsOfArea(doc, area.id)));
    const fileColumns = layOutColumns(columnsByArea, withNotes);
    // Each file column takes the width the grid gives its column in the first area that has it.
    const widths = fileColumns.map((fileColumn) => {
      for (const { areaId, columns } of columnsByArea) {
        const position = columns.findIndex((column) => column.id === fileColumn.columnIdByArea.get(areaId));
        if (position !== -1) return widthInChars(columnWidths(columns)[position] as number);
      }
      return widthInChars(columnWidths([{}, {}])[1] as number);
    });
    const header = [...(withAreaColumn ? [AREA_HEADER] : []), ...fileColumns.map((column) => column.header), ID_HEADER, LAST_CHANGED_HEADER, ...(withNotes ? [NOTES_HEADER] : [])].map(cellField);
    const rows: string[][] = [];
    for (const area of areas) {
      const columnIds = fileColumns.map((column) => column.columnIdByArea.get(area.id));
      const titleOf = fileTitles(fileColumns, area.id);
      for (const row of rowsOfArea(doc, area.id)) {
        const fields = withAreaColumn ? [cellField(area.title)] : [];
        for (const columnId of columnIds) fields.push(columnId === undefined ? '' : cellField(cellText(row, columnId)));
        fields.push(row.id, formatLastChanged(row, offsetAt));
        if (withNotes) fields.push(cellField(formatNotesField(row, columnIds, titleOf, offsetAt)));
        rows.push(fields);
      }
    }
    return {
      name,
      header,
      rows,
      widths: [...(withAreaColumn ? [AREA_WIDTH_CHARS] : []), ...widths, ID_WIDTH_CHARS, LAST_CHANGED_WIDTH_CHARS, ...(withNotes ? [NOTES_WIDTH_CHARS] : [])],
      // The ambito stays on screen, and on the plan's sheet the area before it.
      frozenColumns: withAreaColumn ? 2 : 1,
    };
  };

  switch (scope.kind) {
    case 'area':
      return [sheetOf([scope.areaId], namesByArea.get(scope.areaId) ?? 'Foglio1', false)];
    case 'plan':
      return [sheetOf(ordered.map((area) => area.id), sheetNames([doc.plan.name], () => 'Piano')[0] as string, true)];
    case 'each-area':
      return ordered.map((area) => sheetOf([area.id], namesByArea.get(area.id) as string, false));
  }
}

/** The .xlsx bytes of a plan or an area, and the cells too long for Excel (the export dialog names them). */
export function buildPlanWorkbook(doc: PlanDocument, scope: XlsxScope, options: XlsxExportOptions = {}): PlanWorkbook {
  const sheets = planSheets(doc, scope, options);
  const longCells: LongCell[] = [];
  for (const sheet of sheets) {
    sheet.rows.forEach((fields, r) => {
      fields.forEach((text, c) => {
        if (text.length > EXCEL_MAX_CELL_CHARS) longCells.push({ sheet: sheet.name, row: r + 2, column: sheet.header[c] ?? '', length: text.length });
      });
    });
  }
  return { bytes: writeXlsxWorkbook(sheets), longCells, warnings: longCells.length > 0 ? [longCellsWarning(longCells)] : [] };
}

function longCellsWarning(cells: readonly LongCell[]): QuadroProblem {
  const first = cells[0] as LongCell;
  const n = cells.length;
  return problem(
    'xlsx.long-cells',
    { count: n, max: EXCEL_MAX_CELL_CHARS, sheet: first.sheet, column: first.column, row: first.row },
    { row: first.row, cause: `${n} cells over ${EXCEL_MAX_CELL_CHARS} chars` },
  );
}
