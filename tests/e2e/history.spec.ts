// At a meeting: who changed this target and what did it say before — the history of a cell, and what changed in an area.
import { readFile, writeFile } from 'node:fs/promises';
import { test, expect } from './support/server-fixture.ts';
import { exportWholePlan } from './support/quadro-page.ts';

test('a cell edited twice then imported shows three steps with authors; an earlier text comes back as a new edit that undo removes', async ({ quadro, server, page }) => {
  test.setTimeout(120_000);
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  await quadro.editInLargeEditor(0, 4, 'Prima versione di Anna');
  await quadro.editInLargeEditor(0, 4, 'Seconda versione di Anna');
  await quadro.expectStored('Seconda versione di Anna');

  // Bruno's file: Anna's export with the cell changed once more (as a colleague would send it back).
  const exported = await exportWholePlan(page);
  const text = (await readFile(exported.path, 'utf8')).replace('Seconda versione di Anna', 'Versione di Bruno');
  const brunoPath = `${exported.path}-bruno.csv`;
  await writeFile(brunoPath, text);
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles({ name: 'bruno.csv', mimeType: 'text/csv', buffer: await readFile(brunoPath) });
  const dialog = page.getByTestId('import-dialog');
  const conflict = dialog.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await conflict.first().getByLabel('Prendi quella del file').check();
  await dialog.getByTestId('apply-import').click();
  await expect(dialog.getByTestId('import-done')).toBeVisible();
  await dialog.getByRole('button', { name: 'Chiudi' }).first().click();
  await expect(quadro.cell(0, 4)).toHaveText('Versione di Bruno');

  // The history, newest first: the import of bruno.csv, then Anna's two edits, each signed.
  await quadro.goToCell(0, 4);
  await page.getByTestId('area-more').click();
  await page.getByTestId('cell-history-open').click();
  const history = page.getByTestId('cell-history');
  const entries = history.getByTestId('history-entry');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('Importazione di «bruno.csv»');
  await expect(entries.nth(0)).toContainText('Anna Bianchi');
  await expect(entries.nth(1)).toContainText('Modifica');
  await expect(entries.nth(2)).toContainText('Anna Bianchi');

  // "Ripristina questo testo" on the first edit: a new edit, then one undo takes it back out.
  await entries.nth(2).getByTestId('history-restore').click();
  await quadro.expectStatusSaved();
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText('Modifica');
  await history.getByRole('button', { name: 'Chiudi' }).first().click();
  await expect(quadro.cell(0, 4)).toHaveText('Prima versione di Anna');
  await page.getByTestId('undo').click();
  await quadro.expectStatusSaved();
  await expect(quadro.cell(0, 4)).toHaveText('Versione di Bruno');

  // What changed in the area since the import: the cell, with its texts then and now.
  await page.getByTestId('area-more').click();
  await page.getByTestId('area-changes-open').click();
  const changes = page.getByTestId('area-changes');
  await changes.getByRole('combobox').selectOption({ index: 1 });
  await expect(changes.getByTestId('area-change')).toHaveCount(1);
  await expect(changes.getByTestId('area-change').first()).toContainText('GOVERNANCE TRANSNAZIONALE');
});
