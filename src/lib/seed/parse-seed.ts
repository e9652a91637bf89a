// Parses the agency's 2012 operational plan (text converted from the PDF) into the plan model: pure, no side effects.
//
// The document, line by line: tables are tab-separated rows whose header ("AMBITO", then four
// periods) repeats at every page break; the first table has no heading (it is the immigration
// area); "AREA …**subtitle**" opens an area whose narrative introduction precedes its table;
// "ALTRI PROGETTI …" opens the projects: intro paragraphs, then an ALL-CAPS title per project
// followed by its paragraphs. Blank lines carry no meaning.
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import type { PlanDocument } from '../model/types.ts';
import { convertCellMarkup, normalizeSpaces } from './cell-markup.ts';
import { convertNarrative } from './narrative.ts';
import { appendContinuation } from './page-breaks.ts';
import { expandSeedHead } from './compact-plan.ts';

export { SEED_PLAN_ID, SEED_PLAN_NAME, SEED_TIME } from './compact-plan.ts';

/** The first table has no heading in the document; this is the area it belongs to. */
const FIRST_AREA_TITLE = 'AREA IMMIGRAZIONE';
const PROJECT_COLUMN_TITLES = ['Progetto', 'Descrizione'];
const HEADER_FIRST_CELL = 'AMBITO';

const AREA_HEADING = /^AREA\s+\p{Lu}/u;
const PROJECTS_HEADING = /^ALTRI PROGETTI\b/;

interface SourceLine {
  /** 1-based line number in the source, for error details. */
  number: number;
  text: string;
}

type Section =
  | { kind: 'table'; title: string; headingLines: string[]; body: SourceLine[] }
  | { kind: 'projects'; title: string; body: SourceLine[] };

/** An area as read from the document, before it gets ids: texts only. */
export interface ParsedArea {
  title: string;
  introduction: string;
  columnTitles: string[];
  /** One entry per row, one text per column. */
  rows: string[][];
}

/**
 * The plan described by the source document. Fails when the document does not have the
 * expected structure (no table, a header missing or changed, a row with the wrong number of
 * cells, projects without titles), saying on which line.
 */
export function parseSeedDocument(text: string): Result<PlanDocument> {
  const parsed = parseSeedAreas(text);
  if (!parsed.ok) return parsed;
  // Ids are hashed from each record's position: compact-plan.ts builds them, for the parser and the bundled chunks alike.
  return ok(expandSeedHead({ areas: parsed.value, rows: parsed.value.map((area) => area.rows) }));
}

/** The words of the source document's areas, in document order (see `parseSeedDocument`). */
export function parseSeedAreas(text: string): Result<ParsedArea[]> {
  const sections = splitSections(readLines(text));
  if (sections.length === 0) {
    return fail(
      problem('seed.empty', {}),
    );
  }
  const areas: ParsedArea[] = [];
  for (const section of sections) {
    const parsed = section.kind === 'table' ? parseTableSection(section) : parseProjectsSection(section);
    if (!parsed.ok) return parsed;
    areas.push(parsed.value);
  }
  return ok(areas);
}

/** The non-blank lines of the text, numbered, without a byte-order mark or carriage returns. */
function readLines(text: string): SourceLine[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, index) => ({ number: index + 1, text: line }))
    .filter((line) => line.text.trim() !== '');
}

function isTableLine(line: SourceLine): boolean {
  return line.text.includes('\t');
}

/**
 * Groups the lines under the headings that open areas. Lines before any heading belong to the
 * first, unnamed area (the document opens straight with its table).
 */
function splitSections(lines: readonly SourceLine[]): Section[] {
  const sections: Section[] = [];
  for (const line of lines) {
    const text = line.text.trim();
    if (!isTableLine(line) && AREA_HEADING.test(text)) {
      sections.push({ kind: 'table', ...parseAreaHeading(text), body: [] });
    } else if (!isTableLine(line) && PROJECTS_HEADING.test(text)) {
      sections.push({ kind: 'projects', title: normalizeSpaces(text), body: [] });
    } else {
      if (sections.length === 0) sections.push({ kind: 'table', title: FIRST_AREA_TITLE, headingLines: [], body: [] });
      sections.at(-1)?.body.push(line);
    }
  }
  return sections;
}

/** "AREA X**Subtitle**" → the title "AREA X" and the subtitle, which opens the introduction. */
function parseAreaHeading(text: string): { title: string; headingLines: string[] } {
  const [title = '', ...rest] = text.split('**');
  return { title: normalizeSpaces(title), headingLines: rest.map(normalizeSpaces).filter((line) => line !== '') };
}

