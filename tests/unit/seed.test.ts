// Tests of the seed parser against the real 2012 source document, and of the bundled plan generated from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashText } from '../../src/lib/model/plan.ts';
import type { Area, PlanDocument, Row } from '../../src/lib/model/types.ts';
import { parseSeedDocument } from '../../src/lib/seed/parse-seed.ts';
import { DEFAULT_PLAN_ID, loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import bundledPlan from '../../src/lib/seed/plan-2012.json';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const SOURCE = readFileSync(new URL('../../src/lib/seed/source/piano-operativo-2012.txt', import.meta.url), 'utf8');
const SEED_TIME = '2012-01-01T00:00:00.000Z';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const TABLE_COLUMNS = [
  'AMBITO',
  'Obiettivi quali-quantitativi 2009-2011',
  'Risultati previsti al 2011',
  'Risultati al 2011',
  'Risultati previsti al 2012',
];

function parseSource(): PlanDocument {
  const result = parseSeedDocument(SOURCE);
  if (!result.ok) throw new Error(`The seed did not parse: ${JSON.stringify(result.errors)}`);
  return result.value;
}

const doc = parseSource();

function areaTitled(title: string): Area {
  const area = doc.areas.find((candidate) => candidate.title === title);
  if (!area) throw new Error(`No area titled ${title}`);
  return area;
}

function rowsOf(area: Area): Row[] {
  return doc.rows.filter((row) => row.areaId === area.id).sort((a, b) => a.order - b.order);
}

function columnTitlesOf(area: Area): string[] {
  return doc.columns
    .filter((column) => column.areaId === area.id)
    .sort((a, b) => a.order - b.order)
    .map((column) => column.title);
}

/** The text of a row's cell, by column title. */
function cellOf(area: Area, row: Row, columnTitle: string): string {
  const column = doc.columns.find((candidate) => candidate.areaId === area.id && candidate.title === columnTitle);
  if (!column) throw new Error(`No column ${columnTitle} in ${area.title}`);
  const cell = row.cells[column.id];
  if (!cell) throw new Error(`No cell ${columnTitle} in row ${row.order} of ${area.title}`);
  return cell.text;
}

/** The row whose first column (AMBITO or Progetto) is `title`. */
function rowTitled(area: Area, title: string): Row {
  const firstColumn = columnTitlesOf(area)[0] ?? '';
  const row = rowsOf(area).find((candidate) => cellOf(area, candidate, firstColumn) === title);
  if (!row) throw new Error(`No row ${title} in ${area.title}`);
  return row;
}

function firstColumnTitles(area: Area): string[] {
  const firstColumn = columnTitlesOf(area)[0] ?? '';
  return rowsOf(area).map((row) => cellOf(area, row, firstColumn));
}

/** Every text of the plan a user reads: area titles and introductions, column titles, cells. */
function allTexts(plan: PlanDocument): string[] {
  return [
    ...plan.areas.flatMap((area) => [area.title, area.introduction]),
    ...plan.columns.map((column) => column.title),
    ...plan.rows.flatMap((row) => Object.values(row.cells).map((cell) => cell.text)),
  ];
}

function allLines(plan: PlanDocument): string[] {
  return allTexts(plan).flatMap((text) => (text === '' ? [] : text.split('\n')));
}

const immigrazione = areaTitled('AREA IMMIGRAZIONE');
const inclusione = areaTitled('AREA INCLUSIONE SOCIALE E LAVORATIVA');
const progetti = areaTitled('ALTRI PROGETTI ATTIVI NEL 2012');

describe('parseSeedDocument: structure', () => {
  it('finds the three areas, in document order', () => {
    expect(doc.areas.map((area) => [area.order, area.title])).toEqual([
      [1, 'AREA IMMIGRAZIONE'],
      [2, 'AREA INCLUSIONE SOCIALE E LAVORATIVA'],
      [3, 'ALTRI PROGETTI ATTIVI NEL 2012'],
    ]);
  });

  it('reads 5, 7 and 12 rows and 5, 5 and 2 columns', () => {
    expect([immigrazione, inclusione, progetti].map((area) => rowsOf(area).length)).toEqual([5, 7, 12]);
    expect([immigrazione, inclusione, progetti].map((area) => columnTitlesOf(area).length)).toEqual([5, 5, 2]);
    expect(doc.rows).toHaveLength(24);
    expect(doc.columns).toHaveLength(12);
  });

  it('takes the column titles from the table header, with the spaced dash of "quali-quantitativi" closed', () => {
    expect(columnTitlesOf(immigrazione)).toEqual(TABLE_COLUMNS);
    expect(columnTitlesOf(inclusione)).toEqual(TABLE_COLUMNS);
    expect(columnTitlesOf(progetti)).toEqual(['Progetto', 'Descrizione']);
  });

  it('reads the header repeated at every page break once per table, never as a row', () => {
    const headerWords = /\b(AMBITO|Obiettivi quali|Risultati previsti al 20|Risultati al 2011)\b/;
    for (const area of [immigrazione, inclusione]) {
      for (const row of rowsOf(area)) {
        for (const title of TABLE_COLUMNS) expect(cellOf(area, row, title)).not.toMatch(headerWords);
      }
    }
  });

  it('names the ambiti of the immigration area', () => {
    expect(firstColumnTitles(immigrazione)).toEqual([
      'GOVERNANCE TRANSNAZIONALE',
      'GOVERNANCE NAZIONALE',
      'MODELLIZZAZIONE E DI INTERVENTI E DEFINIZIONE DI STANDARD',
      "NETWORKING E QUALIFICAZIONE DEI SERVIZI PER IL LAVORO IN ITALIA E ALL'ESTERO",
      "GESTIONE ED EROGAZIONE DI DISPOSITIVI A SUPPORTO DELL'INSERIMENTO/REINSERIMENTO NEL MDL",
    ]);
  });

  it('names the ambiti of the social inclusion area', () => {
    expect(firstColumnTitles(inclusione)).toEqual([
      'SUPPORTO AL MINISTERO NELLE ATTIVITÀ DI GOVERNANCE',
      'SUPPORTO ALLE REGIONI NELLE ATTIVITÀ DI GOVERNANCE',
      'MODELLIZZAZIONE DI INTERVENTI E CONCORSO ALLA DEFINIZIONE DI STANDARD',
      "QUALIFICAZIONE DEL SISTEMA DEI SERVIZI PER L'INCLUSIONE SOCIALE E LAVORATIVA (DETENUTI E DISABILI)",
      "SUPPORTO A NETWORK E RETI DI SERVIZIO PER L'INCLUSIONE SOCIALE E LAVORATIVA",
      'PERCORSI DI INSERIMENTO SOCIO-LAVORATIVO',
      'PROMOZIONE DELLA TRANSNAZIONALITÀ',
    ]);
  });

  it('names the twelve other projects', () => {
    expect(firstColumnTitles(progetti)).toEqual([
      'SUPPORTI TECNICO INFORMATIVI AL PON',
      'GOVERNANCE REGIONALE E SVILUPPO DEI SERVIZI PER IL LAVORO',
      'PIANIFICAZIONE OPERATIVA TERRITORIALE',
      'MONITORAGGIO DELLE POLITICHE DEL LAVORO E DIFFUSIONE DELLE CONOSCENZE',
      'INCREASE - SERVIZI E PRODOTTI FORMATIVI PER GLI OPERATORI DEI SERVIZI PER IL LAVORO',
      'LAVORO FEMMINILE NEL MEZZOGIORNO - LA.FEM.ME.',
      "OCCUPAZIONE E SVILUPPO DELLA COMUNITÀ DEGLI ITALIANI ALL'ESTERO - ITES",
      'SUPPORTO ALLA TRANSNAZIONALITÀ',
      'PREVENZIONE E CONTRASTO: AZIONI MIRATE A RAFFORZARE I PROCESSI DI EMERSIONE DEL LAVORO IRREGOLARE NELLA REGIONE LAZIO',
      "ACCOMPAGNAMENTO ALL'IMPLEMENTAZIONE DEL MASTERPLAN REGIONALE DELLE POLITICHE E DEI SERVIZI PER IL LAVORO (REGIONE LAZIO)",
      "L'ISPEZIONE DEL LAVORO NEL CONTRASTO AL LAVORO IRREGOLARE",
      'LAVORO "IN GENERE" - SUPPORTO ALL\'UFFICIO DELLA CONSIGLIERA NAZIONALE DI PARITÀ',
    ]);
  });
});

describe('parseSeedDocument: introductions', () => {
  it('leaves the immigration area without introduction (the document has none)', () => {
    expect(immigrazione.introduction).toBe('');
  });

  it('keeps the social inclusion introduction: its subtitle first, one line per paragraph or list item', () => {
    const lines = inclusione.introduction.split('\n');
    expect(lines[0]).toBe("Obiettivi operativi primari per l'annualità 2012");
    expect(lines[1]).toMatch(/^In linea generale è da evidenziare/);
    expect(lines).toContain(
      "• favorire l'occupazione promuovendo misure attive per l'inclusione sociale e lavorativa dei soggetti svantaggiati nel mercato del lavoro;",
    );
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(5);
    expect(lines.at(-1)).toMatch(/^Per quanto riguarda il settore dei servizi alla persona .* assistenti familiari\.$/);
    // The subtitle, then the 15 paragraphs and list lines of the source, two of which are halves of one paragraph.
    expect(lines).toHaveLength(15);
  });

  it('keeps the two intro paragraphs of the other projects', () => {
    const lines = progetti.introduction.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Si tratta d'interventi non identificabili .* organismi internazionali\.$/);
    expect(lines[1]).toMatch(/^Di seguito sono illustrati i principali progetti, .* i risultati conseguiti\.$/);
  });

  it('joins a paragraph cut by a page break back into one', () => {
    const lines = inclusione.introduction.split('\n');
    const joined = lines.find((line) => line.includes('tra amministrazione penitenziaria e sistema delle Regioni.'));
    expect(joined).toMatch(/^L'intervento relativo alle persone .* delle Regioni\. A tale accordo partecipa .* anni 2012-2013\.$/);
    expect(lines.some((line) => line.startsWith('delle Regioni'))).toBe(false);
  });

  it('keeps a dash inside a narrative sentence as text', () => {
    expect(inclusione.introduction).toContain('la previsione di doti - e dei necessari strumenti di gestione delle stesse - per');
  });
});

describe('parseSeedDocument: project descriptions', () => {
  const description = (title: string): string => cellOf(progetti, rowTitled(progetti, title), 'Descrizione');

  it('puts the whole narrative of each project in its description, one line per paragraph', () => {
    const paragraphCounts = rowsOf(progetti).map((row) => cellOf(progetti, row, 'Descrizione').split('\n').length);
    expect(paragraphCounts).toEqual([1, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 1]);
    expect(description('SUPPORTO ALLA TRANSNAZIONALITÀ')).toMatch(
      /^In continuità con quanto realizzato .* processi di crescita dei sistemi produttivi\.\nInoltre è prevista la realizzazione di 2 visite di studio .* agenzie europee\.$/,
    );
  });

  it('joins the paragraphs cut by page breaks', () => {
    expect(description('GOVERNANCE REGIONALE E SVILUPPO DEI SERVIZI PER IL LAVORO')).toContain(
      'aggiornamento della normativa sul mercato del lavoro. Inoltre saranno assistite 4 regioni',
    );
    expect(description('MONITORAGGIO DELLE POLITICHE DEL LAVORO E DIFFUSIONE DELLE CONOSCENZE')).toContain(
      '"Azioni di sistema Welfare to Work", "Supporti documentali e informativi al PON”',
    );
    expect(description('INCREASE - SERVIZI E PRODOTTI FORMATIVI PER GLI OPERATORI DEI SERVIZI PER IL LAVORO')).toContain(
      'Nell’ambito del progetto saranno realizzati ed erogati',
    );
    expect(
      description(
        'PREVENZIONE E CONTRASTO: AZIONI MIRATE A RAFFORZARE I PROCESSI DI EMERSIONE DEL LAVORO IRREGOLARE NELLA REGIONE LAZIO',
      ),
    ).toContain('sul tema della gestione, prevenzione e contrasto del lavoro sommerso, anche in linea');
    expect(
      description(
        "ACCOMPAGNAMENTO ALL'IMPLEMENTAZIONE DEL MASTERPLAN REGIONALE DELLE POLITICHE E DEI SERVIZI PER IL LAVORO (REGIONE LAZIO)",
      ),
    ).toContain('Catalogo delle competenze e profili professionali, che verrà implementato e aggiornato bimestralmente');
  });

  it('keeps dashes inside project sentences as text', () => {
    expect(description('LAVORO FEMMINILE NEL MEZZOGIORNO - LA.FEM.ME.')).toContain(
      'decreto del Ministero del Lavoro - Direzione Generale per le Politiche dei Servizi',
    );
    expect(description("L'ISPEZIONE DEL LAVORO NEL CONTRASTO AL LAVORO IRREGOLARE")).toMatch(
      /^Il progetto - nei suoi obiettivi e nelle attività previste - costituisce/,
    );
  });
});

describe('parseSeedDocument: table cells', () => {
  const nazionale = rowTitled(immigrazione, 'GOVERNANCE NAZIONALE');
  const networking = rowTitled(
    immigrazione,
    "NETWORKING E QUALIFICAZIONE DEI SERVIZI PER IL LAVORO IN ITALIA E ALL'ESTERO",
  );
  const qualificazione = rowTitled(
    inclusione,
    "QUALIFICAZIONE DEL SISTEMA DEI SERVIZI PER L'INCLUSIONE SOCIALE E LAVORATIVA (DETENUTI E DISABILI)",
  );

  it('joins a sentence cut by a page break into the same line of the ambito above', () => {
    expect(cellOf(immigrazione, nazionale, 'Risultati al 2011').split('\n')).toContain(
      '• Definito un modello di intervento e messa a punto delle procedure di gestione, monitoraggio, controllo, rendicontazione delle attività di accoglienza, tra cui il sistema informativo.',
    );
    expect(cellOf(immigrazione, networking, 'Obiettivi quali-quantitativi 2009-2011').split('\n')).toContain(
      '• Stipula di almeno 3 Protocolli di intesa con le associazioni datoriali per promuovere la crescita delle imprese a titolare straniero.',
    );
    expect(cellOf(immigrazione, nazionale, 'Risultati previsti al 2012').split('\n')).toContain(
      '• On line 1 servizio informativo relativo alle opportunità di rientro volontario dei cittadini extracomunitari',
    );
    expect(cellOf(inclusione, qualificazione, 'Risultati previsti al 2011').split('\n')).toContain(
      'Elaborare almeno 5 Piani di qualificazione finalizzato allo sviluppo dei servizi relativi alla transizione pena lavoro (1 per ogni Provincia coinvolta).',
    );
  });

  it('sends every part of a continued row to its own column', () => {
    const results = cellOf(inclusione, qualificazione, 'Risultati al 2011');
    expect(results).toContain('supportare le amministrazioni provinciali ed penitenziarie e la rete di soggetti pubblici');
    for (const title of TABLE_COLUMNS.filter((column) => column !== 'Risultati al 2011')) {
      expect(cellOf(inclusione, qualificazione, title)).not.toContain('penitenziarie e la rete');
    }
    expect(cellOf(immigrazione, networking, 'Risultati al 2011')).toContain(
      'coinvolto oltre 500 operatori e dirigenti dei Spl pubblici e privati',
    );
    expect(cellOf(immigrazione, networking, 'Risultati previsti al 2012')).toContain(
      '• Realizzare almeno 20 incontri per attori pubblici e privati per la diffusione delle misure',
    );
  });

  it('starts a new line when the continuation begins a new sentence, and adds nothing for an empty one', () => {
    const obiettivi = cellOf(inclusione, qualificazione, 'Obiettivi quali-quantitativi 2009-2011').split('\n');
    expect(obiettivi).toHaveLength(2);
    expect(obiettivi[1]).toBe(
      'Diffusione in almeno 12 Regioni del modello di servizio transizione carcere-lavoro tramite il trasferimento di metodologie innovative, di standard di servizio.',
    );
    expect(cellOf(immigrazione, nazionale, 'Obiettivi quali-quantitativi 2009-2011').split('\n').at(-1)).toMatch(
      /^• Stipulare 1 accordo tra Ministero Lavoro e operatori privati/,
    );
    expect(cellOf(inclusione, qualificazione, 'Risultati previsti al 2012').split('\n')).toHaveLength(3);
    expect(cellOf(immigrazione, nazionale, 'Risultati previsti al 2011').split('\n')).toHaveLength(7);
  });

  it('writes nested list items indented with their check mark', () => {
    expect(cellOf(immigrazione, nazionale, 'Risultati previsti al 2011').split('\n').slice(1)).toEqual([
      '• Redazione di un report Annuale sul Mercato del Lavoro dei lavoratori immigrati',
      '• Predisposizione di report semestrali relativi a:',
      '    ✓ Andamento della popolazione attiva (ISTAT)',
      '    ✓ Assunzioni e cessazioni delle imprese (Comunicazioni Obbligatorie)',
      '    ✓ Fabbisogni e profili della domanda di lavoro (Excelsior)',
      '    ✓ Percettori di sostegno al reddito (INPS)',
    ]);
  });

  it('puts paragraphs, underlined sub-headings and list items on their own lines', () => {
    const network = rowTitled(inclusione, "SUPPORTO A NETWORK E RETI DI SERVIZIO PER L'INCLUSIONE SOCIALE E LAVORATIVA");
    expect(cellOf(inclusione, network, 'Risultati previsti al 2012').split('\n')).toEqual([
      expect.stringMatching(/^Supporto all'attivazione e gestione di 11 Tavoli .* \(Terzo settore, Volontariato, Imprenditoria\)\.$/),
      "Supporto all'attivazione di reti territoriali per la transizione pena lavoro attraverso la diffusione di profili di attività strategiche:",
      '• animazione di rete',
      '• operazioni di sportello carcere lavoro.',
      'Azione di sistema Servizi alla Persona',
      'Almeno 12 Agenzie in grado di trasferire i moduli formativi ad almeno 200 sportelli.',
    ]);
    const ministero = rowTitled(inclusione, 'SUPPORTO AL MINISTERO NELLE ATTIVITÀ DI GOVERNANCE');
    expect(cellOf(inclusione, ministero, 'Risultati al 2011').split('\n')[1]).toBe(
      'Azione di sistema Servizi alla Persona (AsSaP)',
    );
  });

  it('splits list items at the dashes that separate them', () => {
    const transnazionale = rowTitled(immigrazione, 'GOVERNANCE TRANSNAZIONALE');
    expect(cellOf(immigrazione, transnazionale, 'Risultati previsti al 2012').split('\n')).toEqual([
      expect.stringMatching(/^• Realizzare i piani esecutivi in 6 Paesi .*\(UCL\)\.$/),
      '• Realizzare 1 rete di servizi Italia estero nei Paesi che hanno sottoscritto accordi di cooperazione.',
      '• Rendere disponibili 2 strumenti gestionali a supporto della rete di servizi Italia estero e per la gestione dei flussi.',
      "• Supportare l'implementazione di 4 percorsi formativi all'estero nei Paesi che hanno sottoscritto accordi di cooperazione.",
    ]);
    const risultati = cellOf(immigrazione, nazionale, 'Risultati al 2011').split('\n');
    expect(risultati[1]).toMatch(/^• Elaborati documenti di programmazione/);
    expect(risultati[2]).toMatch(/^• Elaborate e gestite 7 procedure/);
    expect(cellOf(immigrazione, networking, 'Risultati previsti al 2012').split('\n')).toContain(
      '• Informare e aggiornare almeno 250 operatori dei servizi locali in materia di immigrazione, lavoro e integrazione.',
    );
  });

  it('reads a cell starting with "- " as a list item even without a list tag', () => {
    const gestione = rowTitled(
      immigrazione,
      "GESTIONE ED EROGAZIONE DI DISPOSITIVI A SUPPORTO DELL'INSERIMENTO/REINSERIMENTO NEL MDL",
    );
    expect(cellOf(immigrazione, gestione, 'Obiettivi quali-quantitativi 2009-2011')).toBe(
      "• Promozione di 3.000 voucher per la formazione e l'adeguamento delle competenze dei lavoratori disoccupati",
    );
  });

  it('keeps the dashes inside sentences as text', () => {
    const texts = allTexts(doc).join('\n');
    for (const phrase of [
      'transizione pena - lavoro',
      '• co - progettazione con Gruppo Territoriale Operativo (GTO)',
      'soggetti pubblici e privati - responsabili di CPI',
      'Direttori Case Circondariali - di Piani Operativi',
      'sul Mercato del Lavoro dei lavoratori immigrati',
      `"Carcere e inclusione: esperienze a confronto dall'Europa"- Bologna, 17 - 18 novembre 2011.`,
      '"COMMUNITY LINKS" - Brema 28-29 aprile 2011.',
    ]) {
      expect(texts).toContain(phrase);
    }
  });

  it('creates empty cells for the empty cells of the source', () => {
    const modellizzazione = rowTitled(inclusione, 'MODELLIZZAZIONE DI INTERVENTI E CONCORSO ALLA DEFINIZIONE DI STANDARD');
    expect(cellOf(inclusione, modellizzazione, 'Risultati previsti al 2012')).toBe('');
  });
});

describe('parseSeedDocument: plain text', () => {
  it('leaves no markup anywhere', () => {
    for (const text of allTexts(doc)) {
      expect(text).not.toMatch(/<[^>]+>/);
      expect(text).not.toContain('**');
      expect(text).not.toMatch(/[<>]/);
    }
  });

  it('starts every list line with a bullet or an indented check mark, never with a formula character', () => {
    const lines = allLines(doc);
    for (const line of lines) {
      if (line.includes('•')) expect(line).toMatch(/^• \S/);
      if (line.includes('✓')) expect(line).toMatch(/^ {4}✓ \S/);
      expect(line.trimStart()).not.toMatch(/^[-=+@]/);
    }
    expect(lines.filter((line) => line.startsWith('• ')).length).toBeGreaterThan(60);
    expect(lines.filter((line) => line.startsWith('    ✓ '))).toHaveLength(4);
  });

  it('has no empty line and no stray spaces around lines (the sub-item indent aside)', () => {
    for (const line of allLines(doc)) {
      expect(line).not.toBe('');
      expect(line.trimEnd()).toBe(line);
      if (!line.startsWith('    ✓ ')) expect(line.trimStart()).toBe(line);
      expect(line).not.toMatch(/\S\s{2,}/);
    }
  });

  it('loses no word of the document and adds only the words it adds by design', () => {
    const expected = countWords(sourceWithoutMarkupAndRepeatedHeaders(SOURCE));
    const actual = countWords(allTexts(doc).join('\n'));
    for (const added of ['AREA', 'IMMIGRAZIONE', 'Progetto', 'Descrizione']) decrement(actual, added);
    expect(differenceOf(actual, expected)).toEqual({});
  });
});

describe('parseSeedDocument: records', () => {
  it('gives every record a unique UUID-v4-shaped id', () => {
    const ids = [doc.plan.id, ...doc.areas, ...doc.columns, ...doc.rows].map((record) =>
      typeof record === 'string' ? record : record.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });

  it('gives the same ids (and everything else) on every parse', () => {
    expect(parseSource()).toEqual(doc);
    expect(doc.plan.id).toBe(DEFAULT_PLAN_ID);
  });

  it('describes the plan as the 2012 seed', () => {
    expect(doc.plan).toEqual({
      id: DEFAULT_PLAN_ID,
      name: 'Piano operativo 2012',
      origin: 'seed',
      createdAt: SEED_TIME,
      updatedAt: SEED_TIME,
    });
  });

  it('links every record to its plan and area, with orders 1, 2, 3…', () => {
    expect(doc.areas.map((area) => area.order)).toEqual([1, 2, 3]);
    for (const area of doc.areas) {
      expect(area.planId).toBe(doc.plan.id);
      const columns = doc.columns.filter((column) => column.areaId === area.id);
      const rows = doc.rows.filter((row) => row.areaId === area.id);
      expect(columns.map((column) => column.order)).toEqual(columns.map((_, index) => index + 1));
      expect(rows.map((row) => row.order)).toEqual(rows.map((_, index) => index + 1));
      for (const record of [...columns, ...rows]) expect(record.planId).toBe(doc.plan.id);
    }
  });

  it('gives every row a cell for every column of its area, stamped by the seed, and the seed as merge base', () => {
    for (const row of doc.rows) {
      const columnIds = doc.columns.filter((column) => column.areaId === row.areaId).map((column) => column.id);
      expect(Object.keys(row.cells).sort()).toEqual([...columnIds].sort());
      expect(Object.keys(row.base ?? {}).sort()).toEqual([...columnIds].sort());
      for (const columnId of columnIds) {
        const cell = row.cells[columnId];
        expect(cell?.changedAt).toBe(SEED_TIME);
        expect(cell?.changedBy).toBe('Piano operativo 2012');
        expect(row.base?.[columnId]).toBe(hashText(cell?.text ?? 'missing'));
      }
    }
  });
});

describe('parseSeedDocument: documents without the expected structure', () => {
  const HEADER = 'AMBITO\tObiettivi\tRisultati';

  function errorCodesOf(text: string): string[] {
    const result = parseSeedDocument(text);
    return result.ok ? [] : result.errors.map((error) => error.code);
  }

  it('fails on an empty document', () => {
    expect(errorCodesOf('')).toEqual(['seed.empty']);
    expect(errorCodesOf('\n \n\t\n')).toHaveLength(1);
  });

  it('fails on garbage, with a message in both languages', () => {
    const result = parseSeedDocument('lorem ipsum dolor\nsit amet');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.code).toBe('seed.table-missing');
    expect(describeProblem(result.errors[0]!, 'it')).not.toBe('');
    expect(describeProblem(result.errors[0]!, 'en')).not.toBe('');
  });

  it('fails on a table without its header', () => {
    expect(errorCodesOf('GOVERNANCE\tuno\tdue')).toEqual(['seed.header-missing']);
  });

  it('fails on a row with the wrong number of cells, saying which line', () => {
    const result = parseSeedDocument(`${HEADER}\nGOVERNANCE\tuno\tdue\nALTRO\tsolo`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.code).toBe('seed.cell-count');
    expect(result.errors[0]?.internal?.row).toBe(3);
  });

  it('fails on a continuation with no ambito above it', () => {
    expect(errorCodesOf(`${HEADER}\n\tuno\tdue`)).toEqual(['seed.orphan-continuation']);
  });

  it('fails on a table with no rows, and on text inside a table', () => {
    expect(errorCodesOf(HEADER)).toEqual(['seed.table-empty']);
    expect(errorCodesOf(`${HEADER}\nGOVERNANCE\tuno\tdue\ntesto sciolto`)).toEqual(['seed.text-in-table']);
  });

  it('fails on a projects section without project titles', () => {
    expect(errorCodesOf(`${HEADER}\nGOVERNANCE\tuno\tdue\nALTRI PROGETTI ATTIVI NEL 2012\nsolo testo.`)).toEqual([
      'seed.projects-missing',
    ]);
  });

  it('parses a minimal document of the same shape', () => {
    const result = parseSeedDocument(
      `${HEADER}\nGOVERNANCE\tuno\tdue\nALTRI PROGETTI ATTIVI NEL 2012\nIntro.\nPROGETTO UNO\nDescrizione uno.`,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.areas.map((area) => area.title)).toEqual(['AREA IMMIGRAZIONE', 'ALTRI PROGETTI ATTIVI NEL 2012']);
    expect(result.value.rows).toHaveLength(2);
  });
});

describe('the bundled default plan', () => {
  it('is exactly what the parser makes of the source document (regenerate with npm run seed:generate)', () => {
    expect(bundledPlan).toEqual(doc);
  });

  it('loads as a deep copy, so one caller cannot change what the next one gets', async () => {
    const first = await loadDefaultPlan();
    expect(first).toEqual(doc);
    expect(first.plan.id).toBe(DEFAULT_PLAN_ID);
    first.areas[0]!.title = 'changed';
    const firstCell = Object.values(first.rows[0]!.cells)[0]!;
    firstCell.text = 'changed';
    const second = await loadDefaultPlan();
    expect(second).toEqual(doc);
  });
});

/**
 * The source as words a reader sees: tags and "**" markers removed, and the table header
 * repeated at each page break dropped (the first header of each table stays).
 */
function sourceWithoutMarkupAndRepeatedHeaders(source: string): string {
  const kept: string[] = [];
  let previousWasTableLine = false;
  for (const line of source.split('\n')) {
    if (line.trim() === '') continue;
    const isTableLine = line.includes('\t');
    const isRepeatedHeader = isTableLine && line.split('\t')[0]?.trim() === 'AMBITO' && previousWasTableLine;
    if (!isRepeatedHeader) kept.push(line);
    previousWasTableLine = isTableLine;
  }
  return kept.join('\n').replace(/<[^>]*>/g, ' ').replaceAll('**', ' ');
}

function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [word] of text.matchAll(/[\p{L}\p{N}]+/gu)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function decrement(counts: Map<string, number>, word: string): void {
  counts.set(word, (counts.get(word) ?? 0) - 1);
}

/** Words whose count differs, with how many more `actual` has (negative: lost words). */
function differenceOf(actual: Map<string, number>, expected: Map<string, number>): Record<string, number> {
  const difference: Record<string, number> = {};
  for (const word of new Set([...actual.keys(), ...expected.keys()])) {
    const delta = (actual.get(word) ?? 0) - (expected.get(word) ?? 0);
    if (delta !== 0) difference[word] = delta;
  }
  return difference;
}
