// Import, second step: CSV text to a checked table (header + equal-length records), Quadro columns located.
import Papa from 'papaparse';
import { parseLocalLastChanged } from './last-changed.ts';
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import {
  FORBIDDEN_TITLES,
  ID_HEADER_PATTERN,
  LAST_CHANGED_HEADER,
  AREA_HEADER,
  MAX_COLUMNS,
  MAX_FIELD_CHARS,
  MAX_FILE_BYTES,
  QUADRO_CSV_VERSION,
  UTF8_BOM,
  columnLetter,
  describeColumn,
  normalizeTitle,
  shorten,
  type CsvDelimiter,
} from './format.ts';
import { restoreField } from './neutralize.ts';
import { validateTitle } from '../model/names.ts';

export interface ParsedCsv {
  delimiter: CsvDelimiter;
  /** Column titles as in the file (for Quadro files, with the formula guard removed). */
  header: string[];
  /** Data rows, each exactly `header.length` long; blank lines are left out. */
  records: string[][];
  /** For each record, its row number as a spreadsheet shows it (the header is row 1). */
  rowNumbers: number[];
  /** The format version from the `ID Quadro vN` header; null for files not written by Quadro. */
  quadroVersion: number | null;
  idColumn: number | null;
  lastChangedColumn: number | null;
  areaColumn: number | null;
}

export interface ParseCsvOptions {
  delimiter?: CsvDelimiter;
}

/** At most this many problems of one kind are reported: the first few are enough to fix a file. */
const MAX_REPORTED = 10;
const CANDIDATE_DELIMITERS: readonly CsvDelimiter[] = [';', ',', '\t'];

/**
 * The table in a CSV text, or the problems that make it unusable (ragged rows, an unclosed quote,
 * duplicate or reserved titles, duplicate IDs, sizes over the limits), each naming row and column.
 */
export function parseCsvText(text: string, options: ParseCsvOptions = {}): Result<ParsedCsv> {
  const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  if (input.length > MAX_FILE_BYTES) {
    return fail(
      problem(
        'csv.file-too-large',
        `Il testo è troppo lungo (${input.length} caratteri; il massimo è ${MAX_FILE_BYTES}): controlla di aver scelto il file giusto.`,
        `The text is too long (${input.length} characters; the limit is ${MAX_FILE_BYTES}): check that you chose the right file.`,
        { cause: `${input.length} chars` },
      ),
    );
  }
  const delimiter = options.delimiter ?? detectDelimiter(input);
  const result = Papa.parse<string[]>(input, {
    delimiter,
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    quoteChar: '"',
    escapeChar: '"',
  });

  const quoteProblems = findQuoteProblems(result.errors, result.data);
  if (quoteProblems.length > 0) return fail(...quoteProblems);

  const rows = result.data;
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === '') rows.pop(); // the line break after the last record
  return readTable(rows, { delimiter });
}

export interface ReadTableOptions {
  /** The CSV delimiter the rows were split on (reported back; an .xlsx sheet has none and passes the default). */
  delimiter: CsvDelimiter;
}

/**
 * The checked table in rows of fields (a CSV's records, or a spreadsheet's rows): the header, Quadro's
 * columns located, blank rows left out, and the problems that make it unusable (duplicate or reserved
 * titles, ragged rows, duplicate IDs, sizes over the limits), each naming row and column. Row numbers
 * are the rows' positions + 1, as a spreadsheet shows them. The records are `rows`' own arrays.
 */
