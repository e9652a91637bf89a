// Issue 20: Quadro with the keyboard alone (a keyboard on an iPad, a screen reader user, a switch): the whole job without a
// pointer, the area tabs as the ARIA tabs pattern, the Tab order following the screen, and what a grid cell announces.
import type { Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { appReady } from './support/quadro-page.ts';

test.use({ viewport: { width: 1180, height: 820 }, locale: 'it-IT' });

/** Presses Tab (or Shift+Tab) until the element with this test id has the focus; fails after `limit` presses. */
async function tabTo(page: Page, testId: string, backwards = false, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${testId} never got the focus with ${backwards ? 'Shift+Tab' : 'Tab'}`);
}

test('open the plan, find a cell by search, edit it, undo, export: keyboard only', async ({ page, server }) => {
  await page.goto(server.url);
  await appReady(page);

  // Find: Ctrl+F, type, ↓ to the first hit, Enter opens its cell.
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('Moldova');
  await expect(page.getByTestId('search-hit')).toHaveCount(1);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('search-hit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-panel')).toBeHidden();
  const current = page.locator('.ht_master td.current');
  await expect(current).toContainText('Moldova');
  await expect(current).toBeFocused();

  // Edit: Enter opens the large editor on that cell; Ctrl+Enter saves.
  const before = (await current.innerText()).trim();
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('cell-editor-text');
  await expect(editor).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('Piani esecutivi realizzati in 4 Paesi (Moldova, Egitto, Albania, Sri Lanka).');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('cell-editor')).toBeHidden();
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  await expect(current).toHaveText('Piani esecutivi realizzati in 4 Paesi (Moldova, Egitto, Albania, Sri Lanka).');
  await expect(current).toBeFocused();

  // Undo: Ctrl+Z, said in words.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('notice')).toHaveText('Annullata la modifica di «Risultati al 2011» in GOVERNANCE TRANSNAZIONALE');
  await expect(page.locator('.ht_master td.current')).toHaveText(before);

  // Export: Shift+Tab out of the grid back to the top bar's ⋯, its menu with the arrows, the dialog with Tab.
  await tabTo(page, 'top-more', true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Importa CSV' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Esporta CSV' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('export-dialog')).toBeVisible();
  await tabTo(page, 'export-download');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/^quadro_piano-operativo-2012_.*\.csv$/);
});

test('the area tabs: one Tab stop, ←/→/Home/End move and open the area', async ({ page, server }) => {
  await page.goto(server.url);
  await appReady(page);
  const tabs = page.getByRole('tab');
  await expect(tabs).toHaveCount(3);
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(tabs.nth(1)).toBeFocused();
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('area-title')).toHaveText('AREA INCLUSIONE SOCIALE E LAVORATIVA');
  await expect(page.getByRole('tabpanel')).toHaveAccessibleName('AREA INCLUSIONE SOCIALE E LAVORATIVA');
  await page.keyboard.press('End');
  await expect(tabs.nth(2)).toBeFocused();
  await expect(tabs.nth(2)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(tabs.first()).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(tabs.nth(2)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
  await expect(tabs.first()).toHaveAttribute('tabindex', '0');
  // Tab leaves the tab list for what follows it, not the next tab.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).not.toBe('tab');
});

test('the Tab order follows the screen: the name asked at first start comes before the grid', async ({ page, server }) => {
  await page.goto(server.url);
  await appReady(page);
  const order: string[] = [];
  for (let i = 0; i < 40 && !order.includes('grid'); i++) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const active = document.activeElement;
      if (!active) return '';
      if (active.closest('[data-testid="matrix-grid"]')) return 'grid';
      if (active.id === 'author-name') return 'name';
      return active.getAttribute('data-testid') ?? active.tagName;
    });
    order.push(here);
  }
  expect(order).toContain('name');
  expect(order.indexOf('name')).toBeLessThan(order.indexOf('grid'));
  // The top bar, then the notices, then the area tabs, then the area's commands.
  expect(order.indexOf('plan-select')).toBeLessThan(order.indexOf('name'));
  expect(order.indexOf('name')).toBeLessThan(order.indexOf('edit-cell') === -1 ? order.indexOf('add-row') : order.indexOf('edit-cell'));
});

test('what a screen reader hears on a grid cell: its column, its ambito, its text', async ({ page, server }) => {
  await page.goto(server.url);
  await appReady(page);
  await page.locator('.ht_clone_inline_start tbody td').first().click();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const cell = page.locator('.ht_master td.current');
  await expect(cell).toBeFocused();
  // The accessibility tree as Chromium gives it to a screen reader (CDP), for the focused node.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; properties?: { name: string; value: { value: unknown } }[] }[] };
  const focusedNode = nodes.find((node) => node.role?.value !== 'RootWebArea' && node.properties?.some((p) => p.name === 'focused' && p.value.value === true));
  expect(focusedNode?.role?.value).toBe('gridcell');
  expect(focusedNode?.name?.value).toMatch(/^Risultati previsti al 2011, GOVERNANCE NAZIONALE: • Stipula di Accordi Quadro/);
  expect(focusedNode?.properties?.find((p) => p.name === 'selected')?.value.value).toBe(true);
  const grid = nodes.find((node) => node.role?.value === 'treegrid');
  expect(grid?.name?.value).toBe('AREA IMMIGRAZIONE');
  await cdp.detach();
});
