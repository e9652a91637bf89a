// The import preview shows what differs, word by word: a conflict whose difference is in the 4th bullet is readable at once.
import { readFile, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';

test('a conflict in the 4th bullet: the changed words are marked, the other bullets folded, the full text one tap away', async ({ browser, server }, testInfo) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 820 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const anna = new QuadroPage(await context.newPage());
  await anna.open(server.url);
  await anna.setAuthor('Anna Bianchi');
  const page = anna.page;

  // The area as exported now: the common base of both versions.
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByTestId('export-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByTestId('export-download').click()]);
  const exported = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  await exportDialog.getByRole('button', { name: 'Chiudi' }).click();
  const rows = Papa.parse<string[]>(exported, { delimiter: ';' }).data.filter((row) => row.length > 1);
  const column = rows[0]!.indexOf('Risultati previsti al 2012');
  // The first row of AREA IMMIGRAZIONE (another area has a GOVERNANCE NAZIONALE too).
  const area = rows[0]!.indexOf('Area');
  const ambito = rows[0]!.indexOf('AMBITO');
  const record = rows.find((row) => row[ambito] === 'GOVERNANCE NAZIONALE' && (area === -1 || row[area] === 'AREA IMMIGRAZIONE'))!;
  const bullets = record[column]!.split('\n');
  const withFourth = (words: string): string => bullets.map((line, i) => (i === 3 ? `${line} ${words}` : line)).join('\n');

  // Anna changes the 4th bullet here; Bruno's file changes the same bullet otherwise.
  await anna.editInLargeEditor(1, 4, withFourth('entro marzo'));
  await anna.expectStatusSaved();
  await expect(anna.cell(1, 4)).toContainText('entro marzo');
  record[column] = withFourth('entro settembre');
  const lastChanged = rows[0]!.indexOf('Ultima modifica');
  record[lastChanged] = '2026-11-20T09:00:00.000Z · Bruno Verdi';
  const file = testInfo.outputPath('bruno.csv');
  await writeFile(file, '\uFEFF' + Papa.unparse(rows, { delimiter: ';', newline: '\r\n' }));

  await page.getByTestId('top-more').click();

  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(file);
  const conflict = page.getByTestId('import-dialog').getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict.locator('legend')).toContainText('«GOVERNANCE NAZIONALE»');
  // Sides named by who wrote them and when, not by the plan.
  await expect(conflict.getByTestId('diff-before')).toBeVisible();
  await expect(conflict).toContainText('La tua versione · Anna Bianchi');
  await expect(conflict).toContainText('Versione del file · Bruno Verdi · 20/11/2026, 10:00');
  // Only the differing words are marked; the three bullets before are folded, the changed one is in view.
  await expect(conflict.getByTestId('diff-before').locator('del')).toHaveText('marzo');
  await expect(conflict.getByTestId('diff-after').locator('ins')).toHaveText('settembre');
  await expect(conflict.getByTestId('diff-before')).toContainText('art. 27 lettera f). entro');
  await expect(conflict.getByTestId('diff-before')).not.toContainText('Supportare la DG');
  await expect(conflict.getByTestId('diff-fold').first()).toContainText('parole uguali');
  await page.screenshot({ path: testInfo.outputPath('conflict-diff.png') });

  // The whole text, one tap away.
  await conflict.getByTestId('diff-toggle').click();
  await expect(conflict.getByTestId('diff-before')).toContainText("• Supportare la DG dell'Immigrazione");
  await expect(conflict.getByTestId('diff-fold')).toHaveCount(0);
  await context.close();
});

test('a UTF-8 export with one flipped byte changes nothing without consent, and says where and why', async ({ browser, server }, testInfo) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 820 }, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const anna = new QuadroPage(await context.newPage());
  await anna.open(server.url);
  await anna.setAuthor('Anna Bianchi');
  const page = anna.page;
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByTestId('export-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByTestId('export-download').click()]);
  const bytes = await readFile(await download.path());
  await exportDialog.getByRole('button', { name: 'Chiudi' }).click();
  // The 20th "•" (E2 80 A2) loses its last byte to 0xFF, as a bad copy would do.
  let seen = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    if (bytes[i] === 0xe2 && bytes[i + 1] === 0x80 && bytes[i + 2] === 0xa2 && ++seen === 20) {
      bytes[i + 2] = 0xff;
      break;
    }
  }
  const file = testInfo.outputPath('danneggiato.csv');
  await writeFile(file, bytes);

  await page.getByTestId('top-more').click();

  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(file);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toContainText(/byte non validi \(mostrati come �\) in una cella: riga \d+, colonna [B-E]/);
  await dialog.getByTestId('changed-row').first().locator('summary').click();
  await expect(dialog.getByTestId('damaged-change')).toContainText('Testo danneggiato');
  await page.screenshot({ path: testInfo.outputPath('damaged.png') });
  await dialog.getByTestId('apply-import').click();
  await expect(dialog.getByTestId('import-done')).toContainText('0 righe aggiornate');
  await expect(dialog.getByTestId('import-done')).toContainText('1 cella danneggiata lasciata fuori.');
  await context.close();
});
