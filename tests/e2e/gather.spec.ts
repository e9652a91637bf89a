// Issue 23 on an iPad (1180×820, touch): three colleagues' files imported in one go, one conflict between two of
// them shown with the base, the local text and both colleagues' texts; each colleague's file undone on its own.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';

const SHOTS = process.env.QUADRO_SHOTS_DIR ?? '';

test('three colleagues, two changing the same cell differently: one conflict, one batch per file', async ({ browser, server }, testInfo) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1180, height: 820 }, hasTouch: true, locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const quadro = new QuadroPage(await context.newPage());
  await quadro.open(server.url);
  await quadro.setAuthor('Io Locale');
  const page = quadro.page;

  // The area as exported now: the common base of every colleague's file.
  await page.getByTestId('top-more').tap();
  await page.getByTestId('open-export').tap();
  const exportDialog = page.getByTestId('export-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), exportDialog.getByTestId('export-download').tap()]);
  const exported = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  await exportDialog.getByRole('button', { name: 'Chiudi' }).tap();
  const rows = Papa.parse<string[]>(exported, { delimiter: ';' }).data.filter((row) => row.length > 1);
  const header = rows[0]!;
  const column = header.indexOf('Risultati previsti al 2012');
  const lastChanged = header.indexOf('Ultima modifica');
  const areaColumn = header.indexOf('Area');
  const records = rows.slice(1).filter((row) => areaColumn === -1 || row[areaColumn] === 'AREA IMMIGRAZIONE');
  const original = (r: number) => records[r]![column]!;

  /**
   * A colleague's copy of the export with their own edits (grid row → new text), signed with their name, and
   * their notes (grid row → the "Note sulle celle" field, as Quadro exports it: the column only when a row has one).
   */
  async function colleagueFile(name: string, fileName: string, edits: Record<number, string>, notes: Record<number, string> = {}): Promise<string> {
    const copy = rows.map((row) => [...row]);
    const mine = copy.slice(1).filter((row) => areaColumn === -1 || row[areaColumn] === 'AREA IMMIGRAZIONE');
    for (const [r, text] of Object.entries(edits)) {
      mine[Number(r)]![column] = text;
      mine[Number(r)]![lastChanged] = `2026-11-2${fileName.length % 7}T09:00:00.000Z · ${name}`;
    }
    if (Object.keys(notes).length > 0) {
      expect(header).not.toContain('Note sulle celle');
      copy.forEach((row, i) => row.push(i === 0 ? 'Note sulle celle' : ''));
      for (const [r, field] of Object.entries(notes)) mine[Number(r)]![header.length] = field;
    }
    const path = testInfo.outputPath(fileName);
    await writeFile(path, '\uFEFF' + Papa.unparse(copy, { delimiter: ';', newline: '\r\n' }));
    return path;
  }
  const anna = await colleagueFile('Anna Bianchi', 'anna.csv', { 1: `${original(1)}\n• Versione di Anna: 12 sportelli`, 2: `${original(2)}\n• Aggiunta di Anna` });
  const bruno = await colleagueFile('Bruno Verdi', 'bruno.csv', { 1: `${original(1)}\n• Versione di Bruno: 15 sportelli` });
  // Carla also leaves a note on another cell of the same column (row 4), whose text she does not change.
  const carla = await colleagueFile(
    'Carla Neri',
    'carla.csv',
    { 3: `${original(3)}\n• Aggiunta di Carla` },
    { 4: '[1] «Risultati previsti al 2012» · aperta · Carla Neri · 26/11/2026 09:30:00 +01:00 · id nota-di-carla\nDato da confermare con la Regione' },
  );

  await page.getByTestId('top-more').tap();
  await page.getByTestId('open-import').tap();
  await page.getByTestId('open-gather').tap();
  const dialog = page.getByTestId('gather-dialog');
  await dialog.getByTestId('gather-files').setInputFiles([anna, bruno, carla]);

  // One line per colleague: who, which file, what it changes.
  const files = dialog.getByTestId('gather-file');
  await expect(files).toHaveCount(3);
  await expect(files.nth(0)).toContainText('Anna Bianchi');
  await expect(files.nth(0)).toContainText('2 celle, 0 righe nuove');
  await expect(files.nth(1)).toContainText('Bruno Verdi');
  await expect(files.nth(2)).toContainText('Carla Neri');
  await expect(files.nth(2)).toContainText('1 cella, 0 righe nuove, 1 nota');

  // One conflict between colleagues: base, local text, Anna's and Bruno's, compared word by word.
  const conflict = dialog.getByTestId('gather-conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict.locator('legend')).toContainText('colleghi in disaccordo');
  const sides = conflict.getByTestId('gather-side');
  await expect(sides).toHaveCount(4);
  await expect(sides.nth(0)).toContainText('Base (ultimo scambio)');
  await expect(sides.nth(1)).toContainText('La tua versione');
  await expect(sides.nth(2)).toContainText('Anna Bianchi');
  await expect(sides.nth(2).locator('ins')).toContainText('Versione di Anna: 12 sportelli');
  await expect(sides.nth(3)).toContainText('Bruno Verdi');
  await expect(sides.nth(3).locator('ins')).toContainText('Versione di Bruno: 15 sportelli');
  await page.screenshot({ path: testInfo.outputPath('gather-preview.png') });
  if (SHOTS) {
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/gather-preview-ipad.png` });
    await conflict.screenshot({ path: `${SHOTS}/gather-conflict-ipad.png` });
  }

  // Bruno's text wins; everything comes in in one write.
  await conflict.getByLabel('Prendi quella di Bruno Verdi').tap();
  await dialog.getByTestId('gather-apply').tap();
  const summaries = dialog.getByTestId('gather-summary');
  await expect(summaries).toHaveCount(3);
  await expect(summaries.nth(0)).toContainText('Anna Bianchi (anna.csv): 1 cella cambiata, 0 righe aggiunte, 1 conflitto — 1 con il testo di un altro collega');
  await expect(summaries.nth(1)).toContainText('Bruno Verdi (bruno.csv): 1 cella cambiata, 0 righe aggiunte, 1 conflitto — 1 con il suo testo');
  await expect(summaries.nth(2)).toContainText('Carla Neri (carla.csv): 1 cella cambiata, 0 righe aggiunte, 0 conflitti, 1 nota portata');
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/gather-summary-ipad.png` });

  // Anna's file undone on its own: her cell goes back, Bruno's and Carla's stay.
  await summaries.nth(0).getByTestId('gather-undo-file').tap();
  await expect(summaries.nth(0)).toContainText('annullato');
  await dialog.getByRole('button', { name: 'Chiudi' }).first().tap();
  await expect(quadro.cell(2, 4)).not.toContainText('Aggiunta di Anna');
  await expect(quadro.cell(1, 4)).toContainText('Versione di Bruno: 15 sportelli');
  await expect(quadro.cell(3, 4)).toContainText('Aggiunta di Carla');
  // Carla's note is on its cell, with the open-note marker; the cell's text is as it was.
  await expect(quadro.cell(4, 4).locator('.quadro-note-marker')).toHaveText('1');
  await expect(quadro.cell(4, 4)).toContainText(original(4).split('\n')[0]!);

  // The import history lists each file as its own import.
  await page.getByTestId('top-more').tap();
  await page.getByTestId('open-import').tap();
  const history = page.getByTestId('import-dialog').locator('.history li');
  await expect(history).toHaveCount(3);
  await expect(history.filter({ hasText: 'anna.csv' })).toContainText('annullata');
  await expect(history.filter({ hasText: 'bruno.csv' }).getByTestId('import-history-summary')).toHaveText(
    'Bruno Verdi: 1 cella cambiata, 0 righe aggiunte, 1 conflitto — 1 con il suo testo',
  );
  await context.close();
});
