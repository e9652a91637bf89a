// Import, third step: which plan area, column and row each part of a parsed file stands for — data the UI can change.
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import { areasInOrder, cellText, columnsOfArea, hashText, rowsOfArea } from '../model/plan.ts';
import { aliasedId, aliasedText, idAlias, textAlias } from '../model/aliases.ts';
import type { Column, PlanDocument, Row } from '../model/types.ts';
import { columnPlace, normalizeTitle, shorten } from './format.ts';
import { validateTitle } from '../model/names.ts';
import type { ParsedCsv } from './parse.ts';

/** Where a file column goes in one area. */
export type ColumnTarget =
  | { kind: 'column'; columnId: string; reason: 'exact' | 'similar' | 'chosen' }
  | { kind: 'new'; title: string }
  | { kind: 'ignore' };

export interface ColumnMatch {
  /** 0-based index in `parsed.header`. */
  fileColumn: number;
  fileTitle: string;
  target: ColumnTarget;
}

export interface RowMatch {
  /** 0-based index in `parsed.records`. */
  recordIndex: number;
  /** The record's row number as a spreadsheet shows it. */
  rowNumber: number;
  /** The plan row it updates, or null for a new row. */
  rowId: string | null;
  /**
   * 'id': the row's own Quadro ID; 'alias': an ID or ambito a file gave the row before (issue 18);
   * 'first-column', 'same-content': the text; 'new': no row.
   */
  reason: 'id' | 'alias' | 'first-column' | 'same-content' | 'new';
  /**
   * What the row will remember of this record, so the next import of this file or a later one finds
   * it again (`model/aliases.ts`): the file's ID when the plan does not use it, else the ambito's key
   * for a record without ID. Null when the record was found by the row's own ID or by that alias already.
   */
  alias: string | null;
}

export interface AreaMatch {
  /** The plan area's id, or a placeholder `new-area:N` for an area the plan does not have yet. */
  areaId: string;
  isNew: boolean;
  title: string;
  /** Every content column of the file, each with its target in this area. */
  columns: ColumnMatch[];
  rows: RowMatch[];
  /** The area's columns and rows when matched (empty for a new area), so a rematch needs no document. */
  localColumns: Column[];
  localRows: Row[];
}

export interface CsvMatch {
  parsed: ParsedCsv;
  areas: AreaMatch[];
}

export interface MatchOptions {
  /** The area to import into when the file has no Area column (the area on screen). */
  areaId?: string;
}

/** Two titles with at least this share of common words are offered as a renamed column. */
export const SIMILAR_TITLE_MIN_JACCARD = 0.5;
const NEW_AREA_PREFIX = 'new-area:';

/**
 * How a parsed file maps onto a plan. Rows go to the area of their Quadro ID when the plan has
 * it, else to the area named in the Area column, else to `options.areaId`. Columns match by
 * title, then by similar title; rows by ID, then by the text of the area's first column.
 */
