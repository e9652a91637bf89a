// An .xlsx's sheets as the one table the CSV import matches: each sheet read like a CSV, then the sheets joined with an Area column that says where their rows go.
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';

/** A sheet's line in the preview, in both languages (not a problem: its words are still written here). */
type LocalizedText = { it: string; en: string };
import { areasInOrder } from '../model/plan.ts';
import type { Area, PlanDocument } from '../model/types.ts';
import { AREA_HEADER, LAST_CHANGED_HEADER, normalizeTitle, shorten } from '../csv/format.ts';
import { readTable, type ParsedCsv } from '../csv/parse.ts';
import { NOTES_HEADER } from '../csv/notes-field.ts';
import { sheetNames } from '../xlsx/sheet-names.ts';
import type { XlsxWorkbook } from '../xlsx/read.ts';

/** Where a sheet's rows went, for the preview's one line per sheet. */
export type SheetFate =
  /** Named like an area of the plan: its rows go there. */
  | { kind: 'area'; areaTitle: string }
  /** The sheet has its own Area column (Quadro's whole-plan sheet): each row says its area. */
  | { kind: 'area-column' }
  /** One sheet not named like an area: into the area on screen, as a CSV would. */
  | { kind: 'screen-area' }
  /** One of several sheets, not named like an area: a new area with the sheet's name. */
  | { kind: 'new-area'; areaTitle: string }
  | { kind: 'hidden' }
  | { kind: 'empty' };

export interface SheetReport {
  name: string;
  fate: SheetFate;
  /** The preview's line for the sheet, in both languages (made here, with the warnings, off the first screen's strings). */
  says: LocalizedText;
}

/** "«Foglio1» → area «AREA IMMIGRAZIONE»": where a sheet's rows go, in words. */
export function describeSheet(name: string, fate: SheetFate): LocalizedText {
  const sheet = { it: `«${name}»`, en: `“${name}”` };
  switch (fate.kind) {
    case 'area':
      return { it: `${sheet.it} → area «${fate.areaTitle}»`, en: `${sheet.en} → area “${fate.areaTitle}”` };
    case 'area-column':
      return { it: `${sheet.it} → le aree scritte nella colonna «Area»`, en: `${sheet.en} → the areas named in its “Area” column` };
    case 'screen-area':
      return { it: `${sheet.it} → l'area aperta`, en: `${sheet.en} → the open area` };
    case 'new-area':
      return { it: `${sheet.it} → nuova area «${fate.areaTitle}»`, en: `${sheet.en} → new area “${fate.areaTitle}”` };
    case 'hidden':
      return { it: `${sheet.it}: foglio nascosto, non importato`, en: `${sheet.en}: hidden sheet, not imported` };
    case 'empty':
      return { it: `${sheet.it}: vuoto`, en: `${sheet.en}: empty` };
  }
}

export interface WorkbookTable {
  parsed: ParsedCsv;
  sheets: SheetReport[];
  /** The area a single sheet goes to when it is named like one (instead of the area on screen). */
  areaId?: string;
}

/**
 * The area a sheet is named after: its title (spaces and case aside), or the sheet name Quadro's
 * export gives it (titles cut to Excel's 31 characters, forbidden characters replaced).
 */
export function areaOfSheet(sheetName: string, doc: PlanDocument): Area | undefined {
  const ordered = areasInOrder(doc);
  const key = normalizeTitle(sheetName);
  const byTitle = ordered.find((area) => normalizeTitle(area.title) === key);
  if (byTitle) return byTitle;
  const names = sheetNames(ordered.map((area) => area.title));
  const index = names.findIndex((name) => normalizeTitle(name) === key);
  return index === -1 ? undefined : ordered[index];
}

/** A problem of one sheet's table, its message saying which sheet. */
function inSheet(sheet: string, found: QuadroProblem): QuadroProblem {
  return { ...found, sheet: shorten(sheet), internal: { ...found.internal, cause: `sheet ${sheet}: ${found.internal?.cause ?? found.code}` } };
}

const isBlankRow = (fields: readonly string[]): boolean => fields.every((field) => field.trim() === '');

/**
 * The workbook's visible, non-empty sheets as one parsed table. One sheet is the file as a CSV would
 * be (into the area it is named after, else the area on screen). Several sheets are joined: columns
 * with the same title share one, and an Area column carries each row's area — the sheet's own Area
 * column, the area the sheet is named after, or a new area named after the sheet.
 */
