// A backup with a hole: the panel names the first problem in words, restores the rest only after an explicit confirmation.
import { readFile } from 'node:fs/promises';
import { test, expect } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { appReady } from './support/quadro-page.ts';

let server: StaticServer;
test.beforeAll(async () => {
  server = await startStaticServer('dist');
});
test.afterAll(async () => {
  await server.stop();
});

test('a backup whose row points to a missing area: named, then "everything else" restored only once confirmed', async ({ browser }, testInfo) => {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'it-IT', viewport: { width: 1180, height: 820 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('storage-toggle').click();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('backup-export').click();
  const backup = JSON.parse(await readFile((await (await downloading).path())!, 'utf8')) as { rows: { areaId: string }[] };
  backup.rows[0]!.areaId = 'area-che-non-esiste';

  await page.getByTestId('backup-file').setInputFiles({ name: 'backup-bucato.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(backup)) });
  const problems = page.getByTestId('backup-problems');
  await expect(problems).toContainText(/Il backup ha dati che non tornano: C’è la riga «[^»]+» in un’area che non c’è\./);
  await expect(problems).toContainText('in un’area che non c’è');
  await expect(page.getByTestId('backup-replace')).toBeDisabled();
  await expect(page.getByTestId('backup-add')).toBeDisabled();
  await page.screenshot({ path: testInfo.outputPath('backup-problems.png') });

  await page.getByTestId('backup-confirm').check();
  const reloaded = page.waitForEvent('load');
  await page.getByTestId('backup-replace').click();
  await reloaded;
  await appReady(page);
  await context.close();
});

test('a backup with no plan says so', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  await page.goto(server.url);
  await appReady(page);
  await page.getByTestId('storage-toggle').click();
  const empty = { format: 'quadro-backup', formatVersion: 2, exportedAt: '2026-11-26T09:00:00.000Z', appVersion: 't', plans: [], areas: [], columns: [], rows: [], changeLog: [] };
  await page.getByTestId('backup-file').setInputFiles({ name: 'vuoto.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(empty)) });
  await expect(page.getByTestId('backup-warning')).toHaveText('Il backup non contiene nessun piano.');
  await context.close();
});
