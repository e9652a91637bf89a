// Extraction rules on single sentences: what counts as a quantity in the plan's Italian, and what does not.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  classifyColumn,
  extractQuantities,
  formatItalianNumber,
  formatRatio,
  lemmatize,
  parseItalianNumber,
  type ColumnKind,
} from '../../src/lib/indicators/index.ts';

const values = (text: string, kind: ColumnKind = 'target') => extractQuantities(text, kind).map((q) => q.value);

describe('Italian numbers', () => {
  it('reads the thousands dot and the decimal comma', () => {
    expect(parseItalianNumber('2.000')).toBe(2000);
    expect(parseItalianNumber('1,5')).toBe(1.5);
    expect(parseItalianNumber('3.415')).toBe(3415);
    expect(parseItalianNumber('4000')).toBe(4000);
    expect(parseItalianNumber('12.34')).toBeNaN();
  });
  it('writes values and ratios as the plan does', () => {
    expect(formatItalianNumber(2030)).toBe('2.030');
    expect(formatItalianNumber(1.5)).toBe('1,5');
    expect(formatRatio(2030 / 2000)).toBe('101,5%');
    expect(formatRatio(137 / 50)).toBe('274%');
  });
});

describe('extractQuantities', () => {
  it('reads number, qualifier, unit and span', () => {
    const text = '• Erogare doti per la realizzazione di oltre 2.000 percorsi di politica attiva (tirocini, formazione).';
    const [q] = extractQuantities(text, 'target');
    expect(q).toMatchObject({ value: 2000, qualifier: 'oltre', unit: 'percorsi di politica attiva', kind: 'target' });
    expect(text.slice(q?.start, q?.end)).toBe('oltre 2.000 percorsi di politica attiva');
  });

  it('knows the qualifiers', () => {
    const q = (text: string) => extractQuantities(text, 'target')[0]?.qualifier;
    expect(q('Qualificare almeno 50 operatori della rete')).toBe('almeno');
    expect(q('fino a 300 operatori dedicati')).toBe('fino a');
    expect(q('circa 4000 voucher')).toBe('circa');
    expect(q('non meno di 20 incontri')).toBe('non meno di');
    expect(q('Stipulare 4 accordi tecnici')).toBe('');
  });

  it('counts with number words but not with articles', () => {
    expect(extractQuantities('Sono stati sviluppati cinque network pubblico-privati', 'result')[0]).toMatchObject({ value: 5, unit: 'network pubblico-privati' });
    expect(values('Realizzato un report di benchmarking')).toEqual([]);
  });

  it('leaves out years, ranges, dates, laws, articles, programme names, ordinals, durations and rates', () => {
    expect(values('Obiettivi 2009-2011 e risultati al 2012')).toEqual([]);
    expect(values('Brema 28-29 aprile 2011; Bologna, 17 - 18 novembre 2011')).toEqual([]);
    expect(values('ex art. 11 L. 68/99 e ex art. 14 L.276/03, D.Lgs. 276/2003')).toEqual([]);
    expect(values('ex art. 23 e art. 27 lettera f; artt. 12, 12 bis della L. 68/99 e 14 ex D.Lgs 276/2003')).toEqual([]);
    expect(values('nel Programma ICF4, il 2° semestre, per nove mesi e i sei mesi di attività')).toEqual([]);
    expect(values('(1 per ogni Provincia coinvolta)')).toEqual([]);
    expect(values('giovani fino ai 30 anni e donne over 40 sulle tematiche')).toEqual([]);
    expect(values('con i paesi di origine (dagli attuali 4 ad almeno 10).')).toEqual([10]);
  });

  it('takes the unit from before a parenthesis when the number stands alone in it', () => {
    const [q] = extractQuantities('la rete integrata tra operatori dei servizi pubblici (almeno 150) ed altri', 'target');
    expect(q).toMatchObject({ value: 150, qualifier: 'almeno', unit: 'operatori dei servizi pubblici' });
  });

  it('decides target or result by the column, and by the verb in prose', () => {
    expect(classifyColumn('Obiettivi quali-quantitativi 2009-2011', 1)).toBe('target');
    expect(classifyColumn('Risultati previsti al 2012', 4)).toBe('target');
    expect(classifyColumn('Risultati al 2011', 3)).toBe('result');
    expect(classifyColumn('Descrizione', 1)).toBe('prose');
    expect(classifyColumn('AMBITO', 0)).toBe('label');
    const prose = 'Nel 2011 il progetto ha coinvolto 320 operatori. Per il 2012 realizzerà almeno 6 laboratori.';
    expect(extractQuantities(prose, 'prose').map((q) => q.kind)).toEqual(['result', 'target']);
    expect(extractQuantities('Erogare doti per 2.030 percorsi', 'result')[0]?.kind).toBe('result');
  });

  it('compares units on lemmas', () => {
    expect(lemmatize('operatori')).toBe(lemmatize('operatore'));
    expect(lemmatize('province')).toBe(lemmatize('provincia'));
    expect(lemmatize("d'Intervento")).toBe(lemmatize('interventi'));
    expect(lemmatize('uffici')).toBe(lemmatize('ufficio'));
  });
});

