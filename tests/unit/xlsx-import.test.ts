// An .xlsx from Quadro, from Excel (hand-made after its files) and from LibreOffice goes through the CSV's matching, preview, merge and undo; sheets go to areas; other formats are refused in words.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport, type AnalyzeResult } from '../../src/lib/exchange/analyze-import.ts';
import { ImportSession } from '../../src/lib/exchange/import-session.ts';
import { cellText, rowsOfArea } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { readXlsxWorkbook } from '../../src/lib/xlsx/read.ts';
import { writeXlsxWorkbook } from '../../src/lib/xlsx/write.ts';
import { buildPlanWorkbook } from '../../src/lib/xlsx/plan-workbook.ts';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { handWorkbook, inlineRow } from './xlsx-helpers.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seededDb(): Promise<{ db: repo.QuadroDatabase; doc: PlanDocument }> {
  const db = repo.openDatabase(`quadro-xlsx-${opened.length}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return { db, doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))! };
}

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/xlsx/${name}`, import.meta.url)));
const offsetAt = (): number => 60;

/** Each area's counts: [added, changed (with a visible change), missing, conflicts]. */
function counts(result: AnalyzeResult): Record<string, number[]> {
  return Object.fromEntries(
    (result.preview?.areas ?? []).map((area) => [
      area.title,
      [area.rowsAdded.length, area.rowsChanged.filter((row) => row.changes.length > 0).length, area.rowsMissing.length, area.conflicts.length],
    ]),
  );
}

/** Each sheet's name and where its rows went. */
const fates = (result: AnalyzeResult) => result.sheets.map(({ name, fate }) => ({ name, fate }));

/** The single changed cell of a preview, as [ambito, column title, before, after]. */
function onlyChange(result: AnalyzeResult): { row: string; column: string; before: string; after: string } {
  const changed = (result.preview?.areas ?? []).flatMap((area) => area.rowsChanged.flatMap((row) => row.changes.map((change) => ({ row, change }))));
  expect(changed).toHaveLength(1);
  const { row, change } = changed[0]!;
  return { row: row.rowId, column: change.columnTitle, before: change.before, after: change.after };
}

function immigrazione(doc: PlanDocument) {
  const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
  const ambito = doc.columns.find((c) => c.areaId === area.id && c.title === 'AMBITO')!;
  const column = doc.columns.find((c) => c.areaId === area.id && c.title === 'Risultati previsti al 2011')!;
  const row = rowsOfArea(doc, area.id).find((r) => cellText(r, ambito.id) === 'GOVERNANCE NAZIONALE')!;
  return { area, column, row, text: cellText(row, column.id) };
}

