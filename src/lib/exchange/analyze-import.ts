// The import analysis, from a file's bytes to a preview: pure steps chained, run inside the import worker.
import type { PlanDocument } from '../model/types.ts';
import { problem, type QuadroProblem } from '../model/errors.ts';
import {
  REPLACEMENT_CHAR,
  SINGLE_BYTE_ENCODINGS,
  buildImportPreview,
  describeColumn,
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
import { strings } from '../i18n/strings.ts';

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

  // Issue 14: a file that alone brings an area over the row limit is refused before any matching.
  const fileOver = rowsPerFileArea(parsed.value, request).overLimit()[0];
  if (fileOver) return { ...result, problems: [areaRowLimitProblem(fileOver)] };

  const matched = matchCsvToPlan(parsed.value, request.doc, request.areaId ? { areaId: request.areaId } : {});
  if (!matched.ok) return { ...result, problems: matched.errors };
  // With the area's own rows (matching says which records are new), before the preview's work.
  const over = rowsAfterImport(matched.value.areas).overLimit()[0];
  if (over) return { ...result, problems: [areaRowLimitProblem(over)] };
  result.warnings.push(...matched.warnings);
  result.match = matched.value;
  result.preview = buildImportPreview(matched.value, request.doc, { fileName: request.fileName, encoding: decoded.value.encoding, clean: decoded.value.clean });
  const lossy = lossyWarning(result.preview, decoded.value.encoding);
  if (lossy) result.warnings.push(lossy);
  return result;
}

/**
 * The sentence on a text that looks read in the wrong encoding: the encoding used, what gives it away,
 * the encodings that would read it, and that the cells showing it are left out unless ticked.
 */
export function wrongEncodingWarning(used: CsvEncoding, wrong: WrongEncoding): QuadroProblem {
  const usedLabel = encodingLabel(used, false);
  const names = wrong.alternatives.map((encoding) => encodingLabel(encoding, false));
  const tryIt = names.length === 0 ? '' : `Prova ${names.map((name) => `«${name}»`).join(' o ')} nel menu «Codifica» qui sopra. `;
  const tryEn = names.length === 0 ? '' : `Try ${names.map((name) => `“${name}”`).join(' or ')} in the “Encoding” menu above. `;
  return problem(
    'csv.wrong-encoding',
    `Il file è stato letto come ${usedLabel}, ma il testo sembra letto con la codifica sbagliata (per esempio «${wrong.sample}»). ${tryIt}Le celle con questi caratteri sono segnate qui sotto e non vengono applicate se non le spunti.`,
    `The file was read as ${usedLabel}, but the text looks read in the wrong encoding (for example “${wrong.sample}”). ${tryEn}The cells with these characters are marked below and are not applied unless you tick them.`,
    { cause: `${used}; alternatives: ${wrong.alternatives.join(', ') || 'none'}` },
  );
}

/** The preview's one sentence on characters a single-byte save turned into "?" and that were kept, naming the encoding used. */
export function lossyWarning(preview: ImportPreview, encoding: CsvEncoding): QuadroProblem | null {
  const { cells, characters } = preview.lossyKept;
  if (characters === 0 || !SINGLE_BYTE_ENCODINGS.includes(encoding)) return null;
  const chars = (n: number, it: [string, string], en: [string, string]): { it: string; en: string } => ({
    it: `${n} ${n === 1 ? it[0] : it[1]}`,
    en: `${n} ${n === 1 ? en[0] : en[1]}`,
  });
  const c = chars(characters, ['carattere', 'caratteri'], ['character', 'characters']);
  const k = chars(cells, ['cella', 'celle'], ['cell', 'cells']);
  const label = encodingLabel(encoding, false);
  return problem(
    'csv.lossy-encoding-kept',
    `Il file è stato letto come ${label}, una codifica che non può contenere alcuni caratteri (per esempio ✓): ${c.it} in ${k.it} sono arrivati come «?». Non sono modifiche, quindi Quadro tiene il testo che hai già. Per non perderli, in Excel salva come «CSV UTF-8».`,
    `The file was read as ${label}, an encoding that cannot hold some characters (for example ✓): ${c.en} in ${k.en} came back as “?”. They are not edits, so Quadro keeps the text you already have. To keep them, save from Excel as “CSV UTF-8”.`,
    { cause: `${characters} chars in ${cells} cells` },
  );
}

/** Rows as the spreadsheet numbers them (the title row is `headerRowNumber`). */
function locateDamage(parsed: ParsedCsv): { structural: QuadroProblem | null; warning: QuadroProblem | null } {
  const structuralColumns = new Set([parsed.idColumn, parsed.lastChangedColumn, parsed.areaColumn].filter((c): c is number => c !== null));
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
  const where = (place: { row: number; column: number }): { it: string; en: string } => {
    const column = describeColumn(place.column, parsed.header[place.column]);
    return { it: `riga ${place.row}, ${column.it}`, en: `row ${place.row}, ${column.en}` };
  };
  const broken = places.find((place) => place.row === parsed.headerRowNumber || structuralColumns.has(place.column));
  if (broken) {
    const w = where(broken);
    return {
      structural: problem(
        'csv.damaged-structure',
        `Il file è danneggiato: alla ${w.it} ci sono byte non validi (mostrati come �) proprio dove Quadro legge titoli, ID o date. Non è stato importato nulla: fatti rimandare il file o esportalo di nuovo.`,
        `The file is damaged: at ${w.en} there are invalid bytes (shown as �) exactly where Quadro reads titles, IDs or dates. Nothing was imported: ask for the file again or export it again.`,
        { row: broken.row, column: broken.column + 1, cause: 'invalid bytes in a structural field' },
      ),
      warning: null,
    };
  }
  const shown = places.slice(0, 5).map(where);
  const more = places.length > 5 ? { it: ` e altre ${places.length - 5}`, en: ` and ${places.length - 5} more` } : { it: '', en: '' };
  return {
    structural: null,
    warning: problem(
      'csv.damaged-bytes',
      `Il file contiene byte non validi (mostrati come �) in ${places.length === 1 ? 'una cella' : `${places.length} celle`}: ${shown.map((w) => w.it).join('; ')}${more.it}. Quelle celle sono segnate qui sotto e non vengono applicate se non le spunti.`,
      `The file holds invalid bytes (shown as �) in ${places.length === 1 ? 'one cell' : `${places.length} cells`}: ${shown.map((w) => w.en).join('; ')}${more.en}. Those cells are marked below and are not applied unless you tick them.`,
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
    strings('it').areaRowLimitImport(over.title, over.count, over.limit),
    strings('en').areaRowLimitImport(over.title, over.count, over.limit),
    { cause: `${over.count} rows > ${over.limit} in area ${over.title}` },
  );
}