export function readTable(rows: string[][], options: ReadTableOptions): Result<ParsedCsv> {
  const { delimiter } = options;
  const rawHeader = rows[0];
  if (!rawHeader || rawHeader.every((title) => title.trim() === '')) {
    return fail(
      problem(
        'csv.no-columns',
        'Il file non ha colonne: la prima riga deve contenere i titoli delle colonne (per esempio AMBITO).',
        'The file has no columns: the first row must hold the column titles (for example AMBITO).',
        { row: 1 },
      ),
    );
  }

  const sizeProblems = findSizeProblems(rows);
  if (sizeProblems.length > 0) return fail(...sizeProblems);

  const quadro = findQuadroVersion(rawHeader);
  if (!quadro.ok) return quadro;
  const isQuadro = quadro.value.version !== null;
  const restore = (fields: string[]): string[] => (isQuadro ? fields.map(restoreField) : fields);

  const warnings: QuadroProblem[] = [];
  const header = restore(rawHeader);
  // Papa's arrays are the records: no wrapper object per record, no copy (allocation is most of the cost).
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  for (let i = 1; i < rows.length; i++) {
    const fields = rows[i] as string[];
    // A blank line is no record (Excel writes an empty row as ";;;", which stays a record).
    if (fields.length === 1 && fields[0] === '' && header.length > 1) continue;
    records.push(fields);
    rowNumbers.push(i + 1);
  }
  dropTrailingEmptyColumns(header, records, warnings);

  const titleProblems = findTitleProblems(header);
  if (titleProblems.length > 0) return fail(...titleProblems);

  const raggedProblems = findRaggedRows(header, records, rowNumbers);
  if (raggedProblems.length > 0) return fail(...raggedProblems);

  // Restored in place rather than copied: 10,000s of records.
  if (isQuadro) for (const fields of records) restoreInPlace(fields);
  const idColumn = quadro.value.idColumn;
  if (idColumn !== null) {
    const duplicates = findDuplicateIds(records, rowNumbers, idColumn);
    if (duplicates.length > 0) return fail(...duplicates);
  }

  const lastChangedColumn = isQuadro ? indexOfTitle(header, LAST_CHANGED_HEADER) : null;
  const areaColumn = normalizeTitle(header[0] ?? '') === normalizeTitle(AREA_HEADER) ? 0 : null;
  return ok(
    {
      delimiter,
      header,
      records,
      rowNumbers,
      quadroVersion: quadro.value.version,
      idColumn,
      lastChangedColumn,
      areaColumn,
    },
    warnings,
  );
}

/**
 * The delimiter of a file, from its first record: the most frequent of `;`, `,` and tab outside
 * quotes. Ties (and a single-column file) go to `;`, the list separator of an Italian Excel.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: CsvDelimiter = ';';
  for (const d of CANDIDATE_DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

/** The time and author in an "Ultima modifica" field (`<ISO time> · <author>`), or null. */
export function parseLastChanged(field: string): { at: string; by: string } | null {
  // Quadro's person-friendly form (local time and offset), then the ISO form of older files.
  const local = parseLocalLastChanged(field);
  if (local) return local;
  // Exactly as written first (the author kept verbatim), then leniently for hand-edited files.
  const match =
    /^(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})) · ([\s\S]*)$/.exec(field) ??
    /^\s*(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2}))\s*·\s*([\s\S]*?)\s*$/.exec(field);
  if (!match) return null;
  const time = Date.parse(match[1] as string);
  if (Number.isNaN(time)) return null;
  return { at: new Date(time).toISOString(), by: match[2] as string };
}

function restoreInPlace(fields: string[]): string[] {
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as string;
    const restored = restoreField(field);
    if (restored !== field) fields[i] = restored; // a store into an old array costs a write barrier: only when needed
  }
  return fields;
}

function findQuoteProblems(errors: readonly Papa.ParseError[], data: readonly string[][]): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  for (const error of errors) {
    if (error.code === 'MissingQuotes') {
      // papaparse saves the unfinished record with the unterminated field last.
      const rowNumber = (error.row ?? data.length - 1) + 1;
      const fieldCount = data[rowNumber - 1]?.length ?? 1;
      const where = describeColumn(fieldCount - 1);
      problems.push(
        problem(
          'csv.unbalanced-quote',
          `Riga ${rowNumber}, ${where.it}: un campo si apre con le virgolette (") ma non si chiude mai. Chiudi le virgolette o toglile, oppure esporta di nuovo il file.`,
          `Row ${rowNumber}, ${where.en}: a field opens with a quote (") that is never closed. Close or remove the quote, or export the file again.`,
          { row: rowNumber, column: fieldCount, cause: error.message },
        ),
      );
    } else if (error.code === 'InvalidQuotes') {
      const rowNumber = (error.row ?? 0) + 1;
      problems.push(
        problem(
          'csv.bad-quote',
          `Riga ${rowNumber}: un campo tra virgolette continua dopo la virgoletta di chiusura. Scrivi le virgolette dentro un campo come due virgolette ("") o esporta di nuovo il file.`,
          `Row ${rowNumber}: a quoted field goes on after its closing quote. Write a quote inside a field as two quotes ("") or export the file again.`,
          { row: rowNumber, cause: error.message },
        ),
      );
    }
    if (problems.length >= MAX_REPORTED) break;
  }
  return problems;
}

