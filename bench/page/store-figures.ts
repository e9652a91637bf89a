// Browser figures on IndexedDB: B3 import end to end, B4 one cell edit, B5 open an area, L1 record layout.
import Papa from 'papaparse';
import { Dexie } from 'dexie';
import {
  buildImportPreview,
  decodeCsvBytes,
  matchCsvToPlan,
  parseCsvText,
  resolveImport,
  serializePlanCsv,
  type ImportPreview,
} from '../../src/lib/csv/index.ts';
import * as repo from '../../src/lib/db/repository.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import type { ImportRunner } from '../../src/lib/exchange/import-runner.ts';
import { makePlanDocument, type Variant } from '../lib/fixtures.ts';
import { compare, statsOf, type Comparison, type Stats } from '../lib/measure.ts';
import { deleteDatabase, nextFrame, openRawDatabase, requestOf, settle, transactionDone, watchLongTasks } from './tasks.ts';
import { mountMatrixGrid } from './mount-grid.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const AREA_ID = 'area-bench';
const AUTHOR = { by: 'Bench' };
const IMPORT_CONTEXT = { now: '2026-03-02T10:00:00.000Z', importer: 'Bench', fileName: 'bench.csv' };
/** The slice size the repository uses for bulk writes (BULK_SLICE in repository.ts). */
const BULK_SLICE = 500;

export interface RunOptions {
  runs: number;
  warmups: number;
}

export interface WithLongTasks extends Comparison {
  /** Longest main-thread task during each Quadro run (0 when none was over 50 ms). */
  quadroLongestTask: Stats;
  baselineLongestTask: Stats;
}

/** Runs `compare` while recording the longest task of each timed run on both sides. */
async function compareWithLongTasks(
  baseline: () => Promise<unknown>,
  quadro: () => Promise<unknown>,
  options: RunOptions & { prepareBaseline?: () => Promise<unknown>; prepareQuadro?: () => Promise<unknown> },
): Promise<WithLongTasks> {
  const longA: number[] = [];
  const longB: number[] = [];
  const wrap = (work: () => Promise<unknown>, into: number[]) => async () => {
    const watch = watchLongTasks();
    await work();
    // stop() waits for late entries outside the timed call: see finish below.
    pending = watch.stop().then((durations) => {
      into.push(durations.length === 0 ? 0 : Math.max(...durations));
    });
  };
  let pending: Promise<void> = Promise.resolve();
  const finish = async (): Promise<void> => {
    await pending;
    await settle();
  };
  const result = await compare(wrap(baseline, longA), wrap(quadro, longB), {
    ...options,
    settle: finish,
    prepareBaseline: options.prepareBaseline,
    prepareQuadro: options.prepareQuadro,
  });
  await pending;
  // Warm-up runs recorded too: drop them so the stats are over the timed runs only.
  const warm = options.warmups;
  return { ...result, quadroLongestTask: statsOf(longB.slice(warm)), baselineLongestTask: statsOf(longA.slice(warm)) };
}

function emptyTarget(variant: Variant): PlanDocument {
  return makePlanDocument({ rows: 0, variant, emptyArea: true });
}

/** The pure steps of an import as the app chains them: bytes → preview. */
function analyze(bytes: Uint8Array, doc: PlanDocument): ImportPreview {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) throw new Error(decoded.errors[0] && describeProblem(decoded.errors[0], 'en'));
  const parsed = parseCsvText(decoded.value.text);
  if (!parsed.ok) throw new Error(parsed.errors[0] && describeProblem(parsed.errors[0], 'en'));
  const matched = matchCsvToPlan(parsed.value, doc, { areaId: AREA_ID });
  if (!matched.ok) throw new Error(matched.errors[0] && describeProblem(matched.errors[0], 'en'));
  return buildImportPreview(matched.value, doc, { fileName: IMPORT_CONTEXT.fileName });
}

function resolve(preview: ImportPreview) {
  let n = 0;
  return resolveImport(preview, { conflicts: {} }, { ...IMPORT_CONTEXT, newId: () => `new-${n++}` });
}

/** The app's import path as the dialog runs it: analysis and write both in the import worker. */
async function loadImportRunner(): Promise<(() => ImportRunner | Promise<ImportRunner>) | null> {
  const modules = import.meta.glob('../../src/lib/exchange/import-runner.ts');
  const load = Object.values(modules)[0];
  if (!load) return null;
  const module = (await load()) as { createImportRunner?: () => ImportRunner | Promise<ImportRunner> };
  return module.createImportRunner ?? null;
}

