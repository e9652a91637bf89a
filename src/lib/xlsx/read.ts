// Import of an .xlsx: each worksheet as rows of the text a person sees in its cells (values only: formulas arrive as the value last saved, never evaluated).
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import { MAX_AREA_ROWS } from '../model/limits.ts';
import { MAX_COLUMNS, MAX_FILE_BYTES, columnLetter } from '../csv/format.ts';
import { builtInFormatCode, formatCellNumber } from './number-format.ts';
import { XmlError, decodeXmlText, decodeXstring, scanXml } from './xml.ts';
import { unzipParts, type UnzipFailure } from './zip.ts';

/**
 * The parts of an .xlsx read unpacked add up to at most this: the same order as the CSV's 40 MiB,
 * with room for the markup around each cell (a 40 MiB plan is about 60 MiB of sheet and strings XML).
 */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;

export interface XlsxSheet {
  name: string;
  /** Hidden by the colleague (or "very hidden" by a macro): not imported, but named in the preview. */
  hidden: boolean;
  /**
   * Row r of the sheet is `rows[r - 1]`: rows with text are padded to the sheet's width, and rows
   * with no text at all are `['']` (what a blank CSV line reads as), so row numbers stay the sheet's.
   */
  rows: string[][];
  /** Formula cells saved without their value (a program that wrote formulas and never computed them): read as empty. */
  formulasWithoutValue: number;
}

export interface XlsxWorkbook {
  sheets: XlsxSheet[];
}

/** What a binary file a colleague sent is, by its first bytes and, for a zip, its parts. */
export type SpreadsheetKind = 'xlsx' | 'xlsb' | 'ods' | 'xls' | 'encrypted' | 'other-zip';

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP_SIGNATURE = [0x50, 0x4b, 0x05, 0x06];
const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream an Office file protected by a password keeps its encrypted zip in, as its CFB directory names it (UTF-16). */
const ENCRYPTED_PACKAGE = 'EncryptedPackage';

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

/** Does `bytes` hold the UTF-16 LE text `text` anywhere (a CFB directory entry's name)? */
function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (let i = 0; i + text.length * 2 <= bytes.length; i++) {
    if (bytes[i] !== first || bytes[i + 1] !== 0) continue;
    for (let k = 1; k < text.length; k++) if (bytes[i + k * 2] !== text.charCodeAt(k) || bytes[i + k * 2 + 1] !== 0) continue outer;
    return true;
  }
  return false;
}

