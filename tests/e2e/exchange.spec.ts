// Two consultants, two fresh browser profiles, one plan: they edit offline, swap CSV files, resolve a conflict, and agree.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Browser, Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { exportWholePlan, QuadroPage } from './support/quadro-page.ts';

async function openConsultant(browser: Browser, url: string, name: string): Promise<QuadroPage> {
  // A new context is a new, empty profile: its own IndexedDB, its own service worker.
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 820 }, locale: 'it-IT' });
  const quadro = new QuadroPage(await context.newPage());
  await quadro.open(url);
  await quadro.setAuthor(name);
  return quadro;
}

async function openImport(page: Page, file: { path: string; name: string }): Promise<void> {
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  const buffer = await readFile(file.path);
  await page.getByTestId('import-file').setInputFiles({ name: file.name, mimeType: 'text/csv', buffer });
  await expect(page.getByTestId('import-detected')).toBeVisible();
}

/** The content of an exported plan: every column but "Ultima modifica", which records when, not what. */
async function contentOf(file: { path: string }): Promise<string[][]> {
  const text = (await readFile(file.path, 'utf8')).replace(/^\uFEFF/, '');
  const rows = Papa.parse<string[]>(text, { delimiter: ';' }).data.filter((row) => row.length > 1);
  const drop = rows[0]!.indexOf('Ultima modifica');
  return rows.map((row) => row.filter((_, i) => i !== drop));
}

test('two consultants exchange files, resolve a conflict, end with the same plan, and can undo the import', async ({ browser, server }) => {
  test.setTimeout(180_000);
  const anna = await openConsultant(browser, server.url, 'Anna Bianchi');
  const bruno = await openConsultant(browser, server.url, 'Bruno Verdi');

  // The export is Excel-ready: BOM, semicolons, a name that says plan, scope, date and author.
  const first = await exportWholePlan(anna.page);
  expect(first.name).toMatch(/^quadro_piano-operativo-2012_piano-completo_\d{4}-\d{2}-\d{2}_anna-bianchi\.csv$/);
  const bytes = await readFile(first.path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  // Both start from the same bundled plan, so Anna's untouched file brings Bruno nothing.
  await openImport(bruno.page, first);
  await expect(bruno.page.getByTestId('import-nothing')).toBeVisible();
  await bruno.page.getByTestId('import-dialog').getByRole('button', { name: 'Chiudi' }).first().click();

  // Offline, each edits a different cell, and both edit the same one.
  await anna.editInLargeEditor(0, 1, 'Stipulare 5 accordi tecnici (Anna)');
  await anna.editInLargeEditor(0, 4, 'Realizzare i piani in 7 Paesi (Anna)');
  await bruno.editInLargeEditor(1, 2, 'Accordi Quadro con 20 Regioni (Bruno)');
  await bruno.editInLargeEditor(0, 4, 'Realizzare i piani in 8 Paesi (Bruno)');
  await anna.expectStored('Realizzare i piani in 7 Paesi (Anna)');
  await bruno.expectStored('Realizzare i piani in 8 Paesi (Bruno)');

  // Anna imports Bruno's file: his cell merges by itself, the shared cell is a conflict she decides.
  const fromBruno = await exportWholePlan(bruno.page);
  await openImport(anna.page, fromBruno);
  const annaDialog = anna.page.getByTestId('import-dialog');
  const conflicts = annaDialog.getByTestId('conflict');
  await expect(conflicts).toHaveCount(1);
  await expect(conflicts.first()).toContainText('Realizzare i piani in 7 Paesi (Anna)');
  await expect(conflicts.first()).toContainText('Realizzare i piani in 8 Paesi (Bruno)');
  await expect(annaDialog).toContainText('Accordi Quadro con 20 Regioni (Bruno)');
  await conflicts.first().getByLabel('Tieni entrambe').check();
  await annaDialog.getByTestId('apply-import').click();
  await expect(annaDialog.getByTestId('import-done')).toBeVisible();
  await annaDialog.getByRole('button', { name: 'Chiudi' }).last().click();
  await expect(await anna.goToCell(1, 2)).toHaveText('Accordi Quadro con 20 Regioni (Bruno)');
  await expect(await anna.goToCell(0, 4)).toContainText('Realizzare i piani in 7 Paesi (Anna)');
  await expect(anna.cell(0, 4)).toContainText('Realizzare i piani in 8 Paesi (Bruno)');

  // Importing the same file twice changes nothing the second time.
  await openImport(anna.page, fromBruno);
  await expect(anna.page.getByTestId('import-nothing')).toBeVisible();
  await annaDialog.getByRole('button', { name: 'Chiudi' }).first().click();

  // Bruno imports Anna's merged file: her cell merges; the joined cell differs from his, he takes hers.
  const fromAnna = await exportWholePlan(anna.page);
  await openImport(bruno.page, fromAnna);
  const brunoDialog = bruno.page.getByTestId('import-dialog');
  await expect(brunoDialog.getByTestId('conflict')).toHaveCount(1);
  await brunoDialog.getByTestId('conflict').first().getByLabel('Prendi quella del file').check();
  await brunoDialog.getByTestId('apply-import').click();
  await expect(brunoDialog.getByTestId('import-done')).toBeVisible();

  // Both now hold the same plan, word for word.
  await brunoDialog.getByRole('button', { name: 'Chiudi' }).last().click();
  const annaNow = await exportWholePlan(anna.page);
  const brunoNow = await exportWholePlan(bruno.page);
  expect(await contentOf(brunoNow)).toEqual(await contentOf(annaNow));
  expect((await contentOf(annaNow)).flat()).toContain('Stipulare 5 accordi tecnici (Anna)');

  // Bruno undoes the import in one step: his own text is back, Anna's edit is gone again.
  await bruno.page.getByTestId('top-more').click();
  await bruno.page.getByTestId('open-import').click();
  await brunoDialog.getByRole('button', { name: "Annulla l'importazione" }).first().click();
  await expect(brunoDialog.getByText('annullata')).toBeVisible();
  await brunoDialog.getByRole('button', { name: 'Chiudi' }).first().click();
  await expect(await bruno.goToCell(0, 4)).toHaveText('Realizzare i piani in 8 Paesi (Bruno)');
  await expect(await bruno.goToCell(0, 1)).not.toContainText('(Anna)');
  await expect(await bruno.goToCell(1, 2)).toHaveText('Accordi Quadro con 20 Regioni (Bruno)');

  await anna.page.context().close();
  await bruno.page.context().close();
});

test('a bad file is refused with a specific message and changes nothing', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  const before = await page.evaluate(async () => {
    const app = (window as unknown as { quadro: { nav: { rows: unknown[] } } }).quadro;
    return JSON.stringify(app.nav.rows);
  });
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  const ragged = 'AMBITO;Risultati al 2011\r\nGOVERNANCE NAZIONALE;testo;in più\r\n';
  await page.getByTestId('import-paste').fill(ragged);
  await page.getByRole('button', { name: 'Usa il testo incollato' }).click();
  const problems = page.getByTestId('import-problems');
  await expect(problems).toBeVisible();
  await expect(problems).toContainText('2');
  await expect(problems).toContainText('Nessun dato è stato modificato');
  await expect(page.getByTestId('apply-import')).toHaveCount(0);
  await page.getByTestId('import-dialog').getByRole('button', { name: 'Chiudi' }).first().click();
  await page.reload();
  await quadro.ready();
  const after = await page.evaluate(async () => {
    const app = (window as unknown as { quadro: { nav: { rows: unknown[] } } }).quadro;
    return JSON.stringify(app.nav.rows);
  });
  expect(after).toBe(before);
});
