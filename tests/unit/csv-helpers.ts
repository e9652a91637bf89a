// Builders shared by the CSV tests: small plans written by hand and arbitrary plans for fast-check.
import fc from 'fast-check';
import type { Area, Cell, Column, PlanDocument, Row } from '../../src/lib/model/types.ts';
import { normalizeTitle, AREA_HEADER, ID_HEADER, LAST_CHANGED_HEADER, FORBIDDEN_TITLES } from '../../src/lib/csv/format.ts';

export const T0 = '2026-11-20T08:00:00.000Z';

/** A plan from a compact description: areas with column titles and rows of texts. */
export function makeDoc(
  areas: { title: string; columns: string[]; rows: (string[] | { id: string; texts: string[]; at?: string; by?: string })[] }[],
): PlanDocument {
  const planId = 'plan-1';
  const doc: PlanDocument = {
    plan: { id: planId, name: 'Piano operativo 2012', origin: 'user', createdAt: T0, updatedAt: T0 },
    areas: [],
    columns: [],
    rows: [],
  };
  areas.forEach((spec, a) => {
    const area: Area = { id: `a${a + 1}`, planId, title: spec.title, introduction: '', order: a + 1 };
    doc.areas.push(area);
    const columns: Column[] = spec.columns.map((title, c) => ({
      id: `${area.id}-c${c + 1}`,
      areaId: area.id,
      planId,
      title,
      order: c + 1,
    }));
    doc.columns.push(...columns);
    spec.rows.forEach((rowSpec, r) => {
      const { id, texts, at, by } = Array.isArray(rowSpec)
        ? { id: `${area.id}-r${r + 1}`, texts: rowSpec, at: undefined, by: undefined }
        : rowSpec;
      const cells: Record<string, Cell> = {};
      texts.forEach((text, c) => {
        const column = columns[c];
        if (column && text !== '') cells[column.id] = { text, changedAt: at ?? T0, changedBy: by ?? 'Mario Rossi' };
      });
      const row: Row = { id, areaId: area.id, planId, order: r + 1, cells };
      doc.rows.push(row);
    });
  });
  return doc;
}

/** Text that stresses a CSV writer: delimiters, quotes, line breaks, formula starts, accents. */
export function awkwardText(options: { nul: boolean }): fc.Arbitrary<string> {
  const pieces = ['"', ';', ',', '\r', '\n', '\r\n', '=', '-', '+', '@', "'", "''", '\t', ' ', 'a', 'è', '€', '✓', '“', 'ID', '=SUM(A1)', '😀'];
  if (options.nul) pieces.push('\0');
  const noNul = (s: string): string => (options.nul ? s : s.replace(/\0/g, ''));
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...pieces), maxLength: 8 }),
    fc.string({ unit: 'binary', maxLength: 12 }).map(noNul),
    fc.constant(''),
  );
}

const RESERVED = new Set([AREA_HEADER, ID_HEADER, LAST_CHANGED_HEADER, ...FORBIDDEN_TITLES].map(normalizeTitle));

/** Arbitrary plans: 1–3 areas, 1–4 columns with distinct titles each, 0–5 rows of awkward texts. */
export function arbitraryDoc(options: { nul: boolean }): fc.Arbitrary<PlanDocument> {
  const text = awkwardText(options);
  const title = text.filter((t) => normalizeTitle(t) !== '' && !RESERVED.has(normalizeTitle(t)));
  const area = fc.record({
    title: text,
    columns: fc.uniqueArray(title, { minLength: 1, maxLength: 4, selector: normalizeTitle }),
    rowCount: fc.integer({ min: 0, max: 5 }),
    texts: fc.array(text, { minLength: 20, maxLength: 20 }),
    authors: fc.array(text, { minLength: 5, maxLength: 5 }),
  });
  return fc.array(area, { minLength: 1, maxLength: 3 }).map((areas) =>
    makeDoc(
      areas.map((spec) => ({
        title: spec.title,
        columns: spec.columns,
        rows: Array.from({ length: spec.rowCount }, (_, r) => ({
          id: crypto.randomUUID(),
          texts: spec.columns.map((_, c) => spec.texts[(r * 4 + c) % 20] ?? ''),
          at: `2026-11-2${r}T09:30:00.000Z`,
          by: spec.authors[r] ?? '',
        })),
      })),
    ),
  );
}