export function workbookToTable(workbook: XlsxWorkbook, doc: PlanDocument): Result<WorkbookTable> {
  const fates: SheetFate[] = [];
  const used: { index: number; name: string; parsed: ParsedCsv }[] = [];
  const warnings: QuadroProblem[] = [];
  // The plan's titles find the title row under a title typed above it, as in a CSV.
  const knownTitles = [...new Set(doc.columns.map((column) => column.title))];
  for (const [index, sheet] of workbook.sheets.entries()) {
    if (sheet.hidden) fates[index] = { kind: 'hidden' };
    else if (sheet.rows.every(isBlankRow)) fates[index] = { kind: 'empty' };
    else {
      const table = readTable(sheet.rows, { knownTitles });
      if (!table.ok) return fail(...table.errors.map((found) => inSheet(sheet.name, found)));
      warnings.push(...table.warnings.map((found) => inSheet(sheet.name, found)));
      if (sheet.formulasWithoutValue > 0) warnings.push(formulasWithoutValue(sheet.name, sheet.formulasWithoutValue));
      used.push({ index, name: sheet.name, parsed: table.value });
    }
  }
  const first = used[0];
  if (!first) {
    return fail(
      problem('xlsx.no-data', {}),
    );
  }
  const report = (): SheetReport[] =>
    workbook.sheets.map((sheet, index) => ({ name: sheet.name, fate: fates[index] as SheetFate, says: describeSheet(sheet.name, fates[index] as SheetFate) }));

  if (used.length === 1) {
    const area = first.parsed.areaColumn === null ? areaOfSheet(first.name, doc) : undefined;
    fates[first.index] = first.parsed.areaColumn !== null ? { kind: 'area-column' } : area ? { kind: 'area', areaTitle: area.title } : { kind: 'screen-area' };
    return ok({ parsed: first.parsed, sheets: report(), ...(area ? { areaId: area.id } : {}) }, warnings);
  }

  const areaTitles: (string | null)[] = [];
  for (const sheet of used) {
    if (sheet.parsed.areaColumn !== null) {
      fates[sheet.index] = { kind: 'area-column' };
      areaTitles.push(null);
      continue;
    }
    const area = areaOfSheet(sheet.name, doc);
    const title = area ? area.title : sheet.name;
    fates[sheet.index] = area ? { kind: 'area', areaTitle: title } : { kind: 'new-area', areaTitle: title };
    areaTitles.push(title);
    if (!area) warnings.push(sheetAsNewArea(sheet.name));
  }
  const joined = joinSheets(used, areaTitles);
  if (!joined.ok) return joined;
  return ok({ parsed: joined.value, sheets: report() }, warnings);
}

/** The sheets' tables as one, with an Area column first; columns shared by title, Quadro's ID and time columns last. */
function joinSheets(used: readonly { name: string; parsed: ParsedCsv }[], areaTitles: readonly (string | null)[]): Result<ParsedCsv> {
  const versions = used.map((sheet) => sheet.parsed.quadroVersion).filter((v): v is number => v !== null);
  const quadroVersion = versions.length > 0 ? Math.max(...versions) : null;
  const hasLastChanged = used.some((sheet) => sheet.parsed.lastChangedColumn !== null);
  const hasNotes = used.some((sheet) => (sheet.parsed.notesColumn ?? null) !== null);
  const content: string[] = [];
  const contentIndex = new Map<string, number>();
  for (const { parsed } of used) {
    parsed.header.forEach((title, c) => {
      if (c === parsed.idColumn || c === parsed.lastChangedColumn || c === parsed.areaColumn || c === parsed.notesColumn) return;
      const key = normalizeTitle(title);
      if (contentIndex.has(key)) return;
      contentIndex.set(key, content.length);
      content.push(title);
    });
  }
  const idHeader = quadroVersion === null ? null : `ID Quadro v${quadroVersion}`;
  const header = [AREA_HEADER, ...content, ...(idHeader ? [idHeader] : []), ...(hasLastChanged ? [LAST_CHANGED_HEADER] : []), ...(hasNotes ? [NOTES_HEADER] : [])];
  const idColumn = idHeader ? content.length + 1 : null;
  const lastChangedColumn = hasLastChanged ? content.length + 1 + (idHeader ? 1 : 0) : null;
  const notesColumn = hasNotes ? header.length - 1 : null;

  const records: string[][] = [];
  const rowNumbers: number[] = [];
  const firstById = new Map<string, { sheet: string; row: number }>();
  for (const [u, { name, parsed }] of used.entries()) {
    const targets = parsed.header.map((title, c) =>
      c === parsed.areaColumn ? 0 : c === parsed.idColumn ? idColumn : c === parsed.lastChangedColumn ? lastChangedColumn : c === parsed.notesColumn ? notesColumn : 1 + (contentIndex.get(normalizeTitle(title)) as number),
    );
    const areaTitle = areaTitles[u] ?? '';
    for (let r = 0; r < parsed.records.length; r++) {
      const source = parsed.records[r] as string[];
      const record = new Array<string>(header.length).fill('');
      record[0] = areaTitle;
      source.forEach((field, c) => {
        const target = targets[c];
        if (target !== null && target !== undefined) record[target] = field;
      });
      const rowNumber = parsed.rowNumbers[r] as number;
      if (idColumn !== null) {
        const id = (record[idColumn] as string).trim();
        const earlier = id === '' ? undefined : firstById.get(id);
        if (earlier) return fail(duplicateIdAcrossSheets(earlier, { sheet: name, row: rowNumber }, id));
        if (id !== '') firstById.set(id, { sheet: name, row: rowNumber });
      }
      records.push(record);
      rowNumbers.push(rowNumber);
    }
  }
  // The joined table is Quadro's when any of its sheets is (its formula guards were removed sheet by sheet).
  const writtenByQuadro = used.some(({ parsed }) => parsed.writtenByQuadro);
  return ok({ delimiter: null, header, headerRowNumber: 1, records, rowNumbers, quadroVersion, writtenByQuadro, idColumn, lastChangedColumn, areaColumn: 0, notesColumn });
}

function sheetAsNewArea(sheet: string): QuadroProblem {
  return problem('xlsx.sheet-new-area', { sheet: shorten(sheet) }, { cause: `sheet ${sheet}: no area of that name` });
}

function formulasWithoutValue(sheet: string, count: number): QuadroProblem {
  return problem('xlsx.formulas-without-value', { sheet: shorten(sheet), count }, { cause: `sheet ${sheet}: ${count} formulas without <v>` });
}

function duplicateIdAcrossSheets(first: { sheet: string; row: number }, second: { sheet: string; row: number }, id: string): QuadroProblem {
  return problem(
    'xlsx.duplicate-id',
    { first: { sheet: shorten(first.sheet), row: first.row }, second: { sheet: shorten(second.sheet), row: second.row }, id: shorten(id) },
    { row: second.row, cause: `same ID in sheets ${first.sheet} and ${second.sheet}` },
  );
}
