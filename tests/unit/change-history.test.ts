// One ordered change history: undo decides by the log's order, never by clocks; parents and children move together.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { steppingClock, useClock } from '../../src/lib/model/clock.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';

const opened: repo.QuadroDatabase[] = [];
let restoreClock: (() => void) | null = null;
afterEach(async () => {
  restoreClock?.();
  restoreClock = null;
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

let counter = 0;
function freshDb(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-history-${counter++}-${Math.random()}`);
  opened.push(db);
  return db;
}

async function seededDb(): Promise<{ db: repo.QuadroDatabase; doc: PlanDocument }> {
  const db = freshDb();
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return { db, doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))! };
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const anna = { by: 'Anna' };

/** Imports a colleague's version of the plan (whole-plan CSV) as the app does: analyse, resolve, apply. */
async function importDoc(db: repo.QuadroDatabase, theirs: PlanDocument, fileName: string, now: string): Promise<string> {
  const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
  const csv = serializePlanCsv(theirs, { kind: 'plan' }, { delimiter: ';' });
  const result = analyzeImport({ bytes: encode(csv), fileName, doc, areaId: doc.areas[0]!.id });
  expect(result.problems).toEqual([]);
  const changes = resolveImport(result.preview!, { conflicts: {} }, { now, importer: 'Anna', fileName });
  const { batchId } = await repo.applyImport(db, DEFAULT_PLAN_ID, changes, { by: 'Anna', fileName });
  return batchId!;
}

function withNewArea(doc: PlanDocument): PlanDocument {
  const theirs = structuredClone(doc);
  const area = { id: 'their-area', planId: doc.plan.id, title: 'AREA GIOVANI', introduction: '', order: 99 };
  theirs.areas.push(area);
  theirs.columns.push({ id: 'their-col-1', areaId: area.id, planId: doc.plan.id, title: 'AMBITO', order: 1 });
  theirs.columns.push({ id: 'their-col-2', areaId: area.id, planId: doc.plan.id, title: 'Risultati previsti al 2012', order: 2 });
  theirs.rows.push({
    id: 'their-row',
    areaId: area.id,
    planId: doc.plan.id,
    order: 1,
    cells: {
      'their-col-1': { text: 'GARANZIA GIOVANI', changedAt: '2026-11-25T09:00:00.000Z', changedBy: 'Bruno' },
      'their-col-2': { text: 'Avviare 3 sportelli', changedAt: '2026-11-25T09:00:00.000Z', changedBy: 'Bruno' },
    },
  });
  return theirs;
}

const contentOf = (dump: repo.DatabaseDump): unknown => ({ areas: dump.areas, columns: dump.columns, rows: dump.rows });
const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((a, b) => a.id.localeCompare(b.id));
const sortedContent = (dump: repo.DatabaseDump): unknown => ({ areas: byId(dump.areas), columns: byId(dump.columns), rows: byId(dump.rows) });

describe('observed point 1: a restore stamped with another clock', () => {
  it('undo of an added backup removes the copy whatever the clocks of the edits and of the restore', async () => {
    // The edits happen "late in the day", the restore says 10:00: the old undo compared the two and kept every row.
    restoreClock = useClock(steppingClock('2026-11-26T23:30:00.000Z'));
    const { db, doc } = await seededDb();
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: doc.rows[0]!.id, columnId: doc.columns[1]!.id, text: 'Modificato in treno' }, anna);
    const backup = parseBackup(serializeBackup(await exportBackup(db, { appVersion: 'test', exportedAt: '2026-11-26T23:40:00.000Z' })));
    if (!backup.ok) throw new Error('backup refused');
    const target = freshDb();
    await repo.seedDefaultPlanOnce(target, loadDefaultPlan);
    const before = await repo.dumpDatabase(target);
    let n = 0;
    await restoreBackup(target, backup.value, 'add', { now: '2026-11-26T10:00:00.000Z', newId: () => `fresh-${n++}`, copySuffix: ' (copia)', by: 'Anna', fileName: 'b.json' });
    const restoreBatch = (await target.changeLog.toArray()).find((e) => e.origin === 'restore')!.batchId;
    await repo.undoBatch(target, restoreBatch, anna);
    const after = await repo.dumpDatabase(target);
    expect(sortedContent(after)).toEqual(sortedContent(before));
    expect(checkIntegrity(after)).toEqual([]);
  });
});

describe('observed point 2: undo of an import that added an area, edited since', () => {
  it('keeps the edited row with its area and columns, leaves no orphan, and the backup restores', async () => {
    const { db, doc } = await seededDb();
    const importBatch = await importDoc(db, withNewArea(doc), 'bruno.csv', '2026-11-26T12:00:00.000Z');
    const newArea = (await repo.listAreas(db, DEFAULT_PLAN_ID)).find((a) => a.title === 'AREA GIOVANI')!;
    const view = (await repo.loadAreaView(db, newArea.id))!;
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: view.rows[0]!.id, columnId: view.columns[1]!.id, text: 'Avviare 4 sportelli' }, anna);

    const result = await repo.undoBatch(db, importBatch, anna);
    expect(result.kept.some((k) => k.table === 'rows' && k.reason === 'changed-later')).toBe(true);
    const dump = await repo.dumpDatabase(db);
    expect(checkIntegrity(dump)).toEqual([]);
    const kept = (await repo.loadAreaView(db, newArea.id))!;
    expect(kept.rows[0]!.cells[kept.columns[1]!.id]!.text).toBe('Avviare 4 sportelli');

    const text = serializeBackup(await exportBackup(db, { appVersion: 'test', exportedAt: '2026-11-26T13:00:00.000Z' }));
    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const target = freshDb();
    await restoreBackup(target, parsed.value, 'replace', { now: '2026-11-26T13:00:00.000Z', newId: () => crypto.randomUUID(), copySuffix: '', by: 'Anna', fileName: 'b.json' });
    expect(checkIntegrity(await repo.dumpDatabase(target))).toEqual([]);
  });

  it('removes the area with its rows and columns when nothing was edited in it since', async () => {
    const { db, doc } = await seededDb();
    const before = await repo.dumpDatabase(db);
    const importBatch = await importDoc(db, withNewArea(doc), 'bruno.csv', '2026-11-26T12:00:00.000Z');
    const result = await repo.undoBatch(db, importBatch, anna);
    expect(result.kept).toEqual([]);
    expect(contentOf(await repo.dumpDatabase(db))).toEqual(contentOf(before));
  });
});

describe('observed point 3: a colleague whose clock runs ahead', () => {
  it.each([
    ['ten minutes ahead', '2026-11-26T12:10:00.000Z'],
    ['a year ahead', '2027-11-26T12:00:00.000Z'],
    ['years behind', '2011-01-01T00:00:00.000Z'],
  ])('undo of the import is exact when the file is %s', async (_name, fileTime) => {
    restoreClock = useClock(steppingClock('2026-11-26T12:00:00.000Z'));
    const { db, doc } = await seededDb();
    const before = await repo.dumpDatabase(db);
    const theirs = withNewArea(doc);
    const row = theirs.rows[0]!;
    const column = theirs.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    row.cells[column.id] = { text: 'Testo del collega', changedAt: fileTime, changedBy: 'Bruno' };
    for (const r of theirs.rows) for (const cell of Object.values(r.cells)) cell.changedAt = fileTime;
    const importBatch = await importDoc(db, theirs, 'bruno.csv', fileTime);
    await repo.undoBatch(db, importBatch, anna);
    expect(contentOf(await repo.dumpDatabase(db))).toEqual(contentOf(before));
  });
});

describe('observed point 7: one linear history, rebuilt from the log', () => {
  it('survives reopening the database and agrees with the import history', async () => {
    const { db, doc } = await seededDb();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    const edit = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'uno' }, anna);
    const importBatch = await importDoc(db, withNewArea(doc), 'bruno.csv', '2026-11-26T12:00:00.000Z');

    const name = db.name;
    db.close();
    const reopened = repo.openDatabase(name);
    opened.push(reopened);
    expect(await repo.readUndoHistory(reopened, DEFAULT_PLAN_ID)).toEqual({ undo: [edit.batchId, importBatch], redo: [] });

    // "Annulla l'importazione" from the import history: the import is out, and can be redone.
    const undone = await repo.undoBatch(reopened, importBatch, anna);
    expect((await repo.listImports(reopened, DEFAULT_PLAN_ID))[0]!.inEffect).toBe(false);
    expect(await repo.readUndoHistory(reopened, DEFAULT_PLAN_ID)).toEqual({ undo: [edit.batchId], redo: [undone.batchId] });

    // "Ripeti" brings it back, and the import history says so.
    const redone = await repo.undoBatch(reopened, undone.batchId!, { by: 'Anna', origin: 'redo' });
    expect((await repo.listImports(reopened, DEFAULT_PLAN_ID))[0]!.inEffect).toBe(true);
    expect(await repo.readUndoHistory(reopened, DEFAULT_PLAN_ID)).toEqual({ undo: [edit.batchId, redone.batchId], redo: [] });
    expect((await repo.listAreas(reopened, DEFAULT_PLAN_ID)).some((a) => a.title === 'AREA GIOVANI')).toBe(true);

    // Undone again from the top bar: out once more.
    await repo.undoBatch(reopened, redone.batchId!, anna);
    expect((await repo.listImports(reopened, DEFAULT_PLAN_ID))[0]!.inEffect).toBe(false);
    expect(checkIntegrity(await repo.dumpDatabase(reopened))).toEqual([]);
  });

  it('undo puts the plan’s "last changed" back', async () => {
    restoreClock = useClock(steppingClock('2026-11-26T12:00:00.000Z', 60_000));
    const { db, doc } = await seededDb();
    const before = (await reopenPlan(db)).updatedAt;
    const added = await repo.addRow(db, doc.areas[0]!.id, null, anna);
    expect((await reopenPlan(db)).updatedAt).not.toBe(before);
    await repo.undoBatch(db, added.batchId!, anna);
    expect((await reopenPlan(db)).updatedAt).toBe(before);
  });
});

async function reopenPlan(db: repo.QuadroDatabase): Promise<{ updatedAt: string }> {
  return (await db.plans.get(DEFAULT_PLAN_ID))!;
}

describe('undo keeps what a later change wrote', () => {
  it('undoing an older edit of a cell edited since keeps the newer text and says so', async () => {
    const { db, doc } = await seededDb();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    const first = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'prima' }, anna);
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'dopo' }, anna);
    const result = await repo.undoBatch(db, first.batchId!, anna);
    expect(result.kept).toEqual([{ table: 'rows', key: row.id, columnId: column.id, reason: 'changed-later' }]);
    expect((await db.rows.get(row.id))!.cells[column.id]!.text).toBe('dopo');
  });

  it('a row moved back by undo never shares its place with a row added since', async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const rows = doc.rows.filter((r) => r.areaId === area.id);
    const moved = await repo.moveRows(db, area.id, [rows[0]!.id], rows.length, anna);
    await repo.addRow(db, area.id, null, anna);
    await repo.moveRows(db, area.id, [(await repo.loadAreaView(db, area.id))!.rows.at(-1)!.id], 0, anna);
    await repo.undoBatch(db, moved.batchId!, anna);
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });
});
