// Benchmark fixtures: deterministic (seeded) Italian plan text, multi-line cells with bullets, ~1.9 KB per row.
import type { Area, Column, Plan, PlanDocument, Row } from '../../src/lib/model/types.ts';

/** Row counts the issue asks for. */
export const SIZES = [500, 10_000, 50_000] as const;
export const COLUMN_COUNT = 6;
/** Target UTF-16 length of one row's six cells together (the plan's rows average about this). */
export const ROW_CHARS = 1900;

export type Variant = 'one-byte' | 'two-byte';

const COLUMN_TITLES = [
  'AMBITO',
  'Obiettivi operativi',
  'Azioni previste',
  'Risultati previsti al 2012',
  'Indicatori di risultato',
  'Soggetti coinvolti e risorse',
];

// Vocabulary of the real plan (labour-market services of an Italian region): Latin-1 only, so one-byte strings.
const WORDS = (
  'servizi per il lavoro centri per l’impiego orientamento formazione professionale tirocini inserimento lavorativo ' +
  'disoccupati di lunga durata giovani donne immigrati persone con disabilità categorie protette collocamento mirato ' +
  'politiche attive sostegno al reddito patto di servizio colloquio individuale bilancio delle competenze ' +
  'rete territoriale enti locali imprese associazioni di categoria sindacati scuole università agenzie per il lavoro ' +
  'monitoraggio trimestrale rendicontazione risorse del fondo sociale europeo programmazione regionale ' +
  'attività di accoglienza sportello informativo mediazione culturale corsi di lingua italiana certificazione ' +
  'qualità del servizio tempi di attesa presa in carico percorso personalizzato obiettivo raggiunto entro dicembre ' +
  'aumento del numero di utenti riduzione della durata della disoccupazione partecipazione ai corsi ' +
  'convenzioni con i comuni protocollo d’intesa con la provincia banca dati delle offerte incontro domanda offerta ' +
  'analisi dei fabbisogni formativi aggiornamento degli operatori sistema informativo lavoro comunicazioni obbligatorie ' +
  'è già stato avviato sarà completato nel secondo semestre più efficace perché può garantire continuità'
)
  .replace(/’/g, "'")
  .split(' ');

/** Bullets as users type them; the one-byte variant keeps to Latin-1 (• and – are two-byte in V8). */
const ONE_BYTE_BULLETS = ['- ', '· ', '* '];
const TWO_BYTE_BULLETS = ['- ', '• ', '– ', '· '];

/** mulberry32: a tiny seeded generator, the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number, twoByte: boolean): string {
  const length = 6 + Math.floor(random() * 10);
  const words: string[] = [];
  for (let i = 0; i < length; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
  let text = words.join(' ');
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (twoByte && random() < 0.5) {
    // Typographic quotes and apostrophes, as Word and the iPad keyboard write them.
    const at = text.indexOf(' ', 8);
    text = at > 0 ? `${text.slice(0, at)} “${text.slice(at + 1)}”` : `“${text}”`;
    text = text.replace(/ l'/g, ' l’').replace(/d'/g, 'd’');
    if (!text.includes('’')) text += ' dell’ente';
  }
  return `${text}.`;
}

/** One cell: a heading line, then a few bullet lines (about `chars` characters). */
export function cellTextOf(random: () => number, chars: number, twoByte: boolean): string {
  const lines: string[] = [sentence(random, twoByte)];
  let length = (lines[0] as string).length;
  const bullets = twoByte ? TWO_BYTE_BULLETS : ONE_BYTE_BULLETS;
  const bullet = bullets[Math.floor(random() * bullets.length)] as string;
  // Stop before the line that would overshoot by more than half a line: rows stay near ROW_CHARS.
  while (length + 45 < chars) {
    const line = bullet + sentence(random, twoByte);
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

export interface FixtureOptions {
  rows: number;
  variant: Variant;
  seed?: number;
  /** Make the area without rows (the target of an import of the same rows). */
  emptyArea?: boolean;
}

const AT = '2026-03-02T09:30:00.000Z';
const BY = 'Maria Rossi';

/** A plan with one area of `rows` rows × 6 columns, the same for the same options. */
export function makePlanDocument(options: FixtureOptions): PlanDocument {
  const random = seededRandom(options.seed ?? 20_120_101 + (options.variant === 'two-byte' ? 1 : 0));
  const twoByte = options.variant === 'two-byte';
  const plan: Plan = { id: 'plan-bench', name: 'Piano operativo 2012 (benchmark)', origin: 'user', createdAt: AT, updatedAt: AT };
  const area: Area = { id: 'area-bench', planId: plan.id, title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 };
  const columns: Column[] = COLUMN_TITLES.map((title, i) => ({
    id: `col-${i + 1}`,
    areaId: area.id,
    planId: plan.id,
    title,
    order: i + 1,
  }));
  const rows: Row[] = [];
  if (!options.emptyArea) {
    // The first column (AMBITO) is short, the others share the rest of the row's characters.
    const perCell = Math.round((ROW_CHARS - 80) / (COLUMN_COUNT - 1));
    for (let r = 0; r < options.rows; r++) {
      const cells: Row['cells'] = {};
      columns.forEach((column, c) => {
        const chars = c === 0 ? 60 : perCell - 30 + Math.floor(random() * 60);
        cells[column.id] = { text: cellTextOf(random, chars, twoByte), changedAt: AT, changedBy: BY };
      });
      rows.push({ id: `row-${String(r + 1).padStart(6, '0')}`, areaId: area.id, planId: plan.id, order: r + 1, cells });
    }
  }
  return { plan, areas: [area], columns, rows };
}

/** The rows as plain string arrays, in column order: what Papa.unparse and a bare grid get. */
export function toTable(doc: PlanDocument): string[][] {
  const columnIds = doc.columns.map((column) => column.id);
  return doc.rows.map((row) => columnIds.map((id) => row.cells[id]?.text ?? ''));
}

/** Average UTF-16 characters per row, to check the fixture is the size it claims. */
export function charsPerRow(doc: PlanDocument): number {
  let total = 0;
  for (const row of doc.rows) for (const cell of Object.values(row.cells)) total += cell.text.length;
  return doc.rows.length === 0 ? 0 : total / doc.rows.length;
}
