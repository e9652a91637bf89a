// A consultant on a tablet (touch, Italian) at iPad landscape, iPad portrait and an Android tablet:
// the grid gets the screen, commands act on what is visible, typed text is never thrown away, menus close.
import type { Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { dismissFirstStart, tapTarget, type QuadroPage } from './support/quadro-page.ts';

const VIEWPORTS = [
  { name: 'iPad landscape', width: 1180, height: 820 },
  { name: 'iPad portrait', width: 820, height: 1180 },
  { name: 'Android tablet', width: 800, height: 1280 },
];

/** The share of the viewport's height the grid occupies, and whether the page itself scrolls. */
async function gridRoom(page: Page): Promise<{ share: number; pageScrolls: boolean }> {
  return page.evaluate(() => {
    const box = document.querySelector('[data-testid="matrix-grid"]')!.getBoundingClientRect();
    const visible = Math.max(0, Math.min(box.bottom, innerHeight) - Math.max(box.top, 0));
    return { share: visible / innerHeight, pageScrolls: document.documentElement.scrollHeight > innerHeight };
  });
}

/** How many large-editor drafts IndexedDB holds (read with the browser's own API). */
async function draftCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('quadro');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('drafts').objectStore('drafts').count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

async function start(quadro: QuadroPage, url: string): Promise<void> {
  await quadro.open(url);
  await dismissFirstStart(quadro.page);
}

for (const viewport of VIEWPORTS) {
  test.describe(`${viewport.name} (${viewport.width}×${viewport.height}, touch)`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height }, hasTouch: true, locale: 'it-IT' });

    test('the first-start notices never cover the grid, the grid takes at least 80% of the height once they are closed, and the page does not scroll', async ({ quadro, server, page }) => {
      await quadro.open(server.url);
      const notices = await page.getByTestId('first-start').boundingBox();
      const gridTop = (await page.getByTestId('matrix-grid').boundingBox())?.y ?? 0;
      expect(notices !== null && notices.y + notices.height <= gridTop + 1, 'the notices end above the grid').toBe(true);
      const first = await gridRoom(page);
      expect(first.share).toBeGreaterThanOrEqual(0.5);
      expect(first.pageScrolls).toBe(false);

      await dismissFirstStart(page);
      const after = await gridRoom(page);
      expect(after.share).toBeGreaterThanOrEqual(0.8);
      expect(after.pageScrolls).toBe(false);
      // Every command of the two bars is on screen, none pushed past the right edge — online and offline.
      for (const offline of [false, true]) {
        await page.context().setOffline(offline);
        await expect(page.getByTestId('connection-status')).toHaveAttribute('data-online', offline ? 'false' : 'true');
        for (const id of ['undo', 'redo', 'open-search', 'top-more', 'edit-cell', 'add-row', 'delete-rows', 'move-up', 'move-down', 'area-more']) {
          const box = await page.getByTestId(id).boundingBox();
          expect(box !== null && box.x >= 0 && box.x + box.width <= viewport.width, `${id} is on screen${offline ? ' offline' : ''}`).toBe(true);
        }
        // Which plan is open stays readable: the offline sentence once squeezed the select to a sliver.
        const plan = await page.getByTestId('plan-select').boundingBox();
        expect(plan !== null && plan.width >= 120, `the plan's name is readable${offline ? ' offline' : ''}`).toBe(true);
      }
      await page.context().setOffline(false);
      // The name was left for later: nothing signs as a made-up person, and it is asked again next session.
      await page.getByTestId('top-more').click();
      await expect(page.getByRole('menuitem', { name: /Firma: nessun nome/ })).toBeVisible();
    });

    test('after switching area, cell and row commands wait for a cell of the new area', async ({ quadro, server, page }) => {
      await start(quadro, server.url);
      const edit = page.getByTestId('edit-cell');
      const rowCommands = [edit, page.getByTestId('delete-rows'), page.getByTestId('move-up'), page.getByTestId('move-down')];
      for (const command of rowCommands) await expect(command).toBeDisabled();

      await tapTarget(page, 0, 0).tap();
      for (const command of rowCommands) await expect(command).toBeEnabled();

      await quadro.areaTab('AREA INCLUSIONE SOCIALE E LAVORATIVA').tap();
      await expect(quadro.cell(0, 0)).toHaveText('SUPPORTO AL MINISTERO NELLE ATTIVITÀ DI GOVERNANCE');
      for (const command of rowCommands) await expect(command).toBeDisabled();
      await page.getByTestId('area-more').tap();
      await expect(page.getByRole('menuitem', { name: 'Rinomina colonna' })).toBeDisabled();
      await page.keyboard.press('Escape');

      await tapTarget(page, 1, 0).tap();
      for (const command of rowCommands) await expect(command).toBeEnabled();
      await edit.tap();
      await expect(page.getByTestId('cell-editor-text')).toHaveValue('SUPPORTO ALLE REGIONI NELLE ATTIVITÀ DI GOVERNANCE');
    });

    test('typing on a long cell adds to its text in the large editor; on a short cell it replaces it; one undo each', async ({ quadro, server, page }) => {
      await start(quadro, server.url);
      const long = quadro.cell(0, 1);
      const before = (await long.innerText()).trim();
      expect(before.length).toBeGreaterThan(80);
      await long.tap();
      await page.keyboard.type(' Nota');
      const editor = page.getByTestId('cell-editor-text');
      await expect(editor).toBeVisible();
      const typed = await editor.inputValue();
      expect(typed.endsWith(' Nota')).toBe(true);
      expect(typed.length).toBeGreaterThan(before.length);
      // The caret is at the end, after the typed characters.
      expect(await editor.evaluate((area: HTMLTextAreaElement) => area.selectionStart === area.value.length)).toBe(true);
      await page.getByTestId('cell-editor-done').tap();
      await quadro.expectStatusSaved();
      await expect(long).toContainText('flussi migratori. Nota');
      await page.getByTestId('undo').tap();
      await expect(long).not.toContainText('Nota');
      await expect(long).toContainText('flussi migratori.');

      const short = quadro.cell(0, 0);
      // A second tap on the selected cell opens the large editor (MatrixGrid, not a timer): this tap is
      // on another cell than the one tapped last, so it selects it and typing replaces its text.
      await tapTarget(page, 0, 0).tap();
      await page.keyboard.type('Nota');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('cell-editor')).toBeHidden();
      await expect(short).toHaveText('Nota');
      await quadro.expectStatusSaved();
      await page.getByTestId('undo').tap();
      await expect(short).toHaveText('GOVERNANCE TRANSNAZIONALE');
    });

    test('text typed in the large editor survives a reload, and closing with changes asks first', async ({ quadro, server, page }) => {
      await start(quadro, server.url);
      await quadro.cell(0, 2).tap();
      await page.getByTestId('edit-cell').tap();
      const editor = page.getByTestId('cell-editor-text');
      await editor.fill('Bozza scritta in riunione\n• primo punto');
      await expect.poll(() => draftCount(page)).toBe(1);

      // Esc with changes asks; "Continua a scrivere" keeps the text.
      await page.keyboard.press('Escape');
      const ask = page.getByTestId('ask-dialog');
      await expect(ask).toContainText('Scartare il testo scritto?');
      await ask.getByRole('button', { name: 'Continua a scrivere' }).tap();
      await expect(editor).toHaveValue('Bozza scritta in riunione\n• primo punto');

      await page.reload();
      await quadro.ready();
      await expect(ask).toContainText('Testo non ancora salvato');
      await ask.getByRole('button', { name: 'Riapri il testo' }).tap();
      await expect(editor).toHaveValue('Bozza scritta in riunione\n• primo punto');
      await page.getByTestId('cell-editor-done').tap();
      await quadro.expectStatusSaved();
      await expect(quadro.cell(0, 2)).toHaveText('Bozza scritta in riunione\n• primo punto');
      await expect.poll(() => draftCount(page)).toBe(0);
    });

    test('menus close with Esc and with a tap outside, and Esc gives focus back to their button', async ({ quadro, server, page }) => {
      await start(quadro, server.url);
      for (const menu of ['plan-menu', 'area-more', 'top-more']) {
        const button = page.getByTestId(menu);
        await button.tap();
        await expect(page.getByRole('menu')).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByRole('menu')).toBeHidden();
        await expect(button).toBeFocused();

        await button.tap();
        await expect(page.getByRole('menu')).toBeVisible();
        // A tap outside (here on the first row's number, which opens nothing) closes it.
        await page.locator('.ht_clone_inline_start tbody tr[aria-rowindex="2"] th').tap();
        await expect(page.getByRole('menu')).toBeHidden();
      }
    });
  });
}

