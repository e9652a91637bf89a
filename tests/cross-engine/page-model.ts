// Every UI step of the cross-engine smoke, in one place: how a user finds and uses each control (roles, labels, Italian text).
// When the interface is restyled, this is the one file to update: each command is clicked where the interface puts it
// (a button of the toolbar or top bar, or an item of a named menu), so a control that disappeared from its place fails here.
import { waitFor, type EngineDriver } from './driver.ts';
import { clearDownloads, findElement, installProbe, readProbe, takeProblems, type ProbeReport, type Query } from './in-page.ts';

const GRID_CELL = (row: number, column: number): string =>
  `.ht_master tbody tr[aria-rowindex="${row + 2}"] td[aria-colindex="${column + 2}"]`;
/** A cell of the frozen first column: always in view, whatever the grid's scroll. */
const FROZEN_CELL = '.ht_clone_inline_start tbody td';
/** Engines' double-click intervals are 500 ms at most; two grid clicks closer than that open the large editor. */
const DOUBLE_CLICK_INTERVAL_MS = 600;

const button = (name: string, within?: Query): Query => ({ role: 'button', name, within });
const dialog = (title: string): Query => ({ role: 'dialog', name: title, pattern: true });
/** The top bar's «⋯» menu (import, export, print, name, language). */
const TOP_MENU = 'Altro';

export class QuadroPage {
  private marks = 0;
  private lastGridClick = 0;
  private readonly problems: string[] = [];

  constructor(readonly driver: EngineDriver) {}

  // --- finding things -------------------------------------------------------------------------

  /** A CSS selector for the element `query` names, or null when there is none (yet). */
  async find(query: Query): Promise<string | null> {
    return this.driver.evaluate(findElement, query, `m${++this.marks}`);
  }

  async waitFind(query: Query, timeoutMs?: number): Promise<string> {
    return waitFor(`an element ${JSON.stringify(query)}`, () => this.find(query), timeoutMs);
  }

  async clickOn(query: Query): Promise<void> {
    await this.driver.click(await this.waitFind(query));
  }

  /**
   * Clicks a button that is on screen (the area's toolbar, the top bar) by its accessible name:
   * never an item of a menu, so a toolbar button that disappeared fails here. Waits while the
   * button is disabled, as a user would.
   */
  async clickButton(name: string, pattern = false): Promise<void> {
    await this.clickOn({ role: 'button', name, pattern });
  }

  /** Opens the menu whose button is named `menu` (its accessible name) and runs its item `item`. */
  async clickMenuItem(menu: string, item: string, pattern = false): Promise<void> {
    await this.clickOn({ role: 'button', name: menu });
    const menuItem: Query = { role: 'menuitem', name: item, pattern, within: { role: 'menu' } };
    await this.clickOn(menuItem);
  }

  /** The visible text of an element (innerText: what a user reads). */
  async textOf(css: string): Promise<string> {
    return this.driver.evaluate((selector: string) => (document.querySelector(selector) as HTMLElement | null)?.innerText ?? '', css);
  }

