// The repository on fake-indexeddb: first-start seeding, edits that persist, the change log, undo/redo, schema upgrade.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { createQuadroDatabase, declareVersion1, declareVersions } from '../../src/lib/db/schema.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { cellText } from '../../src/lib/model/plan.ts';
import { useClock } from '../../src/lib/model/clock.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';

const opened: repo.QuadroDatabase[] = [];
let counter = 0;

function freshDb(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-test-${Date.now()}-${counter++}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seeded(): Promise<{ db: repo.QuadroDatabase; doc: PlanDocument }> {
  const db = freshDb();
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  const doc = await repo.loadPlanDocument(db, DEFAULT_PLAN_ID);
  if (!doc) throw new Error('seed missing');
  return { db, doc };
}

const author = { by: 'Mario Rossi' };

describe('first start', () => {
  it('writes the bundled 2012 plan once, with its three areas', async () => {
    const db = freshDb();
    expect(await repo.seedDefaultPlanOnce(db, loadDefaultPlan)).toBe(true);
    const plans = await repo.listPlans(db);
    expect(plans.map((p) => p.name)).toEqual(['Piano operativo 2012']);
    const areas = await repo.listAreas(db, DEFAULT_PLAN_ID);
    expect(areas.map((a) => a.title)).toEqual([
      'AREA IMMIGRAZIONE',
      'AREA INCLUSIONE SOCIALE E LAVORATIVA',
      'ALTRI PROGETTI ATTIVI NEL 2012',
    ]);
    expect(await db.rows.count()).toBe(5 + 7 + 12);
  });

  it('never seeds again: not over existing data, not after the user deleted the plan', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'mio testo' }, author);
    expect(await repo.seedDefaultPlanOnce(db, loadDefaultPlan)).toBe(false);
    const again = await db.rows.get(row.id);
    expect(again && cellText(again, column.id)).toBe('mio testo');

    await repo.deletePlan(db, DEFAULT_PLAN_ID, author);
    expect(await repo.seedDefaultPlanOnce(db, loadDefaultPlan)).toBe(false);
    expect(await db.plans.count()).toBe(0);
  });

  it('"restore the original plan" adds a fresh copy beside the user\'s plan', async () => {
    const { db } = await seeded();
    const { value: copy } = await repo.restoreOriginalPlan(db, loadDefaultPlan, 'Originale', author);
    expect(copy.id).not.toBe(DEFAULT_PLAN_ID);
    expect((await repo.listPlans(db)).map((p) => p.name).sort()).toEqual(['Originale', 'Piano operativo 2012']);
    const copyDoc = await repo.loadPlanDocument(db, copy.id);
    expect(copyDoc?.rows).toHaveLength(24);
    // No record is shared with the original.
    const originalIds = new Set((await db.rows.where('planId').equals(DEFAULT_PLAN_ID).primaryKeys()) as string[]);
    expect(copyDoc?.rows.some((r) => originalIds.has(r.id))).toBe(false);
  });
});

