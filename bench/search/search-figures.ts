// Search figures (issue 11), in Node: S1 keystroke → grouped results with snippets on 10,000 rows against a plain
// `includes` scan in the same run; S2 index build; S3 re-indexing one edited cell. FlexSearch (shipped) and MiniSearch
// (the alternative) run behind the same TextEngine, so the library choice can be re-checked on any machine.
import { PlanSearchIndex } from '../../src/lib/search/plan-index.ts';
import { createFlexSearchEngine, type TextEngine } from '../../src/lib/search/engine.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { makePlanDocument, type Variant } from '../lib/fixtures.ts';
import { statsOf, type Stats } from '../lib/measure.ts';
import { formatCount, formatMs, formatRatio, type FigureRow } from '../lib/report.ts';
import { createMiniSearchEngine } from './minisearch-engine.ts';

export interface SearchBenchOptions {
  rows: number;
  variants: readonly Variant[];
  /** How many times the whole typing sequence is replayed (each keystroke is one sample). */
  repeats: number;
  log: (line: string) => void;
}

/** p95 of a keystroke → results, in ms (issue 11). */
const S1_P95_TARGET_MS = 50;
/** What a consultant types, one keystroke at a time: a word with and without its accent, two words, a prefix. */
const TYPED = ['attivita', 'tirocini voucher', 'regioni', 'centri per l'];
const EDITS = 50;

const settle = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/** Every prefix of every typed query: the queries the search runs while the user types. */
function keystrokes(): string[] {
  return TYPED.flatMap((query) => Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1))).filter((q) => q.trim());
}

function buildIndex(doc: PlanDocument, engine: () => TextEngine): { index: PlanSearchIndex; ms: number } {
  settle();
  const start = performance.now();
  const index = new PlanSearchIndex(engine());
  index.syncPlan(doc);
  return { index, ms: performance.now() - start };
}

function timeKeystrokes(run: (query: string) => number, repeats: number): { stats: Stats; sink: number } {
  const samples: number[] = [];
  let sink = 0;
  const queries = keystrokes();
  for (const query of queries) sink += run(query); // warm-up pass
  for (let r = 0; r < repeats; r++) {
    for (const query of queries) {
      const start = performance.now();
      sink += run(query);
      samples.push(performance.now() - start);
    }
  }
  return { stats: statsOf(samples), sink };
}

function p95Text(stats: Stats): string {
  return `p95 ${formatMs(stats.p95)} ms (median ${formatMs(stats.median)}, max ${formatMs(stats.max)})`;
}

/** One cell edited EDITS times, each re-indexed as the app does after a save. */
function timeEdits(index: PlanSearchIndex, rows: readonly Row[]): Stats {
  const samples: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const row = rows[(i * 97) % rows.length] as Row;
    const [columnId, cell] = Object.entries(row.cells)[2] as [string, Row['cells'][string]];
    const edited: Row = { ...row, cells: { ...row.cells, [columnId]: { ...cell, text: `${cell.text}\n• attività aggiunta ${i}` } } };
    const start = performance.now();
    index.upsertRow(edited);
    samples.push(performance.now() - start);
  }
  return statsOf(samples);
}

export async function runSearchFigures(options: SearchBenchOptions): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  for (const variant of options.variants) {
    const doc = makePlanDocument({ rows: options.rows, variant });
    const name = `${formatCount(options.rows)} rows · ${variant}`;
    const cells = doc.rows.flatMap((row) => Object.values(row.cells).map((cell) => cell.text));

    options.log(`S2 ${name}: building the FlexSearch and MiniSearch indexes`);
    settle();
    const heapBefore = process.memoryUsage().heapUsed;
    const flex = buildIndex(doc, createFlexSearchEngine);
    settle();
    const flexHeap = process.memoryUsage().heapUsed - heapBefore;
    const mini = buildIndex(doc, createMiniSearchEngine);
    settle();
    const miniHeap = process.memoryUsage().heapUsed - heapBefore - flexHeap;
    rows.push({
      id: 'S2',
      figure: 'search index build (every cell of the plan)',
      case: name,
      quadro: `FlexSearch ${formatMs(flex.ms)} ms`,
      baseline: `MiniSearch ${formatMs(mini.ms)} ms`,
      ratio: formatRatio(flex.ms / mini.ms),
      target: 'off the first screen',
      pass: null,
      note: `built in idle slices of 250 rows after the first screen, so it never delays it; heap grown by the index: FlexSearch ${(flexHeap / 1024 / 1024).toFixed(0)} MB, MiniSearch ${(miniHeap / 1024 / 1024).toFixed(0)} MB`,
      data: { flexMs: flex.ms, miniMs: mini.ms, flexHeap, miniHeap },
    });

    options.log(`S1 ${name}: ${keystrokes().length} keystrokes × ${options.repeats}`);
    // The baseline a plain app would write: lower-case every cell and look for the typed text, per keystroke.
    const scan = timeKeystrokes((query) => {
      const needle = query.toLowerCase();
      let found = 0;
      for (const text of cells) if (text.toLowerCase().includes(needle)) found++;
      return found;
    }, options.repeats);
    const search = (index: PlanSearchIndex) => (query: string) => index.search(query, { planId: doc.plan.id }).shown;
    const flexKeys = timeKeystrokes(search(flex.index), options.repeats);
    const miniKeys = timeKeystrokes(search(mini.index), options.repeats);
    rows.push({
      id: 'S1',
      figure: 'search keystroke → grouped results with snippets (FlexSearch, shipped)',
      case: name,
      quadro: p95Text(flexKeys.stats),
      baseline: `includes scan ${p95Text(scan.stats)}`,
      ratio: formatRatio(flexKeys.stats.p95 / scan.stats.p95),
      target: `p95 ≤ ${S1_P95_TARGET_MS} ms`,
      pass: flexKeys.stats.p95 <= S1_P95_TARGET_MS,
      note: 'the scan only lower-cases (no accents folded, no words, no ranking, no snippets): a speed reference, not the same answer',
      data: { flex: flexKeys.stats, scan: scan.stats },
    });
    rows.push({
      id: 'S1m',
      figure: 'search keystroke → grouped results with snippets (MiniSearch, not shipped)',
      case: name,
      quadro: p95Text(miniKeys.stats),
      baseline: `includes scan ${p95Text(scan.stats)}`,
      ratio: formatRatio(miniKeys.stats.p95 / scan.stats.p95),
      target: `p95 ≤ ${S1_P95_TARGET_MS} ms`,
      pass: null,
      note: 'the library not chosen, same words and prefix rules: kept to re-check the choice',
      data: { mini: miniKeys.stats, sink: scan.sink + flexKeys.sink + miniKeys.sink },
    });

    const edits = timeEdits(flex.index, doc.rows);
    rows.push({
      id: 'S3',
      figure: 'one edited cell re-indexed (FlexSearch)',
      case: name,
      quadro: p95Text(edits),
      baseline: '—',
      ratio: '—',
      target: 'info',
      pass: null,
      data: edits,
    });
    settle();
  }
  return rows;
}
