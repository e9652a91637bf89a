// The cross-engine smoke, written once: what a consultant does in a first session, step by step, in any engine.
import { strict as assert } from 'node:assert';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStaticServer, type StaticServer } from '../e2e/support/static-server.ts';
import { waitFor } from './driver.ts';
import type { QuadroPage } from './page-model.ts';

/** A Windows-1252 file as LibreOffice writes it ("Salva come › Testo CSV", Europa occidentale). */
const LIBREOFFICE_CP1252 = resolve('tests/fixtures/csv/libreoffice-cp1252-semicolon-lf.csv');
/** Quadro's .xlsx of AREA IMMIGRAZIONE, one cell edited and saved by LibreOffice (scripts/make-xlsx-fixtures.ts). */
const LIBREOFFICE_XLSX = resolve('tests/fixtures/xlsx/plan-2012-immigrazione-edited-libreoffice.xlsx');
const LONG_TEXT = 'Stipulare 6 accordi tecnici\n• con le Agenzie dei Paesi esteri\n• entro giugno';

export interface SmokeContext {
  quadro: QuadroPage;
  /** The production build, served like any static host; the offline step stops and restarts it. */
  server: StaticServer;
  restartServer(): Promise<StaticServer>;
}

export interface Step {
  name: string;
  run(context: SmokeContext): Promise<void>;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

async function expectCell(quadro: QuadroPage, row: number, column: number, expected: string): Promise<void> {
  const css = await quadro.goToCell(row, column);
  let last = '';
  try {
    await waitFor(`cell ${row},${column} to read «${oneLine(expected)}»`, async () => {
      last = oneLine(await quadro.textOf(css));
      return last === oneLine(expected);
    });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; it reads «${last}»`, { cause: error });
  }
}

export const SMOKE: Step[] = [
  {
    name: 'first start shows the 2012 plan',
    async run({ quadro, server }) {
      await quadro.open(server.url);
      assert.equal(await quadro.selectedArea(), 'AREA IMMIGRAZIONE');
      await quadro.expectVisible(quadro.areaTab('AREA INCLUSIONE SOCIALE E LAVORATIVA'), 'the second area tab');
      await quadro.expectVisible(quadro.areaTab('ALTRI PROGETTI ATTIVI NEL 2012'), 'the third area tab');
      await quadro.expectText(quadro.cell(0, 0), 'GOVERNANCE TRANSNAZIONALE', 'the first ambito');
      assert.equal(await quadro.rowCount(), '5 righe');
      // The service worker installs on the first visit and says so once.
      await quadro.expectVisible({ role: 'status', text: 'Pronto per l’uso offline', pattern: true }, 'the offline-ready message');
      await quadro.setAuthor('Mario Rossi');
    },
  },
  {
    name: 'edits in the large editor and in place survive a reload',
    async run({ quadro }) {
      await quadro.editInLargeEditor(0, 4, LONG_TEXT);
      await quadro.expectStatusSaved();
      // Typing on a long cell opens the large editor (nothing typed replaces a long text); a short
      // cell keeps the spreadsheet behaviour, so the in-place edit goes to a cell made short first.
      await quadro.editInLargeEditor(1, 3, 'Breve');
      await quadro.expectStatusSaved();
      await quadro.editInPlace(1, 3, 'Nuovo risultato');
      await quadro.expectStatusSaved();
      await quadro.reload();
      await expectCell(quadro, 0, 4, LONG_TEXT);
      await expectCell(quadro, 1, 3, 'Nuovo risultato');
    },
  },
  {
    name: 'a row is added and deleted, and undo takes both back',
    async run({ quadro }) {
      await quadro.addRowBelow(4);
      await quadro.expectRowCount('6 righe');
      await quadro.undo();
      await quadro.expectRowCount('5 righe');
      await quadro.deleteRow(2, 'MODELLIZZAZIONE');
      await quadro.expectRowCount('4 righe');
      await quadro.undo();
      await quadro.expectRowCount('5 righe');
      await expectCell(quadro, 2, 0, 'MODELLIZZAZIONE E DI INTERVENTI E DEFINIZIONE DI STANDARD');
    },
  },
  {
    name: 'the CSV export is Excel-ready: BOM, semicolons, CRLF',
    async run({ quadro }) {
      const file = await quadro.exportWholePlan();
      assert.match(file.name, /^quadro_piano-operativo-2012_piano-completo_\d{4}-\d{2}-\d{2}_mario-rossi\.csv$/);
      assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
      const text = file.bytes.toString('utf8').slice(1);
      const header = text.slice(0, text.indexOf('\r\n'));
      assert.ok(header.length > 0, 'records end with CRLF');
      assert.ok(header.split(';').length >= 5, `header separated by ";": ${header}`);
      assert.ok(header.includes('ID Quadro v1'), 'the id column');
      assert.ok(text.endsWith('\r\n'), 'the last record ends with CRLF');
      assert.ok(text.includes('Stipulare 6 accordi tecnici'), 'the edit is in the file');
    },
  },
  {
    name: 'a Windows-1252 file from LibreOffice is previewed and imported',
    async run({ quadro }) {
      const dialog = await quadro.importPreview(LIBREOFFICE_CP1252);
      assert.equal(await quadro.detectedEncoding(dialog), 'Windows-1252');
      // The preview lists the new rows and the new column before anything is written.
      await quadro.expectVisible({ text: '^Riga \\d+: Accoglienza$', pattern: true, within: dialog }, 'the new row «Accoglienza» in the preview');
      await quadro.expectVisible({ text: '^Riga \\d+: Lavoro$', pattern: true, within: dialog }, 'the new row «Lavoro» in the preview');
      await quadro.expectVisible({ text: 'Aggiungi le colonne: Note', within: dialog }, 'the new column in the preview');
      assert.equal(await quadro.rowCount(), '5 righe', 'nothing written before «Importa»');
      await quadro.applyImport(dialog);
      await quadro.expectRowCount('7 righe');
      // Windows-1252 decoded: typographic quotes, accents and the euro sign arrive intact.
      await expectCell(quadro, 5, 0, 'Accoglienza');
      await expectCell(quadro, 5, 4, 'Corsi di italiano: “Benvenuti” è già attivo');
      await expectCell(quadro, 5, 5, 'Costo 5 € più IVA; sede à Roma');
    },
  },
  {
    name: 'an .xlsx goes out as a workbook and one from LibreOffice is read with no encoding question',
    async run({ quadro }) {
      const file = await quadro.exportWholePlanAsWorkbook();
      assert.match(file.name, /^quadro_piano-operativo-2012_piano-completo_\d{4}-\d{2}-\d{2}_mario-rossi\.xlsx$/);
      assert.deepEqual([...file.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip');
      assert.ok(file.bytes.includes(Buffer.from('xl/worksheets/sheet1.xml')), 'a workbook with its sheet');
      const dialog = await quadro.importWorkbookPreview(LIBREOFFICE_XLSX);
      await quadro.expectVisible({ text: '«AREA IMMIGRAZIONE» → area «AREA IMMIGRAZIONE»', within: dialog }, 'where the sheet goes');
      await quadro.expectVisible({ text: 'report trimestrali', pattern: true, within: dialog }, "LibreOffice's edit in the preview");
      await quadro.closeImport(dialog);
    },
  },
  {
    name: 'after one visit it reloads offline with the server stopped',
    async run(context) {
      const { quadro } = context;
      await waitFor('the service worker to control the page', () =>
        quadro.driver.evaluate(async () => {
          await navigator.serviceWorker.ready;
          return navigator.serviceWorker.controller !== null || (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated';
        }),
      );
      await context.server.stop();
      await quadro.reload();
      await expectCell(quadro, 0, 0, 'GOVERNANCE TRANSNAZIONALE');
      await expectCell(quadro, 0, 4, LONG_TEXT);
      await quadro.editInLargeEditor(1, 1, 'Scritto in treno, senza rete');
      await quadro.expectStatusSaved();
      await quadro.reload();
      await expectCell(quadro, 1, 1, 'Scritto in treno, senza rete');
      const controlled = await quadro.driver.evaluate(() => navigator.serviceWorker.controller !== null);
      assert.ok(controlled, 'the offline page is served by the service worker');
      context.server = await context.restartServer();
    },
  },
  {
    name: 'a full backup restores what was saved',
    async run({ quadro }) {
      const backup = await quadro.exportBackup();
      assert.match(backup.name, /^quadro-backup-\d{4}-\d{2}-\d{2}-\d{4}\.json$/);
      const parsed = JSON.parse(backup.bytes.toString('utf8')) as { format?: string };
      assert.equal(parsed.format, 'quadro-backup');
      const path = join(await mkdtemp(join(tmpdir(), 'quadro-backup-')), backup.name);
      await writeFile(path, backup.bytes);

      await quadro.editInLargeEditor(2, 2, 'Scritto dopo il backup');
      await quadro.expectStatusSaved();
      await quadro.restoreBackup(path);
      await expectCell(quadro, 1, 1, 'Scritto in treno, senza rete');
      await expectCell(quadro, 0, 4, LONG_TEXT);
      const css = await quadro.goToCell(2, 2);
      assert.notEqual(oneLine(await quadro.textOf(css)), 'Scritto dopo il backup', 'the restore replaced the later edit');
    },
  },
];

/** Starts the production build's server for the smoke; `restartServer` brings it back on the same port. */
export async function serveBuild(): Promise<{ server: StaticServer; restart: () => Promise<StaticServer> }> {
  const server = await startStaticServer('dist');
  const port = Number(new URL(server.url).port);
  return { server, restart: () => startStaticServer('dist', port) };
}