describe('editing', () => {
  it('persists a cell edit with its author and time, and logs old and new text', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[1]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 5)!;
    const old = cellText(row, column.id);
    const result = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Realizzare 5 accordi' }, author);
    expect(result.batchId).toBeTruthy();

    db.close();
    const reopened = createQuadroDatabase(db.name);
    opened.push(reopened);
    const stored = await reopened.rows.get(row.id);
    expect(stored?.cells[column.id]?.text).toBe('Realizzare 5 accordi');
    expect(stored?.cells[column.id]?.changedBy).toBe('Mario Rossi');
    const log = await reopened.changeLog.where('batchId').equals(result.batchId!).toArray();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ columnId: column.id, oldText: old, newText: 'Realizzare 5 accordi', by: 'Mario Rossi', origin: 'edit', key: row.id });
  });

  it('writes nothing when the text did not change', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId)!;
    const before = await db.changeLog.count();
    const result = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: cellText(row, column.id) }, author);
    expect(result.batchId).toBeNull();
    expect(await db.changeLog.count()).toBe(before);
  });

  it('rejects an edit of a missing row and changes nothing (the whole batch aborts)', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId)!;
    const dumpBefore = await repo.dumpDatabase(db);
    await expect(
      repo.saveCells(db, DEFAULT_PLAN_ID, [
        { rowId: row.id, columnId: column.id, text: 'cambiato' },
        { rowId: 'missing-row', columnId: column.id, text: 'x' },
      ], author),
    ).rejects.toThrow(/missing-row/);
    expect(await repo.dumpDatabase(db)).toEqual(dumpBefore);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes a cell edit', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    const original = cellText(row, column.id);
    const { batchId } = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'nuovo' }, author);
    const { batchId: undoId } = await repo.undoBatch(db, batchId!, author);
    expect(cellText((await db.rows.get(row.id))!, column.id)).toBe(original);
    const { batchId: redoId } = await repo.undoBatch(db, undoId!, { ...author, origin: 'redo' });
    expect(redoId).toBeTruthy();
    expect(cellText((await db.rows.get(row.id))!, column.id)).toBe('nuovo');
    const origins = (await db.changeLog.toArray()).map((e) => e.origin);
    expect(origins).toEqual(['edit', 'undo', 'redo']);
  });

  it('undoing an older batch keeps a newer edit of the same cell', async () => {
    const { db, doc } = await seeded();
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 2)!;
    // Order comes from the change log, not the clock: the newer edit is timed an hour *before* the older one.
    const restoreFirst = useClock({ now: () => '2026-11-26T10:00:00.000Z' });
    const first = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'primo' }, author);
    restoreFirst();
    const restoreSecond = useClock({ now: () => '2026-11-26T09:00:00.000Z' });
    try {
      await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'secondo' }, author);
      await repo.undoBatch(db, first.batchId!, author);
    } finally {
      restoreSecond();
    }
    expect(cellText((await db.rows.get(row.id))!, column.id)).toBe('secondo');
  });

  it('undoes structural changes: a deleted row and a deleted column come back with their text', async () => {
    const { db, doc } = await seeded();
    const areaId = doc.areas[0]!.id;
    const before = await repo.loadAreaView(db, areaId);
    const column = before!.columns[4]!;
    const deletedColumn = await repo.deleteColumn(db, column.id, author);
    const deletedRow = await repo.deleteRows(db, DEFAULT_PLAN_ID, [before!.rows[2]!.id], author);
    expect((await repo.loadAreaView(db, areaId))!.rows).toHaveLength(4);
    await repo.undoBatch(db, deletedRow.batchId!, author);
    await repo.undoBatch(db, deletedColumn.batchId!, author);
    expect(await repo.loadAreaView(db, areaId)).toEqual(before);
  });

  it('adds, moves and renames, each undoable', async () => {
    const { db, doc } = await seeded();
    const areaId = doc.areas[0]!.id;
    const view = (await repo.loadAreaView(db, areaId))!;
    const added = await repo.addColumn(db, areaId, 'Risultati al 2012', author);
    const renamed = await repo.renameColumn(db, added.value.id, 'Risultati previsti al 2013', author);
    const newRow = await repo.addRow(db, areaId, view.rows[0]!.id, author);
    let now = (await repo.loadAreaView(db, areaId))!;
    expect(now.columns.map((c) => c.title).at(-1)).toBe('Risultati previsti al 2013');
    expect(now.rows[1]!.id).toBe(newRow.value.id);
    const moved = await repo.moveRows(db, areaId, [view.rows[4]!.id], 0, author);
    now = (await repo.loadAreaView(db, areaId))!;
    expect(now.rows[0]!.id).toBe(view.rows[4]!.id);
    for (const batch of [moved, newRow, renamed, added]) await repo.undoBatch(db, batch.batchId!, author);
    expect(await repo.loadAreaView(db, areaId)).toEqual(view);
  });
});

describe('plans', () => {
  it('creates, renames, duplicates and deletes plans', async () => {
    const { db } = await seeded();
    const created = await repo.createPlan(db, 'Piano 2013', author, { title: 'Nuova area', columnTitles: ['AMBITO'] });
    await repo.renamePlan(db, created.value.id, 'Piano 2013 Lazio', author);
    const copy = await repo.duplicatePlan(db, DEFAULT_PLAN_ID, 'Piano 2012 (copia)', author);
    expect((await repo.listPlans(db)).map((p) => p.name)).toEqual(['Piano 2012 (copia)', 'Piano 2013 Lazio', 'Piano operativo 2012']);
    const copyDoc = await repo.loadPlanDocument(db, copy.value.id);
    const originalDoc = await repo.loadPlanDocument(db, DEFAULT_PLAN_ID);
    expect(copyDoc!.rows.map((r) => Object.values(r.cells).map((c) => c.text))).toEqual(
      originalDoc!.rows.map((r) => Object.values(r.cells).map((c) => c.text)),
    );
    const deleted = await repo.deletePlan(db, DEFAULT_PLAN_ID, author);
    expect(await repo.loadPlanDocument(db, DEFAULT_PLAN_ID)).toBeUndefined();
    expect(await db.rows.where('planId').equals(DEFAULT_PLAN_ID).count()).toBe(0);
    await repo.undoBatch(db, deleted.batchId!, author);
    const restored = await repo.loadPlanDocument(db, DEFAULT_PLAN_ID);
    // Everything comes back; only the plan's "last changed" time moves on (the undo is a change too).
    expect({ ...restored, plan: { ...restored!.plan, updatedAt: '' } }).toEqual({ ...originalDoc, plan: { ...originalDoc!.plan, updatedAt: '' } });
  });
});

