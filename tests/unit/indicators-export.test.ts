// The two indicator exports (columns, Italian numbers, Excel conventions) and the stored decisions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../src/lib/csv/index.ts';
import {
  applyDecisions,
  applyKindDecisions,
  chartLabel,
  confirmDecision,
  describePair,
  excerptAround,
  kindDecision,
  kindKey,
  sameMeasure,
  type PlacedQuantity,
  extractPlanQuantities,
  proposePairs,
  rejectDecision,
  restoreDecision,
  serializePairsCsv,
  serializeQuantitiesCsv,
  INDICATOR_FORMAT_VERSION,
} from '../../src/lib/indicators/index.ts';
import { withCell } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';

const doc = JSON.parse(readFileSync(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
const AT = '2026-11-26T10:00:00.000Z';

describe('indicator exports', () => {
  it('writes one line per quantity with exactly the agreed columns, BOM, ; and CRLF', () => {
    const quantities = extractPlanQuantities(doc);
    const csv = serializeQuantitiesCsv(doc, quantities);
    expect(csv.startsWith('\uFEFFArea;Ambito;Colonna;Valore;Qualificatore;Unità;Tipo;Citazione;Frase\r\n')).toBe(true);
    const parsed = parseCsvText(csv);
    if (!parsed.ok) throw new Error('unparseable export');
    expect(parsed.value.records).toHaveLength(quantities.length);
    const line = parsed.value.records.find((r) => r[7] === 'oltre 2.000 percorsi di politica attiva');
    expect(line).toEqual([
      'AREA IMMIGRAZIONE',
      "GESTIONE ED EROGAZIONE DI DISPOSITIVI A SUPPORTO DELL'INSERIMENTO/REINSERIMENTO NEL MDL",
      'Risultati previsti al 2011',
      '2.000',
      'oltre',
      'percorsi di politica attiva',
      'obiettivo',
      'oltre 2.000 percorsi di politica attiva',
      "• Erogare doti per la realizzazione di oltre 2.000 percorsi di politica attiva (tirocini, formazione) dedicate all'emersione del lavoro nelle 4 Regioni CONV",
    ]);
  });

  it('writes one line per indicator with ratio and status', () => {
    const csv = serializePairsCsv(doc, proposePairs(doc));
    expect(csv.startsWith('\uFEFFArea;Ambito;Unità;Previsto;Realizzato;Rapporto;Stato;Frase del previsto;Frase del realizzato\r\n')).toBe(true);
    const parsed = parseCsvText(csv);
    if (!parsed.ok) throw new Error('unparseable export');
    expect(parsed.value.records).toContainEqual([
      'AREA IMMIGRAZIONE',
      "GESTIONE ED EROGAZIONE DI DISPOSITIVI A SUPPORTO DELL'INSERIMENTO/REINSERIMENTO NEL MDL",
      'percorsi di politica attiva',
      '2.000',
      '2.030',
      '101,5%',
      'raggiunto',
      "• Erogare doti per la realizzazione di oltre 2.000 percorsi di politica attiva (tirocini, formazione) dedicate all'emersione del lavoro nelle 4 Regioni CONV",
      "• Erogare doti a supporto della realizzazione di 2.030 percorsi di politica attiva (tirocini, formazione) dedicate all'emersione del lavoro nelle 4 Regioni CONV",
    ]);
    expect(parsed.value.records.some((r) => r[6] === 'solo qualitativo' && r[4] === '' && r[5] === '' && r[8] === '')).toBe(true);
  });

  it('says "da verificare" and gives the sentences of a pair that may count different things (issue 20, point 9)', () => {
    const parsed = parseCsvText(serializePairsCsv(doc, proposePairs(doc)));
    if (!parsed.ok) throw new Error('unparseable export');
    const operatori = parsed.value.records.find((r) => r[3] === '150' && r[4] === '500');
    expect(operatori?.[6]).toBe('da verificare');
    expect(operatori?.[7]).toContain('rete integrata tra operatori dei servizi pubblici (almeno 150)');
    expect(operatori?.[8]).toContain('hanno coinvolto oltre 500 operatori e dirigenti');
  });

  it('writes the kind "da verificare" and the sentence of a quantity whose words do not say (issue 21)', () => {
    const row = doc.rows.find((r) => r.areaId === doc.areas[0]?.id) as PlanDocument['rows'][number];
    const area = doc.areas[0] as PlanDocument['areas'][number];
    const column = { id: 'col-note', areaId: area.id, planId: doc.plan.id, title: 'Note', order: 98 };
    const text = 'Il bando è costruito su dieci schede provinciali. Sono stati finanziati 336 percorsi.';
    const edited: PlanDocument = { ...doc, columns: [...doc.columns, column], rows: doc.rows.map((r) => (r.id === row.id ? withCell(r, column.id, text, AT, 'Mario') : r)) };
    const quantities = extractPlanQuantities(edited).filter((q) => q.columnId === column.id);
    const parsed = parseCsvText(serializeQuantitiesCsv(edited, quantities));
    if (!parsed.ok) throw new Error('unparseable export');
    expect(parsed.value.records.map((r) => [r[3], r[6], r[8]])).toEqual([
      ['10', 'da verificare', 'Il bando è costruito su dieci schede provinciali'],
      ['336', 'risultato', 'Sono stati finanziati 336 percorsi'],
    ]);
  });

  it('neutralizes an ambito a spreadsheet would run as a formula', () => {
    const row = doc.rows[0] as PlanDocument['rows'][number];
    const labelColumn = doc.columns.find((c) => c.areaId === row.areaId && c.order === 1)?.id as string;
    const edited = { ...doc, rows: [withCell(row, labelColumn, '=HYPERLINK("x")', AT, 'Test'), ...doc.rows.slice(1)] };
    const q = extractPlanQuantities(edited).filter((x) => x.rowId === row.id);
    expect(serializeQuantitiesCsv(edited, q)).toContain(';"\'=HYPERLINK(""x"")";');
  });
});

describe('decisions on proposals', () => {
  const pairs = proposePairs(doc);
  const percorsi = pairs.find((p) => p.planned.quote === 'oltre 2.000 percorsi di politica attiva');

  it('shows the issue example as "oltre 2.000 percorsi … → 2.030 (101,5%)"', () => {
    expect(percorsi && describePair(percorsi)).toBe('oltre 2.000 percorsi di politica attiva → 2.030 (101,5%)');
  });

  it('confirms with a correction, rejects, and survives a round trip through storage', () => {
    if (!percorsi) throw new Error('pair missing');
    const other = pairs.find((p) => p !== percorsi) as (typeof pairs)[number];
    const decisions = [
      restoreDecision(JSON.parse(JSON.stringify(confirmDecision(percorsi, AT, 'Mario', { achieved: 1800 })))),
      restoreDecision(JSON.parse(JSON.stringify(rejectDecision(other, AT, 'Mario')))),
    ].filter((d) => d !== undefined);
    expect(decisions).toHaveLength(2);
    const shown = applyDecisions(pairs, decisions);
    expect(shown).toHaveLength(pairs.length - 1);
    const corrected = shown.find((p) => p.key === percorsi.key);
    expect(corrected).toMatchObject({ state: 'confirmed', ratio: 0.9, status: 'parziale' });
    expect(shown.find((p) => p.key === other.key)).toBeUndefined();
  });

  it('re-proposes only what an edit changed', () => {
    if (!percorsi) throw new Error('pair missing');
    const confirmed = pairs.filter((p) => p.achieved).map((p) => confirmDecision(p, AT, 'Mario'));
    const row = doc.rows.find((r) => r.id === percorsi.rowId) as PlanDocument['rows'][number];
    const columnId = percorsi.achieved?.columnId as string;
    const text = (row.cells[columnId]?.text ?? '').replace('2.030 percorsi', '2.100 percorsi');
    const edited = { ...doc, rows: doc.rows.map((r) => (r.id === row.id ? withCell(r, columnId, text, AT, 'Mario') : r)) };
    const shown = applyDecisions(proposePairs(edited), confirmed);
    const proposedAgain = shown.filter((p) => p.state === 'proposed' && p.achieved);
    expect(proposedAgain.map((p) => describePair(p))).toEqual(['oltre 2.000 percorsi di politica attiva → 2.100 (105%)']);
  });

  it('ignores a payload of another version or damaged', () => {
    expect(restoreDecision({ version: INDICATOR_FORMAT_VERSION + 1, key: 'k' })).toBeUndefined();
    expect(restoreDecision({ version: 1, key: 'k', decision: 'confirmed', planned: { columnId: 'c', quote: 'q', value: 'x' } })).toBeUndefined();
    expect(restoreDecision(null)).toBeUndefined();
  });
});

describe('proposal keys', () => {
  it('are unique across the plan, even for the same words twice in one cell', () => {
    const keys = proposePairs(doc).map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('pairing after the plan rolls forward', () => {
  it('pairs the 2012 targets with a "Risultati al 2012" column added after them', () => {
    const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE') as PlanDocument['areas'][number];
    const column = { id: 'col-2012', areaId: area.id, planId: doc.plan.id, title: 'Risultati al 2012', order: 99 };
    const row = doc.rows.find((r) => r.areaId === area.id && r.order === 5) as PlanDocument['rows'][number];
    const text = '• Realizzati 140 percorsi di inserimento socio lavorativo per fasce vulnerabili.\n• Avviati 45 percorsi per minori non accompagnati.';
    const rolled: PlanDocument = {
      ...doc,
      columns: [...doc.columns, column],
      rows: doc.rows.map((r) => (r.id === row.id ? withCell(r, column.id, text, AT, 'Mario') : r)),
    };
    const described = proposePairs(rolled, area.id)
      .filter((p) => p.achieved?.columnId === column.id)
      .map((p) => describePair(p));
    expect(described).toEqual([
      '120 percorsi di inserimento socio lavorativo → 140 (116,7%)',
      'almeno 60 percorsi di inserimento socio-lavorativo → 45 (75%)',
    ]);
  });
});

describe('pairing percentages', () => {
  it('pairs a percentage only with a percentage of the same thing', () => {
    const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE') as PlanDocument['areas'][number];
    const columns = doc.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order);
    const [, objectives, , results] = columns as [unknown, { id: string }, unknown, { id: string }];
    const row = doc.rows.find((r) => r.areaId === area.id && r.order === 5) as PlanDocument['rows'][number];
    const edited = withCell(
      withCell(row, objectives.id, "• Inserire al lavoro il 30% dei tirocinanti.\n• Ridurre del 20% i tempi di attesa.", AT, 'M'),
      results.id,
      '• Inseriti al lavoro il 36% dei tirocinanti.',
      AT,
      'M',
    );
    const rows = doc.rows.map((r) => (r.id === row.id ? edited : r));
    const percentages = proposePairs({ ...doc, rows }, area.id).filter((p) => p.planned.unit === '%');
    expect(percentages.map((p) => describePair(p))).toEqual(['30% → 36 (120%)', '20%']);
  });
});

describe('a target whose result is written only in words', () => {
  it('takes the achieved value a person writes, linked to the results column', () => {
    const pairs = proposePairs(doc);
    const report = pairs.find((p) => p.planned.quote === '2 report di Benchmarking');
    if (!report) throw new Error('proposal missing');
    expect(report.status).toBe('solo qualitativo');
    // "Realizzato un report di benchmarking": "un" is not counted, so the person writes 1.
    const decision = restoreDecision(JSON.parse(JSON.stringify(confirmDecision(report, AT, 'Mario', { achieved: 1 }))));
    const shown = applyDecisions(pairs, decision ? [decision] : []).find((p) => p.key === report.key);
    expect(shown && describePair(shown)).toBe('2 report di Benchmarking → 1 (50%)');
    expect(shown).toMatchObject({ status: 'parziale', state: 'confirmed' });
    expect(shown?.achieved?.columnId).toBe(report.resultColumnId);
    expect(doc.columns.find((c) => c.id === report.resultColumnId)?.title).toBe('Risultati al 2011');
  });
});

describe('pairs compare the same measure (issue 20, point 9)', () => {
  const pairs = proposePairs(doc);
  const areaTitle = new Map(doc.areas.map((a) => [a.id, a.title]));

  it('does not count "oltre 500 operatori e dirigenti" reached by training against "almeno 150" operators of the network: da verificare', () => {
    const operatori = pairs.find((p) => p.planned.value === 150 && p.achieved?.value === 500);
    expect(operatori).toMatchObject({ status: 'da verificare', verify: 'measure' });
    expect(sameMeasure(operatori?.planned as PlacedQuantity, operatori?.achieved as PlacedQuantity)).toBe('unsure');
    // Training against training stays a plain pair.
    const trained = pairs.find((p) => p.planned.value === 300 && p.achieved?.value === 550);
    expect(trained).toMatchObject({ status: 'raggiunto' });
    expect(trained?.verify).toBeUndefined();
  });

  it('does not pair people trained with people hired', () => {
    const area = doc.areas[0] as PlanDocument['areas'][number];
    const [target, result] = [
      { id: 'c-t', areaId: area.id, planId: doc.plan.id, title: 'Risultati previsti al 2013', order: 90 },
      { id: 'c-r', areaId: area.id, planId: doc.plan.id, title: 'Risultati al 2013', order: 91 },
    ];
    const row = doc.rows.find((r) => r.areaId === area.id) as PlanDocument['rows'][number];
    const edited: PlanDocument = {
      ...doc,
      columns: [...doc.columns, target, result],
      rows: doc.rows.map((r) =>
        r.id === row.id
          ? withCell(withCell(r, target.id, 'Formare almeno 200 operatori dei CPI.', AT, 'Mario'), result.id, 'Assunti 180 operatori dei CPI.', AT, 'Mario')
          : r,
      ),
    };
    const pair = proposePairs(edited, area.id).find((p) => p.planned.columnId === target.id);
    expect(pair?.achieved).toBeUndefined();
  });

  it('confirming settles "da verificare" into a status', () => {
    const operatori = pairs.find((p) => p.planned.value === 150 && p.achieved?.value === 500) as (typeof pairs)[number];
    const [shown] = applyDecisions([operatori], [confirmDecision(operatori, AT, 'Mario')]);
    expect(shown).toMatchObject({ state: 'confirmed', status: 'raggiunto' });
  });

  it('labels chart bars with area and ambito, so the two "4 Regioni CONV" bars differ', () => {
    const conv = pairs.filter((p) => p.planned.quote === '4 Regioni CONV' && p.achieved);
    expect(conv.length).toBeGreaterThanOrEqual(2);
    const labels = conv.map((p) => chartLabel(p, areaTitle.get(p.areaId) ?? '', 'ambito').join(' / '));
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.some((l) => l.includes('AREA IMMIGRAZIONE'))).toBe(true);
    expect(labels.some((l) => l.includes('AREA INCLUSIONE SOCIALE E LAVORATIVA'))).toBe(true);
  });
});

describe('quantities "da verificare": a person says what they are (issue 21)', () => {
  const area = doc.areas[0] as PlanDocument['areas'][number];
  const note = { id: 'col-note', areaId: area.id, planId: doc.plan.id, title: 'Note', order: 97 };
  const later = { id: 'col-2013', areaId: area.id, planId: doc.plan.id, title: 'Risultati al 2013', order: 98 };
  const row = doc.rows.find((r) => r.areaId === area.id) as PlanDocument['rows'][number];
  const edited: PlanDocument = {
    ...doc,
    columns: [...doc.columns, note, later],
    rows: doc.rows.map((r) =>
      r.id === row.id
        ? withCell(withCell(r, note.id, 'Rete di 40 sportelli territoriali.', AT, 'Mario'), later.id, 'Aperti 38 sportelli territoriali.', AT, 'Mario')
        : r,
    ),
  };

  it('proposes a quantity whose words do not say as "da verificare", and pairs it once a person calls it a target', () => {
    const quantities = extractPlanQuantities(edited, area.id);
    const proposals = proposePairs(edited, area.id, quantities);
    const open = proposals.find((p) => p.verify === 'kind');
    expect(open).toMatchObject({ status: 'da verificare', planned: { value: 40, kind: 'uncertain' } });
    const decision = restoreDecision(JSON.parse(JSON.stringify(kindDecision(open as (typeof proposals)[number], 'target', AT, 'Mario'))));
    expect(decision).toMatchObject({ version: 2, kind: 'target' });
    const decided = applyKindDecisions(quantities, [decision as NonNullable<typeof decision>]);
    const afterwards = proposePairs(edited, area.id, decided);
    expect(afterwards.find((p) => p.verify === 'kind')).toBeUndefined();
    expect(afterwards.find((p) => p.planned.value === 40)).toMatchObject({ planned: { kind: 'target' } });
    const rejected = applyKindDecisions(quantities, [rejectDecision(open as (typeof proposals)[number], AT, 'Mario')].map((d) => ({ ...d, key: kindKey(open?.planned as PlacedQuantity) })));
    expect(rejected.some((q) => q.value === 40)).toBe(false);
  });

  it('reads a decision stored by the previous version (1), which had no kind', () => {
    const v1 = {
      version: 1,
      key: 'k',
      decision: 'confirmed',
      planned: { columnId: 'c', quote: 'oltre 2.000 percorsi', value: 2000, qualifier: 'oltre', unit: 'percorsi' },
      decidedAt: AT,
      decidedBy: 'Mario',
    };
    expect(restoreDecision(v1)).toEqual({ ...v1, version: INDICATOR_FORMAT_VERSION });
    expect(INDICATOR_FORMAT_VERSION).toBe(2);
    expect(restoreDecision({ ...v1, version: 2, kind: 'maybe' })).toBeUndefined();
  });
});

describe('the sentence shown beside a number', () => {
  it('keeps a short sentence whole and cuts a long one around the number, at word boundaries', () => {
    expect(excerptAround('Rete di 40 sportelli territoriali', '40 sportelli territoriali')).toBe('Rete di 40 sportelli territoriali');
    const operatori = proposePairs(doc).find((p) => p.planned.value === 150 && p.achieved?.value === 500) as ReturnType<typeof proposePairs>[number];
    const shown = excerptAround(operatori.planned.context, operatori.planned.quote);
    expect(operatori.planned.context.length).toBeGreaterThan(100);
    expect(shown).toContain('(almeno 150)');
    expect(shown.length).toBeLessThanOrEqual(104);
    expect(shown).toMatch(/^(?:… )?\S.*\S(?: …)?$/);
    const achieved = excerptAround(operatori.achieved?.context ?? '', operatori.achieved?.quote ?? '');
    expect(achieved).toContain('hanno coinvolto oltre 500 operatori');
  });
});
