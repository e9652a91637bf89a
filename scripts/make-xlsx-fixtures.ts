// Regenerates tests/fixtures/xlsx: .xlsx files as LibreOffice writes them (made by LibreOffice here) and as Excel
// writes them (no Excel here: written by hand, part by part, after files Excel saves; named "handmade-excel-like").
// `npx tsx scripts/make-xlsx-fixtures.ts` from the repository root; needs soffice and /usr/bin/python3 with uno.
//
// The Quadro export in every file is the bundled 2012 plan's AREA IMMIGRAZIONE, and "edited" means one word
// changed in one cell, as in tests/fixtures/csv (scripts/make-csv-fixtures.sh): GOVERNANCE NAZIONALE /
// "Risultati previsti al 2011", "report semestrali" → "report trimestrali".
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { loadDefaultPlan } from '../src/lib/seed/default-plan.ts';
import { buildPlanWorkbook, planSheets } from '../src/lib/xlsx/plan-workbook.ts';
import { columnLetter } from '../src/lib/csv/format.ts';
import type { PlanDocument } from '../src/lib/model/types.ts';

const OUT = 'tests/fixtures/xlsx';
const work = mkdtempSync(join(tmpdir(), 'quadro-xlsx-fixtures-'));
mkdirSync(OUT, { recursive: true });

const doc = await loadDefaultPlan();
const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
const ambito = doc.columns.find((c) => c.areaId === area.id && c.title === 'AMBITO')!;
const column = doc.columns.find((c) => c.areaId === area.id && c.title === 'Risultati previsti al 2011')!;
const target = doc.rows.find((row) => row.areaId === area.id && row.cells[ambito.id]?.text === 'GOVERNANCE NAZIONALE')!;

/** The plan with the one word changed, the way a colleague's spreadsheet edit leaves every other text as it was. */
function edited(original: PlanDocument): PlanDocument {
  const copy = structuredClone(original);
  const row = copy.rows.find((r) => r.id === target.id)!;
  const cell = row.cells[column.id]!;
  row.cells[column.id] = { ...cell, text: cell.text.replace('report semestrali', 'report trimestrali') };
  return copy;
}

// "Ultima modifica" in a fixed zone, so the fixtures do not depend on where they were made.
const offsetAt = (): number => 60;

// 1. Quadro's own export (made by Quadro's writer).
const exportBytes = buildPlanWorkbook(doc, { kind: 'area', areaId: area.id }, { offsetAt }).bytes;
writeFileSync(join(OUT, 'plan-2012-immigrazione-quadro.xlsx'), exportBytes);

