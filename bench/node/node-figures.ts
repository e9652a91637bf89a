// Node figures: B1 parse and B2 serialize against papaparse in the same process, B9 the shipped bytes in dist/.
import Papa from 'papaparse';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildImportPreview,
  matchCsvToPlan,
  parseCsvText,
  resolveImport,
  serializePlanCsv,
  formatLastChanged,
  ID_HEADER,
  LAST_CHANGED_HEADER,
} from '../../src/lib/csv/index.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { measureStaticFirstVisit } from '../../scripts/first-visit-size.ts';
import { judgeSize, type SizeBudget } from '../../scripts/check-size.ts';
import { makePlanDocument, toTable, type Variant } from '../lib/fixtures.ts';
import { compare, sample, type CompareOptions } from '../lib/measure.ts';
import { formatCount, formatStats, ratioRow, type FigureRow } from '../lib/report.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

export interface NodeBenchOptions {
  sizes: readonly number[];
  variants: readonly Variant[];
  runs: number;
  warmups: number;
  distDir: string;
  log: (line: string) => void;
}

const B1_TARGET = 1.1;
/** Issue 14: the whole pure import path (match, three-way merge, every cell's base hash) within 4× Papa's parse. */
const B1M_TARGET = 4;
const B2_TARGET = 1.15;
const PRECACHE_MAX_BYTES = 2 * 1024 * 1024;
/** parseCsvText refuses longer texts (src/lib/csv/format.ts MAX_FILE_BYTES). */
const MAX_PARSE_CHARS = 40 * 1024 * 1024;

const settle = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

function caseName(rows: number, variant: Variant): string {
  return `${formatCount(rows)} rows · ${variant}`;
}

/** The whole import path after parsing, into an empty area: Row records ready to store. */
function parseIntoRows(csv: string, target: PlanDocument): number {
  const parsed = parseCsvText(csv);
  if (!parsed.ok) throw new Error(`parseCsvText: ${(parsed.errors[0] && describeProblem(parsed.errors[0], 'en')) ?? 'failed'}`);
  const matched = matchCsvToPlan(parsed.value, target, { areaId: 'area-bench' });
  if (!matched.ok) throw new Error('matchCsvToPlan failed');
  const preview = buildImportPreview(matched.value, target, { fileName: 'bench.csv' });
  let n = 0;
  const changes = resolveImport(preview, { conflicts: {} }, {
    now: '2026-03-02T10:00:00.000Z',
    importer: 'Bench',
    fileName: 'bench.csv',
    newId: () => `new-${n++}`,
  });
  return changes.rowsToPut.length;
}

export async function runNodeFigures(options: NodeBenchOptions): Promise<FigureRow[]> {
  const rows: FigureRow[] = [];
  const measure: CompareOptions = { runs: options.runs, warmups: options.warmups, settle };

  for (const size of options.sizes) {
    for (const variant of options.variants) {
      const doc = makePlanDocument({ rows: size, variant });
      const target = makePlanDocument({ rows: 0, variant, emptyArea: true });
      const csv = serializePlanCsv(doc, { kind: 'area', areaId: 'area-bench' }, { delimiter: ';' });
      const name = caseName(size, variant);
      options.log(`B1/B2 ${name}: ${(csv.length / 1e6).toFixed(1)} M chars`);

      // B2: the same rows Papa gets: the six cells, the ID and the "Ultima modifica" text.
      const table = [
        [...doc.columns.map((column) => column.title), ID_HEADER, LAST_CHANGED_HEADER],
        ...toTable(doc).map((cells, r) => [...cells, (doc.rows[r] as PlanDocument['rows'][number]).id, formatLastChanged(doc.rows[r] as PlanDocument['rows'][number])]),
      ];
      let sink = 0;
      const b2 = await compare(
        () => {
          sink += Papa.unparse(table, { delimiter: ';', newline: '\r\n' }).length;
        },
        () => {
          sink += serializePlanCsv(doc, { kind: 'area', areaId: 'area-bench' }, { delimiter: ';' }).length;
        },
        measure,
      );
      rows.push(ratioRow('B2', 'serialize a plan to CSV', name, b2, B2_TARGET));

      if (csv.length > MAX_PARSE_CHARS) {
        rows.push({
          id: 'B1',
          figure: 'parse CSV → checked table',
          case: name,
          quadro: 'refused',
          baseline: '—',
          ratio: '—',
          target: `≤ ${B1_TARGET.toFixed(2)}×`,
          pass: null,
          note: `${(csv.length / 1024 / 1024).toFixed(0)} MiB of text is over the import limit (MAX_FILE_BYTES = 40 MiB), so Quadro refuses it by design.`,
        });
        continue;
      }
      const papaOptions = { delimiter: ';', header: false, dynamicTyping: false, skipEmptyLines: false } as const;
      const b1 = await compare(
        () => {
          sink += Papa.parse<string[]>(csv, papaOptions).data.length;
        },
        () => {
          const parsed = parseCsvText(csv);
          sink += parsed.ok ? parsed.value.records.length : 0;
        },
        measure,
      );
      rows.push(ratioRow('B1', 'parse CSV → checked table', name, b1, B1_TARGET));
      const b1m = await compare(
        () => {
          sink += Papa.parse<string[]>(csv, papaOptions).data.length;
        },
        () => {
          sink += parseIntoRows(csv, target);
        },
        measure,
      );
      rows.push(
        ratioRow('B1m', 'parse CSV → Row records (+match, preview, resolve)', name, b1m, B1M_TARGET, {
          note: 'the whole pure import path into an empty area, against Papa.parse alone',
        }),
      );
      if (sink < 0) options.log(String(sink)); // keeps the results alive, so nothing is optimized away
      settle();
    }
  }
  rows.push(...(await measureShippedBytes(options.distDir)));
  return rows;
}