function findSizeProblems(rows: readonly string[][]): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  for (let r = 0; r < rows.length && problems.length < MAX_REPORTED; r++) {
    const fields = rows[r] as string[];
    const rowNumber = r + 1;
    if (fields.length > MAX_COLUMNS) {
      problems.push(
        problem(
          'csv.too-many-columns',
          `Riga ${rowNumber}: ha ${fields.length} colonne, il massimo è ${MAX_COLUMNS}. Controlla il separatore o togli le colonne in più.`,
          `Row ${rowNumber}: it has ${fields.length} columns, the limit is ${MAX_COLUMNS}. Check the delimiter or remove the extra columns.`,
          { row: rowNumber, column: fields.length },
        ),
      );
      continue;
    }
    for (let c = 0; c < fields.length; c++) {
      const length = (fields[c] as string).length;
      if (length > MAX_FIELD_CHARS) {
        const where = describeColumn(c);
        problems.push(
          problem(
            'csv.field-too-long',
            `Riga ${rowNumber}, ${where.it}: la cella ha ${length} caratteri, il massimo è ${MAX_FIELD_CHARS}. Accorcia il testo o controlla che il file sia un CSV di Quadro.`,
            `Row ${rowNumber}, ${where.en}: the cell has ${length} characters, the limit is ${MAX_FIELD_CHARS}. Shorten the text or check that the file is a Quadro CSV.`,
            { row: rowNumber, column: c + 1 },
          ),
        );
      }
    }
  }
  return problems;
}

function findQuadroVersion(header: readonly string[]): Result<{ version: number | null; idColumn: number | null }> {
  for (let c = 0; c < header.length; c++) {
    const match = ID_HEADER_PATTERN.exec((header[c] as string).trim());
    if (!match) continue;
    const version = Number(match[1]);
    if (version > QUADRO_CSV_VERSION) {
      return fail(
        problem(
          'csv.newer-version',
          `Il file è stato scritto da una versione più recente di Quadro (formato v${version}, questa legge fino alla v${QUADRO_CSV_VERSION}): aggiorna Quadro e riprova.`,
          `The file was written by a newer Quadro (format v${version}; this one reads up to v${QUADRO_CSV_VERSION}): update Quadro and try again.`,
          { row: 1, column: c + 1, cause: `version ${version}` },
        ),
      );
    }
    if (version < 1) {
      return fail(
        problem(
          'csv.unknown-version',
          `Riga 1, colonna ${columnLetter(c)}: il formato «${header[c]}» non esiste. Esporta di nuovo il file da Quadro.`,
          `Row 1, column ${columnLetter(c)}: there is no format «${header[c]}». Export the file from Quadro again.`,
          { row: 1, column: c + 1 },
        ),
      );
    }
    return ok({ version, idColumn: c });
  }
  return ok({ version: null, idColumn: null });
}

/**
 * Excel and LibreOffice sometimes write empty columns past the data (a cell that once had a
 * format). An untitled, empty last column carries nothing, so it is dropped with a warning.
 */
function dropTrailingEmptyColumns(header: string[], records: readonly string[][], warnings: QuadroProblem[]): void {
  let dropped = 0;
  while (header.length > 1) {
    const last = header.length - 1;
    if ((header[last] as string).trim() !== '') break;
    if (!records.every((fields) => fields.length === header.length && (fields[last] as string).trim() === '')) break;
    header.pop();
    for (const fields of records) fields.pop();
    dropped++;
  }
  if (dropped > 0) {
    warnings.push(
      problem(
        'csv.empty-columns-dropped',
        `Ignorate ${dropped} colonne vuote e senza titolo alla fine del file.`,
        `Ignored ${dropped} empty, untitled columns at the end of the file.`,
      ),
    );
  }
}

