// Notes on cells (issue 23) on an iPad-sized touch screen: a note added from the cell's menu, its marker in the
// grid, the panel opened by tapping the marker, an answer, resolved (the marker goes), and undo bringing it back.
import { test, expect } from './support/server-fixture.ts';
import { tapTarget } from './support/quadro-page.ts';

test.use({ viewport: { width: 1180, height: 820 }, hasTouch: true });

const SHOTS = process.env['QUADRO_NOTES_SHOTS'];

test('a note added to a cell shows its marker, opens from it, is answered and resolved, and survives a reload', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Maria Rossi');
  const target = tapTarget(page, 1, 2);
  const textBefore = await target.innerText();
  await target.tap();
  await expect(target).toHaveClass(/current/);

  // "Note" in the cell's menu: an empty panel, a note typed and added.
  await page.getByTestId('area-more').tap();
  await page.getByTestId('cell-notes-open').tap();
  const panel = page.getByTestId('notes-panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Nessuna nota su questa cella.');
  await panel.getByTestId('note-new-text').fill('Dato da confermare con la Regione');
  await panel.getByTestId('note-add').tap();
  await expect(panel.getByTestId('note-thread')).toHaveCount(1);
  await expect(panel.getByTestId('note-text')).toHaveText('Dato da confermare con la Regione');
  await expect(panel).toContainText('Maria Rossi');
  await quadro.expectStatusSaved();
  await panel.getByTestId('notes-close').tap();
  await expect(panel).toBeHidden();

  // The cell keeps its text and shows a marker with the count of open notes.
  const marker = target.locator('.quadro-note-marker');
  await expect(marker).toHaveText('1');
  await expect(marker).toHaveAttribute('aria-label', 'Una nota aperta');
  expect(await target.evaluate((td) => td.firstChild?.textContent ?? '')).toBe(textBefore.replace(/\n?1$/, ''));
  if (SHOTS) await page.locator('.grid-host').screenshot({ path: `${SHOTS}/grid-marker.png` });

  // A tap on the marker opens the notes (not the editor); an answer, then resolved.
  await marker.tap();
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('cell-editor')).toBeHidden();
  await panel.getByTestId('note-reply-open').tap();
  await panel.getByTestId('note-reply-text').fill('Confermato al telefono, 30/6');
  await panel.getByTestId('note-reply-send').tap();
  await expect(panel.getByTestId('note-reply')).toHaveCount(1);
  await expect(panel.locator('[data-testid="note-reply"] [data-testid="note-text"]')).toHaveText('Confermato al telefono, 30/6');
  if (SHOTS) await panel.screenshot({ path: `${SHOTS}/notes-panel.png` });
  await panel.getByTestId('note-resolve').tap();
  await expect(panel.getByTestId('note-resolved')).toBeVisible();
  await quadro.expectStatusSaved();
  await panel.getByTestId('notes-close').tap();
  await expect(marker).toHaveCount(0);

  // Undo takes back the resolving only: the marker is back; a reload keeps the thread.
  await page.getByTestId('undo').tap();
  await expect(tapTarget(page, 1, 2).locator('.quadro-note-marker')).toHaveText('1');
  await page.reload();
  await quadro.ready();
  await expect(tapTarget(page, 1, 2).locator('.quadro-note-marker')).toHaveText('1');

  // The plan's open notes: one, and it takes you to its cell.
  await page.getByTestId('area-more').tap();
  await page.getByTestId('open-notes-list').tap();
  const list = page.getByTestId('open-notes');
  await expect(list.getByTestId('open-notes-count')).toHaveText('Note aperte: 1');
  await expect(list.getByTestId('open-note')).toContainText('Dato da confermare con la Regione');
  await list.getByTestId('open-note-go').tap();
  await expect(list).toBeHidden();
  await expect(tapTarget(page, 1, 2)).toHaveClass(/current/);

  // Presentation mode shows the open notes under their period when asked.
  await page.getByTestId('top-more').tap();
  await page.getByTestId('open-presentation').tap();
  const presentation = page.getByTestId('presentation');
  await expect(presentation).toBeVisible();
  await expect(presentation.getByTestId('present-note-list')).toHaveCount(0);
  await presentation.getByTestId('present-notes').tap();
  await expect(presentation.getByTestId('present-note-list')).toContainText('Dato da confermare con la Regione');
  await page.keyboard.press('Escape');
  await expect(presentation).toBeHidden();

  // The large editor shows the notes beside the text.
  await page.getByTestId('edit-cell').tap();
  const beside = page.getByTestId('notes-beside-editor');
  await expect(beside).toBeVisible();
  await expect(beside.getByTestId('note-thread')).toHaveCount(1);
  await expect(beside).toContainText('Confermato al telefono, 30/6');
  if (SHOTS) await page.getByTestId('cell-editor').screenshot({ path: `${SHOTS}/editor-with-notes.png` });
});