test.describe('long titles (iPad portrait, touch)', () => {
  test.use({ viewport: { width: 820, height: 1180 }, hasTouch: true, locale: 'it-IT' });

  test('a 10,000-character title is refused with the reason; the longest title allowed never takes over the screen', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    const tooLong = 'Titolo molto lungo '.repeat(530);
    // The longest title the one title rule allows (200 characters).
    const long = 'Titolo molto lungo '.repeat(11).slice(0, 200).trim();
    await quadro.cell(0, 2).tap();
    await quadro.menuCommand('area-more', 'Rinomina colonna');
    const dialog = page.getByTestId('ask-dialog');
    await dialog.getByTestId('ask-input').fill(tooLong);
    await dialog.getByTestId('ask-ok').click();
    // Asked again, saying why; the title is not cut silently.
    await expect(dialog).toContainText('il massimo è 200');
    await quadro.answer(long);
    await quadro.expectStatusSaved();
    await quadro.menuCommand('area-more', 'Rinomina area');
    await quadro.answer(long);
    await quadro.expectStatusSaved();

    const header = page.locator('.ht_master thead th').nth(3);
    const headerBox = await header.boundingBox();
    expect(headerBox!.height).toBeLessThan(120);
    const tabBox = await quadro.areaTab(/^Titolo molto lungo/).boundingBox();
    expect(tabBox!.width).toBeLessThanOrEqual(300);
    const headingBox = await page.getByTestId('area-title').boundingBox();
    expect(headingBox!.height).toBeLessThan(60);
    expect((await gridRoom(page)).share).toBeGreaterThanOrEqual(0.8);

    // The whole title is one tap away.
    await page.getByTestId('area-title').getByRole('button').tap();
    await expect(page.getByTestId('ask-dialog')).toContainText(long);
  });
});