describe('held-out sentences (written for this test, not taken from the plan)', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../fixtures/indicators/held-out-sentences.json', import.meta.url), 'utf8'),
  ) as { sentences: { column: ColumnKind; text: string; quantities: [number, string, string, string][] }[] };
  const head = (unit: string): string => lemmatize(unit.split(/[\s/]/)[0] ?? '');

  /**
   * The first ten sentences were all right on the first run. The second ten, written to be harder,
   * scored precision 0.90 and recall 0.87 on their first run (before "12 mila", "2,5 milioni di",
   * "un migliaio di" and "almeno il 60%" were taught); these floors are the figures reached since.
   */
  it('finds each labelled quantity with its qualifier, unit head and kind', () => {
    let expectedCount = 0;
    let foundCount = 0;
    let matched = 0;
    for (const sentence of fixture.sentences) {
      const found = extractQuantities(sentence.text, sentence.column).map((q) => [q.value, q.qualifier, head(q.unit), q.kind].join('|'));
      const expected = sentence.quantities.map(([value, qualifier, unit, kind]) => [value, qualifier, head(unit), kind].join('|'));
      expectedCount += expected.length;
      foundCount += found.length;
      for (const item of found) {
        const at = expected.indexOf(item);
        if (at !== -1) {
          expected.splice(at, 1);
          matched++;
        }
      }
      expect(expected, sentence.text).toEqual([]);
    }
    const precision = matched / foundCount;
    const recall = matched / expectedCount;
    console.info(`held-out: ${matched} of ${expectedCount} labelled, ${foundCount} found; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(precision).toBeGreaterThanOrEqual(1);
    expect(recall).toBeGreaterThanOrEqual(1);
  });
});

/** One quantity in a line: "value qualifier|unit|kind" (upper bound after "–" for a range). */
const read = (text: string, kind: ColumnKind = 'prose') =>
  extractQuantities(text, kind).map((q) => `${q.value}${q.upper !== undefined ? `–${q.upper}` : ''}${q.qualifier ? ` ${q.qualifier}` : ''}|${q.unit}|${q.kind}`);

describe('issue 21: numbers as reports write them, never built from part of a number', () => {
  it('reads a decimal point where it cannot be a thousands dot ("9.8 milioni", "10.7 milioni")', () => {
    expect(read('In Italia 9.8 milioni di persone vivono in povertà assoluta.')).toEqual(['9800000|persone|uncertain']);
    expect(read('Gli occupati sono 10.7 milioni.')).toEqual(['10700000|occupati|result']);
    expect(read('Il Patto per il Lavoro è stato finanziato con 53.8 milioni di euro.')).toEqual(['53800000|euro|result']);
    // A date or a code written with dots is read as nothing, never as a part of it.
    expect(read('Al 31.12.2017 la capacità di impegno si attesta al 49,46%.', 'result')).toEqual(['49.46|%|result']);
    expect(values('Azione 9.1.1 del PON e misura 1.7.2 del PNRR')).toEqual([]);
  });

  it('reads € before the number and Mln/Mld after it ("€1.1 Mld", "(€681 Mln)")', () => {
    expect(read('La dotazione complessiva è di €1.1 Mld, di cui una quota (€681 Mln) per la formazione.')).toEqual([
      '1100000000|euro|result',
      '681000000|euro|result',
    ]);
    expect(read('Costo del progetto € 2.035.996,85', 'target')).toEqual(['2035996.85|euro|target']);
    expect(read('Sono state programmate risorse per circa 42,38 Me.', 'result')).toEqual(['42380000 circa|euro|result']);
  });

  it('reads thousands with dots and with spaces, mila/milioni/miliardi, and amounts in two parts', () => {
    expect(read('Saranno formati 1 200 operatori e 3\u00a0500 giovani.')).toEqual(['1200|operatori|target', '3500|giovani|target']);
    expect(read('Il piano interviene su 14mila beneficiari con 2,5 milioni di euro e 1,513 miliardi di euro.', 'target')).toEqual([
      '14000|beneficiari|target',
      '2500000|euro|target',
      '1513000000|euro|target',
    ]);
    expect(read('A Regione Liguria sono stati assegnati 21 milioni e 296mila euro.')).toEqual(['21296000|euro|result']);
    expect(read('La settima rata vale 18 miliardi e 300 milioni di euro.', 'result')).toEqual(['18300000000|euro|result']);
    expect(read('Sono stati spesi più di un miliardo di euro.')).toEqual(['1000000000 più di|euro|result']);
  });

  it('reads "%", "per cento", ranges and common fractions in words', () => {
    expect(read('Il 42 per cento seguirà percorsi integrati; il 35% andrà all’estero.')).toEqual(['42|%|target', '35|%|target']);
    expect(read('Si prevede di coinvolgere tra 10 e 20 imprese e tra il 40 e l’80% degli aventi diritto.')).toEqual([
      '10–20 tra|imprese|target',
      '40–80 tra|%|target',
    ]);
    expect(read('La metà dei beneficiari è donna; un terzo dei progetti è concluso; otto su dieci hanno un diploma.', 'result')).toEqual([
      '50|%|result',
      `${100 / 3}|%|result`,
      '80|%|result',
    ]);
    expect(read('Un pacchetto da ventiquattro milioni di euro per formare oltre 20 mila lavoratori.')).toEqual([
      '24000000|euro|target',
      '20000 oltre|lavoratori|target',
    ]);
  });

});

describe('issue 21: kind by meaning, "da verificare" when neither column nor words say', () => {
  it('reads reporting verbs and forms as results, in prose and over a target column', () => {
    expect(read('Alla data del 30-giu risultano 53.130 richieste di adesione al Programma.')).toEqual(['53130|richieste di adesione|result']);
    expect(read('Alla data del 30-giu risultano 53.130 richieste di adesione al Programma.', 'target')).toEqual([
      '53130|richieste di adesione|result',
    ]);
    expect(read('Nella media nazionale, la componente femminile rappresenta il 55,5%.')).toEqual(['55.5|%|result']);
    expect(read('Dal 2019 si è passati a 715 comuni.')).toEqual(['715|comuni|result']);
    expect(read('Il risparmio complessivo ammonta a 3 milioni di euro; le imprese sono pari a 250 unità.')).toEqual([
      '3000000|euro|result',
      '250|unità|result',
    ]);
    expect(read('Al 31 gennaio 2025 hanno completato il percorso 4.085 persone.')).toEqual(['4085|persone|result']);
    expect(read('Al 31 gennaio 2025, 4.085 persone.')).toEqual(['4085|persone|result']);
    expect(read('Aver coinvolto 50mila liguri nelle nostre iniziative è fonte di soddisfazione.')).toEqual(['50000|liguri|result']);
  });

  it('reads future, modal and purpose forms as targets, also over a results column', () => {
    expect(read('Il progetto sarà realizzato in 12 comuni.')).toEqual(['12|comuni|target']);
    expect(read('Le Regioni dovranno attivare 300 sportelli.')).toEqual(['300|sportelli|target']);
    expect(read('Entro il 31 dicembre 2022 saranno avviati 150 tirocini.')).toEqual(['150|tirocini|target']);
    expect(read("L'obiettivo di 3 milioni di beneficiari.")).toEqual(['3000000|beneficiari|target']);
    expect(read('Il progetto prevede di formare 40 operatori.')).toEqual(['40|operatori|target']);
    expect(read('Entro il 2025 saranno coinvolti 3 milioni di beneficiari.', 'result')).toEqual(['3000000|beneficiari|target']);
    // An infinitive in a results column is the plan's own style ("Erogare doti per 2.030 percorsi"): the column decides.
    expect(read('Erogare doti per 2.030 percorsi', 'result')).toEqual(['2030|percorsi|result']);
  });

  it('says "da verificare" when nothing decides, instead of guessing', () => {
    expect(read('Con un investimento complessivo di 5 miliardi di euro, il programma è gestito dall’ANPAL.')).toEqual(['5000000000|euro|uncertain']);
    expect(read('Il bando è costruito su dieci schede provinciali.')).toEqual(['10|schede provinciali|uncertain']);
    expect(read('Rete di 40 sportelli territoriali.')).toEqual(['40|sportelli territoriali|uncertain']);
  });
});

describe('issue 21: units and qualifiers', () => {
  it('keeps the qualifier before altri/altre/ulteriori ("almeno altre 35 PA", "almeno altri 450 servizi")', () => {
    expect(read('Aderiranno almeno altre 35 PA e saranno resi disponibili almeno altri 450 servizi.')).toEqual([
      '35 almeno|PA|target',
      '450 almeno|servizi|target',
    ]);
  });

  it('takes the unit after the verb ("25.579 sono maschi") and the subject before it ("… sono 6.541")', () => {
    expect(read('Dei 51.025 richiedenti 25.579 sono maschi, e 25.446 sono femmine.', 'result')).toEqual([
      '51025|richiedenti|result',
      '25579|maschi|result',
      '25446|femmine|result',
    ]);
    const page = 'I giovani che hanno risposto alla convocazione dei CPI, ma che non hanno firmato il patto di servizio\n\nsono 6.541 che corrispondono ad una percentuale del 13%';
    expect(read(page, 'result')).toEqual(['6541|giovani|result', '13|%|result']);
    expect(read('In una prima fase i cosiddetti navigator, selezionati da Anpal Servizi, saranno 3.000.')).toEqual(['3000|navigator|target']);
  });

  it('carries the unit over after "di cui" and down a list ("di cui 800.000 in attività formative", "- 59.009 in servizi di base")', () => {
    expect(read('Entro il 2025 coinvolgerà 3 milioni di beneficiari, di cui 800.000 in attività formative.')).toEqual([
      '3000000|beneficiari|target',
      '800000|beneficiari|target',
    ]);
    expect(read('Almeno 800 mila persone dovranno essere coinvolte in attività di formazione, di cui 300 mila per il rafforzamento delle competenze digitali.')).toEqual([
      '800000 almeno|persone|target',
      '300000|persone|target',
    ]);
    const list = 'I servizi erogati da parte dei CPI sono complessivamente 86.124 così ripartiti per tipologia:\n- 59.009 in servizi di base;\n- 27.115 in servizi erogati.';
    expect(read(list, 'result')).toEqual(['86124|servizi erogati|result', '59009|servizi erogati|result', '27115|servizi erogati|result']);
  });

  it('takes the unit of a table line from its label ("D) Prese in carico 1.005.181")', () => {
    expect(read('D) Prese in carico 1.005.181', 'result')).toEqual(['1005181|Prese|result']);
    expect(read('A) Registrazioni complessive 1.440.509', 'result')).toEqual(['1440509|Registrazioni complessive|result']);
  });

  it('does not count ages, codes and names with numbers ("55+", "over 30", "SPC 2", "Agenda 2030", "Fase 2")', () => {
    expect(read('La componente giovanile il 29,2% e quella più adulta (55+) il 16,7%.')).toEqual(['29.2|%|uncertain', '16.7|%|uncertain']);
    expect(values('La migrazione al contratto SPC 2 Connettività è completata.')).toEqual([]);
    expect(values('In coerenza con l’Agenda 2030, la Fase 2 riguarda i giovani over 30 e gli ultra 50enni.')).toEqual([]);
    expect(values('Il programma si articola nella Missione 5, Componente 1, percorso 1 (Tavola 1 dell’Appendice).')).toEqual([]);
    expect(values('Il Programma si rivolge ai 15-29enni con età pari o superiore a 18 anni.')).toEqual([]);
  });
});

describe('formatItalianNumber through a cached Intl.NumberFormat', () => {
  /** The grouping by hand it replaced: the oracle for "same output". */
  function groupedByHand(value: number, maxDecimals = 2): string {
    const negative = value < 0;
    const fixed = Math.abs(value).toFixed(maxDecimals);
    const [whole = '0', fraction = ''] = fixed.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const decimals = fraction.replace(/0+$/, '');
    return `${negative ? '-' : ''}${grouped}${decimals ? `,${decimals}` : ''}`;
  }

  it('makes one formatter per number of decimals and reuses it', async () => {
    vi.resetModules();
    const Original = Intl.NumberFormat;
    let made = 0;
    const counting = class extends Original {
      constructor(...args: ConstructorParameters<typeof Original>) {
        super(...args);
        made++;
      }
    };
    Object.defineProperty(Intl, 'NumberFormat', { value: counting, configurable: true, writable: true });
    try {
      const fresh = await import('../../src/lib/indicators/numbers.ts');
      for (let n = 0; n < 500; n++) fresh.formatItalianNumber(n * 1.5);
      fresh.formatRatio(1.015);
      expect(made).toBe(2); // two decimals for values, one for ratios
    } finally {
      Object.defineProperty(Intl, 'NumberFormat', { value: Original, configurable: true, writable: true });
    }
  });

  it('writes what the hand-grouping wrote, for integers and for decimals that are not exact ties', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => formatItalianNumber(n) === groupedByHand(n)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom(1, 2), (whole, cents, decimals) => {
        const value = whole + cents / 100;
        return formatItalianNumber(value, decimals) === groupedByHand(value, decimals) || isTie(value, decimals);
      }),
      { numRuns: 2000 },
    );
    expect(formatItalianNumber(2030)).toBe('2.030');
    expect(formatItalianNumber(1234567.891)).toBe('1.234.567,89');
    expect(formatItalianNumber(-0)).toBe('0');
  });

  /** On an exact written tie ("x,x5" to one decimal) Intl rounds the written value up, toFixed the binary one: either reading is right. */
  function isTie(value: number, decimals: number): boolean {
    const scaled = value * 10 ** decimals;
    return Math.abs(scaled - Math.trunc(scaled) - 0.5) < 1e-6;
  }
});
