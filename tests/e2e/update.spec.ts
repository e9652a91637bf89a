// An app update waits for consent, then saves every edit before the new worker takes over: no edit is lost.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { appReady, cell, dismissFirstStart, tapTarget } from './support/quadro-page.ts';

const NEXT_VERSION = 'e2e-next';
let nextDir: string;
let server: StaticServer;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  // The second version, built once: same code, another __APP_VERSION__, so another bundle and worker.
  nextDir = mkdtempSync(join(tmpdir(), 'quadro-next-'));
  execFileSync('npx', ['vite', 'build', '--outDir', nextDir, '--emptyOutDir', '--logLevel', 'error'], {
    env: { ...process.env, QUADRO_APP_VERSION: NEXT_VERSION },
    stdio: 'inherit',
  });
});

test.afterAll(() => {
  rmSync(nextDir, { recursive: true, force: true });
});

test.beforeEach(async () => {
  server = await startStaticServer('dist');
});

test.afterEach(async () => {
  await server.stop();
});

function bundleUrl(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src ?? '');
}

test('a new version waits for "Aggiorna", and an edit typed before consenting is kept after the reload', async ({ page }) => {
  await page.goto(server.url);
  await appReady(page);
  await expect(page.getByTestId('offline-ready')).toBeVisible();
  await dismissFirstStart(page);
  // From the second load on, the page is controlled by the first version's worker.
  await page.reload();
  await appReady(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  const oldBundle = await bundleUrl(page);

  server.serve(nextDir);
  // Coming back to the app checks for an update.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const prompt = page.getByTestId('update-prompt');
  await expect(prompt).toContainText('Nuova versione disponibile');
  await expect(prompt.getByRole('button', { name: 'Aggiorna' })).toBeVisible();
  // Never an automatic reload: the page still runs the old version.
  expect(await bundleUrl(page)).toBe(oldBundle);

  // One edit committed just now (its write may still be in flight), one still open in the cell editor.
  // Short cells (the ambito): typing edits them in the cell.
  await tapTarget(page, 0, 0).click();
  await page.keyboard.type('Salvato prima dell’aggiornamento');
  await page.keyboard.press('Enter');
  await tapTarget(page, 1, 0).click();
  await page.keyboard.type('Ancora nell’editor');

  const reloaded = page.waitForEvent('load');
  await prompt.getByRole('button', { name: 'Aggiorna' }).click();
  await reloaded;
  await appReady(page);

  expect(await bundleUrl(page)).not.toBe(oldBundle);
  await expect(page.getByTestId('update-prompt')).toBeHidden();
  await expect(cell(page, 0, 0)).toHaveText('Salvato prima dell’aggiornamento');
  await expect(cell(page, 1, 0)).toHaveText('Ancora nell’editor');
  await page.getByTestId('storage-toggle').click();
  await expect(page.getByTestId('app-version')).toContainText(NEXT_VERSION);
});