test.describe('plans and reading (iPad landscape, touch)', () => {
  test.use({ viewport: { width: 1180, height: 820 }, hasTouch: true, locale: 'it-IT' });

  test('"Nuovo piano" can roll the plan forward a year', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.menuCommand('plan-menu', 'Nuovo piano');
    await page.getByTestId('ask-option-roll-forward').tap();
    await expect(page.getByTestId('ask-input')).toHaveValue('Piano operativo 2013');
    await quadro.answer();
    await expect(page.getByTestId('plan-select').locator('option:checked')).toHaveText('Piano operativo 2013');
    await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
    await page.setViewportSize({ width: 2600, height: 820 });
    await expect(quadro.columnHeaders().filter({ hasText: /^Risultati al 2012$/ })).toHaveCount(1);
    await expect(quadro.columnHeaders().filter({ hasText: /^Risultati previsti al 2013$/ })).toHaveCount(1);
  });

  test('the text size and collapsed tall rows are remembered on the device', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    const row = page.locator('.ht_master tbody tr[aria-rowindex="3"]');
    const tall = (await row.boundingBox())!.height;
    await page.getByTestId('area-more').tap();
    await page.getByTestId('text-larger').tap();
    await expect(page.getByTestId('text-size')).toHaveText('110%');
    await page.getByTestId('collapse-tall').tap();
    await expect.poll(async () => (await row.boundingBox())!.height).toBeLessThan(tall / 2);
    await expect(quadro.cell(1, 1)).toContainText('…');

    // A tap on the row number shows that row whole.
    await page.locator('.ht_clone_inline_start tbody tr[aria-rowindex="3"] th').tap();
    await expect.poll(async () => (await row.boundingBox())!.height).toBeGreaterThan(tall);

    await page.reload();
    await quadro.ready();
    await page.getByTestId('area-more').tap();
    await expect(page.getByTestId('text-size')).toHaveText('110%');
    await expect(page.getByTestId('collapse-tall')).toHaveText(/mostra tutto il testo/);
  });
});

test.describe('on-screen keyboard up (iPad landscape, 1180×450, touch)', () => {
  test.use({ viewport: { width: 1180, height: 450 }, hasTouch: true, locale: 'it-IT' });

  test('the first-start notices take at most a quarter of the height, so the grid keeps its first rows', async ({ quadro, server, page }) => {
    await quadro.open(server.url);
    const notices = page.getByTestId('first-start');
    // The tallest moment: the name is asked and "ready offline" is said.
    await expect(notices.getByTestId('offline-ready')).toBeVisible();
    await expect(notices.getByRole('textbox', { name: /Con quale nome firmi/ })).toBeVisible();
    await expect(notices.getByRole('button', { name: 'Più tardi' })).toBeVisible();
    await expect(notices.getByTestId('first-start-close')).toBeVisible();
    const strip = await box(notices);
    expect(strip.height, 'the notices’ height at keyboard height').toBeLessThanOrEqual(450 / 4);
    const room = await gridRoom(page);
    expect(room.share, 'the grid’s share of the height').toBeGreaterThanOrEqual(0.4);
    expect(room.pageScrolls).toBe(false);
    // Still a named region, for screen readers.
    await expect(page.getByRole('region', { name: 'Benvenuto in Quadro' })).toBeAttached();
  });
});

async function box(locator: import('@playwright/test').Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not on screen');
  return found;
}