describe('files from Quadro, Excel and LibreOffice', () => {
  it("Quadro's own export (made by the writer) imports as nothing to do", async () => {
    const { doc } = await seededDb();
    const { area } = immigrazione(doc);
    const result = analyzeImport({ bytes: fixture('plan-2012-immigrazione-quadro.xlsx'), fileName: 'q.xlsx', doc, areaId: doc.areas[2]!.id });
    expect(result.format).toBe('xlsx');
    expect(result.encoding).toBeNull();
    expect(result.delimiter).toBeNull();
    expect(result.isQuadroFile).toBe(true);
    expect(result.problems).toEqual([]);
    // The sheet is named like the area, so it goes there though another area is open.
    expect(fates(result)).toEqual([{ name: 'AREA IMMIGRAZIONE', fate: { kind: 'area', areaTitle: 'AREA IMMIGRAZIONE' } }]);
    expect(counts(result)).toEqual({ [area.title]: [0, 0, 0, 0] });
  });

  it.each([
    ['plan-2012-immigrazione-edited-handmade-excel-like-windows.xlsx', 'Excel (hand-made after its files)'],
    ['plan-2012-immigrazione-edited-libreoffice.xlsx', 'LibreOffice'],
  ])('%s (%s): exactly the one edited cell', async (name) => {
    const { doc } = await seededDb();
    const { area, row, text } = immigrazione(doc);
    const result = analyzeImport({ bytes: fixture(name), fileName: name, doc, areaId: area.id });
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(counts(result)).toEqual({ [area.title]: [0, 1, 0, 0] });
    expect(onlyChange(result)).toEqual({ row: row.id, column: 'Risultati previsti al 2011', before: text, after: text.replace('report semestrali', 'report trimestrali') });
  });

  it('numbers, dates and formulas typed by a colleague in Excel arrive as the text a person sees there (Italian separators), also from the old Mac Excel counting from 1904', () => {
    const expected = [
      ['Progetto', 'Descrizione', 'Importo', 'Scadenza', 'Avanzamento'],
      ['Tirocini', 'Tirocini in Lombardia', '1.250,50 €', '30/06/2012', '101,50%'],
      ['Voucher', '2000', '2.501,00 €', '30/06/2012 12:00', '#DIV/0!'],
      ['Sportelli', '0,3', 'VERO', '', '50,00%'],
    ];
    for (const name of ['colleague-table-handmade-excel-like-windows.xlsx', 'colleague-table-handmade-excel-like-mac-1904.xlsx']) {
      const workbook = readXlsxWorkbook(fixture(name));
      if (!workbook.ok) throw new Error(JSON.stringify(workbook.errors));
      expect(workbook.value.sheets.map((sheet) => sheet.rows)).toEqual([expected]);
    }
  });

  it("a colleague's table goes into the open area as new rows, its new columns offered", async () => {
    const { doc } = await seededDb();
    const projects = doc.areas.find((a) => a.title === 'ALTRI PROGETTI ATTIVI NEL 2012')!;
    const result = analyzeImport({ bytes: fixture('colleague-table-handmade-excel-like-windows.xlsx'), fileName: 't.xlsx', doc, areaId: projects.id });
    expect(result.problems).toEqual([]);
    expect(result.isQuadroFile).toBe(false);
    expect(fates(result)).toEqual([{ name: 'Foglio1', fate: { kind: 'screen-area' } }]);
    const area = result.preview!.areas[0]!;
    expect(area.areaId).toBe(projects.id);
    expect(area.rowsAdded.map((row) => row.texts)).toHaveLength(3);
    expect(area.columnsAdded.map((column) => column.title)).toEqual(['Importo', 'Scadenza', 'Avanzamento']);
  });

  it.each([
    ['plan-2012-immigrazione-edited-libreoffice-password.xlsx', 'xlsx.encrypted', 'protetto da una password'],
    ['plan-2012-immigrazione-libreoffice.xls', 'xlsx.old-xls', 'Excel 97-2003 (.xls)'],
    ['plan-2012-immigrazione-libreoffice.ods', 'xlsx.ods', 'OpenDocument (.ods'],
  ])('%s, as LibreOffice writes it, is refused in words', async (name, code, words) => {
    const { db, doc } = await seededDb();
    const before = await repo.dumpDatabase(db);
    const result = analyzeImport({ bytes: fixture(name), fileName: name, doc, areaId: doc.areas[0]!.id });
    expect(result.problems.map((p) => p.code)).toEqual([code]);
    expect(describeProblem(result.problems[0]!, 'it')).toContain(words);
    expect(describeProblem(result.problems[0]!, 'en').length).toBeGreaterThan(40);
    expect(result.preview).toBeNull();
    expect(await repo.dumpDatabase(db)).toEqual(before);
  });
});

