// The indicators dashboard on the 2012 plan: each table area lists planned vs achieved with ratios, decisions persist, a tap shows the cell, the exports and offline work.
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';

const TABLE_AREAS = ['AREA IMMIGRAZIONE', 'AREA INCLUSIONE SOCIALE E LAVORATIVA'];

async function openDashboard(page: Page) {
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-indicators').click();
  const dashboard = page.getByTestId('indicators-dashboard');
  await expect(dashboard.getByTestId('indicators-summary')).toBeVisible();
  return dashboard;
}

/** The row of the dashboard whose planned quantity starts with `planned`. */
function indicatorRow(page: Page, planned: string) {
  return page.getByTestId('indicator-row').filter({ has: page.getByRole('button', { name: new RegExp(`^${planned}`) }) });
}

test('each table area lists its indicators with ratios; the pairs include oltre 2.000 percorsi → 2.030 (101,5%)', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  const dashboard = await openDashboard(page);

  for (const area of TABLE_AREAS) {
    await dashboard.getByTestId('indicators-scope-area').filter({ hasText: area }).click();
    const rows = dashboard.getByTestId('indicator-row');
    await expect(rows.first()).toBeVisible();
    // Some indicators have an achieved number and a ratio; the chart is drawn for them.
    await expect(rows.filter({ hasText: /\d%/ }).first()).toBeVisible();
    await expect(dashboard.locator('canvas')).toBeVisible();
  }

  await dashboard.getByTestId('indicators-scope-area').filter({ hasText: 'AREA IMMIGRAZIONE' }).click();
  const percorsi = indicatorRow(page, 'oltre 2.000 percorsi');
  await expect(percorsi).toHaveCount(1);
  const cells = (await percorsi.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  // Each side shows the sentence its number was read in, cut around the number (issue 21).
  expect(cells[1]).toBe('oltre 2.000 percorsi di politica attiva Frase: «… doti per la realizzazione di oltre 2.000 percorsi di politica attiva (tirocini, formazione) …»');
  expect(cells[2]).toBe('2.030 Frase: «… supporto della realizzazione di 2.030 percorsi di politica attiva (tirocini, formazione) dedicate …»');
  expect(cells.slice(3, 5)).toEqual(['101,5%', 'raggiunto proposto']);

  // Confirmed, it stays confirmed after the panel (and the page) is opened again: it is stored.
  await percorsi.getByRole('button', { name: 'Conferma' }).click();
  await expect(percorsi).toHaveAttribute('data-state', 'confirmed');
  await page.reload();
  await quadro.ready();
  await openDashboard(page);
  await page.getByTestId('indicators-scope-area').filter({ hasText: 'AREA IMMIGRAZIONE' }).click();
  await expect(indicatorRow(page, 'oltre 2.000 percorsi')).toHaveAttribute('data-state', 'confirmed');

  // A tap on the achieved value shows its cell in the matrix.
  await indicatorRow(page, 'oltre 2.000 percorsi').getByRole('button', { name: '2.030' }).click();
  await expect(page.getByTestId('indicators-dashboard')).toBeHidden();
  await expect(page.locator('.ht_master td.current')).toContainText('2.030 percorsi di politica attiva');
});

test('"Esporta indicatori" writes the two files with the agreed columns', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  const dashboard = await openDashboard(page);
  const downloads: { name: string; path: string }[] = [];
  page.on('download', (download) => void download.path().then((path) => downloads.push({ name: download.suggestedFilename(), path })));
  await dashboard.getByTestId('export-indicators').click();
  await expect.poll(() => downloads.length).toBe(2);
  const byName = (part: string) => downloads.find((d) => d.name.includes(part)) as { path: string; name: string };
  const read = async (path: string) => Papa.parse<string[]>((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''), { delimiter: ';' }).data;
  const quantities = await read(byName('indicatori-quantita').path);
  const pairs = await read(byName('indicatori-coppie').path);
  expect(quantities[0]).toEqual(['Area', 'Ambito', 'Colonna', 'Valore', 'Qualificatore', 'Unità', 'Tipo', 'Citazione', 'Frase']);
  expect(pairs[0]).toEqual(['Area', 'Ambito', 'Unità', 'Previsto', 'Realizzato', 'Rapporto', 'Stato', 'Frase del previsto', 'Frase del realizzato']);
  expect(pairs.some((row) => row[3] === '2.000' && row[4] === '2.030' && row[5] === '101,5%')).toBe(true);
});

