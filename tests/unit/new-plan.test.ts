// "Nuovo piano" from the 2012 plan: the same structure with empty cells, or the plan rolled forward to 2013.
import { describe, expect, it } from 'vitest';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { latestYearOf, planStructure, rollPlanForward, rolledName } from '../../src/lib/state/new-plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';

const NOW = '2026-11-26T13:34:31.565Z';

function idMaker(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

function titlesOfArea(doc: PlanDocument, areaIndex: number): string[] {
  const area = [...doc.areas].sort((a, b) => a.order - b.order)[areaIndex]!;
  return doc.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order).map((c) => c.title);
}

describe('new plan from the current one', () => {
  it('keeps areas, columns and ambiti, and empties every other cell', async () => {
    const seed = await loadDefaultPlan();
    const next = planStructure(seed, 'Piano 2013', NOW, 'Mario Rossi', idMaker());
    expect(next.areas.map((a) => a.title)).toEqual(seed.areas.map((a) => a.title));
    expect(next.columns.map((c) => c.title)).toEqual(seed.columns.map((c) => c.title));
    expect(next.rows).toHaveLength(seed.rows.length);
    for (const row of next.rows) {
      const first = next.columns.filter((c) => c.areaId === row.areaId).sort((a, b) => a.order - b.order)[0]!;
      expect(Object.keys(row.cells)).toEqual([first.id]);
      expect(row.cells[first.id]!.changedBy).toBe('Mario Rossi');
      expect(row.base).toBeUndefined();
    }
    expect(next.plan.id).not.toBe(seed.plan.id);
  });

  it('rolls the 2012 plan forward with "Risultati al 2012" and "Risultati previsti al 2013" in each area', async () => {
    const seed = await loadDefaultPlan();
    expect(latestYearOf(seed)).toBe(2012);
    const next = rollPlanForward(seed, 'Piano 2013', NOW, 2026, idMaker());
    expect(titlesOfArea(next, 0).slice(-3)).toEqual(['Risultati previsti al 2012', 'Risultati al 2012', 'Risultati previsti al 2013']);
    // The text of every cell comes along.
    expect(next.rows.map((r) => Object.values(r.cells).map((c) => c.text))).toEqual(seed.rows.map((r) => Object.values(r.cells).map((c) => c.text)));
    // Rolling again does not add a column twice.
    const again = rollPlanForward(next, 'Piano 2014', NOW, 2026, idMaker());
    expect(titlesOfArea(again, 0).slice(-2)).toEqual(['Risultati al 2013', 'Risultati previsti al 2014']);
    expect(new Set(titlesOfArea(again, 0)).size).toBe(titlesOfArea(again, 0).length);
  });

  it('suggests the next year in the name', () => {
    expect(rolledName('Piano operativo 2012', 2012)).toBe('Piano operativo 2013');
    expect(rolledName('Piano Lazio', 2012)).toBe('Piano Lazio');
  });
});