export function matchCsvToPlan(parsed: ParsedCsv, doc: PlanDocument, options: MatchOptions = {}): Result<CsvMatch> {
  const contentColumns = parsed.header.map((_, c) => c).filter((c) => c !== parsed.idColumn && c !== parsed.lastChangedColumn && c !== parsed.areaColumn && c !== parsed.notesColumn);
  const rowById = new Map(doc.rows.map((row) => [row.id, row]));
  // Issue 18: a file ID this plan does not use, remembered by the row a file matched it to before.
  const rowByAliasId = new Map<string, Row>();
  for (const row of doc.rows) {
    for (const alias of row.aliases ?? []) {
      const id = aliasedId(alias);
      if (id !== null && !rowByAliasId.has(id)) rowByAliasId.set(id, row);
    }
  }
  // A row the file names by its own ID is never also the target of another record's alias.
  const namedById = new Set<string>();
  if (parsed.idColumn !== null) {
    for (const record of parsed.records) {
      const id = (record[parsed.idColumn] as string).trim();
      if (rowById.has(id)) namedById.add(id);
    }
  }
  const areaByTitle = new Map<string, string>();
  for (const area of areasInOrder(doc)) if (!areaByTitle.has(normalizeTitle(area.title))) areaByTitle.set(normalizeTitle(area.title), area.id);
  const defaultAreaId = options.areaId ?? (doc.areas.length === 1 ? doc.areas[0]?.id : undefined);

  // Assign each record to an area (and to a row when its ID is known).
  const recordsByArea = new Map<string, Assigned[]>();
  const newAreaTitles = new Map<string, { areaId: string; title: string }>();
  for (let r = 0; r < parsed.records.length; r++) {
    const record = parsed.records[r] as string[];
    const id = parsed.idColumn === null ? '' : (record[parsed.idColumn] as string).trim();
    let known = id === '' ? undefined : rowById.get(id);
    let byAlias = false;
    if (!known && id !== '') {
      const aliased = rowByAliasId.get(id);
      if (aliased && !namedById.has(aliased.id)) {
        known = aliased;
        byAlias = true;
        // One record per row: a second record with the same alias is matched like any other.
        namedById.add(aliased.id);
      }
    }
    // A row with no text that the plan does not know carries nothing (and would be added again on every import).
    if (!known && isBlank(record, contentColumns)) continue;
    let areaId: string | undefined = known?.areaId;
    if (!areaId && parsed.areaColumn !== null) {
      const title = record[parsed.areaColumn] as string;
      const key = normalizeTitle(title);
      if (key !== '') {
        areaId = areaByTitle.get(key);
        if (!areaId) {
          let created = newAreaTitles.get(key);
          if (!created) {
            // A new area gets its title from the file: the same rule as a title typed in the app.
            const valid = validateTitle(title, 'area');
            if (!valid.ok) {
              const reason = valid.errors[0] as QuadroProblem;
              const rowNumber = parsed.rowNumbers[r] as number;
              return fail(
                problem('csv.bad-area-title',
                  { row: rowNumber, column: columnPlace(parsed.areaColumn, parsed.header[parsed.areaColumn]), reason },
                  { row: rowNumber, column: parsed.areaColumn + 1, cause: reason.code },
                ),
              );
            }
            created = { areaId: `${NEW_AREA_PREFIX}${newAreaTitles.size + 1}`, title: valid.value };
            newAreaTitles.set(key, created);
          }
          areaId = created.areaId;
        }
      }
    }
    areaId ??= defaultAreaId;
    if (!areaId) {
      const rowNumber = parsed.rowNumbers[r] as number;
      return fail(
        problem('csv.no-target-area', { row: rowNumber }, { row: rowNumber }),
      );
    }
    const list = recordsByArea.get(areaId) ?? [];
    list.push({ recordIndex: r, rowId: known ? known.id : null, byAlias });
    recordsByArea.set(areaId, list);
  }

  if (parsed.areaColumn === null && parsed.idColumn === null && defaultAreaId !== undefined) {
    const problemFound = checkSomeColumnMatches(parsed, contentColumns, columnsOfArea(doc, defaultAreaId));
    if (problemFound) return problemFound;
  }

  const areas: AreaMatch[] = [];
  const multiArea = parsed.areaColumn !== null;
  for (const area of areasInOrder(doc)) {
    const assigned = recordsByArea.get(area.id);
    // Only the area on screen is imported into even when the file has no row for it, so its rows show as missing.
    if (!assigned && area.id !== (parsed.areaColumn === null ? defaultAreaId : undefined)) continue;
    const localColumns = columnsOfArea(doc, area.id);
    const records = assigned ?? [];
    // New and renamed columns are offered only where this area's rows have text in them, unless the
    // whole single-area file is being imported into this area.
    const restrict = multiArea || area.id !== defaultAreaId;
    const columns = matchColumns(parsed, contentColumns, localColumns, restrict ? records.map((a) => a.recordIndex) : null);
    const areaMatch: AreaMatch = { areaId: area.id, isNew: false, title: area.title, columns, rows: [], localColumns, localRows: rowsOfArea(doc, area.id) };
    areaMatch.rows = matchRows(parsed, areaMatch, records);
    areas.push(areaMatch);
  }
  for (const { areaId, title } of newAreaTitles.values()) {
    const records = recordsByArea.get(areaId) ?? [];
    const columns = matchColumns(parsed, contentColumns, [], records.map((a) => a.recordIndex));
    if (!columns.some((column) => column.target.kind === 'new')) {
      const first = columns[0];
      if (first) first.target = { kind: 'new', title: first.fileTitle.trim() };
    }
    const areaMatch: AreaMatch = { areaId, isNew: true, title, columns, rows: [], localColumns: [], localRows: [] };
    areaMatch.rows = matchRows(parsed, areaMatch, records);
    areas.push(areaMatch);
  }
  return ok({ parsed, areas });
}

/**
 * The match with one file column sent elsewhere in one area (a plan column, a new column, or
 * nowhere). A plan column takes one file column only, so a previous holder becomes a new column.
 * Rows are matched again, since the area's first column may have moved.
 */
