// Export as .xlsx: sheets of text cells (never formulas) with wrapped text, column widths, a frozen header row and first columns, printable on A4 landscape.
import { columnLetter } from '../csv/format.ts';
import { encodeXstring, escapeXmlText } from './xml.ts';
import { zipParts } from './zip.ts';

export interface SheetSpec {
  /** A valid, unique sheet name (see `sheetNames`). */
  name: string;
  /** Row 1, in bold. */
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** Each column's width in characters of the default font (Excel's unit). */
  widths: readonly number[];
  /** How many columns stay on screen when scrolling sideways (the ambito, and the area before it). */
  frozenColumns: number;
}

/** Excel holds at most this many characters in a cell, and cuts (or refuses) longer text. */
export const EXCEL_MAX_CELL_CHARS = 32_767;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style ids in styles.xml's cellXfs: text format "@", wrapped, at the top of the cell; the header also bold on grey. */
const BODY_STYLE = 1;
const HEADER_STYLE = 2;

const STYLES_XML =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="3">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  // "@" (text): a number or date a colleague types into a Quadro cell stays the text typed, as Quadro reads it back.
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** Texts up to this long are written once and shared by every cell that holds them. */
const SHARED_TEXT_MAX_CHARS = 200;

/** Shared strings, as Excel writes them: each distinct short text once, cells pointing at it by index. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly parts: string[] = [];
  count = 0;

  add(text: string): number {
    this.count++;
    // Short texts repeat (area titles, authors, "Piano operativo 2012 (testo originale)"); hashing each
    // long cell to find a twin costs more than the twin saves.
    const shared = text.length <= SHARED_TEXT_MAX_CHARS;
    let at = shared ? this.index.get(text) : undefined;
    if (at === undefined) {
      at = this.parts.length;
      if (shared) this.index.set(text, at);
      // Spaces at either end are kept only with xml:space="preserve".
      const preserve = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      this.parts.push(`<si><t${preserve}>${escapeXmlText(encodeXstring(text))}</t></si>`);
    }
    return at;
  }

  xml(): string {
    return `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.parts.length}">${this.parts.join('')}</sst>`;
  }
}

function sheetXml(sheet: SheetSpec, strings: SharedStrings, selected: boolean): string {
  const columnCount = Math.max(sheet.header.length, 1);
  const rowCount = sheet.rows.length + 1;
  const lastCell = `${columnLetter(columnCount - 1)}${rowCount}`;
  const frozen = Math.min(Math.max(sheet.frozenColumns, 0), columnCount - 1);
  const topLeft = `${columnLetter(frozen)}2`;
  const pane =
    frozen > 0
      ? `<pane xSplit="${frozen}" ySplit="1" topLeftCell="${topLeft}" activePane="bottomRight" state="frozen"/>` +
        `<selection pane="topRight"/><selection pane="bottomLeft"/><selection pane="bottomRight" activeCell="${topLeft}" sqref="${topLeft}"/>`
      : `<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`;
  const cols = sheet.header
    .map((_, c) => `<col min="${c + 1}" max="${c + 1}" width="${(sheet.widths[c] ?? 20).toFixed(2)}" style="${BODY_STYLE}" customWidth="1"/>`)
    .join('');
  const parts: string[] = [
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
    `<dimension ref="A1:${lastCell}"/>`,
    `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>`,
    '<sheetFormatPr defaultRowHeight="15"/>',
    `<cols>${cols}</cols>`,
    '<sheetData>',
  ];
  const writeRow = (r: number, fields: readonly string[], style: number): void => {
    let row = `<row r="${r}" ht="${rowHeight(fields, sheet.widths)}">`;
    for (let c = 0; c < fields.length; c++) {
      const text = fields[c] as string;
      const ref = `${columnLetter(c)}${r}`;
      // Every cell a string, even "=SOMMA(A1)" or "2012": what the plan holds is text, and no program evaluates it.
      row += text === '' ? `<c r="${ref}" s="${style}"/>` : `<c r="${ref}" s="${style}" t="s"><v>${strings.add(text)}</v></c>`;
    }
    parts.push(`${row}</row>`);
  };
  writeRow(1, sheet.header, HEADER_STYLE);
  sheet.rows.forEach((fields, i) => writeRow(i + 2, fields, BODY_STYLE));
  parts.push(
    '</sheetData>',
    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>',
    // A4 landscape, all columns on the page's width, as many pages down as the text needs.
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
    '</worksheet>',
  );
  return parts.join('');
}

/** Points per line of Calibri 11 (Excel's default row is 15 pt for one line), and the most Excel allows a row. */
const LINE_POINTS = 15;
const MAX_ROW_POINTS = 409;
/**
 * Characters of ordinary text per line of a column `width` characters wide: the width unit is a digit,
 * and text averages narrower; a little under the average, so a row is rather too tall than cut.
 */