describe('sheets and areas', () => {
  it("Quadro's workbook with a sheet per area: each sheet's edit lands in its area, whichever area is open", async () => {
    const { doc } = await seededDb();
    const theirs = structuredClone(doc);
    const second = theirs.areas[1]!;
    const row = rowsOfArea(theirs, second.id)[0]!;
    const columnId = Object.keys(row.cells)[1]!;
    row.cells[columnId] = { text: 'Modificato nel secondo foglio', changedAt: '2026-11-30T10:00:00.000Z', changedBy: 'Bruno' };
    const bytes = buildPlanWorkbook(theirs, { kind: 'each-area' }, { offsetAt }).bytes;
    const result = analyzeImport({ bytes, fileName: 'aree.xlsx', doc, areaId: doc.areas[0]!.id });
    expect(result.problems).toEqual([]);
    expect(result.sheets.map((sheet) => sheet.fate.kind)).toEqual(['area', 'area', 'area']);
    expect(counts(result)).toEqual(Object.fromEntries(doc.areas.map((area) => [area.title, area.id === second.id ? [0, 1, 0, 0] : [0, 0, 0, 0]])));
    expect(onlyChange(result).after).toBe('Modificato nel secondo foglio');
  });

  it('new rows on several sheets go to the areas the sheets are named after; a sheet named like no area becomes a new area, said in a warning', async () => {
    const { doc } = await seededDb();
    const bytes = writeXlsxWorkbook([
      { name: 'AREA IMMIGRAZIONE', header: ['AMBITO', 'Risultati previsti al 2012'], rows: [['NUOVO AMBITO', 'testo']], widths: [30, 30], frozenColumns: 1 },
      // Quadro's sheet name of "AREA INCLUSIONE SOCIALE E LAVORATIVA", cut to 31 characters.
      { name: 'AREA INCLUSIONE SOCIALE E LAVOR', header: ['AMBITO', 'Risultati al 2011'], rows: [['ALTRO AMBITO', 'altro testo']], widths: [30, 30], frozenColumns: 1 },
      { name: 'Riepilogo', header: ['AMBITO', 'Note'], rows: [['SINTESI', 'nota']], widths: [30, 30], frozenColumns: 1 },
      { name: 'Vuoto', header: [''], rows: [], widths: [10], frozenColumns: 0 },
    ]);
    const result = analyzeImport({ bytes, fileName: 'fogli.xlsx', doc, areaId: doc.areas[2]!.id });
    expect(result.problems).toEqual([]);
    expect(fates(result)).toEqual([
      { name: 'AREA IMMIGRAZIONE', fate: { kind: 'area', areaTitle: 'AREA IMMIGRAZIONE' } },
      { name: 'AREA INCLUSIONE SOCIALE E LAVOR', fate: { kind: 'area', areaTitle: 'AREA INCLUSIONE SOCIALE E LAVORATIVA' } },
      { name: 'Riepilogo', fate: { kind: 'new-area', areaTitle: 'Riepilogo' } },
      { name: 'Vuoto', fate: { kind: 'empty' } },
    ]);
    expect(result.warnings.map((w) => w.code)).toEqual(['xlsx.sheet-new-area']);
    expect(describeProblem(result.warnings[0]!, 'it')).toContain('rinomina il foglio come l');
    const areas = result.preview!.areas;
    expect(areas.map((a) => [a.title, a.isNew, a.rowsAdded.length])).toEqual([
      ['AREA IMMIGRAZIONE', false, 1],
      ['AREA INCLUSIONE SOCIALE E LAVORATIVA', false, 1],
      ['Riepilogo', true, 1],
    ]);
  });

  it('hidden sheets are left out and named; a problem in a sheet names the sheet', async () => {
    const { doc } = await seededDb();
    const area = doc.areas[0]!;
    const withHidden = handWorkbook({
      sheets: [
        { name: 'AREA IMMIGRAZIONE', rows: inlineRow(1, ['AMBITO', 'Risultati previsti al 2012']) + inlineRow(2, ['NUOVO AMBITO', 'testo']) },
        { name: 'Appunti', rows: inlineRow(1, ['AMBITO']) + inlineRow(2, ['da non importare']), state: 'hidden' },
      ],
    });
    const result = analyzeImport({ bytes: withHidden, fileName: 'h.xlsx', doc, areaId: area.id });
    expect(result.problems).toEqual([]);
    expect(fates(result)).toEqual([
      { name: 'AREA IMMIGRAZIONE', fate: { kind: 'area', areaTitle: 'AREA IMMIGRAZIONE' } },
      { name: 'Appunti', fate: { kind: 'hidden' } },
    ]);
    // One new row; the area's five rows the sheet lacks are listed as missing (deleted only if ticked).
    expect(counts(result)).toEqual({ 'AREA IMMIGRAZIONE': [1, 0, 5, 0] });

    const duplicate = writeXlsxWorkbook([{ name: 'Dati', header: ['AMBITO', 'AMBITO'], rows: [['a', 'b']], widths: [10, 10], frozenColumns: 1 }]);
    const refused = analyzeImport({ bytes: duplicate, fileName: 'd.xlsx', doc, areaId: area.id });
    expect(describeProblem(refused.problems[0]!, 'it')).toMatch(/^Foglio «Dati»: Riga 1: la colonna A e la colonna B \(«AMBITO»\) hanno lo stesso titolo/);
    expect(describeProblem(refused.problems[0]!, 'en')).toMatch(/^Sheet “Dati”: Row 1:/);
  });

  it('a Quadro CSV saved as .xlsx in Excel loses its formula guard on import, as the CSV would', async () => {
    const { doc } = await seededDb();
    const { area, column, row } = immigrazione(doc);
    const theirs = structuredClone(doc);
    theirs.rows.find((r) => r.id === row.id)!.cells[column.id] = { text: '- primo punto\n= secondo', changedAt: '2026-11-30T10:00:00.000Z', changedBy: 'Bruno' };
    // What Excel shows of Quadro's CSV, cell by cell (the guard ' is text there), saved as .xlsx.
    const csv = serializePlanCsv(theirs, { kind: 'area', areaId: area.id }, { delimiter: ';' });
    const records = csv
      .slice(1)
      .split(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .filter((line) => line !== '')
      .map((line) => (line.match(/("(?:[^"]|"")*"|[^;]*)(?:;|$)/g) ?? []).map((field) => field.replace(/;$/, '').replace(/^"([\s\S]*)"$/, '$1').replace(/""/g, '"')).slice(0, -1));
    const [header, ...rows] = records;
    const bytes = writeXlsxWorkbook([{ name: 'quadro', header: header!, rows, widths: header!.map(() => 20), frozenColumns: 1 }]);
    const result = analyzeImport({ bytes, fileName: 'da-csv.xlsx', doc, areaId: area.id });
    expect(result.problems).toEqual([]);
    expect(onlyChange(result).after).toBe('- primo punto\n= secondo');
  });
});

describe('apply and undo', () => {
  it('an .xlsx applies in one batch through the worker session and is undone in one step', async () => {
    const { db, doc } = await seededDb();
    const { area, column, row, text } = immigrazione(doc);
    const session = new ImportSession();
    const view = await session.analyze({ bytes: fixture('plan-2012-immigrazione-edited-libreoffice.xlsx'), fileName: 'lo.xlsx', databaseName: db.name, planId: DEFAULT_PLAN_ID, areaId: area.id });
    expect(view.format).toBe('xlsx');
    expect(view.sheets).toHaveLength(1);
    const { batchId, summary } = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { conflicts: {} }, now: '2026-11-30T12:00:00.000Z', importer: 'Anna' });
    expect(summary.changed).toBe(1);
    const after = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    expect(cellText(after.rows.find((r) => r.id === row.id)!, column.id)).toBe(text.replace('report semestrali', 'report trimestrali'));
    await repo.undoBatch(db, batchId!, { by: 'Anna' });
    const undone = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    expect(cellText(undone.rows.find((r) => r.id === row.id)!, column.id)).toBe(text);
    // Undone, the same file offers its change again.
    const again = new ImportSession();
    const second = await again.analyze({ bytes: fixture('plan-2012-immigrazione-edited-libreoffice.xlsx'), fileName: 'lo.xlsx', databaseName: db.name, planId: DEFAULT_PLAN_ID, areaId: area.id });
    expect(second.preview!.areas[0]!.rowsChanged.filter((r) => r.changes.length > 0)).toHaveLength(1);
  });
});
