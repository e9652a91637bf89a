// "Nuovo piano" from the current one: its structure with empty cells, or the whole plan rolled forward a year.
// Pure: takes the plan document, the time and an id maker; the caller writes the result in one batch.
import { copyPlanDocument } from '../model/plan.ts';
import type { Column, IsoTime, PlanDocument } from '../model/types.ts';

export type NewPlanKind = 'empty' | 'structure' | 'roll-forward';

const YEAR = /\b(19|20)\d{2}\b/g;

/** The latest year named in the plan's column titles (2012 for the 2012 plan), or null. */
export function latestYearOf(doc: PlanDocument): number | null {
  let latest: number | null = null;
  for (const column of doc.columns) {
    for (const match of column.title.matchAll(YEAR)) {
      const year = Number(match[0]);
      if (latest === null || year > latest) latest = year;
    }
  }
  return latest;
}

/**
 * The same areas, columns and ambiti (the first column's text), every other cell empty: the frame
 * of next year's plan. Nothing of the old merge history travels (the cells are new).
 */
export function planStructure(doc: PlanDocument, name: string, now: IsoTime, by: string, newId: () => string): PlanDocument {
  const copy = copyPlanDocument(doc, name, now, newId);
  const firstColumnOfArea = new Map<string, string>();
  for (const column of [...copy.columns].sort((a, b) => a.order - b.order)) {
    if (!firstColumnOfArea.has(column.areaId)) firstColumnOfArea.set(column.areaId, column.id);
  }
  return {
    ...copy,
    rows: copy.rows.map((row) => {
      const ambito = firstColumnOfArea.get(row.areaId);
      const text = ambito ? (row.cells[ambito]?.text ?? '') : '';
      return { id: row.id, areaId: row.areaId, planId: row.planId, order: row.order, cells: ambito && text ? { [ambito]: { text, changedAt: now, changedBy: by } } : {} };
    }),
  };
}

/**
 * The whole plan copied, each area given "Risultati al <year>" and "Risultati previsti al <year+1>"
 * at the end (unless it has them already), where <year> is the latest year in its column titles.
 */
export function rollPlanForward(doc: PlanDocument, name: string, now: IsoTime, fallbackYear: number, newId: () => string): PlanDocument {
  const year = latestYearOf(doc) ?? fallbackYear;
  const copy = copyPlanDocument(doc, name, now, newId);
  const added: Column[] = [];
  for (const area of copy.areas) {
    const columns = copy.columns.filter((column) => column.areaId === area.id);
    let order = Math.max(0, ...columns.map((column) => column.order));
    for (const title of [`Risultati al ${year}`, `Risultati previsti al ${year + 1}`]) {
      if (columns.some((column) => column.title.trim().toLowerCase() === title.toLowerCase())) continue;
      order += 1;
      added.push({ id: newId(), areaId: area.id, planId: copy.plan.id, title, order });
    }
  }
  return { ...copy, columns: [...copy.columns, ...added] };
}

/** The suggested name of a rolled-forward plan: its years moved on by one ("… 2012" → "… 2013"). */
export function rolledName(name: string, year: number | null): string {
  if (year !== null && name.includes(String(year))) return name.replaceAll(String(year), String(year + 1));
  return name;
}
