// A new user's first session: the 2012 plan is there, edits survive a reload, structure changes undo, English works.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.ts';

test('a new user sees the 2012 plan with its three areas', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await expect(quadro.areaTab('AREA IMMIGRAZIONE')).toHaveAttribute('aria-selected', 'true');
  await expect(quadro.areaTab('AREA INCLUSIONE SOCIALE E LAVORATIVA')).toBeVisible();
  await expect(quadro.areaTab('ALTRI PROGETTI ATTIVI NEL 2012')).toBeVisible();
  await expect(quadro.columnHeaders().filter({ hasText: 'Risultati previsti al 2012' })).toHaveCount(1);
  await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
  await expect(quadro.cell(0, 1)).toContainText('• Stipulare 4 accordi tecnici');

  await quadro.areaTab('AREA INCLUSIONE SOCIALE E LAVORATIVA').click();
  await expect(page.getByTestId('introduction')).toContainText("Obiettivi operativi primari per l'annualità 2012");
  await expect(quadro.cell(0, 0)).toHaveText('SUPPORTO AL MINISTERO NELLE ATTIVITÀ DI GOVERNANCE');
  // The address names the plan and the area, so a reload (or a shared link) comes back here.
  await page.reload();
  await quadro.ready();
  await expect(quadro.areaTab('AREA INCLUSIONE SOCIALE E LAVORATIVA')).toHaveAttribute('aria-selected', 'true');
});

test('an edit made in the large editor is saved and survives a reload', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Mario Rossi');
  const text = 'Stipulare 6 accordi tecnici\n• con le Agenzie dei Paesi esteri\n• entro giugno';
  await quadro.editInLargeEditor(0, 4, text);
  await quadro.expectStored(text);
  await expect(quadro.cell(0, 4)).toHaveText(text);

  await page.reload();
  await quadro.ready();
  await expect(await quadro.goToCell(0, 4)).toHaveText(text);
  // Signed with the author's name, as the consultant set it once on this device.
  const signedBy = await page.evaluate(async () => {
    const app = (window as unknown as { quadro: { nav: { rows: { cells: Record<string, { changedBy: string; text: string }> }[] } } }).quadro;
    return Object.values(app.nav.rows[0]!.cells).find((cell) => cell.text.startsWith('Stipulare 6'))?.changedBy;
  });
  expect(signedBy).toBe('Mario Rossi');
});

test('a short edit typed in the cell is saved too', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  // A short cell (the ambito): typing replaces it, as in a spreadsheet.
  await quadro.goToCell(1, 0);
  await page.keyboard.type('Nuovo ambito');
  await page.keyboard.press('Enter');
  await quadro.expectStored('Nuovo ambito');
  await page.reload();
  await quadro.ready();
  await expect(await quadro.goToCell(1, 0)).toHaveText('Nuovo ambito');
});

test('rows and columns are added, undone and redone, and stay after a reload', async ({ quadro, server, page }) => {
  // Wide enough for every column to be rendered, so a missing header really means a missing column.
  await page.setViewportSize({ width: 2600, height: 900 });
  await quadro.open(server.url);
  const rows = quadro.rowCount();
  await expect(rows).toHaveText('5 righe');

  await quadro.goToCell(4, 1);
  await page.getByRole('button', { name: 'Aggiungi riga' }).click();
  await expect(rows).toHaveText('6 righe');

  // Rolling the plan forward: a consultant adds "Risultati al 2012".
  await quadro.menuCommand('area-more', 'Aggiungi colonna');
  await quadro.answer('Risultati al 2012');
  const newHeader = quadro.columnHeaders().filter({ hasText: /^Risultati al 2012$/ });
  await expect(newHeader).toHaveCount(1);
  await quadro.expectStatusSaved();

  await page.reload();
  await quadro.ready();
  await expect(rows).toHaveText('6 righe');
  await expect(newHeader).toHaveCount(1);

  // Undo works from the keyboard and the buttons, structure included. After a reload the undo
  // history of the session is gone, so make the changes again in one session.
  await quadro.menuCommand('area-more', 'Aggiungi colonna');
  await quadro.answer('Risultati previsti al 2013');
  const header2013 = quadro.columnHeaders().filter({ hasText: 'Risultati previsti al 2013' });
  await expect(header2013).toHaveCount(1);
  await quadro.cell(0, 1).click();
  await page.keyboard.press('Control+z');
  await expect(header2013).toHaveCount(0);
  await expect(newHeader).toHaveCount(1);
  await page.getByRole('button', { name: /Ripeti/ }).click();
  await expect(header2013).toHaveCount(1);
  await page.getByRole('button', { name: /Annulla/ }).first().click();
  await expect(header2013).toHaveCount(0);
  await quadro.expectStatusSaved();
  await page.reload();
  await quadro.ready();
  await expect(header2013).toHaveCount(0);
  await expect(newHeader).toHaveCount(1);
});

test('deleting a row asks first, and undo brings it back', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  const rows = quadro.rowCount();
  await quadro.goToCell(2, 1);
  await page.getByRole('button', { name: 'Elimina riga' }).click();
  await expect(page.getByTestId('ask-dialog')).toContainText('MODELLIZZAZIONE');
  await quadro.answer();
  await expect(rows).toHaveText('4 righe');
  await page.getByRole('button', { name: /Annulla/ }).first().click();
  await expect(rows).toHaveText('5 righe');
  await expect(await quadro.goToCell(2, 0)).toHaveText('MODELLIZZAZIONE E DI INTERVENTI E DEFINIZIONE DI STANDARD');
});

