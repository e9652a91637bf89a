// Issue 20: what caught a consultant out in a meeting, each point at the tablet size where it was seen, by touch, in Italian.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { dismissFirstStart, QuadroPage, tapTarget } from './support/quadro-page.ts';

const IPAD_LANDSCAPE = { width: 1180, height: 820 };
const IPAD_PORTRAIT = { width: 820, height: 1180 };
const ANDROID = { width: 800, height: 1280 };

async function start(quadro: QuadroPage, url: string): Promise<void> {
  await quadro.open(url);
  await dismissFirstStart(quadro.page);
}

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('the element is on screen');
  return found;
}

/** A finger swipe, as the touchscreen sends it (the browser decides from touch-action whether it scrolls instead). */
async function swipe(page: Page, from: { x: number; y: number }, dx: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const steps = 8;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + (dx * i) / steps, y: from.y + i }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test.describe('Android tablet (800×1280, touch)', () => {
  test.use({ viewport: ANDROID, hasTouch: true, locale: 'it-IT' });

  test('point 1: after "Piano dell’anno successivo" the picker and the tab title tell 2012 and 2013 apart', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.menuCommand('plan-menu', 'Nuovo piano');
    await page.getByTestId('ask-option-roll-forward').tap();
    await quadro.answer();
    const select = page.getByTestId('plan-select');
    await expect(select.locator('option:checked')).toHaveText('Piano operativo 2013');
    await expect(page).toHaveTitle('Piano operativo 2013 · AREA IMMIGRAZIONE — Quadro');

    /** The selected plan's name, measured in the select's own font, against the room inside it (padding and arrow off). */
    const fits = (): Promise<{ name: number; room: number }> =>
      select.evaluate((element: HTMLSelectElement) => {
        const style = getComputedStyle(element);
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const name = context.measureText(element.selectedOptions[0]?.text ?? '').width;
        const ARROW_PX = 20;
        return { name, room: element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW_PX };
      });
    const rolled = await fits();
    expect(rolled.name, 'the whole of «Piano operativo 2013» is shown').toBeLessThanOrEqual(rolled.room);

    await select.selectOption({ label: 'Piano operativo 2012' });
    await expect(page).toHaveTitle('Piano operativo 2012 · AREA IMMIGRAZIONE — Quadro');
    // Online and offline (where the bar also says "Offline"): the whole name, and every command of the bar on screen.
    for (const offline of [false, true]) {
      await page.context().setOffline(offline);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-online', offline ? 'false' : 'true');
      const original = await fits();
      expect(original.name, `the whole name${offline ? ' offline' : ''}`).toBeLessThanOrEqual(original.room);
      for (const id of ['plan-menu', 'undo', 'redo', 'open-search', 'storage-toggle', 'top-more']) {
        const b = await box(page.getByTestId(id));
        expect(b.x + b.width, `${id}${offline ? ' offline' : ''}`).toBeLessThanOrEqual(ANDROID.width);
      }
    }
    await page.context().setOffline(false);
  });

  test('point 6: Conferma, Correggi and Scarta are on screen without panning', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.menuCommand('top-more', 'Indicatori');
    const dashboard = page.getByTestId('indicators-dashboard');
    await expect(dashboard.getByTestId('indicator-row').first()).toBeVisible();
    const edges = await dashboard.evaluate((panel) => ({
      scroll: panel.scrollWidth,
      client: panel.clientWidth,
      right: Math.max(...[...panel.querySelectorAll('.row-actions button')].map((b) => b.getBoundingClientRect().right)),
    }));
    expect(edges.right).toBeLessThanOrEqual(ANDROID.width);
    expect(edges.scroll).toBeLessThanOrEqual(edges.client);
    await dashboard.getByTestId('indicator-row').first().getByRole('button', { name: 'Conferma' }).tap();
    await expect(dashboard.getByTestId('indicator-row').first()).toHaveAttribute('data-state', 'confirmed');
  });
});

