// Tests of the plan search: Italian folding, prefix matching, grouping, snippets, incremental updates, row filter.
import { describe, expect, it } from 'vitest';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { foldText, queryTerms } from '../../src/lib/search/fold.ts';
import { buildSnippet, findMatches, rowMatchesQuery } from '../../src/lib/search/snippet.ts';
import { PlanSearchIndex } from '../../src/lib/search/plan-index.ts';
import bundledPlan from '../../src/lib/seed/plan-2012.json';

const seed = bundledPlan as unknown as PlanDocument;
const AT = '2026-03-02T09:30:00.000Z';

function row(id: string, areaId: string, cells: Record<string, string>, planId = 'p1'): Row {
  return {
    id,
    areaId,
    planId,
    order: 1,
    cells: Object.fromEntries(Object.entries(cells).map(([c, text]) => [c, { text, changedAt: AT, changedBy: 'Maria' }])),
  };
}

function smallPlan(): PlanDocument {
  return {
    plan: { id: 'p1', name: 'Piano 2012', origin: 'user', createdAt: AT, updatedAt: AT },
    areas: [
      { id: 'a2', planId: 'p1', title: 'AREA INCLUSIONE', introduction: '', order: 2 },
      { id: 'a1', planId: 'p1', title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 },
    ],
    columns: [
      { id: 'c1', areaId: 'a1', planId: 'p1', title: 'AMBITO', order: 1 },
      { id: 'c2', areaId: 'a1', planId: 'p1', title: 'Risultati previsti al 2012', order: 2 },
      { id: 'd1', areaId: 'a2', planId: 'p1', title: 'AMBITO', order: 1 },
      { id: 'd2', areaId: 'a2', planId: 'p1', title: 'Obiettivi', order: 2 },
    ],
    rows: [
      row('r1', 'a1', { c1: 'Tirocini\nper stranieri', c2: 'Avvio delle attività di accoglienza con le Regioni' }),
      row('r2', 'a1', { c1: 'Voucher', c2: 'Nessuna azione' }),
      row('s1', 'a2', { d1: 'Attività formative', d2: 'Corsi per disoccupati' }),
    ],
  };
}

describe('folding Italian text', () => {
  it('ignores accents and case, and splits on both apostrophes', () => {
    expect(foldText('Attività È Più')).toBe('attivita e piu');
    expect(queryTerms("  l’attività, dell'ente ")).toEqual(['l', 'attivita', 'dell', 'ente']);
  });
});

describe('snippets', () => {
  it('highlights whole words in the original text, accents kept', () => {
    const parts = buildSnippet('Avvio delle attività di accoglienza', ['attivita']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['attività']);
    expect(parts.map((p) => p.text).join('')).toBe('Avvio delle attività di accoglienza');
  });

  it('matches only at the start of a word and shortens long texts around the first match', () => {
    expect(findMatches('inattività', ['attivita'])).toEqual([]);
    const long = `${'parola '.repeat(40)}tirocini ${'altro '.repeat(60)}`;
    const parts = buildSnippet(long, ['tiro']);
    expect(parts[0]?.text).toBe('…');
    expect(parts.at(-1)?.text).toBe('…');
    expect(parts.find((p) => p.hit)?.text).toBe('tirocini');
  });

  it('keeps markup as plain text (the component renders it as text, never as HTML)', () => {
    const parts = buildSnippet('<img src=x onerror=alert(1)> attività', ['attivita']);
    expect(parts.map((p) => p.text).join('')).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('the plan index', () => {
  it('finds "attivita" in two areas, grouped in area order with ambito and column', () => {
    const index = new PlanSearchIndex();
    index.syncPlan(smallPlan());
    const results = index.search('attivita');
    expect(results.total).toBe(2);
    expect(results.groups.map((g) => g.areaTitle)).toEqual(['AREA IMMIGRAZIONE', 'AREA INCLUSIONE']);
    const first = results.groups[0]?.hits[0];
    expect(first).toMatchObject({ rowId: 'r1', columnId: 'c2', ambito: 'Tirocini', columnTitle: 'Risultati previsti al 2012' });
  });

  it('matches prefixes while typing, case-insensitively, and needs every word', () => {
    const index = new PlanSearchIndex();
    index.syncPlan(smallPlan());
    expect(index.search('regi').total).toBe(1);
    expect(index.search('REGIONI').total).toBe(1);
    expect(index.search('attiv regioni').total).toBe(1);
    expect(index.search('vouch').groups[0]?.hits[0]?.rowId).toBe('r2');
    expect(index.search('   ').total).toBe(0);
  });

  it('follows edits, removed rows and vanished cells incrementally', () => {
    const index = new PlanSearchIndex();
    const doc = smallPlan();
    index.syncPlan(doc);
    index.upsertRow(row('r2', 'a1', { c1: 'Voucher', c2: 'Tirocini estivi' }));
    expect(index.search('estivi').total).toBe(1);
    expect(index.search('nessuna').total).toBe(0);
    index.upsertRow(row('r2', 'a1', { c1: 'Voucher' }));
    expect(index.search('estivi').total).toBe(0);
    index.syncPlan({ ...doc, rows: doc.rows.filter((r) => r.id !== 's1') });
    expect(index.search('formative').total).toBe(0);
    expect(index.search('attivita').total).toBe(1);
  });

  it('searches one plan or all plans', () => {
    const index = new PlanSearchIndex();
    index.syncPlan(smallPlan());
    const other = smallPlan();
    other.plan = { ...other.plan, id: 'p2', name: 'Copia' };
    other.areas = other.areas.map((a) => ({ ...a, id: `x${a.id}`, planId: 'p2' }));
    other.columns = other.columns.map((c) => ({ ...c, id: `x${c.id}`, areaId: `x${c.areaId}`, planId: 'p2' }));
    other.rows = other.rows.map((r) => row(`x${r.id}`, `x${r.areaId}`, Object.fromEntries(Object.entries(r.cells).map(([c, v]) => [`x${c}`, v.text])), 'p2'));
    index.syncPlan(other);
    expect(index.search('voucher', { planId: 'p1' }).total).toBe(1);
    expect(index.search('voucher').total).toBe(2);
    index.removePlan('p2');
    expect(index.search('voucher').total).toBe(1);
  });

  it('finds "attivita" in at least two areas of the bundled 2012 plan', () => {
    const index = new PlanSearchIndex();
    index.syncPlan(seed);
    const groups = index.search('attivita').groups;
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const group of groups) for (const hit of group.hits) expect(hit.snippet.some((p) => p.hit && /^attivit[àa]/i.test(p.text))).toBe(true);
  });
});

describe('the row filter', () => {
  it('keeps rows whose cells together contain every word', () => {
    expect(rowMatchesQuery(['Tirocini', 'Avvio delle attività'], 'attivita tiro')).toBe(true);
    expect(rowMatchesQuery(['Tirocini', 'Avvio delle attività'], 'attivita voucher')).toBe(false);
    expect(rowMatchesQuery(['Tirocini'], '')).toBe(true);
  });
});
