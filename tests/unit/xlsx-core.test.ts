// The pure .xlsx core: the XML it reads and writes, the text a person sees in number and date cells, every character kept, and the files it refuses in words.
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { scanXml, decodeXmlText, decodeXstring, encodeXstring, XmlError } from '../../src/lib/xlsx/xml.ts';
import { formatCellNumber } from '../../src/lib/xlsx/number-format.ts';
import { MAX_XLSX_UNPACKED_BYTES, readXlsxWorkbook, sniffSpreadsheet } from '../../src/lib/xlsx/read.ts';
import { writeXlsxWorkbook, type SheetSpec } from '../../src/lib/xlsx/write.ts';
import { sheetNames } from '../../src/lib/xlsx/sheet-names.ts';
import { MAX_AREA_ROWS } from '../../src/lib/model/limits.ts';
import { buildPlanWorkbook } from '../../src/lib/xlsx/plan-workbook.ts';
import { handWorkbook, inlineRow, sharedStringsPart, stylesPart, zipParts } from './xlsx-helpers.ts';
import { makeDoc } from './csv-helpers.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

function readOk(bytes: Uint8Array) {
  const result = readXlsxWorkbook(bytes);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

function refusal(bytes: Uint8Array): { code: string; it: string; en: string } {
  const result = readXlsxWorkbook(bytes);
  if (result.ok) throw new Error('expected a refusal');
  const first = result.errors[0]!;
  return { code: first.code, it: describeProblem(first, 'it'), en: describeProblem(first, 'en') };
}

describe('the XML scanner', () => {
  it('reads prefixed elements by their local name, entities, character references and CDATA', () => {
    const seen: string[] = [];
    scanXml('<?xml version="1.0"?><x:a k="1 &amp; 2"><!-- c --><x:b>&lt;&#233;&#x1F600;&gt;<![CDATA[<raw>]]></x:b><x:c/></x:a>', {
      open: (name, attributes, self) => seen.push(`open ${name} ${JSON.stringify(attributes)} ${self}`),
      close: (name) => seen.push(`close ${name}`),
      text: (raw) => seen.push(`text ${decodeXmlText(raw)}`),
      cdata: (text) => seen.push(`cdata ${text}`),
    });
    expect(seen).toEqual([
      'open a {"k":"1 & 2"} false',
      'open b {} false',
      'text <é😀>',
      'cdata <raw>',
      'close b',
      'open c {} true',
      'close c',
      'close a',
    ]);
  });

  it('reads line ends as XML does: CRLF and CR become LF, only &#13; is a CR', () => {
    expect(decodeXmlText('a\r\nb\rc&#13;d')).toBe('a\nb\nc\rd');
  });

  it.each([
    ['a DOCTYPE (entities would be expanded)', '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['a mismatched end tag', '<a><b></a></b>'],
    ['a part cut short', '<a><b>text'],
    ['an unknown entity', '<a>&nbsp;</a>'],
    ['a bare ampersand', '<a>R&D</a>'],
    ['a broken attribute', '<a k=1></a>'],
  ])('refuses %s', (_name, xml) => {
    expect(() => scanXml(xml, { open: () => undefined, text: (raw) => void decodeXmlText(raw) })).toThrow(XmlError);
  });
});

describe("Excel's escaped strings (_xHHHH_)", () => {
  it('round-trips every awkward character: controls, CR, lone surrogates, a literal _x0041_', () => {
    const text = 'a\u0001b\u000bc\rd\u001f_x0041_e\ud800f\udc00😀\tg\nh\uffff';
    const encoded = encodeXstring(text);
    // eslint-disable-next-line no-control-regex
    expect(encoded).not.toMatch(/[\u0000-\u0008\u000b-\u001f\r\uffff]/);
    expect(encoded).toContain('_x005F_x0041_');
    expect(decodeXstring(encoded)).toBe(text);
  });

  it('decodes what Excel writes for a CR and for an underscore', () => {
    expect(decodeXstring('riga 1_x000D_\nriga 2 _x005F_x0041_')).toBe('riga 1\r\nriga 2 _x0041_');
  });
});

describe('numbers and dates as a person reads them (Italian separators)', () => {
  it.each([
    // General: as typed, up to 15 significant digits, decimal comma, no grouping.
    [1250.5, 'General', '1250,5'],
    [2000, 'General', '2000'],
    [0.1 + 0.2, 'General', '0,3'],
    [-3, 'General', '-3'],
    [1234567890123, 'General', '1234567890123'],
    [1e20, 'General', '1E+20'],
    // Number formats: decimals, grouping, rounding on the decimal digits.
    [1250.5, '0.00', '1250,50'],
    [1250.5, '#,##0.00', '1.250,50'],
    [1234567.891, '#,##0', '1.234.568'],
    [1.005, '0.00', '1,01'],
    [0.5, '#.00', ',50'],
    [7, '000', '007'],
    [1250.5, '0.0#', '1250,5'],
    // Percent, currency, accounting, negative sections.
    [0.5, '0%', '50%'],
    [1.015, '0.0%', '101,5%'],
    [1250.5, '#,##0.00\\ [$€-410]', '1.250,50 €'],
    [1250.5, '[$€-410]\\ #,##0.00', '€ 1.250,50'],
    [1250.5, '_-* #,##0.00\\ "€"_-;\\-* #,##0.00\\ "€"_-;_-* "-"??\\ "€"_-;_-@_-', '1.250,50 €'],
    [-1250.5, '_-* #,##0.00\\ "€"_-;\\-* #,##0.00\\ "€"_-;_-* "-"??\\ "€"_-;_-@_-', '-1.250,50 €'],
    [-1250, '#,##0 ;(#,##0)', '(1.250)'],
    [-1250, '#,##0;[Red]-#,##0', '-1.250'],
    [12345, '0.00E+00', '1,23E+04'],
    [5, '0" posti"', '5 posti'],
    // Dates and times: one form, whatever the colleague's.
    [41090, 'dd/mm/yyyy', '30/06/2012'],
    [41090, 'd-mmm-yy', '30/06/2012'],
    [41090, '[$-410]dddd d mmmm yyyy', '30/06/2012'],
    [41090, 'mm/dd/yy', '30/06/2012'],
    [41090.5, 'dd/mm/yyyy hh:mm', '30/06/2012 12:00'],
    [41090.75, 'dd/mm/yyyy h:mm:ss', '30/06/2012 18:00:00'],
    [0.75, 'h:mm', '18:00'],
    [0.604166666666667, 'h:mm AM/PM', '14:30'],
    [1.5, '[h]:mm:ss', '36:00:00'],
    [60, 'dd/mm/yyyy', '29/02/1900'],
    [1, 'dd/mm/yyyy', '01/01/1900'],
    [61, 'dd/mm/yyyy', '01/03/1900'],
    // Text format and formats beyond the model fall back to General.
    [1250.5, '@', '1250,5'],
    [0.75, '# ?/?', '0,75'],
  ])('%s in "%s" reads "%s"', (value, code, expected) => {
    expect(formatCellNumber(value, code)).toBe(expected);
  });

  it('counts days from 1904 in a workbook from the old Mac Excel', () => {
    expect(formatCellNumber(39628, 'dd/mm/yyyy', true)).toBe('30/06/2012');
  });
});

describe('sheet names Excel accepts', () => {
  it('cuts to 31 characters, replaces : \\ / ? * [ ], keeps them unique and never "History"', () => {
    expect(sheetNames(['AREA INCLUSIONE SOCIALE E LAVORATIVA', 'Area: 2012/13 [bozza]?', "'citata'", '', 'history', 'area immigrazione', 'AREA IMMIGRAZIONE'])).toEqual([
      'AREA INCLUSIONE SOCIALE E LAVOR',
      'Area 2012 13 bozza',
      'citata',
      'Foglio4',
      'history (2)',
      'area immigrazione',
      'AREA IMMIGRAZIONE (2)',
    ]);
    for (const name of sheetNames(['x'.repeat(40), 'x'.repeat(40), '😀'.repeat(20)])) expect(name.length).toBeLessThanOrEqual(31);
    expect(sheetNames(['😀'.repeat(20)])[0]).toBe('😀'.repeat(15));
  });
});

const SHEET: SheetSpec = {
  name: 'AREA IMMIGRAZIONE',
  header: ['AMBITO', 'Risultati previsti al 2012', 'ID Quadro v1', 'Ultima modifica'],
  rows: [
    ['=SOMMA(A1;A2)', '+39 06 1234', 'id-1', '26/11/2026 14:34:31.565 +01:00 · Mario Rossi'],
    ['-3 posti', '@mario', 'id-2', ''],
    ['  spazi  ', 'riga 1\nriga 2\r\nriga 3\rfine', 'id-3', ''],
    ['\u0001controllo\u001f', '_x0041_ letterale 😀 e\u0301 ✓ “virgolette” \ud800', 'id-4', ''],
    ['2012', '30/06/2012', 'id-5', '1250,5'],
  ],
  widths: [34, 45, 38, 30],
  frozenColumns: 1,
};

function partsOf(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

describe('the writer', () => {
  it('writes every cell as text, never a formula, and reads every character back', () => {
    const bytes = writeXlsxWorkbook([SHEET]);
    const parts = partsOf(bytes);
    const sheet = parts['xl/worksheets/sheet1.xml']!;
    expect(sheet).not.toContain('<f>');
    expect(sheet.match(/<c [^>]*t="s"/g)).toHaveLength(21); // 24 cells, 3 of them empty
    const back = readOk(bytes);
    expect(back.sheets).toHaveLength(1);
    expect(back.sheets[0]!.name).toBe('AREA IMMIGRAZIONE');
    expect(back.sheets[0]!.rows).toEqual([[...SHEET.header], ...SHEET.rows.map((row) => [...row])]);
  });

  it('wraps text at the top of the cell, sets the widths, freezes the header row and the first column, prints A4 landscape with the titles on every page', () => {
    const parts = partsOf(writeXlsxWorkbook([SHEET, { ...SHEET, name: 'Piano', frozenColumns: 2 }]));
    const sheet = parts['xl/worksheets/sheet1.xml']!;
    expect(sheet).toContain('<pane xSplit="1" ySplit="1" topLeftCell="B2" activePane="bottomRight" state="frozen"/>');
    expect(parts['xl/worksheets/sheet2.xml']).toContain('<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>');
    expect(sheet).toContain('<col min="1" max="1" width="34.00" style="1" customWidth="1"/>');
    expect(sheet).toContain('<col min="2" max="2" width="45.00" style="1" customWidth="1"/>');
    expect(sheet).toContain('<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>');
    const styles = parts['xl/styles.xml']!;
    // Body and header cells: text format "@", wrapped, at the top; the header bold.
    expect(styles).toMatch(/<xf numFmtId="49" fontId="0"[^>]*><alignment vertical="top" wrapText="1"\/><\/xf>/);
    expect(styles).toMatch(/<xf numFmtId="49" fontId="1"[^>]*><alignment vertical="top" wrapText="1"\/><\/xf>/);
    expect(sheet).toMatch(/<row r="1" ht="\d+"><c r="A1" s="2" t="s">/);
    expect(parts['xl/workbook.xml']).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="0">'AREA IMMIGRAZIONE'!$1:$1</definedName>`);
  });

  it('makes rows tall enough for their wrapped lines', () => {
    const long = { ...SHEET, rows: [['breve', 'parola '.repeat(100), 'id', '']] };
    const sheet = partsOf(writeXlsxWorkbook([long]))['xl/worksheets/sheet1.xml']!;
    const height = Number(/<row r="2" ht="(\d+)"/.exec(sheet)![1]);
    // 700 characters in a 45-character column: 12 lines or more.
    expect(height).toBeGreaterThanOrEqual(12 * 15);
  });

  it('keeps a cell longer than Excel holds whole, and says Excel would cut it, naming where', () => {
    const long = 'parola '.repeat(5000);
    const doc = makeDoc([{ title: 'AREA IMMIGRAZIONE', columns: ['AMBITO', 'Risultati previsti al 2012'], rows: [['breve', 'ok'], ['lungo', long]] }]);
    const workbook = buildPlanWorkbook(doc, { kind: 'area', areaId: 'a1' }, { offsetAt: () => 60 });
    expect(workbook.warnings.map((w) => w.code)).toEqual(['xlsx.long-cells']);
    expect(describeProblem(workbook.warnings[0]!, 'it')).toContain('Una cella supera i 32.767 caratteri');
    expect(describeProblem(workbook.warnings[0]!, 'it')).toContain('foglio «AREA IMMIGRAZIONE», colonna «Risultati previsti al 2012», riga 3');
    expect(readOk(workbook.bytes).sheets[0]!.rows[2]![1]).toBe(long);
    expect(describeProblem(buildPlanWorkbook(doc, { kind: 'plan' }, { offsetAt: () => 60 }).warnings[0]!, 'en')).toContain('One cell is longer than the 32,767 characters');
  });

  it('gives the same bytes for the same sheets (no clock in the zip)', () => {
    expect(writeXlsxWorkbook([SHEET])).toEqual(writeXlsxWorkbook([SHEET]));
  });
});

describe('the reader', () => {
  it('reads shared strings with rich-text runs and without phonetic guides, inline strings, formulas as their saved values, booleans and errors', () => {
    const sharedStrings =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><t>AMBITO</t></si><si><t>Note</t></si>' +
      '<si><r><rPr><b/></rPr><t xml:space="preserve">Testo </t></r><r><t>in grassetto</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>' +
      '</sst>';
    const rows =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
      '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="inlineStr"><is><t>in linea</t></is></c></row>' +
      '<row r="3"><c r="A3" t="str"><f>A2&amp;" bis"</f><v>Testo in grassetto bis</v></c><c r="B3"><f>1+1</f><v>2</v></c></row>' +
      '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>' +
      '<row r="5"><c r="A5" t="b"><v>0</v></c><c r="B5"><f>A1*2</f></c></row>';
    const sheet = readOk(handWorkbook({ sheets: [{ name: 'Foglio1', rows }], sharedStrings })).sheets[0]!;
    expect(sheet.rows).toEqual([
      ['AMBITO', 'Note'],
      ['Testo in grassetto', 'in linea'],
      ['Testo in grassetto bis', '2'],
      ['VERO', '#DIV/0!'],
      ['FALSO', ''],
    ]);
    // The formula saved without a value (B5) is counted, never computed.
    expect(sheet.formulasWithoutValue).toBe(1);
  });

  it('numbers take their cell style\'s format: built-in ids and custom codes', () => {
    const styles = stylesPart([0, 14, 4, 164, 10], { 164: 'dd/mm/yyyy hh:mm' });
    const rows = inlineRow(1, ['A', 'B', 'C', 'D', 'E']) + '<row r="2"><c r="A2"><v>1250.5</v></c><c r="B2" s="1"><v>41090</v></c><c r="C2" s="2"><v>1250.5</v></c><c r="D2" s="3"><v>41090.5</v></c><c r="E2" s="4"><v>1.015</v></c></row>';
    const sheet = readOk(handWorkbook({ sheets: [{ name: 'Foglio1', rows }], styles })).sheets[0]!;
    expect(sheet.rows[1]).toEqual(['1250,5', '30/06/2012', '1.250,50', '30/06/2012 12:00', '101,50%']);
  });

  it('keeps row numbers (blank rows stay as blank lines) and pads rows to the sheet\'s width; cells without a reference follow the previous one', () => {
    const rows = inlineRow(1, ['AMBITO', 'Note', 'Altro']) + '<row r="4"><c t="inlineStr"><is><t>x</t></is></c></row><row r="5" spans="1:3"><c r="A5" s="0"/></row>';
    const sheet = readOk(handWorkbook({ sheets: [{ name: 'Foglio1', rows }] })).sheets[0]!;
    expect(sheet.rows).toEqual([['AMBITO', 'Note', 'Altro'], [''], [''], ['x', '', '']]);
  });

  it('names hidden sheets and reads the sheets in the workbook\'s order', () => {
    const workbook = readOk(
      handWorkbook({
        sheets: [
          { name: 'Dati', rows: inlineRow(1, ['AMBITO']) },
          { name: 'Appunti', rows: inlineRow(1, ['segreto']), state: 'hidden' },
        ],
      }),
    );
    expect(workbook.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['Dati', false],
      ['Appunti', true],
    ]);
  });
});

/** A CFB (OLE) header, as .xls files and password-protected Office files start. */
function cfb(withEncryptedPackage: boolean): Uint8Array {
  const bytes = new Uint8Array(4096);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const name = withEncryptedPackage ? 'EncryptedPackage' : 'Workbook';
  for (let i = 0; i < name.length; i++) bytes[1024 + i * 2] = name.charCodeAt(i);
  return bytes;
}

describe('files refused in words', () => {
  it.each([
    ['a password-protected workbook', cfb(true), 'xlsx.encrypted', 'protetto da una password', 'protected by a password'],
    ['an Excel 97-2003 .xls', cfb(false), 'xlsx.old-xls', 'Excel 97-2003 (.xls)', 'Excel 97-2003 file (.xls)'],
    [
      'an OpenDocument .ods',
      zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<a/>', 'META-INF/manifest.xml': '<a/>' }),
      'xlsx.ods',
      'OpenDocument (.ods',
      'OpenDocument spreadsheet (.ods',
    ],
    ['a binary workbook .xlsb', zipParts({ '[Content_Types].xml': '<a/>', 'xl/workbook.bin': 'x' }), 'xlsx.binary-workbook', '(.xlsb)', '(.xlsb)'],
    ['a Word document', zipParts({ '[Content_Types].xml': '<a/>', 'word/document.xml': '<a/>' }), 'xlsx.not-a-spreadsheet', 'non un foglio di calcolo', 'not a spreadsheet'],
  ])('%s', (_name, bytes, code, it_, en) => {
    const refused = refusal(bytes);
    expect(refused.code).toBe(code);
    expect(refused.it).toContain(it_);
    expect(refused.en).toContain(en);
    // Words for a person, never internals.
    expect(`${refused.it} ${refused.en}`).not.toMatch(/Error|undefined|CFB|zip entry/);
  });

  it('the .xls and .ods messages say to save as .xlsx or CSV', () => {
    expect(refusal(cfb(false)).it).toContain('.xlsx');
    expect(refusal(cfb(false)).it).toContain('CSV');
    expect(refusal(zipParts({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet' })).en).toMatch(/xlsx.*CSV/);
  });

  it('a file cut short in the mail is damaged, not half read', () => {
    const bytes = writeXlsxWorkbook([SHEET]);
    for (const length of [bytes.length - 10, Math.floor(bytes.length / 2), 200]) {
      const refused = refusal(bytes.subarray(0, length));
      expect(refused.code).toBe('xlsx.damaged');
      expect(refused.it).toContain('danneggiato o incompleto');
    }
  });

  it('a part that is not well-formed XML makes the file damaged', () => {
    const refused = refusal(handWorkbook({ sheets: [{ name: 'Foglio1', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>a</is></c></row>' }] }));
    expect(refused.code).toBe('xlsx.damaged');
  });

  it('a zip bomb is refused from the sizes its directory declares, before anything is inflated', () => {
    const bytes = handWorkbook({ sheets: [{ name: 'Foglio1', rows: inlineRow(1, ['AMBITO']) }] });
    // Patch the central directory's "uncompressed size" of every entry to 60 MiB: two parts claim more than the cap.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 <= bytes.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 60 * 1024 * 1024, true);
        patched++;
      }
    }
    expect(patched).toBeGreaterThan(2);
    const refused = refusal(bytes);
    expect(refused.code).toBe('xlsx.unpacked-too-large');
    expect(refused.it).toContain(`il massimo è ${MAX_XLSX_UNPACKED_BYTES / 1024 / 1024} MB`);
  });

  it('a real bomb (a sheet of 100 MiB of zeros in a few kB) is refused too', () => {
    const zeros = new Uint8Array(MAX_XLSX_UNPACKED_BYTES + 1);
    const bytes = handWorkbook({ sheets: [{ name: 'Foglio1', rows: '' }], replace: { 'xl/worksheets/sheet1.xml': zeros } });
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(refusal(bytes).code).toBe('xlsx.unpacked-too-large');
  });

  it('parts the workbook does not point to are never unpacked (a bomb hidden there is no matter)', () => {
    const zeros = new Uint8Array(MAX_XLSX_UNPACKED_BYTES + 1);
    const bytes = handWorkbook({ sheets: [{ name: 'Foglio1', rows: inlineRow(1, ['AMBITO']) }], replace: { 'xl/media/image1.png': zeros, 'xl/pivotCache/pivotCacheRecords1.xml': zeros } });
    expect(readOk(bytes).sheets[0]!.rows).toEqual([['AMBITO']]);
  });

  it('a sheet past the rows an area can hold is refused, naming the sheet, before it is read to its end', () => {
    const far = MAX_AREA_ROWS + 2;
    const rows = inlineRow(1, ['AMBITO']) + `<row r="${far}"><c r="A${far}" t="inlineStr"><is><t>lontano</t></is></c></row>`;
    const refused = refusal(handWorkbook({ sheets: [{ name: 'Enorme', rows }] }));
    expect(refused.code).toBe('xlsx.sheet-too-many-rows');
    expect(refused.it).toContain('«Enorme»');
    expect(refused.it).toContain('100.000');
  });

  it('a sheet with data past 500 columns is refused, naming the column', () => {
    const refused = refusal(handWorkbook({ sheets: [{ name: 'Largo', rows: '<row r="1"><c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>' }] }));
    expect(refused.code).toBe('xlsx.sheet-too-many-columns');
    expect(refused.it).toContain('colonna XFD');
  });

  it('tells a spreadsheet from a CSV by its first bytes', () => {
    expect(sniffSpreadsheet(new TextEncoder().encode('AMBITO;Note\r\n'))).toBeNull();
    expect(sniffSpreadsheet(writeXlsxWorkbook([SHEET]))).toBe('xlsx');
    expect(sniffSpreadsheet(sharedStringsPart(['x']) as unknown as Uint8Array)).toBeNull();
  });
});