/** The kind of spreadsheet file `bytes` is, or null when it is neither a zip nor an Office binary (a CSV, or something else). */
export function sniffSpreadsheet(bytes: Uint8Array): SpreadsheetKind | null {
  if (startsWith(bytes, CFB_SIGNATURE)) return containsUtf16(bytes, ENCRYPTED_PACKAGE) ? 'encrypted' : 'xls';
  if (!startsWith(bytes, ZIP_SIGNATURE) && !startsWith(bytes, EMPTY_ZIP_SIGNATURE)) return null;
  const names = zipEntryNames(bytes);
  // A zip whose directory is gone (a file cut short on the way): its first entry still says what it was.
  if (names === null) return /^(\[Content_Types\]\.xml|_rels\/|xl\/|docProps\/)/.test(firstEntryName(bytes)) ? 'xlsx' : 'other-zip';
  if (names.has('xl/workbook.xml') || [...names].some((name) => /^xl\/[^/]*workbook[^/]*\.xml$/.test(name))) return 'xlsx';
  if (names.has('xl/workbook.bin')) return 'xlsb';
  if (names.has('mimetype')) {
    // An OpenDocument file names its type in an entry called "mimetype".
    const mimetype = unzipParts(bytes, (name) => name === 'mimetype', 1024);
    const type = mimetype.ok ? new TextDecoder('utf-8').decode(mimetype.parts.get('mimetype') ?? new Uint8Array()) : '';
    if (type.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  }
  return 'other-zip';
}

/** The names in a zip's directory, lower-cased; null when the directory cannot be read. */
function zipEntryNames(bytes: Uint8Array): Set<string> | null {
  const names = new Set<string>();
  const listed = unzipParts(
    bytes,
    (name) => {
      names.add(name.toLowerCase());
      return false;
    },
    0,
  );
  return listed.ok ? names : null;
}

/** The name in the zip's first local header (Office writes `[Content_Types].xml` first). */
function firstEntryName(bytes: Uint8Array): string {
  if (bytes.length < 30) return '';
  const length = (bytes[26] as number) | ((bytes[27] as number) << 8);
  return new TextDecoder('utf-8').decode(bytes.subarray(30, 30 + length));
}


/** The refusal, in words, of a spreadsheet file Quadro cannot read. */
function refusal(kind: Exclude<SpreadsheetKind, 'xlsx'>): QuadroProblem {
  switch (kind) {
    case 'encrypted':
      return problem('xlsx.encrypted', {}, { cause: 'CFB with EncryptedPackage' });
    case 'xls':
      return problem('xlsx.old-xls', {}, { cause: 'CFB without EncryptedPackage' });
    case 'xlsb':
      return problem('xlsx.binary-workbook', {}, { cause: 'xl/workbook.bin' });
    case 'ods':
      return problem('xlsx.ods', {}, { cause: 'mimetype opendocument.spreadsheet' });
    case 'other-zip':
      return problem('xlsx.not-a-spreadsheet', {}, { cause: 'zip without xl/workbook.xml' });
  }
}

function damaged(cause: string): QuadroProblem {
  return problem('xlsx.damaged', {}, { cause });
}


/**
 * The worksheets of an .xlsx (or .xlsm: macros are never run), each as rows of cell texts; or the
 * reason, in words, why the file cannot be read: another spreadsheet format, a password, damage,
 * a size past the limits (the file's 40 MiB, what it unpacks to, a sheet's rows or columns).
 */
export function readXlsxWorkbook(bytes: Uint8Array): Result<XlsxWorkbook> {
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      problem('xlsx.file-too-large', { bytes: bytes.length, max: MAX_FILE_BYTES }, { cause: `${bytes.length} bytes` }),
    );
  }
  const kind = sniffSpreadsheet(bytes);
  if (kind === null) return fail(damaged('not a zip'));
  if (kind !== 'xlsx') return fail(refusal(kind));

  try {
    return readParts(new PartReader(bytes));
  } catch (error) {
    if (error instanceof PackageError) {
      if (error.failure.kind === 'not-zip') return fail(damaged(error.failure.cause));
      const size = error.unpackedBytes;
      return fail(
        problem('xlsx.unpacked-too-large', { bytes: size, max: MAX_XLSX_UNPACKED_BYTES }, { cause: `${size} bytes unpacked` }),
      );
    }
    if (error instanceof XmlError) return fail(damaged(`XML: ${error.message}`));
    if (error instanceof SheetLimitError) return fail(error.problem);
    throw error;
  }
}

/** The zip could not be opened, or what the workbook points to would unpack past the cap. */
class PackageError extends Error {
  constructor(
    readonly failure: UnzipFailure,
    /** With the parts unpacked before: what the file would take opened. */
    readonly unpackedBytes: number,
  ) {
    super(failure.kind);
  }
}

/**
 * The package's parts, unpacked on demand: only what the workbook points to (never its pictures,
 * pivot caches or anything else), all of it within one budget of MAX_XLSX_UNPACKED_BYTES.
 */
class PartReader {
  private readonly parts = new Map<string, Uint8Array>();
  private unpacked = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** Unpacks the parts at `paths` (any case) not unpacked yet; throws PackageError. */
  load(paths: readonly string[]): void {
    const wanted = new Set(paths.map((path) => path.toLowerCase()).filter((path) => !this.parts.has(path)));
    if (wanted.size === 0) return;
    const result = unzipParts(this.bytes, (name) => wanted.has(name.toLowerCase()), MAX_XLSX_UNPACKED_BYTES - this.unpacked);
    if (!result.ok) {
      throw new PackageError(result.failure, this.unpacked + (result.failure.kind === 'too-large' ? result.failure.unpackedBytes : 0));
    }
    // The sizes the directory declares are what fflate allocates, whatever the data inflates to.
    this.unpacked += result.declaredBytes;
    for (const [name, data] of result.parts) this.parts.set(name.toLowerCase(), data);
  }

