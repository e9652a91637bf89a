// Builders shared by the .xlsx tests: workbooks written by hand, part by part, as other programs write them.
import { zipSync, strToU8 } from 'fflate';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A zip of the given parts (text parts as UTF-8), deflated. */
export function zipParts(parts: Record<string, string | Uint8Array>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(parts)) files[name] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
}

export interface HandSheet {
  name: string;
  /** The `<sheetData>` rows, e.g. `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`. */
  rows: string;
  state?: 'hidden' | 'veryHidden';
}

/** A sheet part around `rows`, with Excel's namespaces. */
export function sheetPart(rows: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData></worksheet>`;
}

/** The shared strings part of `strings` (each escaped for XML, `<t xml:space="preserve">`). */
export function sharedStringsPart(strings: readonly string[]): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const items = strings.map((text) => `<si><t xml:space="preserve">${escape(text)}</t></si>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${items}</sst>`;
}

/** A styles part whose cellXfs are `numFmtIds` in order (cell style i has format numFmtIds[i]), with `customFormats` declared. */
export function stylesPart(numFmtIds: readonly number[], customFormats: Record<number, string> = {}): string {
  const numFmts = Object.entries(customFormats)
    .map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${code.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"/>`)
    .join('');
  const xfs = numFmtIds.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${id ? ' applyNumberFormat="1"' : ''}/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
    (numFmts ? `<numFmts count="${Object.keys(customFormats).length}">${numFmts}</numFmts>` : '') +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${numFmtIds.length}">${xfs}</cellXfs></styleSheet>`
  );
}

/** A whole .xlsx from hand-written parts: the package and workbook plumbing around the sheets. */
export function handWorkbook(options: {
  sheets: HandSheet[];
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  /** Parts put in as they are, replacing the ones made from the other options. */
  replace?: Record<string, string | Uint8Array>;
}): Uint8Array {
  const { sheets } = options;
  const overrides = sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  const parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${overrides}</Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}">${options.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>` +
      sheets.map((sheet, i) => `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ''} r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG}">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      (options.sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
      (options.styles ? `<Relationship Id="rIdT" Type="${REL}/styles" Target="styles.xml"/>` : '') +
      '</Relationships>',
  };
  sheets.forEach((sheet, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheetPart(sheet.rows)));
  if (options.sharedStrings) parts['xl/sharedStrings.xml'] = options.sharedStrings;
  if (options.styles) parts['xl/styles.xml'] = options.styles;
  return zipParts({ ...parts, ...options.replace });
}

/** One row of inline-string cells: `inlineRow(1, ['AMBITO', 'Note'])`. */
export function inlineRow(r: number, texts: readonly string[]): string {
  const letters = (c: number): string => String.fromCharCode(65 + c);
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<row r="${r}">${texts.map((text, c) => `<c r="${letters(c)}${r}" t="inlineStr"><is><t xml:space="preserve">${escape(text)}</t></is></c>`).join('')}</row>`;
}