test('a column title is shown as text, never as HTML', async ({ quadro, server, page }) => {
  let alerted = false;
  page.on('dialog', async (dialog) => {
    alerted = true;
    await dialog.dismiss();
  });
  await quadro.open(server.url);
  await quadro.cell(0, 2).click();
  await quadro.menuCommand('area-more', 'Rinomina colonna');
  await quadro.answer('<img src=x onerror=alert(1)>');
  await expect(quadro.columnHeaders().filter({ hasText: '<img src=x onerror=alert(1)>' })).toHaveCount(1);
  await expect(page.locator('.handsontable img')).toHaveCount(0);
  expect(alerted).toBe(false);
});

test('the interface switches to English and remembers it', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.menuCommand('top-more', 'English');
  await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
  await page.getByTestId('top-more').click();
  await expect(page.getByRole('menuitem', { name: 'Italiano' })).toBeVisible();
  await page.reload();
  await quadro.ready();
  await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
  // The plan's own words stay as the consultants wrote them.
  await expect(quadro.areaTab('AREA IMMIGRAZIONE')).toBeVisible();
});

test('edits are still there after the browser is closed and opened again', async ({ server }) => {
  const profile = await mkdtemp(join(tmpdir(), 'quadro-profile-'));
  try {
    const launch = () =>
      chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 1180, height: 820 } });
    const first = await launch();
    const quadro = new QuadroPage(first.pages()[0] ?? (await first.newPage()));
    await quadro.open(server.url);
    await quadro.editInLargeEditor(2, 2, 'Scritto prima di chiudere il browser');
    await quadro.expectStored('Scritto prima di chiudere il browser');
    await first.close();

    const second = await launch();
    const again = new QuadroPage(second.pages()[0] ?? (await second.newPage()));
    await again.open(server.url);
    await expect(await again.goToCell(2, 2)).toHaveText('Scritto prima di chiudere il browser');
    await second.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

test('printing an area shows every row, also those the grid has not rendered', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.areaTab('ALTRI PROGETTI ATTIVI NEL 2012').click();
  await expect(quadro.rowCount()).toHaveText('12 righe');
  // The grid renders only the rows in view; the last project is far below.
  await expect(page.locator('.ht_master td', { hasText: 'LAVORO "IN GENERE"' })).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  const printed = page.locator('.print-view');
  await expect(printed).toBeVisible();
  await expect(page.getByTestId('app')).toBeHidden();
  await expect(printed.locator('tbody tr')).toHaveCount(12);
  await expect(printed.locator('tbody tr').last()).toContainText('LAVORO "IN GENERE" - SUPPORTO ALL\'UFFICIO DELLA CONSIGLIERA NAZIONALE DI PARITÀ');
  await expect(printed.locator('thead th')).toHaveText(['Progetto', 'Descrizione']);
});

test('menus and panels open above the grid, where a tap reaches them', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await page.getByRole('button', { name: 'Archivio' }).click();
  // A real click fails if the grid's overlays cover the button (Playwright checks what receives it).
  await expect(page.getByRole('button', { name: 'Esporta tutto' })).toBeVisible();
  const onTop = await page.getByRole('button', { name: 'Esporta tutto' }).evaluate((button) => {
    const box = button.getBoundingClientRect();
    return button.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2));
  });
  expect(onTop).toBe(true);
  await page.getByRole('button', { name: 'Chiudi' }).first().click();
  await page.getByRole('button', { name: /Azioni sul piano/ }).click();
  await page.getByRole('menuitem', { name: 'Nuovo piano' }).click();
  await page.getByTestId('ask-option-empty').click();
  await quadro.answer('Piano 2013 Lazio');
  await expect(page.getByTestId('plan-select')).toHaveValue(/.+/);
  await expect(page.getByTestId('plan-select').locator('option:checked')).toHaveText('Piano 2013 Lazio');
});

test('a paste over every row of the area, right after it opens, is saved whole and undone in one step', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  // The grid starts with its first rows and gets the rest after the first frame: a paste reaching
  // past them, made at once, must still land in every row (rows are never inserted by a paste).
  await quadro.areaTab('ALTRI PROGETTI ATTIVI NEL 2012').click();
  await expect(quadro.areaTab('ALTRI PROGETTI ATTIVI NEL 2012')).toHaveAttribute('aria-selected', 'true');
  await quadro.goToCell(0, 1);
  const rowCount = await page.evaluate(() => (window as unknown as { quadro: { nav: { rows: unknown[] } } }).quadro.nav.rows.length);
  expect(rowCount).toBeGreaterThan(10);
  const lines = Array.from({ length: rowCount }, (_, i) => `Incollato ${i + 1}`);
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lines.join('\n'));
  await quadro.expectStatusSaved();
  const texts = (): Promise<string[]> =>
    page.evaluate(() => {
      const app = (window as unknown as { quadro: { nav: { rows: { cells: Record<string, { text: string }> }[]; columns: { id: string }[] } } }).quadro;
      const columnId = app.nav.columns[1]!.id;
      return app.nav.rows.map((row) => row.cells[columnId]?.text ?? '');
    });
  await page.reload();
  await quadro.ready();
  expect(await texts()).toEqual(lines);

  await page.getByRole('button', { name: /Annulla/ }).first().click();
  await quadro.expectStatusSaved();
  await expect.poll(async () => (await texts()).filter((text) => text.startsWith('Incollato')).length).toBe(0);
});
