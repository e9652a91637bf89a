// Browser figure L2 (issue 14): one large area through the app's own paths — import through the worker,
// open (repository read + MatrixGrid mount → first frame), undo of that import — and the refusal past the limit.
import { Dexie } from 'dexie';
import * as repo from '../../src/lib/db/repository.ts';
import { MAX_AREA_ROWS } from '../../src/lib/model/limits.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { statsOf, type Stats } from '../lib/measure.ts';
import { deleteDatabase, nextFrame, settle, watchLongTasks } from './tasks.ts';
import { mountMatrixGrid } from './mount-grid.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const DB_NAME = 'bench-l2-quadro';
const PLAN_ID = 'plan-l2';
const AREA_ID = 'area-l2';
const COLUMN_ID = 'col-l2';
const AT = '2026-03-02T10:00:00.000Z';
/** Loaded as store-figures loads it (dynamically), so the two share one chunk. */
const createImportRunner = async () => (await import('../../src/lib/exchange/import-runner.ts')).createImportRunner();

/** An empty plan with one one-column area, as a consultant would start a long list. */
function emptyPlan(): PlanDocument {
  return {
    plan: { id: PLAN_ID, name: 'Piano grande', origin: 'user', createdAt: AT, updatedAt: AT },
    areas: [{ id: AREA_ID, planId: PLAN_ID, title: 'Elenco', introduction: '', order: 1 }],
    columns: [{ id: COLUMN_ID, areaId: AREA_ID, planId: PLAN_ID, title: 'AMBITO', order: 1 }],
    rows: [],
  };
}

/** A one-column CSV of `rows` short ambiti (the 1,000,000 rows were 3 MB). */
function oneColumnFile(rows: number): Uint8Array {
  const lines = new Array<string>(rows + 1);
  lines[0] = 'AMBITO';
  for (let i = 1; i <= rows; i++) lines[i] = `Ambito ${i}`;
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

export interface LargeAreaRun {
  /** Bytes → analysed in the worker → applied in one transaction → committed. */
  apply: number;
  analyze: number;
  /** repository.loadAreaView (one indexed query, rows in order). */
  load: number;
  /** Raw IndexedDB getAll of the same rows by the same index: the floor of `load`. */
  rawLoad: number;
  /** mount(MatrixGrid) with those rows → next frame. */
  mount: number;
  /** load + mount: what the user waits for when the area opens. */
  open: number;
  undo: number;
  /** How often undo reported its progress, and the last report. */
  /** Raw Dexie writing the same change-log records undo wrote (same indexes, one transaction): the log's share. */
  rawLog: number;
  undoReports: number;
  undoLastReport: [number, number] | null;
  longestTaskDuringUndo: number;
}

export interface LargeAreaResult {
  rows: number;
  bytes: number;
  runs: LargeAreaRun[];
  apply: Stats;
  open: Stats;
  load: Stats;
  rawLoad: Stats;
  mount: Stats;
  undo: Stats;
  rawLog: Stats;
  refusal: { rows: number; bytes: number; ms: number; code: string; message: string; rowsAfter: number; logAfter: number; logBefore: number };
}

async function freshDatabase(): Promise<repo.QuadroDatabase> {
  await deleteDatabase(DB_NAME);
  const db = repo.openDatabase(DB_NAME);
  await repo.addPlanDocument(db, emptyPlan(), { by: 'Bench' });
  return db;
}

/** One cycle on a fresh database: import `bytes`, open the area, undo the import. */
async function runOnce(bytes: Uint8Array, rows: number, stage: HTMLElement): Promise<LargeAreaRun> {
  const db = await freshDatabase();
  await settle();
  // Apply: the page sends the bytes; the worker reads the plan, analyses, merges and writes.
  const started = performance.now();
  const runner = await createImportRunner();
  let batchId: string | null = null;
  let analyzedAt = 0;
  try {
    const view = await runner.analyze({ bytes, fileName: 'elenco.csv', databaseName: DB_NAME, planId: PLAN_ID, areaId: AREA_ID });
    analyzedAt = performance.now();
    if (!view.preview) throw new Error(`L2: analysis refused: ${(view.problems[0] && describeProblem(view.problems[0], 'en')) ?? 'no preview'}`);
    const applied = await runner.apply({ databaseName: DB_NAME, planId: PLAN_ID, decisions: { conflicts: {} }, now: AT, importer: 'Bench' });
    batchId = applied.batchId;
  } finally {
    runner.close();
  }
  const apply = performance.now() - started;
  if (!batchId) throw new Error('L2: the import wrote nothing');
  await settle();

  // The floor of the read first (so loadAreaView is not the cold one): raw IndexedDB getAll on the
  // same index of the same database.
  const rawStart = performance.now();
  const raw = await new Promise<unknown[]>((resolve, reject) => {
    const request = db.backendDB().transaction('rows', 'readonly').objectStore('rows').index('areaId').getAll(AREA_ID);
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error);
  });
  const rawLoad = performance.now() - rawStart;
  if (raw.length !== rows) throw new Error('L2: raw read missed rows');
  await settle();

  // Open: what AppState.openArea does before the grid gets its rows, then the grid's first frame.
  const openStart = performance.now();
  const view = await repo.loadAreaView(db, AREA_ID);
  const loaded = performance.now();
  if (!view || view.rows.length !== rows) throw new Error(`L2: ${view?.rows.length} rows loaded, expected ${rows}`);
  const mountStart = performance.now();
  const grid = mountMatrixGrid(stage, view.columns, view.rows);
  await nextFrame();
  const opened = performance.now();
  grid.destroy();
  await settle();

  // Undo of the whole import, as "Annulla modifica" runs it.
  let undoReports = 0;
  let undoLastReport: [number, number] | null = null;
  const watch = watchLongTasks();
  const undoStart = performance.now();
  const undone = await repo.undoBatch(
    db,
    batchId,
    { by: 'Bench', origin: 'undo' },
    {
      onProgress: (done: number, total: number) => {
        undoReports++;
        undoLastReport = [done, total];
      },
    },
  );
  const undo = performance.now() - undoStart;
  const longTasks = await watch.stop();
  if (!undone.batchId) throw new Error('L2: undo wrote nothing');
  const left = await db.rows.where('areaId').equals(AREA_ID).count();
  if (left !== 0) throw new Error(`L2: ${left} rows left after undo`);
  const undoEntries = await db.changeLog.where('batchId').equals(undone.batchId).toArray();
  db.close();
  await deleteDatabase(DB_NAME);
  await settle();
  const rawLog = await timeRawLog(undoEntries);
  return {
    apply,
    analyze: analyzedAt - started,
    load: loaded - openStart,
    rawLoad,
    mount: opened - mountStart,
    open: loaded - openStart + (opened - mountStart),
    undo,
    rawLog,
    undoReports,
    undoLastReport,
    longestTaskDuringUndo: longTasks.length === 0 ? 0 : Math.max(...longTasks),
  };
}