test.describe('iPad portrait (820×1180, touch)', () => {
  test.use({ viewport: IPAD_PORTRAIT, hasTouch: true, locale: 'it-IT' });

  test('point 2: with a cell selected, the row filter keeps every letter typed and the focus, and stays usable', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await tapTarget(page, 1, 2).tap();
    const filter = page.getByTestId('row-filter');
    await filter.tap();
    await page.keyboard.type('Moldova');
    await expect(filter).toHaveValue('Moldova');
    await expect(filter).toBeFocused();
    await expect(page.getByTestId('row-filter-count')).toContainText('1 di 5 righe');
    await expect(quadro.cell(0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');
    // The field keeps room to type in, and "show every row" is one tap target, not four lines.
    expect((await box(filter)).width).toBeGreaterThanOrEqual(96);
    const clear = page.getByRole('button', { name: 'Mostra tutte le righe' });
    expect((await box(clear)).height).toBeLessThanOrEqual(48);
    await clear.tap();
    await expect(filter).toHaveValue('');
    await expect(page.getByTestId('row-filter-count')).toHaveCount(0);
    await expect(quadro.cell(1, 0)).toHaveText('GOVERNANCE NAZIONALE');
  });

  test('point 12: a short area title is whole, long words in the ambito wrap, the grid corner speaks Italian', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    const title = page.getByTestId('area-title').getByRole('button');
    const fitsTitle = await title.evaluate((b) => b.scrollWidth <= b.clientWidth);
    expect(fitsTitle, '«AREA IMMIGRAZIONE» is not cut').toBe(true);
    const ambito = await quadro.goToCell(4, 0);
    await expect(ambito).toContainText("DELL'INSERIMENTO/REINSERIMENTO");
    const clipped = await ambito.evaluate((td) => td.scrollWidth > td.clientWidth);
    expect(clipped, 'the long word wraps inside the ambito column').toBe(false);
    await expect(page.locator('.ht_clone_top_inline_start_corner thead th').first()).toHaveAttribute('aria-label', 'Seleziona tutta la matrice');
  });
});