/** A raw Dexie database with the same rows store as Quadro's, for the baselines. */
function openBaselineDexie(name: string): Dexie {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' });
  db.version(1).stores({ rows: 'id, areaId, planId', cells: 'id, rowId, areaId' });
  return db;
}

async function freshQuadroDatabase(name: string, doc: PlanDocument): Promise<repo.QuadroDatabase> {
  await deleteDatabase(name);
  const db = repo.openDatabase(name);
  await repo.addPlanDocument(db, doc, AUTHOR);
  return db;
}

/**
 * B3w: a 10,000-row file into an empty area, from bytes to committed rows, through the app's import
 * worker (the only import path: there is no main-thread one). Baseline: TextDecoder + Papa.parse +
 * raw Dexie bulkPut of the same records on the page.
 */
export async function runImportFigure(rows: number, variant: Variant, options: RunOptions) {
  const source = makePlanDocument({ rows, variant });
  const target = emptyTarget(variant);
  const bytes = new TextEncoder().encode(serializePlanCsv(source, { kind: 'area', areaId: AREA_ID }, { delimiter: ';' }));
  // The baseline stores exactly the records Quadro stores.
  const records = resolve(analyze(bytes, target)).rowsToPut;
  const createRunner = await loadImportRunner();
  if (!createRunner) throw new Error('B3w: no import runner in this checkout');
  let quadroDb: repo.QuadroDatabase | null = null;
  let baseDb: Dexie | null = null;
  let progressEvents = 0;

  const baseline = async (): Promise<void> => {
    const text = new TextDecoder().decode(bytes);
    const parsed = Papa.parse<string[]>(text, { delimiter: ';' });
    if (parsed.data.length < rows) throw new Error('baseline parse');
    const table = (baseDb as Dexie).table('rows');
    await (baseDb as Dexie).transaction('rw', table, async () => {
      for (let start = 0; start < records.length; start += BULK_SLICE) await table.bulkPut(records.slice(start, start + BULK_SLICE));
    });
  };
  const quadro = async (): Promise<void> => {
    const runner = await createRunner();
    try {
      // The worker reads the plan from IndexedDB itself, as in the app: the page sends only bytes.
      const view = await runner.analyze({ bytes, fileName: 'bench.csv', databaseName: (quadroDb as repo.QuadroDatabase).name, planId: target.plan.id, areaId: AREA_ID });
      if (!view.preview) throw new Error('worker analysis failed');
      const applied = await runner.apply(
        {
          databaseName: (quadroDb as repo.QuadroDatabase).name,
          planId: target.plan.id,
          decisions: { conflicts: {} },
          now: IMPORT_CONTEXT.now,
          importer: 'Bench',
        },
        // As the dialog does: each slice's progress reaches the page.
        () => progressEvents++,
      );
      if (!applied.batchId) throw new Error('worker import wrote nothing');
    } finally {
      runner.close();
    }
  };
  // Every timed run starts from empty databases on both sides.
  const result = await compareWithLongTasks(baseline, quadro, {
    ...options,
    prepareBaseline: async () => {
      baseDb?.close();
      await deleteDatabase('bench-b3-base');
      baseDb = openBaselineDexie('bench-b3-base');
      await baseDb.open();
    },
    prepareQuadro: async () => {
      quadroDb?.close();
      quadroDb = await freshQuadroDatabase('bench-b3-quadro', target);
    },
  });
  const stored = await (quadroDb as repo.QuadroDatabase | null)?.rows.count();
  if (stored !== rows) throw new Error(`B3w: ${stored} rows stored, expected ${rows}`);
  if (progressEvents === 0) throw new Error('B3w: the worker reported no progress');
  (quadroDb as repo.QuadroDatabase | null)?.close();
  (baseDb as Dexie | null)?.close();
  await deleteDatabase('bench-b3-quadro');
  await deleteDatabase('bench-b3-base');
  return { worker: result, bytes: bytes.length };
}

/** A raw database with Quadro's rows and changeLog stores and their indexes: the floor of a logged edit. */
function openRawLoggedDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const rows = request.result.createObjectStore('rows', { keyPath: 'id' });
      rows.createIndex('areaId', 'areaId');
      rows.createIndex('planId', 'planId');
      const log = request.result.createObjectStore('changeLog', { keyPath: 'seq', autoIncrement: true });
      log.createIndex('batchId', 'batchId');
      log.createIndex('planId', 'planId');
      log.createIndex('key', 'key');
      log.createIndex('addedKeys', 'addedKeys', { multiEntry: true });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** One cell pasted into the selected cell of a grid: the CopyPaste plugin fires afterChange as a typed edit does. */