/**
 * The log's share of the undo: the same change-log records (bulk entries of 1,000 deleted rows each,
 * every row inside: redo and the cell history need them), written by raw Dexie into a store with
 * Quadro's log indexes, slices of 500 in one transaction, durability strict. Before issue 14 undo
 * wrote one record per row here, and this alone took 10 s for 50,000 rows.
 */
async function timeRawLog(entries: object[]): Promise<number> {
  const name = 'bench-l2-rawlog';
  await deleteDatabase(name);
  const raw = new Dexie(name, { chromeTransactionDurability: 'strict' });
  raw.version(1).stores({ changeLog: '++seq, batchId, planId, key, *addedKeys, *removedKeys' });
  await raw.open();
  const fresh = entries.map((entry) => {
    const { seq: _seq, ...rest } = entry as { seq?: number };
    return rest;
  });
  const started = performance.now();
  await raw.transaction('rw', raw.table('changeLog'), async () => {
    for (let start = 0; start < fresh.length; start += 500) await raw.table('changeLog').bulkAdd(fresh.slice(start, start + 500));
  });
  const ms = performance.now() - started;
  raw.close();
  await deleteDatabase(name);
  return ms;
}

/** An import of MAX_AREA_ROWS + 1 rows: refused by the worker's analysis, and nothing written. */
async function runRefusal(): Promise<LargeAreaResult['refusal']> {
  const rows = MAX_AREA_ROWS + 1;
  const bytes = oneColumnFile(rows);
  const db = await freshDatabase();
  const logBefore = await db.changeLog.count();
  await settle();
  const started = performance.now();
  const runner = await createImportRunner();
  let view;
  try {
    view = await runner.analyze({ bytes, fileName: 'troppo.csv', databaseName: DB_NAME, planId: PLAN_ID, areaId: AREA_ID });
  } finally {
    runner.close();
  }
  const ms = performance.now() - started;
  const refused = view.problems[0];
  const result = {
    rows,
    bytes: bytes.length,
    ms,
    code: refused?.code ?? 'not refused',
    message: (refused && describeProblem(refused, 'en')) ?? '',
    rowsAfter: await db.rows.count(),
    logAfter: await db.changeLog.count(),
    logBefore,
  };
  db.close();
  await deleteDatabase(DB_NAME);
  return result;
}

/** L2: `rows` one-column rows imported, opened and undone `runs` times; then the refusal past the limit. */
export async function runLargeAreaFigure(rows: number, runs: number, stage: HTMLElement): Promise<LargeAreaResult> {
  const bytes = oneColumnFile(rows);
  const results: LargeAreaRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await runOnce(bytes, rows, stage));
  const of = (pick: (run: LargeAreaRun) => number): Stats => statsOf(results.map(pick));
  return {
    rows,
    bytes: bytes.length,
    runs: results,
    apply: of((r) => r.apply),
    open: of((r) => r.open),
    load: of((r) => r.load),
    rawLoad: of((r) => r.rawLoad),
    mount: of((r) => r.mount),
    undo: of((r) => r.undo),
    rawLog: of((r) => r.rawLog),
    refusal: await runRefusal(),
  };
}
