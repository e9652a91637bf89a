// Pure helpers over the plan model: ordering, cell access, hashing, fresh copies.
import { idAlias, withAliases } from './aliases.ts';
import type { Area, Cell, Column, IsoTime, PlanDocument, Row } from './types.ts';

/** Sorts records by their `order` (stable for equal orders). Returns a new array. */
export function sortByOrder<T extends { order: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.order - b.order);
}

/**
 * An order value strictly between two neighbours, so a move or an insert touches one record only.
 * `undefined` stands for "no neighbour on that side".
 */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** The order for a new last item. */
export function orderAfterLast(items: readonly { order: number }[]): number {
  let max = 0;
  for (const item of items) if (item.order > max) max = item.order;
  return max + 1;
}

/** The text of a cell, empty when the row has no cell for that column. */
export function cellText(row: Row, columnId: string): string {
  return row.cells[columnId]?.text ?? '';
}

/** The first line of a text (all of it when it has one line). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/**
 * The name of a row wherever one is shown (lists, questions, history, search): the first line of its
 * cell in the area's first column (the ambito); "" without a row or a first column.
 */
export function ambitoName(row: Row | undefined, firstColumnId: string | undefined): string {
  return row && firstColumnId !== undefined ? firstLine(cellText(row, firstColumnId)) : '';
}

/** A row with one cell replaced; the input row is not modified. */
export function withCell(row: Row, columnId: string, text: string, at: IsoTime, by: string): Row {
  const cell: Cell = { text, changedAt: at, changedBy: by };
  return { ...row, cells: { ...row.cells, [columnId]: cell } };
}

/** The latest change among a row's cells (time and author), or undefined for an empty row. */
export function lastChangeOfRow(row: Row): { at: IsoTime; by: string } | undefined {
  let latest: { at: IsoTime; by: string } | undefined;
  for (const cell of Object.values(row.cells)) {
    if (!latest || cell.changedAt > latest.at) latest = { at: cell.changedAt, by: cell.changedBy };
  }
  return latest;
}

/**
 * A short, stable fingerprint of a text (FNV-1a, 52 bits, base 36). Used for the merge base:
 * comparing fingerprints tells whether a cell changed without keeping a second copy of its text.
 */
export function hashText(text: string): string {
  // Two 32-bit FNV-1a lanes with different offsets, combined to 52 bits: collisions are negligible
  // for the few thousand cells of a plan, and the result fits a double exactly.
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  const high = (h2 >>> 0) & 0xfffff;
  return toBase36(high * 0x100000000 + (h1 >>> 0));
}

/** 36^5: below 2^31, so both parts of a 52-bit number split by it are small integers. */
const BASE36_LOW = 60_466_176;

/**
 * `n.toString(36)` for an integer below 2^53, in two small-integer parts: V8 converts a double to
 * radix 36 through its general fraction-aware routine, about 1 µs a call, which an import of
 * 60,000 cells pays 60,000 times; small integers take its fast path.
 */
function toBase36(n: number): string {
  const low = n % BASE36_LOW;
  const high = (n - low) / BASE36_LOW;
  return high === 0 ? low.toString(36) : high.toString(36) + low.toString(36).padStart(5, '0');
}

/** The rows of one area, in order. */
export function rowsOfArea(doc: PlanDocument, areaId: string): Row[] {
  return sortByOrder(doc.rows.filter((row) => row.areaId === areaId));
}

/** The columns of one area, in order. */
export function columnsOfArea(doc: PlanDocument, areaId: string): Column[] {
  return sortByOrder(doc.columns.filter((column) => column.areaId === areaId));
}

/** The areas of the document, in order. */
export function areasInOrder(doc: PlanDocument): Area[] {
  return sortByOrder(doc.areas);
}

/**
 * A copy of a whole plan with fresh ids everywhere (for "duplicate" and "restore the original
 * plan"), so the copy lives beside the original without sharing a single record.
 */
export function copyPlanDocument(
  doc: PlanDocument,
  name: string,
  now: IsoTime,
  newId: () => string,
): PlanDocument {
  const planId = newId();
  const areaIds = new Map(doc.areas.map((area) => [area.id, newId()]));
  const columnIds = new Map(doc.columns.map((column) => [column.id, newId()]));
  const mapArea = (id: string): string => areaIds.get(id) ?? id;
  const mapColumn = (id: string): string => columnIds.get(id) ?? id;
  return {
    plan: { ...doc.plan, id: planId, name, origin: 'user', createdAt: now, updatedAt: now },
    areas: doc.areas.map((area) => ({ ...area, id: mapArea(area.id), planId })),
    columns: doc.columns.map((column) => ({
      ...column,
      id: mapColumn(column.id),
      areaId: mapArea(column.areaId),
      planId,
    })),
    rows: doc.rows.map((row) => {
      const copy: Row = {
        id: newId(),
        areaId: mapArea(row.areaId),
        planId,
        order: row.order,
        cells: Object.fromEntries(Object.entries(row.cells).map(([columnId, cell]) => [mapColumn(columnId), { ...cell }])),
      };
      // The merge base travels with the copy, so files exchanged about the original still merge cell by cell.
      if (row.base) {
        copy.base = Object.fromEntries(Object.entries(row.base).map(([columnId, hash]) => [mapColumn(columnId), hash]));
      }
      // And the original's ID as an alias (issue 18): its files find the copy's rows by ID, not by their text.
      const aliases = withAliases(row.aliases, [idAlias(row.id)]);
      if (aliases) copy.aliases = aliases;
      return copy;
    }),
  };
}
