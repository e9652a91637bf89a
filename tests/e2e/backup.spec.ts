// Full backup: export in one browser profile, restore in an empty one (an iPad tab → the installed app), identical data;
// a corrupted file is refused and the database stays as it was.
import { readFile } from 'node:fs/promises';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { appReady, cell, dismissFirstStart, tapTarget } from './support/quadro-page.ts';

let server: StaticServer;

test.beforeAll(async () => {
  server = await startStaticServer('dist');
});

test.afterAll(async () => {
  await server.stop();
});

/** Every plan store, read with the plain IndexedDB API (no app code involved), sorted for comparison. */
function dumpDatabase(page: Page): Promise<Record<string, unknown[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('quadro');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const dump: Record<string, unknown[]> = {};
    for (const name of ['plans', 'areas', 'columns', 'rows', 'changeLog']) {
      dump[name] = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return dump;
  });
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await appReady(page);
  await dismissFirstStart(page);
  return page;
}

test('export everything → empty device → restore gives back identical data', async ({ browser }) => {
  const source = await freshPage(browser);
  await tapTarget(source, 0, 0).click();
  await source.keyboard.type('Da portare sull’app installata');
  await source.keyboard.press('Enter');
  await expect(source.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await source.getByTestId('storage-toggle').click();
  const downloading = source.waitForEvent('download');
  await source.getByTestId('backup-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^quadro-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const file = await readFile((await download.path())!);
  const expected = await dumpDatabase(source);
  expect(expected.changeLog!.length).toBeGreaterThan(0);

  const target = await freshPage(browser);
  await target.getByTestId('storage-toggle').click();
  await target.getByTestId('backup-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file });
  const summary = target.getByTestId('backup-summary');
  await expect(summary).toContainText('Piano operativo');
  // One edit, said in the singular.
  await expect(summary).toContainText('1 modifica nella cronologia');
  const reloaded = target.waitForEvent('load');
  await target.getByTestId('backup-replace').click();
  await reloaded;
  await appReady(target);
  await expect(cell(target, 0, 0)).toHaveText('Da portare sull’app installata');
  expect(await dumpDatabase(target)).toEqual(expected);

  await source.context().close();
  await target.context().close();
});

test('a corrupted backup is refused with a clear message and the database is unchanged', async ({ browser }) => {
  const page = await freshPage(browser);
  const before = await dumpDatabase(page);
  await page.getByTestId('storage-toggle').click();
  const damaged = Buffer.from('{"format":"quadro-backup","formatVersion":2,"plans":[{"id":"p1","na');
  await page.getByTestId('backup-file').setInputFiles({ name: 'quadro-backup-rotto.json', mimeType: 'application/json', buffer: damaged });
  await expect(page.getByTestId('backup-error')).toContainText('Non è stato modificato nulla');
  await expect(page.getByTestId('backup-summary')).toBeHidden();

  const foreign = Buffer.from(JSON.stringify({ rows: [{ id: 'x' }] }));
  await page.getByTestId('backup-file').setInputFiles({ name: 'altro.json', mimeType: 'application/json', buffer: foreign });
  await expect(page.getByTestId('backup-error')).toContainText('non è un backup di Quadro');
  expect(await dumpDatabase(page)).toEqual(before);
  await page.context().close();
});

test('when the database is gone but the device was used before, the start says so and offers the restore', async ({ browser }) => {
  const page = await freshPage(browser);
  // The marker of earlier use is set once the device holds a plan.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('quadro.hadData'))).not.toBeNull();
  await expect(page.getByTestId('data-lost')).toHaveCount(0);
  // The browser evicts IndexedDB alone (localStorage survives), as under storage pressure.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: server.url, storageTypes: 'indexeddb' });
  await page.reload();
  const warning = page.getByTestId('data-lost');
  await expect(warning).toContainText('I dati salvati su questo dispositivo non ci sono più');
  await warning.getByRole('button', { name: 'Ripristina' }).click();
  await expect(page.getByTestId('backup-panel')).toBeVisible();
  await page.context().close();
});