export function rematchColumn(
  match: CsvMatch,
  areaId: string,
  fileColumnIndex: number,
  target: { kind: 'column'; columnId: string } | { kind: 'new'; title: string } | { kind: 'ignore' },
): CsvMatch {
  const areas = match.areas.map((area) => {
    if (area.areaId !== areaId) return area;
    const chosen: ColumnTarget = target.kind === 'column' ? { kind: 'column', columnId: target.columnId, reason: 'chosen' } : target;
    const columns = area.columns.map((column): ColumnMatch => {
      if (column.fileColumn === fileColumnIndex) return { ...column, target: chosen };
      if (chosen.kind === 'column' && column.target.kind === 'column' && column.target.columnId === chosen.columnId) {
        return { ...column, target: { kind: 'new', title: column.fileTitle.trim() } };
      }
      return column;
    });
    const updated: AreaMatch = { ...area, columns };
    const assigned = area.rows.map((row) => ({ recordIndex: row.recordIndex, rowId: row.reason === 'id' || row.reason === 'alias' ? row.rowId : null, byAlias: row.reason === 'alias' }));
    updated.rows = matchRows(match.parsed, updated, assigned);
    return updated;
  });
  return { ...match, areas };
}

/** The words of a title, for similarity: accents and case ignored. */
function wordsOf(title: string): Set<string> {
  const plain = title.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== ''));
}

/**
 * Shared words over all words of two titles (1 = same words). Titles with different numbers are
 * never similar: "Risultati al 2012" is a new period, not "Risultati al 2011" renamed, and taking it
 * for one would write next year's results over this year's.
 */
export function titleSimilarity(a: string, b: string): number {
  const wordsA = wordsOf(a);
  const wordsB = wordsOf(b);
  if (wordsA.size === 0 && wordsB.size === 0) return 0;
  const numbers = (words: Set<string>): string => [...words].filter((word) => /^\p{N}+$/u.test(word)).sort().join(' ');
  if (numbers(wordsA) !== numbers(wordsB)) return 0;
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared++;
  return shared / (wordsA.size + wordsB.size - shared);
}

/**
 * Targets of the file's content columns in one area. `recordIndexes` (multi-area files) limits
 * renamed and new columns to those with text in this area's rows: the other areas' columns are empty here.
 */
function matchColumns(
  parsed: ParsedCsv,
  contentColumns: readonly number[],
  localColumns: readonly Column[],
  recordIndexes: readonly number[] | null,
): ColumnMatch[] {
  const used = new Set<string>();
  const matches: ColumnMatch[] = contentColumns.map((c) => ({ fileColumn: c, fileTitle: parsed.header[c] as string, target: { kind: 'ignore' } }));
  for (const match of matches) {
    const local = localColumns.find((column) => !used.has(column.id) && normalizeTitle(column.title) === normalizeTitle(match.fileTitle));
    if (!local) continue;
    used.add(local.id);
    match.target = { kind: 'column', columnId: local.id, reason: 'exact' };
  }
  const hasText = (c: number): boolean =>
    recordIndexes === null || recordIndexes.some((r) => ((parsed.records[r] as string[])[c] as string).trim() !== '');
  for (const match of matches) {
    if (match.target.kind !== 'ignore' || !hasText(match.fileColumn)) continue;
    let best: { column: Column; score: number } | undefined;
    for (const column of localColumns) {
      if (used.has(column.id)) continue;
      const score = titleSimilarity(column.title, match.fileTitle);
      if (score >= SIMILAR_TITLE_MIN_JACCARD && (!best || score > best.score)) best = { column, score };
    }
    if (best) {
      used.add(best.column.id);
      match.target = { kind: 'column', columnId: best.column.id, reason: 'similar' };
    } else {
      match.target = { kind: 'new', title: match.fileTitle.trim() };
    }
  }
  return matches;
}

/** A record's place in an area before its rows are matched: the row its ID (or an ID alias) names, if any. */
type Assigned = { recordIndex: number; rowId: string | null; byAlias: boolean };

/** The key a first-column text is compared by, and remembered by in a text alias: normalized, hashed. */
export function ambitoKey(text: string): string {
  const normalized = normalizeTitle(text);
  return normalized === '' ? '' : hashText(normalized);
}

/**
 * Rows of one area: records with a known ID (or an ID alias) keep it; the others match a local row
 * not yet taken, first by an ambito a file without IDs gave the row before (its text alias), then by
 * the normalized text of the area's first column, then by identical content; else new. Candidates
 * are indexed once, so a file of thousands of new rows stays linear.
 */