  /** A part's text (UTF-8, as Office always writes it, or UTF-16 with a BOM); null when the package lacks it. */
  text(path: string): string | null {
    this.load([path]);
    const data = this.parts.get(path.toLowerCase());
    if (!data) return null;
    if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
    if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
    return new TextDecoder('utf-8').decode(data);
  }
}

/** A sheet past the row or column limit: thrown while reading, so a huge sheet is not read to its end first. */
class SheetLimitError extends Error {
  constructor(readonly problem: QuadroProblem) {
    super(problem.internal?.cause ?? problem.code);
  }
}

interface Relationship {
  type: string;
  target: string;
}

/** A part's relationships (`_rels/<name>.rels`), by id, targets resolved against the part's folder. */
function readRelationships(parts: PartReader, partPath: string): Map<string, Relationship> {
  const slash = partPath.lastIndexOf('/');
  const folder = slash === -1 ? '' : partPath.slice(0, slash + 1);
  const relsPath = `${folder}_rels/${partPath.slice(slash + 1)}.rels`;
  const xml = parts.text(relsPath);
  const relationships = new Map<string, Relationship>();
  if (xml === null) return relationships;
  scanXml(xml, {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.Id === undefined || attributes.Target === undefined) return;
      if (attributes.TargetMode === 'External') return;
      relationships.set(attributes.Id, { type: attributes.Type ?? '', target: resolvePath(folder, attributes.Target) });
    },
  });
  return relationships;
}

/** `target` relative to `folder` ("xl/" + "worksheets/sheet1.xml"), or absolute from the package root ("/xl/…"). */
function resolvePath(folder: string, target: string): string {
  const segments = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === '..') resolved.pop();
    else if (segment !== '.' && segment !== '') resolved.push(segment);
  }
  return resolved.join('/');
}

const typeEndsWith = (relationship: Relationship, suffix: string): boolean => relationship.type.endsWith(suffix);

function readParts(parts: PartReader): Result<XlsxWorkbook> {
  const root = readRelationships(parts, '');
  const workbookPath = [...root.values()].find((r) => typeEndsWith(r, '/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookXml = parts.text(workbookPath);
  if (workbookXml === null) return fail(damaged(`no ${workbookPath}`));
  const relationships = readRelationships(parts, workbookPath);

  const declared: { name: string; hidden: boolean; relationshipId: string }[] = [];
  let date1904 = false;
  scanXml(workbookXml, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const idKey = Object.keys(attributes).find((key) => key === 'id' || key.endsWith(':id'));
      declared.push({
        name: decodeXstring(attributes.name ?? ''),
        hidden: attributes.state === 'hidden' || attributes.state === 'veryHidden',
        relationshipId: idKey ? (attributes[idKey] as string) : '',
      });
    },
  });

  const related = [...relationships.values()];
  const sharedStringsPath = related.find((r) => typeEndsWith(r, '/sharedStrings'))?.target;
  const stylesPath = related.find((r) => typeEndsWith(r, '/styles'))?.target;
  // Everything the sheets need, checked against the cap together before any of it is inflated.
  parts.load([...(sharedStringsPath ? [sharedStringsPath] : []), ...(stylesPath ? [stylesPath] : []), ...related.filter((r) => typeEndsWith(r, '/worksheet')).map((r) => r.target)]);
  const sharedStrings = sharedStringsPath ? readSharedStrings(parts.text(sharedStringsPath) ?? '') : [];
  const formats = stylesPath ? readCellFormats(parts.text(stylesPath) ?? '') : [];

  const sheets: XlsxSheet[] = [];
  for (const sheet of declared) {
    const relationship = relationships.get(sheet.relationshipId);
    // Chart sheets and dialog sheets hold no cells.
    if (!relationship || !typeEndsWith(relationship, '/worksheet')) continue;
    const xml = parts.text(relationship.target);
    if (xml === null) return fail(damaged(`no ${relationship.target} for sheet ${sheet.name}`));
    sheets.push({ name: sheet.name, hidden: sheet.hidden, ...readSheet(xml, sheet.name, { sharedStrings, formats, date1904 }) });
  }
  if (declared.length === 0) return fail(damaged('no sheet in the workbook'));
  return ok({ sheets });
}

