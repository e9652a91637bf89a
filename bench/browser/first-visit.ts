// B9 (issue 25): the JavaScript a first visit really fetches before its grid shows, from Chromium's network log.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../../tests/e2e/support/static-server.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/e2e/support/chromium.ts';

export interface FetchedFile {
  file: string;
  raw: number;
  gzip: number;
}

export interface FirstVisit {
  /** Scripts whose request started before the first grid cell was visible, in request order. */
  before: FetchedFile[];
  /** Scripts fetched after it, within `settleMs` (deferred to idle time). */
  after: FetchedFile[];
  gzip: number;
  raw: number;
  chromium: string | null;
}

/**
 * Records the grid's first visible cell as wall-clock epoch milliseconds (performance.timeOrigin +
 * now), comparable with Playwright's request start times. Plain JavaScript, as in READY_PROBE.
 */
const GRID_PROBE = `
  window.__firstVisit = { gridAt: null };
  function checkGrid() {
    var cell = document.querySelector('[data-testid="matrix-grid"] .ht_master tbody td');
    if (cell && cell.getBoundingClientRect().height > 0) window.__firstVisit.gridAt = performance.timeOrigin + performance.now();
    else requestAnimationFrame(checkGrid);
  }
  requestAnimationFrame(checkGrid);
`;

/**
 * A fresh Chromium profile, service workers blocked (a first visit has none yet), the production build
 * on a static server: every .js response is listed with its gzip (level 6) size, split at the moment
 * the first grid cell is visible. Sizes are of the files in `distDir`, so the server's own encoding
 * does not matter.
 */
export async function measureFirstVisit(distDir: string, settleMs = 3000): Promise<FirstVisit> {
  const server = await startStaticServer(distDir);
  const dir = await mkdtemp(join(tmpdir(), 'quadro-bench-first-visit-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'it-IT',
    serviceWorkers: 'block',
  });
  try {
    await context.addInitScript({ content: GRID_PROBE });
    const page = context.pages()[0] ?? (await context.newPage());
    const requests: { path: string; startedAt: number }[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.endsWith('.js') || url.origin !== server.url) return;
      requests.push({ path: url.pathname.replace(/^\//, ''), startedAt: Number.NaN });
      const entry = requests[requests.length - 1] as { path: string; startedAt: number };
      // Playwright's timing is known once the response arrives; the start time is epoch milliseconds.
      void request.response().then(() => (entry.startedAt = request.timing().startTime));
    });
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (window as unknown as { __firstVisit: { gridAt: number | null } }).__firstVisit.gridAt !== null, null, { timeout: 60_000 });
    const gridAt = await page.evaluate(() => (window as unknown as { __firstVisit: { gridAt: number } }).__firstVisit.gridAt);
    await page.waitForTimeout(settleMs);
    const sized = async (path: string): Promise<FetchedFile> => {
      const bytes = await readFile(join(distDir, path));
      return { file: path, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length };
    };
    const before: FetchedFile[] = [];
    const after: FetchedFile[] = [];
    const seen = new Set<string>();
    for (const request of requests) {
      if (seen.has(request.path)) continue;
      seen.add(request.path);
      if (!Number.isFinite(request.startedAt)) throw new Error(`B9: no response for ${request.path}`);
      (request.startedAt <= gridAt ? before : after).push(await sized(request.path));
    }
    return {
      before,
      after,
      gzip: before.reduce((sum, f) => sum + f.gzip, 0),
      raw: before.reduce((sum, f) => sum + f.raw, 0),
      chromium: context.browser()?.version() ?? null,
    };
  } finally {
    await context.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/browser/first-visit.ts [dist]`: the list alone, without the rest of the bench.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureFirstVisit(process.argv[2] ?? 'dist');
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  console.log(`before the grid: ${kb(result.gzip)} gz (${kb(result.raw)} raw), ${result.before.length} files`);
  for (const f of [...result.before].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.file.padEnd(48)} ${kb(f.gzip)}`);
  console.log(`after the grid (idle or first use, within 3 s): ${result.after.length} files`);
  for (const f of [...result.after].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${f.file.padEnd(48)} ${kb(f.gzip)}`);
}