describe('schema versions', () => {
  it('opens a version-1 database with data and upgrades it to the current version', async () => {
    const name = `quadro-upgrade-${Date.now()}`;
    const v1 = new Dexie(name);
    declareVersion1(v1);
    await v1.open();
    await v1.table('plans').add({ id: 'p1', name: 'Vecchio piano', origin: 'user', createdAt: 'x', updatedAt: 'x' });
    await v1.table('areas').add({ id: 'a1', planId: 'p1', title: 'Area', introduction: '', order: 1 });
    // Version 1 columns had no planId.
    await v1.table('columns').add({ id: 'c1', areaId: 'a1', title: 'AMBITO', order: 1 });
    await v1.table('rows').add({ id: 'r1', areaId: 'a1', planId: 'p1', order: 1, cells: { c1: { text: 'testo', changedAt: 'x', changedBy: 'y' } } });
    expect(v1.verno).toBe(1);
    v1.close();

    const db = createQuadroDatabase(name);
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(6);
    expect(await db.drafts.count()).toBe(0);
    expect(await db.columns.get('c1')).toMatchObject({ planId: 'p1' });
    expect(await db.columns.where('planId').equals('p1').count()).toBe(1);
    const doc = await repo.loadPlanDocument(db, 'p1');
    expect(doc?.rows[0]?.cells['c1']?.text).toBe('testo');
    await repo.saveSetting(db, 'author', 'Anna');
    expect(await repo.readSetting(db, 'author')).toBe('Anna');
  });
});

describe('schema version 5 (issue 18)', () => {
  it('upgrades a version-4 database with rows: the rows are found by area and order, and a row is added between two without reading the area', async () => {
    const name = `quadro-upgrade-v4-${Date.now()}`;
    const v4 = new Dexie(name);
    declareVersions(v4, 4);
    await v4.open();
    await v4.table('plans').add({ id: 'p1', name: 'Piano', origin: 'user', createdAt: 'x', updatedAt: 'x' });
    await v4.table('areas').add({ id: 'a1', planId: 'p1', title: 'Area', introduction: '', order: 1 });
    await v4.table('columns').add({ id: 'c1', areaId: 'a1', planId: 'p1', title: 'AMBITO', order: 1 });
    await v4.table('rows').bulkAdd([
      { id: 'r3', areaId: 'a1', planId: 'p1', order: 30, cells: {} },
      { id: 'r1', areaId: 'a1', planId: 'p1', order: 10, cells: {} },
      { id: 'r2', areaId: 'a1', planId: 'p1', order: 20, cells: {} },
    ]);
    expect(v4.verno).toBe(4);
    v4.close();

    const db = createQuadroDatabase(name);
    opened.push(db);
    await db.open();
    // Upgraded through version 5 (and any later one: version 6 added the sync stores).
    expect(db.verno).toBeGreaterThanOrEqual(5);
    const inOrder = await db.rows.where('[areaId+order]').between(['a1', -Infinity], ['a1', Infinity]).primaryKeys();
    expect(inOrder).toEqual(['r1', 'r2', 'r3']);
    const added = await repo.addRow(db, 'a1', 'r1', author);
    expect(added.value.order).toBe(15);
    const last = await repo.addRow(db, 'a1', null, author);
    expect(last.value.order).toBe(31);
  });
});

describe('errors', () => {
  it('recognises a quota error, also wrapped in an AbortError', () => {
    const quota = new Error('full');
    quota.name = 'QuotaExceededError';
    const wrapped = Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota });
    expect(repo.isQuotaError(quota)).toBe(true);
    expect(repo.isQuotaError(wrapped)).toBe(true);
    expect(repo.isQuotaError(new Error('other'))).toBe(false);
  });
});