/**
 * B9s: the first visit's JavaScript counted from dist/ without a browser (the page's module graph plus the
 * grid's and the seeded plan's chunks, scripts/first-visit-size.ts) — what `npm test`'s size check reads;
 * B9 itself is what Chromium fetches (bench/browser/first-visit.ts). B9p: the size of every precached file.
 */
export async function measureShippedBytes(distDir: string): Promise<FigureRow[]> {
  const { files, raw, gzip } = await measureStaticFirstVisit(distDir);
  const budget = JSON.parse(await readFile(new URL('../budget.json', import.meta.url), 'utf8')) as SizeBudget;
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const rows: FigureRow[] = [
    {
      id: 'B9s',
      figure: 'first-visit JavaScript, static count (the gate of npm test)',
      case: `${files.length} files`,
      quadro: `${kb(gzip)} (${kb(raw)} raw)`,
      baseline: '—',
      ratio: '—',
      target: `≤ budget ${kb(budget.firstVisitGzipBytes)} + ${kb(budget.toleranceBytes)}`,
      pass: judgeSize(gzip, budget) === null,
      note: files.map((f) => `${f.file} ${kb(f.gzip)}`).join(', '),
      data: files,
    },
  ];

  const sw = await readFile(join(distDir, 'sw.js'), 'utf8');
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] as string);
  let largest = { file: '', size: 0 };
  for (const file of precached) {
    const size = (await stat(join(distDir, file))).size;
    if (size > largest.size) largest = { file, size };
  }
  rows.push({
    id: 'B9p',
    figure: 'largest precached file',
    case: `${precached.length} files`,
    quadro: `${kb(largest.size)} (${largest.file})`,
    baseline: '—',
    ratio: '—',
    target: '< 2048.0 KB each',
    pass: largest.size < PRECACHE_MAX_BYTES,
    data: { precached: precached.length, largest },
  });
  return rows;
}

/** B13 (issue 13): extraction target for the whole bundled plan, in milliseconds. */
const B13_MAX_MS = 50;

/**
 * B13: the indicators of the whole 2012 plan — every cell's quantities extracted, then the
 * planned↔achieved pairs proposed — timed alone (no baseline: there is no library doing this).
 */
export async function runIndicatorFigures(options: { runs: number; warmups: number }): Promise<FigureRow[]> {
  const { extractPlanQuantities, proposePairs } = await import('../../src/lib/indicators/index.ts');
  const doc = JSON.parse(await readFile(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
  let found = 0;
  const extraction = await sample(() => {
    found = extractPlanQuantities(doc).length;
  }, { runs: Math.max(options.runs, 15), warmups: options.warmups, settle });
  let pairs = 0;
  const pairing = await sample(() => {
    pairs = proposePairs(doc).length;
  }, { runs: Math.max(options.runs, 15), warmups: options.warmups, settle });
  const chars = doc.rows.reduce((sum, row) => sum + Object.values(row.cells).reduce((s, cell) => s + cell.text.length, 0), 0);
  const caseName = `2012 plan · ${doc.rows.length} rows · ${formatCount(chars)} chars`;
  return [
    {
      id: 'B13',
      figure: 'indicators: extract every quantity of the plan',
      case: caseName,
      quadro: formatStats(extraction),
      baseline: '—',
      ratio: '—',
      target: `< ${B13_MAX_MS} ms`,
      pass: extraction.median < B13_MAX_MS,
      note: `${found} quantities`,
      data: extraction,
    },
    {
      id: 'B13p',
      figure: 'indicators: extract and propose planned↔achieved pairs',
      case: caseName,
      quadro: formatStats(pairing),
      baseline: '—',
      ratio: '—',
      target: `< ${B13_MAX_MS} ms`,
      pass: pairing.median < B13_MAX_MS,
      note: `${pairs} indicators`,
      data: pairing,
    },
  ];
}