test.describe('iPad landscape (1180×820, touch)', () => {
  test.use({ viewport: IPAD_LANDSCAPE, hasTouch: true, locale: 'it-IT' });

  test('point 3: typing on a long ambito replaces it, as in a spreadsheet; on a long period cell it adds, and says so', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    const ambito = await quadro.goToCell(4, 0);
    expect((await ambito.innerText()).trim().length).toBeGreaterThan(80);
    await page.keyboard.type('NUOVO TITOLO');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('cell-editor')).toBeHidden();
    await quadro.expectStatusSaved();
    await expect(quadro.cell(4, 0)).toHaveText('NUOVO TITOLO');

    // A long period cell: the text typed goes at the end of it, in the large editor, which says so.
    await quadro.goToCell(0, 2);
    await page.keyboard.type('X');
    await expect(page.getByTestId('cell-editor-appended')).toContainText('Quello che digiti si aggiunge in fondo');
    const editor = page.getByTestId('cell-editor-text');
    expect((await editor.inputValue()).endsWith('cooperazione formativa.X')).toBe(true);
    await page.getByTestId('cell-editor-replace').tap();
    await expect(editor).toHaveValue('X');
  });

  test('point 4: in presentation, a swipe across the text moves to the next ambito', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.menuCommand('top-more', 'Presenta');
    await expect(page.getByTestId('present-position')).toHaveText('1 di 5');
    const text = page.locator('.period p').nth(1);
    const b = await box(text);
    await swipe(page, { x: b.x + b.width * 0.8, y: b.y + Math.min(b.height / 2, 120) }, -260);
    await expect(page.getByTestId('present-position')).toHaveText('2 di 5');
    await swipe(page, { x: b.x + b.width * 0.2, y: b.y + Math.min(b.height / 2, 120) }, 260);
    await expect(page.getByTestId('present-position')).toHaveText('1 di 5');
  });

  test('point 5: undoing a change out of view brings its cell into view and says what it undid', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.editInLargeEditor(3, 1, 'Obiettivo riscritto in riunione');
    await quadro.expectStatusSaved();
    // Back to the top of the matrix: row 4 is out of view.
    await page.locator('.ht_master .wtHolder').evaluate((holder) => holder.scrollTo(0, 0));
    await expect(quadro.cell(3, 1)).not.toBeInViewport();

    await page.getByTestId('undo').tap();
    await expect(page.getByTestId('notice')).toHaveText('Annullata la modifica di «Obiettivi…» in NETWORKING E QUALIFICAZIONE DEI SERVIZI PER IL LAVORO IN…');
    await expect(quadro.cell(3, 1)).toBeInViewport();
    await expect(quadro.cell(3, 1)).toHaveClass(/current/);
    await expect(quadro.cell(3, 1)).not.toContainText('riscritto');

    await page.locator('.ht_master .wtHolder').evaluate((holder) => holder.scrollTo(0, 0));
    await page.getByTestId('redo').tap();
    await expect(page.getByTestId('notice')).toHaveText(/^Ripetuta la modifica di «Obiettivi…» in NETWORKING/);
    await expect(quadro.cell(3, 1)).toBeInViewport();
    await expect(quadro.cell(3, 1)).toHaveText('Obiettivo riscritto in riunione');
  });

  test('point 7: the two-tab conflict shows the words that differ and says the other version came from another tab; undo here asks before taking back that tab’s merge', async ({ quadro, server, page, context }) => {
    await start(quadro, server.url);
    const tabA = quadro;
    const tabB = new QuadroPage(await context.newPage());
    await tabB.open(server.url);
    const other = tabB.page;
    // B opens the large editor, A changes the same cell meanwhile.
    await tabB.goToCell(0, 4);
    await other.getByTestId('edit-cell').click();
    await other.getByTestId('cell-editor-text').fill('Realizzati i piani in 6 Paesi con la rete di B');
    await tabA.editInLargeEditor(0, 4, 'Realizzati i piani in 6 Paesi con la rete di A');
    await tabA.expectStatusSaved();
    await other.getByTestId('cell-editor-done').click();

    const conflict = other.getByTestId('cell-conflict');
    await expect(conflict).toHaveAttribute('data-source', 'other-tab');
    await expect(conflict).toContainText('Questa cella è stata cambiata in un’altra scheda di Quadro mentre la modificavi');
    await expect(conflict).toContainText('Versione dell’altra scheda');
    await expect(conflict).toContainText('GOVERNANCE TRANSNAZIONALE · Risultati previsti al 2012');
    await expect(conflict.getByTestId('diff-before').locator('del')).toHaveText('A');
    await expect(conflict.getByTestId('diff-after').locator('ins')).toHaveText('B');
    await conflict.getByRole('button', { name: 'Tieni entrambi' }).click();
    const merged = /rete di A\s+Realizzati i piani in 6 Paesi con la rete di B/;
    await expect(tabA.cell(0, 4)).toHaveText(merged);

    // In A, "Annulla modifica" would take back B's merge: it asks, and "Lascia com’è" leaves it.
    await page.getByTestId('undo').tap();
    const question = page.getByTestId('ask-dialog');
    await expect(question).toContainText('Modifica fatta in un’altra scheda');
    await question.getByRole('button', { name: 'Lascia com’è' }).tap();
    await expect(question).toBeHidden();
    await expect(tabA.cell(0, 4)).toHaveText(merged);
    await page.getByTestId('undo').tap();
    await question.getByRole('button', { name: 'Annulla quella modifica' }).tap();
    await expect(page.getByTestId('notice')).toContainText('Era stata fatta in un’altra scheda.');
    await expect(tabA.cell(0, 4)).toHaveText('Realizzati i piani in 6 Paesi con la rete di A');
    await other.close();
  });

  test('point 8: "Cosa è cambiato" shows today’s edit at once on a device that never exported', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await quadro.editInLargeEditor(1, 3, 'Risultato aggiornato oggi');
    await quadro.expectStatusSaved();
    await quadro.menuCommand('area-more', 'Cosa è cambiato');
    const changes = page.getByTestId('area-changes');
    await expect(changes.getByTestId('area-change')).toHaveCount(1);
    await expect(changes.getByTestId('area-change')).toContainText('GOVERNANCE NAZIONALE · Risultati al 2011');
    await expect(changes.getByTestId('area-change').getByTestId('diff-after')).toContainText('Risultato aggiornato oggi');
    await expect(changes.getByTestId('area-change').locator('ins').first()).toHaveText('Risultato');
    await expect(changes).toContainText('non è ancora stato esportato nulla: ecco ogni cella cambiata');
    await expect(changes.getByTestId('changes-since-start')).toHaveAttribute('aria-pressed', 'true');
  });

  test('point 10: the first-start notices never cover the grid, one "Salva il nome", and closed once they stay closed', async ({ quadro, server, page, context }) => {
    await quadro.open(server.url);
    const notices = page.getByTestId('first-start');
    await expect(notices.getByTestId('offline-ready')).toContainText('Pronto per l’uso offline');
    const grid = await box(page.getByTestId('matrix-grid'));
    const strip = await box(notices);
    expect(strip.y + strip.height, 'the notices end above the grid').toBeLessThanOrEqual(grid.y + 1);
    // "Pronto per l’uso offline" is said there only: nothing floats over the cells.
    await expect(page.getByTestId('offline-ready')).toHaveCount(1);
    await notices.getByRole('textbox').fill('Maria Rossi');
    await expect(page.getByRole('button', { name: 'Salva il nome' })).toHaveCount(1);
    await page.getByRole('button', { name: 'Salva il nome' }).tap();
    await expect(notices).toBeHidden();

    // The next session (a new tab): no welcome again, not for installing nor for being ready offline.
    const next = await context.newPage();
    await next.goto(server.url);
    await expect(next.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    await expect(next.locator('.ht_master tbody tr').first()).toBeVisible();
    await expect(next.getByTestId('first-start')).toHaveCount(0);
    await next.close();
  });

  test('point 10: a name left for later is asked again next session, alone, above the grid', async ({ quadro, server, page, context }) => {
    await quadro.open(server.url);
    await page.getByTestId('first-start').getByRole('button', { name: 'Più tardi' }).tap();
    await page.getByTestId('first-start-close').tap();
    await expect(page.getByTestId('first-start')).toHaveCount(0);
    const next = await context.newPage();
    await next.goto(server.url);
    await expect(next.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    const notices = next.getByTestId('first-start');
    await expect(notices.getByTestId('author-banner')).toBeVisible();
    await expect(notices.getByTestId('offline-ready')).toHaveCount(0);
    await next.close();
  });

  test('point 10: a restore says it is done, after the reload it needs', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await page.getByTestId('storage-toggle').tap();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('backup-export').tap()]);
    const file = await readFile(await download.path());
    await page.getByTestId('backup-file').setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: file });
    await expect(page.getByTestId('backup-summary')).toBeVisible();
    await page.getByTestId('backup-replace').tap();
    await expect(page.getByTestId('reload-notice')).toContainText('Ripristino completato: 1 piano.');
    await quadro.ready();
  });

  test('point 11: a URL in a column title wraps in presentation; a 2,000-character word stays inside the search panel', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    const url = 'https://www.lavoro.gov.it/temi-e-priorita/immigrazione/focus-on/Politiche-di-integrazione/Documents/Piano-integrazione-2012.pdf';
    await quadro.goToCell(0, 2);
    await quadro.menuCommand('area-more', 'Rinomina colonna');
    await quadro.answer(url);
    await quadro.expectStatusSaved();
    await quadro.menuCommand('top-more', 'Presenta');
    const heading = page.locator('.period h2').nth(1);
    await expect(heading).toHaveText(url);
    const overflow = await heading.evaluate((h) => ({ spills: h.scrollWidth > h.clientWidth, right: h.getBoundingClientRect().right, column: h.parentElement!.getBoundingClientRect().right }));
    expect(overflow.spills).toBe(false);
    expect(overflow.right).toBeLessThanOrEqual(overflow.column + 1);
    await page.keyboard.press('Escape');

    const word = `codice${'x'.repeat(2000)}`;
    await quadro.editInLargeEditor(2, 3, `Riferimento ${word} fine`);
    await quadro.expectStatusSaved();
    await page.getByTestId('open-search').tap();
    await page.getByTestId('search-input').fill('codicexxx');
    const hit = page.getByTestId('search-hit').first();
    await expect(hit).toBeVisible();
    const inside = await page.getByTestId('search-panel').evaluate((panel) => {
      const edge = panel.getBoundingClientRect().right;
      return [...panel.querySelectorAll('.snippet, .where')].every((part) => part.getBoundingClientRect().right <= edge + 1 && part.scrollWidth <= part.clientWidth + 1);
    });
    expect(inside).toBe(true);
  });

  test('point 12: the area menu shows its last item whole; "Righe alte" leaves no blank strip; buttons are 44 px', async ({ quadro, server, page }) => {
    await start(quadro, server.url);
    await tapTarget(page, 0, 0).tap();
    await page.getByTestId('area-more').tap();
    const last = page.getByRole('menu').getByRole('menuitem').last();
    await expect(last).toBeInViewport({ ratio: 1 });
    const menuBox = await box(page.getByRole('menu'));
    const lastBox = await box(last);
    expect(lastBox.y + lastBox.height).toBeLessThanOrEqual(menuBox.y + menuBox.height + 1);

    await page.getByTestId('collapse-tall').tap();
    const holder = page.locator('.ht_master .wtHolder');
    await expect
      .poll(() =>
        holder.evaluate((element) => {
          const bottom = element.getBoundingClientRect().bottom;
          const rows = [...element.querySelectorAll('tbody tr')].map((row) => row.getBoundingClientRect().bottom);
          return Math.max(...rows) >= bottom - 1;
        }),
      )
      .toBe(true);

    const small = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('header.bar button, header.bar select, [role="tablist"] button, .area-bar button, .area-bar input, .area-bar select')]
        .filter((element) => element.getClientRects().length > 0)
        .map((element) => ({ name: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '', height: element.getBoundingClientRect().height, width: element.getBoundingClientRect().width }))
        .filter((target) => target.height < 44 || target.width < 44),
    );
    expect(small).toEqual([]);
  });
});
