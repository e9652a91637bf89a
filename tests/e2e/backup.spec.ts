// Full backup: export in one browser profile, restore in an empty one (an iPad tab → the installed app), identical data;
// a corrupted file is refused and the database stays as it was.
import { readFile } from 'node:fs/promises';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { appReady, cell, dismissFirstStart, QuadroPage, tapTarget } from './support/quadro-page.ts';

let server: StaticServer;

test.beforeAll(async () => {
  server = await startStaticServer('dist');
});

test.afterAll(async () => {
  await server.stop();
});

/** Every store, read with the plain IndexedDB API (no app code involved), sorted for comparison. */
function dumpDatabase(page: Page, stores = ['plans', 'areas', 'columns', 'rows', 'changeLog', 'indicators', 'drafts', 'settings']): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (names) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('quadro');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const dump: Record<string, unknown[]> = {};
    for (const name of names) {
      dump[name] = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return dump;
  }, stores);
}

/** What a person could tell apart: every store, without the one marker of this device's own first start. */
async function deviceAsAPersonSeesIt(page: Page): Promise<Record<string, unknown[]>> {
  const dump = await dumpDatabase(page);
  return { ...dump, settings: (dump['settings'] as { key: string }[]).filter((setting) => setting.key !== 'seededDefaultPlan') };
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await appReady(page);
  await dismissFirstStart(page);
  return page;
}

