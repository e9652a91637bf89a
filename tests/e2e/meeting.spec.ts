// Ready for a regional meeting (issue 11) on a touch tablet: search the plan, print all of it, present an area.
import { readFileSync } from 'node:fs';
import { test, expect } from './support/server-fixture.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';

const seed = JSON.parse(readFileSync(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
const byOrder = <T extends { order: number }>(items: T[]): T[] => [...items].sort((a, b) => a.order - b.order);

/** Each area of the bundled plan, in order, with the text of its rows' first (AMBITO) cell. */
function ambitiByArea(): { title: string; ambiti: string[] }[] {
  return byOrder(seed.areas).map((area) => {
    const first = byOrder(seed.columns.filter((column) => column.areaId === area.id))[0];
    const rows = byOrder(seed.rows.filter((row) => row.areaId === area.id));
    return { title: area.title, ambiti: rows.map((row) => (first ? (row.cells[first.id]?.text ?? '') : '')) };
  });
}

test.use({ viewport: { width: 1180, height: 820 }, hasTouch: true });

test('searching "attivita" finds cells in several areas and a tap selects the cell in its area', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await page.getByTestId('open-search').tap();
  const input = page.getByTestId('search-input');
  await expect(input).toBeFocused();
  await input.fill('attivita');

  const groups = page.getByTestId('search-group');
  await expect(groups.nth(1)).toBeVisible();
  expect(await groups.count()).toBeGreaterThanOrEqual(2);
  // Accents and case are ignored, and the matching word is highlighted as the plan writes it.
  await expect(groups.first().locator('mark').first()).toHaveText(/^attivit[àa]/i);

  // A hit in another area than the one on screen: the area opens and the grid selects the cell.
  const second = groups.nth(1);
  const areaTitle = (await second.locator('h2').innerText()).trim();
  await second.getByTestId('search-hit').first().tap();
  await expect(page.getByTestId('search-panel')).toBeHidden();
  await expect(page.getByRole('tab', { name: areaTitle })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('.ht_master td.current')).toHaveCount(1);
  await expect(page.locator('.ht_master td.current')).toContainText(/attività/i);

  // The keyboard opens it too: "/" (which does not start typing in the selected cell) and Ctrl+F; Esc closes it.
  const selectedText = await page.locator('.ht_master td.current').innerText();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('search-panel')).toBeHidden();
  await expect(page.locator('.ht_master td.current')).toHaveText(selectedText);
  await page.keyboard.press('Control+f');
  await expect(input).toBeFocused();
});

test('the row filter keeps only the rows whose cells contain the words', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  const all = ambitiByArea()[0]?.ambiti.length ?? 0;
  await page.getByTestId('row-filter').fill('transnazionale');
  await expect(page.getByTestId('row-filter-count')).toContainText(`di ${all} righe`);
  await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
  const shown = await page.locator('.ht_master tbody tr').count();
  expect(shown).toBeLessThan(all);
});

test('printing the whole plan has every ambito of every area exactly once', async ({ quadro, server, page }) => {
  // The print dialog itself is the browser's: record the call instead of opening it.
  await page.addInitScript(() => {
    window.print = () => document.documentElement.setAttribute('data-printed', 'true');
  });
  await quadro.open(server.url);
  await quadro.setAuthor('Maria Rossi');
  await page.getByTestId('top-more').tap();
  await page.getByTestId('print-plan').tap();
  await expect(page.locator('html')).toHaveAttribute('data-printed', 'true');

  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('app')).toBeHidden();
  const expected = ambitiByArea();
  const sections = page.getByTestId('print-area');
  await expect(sections).toHaveCount(expected.length);
  for (const [i, area] of expected.entries()) {
    const section = sections.nth(i);
    await expect(section.locator('h1')).toHaveText(area.title);
    await expect(section.getByTestId('print-ambito')).toHaveText(area.ambiti);
    // The page header (repeated on every printed page) says plan, area and author.
    await expect(section.locator('thead .page-header')).toContainText(area.title);
    await expect(section.locator('thead .page-header')).toContainText('Maria Rossi');
  }
  const all = expected.flatMap((area) => area.ambiti);
  const printed = await page.getByTestId('print-ambito').allInnerTexts();
  expect(printed).toHaveLength(all.length);
});

test('presentation mode moves through every ambito of the area and Esc leaves it', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  const area = ambitiByArea()[1];
  if (!area) throw new Error('the bundled plan has a second area');
  await quadro.areaTab(area.title).tap();
  await expect(quadro.cell(0, 0)).toHaveText(area.ambiti[0] as string);
  await page.getByTestId('top-more').tap();
  await page.getByTestId('open-presentation').tap();
  const ambito = page.getByTestId('present-ambito');
  const seen: string[] = [await ambito.innerText()];
  for (let i = 1; i < area.ambiti.length; i++) {
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('present-position')).toHaveText(`${i + 1} di ${area.ambiti.length}`);
    seen.push(await ambito.innerText());
  }
  expect(seen.map((text) => text.trim())).toEqual(area.ambiti.map((text) => text.trim()));
  await expect(page.getByTestId('present-next')).toBeDisabled();

  // A swipe to the right goes back one ambito; the buttons work by touch.
  const box = await page.getByTestId('presentation').boundingBox();
  if (!box) throw new Error('presentation is visible');
  const y = box.y + box.height / 2;
  await page.getByTestId('presentation').dispatchEvent('pointerdown', { pointerType: 'touch', pointerId: 7, clientX: box.x + 200, clientY: y, isPrimary: true });
  await page.getByTestId('presentation').dispatchEvent('pointerup', { pointerType: 'touch', pointerId: 7, clientX: box.x + 500, clientY: y + 10, isPrimary: true });
  await expect(page.getByTestId('present-position')).toHaveText(`${area.ambiti.length - 1} di ${area.ambiti.length}`);
  await page.getByTestId('present-next').tap();
  await expect(page.getByTestId('present-position')).toHaveText(`${area.ambiti.length} di ${area.ambiti.length}`);

  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presentation')).toBeHidden();
  await expect(page.getByTestId('matrix-grid')).toBeVisible();
});

test('the search finds what was just typed, and forgets it after undo', async ({ quadro, server, page }) => {
  await quadro.open(server.url);
  await quadro.setAuthor('Maria Rossi');
  // The index is built in idle time: search once so the edit below updates a built index.
  await page.getByTestId('open-search').tap();
  await page.getByTestId('search-input').fill('governance');
  await expect(page.getByTestId('search-hit').first()).toBeVisible();
  await page.keyboard.press('Escape');

  await quadro.editInLargeEditor(1, 2, 'Avviati i tavoli di città metropolitana');
  await quadro.expectStatusSaved();
  await page.keyboard.press('Control+f');
  await page.getByTestId('search-input').fill('citta metro');
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await expect(page.getByTestId('search-hit').locator('mark')).toHaveText(['città', 'metropolitana']);
  await page.keyboard.press('Escape');

  await page.getByTestId('undo').click();
  await quadro.expectStatusSaved();
  await page.keyboard.press('Control+f');
  await page.getByTestId('search-input').fill('citta metro');
  await expect(page.getByTestId('search-panel')).toContainText('Nessuna cella contiene queste parole.');
});
