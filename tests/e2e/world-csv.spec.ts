// Issue 19, done when: a Quadro export changed in one cell, saved as Mac Roman with CR line ends, with every line break CRLF,
// and with Excel's "sep=;" first line, each imports through the dialog as exactly that one changed cell.
import { fileURLToPath } from 'node:url';
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';

const WORLD = fileURLToPath(new URL('../fixtures/csv/world/', import.meta.url));

const FILES = [
  { name: 'quadro-edited-libreoffice-macroman-handmade-cr.csv', encoding: 'macintosh', source: 'riconosciuto dalle righe del file' },
  { name: 'quadro-edited-libreoffice-utf8-handmade-crlf.csv', encoding: 'utf-8', source: 'riconosciuto dalle righe del file' },
  { name: 'quadro-edited-handmade-sep-semicolon.csv', encoding: 'utf-8', source: 'indicato dalla prima riga «sep=»' },
] as const;

test('three files from other programs, each exactly the one edited cell: encoding and separator shown, applied, undone', async ({ browser, server }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const anna = new QuadroPage(await context.newPage());
  await anna.open(server.url);
  await anna.setAuthor('Anna Bianchi');
  const page = anna.page;
  await expect(anna.areaTab('AREA IMMIGRAZIONE')).toHaveAttribute('aria-selected', 'true');
  // GOVERNANCE NAZIONALE / "Risultati previsti al 2011": the cell the colleague changed.
  await expect(anna.cell(1, 2)).toContainText('report semestrali');

  for (const file of FILES) {
    await page.getByTestId('top-more').click();
    await page.getByTestId('open-import').click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.getByTestId('import-file').setInputFiles(`${WORLD}${file.name}`);
    await expect(dialog.getByTestId('import-encoding')).toHaveValue(file.encoding);
    await expect(dialog.getByTestId('import-delimiter')).toHaveValue(';');
    await expect(dialog.getByTestId('import-delimiter-source')).toHaveText(file.source);
    await expect(dialog.getByTestId('import-problems')).toHaveCount(0);
    await expect(dialog.getByTestId('import-area').locator('.counts')).toHaveText('0 righe nuove · 1 riga cambiata · 0 righe non presenti nel file · 0 conflitti');
    const changed = dialog.getByTestId('changed-row');
    await expect(changed).toHaveCount(1);
    // Rows as the file numbers them: the sep= line is row 1 there.
    await expect(changed.locator('summary')).toHaveText(`«GOVERNANCE NAZIONALE» (riga ${file.name.includes('sep') ? 4 : 3} del file): 1 cella cambiata`);
    await expect(dialog.getByTestId('damaged-change')).toHaveCount(0);
    if (file.encoding === 'macintosh') await page.screenshot({ path: testInfo.outputPath('import-mac-roman-cr.png') });
    await dialog.getByTestId('apply-import').click();
    await expect(dialog.getByTestId('import-done')).toContainText('1 riga aggiornata');
    await expect(anna.cell(1, 2)).toContainText('report trimestrali');
    // Every ✓ of the cell came through (Mac Roman cannot hold them: kept from the plan's own text).
    await expect(anna.cell(1, 2)).toContainText('✓ Andamento della popolazione attiva');
    await dialog.getByTestId('undo-import').click();
    await expect(anna.cell(1, 2)).toContainText('report semestrali');
    await dialog.getByRole('button', { name: 'Chiudi' }).first().click();
    await expect(dialog).toHaveCount(0);
  }
  await context.close();
});

test('invisible differences are listed unticked and named; a Quadro file without its ID column says its rows were matched by text', async ({ browser, server }, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const anna = new QuadroPage(await context.newPage());
  await anna.open(server.url);
  await anna.setAuthor('Anna Bianchi');
  const page = anna.page;
  const dialog = page.getByTestId('import-dialog');

  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  await dialog.getByTestId('import-file').setInputFiles(`${WORLD}quadro-edited-handmade-invisible-characters.csv`);
  await expect(dialog.getByTestId('changed-row')).toHaveCount(4);
  const invisible = dialog.getByTestId('damaged-change');
  await expect(invisible).toHaveCount(3);
  for (const row of await dialog.getByTestId('changed-row').all()) await row.locator('summary').click();
  await expect(invisible.nth(0)).toHaveText('Solo spazi/caratteri invisibili (caratteri a larghezza zero): prima e dopo sembrano uguali. Non viene applicata se non la spunti.');
  await expect(invisible.nth(1)).toContainText('(spazi non separabili)');
  await expect(invisible.nth(2)).toContainText("(spazi all'inizio o alla fine)");
  for (const box of await dialog.getByRole('checkbox', { name: 'Applica lo stesso' }).all()) await expect(box).not.toBeChecked();
  await page.screenshot({ path: testInfo.outputPath('import-invisible-unticked.png') });
  await dialog.getByTestId('apply-import').click();
  await expect(dialog.getByTestId('import-done')).toContainText('1 riga aggiornata');
  await dialog.getByRole('button', { name: 'Chiudi' }).first().click();

  await page.getByTestId('top-more').click();
  await page.getByTestId('open-import').click();
  await dialog.getByTestId('import-file').setInputFiles(`${WORLD}quadro-edited-no-id-libreoffice-utf8.csv`);
  await expect(dialog.getByTestId('import-file-kind')).toHaveText(
    'File scritto da Quadro senza la colonna «ID Quadro»: righe riconosciute dal testo della prima colonna, non dal loro ID. «Ultima modifica» e «Area» restano colonne di Quadro.',
  );
  // The edit is already in the plan (imported above): nothing new, and no "Ultima modifica" offered as a column.
  await expect(dialog.getByTestId('import-nothing')).toBeVisible();
  await context.close();
});