function pasteOneCell(text: string): void {
  const data = new DataTransfer();
  data.setData('text/plain', text);
  document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
}

/**
 * B4: one cell edit in the real grid (a one-cell paste: populateFromArray → afterChange, as the
 * in-cell editor's Enter), until saveCells resolves (transaction complete). Baselines in the same
 * run: a raw strict put of one row record, and the floor of a logged edit — a raw strict
 * transaction that reads the row, puts it and adds one change-log entry holding the row as it was.
 */
export async function runEditFigure(rows: number, variant: Variant, edits: number, stage: HTMLElement) {
  const doc = makePlanDocument({ rows, variant });
  const db = await freshQuadroDatabase('bench-b4-quadro', doc);
  const view = await repo.loadAreaView(db, AREA_ID);
  if (!view) throw new Error('B4: no area');
  let saved: Promise<unknown> | null = null;
  let calledAt = 0;
  let committedAt = 0;
  let editCount = 0;
  // What AppState.editCells does, minus the UI status: the repository write of the edits.
  const { grid, destroy } = mountMatrixGrid(stage, view.columns, view.rows, (cellEdits) => {
    calledAt = performance.now();
    editCount += cellEdits.length;
    // The moment the transaction completes, noted before anyone else hears of it: the grid
    // draws the new text once the save resolves, and that render is not part of the save.
    saved = repo.saveCells(db, doc.plan.id, cellEdits, AUTHOR).then((result) => {
      committedAt = performance.now();
      return result;
    });
    return saved;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));

  await deleteDatabase('bench-b4-raw');
  await deleteDatabase('bench-b4-logged');
  const raw = await openRawDatabase('bench-b4-raw');
  const logged = await openRawLoggedDatabase('bench-b4-logged');
  const record: Row = structuredClone(doc.rows[0] as Row);
  {
    const tx = logged.transaction('rows', 'readwrite');
    for (const row of doc.rows) tx.objectStore('rows').put(row);
    await transactionDone(tx);
  }
  const quadroTimes: number[] = [];
  const gridTimes: number[] = [];
  const rawTimes: number[] = [];
  const loggedTimes: number[] = [];
  const repoTimes: number[] = [];
  // saveCells alone, on another column of the same rows: Quadro's storage path without the grid.
  const repoSave = async (i: number): Promise<void> => {
    const row = view.rows[Math.abs(i * 37) % view.rows.length] as Row;
    await repo.saveCells(db, doc.plan.id, [{ rowId: row.id, columnId: 'col-3', text: `Modifica ${i}`, baseText: i === 0 ? (row.cells['col-3']?.text ?? '') : undefined }], AUTHOR);
  };
  const rawPut = async (i: number): Promise<void> => {
    const tx = raw.transaction('rows', 'readwrite', { durability: 'strict' });
    const cell = record.cells['col-2'];
    if (cell) cell.text = `Modifica ${i}`;
    tx.objectStore('rows').put(record);
    await transactionDone(tx);
  };
  const loggedPut = async (i: number): Promise<void> => {
    const rowId = (doc.rows[Math.abs(i * 37) % doc.rows.length] as Row).id;
    const tx = logged.transaction(['rows', 'changeLog'], 'readwrite', { durability: 'strict' });
    const before = (await requestOf(tx.objectStore('rows').get(rowId))) as Row;
    const cells = { ...before.cells, 'col-2': { text: `Modifica ${i}`, changedAt: '2026-03-02T10:00:00.000Z', changedBy: 'Bench' } };
    tx.objectStore('rows').put({ ...before, cells });
    tx.objectStore('changeLog').add({ batchId: `b${i}`, planId: before.planId, table: 'rows', key: rowId, before, op: 'put', at: '2026-03-02T10:00:00.000Z', by: 'Bench', origin: 'edit' });
    await transactionDone(tx);
  };
  const edit = async (i: number): Promise<void> => {
    saved = null;
    pasteOneCell(`Modifica ${i} - centri per l'impiego`);
    if (!saved) throw new Error('B4: the edit did not reach oncellschange');
    await saved;
  };
  const select = async (i: number): Promise<void> => {
    const row = view.rows[Math.abs(i * 37) % view.rows.length] as Row;
    grid.selectCell(row.id, 'col-2');
    // Selecting scrolls the grid to the row: its render is not part of the edit.
    await nextFrame();
    await nextFrame();
    await settle();
  };
  let startedAt = 0;
  const time = async (work: () => Promise<void>): Promise<number> => {
    startedAt = performance.now();
    await work();
    return performance.now() - startedAt;
  };
  for (let i = 0; i < 4; i++) {
    await rawPut(-i);
    await loggedPut(-i);
    await select(-i - 1);
    await edit(-i - 1);
  }
  // A B C, C B A, … so that no side always runs first.
  for (let i = 0; i < edits; i++) {
    await select(i);
    const order = i % 2 === 0 ? ['raw', 'logged', 'repo', 'quadro'] : ['quadro', 'repo', 'logged', 'raw'];
    for (const side of order) {
      if (side === 'raw') rawTimes.push(await time(() => rawPut(i)));
      else if (side === 'logged') loggedTimes.push(await time(() => loggedPut(i)));
      else if (side === 'repo') repoTimes.push(await time(() => repoSave(i)));
      else {
        await time(() => edit(i));
        quadroTimes.push(committedAt - startedAt);
        gridTimes.push(calledAt - startedAt);
      }
    }
  }
  // Every edit stored and logged as a cell edit, not only reported.
  const logEntries = await db.changeLog.filter((entry) => entry.columnId === 'col-2').count();
  destroy();
  raw.close();
  logged.close();
  db.close();
  await deleteDatabase('bench-b4-quadro');
  await deleteDatabase('bench-b4-raw');
  await deleteDatabase('bench-b4-logged');
  if (editCount !== edits + 4 || logEntries < edits + 4) throw new Error(`B4: ${editCount} edits reported, ${logEntries} logged, expected ${edits + 4}`);
  return { quadro: statsOf(quadroTimes), baseline: statsOf(rawTimes), logged: statsOf(loggedTimes), repo: statsOf(repoTimes), grid: statsOf(gridTimes) };
}