// 2. LibreOffice: the export opened, the cell edited (setString, as typed) and saved as .xlsx; the same saved
//    with a password; and the export converted to .ods and .xls, the formats Quadro refuses in words.
const oldText = target.cells[column.id]!.text;
const newText = oldText.replace('report semestrali', 'report trimestrali');
const rowNumber = planSheets(doc, { kind: 'area', areaId: area.id }, { offsetAt })[0]!.rows.findIndex((fields) => fields.includes(target.id)) + 2;
const columnIndex = planSheets(doc, { kind: 'area', areaId: area.id }, { offsetAt })[0]!.header.indexOf('Risultati previsti al 2011');
const cell = `${columnLetter(columnIndex)}${rowNumber}`;
writeFileSync(join(work, 'export.xlsx'), exportBytes);
const jobs = [
  { in: join(work, 'export.xlsx'), sheet: 1, cell, text: newText, out: join(OUT, 'plan-2012-immigrazione-edited-libreoffice.xlsx'), format: 'xlsx' },
  { in: join(work, 'export.xlsx'), sheet: 1, cell, text: newText, out: join(OUT, 'plan-2012-immigrazione-edited-libreoffice-password.xlsx'), format: 'xlsx', password: 'quadro' },
];
writeFileSync(join(work, 'jobs.json'), JSON.stringify(jobs));
execFileSync('/usr/bin/python3', ['scripts/libreoffice-edit-cell.py', join(work, 'jobs.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
for (const format of ['ods', 'xls']) {
  execFileSync('soffice', [`-env:UserInstallation=file://${join(work, 'profile')}`, '--headless', '--convert-to', format, '--outdir', work, join(work, 'export.xlsx')], { stdio: 'ignore' });
  copyFileSync(join(work, `export.${format}`), join(OUT, `plan-2012-immigrazione-libreoffice.${format}`));
}

// 3. Hand-written after Excel. What Excel (Microsoft 365, Windows; Excel for iPad and for Mac 2016+ write the
//    same parts) saves: a shared strings table rebuilt in the order it meets the strings, with its counts;
//    rows with spans and x14ac:dyDescent; mc:Ignorable namespaces; styles with the fonts, fills and cellXfs
//    it keeps from the file; docProps naming Microsoft Excel.
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const X14AC = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac';
const XR = 'http://schemas.microsoft.com/office/spreadsheetml/2014/revision';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

type Cell = { text: string } | { number: number; style: number } | { formula: string; value: string; type: 'str' | 'n' | 'e' | 'b'; style?: number };

interface ExcelSheet {
  name: string;
  rows: Cell[][];
}

function excelWorkbook(sheets: ExcelSheet[], options: { styles: string; date1904?: boolean; application?: string }): Uint8Array {
  const shared: string[] = [];
  const index = new Map<string, number>();
  let count = 0;
  const sharedIndex = (text: string): number => {
    count++;
    let at = index.get(text);
    if (at === undefined) {
      at = shared.length;
      index.set(text, at);
      shared.push(text);
    }
    return at;
  };
  const sheetParts = sheets.map((sheet, s) => {
    const width = Math.max(...sheet.rows.map((row) => row.length));
    const rows = sheet.rows
      .map((row, r) => {
        const cells = row
          .map((cell, c) => {
            const ref = `${columnLetter(c)}${r + 1}`;
            if ('text' in cell) return cell.text === '' ? '' : `<c r="${ref}" s="1" t="s"><v>${sharedIndex(cell.text)}</v></c>`;
            if ('number' in cell) return `<c r="${ref}" s="${cell.style}"><v>${cell.number}</v></c>`;
            const type = cell.type === 'n' ? '' : ` t="${cell.type}"`;
            return `<c r="${ref}"${cell.style ? ` s="${cell.style}"` : ''}${type}><f>${escape(cell.formula)}</f><v>${escape(cell.value)}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}" spans="1:${width}" x14ac:dyDescent="0.25">${cells}</row>`;
      })
      .join('');
    return [
      `xl/worksheets/sheet${s + 1}.xml`,
      `${DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${REL}" xmlns:mc="${MC}" mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="${X14AC}" xmlns:xr="${XR}" xr:uid="{00000000-0001-0000-0000-00000000000${s}}">` +
        `<dimension ref="A1:${columnLetter(width - 1)}${sheet.rows.length}"/><sheetViews><sheetView${s === 0 ? ' tabSelected="1"' : ''} workbookViewId="0"><pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/><selection pane="bottomRight" activeCell="D3" sqref="D3"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData>${rows}</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`,
    ] as const;
  });
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `${DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      sheets.map((_, s) => `<Override PartName="/xl/worksheets/sheet${s + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    '_rels/.rels': `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'docProps/app.xml': `${DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${options.application ?? 'Microsoft Excel'}</Application><DocSecurity>0</DocSecurity></Properties>`,
    'docProps/core.xml': `${DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Mario Rossi</dc:creator></cp:coreProperties>`,
    'xl/workbook.xml':
      `${DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${REL}" xmlns:mc="${MC}" mc:Ignorable="x15 xr xr6 xr10 xr2"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/>` +
      `<workbookPr${options.date1904 ? ' date1904="1"' : ''} defaultThemeVersion="166925"/><bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" windowHeight="15840"/></bookViews><sheets>` +
      sheets.map((sheet, s) => `<sheet name="${escape(sheet.name)}" sheetId="${s + 1}" r:id="rId${s + 1}"/>`).join('') +
      '</sheets><calcPr calcId="191029"/></workbook>',
    'xl/_rels/workbook.xml.rels':
      `${DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_, s) => `<Relationship Id="rId${s + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${s + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${REL}/theme" Target="theme/theme1.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId${sheets.length + 3}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/theme/theme1.xml': `${DECLARATION}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Tema di Office"/>`,
    'xl/styles.xml': options.styles,
  };
  for (const [name, xml] of sheetParts) parts[name] = xml;
  parts['xl/sharedStrings.xml'] =
    `${DECLARATION}<sst xmlns="${MAIN}" count="${count}" uniqueCount="${shared.length}">` +
    shared.map((text) => `<si><t${/^\s|\s$/.test(text) ? ' xml:space="preserve"' : ''}>${escape(text)}</t></si>`).join('') +
    '</sst>';
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(parts)) files[name] = strToU8(text.replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n'));
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
}

/**
 * Styles as an Italian Excel keeps them: 0 Normal, 1 the text cells, 2 a date (numFmtId 14), 3 "#,##0.00 €"
 * (custom 164), 4 percent with decimals (10), 5 date and time (custom 165), 6 General number.
 */
const EXCEL_STYLES =
  `${DECLARATION}<styleSheet xmlns="${MAIN}" xmlns:mc="${MC}" mc:Ignorable="x14ac x16r2 xr" xmlns:x14ac="${X14AC}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00\\ &quot;€&quot;"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>' +
  '<fonts count="2" x14ac:knownFonts="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normale" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>';

// 3a. Quadro's export of AREA IMMIGRAZIONE, opened in Excel, the one cell edited, saved (.xlsx).
const editedSheet = planSheets(edited(doc), { kind: 'area', areaId: area.id }, { offsetAt })[0]!;
writeFileSync(
  join(OUT, 'plan-2012-immigrazione-edited-handmade-excel-like-windows.xlsx'),
  excelWorkbook([{ name: editedSheet.name, rows: [editedSheet.header, ...editedSheet.rows].map((row) => row.map((text) => ({ text }))) }], { styles: EXCEL_STYLES }),
);

// 3b. A colleague's own table typed in Excel: numbers, a date, a date and time, money, a percentage, formulas
//     (a text result, a number result, an error, a boolean). What each must read as is in tests/unit/xlsx-import.test.ts.
const typed: ExcelSheet = {
  name: 'Foglio1',
  rows: [
    [{ text: 'Progetto' }, { text: 'Descrizione' }, { text: 'Importo' }, { text: 'Scadenza' }, { text: 'Avanzamento' }],
    [{ text: 'Tirocini' }, { formula: 'A2&" in Lombardia"', value: 'Tirocini in Lombardia', type: 'str', style: 1 }, { number: 1250.5, style: 3 }, { number: 41090, style: 2 }, { number: 1.015, style: 4 }],
    [{ text: 'Voucher' }, { number: 2000, style: 6 }, { formula: 'SUM(C2:C2)*2', value: '2501', type: 'n', style: 3 }, { number: 41090.5, style: 5 }, { formula: 'C3/0', value: '#DIV/0!', type: 'e' }],
    [{ text: 'Sportelli' }, { number: 0.30000000000000004, style: 6 }, { formula: 'C2>1000', value: '1', type: 'b' }, { text: '' }, { number: 0.5, style: 4 }],
  ],
};
writeFileSync(join(OUT, 'colleague-table-handmade-excel-like-windows.xlsx'), excelWorkbook([typed], { styles: EXCEL_STYLES }));

// 3c. The same table from Excel for Mac 2011, which counted days from 1904 (workbookPr date1904="1"):
//     the same dates are 1462 days smaller.
const mac: ExcelSheet = {
  name: 'Foglio1',
  rows: typed.rows.map((row) => row.map((cell) => ('number' in cell && (cell.style === 2 || cell.style === 5) ? { ...cell, number: cell.number - 1462 } : cell))),
};
writeFileSync(join(OUT, 'colleague-table-handmade-excel-like-mac-1904.xlsx'), excelWorkbook([mac], { styles: EXCEL_STYLES, date1904: true, application: 'Microsoft Macintosh Excel' }));

rmSync(work, { recursive: true, force: true });
console.log(`written to ${OUT}`);
