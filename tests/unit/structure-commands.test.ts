// Issue 24: what the area's toolbar and ⋯ menu dispatch to `app.structure` (rows, columns, areas), each one undo
// step through `app.changes`: checked against the stores, the plan's integrity after every step.
// First: it installs fake-indexeddb before Dexie loads.
import { readVisible, startedApp, trappedDatabase, type Visible } from './app-helpers.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import type { AppState } from '../../src/lib/state/app.svelte.ts';
import { ask } from '../../src/lib/state/ask.svelte.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';

afterEach(() => ask.answer(null));

async function started(): Promise<{ app: AppState; db: repo.QuadroDatabase }> {
  const { db } = trappedDatabase();
  return { app: await startedApp(db), db };
}

/** One command: it is one undo step; «Annulla» brings the stores back to `before`, «Ripeti» to what the command left. */
async function expectOneUndoStep(app: AppState, db: repo.QuadroDatabase, before: Visible): Promise<void> {
  const after = await readVisible(db);
  expect(after).not.toEqual(before);
  expect(app.history.undoStack).toHaveLength(1);
  await app.changes.undo();
  expect(await readVisible(db)).toEqual(before);
  expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  await app.changes.redo();
  expect(await readVisible(db)).toEqual(after);
  expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
}

const ids = (app: AppState): string[] => app.nav.rows.map((row) => row.id);

describe('rows', () => {
  it('a row added below the selected one is there, empty, in the store and on screen', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const shown = ids(app);
    const row = await app.structure.addRow(shown[1]!);
    expect(row).toBeDefined();
    expect(ids(app)).toEqual([shown[0], shown[1], row!.id, ...shown.slice(2)]);
    expect(Object.values((await db.rows.get(row!.id))!.cells).every((cell) => cell.text === '')).toBe(true);
    await expectOneUndoStep(app, db, before);
  });

  it('rows moved down swap with the next one, and back with «Annulla»', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const [a, b, c] = ids(app);
    await app.structure.moveRows([a!], 1);
    expect(ids(app).slice(0, 3)).toEqual([b, a, c]);
    await expectOneUndoStep(app, db, before);
    // Nothing to move above the first row: nothing is written.
    const log = await db.changeLog.count();
    await app.structure.moveRows([ids(app)[0]!], -1);
    expect(await db.changeLog.count()).toBe(log);
  });

  it('rows deleted go with their texts; «Annulla» brings them back with them', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const [a, b] = ids(app);
    await app.structure.deleteRows([a!, b!]);
    expect(ids(app)).not.toContain(a);
    expect(await db.rows.get(b!)).toBeUndefined();
    await expectOneUndoStep(app, db, before);
  });
});

describe('columns', () => {
  it('a column added is the last one, with its title', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const column = await app.structure.addColumn('  Responsabile  ');
    expect(app.nav.columns.at(-1)).toMatchObject({ id: column!.id, title: 'Responsabile' });
    await expectOneUndoStep(app, db, before);
  });

  it('a column renamed keeps its cells; a refused title is asked again with the reason', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const column = app.nav.columns[1]!;
    const renaming = app.structure.renameColumn(column.id, '   ');
    await vi.waitFor(() => expect(ask.current?.kind).toBe('text'));
    expect(ask.current?.message).not.toBe('');
    ask.answer('Obiettivi 2026');
    await renaming;
    expect((await db.columns.get(column.id))!.title).toBe('Obiettivi 2026');
    expect(app.nav.columns[1]!.title).toBe('Obiettivi 2026');
    await expectOneUndoStep(app, db, before);
  });

  it('a refused title the user gives up on writes nothing', async () => {
    const { app, db } = await started();
    const log = await db.changeLog.count();
    const renaming = app.structure.renameColumn(app.nav.columns[1]!.id, '');
    await vi.waitFor(() => expect(ask.current).not.toBeNull());
    ask.answer(null);
    await renaming;
    expect(await db.changeLog.count()).toBe(log);
    expect(app.history.undoStack).toHaveLength(0);
  });
});

describe('areas', () => {
  it('an area added opens, its first column titled as the area on screen’s', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const firstTitle = app.nav.columns[0]!.title;
    const areasBefore = app.nav.areas.length;
    await app.structure.addArea('Area nuova');
    expect(app.nav.areas).toHaveLength(areasBefore + 1);
    expect(app.nav.area?.title).toBe('Area nuova');
    expect(app.nav.columns.map((column) => column.title)).toEqual([firstTitle]);
    await expectOneUndoStep(app, db, before);
  });

  it('an area renamed, and its introduction edited, are stored and shown', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const areaId = app.nav.areaId!;
    await app.structure.renameArea('Immigrazione e lavoro');
    expect(app.nav.area?.title).toBe('Immigrazione e lavoro');
    expect((await db.areas.get(areaId))!.title).toBe('Immigrazione e lavoro');
    await expectOneUndoStep(app, db, before);

    await app.structure.setIntroduction('Testo introduttivo');
    expect((await db.areas.get(areaId))!.introduction).toBe('Testo introduttivo');
    expect(app.nav.area?.introduction).toBe('Testo introduttivo');
  });

  it('an area deleted takes its columns and rows; «Annulla» brings them all back', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const areaId = app.nav.areaId!;
    const rowIds = ids(app);
    await app.structure.deleteArea();
    expect(app.nav.areas.map((area) => area.id)).not.toContain(areaId);
    expect(await db.rows.where('areaId').equals(areaId).count()).toBe(0);
    expect(rowIds.length).toBeGreaterThan(0);
    await expectOneUndoStep(app, db, before);
  });
});
