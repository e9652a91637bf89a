// Issue 18, observed point 0: with the device full (the origin's quota squeezed through Chromium's DevTools protocol),
// nothing typed is lost without the user knowing, and an import refused for lack of room keeps its preview and choices.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { test as base, expect } from './support/server-fixture.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium.ts';
import { QuadroPage, storedCellTexts } from './support/quadro-page.ts';

/**
 * A tablet whose storage fills up. Chromium applies a quota override (`Storage.overrideQuotaForOrigin`)
 * to a profile on disk only, not to the in-memory profiles of `browser.newContext()`, and IndexedDB
 * reads the quota when it opens the origin's database: so the profile is closed and opened again
 * with the override set before Quadro starts.
 */
class Device {
  context!: BrowserContext;
  page!: Page;
  quadro!: QuadroPage;
  cdp!: CDPSession;

  constructor(
    private readonly dir: string,
    readonly url: string,
  ) {}

  get origin(): string {
    return new URL(this.url).origin;
  }

  async launch(quotaSize?: number): Promise<void> {
    this.context = await chromium.launchPersistentContext(this.dir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      acceptDownloads: true,
      viewport: { width: 1180, height: 820 },
      locale: 'it-IT',
    });
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.cdp = await this.context.newCDPSession(this.page);
    if (quotaSize !== undefined) await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin, quotaSize });
    this.quadro = new QuadroPage(this.page);
    await this.quadro.open(this.url);
  }

  /** The device fills up: it may store what it stores now and 1 KB more (the service worker's copy of the app included). */
  async fill(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const usage = await this.page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
    await this.context.close();
    await this.launch(usage + 1024);
  }

  /** Room again (photos deleted): the quota back to what the browser gives. */
  async free(): Promise<void> {
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin });
  }
}

const test = base.extend<{ device: Device }>({
  device: async ({ server }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'quadro-quota-'));
    const device = new Device(dir, server.url);
    await device.launch();
    await use(device);
    await device.context.close();
    await rm(dir, { recursive: true, force: true });
  },
});

test('a long text that neither its cell nor the drafts can keep stays on screen, can be taken away, is guarded, and saves once there is room', async ({ device }) => {
  await device.quadro.dismissFirstStart();
  await device.fill();
  const { page, quadro } = device;

  // About 200 KB typed in the large editor on a train, with the tablet full.
  const text = 'Testo lungo scritto in treno, senza rete e con il tablet pieno. '.repeat(3200);
  await quadro.goToCell(1, 1);
  await page.getByTestId('edit-cell').click();
  await page.getByTestId('cell-editor-text').fill(text);
  // The editor's draft cannot be kept either: the editor says so while it is open.
  await expect(page.getByTestId('cell-editor-unkept')).toBeVisible();
  await page.getByTestId('cell-editor-done').click();

  const failure = page.getByTestId('failed-write');
  await expect(failure).toHaveCount(1);
  await expect(failure).toHaveAttribute('data-kept', 'false');
  await expect(page.getByTestId('text-only-here')).toContainText('non è salvato da nessuna parte');
  // The text is in front of the user, whole, not behind a disclosure.
  await expect(failure.getByTestId('failed-text')).toBeVisible();
  expect(await failure.getByTestId('failed-text').textContent()).toBe(text);
  await expect(page.getByTestId('storage-use')).toContainText('Cosa occupa spazio');

  // "Scarica come file" (no share sheet on this desktop): the very text.
  const downloading = page.waitForEvent('download');
  await failure.getByTestId('download-text').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^quadro-testo-non-salvato-\d{4}-\d{2}-\d{2}\.txt$/);
  expect(await readFile((await download.path())!, 'utf8')).toBe(text);

  // Leaving the page asks first.
  const asked = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  expect(page.isClosed()).toBe(false);

  // Room again: «Riprova» saves it; nothing is left to ask about.
  await device.free();
  await failure.getByRole('button', { name: 'Riprova', exact: true }).click();
  await expect(failure).toHaveCount(0);
  await quadro.expectStatusSaved();
  const stored = (await storedCellTexts(page)).some((text) => text.length > 100_000);
  expect(stored).toBe(true);
  // Nothing is only on the screen any more: the page closes without asking.
  const closing = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closing;
});

test('an import refused for lack of room keeps its preview and the choices made, and «Riprova» applies it once there is room', async ({ device }) => {
  let { page, quadro } = device;
  await quadro.setAuthor('Anna Bianchi');
  // The colleague's file: the plan as exported, with the cell Anna is about to edit changed differently, and a long new row.
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByTestId('export-dialog');
  await exportDialog.getByLabel('Tutto il piano in un file').check();
  const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByTestId('export-download').click()]);
  const exported = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  await exportDialog.getByRole('button', { name: 'Chiudi' }).click();
  const records = Papa.parse<string[]>(exported, { delimiter: ';' }).data.filter((row) => row.length > 1);
  records[1]![2] = 'Stipulare 6 accordi (dal collega)';
  records.push([records[1]![0]!, 'Nuovo ambito del collega', 'Testo lungo. '.repeat(5000), ...records[1]!.slice(3).map(() => '')]);
  const colleagueFile = `\uFEFF${Papa.unparse(records, { delimiter: ';', newline: '\r\n' })}`;
  await quadro.editInLargeEditor(0, 1, 'Stipulare 5 accordi (Anna)');
  await quadro.expectStatusSaved();

  await device.fill();
  ({ page, quadro } = device);
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'dal-collega.csv', mimeType: 'text/csv', buffer: Buffer.from(colleagueFile) });
  const dialog = page.getByTestId('import-dialog');
  const conflict = dialog.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await conflict.getByLabel('Prendi quella del file').check();

  await dialog.getByTestId('apply-import').click();
  const refused = dialog.getByTestId('import-write-failed');
  await expect(refused).toContainText('Le tue scelte sono ancora qui');
  await expect(refused.getByTestId('storage-use')).toBeVisible();
  // The preview and the choice are still there, and the button says what to do.
  await expect(conflict.getByLabel('Prendi quella del file')).toBeChecked();
  await expect(dialog.getByTestId('apply-import')).toHaveText('Riprova');

  await device.free();
  await dialog.getByTestId('apply-import').click();
  await expect(dialog.getByTestId('import-done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Chiudi' }).first().click();
  await expect(quadro.cell(0, 1)).toContainText('Stipulare 6 accordi (dal collega)');
});