const TEXT_CHARS_PER_WIDTH = 1.3;

/**
 * A row's height for its wrapped text, estimated from the longest cell's lines. Excel and LibreOffice
 * do not size rows to wrapped text when they open a file (LibreOffice shows one line of each cell), so
 * the height is written; it is not marked custom, so Excel sizes the row again when a cell is edited.
 */
function rowHeight(fields: readonly string[], widths: readonly number[]): number {
  let lines = 1;
  fields.forEach((text, c) => {
    if (text === '') return;
    const perLine = Math.max(1, Math.floor((widths[c] ?? 20) * TEXT_CHARS_PER_WIDTH));
    let cellLines = 0;
    for (const paragraph of text.split('\n')) cellLines += Math.max(1, Math.ceil(paragraph.length / perLine));
    lines = Math.max(lines, cellLines);
  });
  return Math.min(MAX_ROW_POINTS, lines * LINE_POINTS);
}

/** A sheet name as an attribute value (Excel escapes its sheet names like cell text). */
const attribute = (text: string): string => escapeXmlText(encodeXstring(text));

/**
 * The .xlsx file of `sheets`. Every cell is a text cell (a leading "=" stays text), the header row
 * and `frozenColumns` columns are frozen, text wraps at the top of its cell, and each sheet prints
 * on A4 landscape with the header row repeated on every page.
 */
export function writeXlsxWorkbook(sheets: readonly SheetSpec[]): Uint8Array {
  const strings = new SharedStrings();
  const encoder = new TextEncoder();
  const sheetParts = sheets.map((sheet, i) => [`xl/worksheets/sheet${i + 1}.xml`, encoder.encode(sheetXml(sheet, strings, i === 0))] as const);

  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    '</Types>';
  const rootRels =
    `${XML_DECLARATION}<Relationships xmlns="${PKG_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>';
  const sheetEntries = sheets.map((sheet, i) => `<sheet name="${attribute(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  // Print titles: the header row on every printed page.
  const printTitles = sheets
    .map((sheet, i) => `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${attribute(sheet.name.replace(/'/g, "''"))}'!$1:$1</definedName>`)
    .join('');
  const workbook =
    `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${sheetEntries}</sheets>` +
    `<definedNames>${printTitles}</definedNames>` +
    '</workbook>';
  const workbookRels =
    `${XML_DECLARATION}<Relationships xmlns="${PKG_REL_NS}">` +
    sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('') +
    `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
    '</Relationships>';

  return zipParts([
    ['[Content_Types].xml', encoder.encode(contentTypes)],
    ['_rels/.rels', encoder.encode(rootRels)],
    ['xl/workbook.xml', encoder.encode(workbook)],
    ['xl/_rels/workbook.xml.rels', encoder.encode(workbookRels)],
    ['xl/styles.xml', encoder.encode(STYLES_XML)],
    ...sheetParts,
    ['xl/sharedStrings.xml', encoder.encode(strings.xml())],
  ]);
}
