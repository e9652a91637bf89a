// The benchmark harness: builds what it needs, runs the Node and Chromium figures, prints and writes one table.
import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIndicatorFigures, runNodeFigures } from './node/node-figures.ts';
import { runGatherFigures } from './node/gather-figures.ts';
import { runBrowserFigures } from './browser/browser-figures.ts';
import { runSearchFigures } from './search/search-figures.ts';
import { runHistoryFigures } from './history/history-figures.ts';
import { runSyncFigures } from './sync/sync-figures.ts';
import { formatMarkdownTable, formatTextTable, type FigureRow } from './lib/report.ts';
import type { Variant } from './lib/fixtures.ts';

const ROOT = process.cwd();
const RESULTS_DIR = join(ROOT, 'bench', 'results');
const DOCS_FILE = join(ROOT, 'docs', 'PERFORMANCE.md');
const DOCS_START = '<!-- bench:results:start -->';
const DOCS_END = '<!-- bench:results:end -->';

export interface BenchConfig {
  quick: boolean;
  only: Set<string> | null;
  runs: number;
  warmups: number;
  nodeSizes: number[];
  variants: Variant[];
  /** Rows of the large area for the grid figures (B6–B8). */
  gridRows: number;
  log: (line: string) => void;
}

function parseArgs(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  const onlyArg = argv.find((arg) => arg.startsWith('--only='));
  const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',').map((s) => s.trim().toUpperCase())) : null;
  const started = Date.now();
  return {
    quick,
    only,
    runs: quick ? 3 : 7,
    warmups: quick ? 1 : 2,
    nodeSizes: quick ? [500, 10_000] : [500, 10_000, 50_000],
    variants: ['one-byte', 'two-byte'],
    gridRows: quick ? 10_000 : 50_000,
    log: (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
  };
}