/** An area with a table: narrative introduction, then header rows, ambiti and their continuations. */
function parseTableSection(section: Extract<Section, { kind: 'table' }>): Result<ParsedArea> {
  const tableStart = section.body.findIndex(isTableLine);
  if (tableStart < 0) {
    return fail(
      problem('seed.table-missing', { area: section.title }, { row: section.body[0]?.number }),
    );
  }
  const introLines = section.body.slice(0, tableStart).map((line) => line.text);
  const table = parseTable(section.title, section.body.slice(tableStart));
  if (!table.ok) return table;
  return ok({
    title: section.title,
    introduction: [...section.headingLines, ...convertNarrative(introLines)].join('\n'),
    ...table.value,
  });
}

/**
 * The columns and rows of one table. The header is read once (it repeats at every page break);
 * a row with an empty first cell is the previous ambito continued on the next page.
 */
function parseTable(
  areaTitle: string,
  lines: readonly SourceLine[],
): Result<{ columnTitles: string[]; rows: string[][] }> {
  let columnTitles: string[] | undefined;
  const rows: string[][][] = [];
  for (const line of lines) {
    const cells = line.text.split('\t');
    const error = findTableLineError(areaTitle, line, cells, columnTitles);
    if (error) return fail(error);
    if (isHeaderRow(cells)) {
      columnTitles ??= cells.map(normalizeColumnTitle);
      continue;
    }
    const cellLines = cells.map(convertCellMarkup);
    const previous = rows.at(-1);
    if (!isContinuationRow(cells)) {
      rows.push(cellLines);
    } else if (previous) {
      rows[rows.length - 1] = previous.map((lines, column) => appendContinuation(lines, cellLines[column] ?? []));
    } else {
      return fail(
        problem('seed.orphan-continuation', { line: line.number, area: areaTitle }, { row: line.number, cause: line.text.slice(0, 80) }),
      );
    }
  }
  if (!columnTitles || rows.length === 0) {
    return fail(
      problem('seed.table-empty', { area: areaTitle }, { row: lines[0]?.number }),
    );
  }
  return ok({ columnTitles, rows: rows.map((row) => row.map((lines) => lines.join('\n'))) });
}

/** What is wrong with a line of a table, if anything: text amid the table, a wrong cell count, a changed header. */
function findTableLineError(
  areaTitle: string,
  line: SourceLine,
  cells: readonly string[],
  columnTitles: readonly string[] | undefined,
): QuadroProblem | undefined {
  const where = { row: line.number, cause: line.text.slice(0, 80) };
  if (!isTableLine(line)) {
    return problem('seed.text-in-table', { line: line.number, area: areaTitle }, where);
  }
  if (!columnTitles && !isHeaderRow(cells)) {
    return problem('seed.header-missing', { line: line.number, area: areaTitle, header: HEADER_FIRST_CELL }, where);
  }
  if (columnTitles && cells.length !== columnTitles.length) {
    return problem('seed.cell-count', { line: line.number, cells: cells.length, expected: columnTitles.length }, where);
  }
  if (columnTitles && isHeaderRow(cells) && cells.map(normalizeColumnTitle).join('\t') !== columnTitles.join('\t')) {
    return problem('seed.header-changed', { line: line.number }, where);
  }
  return undefined;
}

function isHeaderRow(cells: readonly string[]): boolean {
  return cells[0]?.trim().toUpperCase() === HEADER_FIRST_CELL;
}

function isContinuationRow(cells: readonly string[]): boolean {
  return cells[0]?.trim() === '';
}

/** "Obiettivi quali -quantitativi" → "Obiettivi quali-quantitativi": the PDF spaced the compound's dash. */
function normalizeColumnTitle(title: string): string {
  return normalizeSpaces(title).replace(/\s*-\s*/g, '-');
}

/** The projects: intro paragraphs, then per project an ALL-CAPS title and its description. */
function parseProjectsSection(section: Extract<Section, { kind: 'projects' }>): Result<ParsedArea> {
  const firstTitle = section.body.findIndex((line) => isProjectTitle(line.text));
  const tableLine = section.body.find(isTableLine);
  if (firstTitle < 0 || tableLine) {
    const line = tableLine ?? section.body[0];
    return fail(
      problem('seed.projects-missing', { section: section.title }, { row: line?.number, cause: line?.text.slice(0, 80) }),
    );
  }
  const projects: { title: string; lines: string[] }[] = [];
  for (const line of section.body.slice(firstTitle)) {
    if (isProjectTitle(line.text)) projects.push({ title: normalizeSpaces(line.text), lines: [] });
    else projects.at(-1)?.lines.push(line.text);
  }
  const introLines = section.body.slice(0, firstTitle).map((line) => line.text);
  return ok({
    title: section.title,
    introduction: convertNarrative(introLines).join('\n'),
    columnTitles: PROJECT_COLUMN_TITLES,
    rows: projects.map((project) => [project.title, convertNarrative(project.lines).join('\n')]),
  });
}

/** A project title is written in capitals only: letters, but none lower-case. */
function isProjectTitle(text: string): boolean {
  return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text);
}
