// The bundled plan's compact form (issue 25): only its words are shipped; ids, merge bases and stamps are rebuilt
// here, exactly as the parser builds them, so the expanded plan equals the one generated from the source document.
//
// Ids are hashed from each record's position ("seed-2012/area/1/row/3", see stable-id.ts), each cell's merge base is
// the hash of its text, and every cell carries the same seed stamp: none of it needs to travel in the chunk. The
// words come in two parts: the head (every area with its columns, and the rows of the area shown first) and the rest
// (the other areas' rows), which the first start writes after the grid's first rows are on screen.
import { hashText } from '../model/plan.ts';
import type { Area, Cell, Column, PlanDocument, Row } from '../model/types.ts';
import { stableId } from './stable-id.ts';

export const SEED_PLAN_NAME = 'Piano operativo 2012';
/** The seed's creation and change time: the plan's year, so a user's first edit is always newer. */
export const SEED_TIME = '2012-01-01T00:00:00.000Z';
/** Prefix of the keys the seed's ids are hashed from; changing it changes every id. */
const SEED_KEY = 'seed-2012';
/** The bundled plan's id, the same on every device. */
export const SEED_PLAN_ID = stableId(`${SEED_KEY}/plan`);

/** An area of the bundled plan, in its document order: its words only. */
export interface SeedAreaWords {
  title: string;
  introduction: string;
  columnTitles: readonly string[];
}

/** Each area's rows (each row its cells' texts, column by column), by the area's position; null: in the other part. */
export type SeedRowsByArea = ReadonlyArray<ReadonlyArray<readonly string[]> | null>;

/** The part of the bundled plan the first screen needs: every area, and the rows of the areas given. */
export interface CompactSeedHead {
  areas: readonly SeedAreaWords[];
  rows: SeedRowsByArea;
}

/** The rest of the bundled plan: the rows the head leaves out. */
export interface CompactSeedRest {
  rows: SeedRowsByArea;
}

/** The plan document of the head: the plan, every area and column, and the rows the head carries. */
export function expandSeedHead(head: CompactSeedHead): PlanDocument {
  const doc: PlanDocument = {
    plan: { id: SEED_PLAN_ID, name: SEED_PLAN_NAME, origin: 'seed', createdAt: SEED_TIME, updatedAt: SEED_TIME },
    areas: [],
    columns: [],
    rows: [],
  };
  head.areas.forEach((words, index) => {
    const area = buildArea(words, index + 1);
    const columns = buildColumns(area, words.columnTitles);
    doc.areas.push(area);
    doc.columns.push(...columns);
    doc.rows.push(...buildRows(area, columns, head.rows[index]));
  });
  return doc;
}

/** The rows of `rest`, with the ids, bases and stamps they would have had in the whole document. */
export function expandSeedRest(head: CompactSeedHead, rest: CompactSeedRest): Row[] {
  return head.areas.flatMap((words, index) => {
    const area = buildArea(words, index + 1);
    return buildRows(area, buildColumns(area, words.columnTitles), rest.rows[index]);
  });
}

/** The whole bundled plan: the head's document with the rest's rows, area by area in document order. */
export function expandSeedPlan(head: CompactSeedHead, rest: CompactSeedRest): PlanDocument {
  return expandSeedHead({ areas: head.areas, rows: head.areas.map((_, index) => head.rows[index] ?? rest.rows[index] ?? null) });
}

/** The ids of the areas whose rows are in the rest, not the head. */
export function restAreaIds(head: CompactSeedHead): string[] {
  return head.areas.flatMap((_, index) => (head.rows[index] ? [] : [stableId(areaKey(index + 1))]));
}

/** Splits the parsed plan's words: the first `headAreas` areas' rows in the head, the others' in the rest. */
export function splitSeedWords(
  areas: ReadonlyArray<SeedAreaWords & { rows: ReadonlyArray<readonly string[]> }>,
  headAreas: number,
): { head: CompactSeedHead; rest: CompactSeedRest } {
  return {
    head: {
      areas: areas.map(({ title, introduction, columnTitles }) => ({ title, introduction, columnTitles })),
      rows: areas.map((area, index) => (index < headAreas ? area.rows : null)),
    },
    rest: { rows: areas.map((area, index) => (index < headAreas ? null : area.rows)) },
  };
}

function areaKey(order: number): string {
  return `${SEED_KEY}/area/${order}`;
}

function buildArea(words: SeedAreaWords, order: number): Area {
  return { id: stableId(areaKey(order)), planId: SEED_PLAN_ID, title: words.title, introduction: words.introduction, order };
}

function buildColumns(area: Area, titles: readonly string[]): Column[] {
  return titles.map((title, index) => ({
    id: stableId(`${areaKey(area.order)}/column/${index + 1}`),
    areaId: area.id,
    planId: SEED_PLAN_ID,
    title,
    order: index + 1,
  }));
}

function buildRows(area: Area, columns: readonly Column[], rows: ReadonlyArray<readonly string[]> | null | undefined): Row[] {
  return (rows ?? []).map((texts, index) => buildRow(area, columns, texts, index + 1));
}

/** A row with a cell for every column (even empty) and the seed's texts as the merge base. */
function buildRow(area: Area, columns: readonly Column[], texts: readonly string[], order: number): Row {
  const cells: Record<string, Cell> = {};
  const base: Record<string, string> = {};
  columns.forEach((column, index) => {
    const text = texts[index] ?? '';
    cells[column.id] = { text, changedAt: SEED_TIME, changedBy: SEED_PLAN_NAME };
    base[column.id] = hashText(text);
  });
  return { id: stableId(`${areaKey(area.order)}/row/${order}`), areaId: area.id, planId: SEED_PLAN_ID, order, cells, base };
}