/** B5: IndexedDB → the arrays the grid is given, for an area of `rows` rows. */
export async function runOpenAreaFigure(rows: number, variant: Variant, options: RunOptions) {
  const doc = makePlanDocument({ rows, variant });
  const db = await freshQuadroDatabase('bench-b5-quadro', doc);
  await db.close();
  const quadroDb = repo.openDatabase('bench-b5-quadro');
  await quadroDb.open();
  // Raw IndexedDB on the very same database and store.
  const raw = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('bench-b5-quadro');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  let sink = 0;
  const result = await compare(
    async () => {
      const all = await requestOf(raw.transaction('rows', 'readonly').objectStore('rows').getAll());
      sink += all.length;
    },
    async () => {
      const view = await repo.loadAreaView(quadroDb, AREA_ID);
      if (!view) throw new Error('B5: no area');
      // What MatrixGrid.buildData makes of it: the text of each cell, row by row.
      const data = view.rows.map((row) => view.columns.map((column) => row.cells[column.id]?.text ?? ''));
      sink += data.length;
    },
    { ...options, settle },
  );
  if (sink < rows) throw new Error('B5: rows missing');
  raw.close();
  quadroDb.close();
  await deleteDatabase('bench-b5-quadro');
  return result;
}

/** L1: the same rows written as one record per row, or one record per cell (raw Dexie bulkPut, one transaction). */
export async function runLayoutFigure(rows: number, variant: Variant, options: RunOptions) {
  const doc = makePlanDocument({ rows, variant });
  const perCell = doc.rows.flatMap((row) =>
    Object.entries(row.cells).map(([columnId, cell]) => ({ id: `${row.id}|${columnId}`, rowId: row.id, areaId: row.areaId, columnId, ...cell })),
  );
  let db: Dexie | null = null;
  const prepare = async (): Promise<void> => {
    db?.close();
    await deleteDatabase('bench-layout');
    db = openBaselineDexie('bench-layout');
    await db.open();
  };
  const put = (table: string, records: object[]) => async (): Promise<void> => {
    const store = (db as Dexie).table(table);
    await (db as Dexie).transaction('rw', store, async () => {
      for (let start = 0; start < records.length; start += BULK_SLICE) await store.bulkPut(records.slice(start, start + BULK_SLICE));
    });
  };
  // "baseline" = one record per row (Quadro's layout), "quadro" slot = per cell: the ratio is per-cell ÷ per-row.
  const result = await compare(put('rows', doc.rows), put('cells', perCell), {
    ...options,
    settle,
    prepareBaseline: prepare,
    prepareQuadro: prepare,
  });
  (db as Dexie | null)?.close();
  await deleteDatabase('bench-layout');
  return { ...result, records: { perRow: doc.rows.length, perCell: perCell.length } };
}