/** The shared strings: each `<si>`'s text, rich-text runs joined, phonetic guides (`<rPh>`) left out. */
function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open(name, _attributes, selfClosing) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (name === 't' && phonetic === 0 && !selfClosing) inText = true;
    },
    close(name) {
      if (name === 'si') {
        strings.push(decodeXstring((current ?? []).join('')));
        current = null;
      } else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
      else if (name === 't') inText = false;
    },
    text(raw) {
      if (inText && current) current.push(decodeXmlText(raw));
    },
    cdata(text) {
      if (inText && current) current.push(text);
    },
  });
  return strings;
}

/** Each cell style's number format code (`cellXfs` order), custom codes from `numFmts`, built-in ids by their code. */
function readCellFormats(xml: string): string[] {
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  scanXml(xml, {
    open(name, attributes, selfClosing) {
      if (name === 'numFmt' && attributes.numFmtId !== undefined) custom.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs' && !selfClosing) inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.numFmtId ?? '0');
        formats.push(custom.get(id) ?? builtInFormatCode(id));
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
}

interface SheetContext {
  sharedStrings: readonly string[];
  formats: readonly string[];
  date1904: boolean;
}

const CELL_REFERENCE = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;

function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

/** One sheet's cells as rows of text. Throws SheetLimitError past MAX_AREA_ROWS (+ the title row) or MAX_COLUMNS. */
function readSheet(xml: string, sheetName: string, context: SheetContext): Pick<XlsxSheet, 'rows' | 'formulasWithoutValue'> {
  const cells = new Map<number, Map<number, string>>();
  let width = 0;
  let lastRow = 0;
  let formulasWithoutValue = 0;
  let rowNumber = 0;
  let nextColumn = 0;
  // The cell being read.
  let cell: { column: number; type: string; style: number; hasFormula: boolean } | null = null;
  let value: string[] | null = null;
  let inlineText: string[] | null = null;
  let collect: string[] | null = null;
  let inSheetData = false;
  let phonetic = 0;

  const finishCell = (): void => {
    if (!cell) return;
    const text = cellText(cell.type, cell.style, value === null ? null : value.join(''), inlineText === null ? null : inlineText.join(''), context);
    if (text === null && cell.hasFormula) formulasWithoutValue++;
    if (text !== null && text !== '') {
      if (rowNumber > MAX_AREA_ROWS + 1) throw new SheetLimitError(tooManyRows(sheetName, rowNumber));
      if (cell.column >= MAX_COLUMNS) throw new SheetLimitError(tooManyColumns(sheetName, rowNumber, cell.column));
      let row = cells.get(rowNumber);
      if (!row) cells.set(rowNumber, (row = new Map()));
      row.set(cell.column, text);
      width = Math.max(width, cell.column + 1);
      lastRow = Math.max(lastRow, rowNumber);
    }
    cell = null;
  };

  scanXml(xml, {
    open(name, attributes, selfClosing) {
      if (name === 'sheetData') inSheetData = !selfClosing;
      if (!inSheetData) return;
      if (name === 'row') {
        rowNumber = attributes.r !== undefined ? Number(attributes.r) : rowNumber + 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1) throw new XmlError(`bad row number ${attributes.r}`);
        nextColumn = 0;
      } else if (name === 'c') {
        const reference = attributes.r === undefined ? null : CELL_REFERENCE.exec(attributes.r);
        if (attributes.r !== undefined && !reference) throw new XmlError(`bad cell reference ${attributes.r}`);
        const column = reference ? columnIndex(reference[1] as string) : nextColumn;
        nextColumn = column + 1;
        cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? '0'), hasFormula: false };
        value = null;
        inlineText = null;
        if (selfClosing) finishCell();
      } else if (cell && name === 'v') {
        value = [];
        collect = selfClosing ? null : value;
      } else if (cell && name === 'f') cell.hasFormula = true;
      else if (cell && name === 'is') inlineText = [];
      else if (cell && name === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (cell && name === 't' && inlineText && phonetic === 0 && !selfClosing) collect = inlineText;
    },
    close(name) {
      if (name === 'sheetData') inSheetData = false;
      else if (name === 'c') finishCell();
      else if (name === 'v' || name === 't') collect = null;
      else if (name === 'rPh') phonetic = Math.max(0, phonetic - 1);
    },
    text(raw) {
      collect?.push(decodeXmlText(raw));
    },
    cdata(text) {
      collect?.push(text);
    },
  });

  const rows: string[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    const row = cells.get(r);
    if (!row) {
      rows.push(['']);
      continue;
    }
    const fields = new Array<string>(width).fill('');
    for (const [column, text] of row) fields[column] = text;
    rows.push(fields);
  }
  return { rows, formulasWithoutValue };
}

const BOOLEAN_TEXT: Readonly<Record<string, string>> = { '1': 'VERO', '0': 'FALSO', true: 'VERO', false: 'FALSO' };

/**
 * A cell's text by its type: a shared or inline string, a formula's string result, a boolean (as an
 * Italian Excel shows it), an error value ("#DIV/0!"), an ISO date, or a number in its format.
 * Null when there is no value at all (an empty styled cell, a formula never computed).
 */
function cellText(type: string, style: number, value: string | null, inline: string | null, context: SheetContext): string | null {
  switch (type) {
    case 's': {
      if (value === null) return null;
      const text = context.sharedStrings[Number(value.trim())];
      if (text === undefined) throw new XmlError(`shared string ${value} does not exist`);
      return text;
    }
    case 'inlineStr':
      return inline === null ? (value === null ? null : decodeXstring(value)) : decodeXstring(inline);
    case 'str':
      return value === null ? null : decodeXstring(value);
    case 'b':
      return value === null ? null : (BOOLEAN_TEXT[value.trim()] ?? value);
    case 'e':
      return value;
    case 'd': {
      if (value === null || value.trim() === '') return null;
      // An ISO date or date-time of the sheet's own calendar: read as if in UTC, so no time zone moves it.
      const iso = value.trim().replace(/(Z|[+-]\d\d:\d\d)$/, '');
      const time = Date.parse(`${iso.includes('T') ? iso : `${iso}T00:00:00`}Z`);
      if (Number.isNaN(time)) return value;
      // As a serial date in the cell's own format, so "d" cells read like the "n" dates Excel writes.
      return formatCellNumber(time / 86_400_000 + 25569, context.formats[style] ?? 'dd/mm/yyyy', false);
    }
    default: {
      if (value === null || value.trim() === '') return null;
      const number = Number(value);
      if (Number.isNaN(number)) throw new XmlError(`number cell holds «${value}»`);
      return formatCellNumber(number, context.formats[style] ?? 'General', context.date1904);
    }
  }
}

function tooManyRows(sheetName: string, row: number): QuadroProblem {
  const limit = MAX_AREA_ROWS;
  return problem('xlsx.sheet-too-many-rows', { sheet: sheetName, row, limit }, { row, cause: `sheet ${sheetName}: row ${row} > ${limit + 1}` });
}

function tooManyColumns(sheetName: string, row: number, column: number): QuadroProblem {
  return problem(
    'xlsx.sheet-too-many-columns',
    { sheet: sheetName, letter: columnLetter(column), row, max: MAX_COLUMNS },
    { row, column: column + 1, cause: `sheet ${sheetName}: column ${column + 1} > ${MAX_COLUMNS}` },
  );
}