/** The draft of a large editor left by a reload is offered back: "later" keeps it as it is. */
async function keepDraftForLater(page: Page): Promise<void> {
  const dialog = page.getByTestId('ask-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('ask-cancel').click();
  await expect(dialog).toBeHidden();
}

test('export everything → another device → "Sostituisci tutto" gives a device a person cannot tell from the first, store by store, and undo works alike', async ({ browser }) => {
  const source = await freshPage(browser);
  const quadro = new QuadroPage(source);
  await tapTarget(source, 0, 0).click();
  await source.keyboard.type('Da portare sull’app installata');
  await source.keyboard.press('Enter');
  await expect(source.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  // The settings that travel: the name changes are signed with, the text size, tall rows.
  await source.getByTestId('top-more').click();
  await source.getByRole('menuitem', { name: /^Firma:/ }).click();
  await quadro.answer('Anna Bianchi');
  await source.getByTestId('area-more').click();
  await source.getByTestId('text-larger').click();
  await source.keyboard.press('Escape');
  await source.getByTestId('area-more').click();
  await source.getByTestId('collapse-tall').click();
  // An indicator confirmed.
  await source.getByTestId('top-more').click();
  await source.getByTestId('open-indicators').click();
  const dashboard = source.getByTestId('indicators-dashboard');
  const proposed = dashboard.getByTestId('indicator-row').filter({ has: source.getByRole('button', { name: 'Conferma' }) }).first();
  await proposed.getByRole('button', { name: 'Conferma' }).click();
  await expect(dashboard.locator('[data-state="confirmed"]').first()).toBeVisible();
  await dashboard.getByTestId('close-indicators').click();
  // A text left in the large editor by a reload: kept as a draft, offered back later.
  await quadro.goToCell(1, 1);
  await source.getByTestId('edit-cell').click();
  await source.getByTestId('cell-editor-text').fill('Testo lasciato a metà');
  await expect.poll(async () => (await dumpDatabase(source, ['drafts']))['drafts']!.length).toBe(1);
  await source.reload();
  await appReady(source);
  await keepDraftForLater(source);

  await source.getByTestId('storage-toggle').click();
  const downloading = source.waitForEvent('download');
  await source.getByTestId('backup-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^quadro-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
  const file = await readFile((await download.path())!);
  await expect(source.getByTestId('backup-message')).toBeVisible();
  const expected = await deviceAsAPersonSeesIt(source);
  expect(expected['changeLog']!.length).toBeGreaterThan(0);
  expect(expected['indicators']).toHaveLength(1);
  expect(expected['drafts']).toHaveLength(1);
  expect((expected['settings'] as { key: string }[]).map((s) => s.key).sort()).toEqual(
    expect.arrayContaining(['author', 'collapseTallRows', 'lastBackupAt', 'lastBackupSeq', 'textScale']),
  );

  const target = await freshPage(browser);
  await target.getByTestId('storage-toggle').click();
  await target.getByTestId('backup-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file });
  const summary = target.getByTestId('backup-summary');
  await expect(summary).toContainText('Piano operativo');
  await expect(summary.getByTestId('backup-stores')).toContainText('1 decisione sugli indicatori');
  await expect(summary.getByTestId('backup-stores')).toContainText('Anna Bianchi');
  const reloaded = target.waitForEvent('load');
  await target.getByTestId('backup-replace').click();
  await reloaded;
  await appReady(target);
  await keepDraftForLater(target);
  await expect(cell(target, 0, 0)).toHaveText('Da portare sull’app installata');
  await expect(target.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  expect(await deviceAsAPersonSeesIt(target)).toEqual(expected);

  // "Annulla modifica" on both devices takes back the same change.
  for (const page of [source, target]) {
    await page.getByTestId('undo').click();
    await expect(cell(page, 0, 0)).not.toHaveText('Da portare sull’app installata');
  }
  const plainStores = ['plans', 'areas', 'columns', 'rows', 'indicators', 'drafts'];
  const withoutStamps = (dump: Record<string, unknown[]>): string => JSON.stringify(dump, (key, value: unknown) => (['batch', 'updatedBatch', 'updatedAt', 'changedAt'].includes(key) ? undefined : value));
  expect(withoutStamps(await dumpDatabase(target, plainStores))).toBe(withoutStamps(await dumpDatabase(source, plainStores)));

  await source.context().close();
  await target.context().close();
});

test('a corrupted backup is refused with a clear message and the database is unchanged', async ({ browser }) => {
  const page = await freshPage(browser);
  const before = await dumpDatabase(page);
  await page.getByTestId('storage-toggle').click();
  const damaged = Buffer.from('{"format":"quadro-backup","formatVersion":3,"plans":[{"id":"p1","na');
  await page.getByTestId('backup-file').setInputFiles({ name: 'quadro-backup-rotto.json', mimeType: 'application/json', buffer: damaged });
  await expect(page.getByTestId('backup-error')).toContainText('Non è stato modificato nulla');
  await expect(page.getByTestId('backup-summary')).toBeHidden();

  const foreign = Buffer.from(JSON.stringify({ rows: [{ id: 'x' }] }));
  await page.getByTestId('backup-file').setInputFiles({ name: 'altro.json', mimeType: 'application/json', buffer: foreign });
  await expect(page.getByTestId('backup-error')).toContainText('non è un backup di Quadro');
  // A backup from a newer Quadro is refused in words that say to update.
  const newer = Buffer.from(JSON.stringify({ format: 'quadro-backup', formatVersion: 4, appVersion: '9.0.0', plans: [], areas: [], columns: [], rows: [], changeLog: [] }));
  await page.getByTestId('backup-file').setInputFiles({ name: 'dal-futuro.json', mimeType: 'application/json', buffer: newer });
  await expect(page.getByTestId('backup-error')).toContainText('aggiorna Quadro');
  expect(await dumpDatabase(page)).toEqual(before);
  await page.context().close();
});

test('a backup an earlier build wrote (format 2) restores, and says what it does not carry', async ({ browser }) => {
  const page = await freshPage(browser);
  await page.getByTestId('storage-toggle').click();
  const file = await readFile(new URL('../fixtures/backup/v2-written-by-cb85cf2.json', import.meta.url));
  await page.getByTestId('backup-file').setInputFiles({ name: 'vecchio.json', mimeType: 'application/json', buffer: file });
  await expect(page.getByTestId('backup-older-format')).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await page.getByTestId('backup-replace').click();
  await reloaded;
  await appReady(page);
  const plans = (await dumpDatabase(page, ['plans']))['plans'] as { name: string }[];
  expect(plans.map((p) => p.name).sort()).toEqual(['Piano B', 'Piano di prova']);
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
