// Two tabs of one browser on the same plan: each sees the other's edits without a reload, and neither writes over the other.
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';

test('two tabs editing the same plan see each other’s edits and end identical, every last edit present', async ({ server, page, context }) => {
  const tabA = new QuadroPage(page);
  await tabA.open(server.url);
  const tabB = new QuadroPage(await context.newPage());
  await tabB.open(server.url);

  // A edits; B shows it within a second, without a reload.
  await tabA.editInLargeEditor(0, 4, 'Scritto nella scheda A');
  await tabA.expectStored('Scritto nella scheda A');
  await expect(tabB.cell(0, 4)).toHaveText('Scritto nella scheda A', { timeout: 1_000 });

  // B edits another cell; A shows it.
  await tabB.editInLargeEditor(1, 3, 'Scritto nella scheda B');
  await tabB.expectStored('Scritto nella scheda B');
  await expect(tabA.cell(1, 3)).toHaveText('Scritto nella scheda B', { timeout: 1_000 });

  // B's large editor opens on A's latest text (not a stale copy) and B's edit wins only because B saw A's.
  await tabB.goToCell(0, 4);
  await tabB.page.getByRole('button', { name: /^(Modifica|Edit)$/ }).click();
  await expect(tabB.page.getByTestId('cell-editor-text')).toHaveValue('Scritto nella scheda A');
  await tabB.page.getByTestId('cell-editor-text').fill('Scritto nella scheda A, corretto in B');
  await tabB.page.getByTestId('cell-editor-done').click();
  await tabB.expectStatusSaved();
  await expect(tabA.cell(0, 4)).toHaveText('Scritto nella scheda A, corretto in B', { timeout: 1_000 });

  // Both tabs end with the same plan, read from each one's own state.
  const rowsOf = (quadro: QuadroPage): Promise<unknown> =>
    quadro.page.evaluate(() => (window as unknown as { quadro: { nav: { rows: { id: string; cells: Record<string, { text: string }> }[] } } }).quadro.nav.rows.map((row) => [row.id, Object.fromEntries(Object.entries(row.cells).map(([c, cell]) => [c, cell.text]))]));
  expect(await rowsOf(tabA)).toEqual(await rowsOf(tabB));
});

test('an editor left open on a cell another tab changed shows both versions before saving', async ({ server, page, context }) => {
  const tabA = new QuadroPage(page);
  await tabA.open(server.url);
  const tabB = new QuadroPage(await context.newPage());
  await tabB.open(server.url);

  // B opens the large editor first, then A changes the same cell.
  await tabB.goToCell(0, 4);
  await tabB.page.getByRole('button', { name: /^(Modifica|Edit)$/ }).click();
  await tabB.page.getByTestId('cell-editor-text').fill('Versione di B');
  await tabA.editInLargeEditor(0, 4, 'Versione di A');
  await tabA.expectStatusSaved();

  await tabB.page.getByTestId('cell-editor-done').click();
  const conflict = tabB.page.getByTestId('cell-conflict');
  await expect(conflict).toContainText('Versione di A');
  await expect(conflict).toContainText('Versione di B');
  await conflict.getByRole('button', { name: 'Tieni entrambi' }).click();
  await tabB.expectStatusSaved();
  await expect(tabA.cell(0, 4)).toHaveText(/Versione di A\s+Versione di B/, { timeout: 1_000 });
});