test('the dashboard opens offline after one visit', async ({ server, page, context }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('offline-ready')).toContainText('Pronto per l’uso offline');
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  const dashboard = await openDashboard(page);
  await expect(dashboard.getByTestId('indicator-row').first()).toBeVisible();
  await expect(dashboard.locator('canvas').first()).toBeVisible();
  await context.setOffline(false);
});

test('a proposal is corrected (Italian numbers) and another rejected', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  const dashboard = await openDashboard(page);
  await dashboard.getByTestId('indicators-scope-area').filter({ hasText: 'AREA IMMIGRAZIONE' }).click();

  // The consultant knows 1.800 percorsi were completed, not 2.030: the ratio and status follow.
  const percorsi = indicatorRow(page, 'oltre 2.000 percorsi');
  await percorsi.getByRole('button', { name: 'Correggi' }).click();
  // Two questions in a row in the same dialog: planned (kept), then achieved (corrected).
  const askInput = page.getByTestId('ask-dialog').getByTestId('ask-input');
  await expect(askInput).toHaveValue('2.000');
  await page.getByTestId('ask-dialog').getByTestId('ask-ok').click();
  await expect(askInput).toHaveValue('2.030');
  await quadro.answer('1.800');
  await expect(percorsi).toHaveAttribute('data-state', 'confirmed');
  await expect(percorsi).toContainText('1.800');
  await expect(percorsi).toContainText('90%');
  await expect(percorsi).toContainText('parziale');

  // "Realizzato un report di benchmarking": the results say it in words; the consultant writes 1.
  const report = indicatorRow(page, '2 report di Benchmarking');
  await expect(report).toContainText('solo qualitativo');
  await report.getByRole('button', { name: 'Correggi' }).click();
  await expect(askInput).toHaveValue('2');
  await page.getByTestId('ask-dialog').getByTestId('ask-ok').click();
  await expect(askInput).toHaveValue('');
  await quadro.answer('1');
  await expect(report).toContainText('50%');
  await expect(report).toContainText('parziale');

  const voucher = indicatorRow(page, '3.000 voucher');
  await expect(voucher).toHaveCount(1);
  await voucher.getByRole('button', { name: 'Scarta' }).click();
  await expect(voucher).toHaveCount(0);
});

test('a pair that may count two different things is "da verificare" until the consultant confirms it (issue 20, point 9)', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  const dashboard = await openDashboard(page);
  await dashboard.getByTestId('indicators-scope-area').filter({ hasText: 'AREA IMMIGRAZIONE' }).click();
  const operatori = indicatorRow(page, 'almeno 150 operatori');
  await expect(operatori).toHaveAttribute('data-status', 'da verificare');
  await expect(operatori.getByTestId('indicator-why')).toHaveText(/potrebbero contare cose diverse/);
  // No "333%": the ratio waits for the check; both sentences are there to compare.
  await expect(operatori).not.toContainText('333');
  await expect(operatori).toContainText('tra operatori dei servizi pubblici (almeno 150)');
  await expect(operatori).toContainText('hanno coinvolto oltre 500 operatori e dirigenti');
  await operatori.getByRole('button', { name: 'Conferma' }).click();
  await expect(operatori).toHaveAttribute('data-status', 'raggiunto');
  await expect(operatori).toContainText('333,3%');
});

test('a number whose words do not say what it is asks "È un obiettivo / È un risultato" and remembers the answer (issue 21)', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Anna Bianchi');
  await quadro.areaTab(/ALTRI PROGETTI/).click();
  await quadro.editInLargeEditor(0, 1, 'Rete di 40 sportelli territoriali.');
  await quadro.expectStatusSaved();
  const dashboard = await openDashboard(page);
  await dashboard.getByTestId('indicators-scope-area').filter({ hasText: 'ALTRI PROGETTI' }).click();
  const sportelli = indicatorRow(page, '40 sportelli');
  await expect(sportelli).toHaveAttribute('data-status', 'da verificare');
  await expect(sportelli.getByTestId('indicator-sentence')).toHaveText('Frase: «Rete di 40 sportelli territoriali»');
  await expect(sportelli.getByTestId('indicator-why')).toHaveText(/non dicono se è un obiettivo o un risultato/);
  await sportelli.getByRole('button', { name: 'È un obiettivo' }).click();
  // A target with no results column after it is not an indicator yet: it leaves the list, decided.
  await expect(sportelli).toHaveCount(0);
  await page.reload();
  await quadro.ready();
  await openDashboard(page);
  await page.getByTestId('indicators-scope-area').filter({ hasText: 'ALTRI PROGETTI' }).click();
  await expect(indicatorRow(page, '40 sportelli')).toHaveCount(0);
});