export function wants(config: BenchConfig, id: string): boolean {
  return config.only === null || config.only.has(id);
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Builds the app when dist/ is missing or older than its sources. */
async function ensureAppBuild(config: BenchConfig, noBuild: boolean): Promise<void> {
  const built = (await stat(join(ROOT, 'dist', 'sw.js')).catch(() => null))?.mtimeMs ?? 0;
  const sources = Math.max(
    ...(await Promise.all(['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => newestMtime(join(ROOT, p))))),
  );
  if (built > 0 && (noBuild || built >= sources)) {
    config.log('app build: dist/ is up to date');
    return;
  }
  config.log('app build: vite build');
  run('vite', ['build', '--logLevel', 'warn']);
}

function run(bin: string, args: string[]): void {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status})`);
}

function machine(chromium: string | null): Record<string, string> {
  let cpu = 'unknown';
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' });
    cpu = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? cpu;
  } catch {
    // lscpu is missing on some systems; the CPU model is then unknown.
  }
  let nproc = String(availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // fall back to Node's count
  }
  return {
    date: new Date().toISOString(),
    nproc,
    cpu,
    node: process.version,
    chromium: chromium ?? 'not run',
    platform: `${process.platform} ${process.arch}`,
  };
}

async function writeResults(rows: FigureRow[], info: Record<string, string>, config: BenchConfig): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const machineLine = `${info.date} · nproc ${info.nproc} · ${info.cpu} · Node ${info.node} · Chromium ${info.chromium}`;
  const markdown = `Run: ${machineLine}${config.quick ? ' · --quick' : ''}\n\n${formatMarkdownTable(rows)}\n`;
  await writeFile(join(RESULTS_DIR, 'results.json'), JSON.stringify({ machine: info, quick: config.quick, rows }, null, 2));
  await writeFile(join(RESULTS_DIR, 'results.md'), markdown);
  // Only a full run replaces the committed summary.
  if (config.quick || config.only) return;
  const docs = await readFile(DOCS_FILE, 'utf8').catch(() => '');
  const start = docs.indexOf(DOCS_START);
  const end = docs.indexOf(DOCS_END);
  if (start === -1 || end === -1) return;
  const next = `${docs.slice(0, start + DOCS_START.length)}\n${markdown}${docs.slice(end)}`;
  await writeFile(DOCS_FILE, next);
  config.log('docs/PERFORMANCE.md: results section updated');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const config = parseArgs(argv);
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') config.log('warning: no --expose-gc, timings will carry GC noise');
  await ensureAppBuild(config, argv.includes('--no-build'));
  // A private copy of dist/: another build during the run (a colleague's `npm test`) cannot change what is measured.
  const distCopy = await mkdtemp(join(tmpdir(), 'quadro-bench-dist-'));
  await cp(join(ROOT, 'dist'), distCopy, { recursive: true });

  const rows: FigureRow[] = [];
  let chromium: string | null = null;
  try {
    if (wants(config, 'B1') || wants(config, 'B2') || wants(config, 'B9')) {
      config.log('Node figures: B1, B2, B9');
      const nodeRows = await runNodeFigures({
        sizes: wants(config, 'B1') || wants(config, 'B2') ? config.nodeSizes : [],
        variants: config.variants,
        runs: config.runs,
        warmups: config.warmups,
        distDir: distCopy,
        log: config.log,
      });
      rows.push(...nodeRows.filter((row) => wants(config, row.id.replace(/[a-z]+$/, ''))));
    }
    if (wants(config, 'B13')) {
      config.log('Node figures: B13 (indicators of the 2012 plan)');
      rows.push(...(await runIndicatorFigures({ runs: config.runs, warmups: config.warmups })));
    }
    if (wants(config, 'B14')) {
      config.log('Node figures: B14 (30 colleagues\' files gathered)');
      rows.push(...(await runGatherFigures({ runs: config.runs, warmups: config.warmups, log: config.log })));
    }
    if (wants(config, 'H1')) {
      config.log('Node figures: H1 (history of a cell on a 50,000-entry change log)');
      rows.push(...(await runHistoryFigures({ runs: config.runs, warmups: config.warmups, log: config.log })));
    }
    if (['Y1', 'Y2', 'Y3', 'Y4'].some((id) => wants(config, id))) {
      config.log('Sync figures: Y1–Y4 (pouchdb-server on this machine)');
      rows.push(...(await runSyncFigures({ runs: config.runs, quick: config.quick, wants: (id) => wants(config, id), log: config.log })));
    }
    if (wants(config, 'S1') || wants(config, 'S2') || wants(config, 'S3')) {
      config.log('Search figures: S1, S2, S3');
      const searchRows = await runSearchFigures({ rows: 10_000, variants: config.variants, repeats: config.quick ? 2 : 5, log: config.log });
      rows.push(...searchRows.filter((row) => wants(config, row.id.replace(/[a-z]+$/, ''))));
    }
    const browser = await runBrowserFigures(config, distCopy);
    chromium = browser.chromium;
    rows.push(...browser.rows);
  } finally {
    await rm(distCopy, { recursive: true, force: true });
  }

  const order = (row: FigureRow): number =>
    Number(/\d+/.exec(row.id)?.[0] ?? 99) + (row.id.startsWith('Y') ? 150 : row.id.startsWith('L') ? 100 : row.id.startsWith('S') ? 50 : 0);
  rows.sort((a, b) => order(a) - order(b));
  const info = machine(chromium);
  console.log(`\n${formatTextTable(rows)}\n`);
  console.log(`Machine: nproc ${info.nproc} · ${info.cpu} · Node ${info.node} · Chromium ${info.chromium} · ${info.date}`);
  await writeResults(rows, info, config);
  console.log(`Written: bench/results/results.json, bench/results/results.md`);
  const failed = rows.filter((row) => row.pass === false).map((row) => `${row.id} (${row.case})`);
  console.log(failed.length === 0 ? 'Every figure meets its target.' : `Over target: ${failed.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
