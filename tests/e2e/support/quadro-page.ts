// A page model of Quadro for end-to-end tests: find cells, edit them as a user would, wait for saves.
import { expect, type Locator, type Page } from '@playwright/test';

/** Every cell text in the device's database, read by the page with `indexedDB.open` (independent of the app's code). */
export async function storedCellTexts(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('quadro');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      const rows = await new Promise<{ cells: Record<string, { text: string }> }[]>((resolve, reject) => {
        const request = db.transaction('rows').objectStore('rows').getAll();
        request.onsuccess = () => resolve(request.result as never);
        request.onerror = () => reject(request.error);
      });
      return rows.flatMap((row) => Object.values(row.cells).map((cell) => cell.text));
    } finally {
      db.close();
    }
  });
}

/**
 * Exports the whole plan as CSV through the UI («⋯» → «Esporta», «Tutto il piano in un file»), checks
 * the dialog says the file was made, and returns the downloaded file's path and name.
 */
export async function exportWholePlan(page: Page): Promise<{ path: string; name: string }> {
  await page.getByTestId('top-more').click();
  await page.getByTestId('open-export').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByLabel('Tutto il piano in un file').check();
  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('export-download').click()]);
  const path = await download.path();
  await expect(dialog.getByTestId('export-result')).toBeVisible();
  await dialog.getByRole('button', { name: 'Chiudi' }).click();
  return { path, name: download.suggestedFilename() };
}

/** Waits until the app has loaded its plan and the grid shows rows. */
export async function appReady(page: Page): Promise<void> {
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  await expect(page.locator('.ht_master tbody tr').first()).toBeVisible();
}

/**
 * The cell at a data row and column (0-based), in the scrolling part of the grid. Handsontable
 * renders only what is in view: use `QuadroPage.goToCell` first for a cell that may be out of view.
 */
export function cell(page: Page, row: number, column: number): Locator {
  return page.locator(`.ht_master tbody tr[aria-rowindex="${row + 2}"] td[aria-colindex="${column + 2}"]`);
}

/**
 * A cell to click or tap: the first column is frozen, so what the user touches there is Handsontable's
 * left overlay, which covers the scrolling part's copy of the cell.
 */
export function tapTarget(page: Page, row: number, column: number): Locator {
  if (column > 0) return cell(page, row, column);
  return page.locator(`.ht_clone_inline_start tbody tr[aria-rowindex="${row + 2}"] td[aria-colindex="2"]`);
}

/** Closes the first-start sheet (name, install, offline ready) so the whole grid can be tapped. */
export async function dismissFirstStart(page: Page): Promise<void> {
  const sheet = page.getByTestId('first-start');
  if (await sheet.isVisible()) {
    await sheet.getByTestId('first-start-close').click();
    await expect(sheet).toBeHidden();
  }
}

/** Chromium's double-click interval is 500 ms; a little more to be safe. */
const DOUBLE_CLICK_INTERVAL_MS = 600;

export class QuadroPage {
  private lastGridClick = 0;

  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.ready();
  }

  async ready(): Promise<void> {
    await appReady(this.page);
  }

  areaTab(title: string | RegExp): Locator {
    return this.page.getByRole('tab', { name: title });
  }

  cell(row: number, column: number): Locator {
    return cell(this.page, row, column);
  }

  /**
   * Selects a cell the way a keyboard user reaches it (the grid scrolls it into view): a tap on a
   * cell of the frozen first column, which is always in view whatever the scroll, Ctrl+↑ to the
   * first row (Ctrl+Home would skip the frozen column), then the arrow keys.
   */
  async goToCell(row: number, column: number): Promise<Locator> {
    // Two quick clicks on the same cell are a double click, which (rightly) opens the large editor:
    // let the double-click interval pass since the last click of this page model.
    const sinceLastClick = Date.now() - this.lastGridClick;
    if (sinceLastClick < DOUBLE_CLICK_INTERVAL_MS) await this.page.waitForTimeout(DOUBLE_CLICK_INTERVAL_MS - sinceLastClick);
    await this.page.locator('.ht_clone_inline_start tbody td').first().click();
    this.lastGridClick = Date.now();
    await this.page.keyboard.press('Control+ArrowUp');
    for (let i = 0; i < row; i++) await this.page.keyboard.press('ArrowDown');
    for (let i = 0; i < column; i++) await this.page.keyboard.press('ArrowRight');
    const cell = this.cell(row, column);
    await expect(cell).toBeVisible();
    return cell;
  }

  rowCount(): Locator {
    return this.page.getByTestId('row-count');
  }

  columnHeaders(): Locator {
    return this.page.locator('.ht_master thead th');
  }

  saveStatus(): Locator {
    return this.page.getByTestId('save-status');
  }

  /** Gives the name asked for in the first-start sheet; the sheet closes. */
  async setAuthor(name: string): Promise<void> {
    const banner = this.page.getByTestId('author-banner');
    await banner.getByRole('textbox').fill(name);
    await banner.getByRole('button', { name: /^(Salva il nome|Save the name)$/ }).click();
    await expect(banner).toBeHidden();
  }

  /** Closes the first-start sheet without giving a name (it is asked again at the next start). */
  async dismissFirstStart(): Promise<void> {
    await dismissFirstStart(this.page);
  }

  /** Runs a command of a menu (the top bar's ⋯, the plan menu, the area's ⋯). */
  async menuCommand(menu: 'top-more' | 'plan-menu' | 'area-more', item: string | RegExp): Promise<void> {
    await this.page.getByTestId(menu).click();
    await this.page.getByRole('menuitem', { name: item }).click();
  }

  /** Edits a cell through the large editor (what a tablet user does for long text). */
  async editInLargeEditor(row: number, column: number, text: string): Promise<void> {
    await this.goToCell(row, column);
    await this.page.getByRole('button', { name: /^(Modifica|Edit)$/ }).click();
    const editor = this.page.getByTestId('cell-editor-text');
    await expect(editor).toBeVisible();
    await editor.fill(text);
    await this.page.getByTestId('cell-editor-done').click();
    await expect(this.page.getByTestId('cell-editor')).toBeHidden();
  }

  /**
   * Waits until the top bar says every change is stored («Salvato»). It reads the app's own status
   * only: where a test relies on the text being on the device, use `expectStored`, which reads IndexedDB.
   */
  async expectStatusSaved(): Promise<void> {
    await expect(this.saveStatus()).toHaveAttribute('data-status', 'saved');
  }

  /**
   * Waits until the top bar says «Salvato», then checks in IndexedDB itself (a connection of its
   * own, not the app's) that a cell of the plan holds exactly `text`.
   */
  async expectStored(text: string): Promise<void> {
    await this.expectStatusSaved();
    await expect.poll(() => storedCellTexts(this.page).then((texts) => texts.includes(text)), { message: `a cell stored in IndexedDB reads «${text}»` }).toBe(true);
  }

  async answer(value?: string): Promise<void> {
    const dialog = this.page.getByTestId('ask-dialog');
    await expect(dialog).toBeVisible();
    if (value !== undefined) await dialog.getByTestId('ask-input').fill(value);
    await dialog.getByTestId('ask-ok').click();
    await expect(dialog).toBeHidden();
  }
}
