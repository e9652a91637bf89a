// Issue 25: the first start writes the first area's rows before the grid and the other areas' after it. A user who
// switches area at once, or whose first visit ended before the rest came, still gets the whole 2012 plan.
import { readFileSync } from 'node:fs';
import type { Route } from '@playwright/test';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { test, expect } from './support/server-fixture.ts';
import { storedCellTexts } from './support/quadro-page.ts';

const SEED = JSON.parse(readFileSync(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
const REST_CHUNK = /\/assets\/plan-2012-rest-[\w-]+\.js$/;
const PROJECTS = 'ALTRI PROGETTI ATTIVI NEL 2012';
const SEED_TEXTS = SEED.rows.flatMap((row) => Object.values(row.cells).map((cell) => cell.text)).sort();

// The page fetches the chunks itself: the service worker (tested in offline.spec.ts) would answer them out of sight.
test.use({ serviceWorkers: 'block' });

test('a switch to another area right after the first screen waits for its rows, then shows them all', async ({ quadro, server, page }) => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let asked = false;
  await page.route(REST_CHUNK, async (route: Route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await quadro.open(server.url);
  await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');

  await quadro.areaTab(PROJECTS).click();
  await expect.poll(() => asked).toBe(true);
  // While the rows are on their way, the first area stays on screen: never the projects' title over its rows.
  await expect(quadro.areaTab('AREA IMMIGRAZIONE')).toHaveAttribute('aria-selected', 'true');
  await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
  release();

  await expect(quadro.areaTab(PROJECTS)).toHaveAttribute('aria-selected', 'true');
  await expect(quadro.cell(0, 0)).toHaveText('SUPPORTI TECNICO INFORMATIVI AL PON');
  await expect(quadro.rowCount()).toContainText('12');
  expect((await storedCellTexts(page)).sort()).toEqual(SEED_TEXTS);
});

test('the rows come after the grid on their own, and are not fetched before it', async ({ quadro, server, page }) => {
  // When the grid's first cell became visible, and when each script's request started, on the page's own clock.
  await page.addInitScript(() => {
    const w = window as unknown as { gridAt: number | null };
    w.gridAt = null;
    const look = (): void => {
      const cell = document.querySelector('.ht_master tbody td');
      if (cell && cell.getBoundingClientRect().height > 0) w.gridAt = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await quadro.open(server.url);
  await expect.poll(async () => (await storedCellTexts(page)).length, { timeout: 15_000 }).toBe(SEED_TEXTS.length);
  expect((await storedCellTexts(page)).sort()).toEqual(SEED_TEXTS);
  const { gridAt, starts } = await page.evaluate(() => ({
    gridAt: (window as unknown as { gridAt: number | null }).gridAt,
    starts: performance.getEntriesByType('resource').map((entry) => ({ name: entry.name, at: entry.startTime })),
  }));
  expect(gridAt).not.toBeNull();
  const head = starts.find((entry) => /plan-2012-first-/.test(entry.name));
  const rest = starts.find((entry) => REST_CHUNK.test(entry.name));
  expect(head && head.at < (gridAt as number)).toBe(true);
  expect(rest && rest.at > (gridAt as number)).toBe(true);
});

test('a first visit that ended before the other areas came is completed at the next start', async ({ quadro, server, page }) => {
  await page.route(REST_CHUNK, (route) => route.abort('internetdisconnected'));
  await quadro.open(server.url);
  await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
  // Give the deferred write its idle moment: it fails, and only the first area's rows are on the device.
  await page.waitForTimeout(1_500);
  const firstArea = SEED.rows.filter((row) => row.areaId === SEED.areas[0]!.id).flatMap((row) => Object.values(row.cells).map((cell) => cell.text));
  expect((await storedCellTexts(page)).sort()).toEqual(firstArea.sort());

  await page.unroute(REST_CHUNK);
  await page.reload();
  await quadro.ready();
  await quadro.areaTab(PROJECTS).click();
  await expect(quadro.cell(0, 0)).toHaveText('SUPPORTI TECNICO INFORMATIVI AL PON');
  expect((await storedCellTexts(page)).sort()).toEqual(SEED_TEXTS);
});
