// Native .xlsx both ways in the production build: a workbook with a sheet per area made in its worker, the same
// file read back as nothing new, LibreOffice's edit of it merged and undone, and a password-protected file refused.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';

const fixture = (name: string): URL => new URL(`../fixtures/xlsx/${name}`, import.meta.url);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function openImport(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: XLSX_TYPE, buffer });
  await expect(page.getByTestId('import-detected')).toBeVisible();
}

test('an Excel workbook with a sheet per area goes out and comes back as nothing new; the choice of format is remembered', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByTestId('export-format-xlsx').check();
  // No separator to choose for a workbook.
  await expect(dialog.getByText('Separatore')).toHaveCount(0);
  await dialog.getByLabel('Ogni area in un foglio dello stesso file').check();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  expect(download.suggestedFilename()).toMatch(/^quadro_piano-operativo-2012_aree_\d{4}-\d{2}-\d{2}_anna-bianchi\.xlsx$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  await expect(dialog.getByTestId('export-result')).toContainText('File scaricato');
  await dialog.getByRole('button', { name: 'Chiudi' }).click();

  await page.reload();
  await quadro.ready();
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-format-xlsx')).toBeChecked();
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Chiudi' }).click();

  await openImport(page, download.suggestedFilename(), bytes);
  const importDialog = page.getByTestId('import-dialog');
  await expect(importDialog.getByTestId('import-format')).toHaveText('Foglio di calcolo Excel (.xlsx)');
  await expect(importDialog.getByTestId('import-encoding')).toHaveCount(0);
  await expect(importDialog.getByTestId('import-delimiter')).toHaveCount(0);
  await expect(importDialog.getByTestId('import-sheets')).toContainText('«AREA INCLUSIONE SOCIALE E LAVOR» → area «AREA INCLUSIONE SOCIALE E LAVORATIVA»');
  await expect(importDialog.getByTestId('import-nothing')).toBeVisible();
});

test("LibreOffice's edit of Quadro's .xlsx merges as one changed cell, and is undone in one step", async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await openImport(page, 'area-immigrazione.xlsx', await readFile(fixture('plan-2012-immigrazione-edited-libreoffice.xlsx')));
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-sheets')).toContainText('«AREA IMMIGRAZIONE» → area «AREA IMMIGRAZIONE»');
  await expect(dialog.getByTestId('import-area')).toContainText('0 righe nuove · 1 riga cambiata');
  await expect(dialog).toContainText('report trimestrali');
  await dialog.getByTestId('apply-import').click();
  await expect(dialog.getByTestId('import-done')).toBeVisible();
  await dialog.getByTestId('undo-import').click();
  await expect(dialog.getByTestId('undo-import')).toHaveCount(0);
});

test('a password-protected workbook is refused in words and changes nothing', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await openImport(page, 'protetto.xlsx', await readFile(fixture('plan-2012-immigrazione-edited-libreoffice-password.xlsx')));
  const problems = page.getByTestId('import-problems');
  await expect(problems).toContainText('protetto da una password');
  await expect(problems).toContainText('Nessun dato è stato modificato');
  await expect(page.getByTestId('apply-import')).toHaveCount(0);
});
