// The import analysis, from a file's bytes to a preview: pure steps chained, run inside the import worker.
import type { PlanDocument } from '../model/types.ts';
import { problem, type QuadroProblem } from '../model/errors.ts';
import type { CellPlace } from '../model/problem-codes.ts';
import {
  REPLACEMENT_CHAR,
  SINGLE_BYTE_ENCODINGS,
  buildImportPreview,
  columnPlace,
  decodeCsvBytes,
  encodingLabel,
  matchCsvToPlan,
  normalizeTitle,
  readCsvText,
  type AreaMatch,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvMatch,
  type DelimiterSource,
  type ImportPreview,
  type ParsedCsv,
  type WrongEncoding,
} from '../csv/index.ts';
import { AreaRowCounter, type AreaOverLimit } from '../model/limits.ts';
import { readXlsxWorkbook, sniffSpreadsheet } from '../xlsx/read.ts';
import { workbookToTable, type SheetReport } from './workbook-table.ts';

export interface AnalyzeRequest {
  bytes: Uint8Array;
  fileName: string;
  doc: PlanDocument;
  /** The area on screen: where rows go when the file has no Area column. */
  areaId?: string;
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

export interface AnalyzeResult {
  /** A CSV (decoded text) or a spreadsheet file (.xlsx, or another kind refused in words). */
  format: 'csv' | 'xlsx';
  /** For an .xlsx: each sheet and where its rows go (an area, a new area, or left out). */
  sheets: SheetReport[];
  /** What was detected (or forced), shown to the user, who may change it. */
  encoding: CsvEncoding | null;
  hadBom: boolean;
  /** Byte sequences not valid in the encoding (shown as �): the file was damaged on the way. */
  invalidSequences: number;
  delimiter: CsvDelimiter | null;
  /** How the separator was found (a `sep=` line, the field counts, the user); null when the file was not read as text. */
  delimiterSource: DelimiterSource | null;
  isQuadroFile: boolean;
  /** A Quadro file without its ID column: rows were matched by the text of their first column. */
  quadroWithoutId: boolean;
  /** Signs that the file was read in the wrong encoding, and the encodings that would read it. */
  wrongEncoding: WrongEncoding | null;
  problems: QuadroProblem[];
  warnings: QuadroProblem[];
  match: CsvMatch | null;
  preview: ImportPreview | null;
}

/** Decode → parse → match → preview; stops at the first step that finds problems, returning them. */
export function analyzeImport(request: AnalyzeRequest): AnalyzeResult {
  const result: AnalyzeResult = {
    format: 'csv',
    sheets: [],
    encoding: null,
    hadBom: false,
    invalidSequences: 0,
    delimiter: null,
    delimiterSource: null,
    isQuadroFile: false,
    quadroWithoutId: false,
    wrongEncoding: null,
    problems: [],
    warnings: [],
    match: null,
    preview: null,
  };
  // A spreadsheet (a zip or an Office binary) never goes to the CSV decoder: it is read, or refused in words.
  if (sniffSpreadsheet(request.bytes) !== null) return analyzeWorkbook(request, { ...result, format: 'xlsx' });

  const decoded = decodeCsvBytes(request.bytes, request.encoding);
  if (!decoded.ok) return { ...result, problems: decoded.errors };
  result.encoding = decoded.value.encoding;
  result.hadBom = decoded.value.hadBom;
  result.invalidSequences = decoded.value.invalidSequences;
  result.wrongEncoding = decoded.value.wrongEncoding;
  result.warnings.push(...decoded.warnings);
  if (decoded.value.wrongEncoding) result.warnings.push(wrongEncodingWarning(decoded.value.encoding, decoded.value.wrongEncoding));

  // The plan's titles find the title row under a title typed above it.
  const knownTitles = [...new Set(request.doc.columns.map((column) => column.title))];
  const reading = readCsvText(decoded.value.text, { knownTitles, ...(request.delimiter ? { delimiter: request.delimiter } : {}) });
  // The separator is reported even when the file is refused: the user sees what Quadro tried.
  result.delimiter = reading.delimiter;
  result.delimiterSource = reading.delimiterSource;
  const parsed = reading.table;
  if (!parsed.ok) return { ...result, problems: parsed.errors };
  result.isQuadroFile = parsed.value.writtenByQuadro;
  result.quadroWithoutId = parsed.value.writtenByQuadro && parsed.value.idColumn === null;
  result.warnings.push(...parsed.warnings);
  if (decoded.value.invalidSequences > 0) {
    const damage = locateDamage(parsed.value);
    if (damage.structural) return { ...result, problems: [damage.structural] };
    if (damage.warning) result.warnings.push(damage.warning);
  }
  matchAndPreview(parsed.value, request, result, decoded.value.encoding, decoded.value.clean);
  if (result.preview) {
    const lossy = lossyWarning(result.preview, decoded.value.encoding);
    if (lossy) result.warnings.push(lossy);
  }
  return result;
}

/** An .xlsx: its sheets read as text (no encoding, no separator), joined into one table, then matched as a CSV is. */
function analyzeWorkbook(request: AnalyzeRequest, result: AnalyzeResult): AnalyzeResult {
  const workbook = readXlsxWorkbook(request.bytes);
  if (!workbook.ok) return { ...result, problems: workbook.errors };
  const table = workbookToTable(workbook.value, request.doc);
  if (!table.ok) return { ...result, problems: table.errors };
  result.sheets = table.value.sheets;
  result.isQuadroFile = table.value.parsed.writtenByQuadro;
  result.quadroWithoutId = table.value.parsed.writtenByQuadro && table.value.parsed.idColumn === null;
  result.warnings.push(...table.warnings);
  // A single sheet named like an area goes to that area, whichever area is on screen.
  matchAndPreview(table.value.parsed, table.value.areaId ? { ...request, areaId: table.value.areaId } : request, result, undefined);
  return result;
}

/** Row limits, matching and the preview, into `result` (problems stop it). */
function matchAndPreview(parsed: ParsedCsv, request: AnalyzeRequest, result: AnalyzeResult, encoding: CsvEncoding | undefined, clean?: boolean): void {
  // Issue 14: a file that alone brings an area over the row limit is refused before any matching.
  const fileOver = rowsPerFileArea(parsed, request).overLimit()[0];
  if (fileOver) {
    result.problems = [areaRowLimitProblem(fileOver)];
    return;
  }
  const matched = matchCsvToPlan(parsed, request.doc, request.areaId ? { areaId: request.areaId } : {});
  if (!matched.ok) {
    result.problems = matched.errors;
    return;
  }
  // With the area's own rows (matching says which records are new), before the preview's work.
  const over = rowsAfterImport(matched.value.areas).overLimit()[0];
  if (over) {
    result.problems = [areaRowLimitProblem(over)];
    return;
  }
  result.warnings.push(...matched.warnings);
  result.match = matched.value;
  result.preview = buildImportPreview(matched.value, request.doc, { fileName: request.fileName, ...(encoding ? { encoding } : {}), ...(clean ? { clean } : {}) });
}

/**
 * The sentence on a text that looks read in the wrong encoding: the encoding used, what gives it away,
 * the encodings that would read it, and that the cells showing it are left out unless ticked.
 */
export function wrongEncodingWarning(used: CsvEncoding, wrong: WrongEncoding): QuadroProblem {
  const usedLabel = encodingLabel(used, false);
  const names = wrong.alternatives.map((encoding) => encodingLabel(encoding, false));
  return problem(
    'csv.wrong-encoding',
    { used: usedLabel, sample: wrong.sample, alternatives: names },
    { cause: `${used}; alternatives: ${wrong.alternatives.join(', ') || 'none'}` },
  );
}

/** The preview's one sentence on characters a single-byte save turned into "?" and that were kept, naming the encoding used. */
export function lossyWarning(preview: ImportPreview, encoding: CsvEncoding): QuadroProblem | null {
  const { cells, characters } = preview.lossyKept;
  if (characters === 0 || !SINGLE_BYTE_ENCODINGS.includes(encoding)) return null;
  const label = encodingLabel(encoding, false);
  return problem('csv.lossy-encoding-kept', { encoding: label, characters, cells }, { cause: `${characters} chars in ${cells} cells` });
}

/** Rows as the spreadsheet numbers them (the title row is `headerRowNumber`). */
function locateDamage(parsed: ParsedCsv): { structural: QuadroProblem | null; warning: QuadroProblem | null } {
  const structuralColumns = new Set([parsed.idColumn, parsed.lastChangedColumn, parsed.areaColumn, parsed.notesColumn ?? null].filter((c): c is number => c !== null));
  const places: { row: number; column: number }[] = [];
  parsed.header.forEach((title, c) => {
    if (title.includes(REPLACEMENT_CHAR)) places.push({ row: parsed.headerRowNumber, column: c });
  });
  parsed.records.forEach((record, r) => {
    record.forEach((field, c) => {
      if (field.includes(REPLACEMENT_CHAR)) places.push({ row: parsed.rowNumbers[r] as number, column: c });
    });
  });
  const first = places[0];
  if (!first) return { structural: null, warning: null };
  const where = (place: { row: number; column: number }): CellPlace => ({ row: place.row, column: columnPlace(place.column, parsed.header[place.column]) });
  const broken = places.find((place) => place.row === parsed.headerRowNumber || structuralColumns.has(place.column));
  if (broken) {
    return {
      structural: problem(
        'csv.damaged-structure',
        where(broken),
        { row: broken.row, column: broken.column + 1, cause: 'invalid bytes in a structural field' },
      ),
      warning: null,
    };
  }
  const shown = places.slice(0, 5).map(where);
  return {
    structural: null,
    warning: problem(
      'csv.damaged-bytes',
      { count: places.length, shown },
      { row: first.row, column: first.column + 1, cause: `${places.length} damaged cells` },
    ),
  };
}

/** The file's rows per area as the file names them (its Area column, else the area imported into). */
function rowsPerFileArea(parsed: ParsedCsv, request: AnalyzeRequest): AreaRowCounter {
  const target = request.doc.areas.find((area) => area.id === request.areaId) ?? (request.doc.areas.length === 1 ? request.doc.areas[0] : undefined);
  const counter = new AreaRowCounter();
  const column = parsed.areaColumn;
  if (column === null) {
    counter.add('', target?.title ?? '', parsed.records.length);
    return counter;
  }
  for (const record of parsed.records) {
    const title = (record[column] as string).trim();
    counter.add(title === '' ? '' : normalizeTitle(title), title === '' ? (target?.title ?? '') : title);
  }
  return counter;
}

/** Each matched area's rows after the import: the ones it has, plus the file's new ones (deleting missing rows is optional). */
function rowsAfterImport(areas: readonly AreaMatch[]): AreaRowCounter {
  const counter = new AreaRowCounter();
  for (const area of areas) {
    let added = 0;
    for (const row of area.rows) if (row.rowId === null) added++;
    counter.add(area.areaId, area.title, area.localRows.length + added);
  }
  return counter;
}

function areaRowLimitProblem(over: AreaOverLimit): QuadroProblem {
  return problem(
    'import.area-row-limit',
    { area: over.title, count: over.count, limit: over.limit },
    { cause: `${over.count} rows > ${over.limit} in area ${over.title}` },
  );
}