function findTitleProblems(header: readonly string[]): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  const firstByTitle = new Map<string, number>();
  header.forEach((title, c) => {
    const where = describeColumn(c, title);
    const normalized = normalizeTitle(title);
    if (normalized === '') {
      problems.push(
        problem(
          'csv.empty-title',
          `Riga 1, ${where.it}: la colonna non ha titolo. Scrivi un titolo nella prima riga o elimina la colonna.`,
          `Row 1, ${where.en}: the column has no title. Write a title in the first row or delete the column.`,
          { row: 1, column: c + 1 },
        ),
      );
      return;
    }
    if (FORBIDDEN_TITLES.includes(normalized)) {
      problems.push(
        problem(
          'csv.forbidden-title',
          `Riga 1, ${where.it}: «${title.trim()}» non può essere il titolo di una colonna. Rinomina la colonna.`,
          `Row 1, ${where.en}: «${title.trim()}» cannot be a column title. Rename the column.`,
          { row: 1, column: c + 1, cause: title },
        ),
      );
      return;
    }
    const valid = validateTitle(title, 'column');
    if (!valid.ok) {
      const reason = valid.errors[0] as QuadroProblem;
      problems.push(
        problem('csv.title-too-long', `Riga 1, ${where.it}: ${reason.message.it}`, `Row 1, ${where.en}: ${reason.message.en}`, {
          row: 1,
          column: c + 1,
          cause: reason.code,
        }),
      );
      return;
    }
    const first = firstByTitle.get(normalized);
    if (first !== undefined) {
      const other = describeColumn(first);
      problems.push(
        problem(
          'csv.duplicate-title',
          `Riga 1: la ${other.it} e la ${where.it} hanno lo stesso titolo «${shorten(title)}». Rinomina una delle due.`,
          `Row 1: ${other.en} and ${where.en} have the same title «${shorten(title)}». Rename one of them.`,
          { row: 1, column: c + 1, cause: `same title as column ${first + 1}` },
        ),
      );
      return;
    }
    firstByTitle.set(normalized, c);
  });
  return problems.slice(0, MAX_REPORTED);
}

function findRaggedRows(header: readonly string[], records: readonly string[][], rowNumbers: readonly number[]): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  for (let r = 0; r < records.length; r++) {
    const fields = records[r] as string[];
    if (fields.length === header.length) continue;
    const rowNumber = rowNumbers[r] as number;
    problems.push(
      problem(
        'csv.ragged-row',
        `Riga ${rowNumber}: ha ${fields.length} campi, ma la riga dei titoli ne ha ${header.length}. Controlla separatori (;) e virgolette in quella riga, o esporta di nuovo il file.`,
        `Row ${rowNumber}: it has ${fields.length} fields, but the title row has ${header.length}. Check the delimiters (;) and quotes in that row, or export the file again.`,
        { row: rowNumber, column: Math.min(fields.length, header.length) + 1, cause: `${fields.length} vs ${header.length}` },
      ),
    );
    if (problems.length >= MAX_REPORTED) break;
  }
  return problems;
}

function findDuplicateIds(records: readonly string[][], rowNumbers: readonly number[], idColumn: number): QuadroProblem[] {
  const problems: QuadroProblem[] = [];
  const rowById = new Map<string, number>();
  records.forEach((fields, r) => {
    const id = (fields[idColumn] as string).trim();
    if (id === '' || problems.length >= MAX_REPORTED) return;
    const rowNumber = rowNumbers[r] as number;
    const first = rowById.get(id);
    if (first === undefined) {
      rowById.set(id, rowNumber);
      return;
    }
    const where = describeColumn(idColumn);
    problems.push(
      problem(
        'csv.duplicate-id',
        `Le righe ${first} e ${rowNumber} hanno lo stesso ID (${where.it}: «${shorten(id)}»): probabilmente una riga è stata copiata. Svuota l'ID della copia, così Quadro la importa come riga nuova.`,
        `Rows ${first} and ${rowNumber} have the same ID (${where.en}: «${shorten(id)}»): probably a row was copied. Clear the copy's ID so Quadro imports it as a new row.`,
        { row: rowNumber, column: idColumn + 1, cause: `same ID as row ${first}` },
      ),
    );
  });
  return problems;
}

function indexOfTitle(header: readonly string[], title: string): number | null {
  const wanted = normalizeTitle(title);
  const index = header.findIndex((candidate) => normalizeTitle(candidate) === wanted);
  return index === -1 ? null : index;
}