  async expectText(css: string, expected: string | RegExp, what: string): Promise<void> {
    let last = '';
    try {
      await waitFor(`${what} to read ${String(expected)}`, async () => {
        last = (await this.textOf(css)).trim();
        return typeof expected === 'string' ? last === expected : expected.test(last);
      });
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; it reads «${last}»`, { cause: error });
    }
  }

  async expectVisible(query: Query, what: string): Promise<void> {
    await waitFor(what, () => this.find(query));
  }

  async expectGone(query: Query, what: string): Promise<void> {
    await waitFor(what, async () => (await this.find(query)) === null);
  }

  // --- the page's life ------------------------------------------------------------------------

  /** Adds the error/CSP/download probe when the protocol could not add it before the page's scripts. */
  async probe(): Promise<void> {
    await this.driver.evaluate(installProbe, this.driver.probesBeforeLoad ? 'before the page scripts' : 'after the load');
  }

  async report(): Promise<ProbeReport> {
    const report = await this.driver.evaluate(readProbe);
    if (!report) throw new Error('The page probe is not installed');
    return report;
  }

  /** Page errors and CSP violations of every document so far (read before each navigation). */
  async pageProblems(): Promise<string[]> {
    await this.collectProblems();
    return [...this.problems];
  }

  private async collectProblems(): Promise<void> {
    this.problems.push(...(await this.driver.evaluate(takeProblems)));
  }

  async open(url: string): Promise<void> {
    await this.collectProblems();
    await this.driver.goto(url);
    await this.probe();
    await this.ready();
  }

  async reload(): Promise<void> {
    await this.collectProblems();
    await this.driver.reload();
    await this.probe();
    await this.ready();
  }

  /** The app has loaded its plan and the grid shows rows. */
  async ready(): Promise<void> {
    await waitFor('the app to be ready', () => this.find({ role: 'region', name: '^Matrice: ', pattern: true }), 30_000);
    await waitFor('the grid to show rows', () => this.driver.evaluate((css: string) => document.querySelector(css) !== null, GRID_CELL(0, 0)));
  }

  // --- the plan and its grid ------------------------------------------------------------------

  areaTab(title: string): Query {
    return { role: 'tab', name: title };
  }

  async selectedArea(): Promise<string> {
    return this.driver.evaluate(() => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.trim() ?? '');
  }

  cell(row: number, column: number): string {
    return GRID_CELL(row, column);
  }

  /** Selects a cell as a keyboard user reaches it: a tap on the frozen column, Ctrl+↑, then arrows. */
  async goToCell(row: number, column: number): Promise<string> {
    const css = this.cell(row, column);
    // Right after an import or an undo the grid is given its rows again (the first screen's rows, then the
    // rest): arrows pressed in between stop at the last row there was. A person then presses again; so does
    // this model, a few times, and the cell must still end up selected by the keyboard.
    for (let attempt = 1; ; attempt++) {
      const sinceLastClick = Date.now() - this.lastGridClick;
      if (sinceLastClick < DOUBLE_CLICK_INTERVAL_MS) await new Promise((resolve) => setTimeout(resolve, DOUBLE_CLICK_INTERVAL_MS - sinceLastClick));
      await this.driver.click(await this.frozenCellInView());
      this.lastGridClick = Date.now();
      await this.driver.press('ArrowUp', ['Control']);
      for (let i = 0; i < row; i++) await this.driver.press('ArrowDown');
      for (let i = 0; i < column; i++) await this.driver.press('ArrowRight');
      try {
        await waitFor(
          `cell ${row},${column} to be selected`,
          () => this.driver.evaluate((selector: string) => document.querySelector(selector)?.classList.contains('current') ?? false, css),
          attempt < 3 ? 5_000 : 20_000,
        );
        return css;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /**
   * A cell of the frozen first column that is in view: after an undo the grid may have scrolled
   * and its first rendered row sit above the visible part, where no user can tap it.
   */
  private async frozenCellInView(): Promise<string> {
    const mark = `m${++this.marks}`;
    return waitFor('a cell of the frozen column in view', () =>
      this.driver.evaluate(
        (css: string, markValue: string) => {
          for (const cell of document.querySelectorAll(css)) {
            const box = cell.getBoundingClientRect();
            // The in-view centre point, which is where a WebDriver click lands.
            const x = box.left + box.width / 2;
            const y = (Math.max(box.top, 0) + Math.min(box.bottom, innerHeight)) / 2;
            const hit = document.elementFromPoint(x, y);
            if (hit && (hit === cell || cell.contains(hit))) {
              cell.setAttribute('data-xe', markValue);
              return `[data-xe="${markValue}"]`;
            }
          }
          return null;
        },
        FROZEN_CELL,
        mark,
      ),
    );
  }

  async rowCount(): Promise<string> {
    return waitFor('the row count', async () => {
      const css = await this.find({ text: '^\\d+ (riga|righe)$', pattern: true });
      return css ? (await this.textOf(css)).trim() : null;
    });
  }

  async expectRowCount(expected: string): Promise<void> {
    await waitFor(`the row count to be «${expected}»`, async () => (await this.rowCount()) === expected);
  }

  /** Waits until the top bar says every change is stored on the device. */
  async expectStatusSaved(): Promise<void> {
    await this.expectVisible({ role: 'status', name: 'Salvato' }, 'the status «Salvato»');
  }

  /** Gives the name in the first-start sheet, then closes the sheet (it shows the install and offline hints too). */
  async setAuthor(name: string): Promise<void> {
    const field = await this.waitFind({ label: '^Con quale nome firmi', pattern: true });
    await this.driver.fill(field, name);
    await this.clickOn(button('Salva il nome'));
    await this.expectGone({ label: '^Con quale nome firmi', pattern: true }, 'the name field to close');
    const sheet = dialog('^Benvenuto in Quadro');
    if (await this.find(sheet)) {
      await this.clickOn(button('Chiudi', sheet));
      await this.expectGone(sheet, 'the first-start sheet to close');
    }
  }

  // --- editing ---------------------------------------------------------------------------------

  /** Edits a cell in the large editor (what a tablet user does for long text): «Modifica», type, «Fatto». */
  async editInLargeEditor(row: number, column: number, text: string): Promise<void> {
    await this.goToCell(row, column);
    await this.clickButton('Modifica');
    const editor = await this.waitFind({ role: 'textbox', within: { role: 'dialog', name: ' — ', pattern: true } });
    await this.driver.fill(editor, text);
    await this.clickOn(button('Fatto'));
    await this.expectGone({ role: 'textbox', within: { role: 'dialog', name: ' — ', pattern: true } }, 'the large editor to close');
  }

  /** Types over a selected cell and confirms with Enter (the in-place editor). */
  async editInPlace(row: number, column: number, text: string): Promise<void> {
    await this.goToCell(row, column);
    await this.driver.type(text);
    await this.driver.press('Enter');
  }

  async addRowBelow(row: number): Promise<void> {
    await this.goToCell(row, 1);
    await this.clickButton('Aggiungi riga');
  }

  /** Deletes a row after the app's confirmation, whose text must name the row (`rowText`, a pattern). */
  async deleteRow(row: number, rowText: string): Promise<void> {
    await this.goToCell(row, 1);
    await this.clickButton('Elimina riga');
    const question: Query = { role: 'dialog', text: rowText, pattern: true };
    // The confirmation's button names the action ("Elimina la riga"), not "OK".
    await this.clickOn({ role: 'button', name: '^Elimina', pattern: true, within: question });
    await this.expectGone(question, 'the confirmation to close');
  }

  async undo(): Promise<void> {
    await this.clickButton('Annulla modifica');
  }

  // --- files -----------------------------------------------------------------------------------

  /** Exports the whole plan with «Scarica» and returns the file the app offered (name and bytes). */
  async exportWholePlan(): Promise<{ name: string; bytes: Buffer }> {
    await this.driver.evaluate(clearDownloads);
    await this.clickMenuItem(TOP_MENU, 'Esporta CSV o Excel');
    const exportDialog = dialog('^Esporta per un collega');
    await this.clickOn({ role: 'radio', label: 'Tutto il piano in un file', within: exportDialog });
    await this.clickOn(button('Scarica', exportDialog));
    await this.expectVisible({ role: 'status', text: '^File scaricato: ', pattern: true, within: exportDialog }, 'the export to say «File scaricato»');
    const file = await this.takeDownload();
    await this.clickOn(button('Chiudi', exportDialog));
    await this.expectGone(exportDialog, 'the export dialog to close');
    return file;
  }

  /** Exports the whole plan as an Excel workbook (made in its worker) and returns the file; the format goes back to CSV. */
  async exportWholePlanAsWorkbook(): Promise<{ name: string; bytes: Buffer }> {
    await this.driver.evaluate(clearDownloads);
    await this.clickMenuItem(TOP_MENU, 'Esporta CSV o Excel');
    const exportDialog = dialog('^Esporta per un collega');
    await this.clickOn({ role: 'radio', label: '^Excel \\(\\.xlsx\\)', pattern: true, within: exportDialog });
    await this.clickOn({ role: 'radio', label: 'Tutto il piano in un file', within: exportDialog });
    await this.clickOn(button('Scarica', exportDialog));
    await this.expectVisible({ role: 'status', text: '^File scaricato: ', pattern: true, within: exportDialog }, 'the export to say «File scaricato»');
    const file = await this.takeDownload();
    await this.clickOn({ role: 'radio', label: '^CSV', pattern: true, within: exportDialog });
    await this.clickOn(button('Chiudi', exportDialog));
    await this.expectGone(exportDialog, 'the export dialog to close');
    return file;
  }

  /** Opens «Importa CSV o Excel», picks the workbook at `path`, and returns the dialog once it says where each sheet goes. */
  async importWorkbookPreview(path: string): Promise<Query> {
    await this.clickMenuItem(TOP_MENU, 'Importa CSV o Excel');
    const importDialog = dialog('^Importa un file CSV o Excel');
    const picker = await this.waitFind({ label: '^Scegli il file', pattern: true, hidden: true, within: importDialog });
    await this.driver.chooseFile(picker, path);
    await this.expectVisible({ text: 'Foglio di calcolo Excel (.xlsx)', within: importDialog }, 'the workbook preview');
    return importDialog;
  }

  /** Closes the import dialog without importing. */
  async closeImport(importDialog: Query): Promise<void> {
    await this.clickOn(button('Chiudi', importDialog));
    await this.expectGone(importDialog, 'the import dialog to close');
  }

  private async takeDownload(): Promise<{ name: string; bytes: Buffer }> {
    const download = await waitFor('the download', async () => (await this.report()).downloads[0]);
    return { name: download.name, bytes: Buffer.from(download.base64, 'base64') };
  }

  /** Opens «Importa CSV o Excel», picks `path`, and returns the dialog once its preview is shown. */
  async importPreview(path: string): Promise<Query> {
    await this.clickMenuItem(TOP_MENU, 'Importa CSV o Excel');
    const importDialog = dialog('^Importa un file CSV o Excel');
    const picker = await this.waitFind({ label: '^Scegli il file', pattern: true, hidden: true, within: importDialog });
    await this.driver.chooseFile(picker, path);
    await this.expectVisible({ role: 'combobox', label: 'Codifica', within: importDialog }, 'the import preview');
    return importDialog;
  }

  /** The encoding the import preview detected, as its select shows it. */
  async detectedEncoding(importDialog: Query): Promise<string> {
    const select = await this.waitFind({ role: 'combobox', label: 'Codifica', within: importDialog });
    return this.driver.evaluate((css: string) => {
      const element = document.querySelector(css) as HTMLSelectElement;
      return element.selectedOptions[0]?.textContent?.trim() ?? '';
    }, select);
  }

  async applyImport(importDialog: Query): Promise<void> {
    await this.clickOn({ role: 'button', name: '^Importa( \\(|$)', pattern: true, within: importDialog });
    await this.expectVisible({ role: 'status', text: '^Importazione completata', pattern: true, within: importDialog }, 'the import to complete');
    await this.clickOn(button('Chiudi', importDialog));
    await this.expectGone(importDialog, 'the import dialog to close');
  }

  /** «Archivio» → «Esporta tutto»: the full backup file. */
  async exportBackup(): Promise<{ name: string; bytes: Buffer }> {
    await this.driver.evaluate(clearDownloads);
    await this.openStorage();
    await this.clickOn(button('Esporta tutto'));
    const file = await this.takeDownload();
    await this.clickOn(button('Chiudi', dialog('^Archivio')));
    return file;
  }

  /** «Archivio» → «Ripristina» with `path` → «Sostituisci tutto»; the app reloads itself. */
  async restoreBackup(path: string): Promise<void> {
    await this.openStorage();
    const picker = await this.waitFind({ label: '^Scegli un file di backup', pattern: true, hidden: true });
    await this.driver.chooseFile(picker, path);
    await this.collectProblems();
    // The restore reloads the page: mark this document, then wait for a document without the mark.
    await this.driver.evaluate(() => void ((window as unknown as { __quadroOld?: boolean }).__quadroOld = true));
    await this.clickOn(button('Sostituisci tutto'));
    await waitFor('the page to reload after the restore', () =>
      this.driver.evaluate(() => document.readyState === 'complete' && !(window as unknown as { __quadroOld?: boolean }).__quadroOld),
    );
    await this.probe();
    await this.ready();
  }

  private async openStorage(): Promise<void> {
    if (!(await this.find(dialog('^Archivio')))) await this.clickButton('Archivio');
    await this.expectVisible(dialog('^Archivio'), 'the Archivio panel');
  }
}