function matchRows(parsed: ParsedCsv, area: AreaMatch, assigned: readonly Assigned[]): RowMatch[] {
  const taken = new Set(assigned.flatMap((a) => (a.rowId === null ? [] : [a.rowId])));
  const mapped = area.columns.flatMap((column) => (column.target.kind === 'column' ? [{ fileColumn: column.fileColumn, columnId: column.target.columnId }] : []));
  const firstColumn = area.localColumns[0];
  // The ambito: the file column that holds the area's first column — in a new area (no columns
  // yet), the first one that becomes a column, since new columns are made in file order.
  const firstFileColumn = firstColumn
    ? mapped.find((m) => m.columnId === firstColumn.id)?.fileColumn
    : area.columns.find((column) => column.target.kind === 'new')?.fileColumn;

  const free = area.localRows.filter((row) => !taken.has(row.id));
  const byAliasText = new Map<string, Row[]>();
  const byFirstText = new Map<string, Row[]>();
  const byContent = new Map<string, Row[]>();
  const contentKey = (texts: readonly string[]): string => texts.join('\u0000');
  for (const row of free) {
    for (const alias of row.aliases ?? []) {
      const key = aliasedText(alias);
      if (key !== null) pushTo(byAliasText, key, row);
    }
    if (firstColumn) pushTo(byFirstText, normalizeTitle(cellText(row, firstColumn.id)), row);
    pushTo(byContent, contentKey(mapped.map((m) => cellText(row, m.columnId))), row);
  }
  // Once every local row is taken (or there were none: an empty area), the rest are new without
  // building their keys: a key is a normalized copy of a cell or of the whole row, 2 KB a record.
  let untaken = free.length;
  const takeFrom = (candidates: Row[] | undefined): Row | undefined => {
    const row = candidates?.find((candidate) => !taken.has(candidate.id));
    if (row) {
      taken.add(row.id);
      untaken--;
    }
    return row;
  };

  return assigned.map(({ recordIndex, rowId, byAlias }): RowMatch => {
    const rowNumber = parsed.rowNumbers[recordIndex] as number;
    if (rowId !== null) return { recordIndex, rowNumber, rowId, reason: byAlias ? 'alias' : 'id', alias: null };
    const record = parsed.records[recordIndex] as string[];
    const fileId = parsed.idColumn === null ? '' : (record[parsed.idColumn] as string).trim();
    const firstText = firstFileColumn === undefined ? '' : (record[firstFileColumn] as string);
    const key = firstFileColumn === undefined ? '' : ambitoKey(firstText);
    // The row will remember the file's ID, or for a record without one, its ambito.
    const alias = fileId !== '' ? idAlias(fileId) : key !== '' ? textAlias(key) : null;
    if (untaken === 0) return { recordIndex, rowNumber, rowId: null, reason: 'new', alias };
    if (key !== '' && fileId === '') {
      const remembered = takeFrom(byAliasText.get(key));
      if (remembered) return { recordIndex, rowNumber, rowId: remembered.id, reason: 'alias', alias };
    }
    if (firstColumn && firstFileColumn !== undefined) {
      const local = key === '' ? undefined : takeFrom(byFirstText.get(normalizeTitle(firstText)));
      if (local) return { recordIndex, rowNumber, rowId: local.id, reason: 'first-column', alias };
    }
    const texts = mapped.map((m) => record[m.fileColumn] as string);
    const same = texts.some((text) => text !== '') ? takeFrom(byContent.get(contentKey(texts))) : undefined;
    if (same) return { recordIndex, rowNumber, rowId: same.id, reason: 'same-content', alias };
    return { recordIndex, rowNumber, rowId: null, reason: 'new', alias };
  });
}

/** Whether every content field of a record is empty or white space. */
function isBlank(record: readonly string[], contentColumns: readonly number[]): boolean {
  for (const c of contentColumns) if ((record[c] as string).trim() !== '') return false;
  return true;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The error for a file none of whose titles belongs to the area: probably the wrong file or area. */
function checkSomeColumnMatches(parsed: ParsedCsv, contentColumns: readonly number[], localColumns: readonly Column[]): Result<CsvMatch> | undefined {
  const matches = contentColumns.some((c) =>
    localColumns.some((column) => {
      const title = parsed.header[c] as string;
      return normalizeTitle(column.title) === normalizeTitle(title) || titleSimilarity(column.title, title) >= SIMILAR_TITLE_MIN_JACCARD;
    }),
  );
  if (matches || localColumns.length === 0) return undefined;
  const found = contentColumns.map((c) => shorten(parsed.header[c] as string));
  const expected = localColumns.map((column) => shorten(column.title));
  const row = parsed.headerRowNumber;
  return fail(
    problem('csv.no-matching-columns', { row, found, expected }, { row, cause: `file: ${found.join(', ')}; expected: ${expected.join(', ')}` }),
  );
}
