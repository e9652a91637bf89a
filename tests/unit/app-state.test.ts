// The app state between the grid and IndexedDB: a failed save is never forgotten, tabs converge, history survives a reload.
// First: it installs fake-indexeddb before Dexie loads.
import { openTestDatabase, quotaError, startedApp, testDatabaseName, trappedDatabase } from './app-helpers.ts';
import { describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';

const nameOf = (): string => testDatabaseName('quadro-app');

describe('observed point 4: a failed save stays until it succeeds or is discarded', () => {
  it('a later successful save does not hide it; it survives a reload and saves on «Riprova»', async () => {
    const name = nameOf();
    const { db, traps } = trappedDatabase(name);
    const app = await startedApp(db);
    const [rowA, rowB] = app.nav.rows;
    const column = app.nav.columns[1]!;
    const long = 'Testo lungo scritto in treno. '.repeat(40);

    traps.failing.set('rows', quotaError);
    expect(await app.cells.save([{ rowId: rowA!.id, columnId: column.id, text: long }])).toBe(false);
    expect(app.saving.status).toBe('error');
    traps.failing.delete('rows');
    expect(await app.cells.save([{ rowId: rowB!.id, columnId: column.id, text: 'breve' }])).toBe(true);
    // The short edit saved, but the long one is still pending: the status must not say "Salvato".
    expect(app.saving.status).toBe('error');
    expect(app.saving.failedWrites).toHaveLength(1);
    expect(app.saving.failedWrites[0]!.cell?.text).toBe(long);

    // A reload: the text comes back from the drafts store, listed again.
    app.dispose();
    db.close();
    const reopened = openTestDatabase(name);
    const again = await startedApp(reopened);
    expect(again.saving.failedWrites.map((f) => f.cell?.text)).toEqual([long]);
    await again.pending.retry(again.saving.failedWrites[0]!.id);
    expect(again.saving.failedWrites).toEqual([]);
    expect(again.saving.status).toBe('saved');
    expect(again.cells.text(rowA!.id, column.id)).toBe(long);
    expect(await repo.listPendingSaves(reopened, DEFAULT_PLAN_ID)).toEqual([]);
  });

  it('a save whose row was deleted elsewhere says so in words and keeps the text in a new row', async () => {
    const { db } = trappedDatabase(nameOf());
    const app = await startedApp(db);
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[1]!;
    await repo.deleteRows(db, DEFAULT_PLAN_ID, [row.id], { by: 'Altra scheda' });
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Da non perdere', baseText: '' }]);
    const failure = app.saving.failedWrites[0]!;
    expect(failure.orphaned).toBe(true);
    expect(failure.message).toBe(app.t.recordGone);
    expect(failure.message).not.toMatch(/[0-9a-f]{8}-|exist/);
    await app.pending.keepInNewRow(failure.id);
    expect(app.saving.failedWrites).toEqual([]);
    expect(app.nav.rows.at(-1)!.cells[column.id]!.text).toBe('Da non perdere');
  });
});

describe('observed point 6: a second tab', () => {
  it('sees the first tab’s edit without a reload, and its stale editor becomes a conflict instead of overwriting', async () => {
    const name = nameOf();
    const { db: dbA } = trappedDatabase(name);
    const { db: dbB } = trappedDatabase(name);
    const tabA = await startedApp(dbA);
    const tabB = await startedApp(dbB);
    const row = tabA.nav.rows[0]!;
    const column = tabA.nav.columns[1]!;
    const shownInB = tabB.cells.text(row.id, column.id);

    await tabA.cells.save([{ rowId: row.id, columnId: column.id, text: 'Scritto in A', baseText: shownInB }]);
    await vi.waitFor(() => expect(tabB.cells.text(row.id, column.id)).toBe('Scritto in A'), { timeout: 1000 });
    expect(tabB.history.undoStack).toHaveLength(1);

    // B's large editor had opened on the old text: its save is refused and both versions are shown.
    await tabB.cells.save([{ rowId: row.id, columnId: column.id, text: 'Scritto in B', baseText: shownInB }]);
    expect(tabB.saving.conflicts).toEqual([{ rowId: row.id, columnId: column.id, stored: 'Scritto in A', mine: 'Scritto in B' }]);
    expect((await dbA.rows.get(row.id))!.cells[column.id]!.text).toBe('Scritto in A');
    await tabB.pending.resolveConflict(tabB.saving.conflicts[0]!, 'both');
    await vi.waitFor(() => expect(tabA.cells.text(row.id, column.id)).toBe('Scritto in A\n\nScritto in B'), { timeout: 1000 });
  });
});

describe('observed point 7: the undo history survives a reload', () => {
  it('«Annulla modifica» works after reopening, on the edit made before', async () => {
    const name = nameOf();
    const { db } = trappedDatabase(name);
    const app = await startedApp(db);
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[1]!;
    const original = app.cells.text(row.id, column.id);
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Modificato' }]);
    app.dispose();
    db.close();
    const reopened = openTestDatabase(name);
    const again = await startedApp(reopened);
    expect(again.history.undoStack).toHaveLength(1);
    await again.changes.undo();
    expect(again.cells.text(row.id, column.id)).toBe(original);
    expect(again.history.redoStack).toHaveLength(1);
    await again.changes.redo();
    expect(again.cells.text(row.id, column.id)).toBe('Modificato');
  });
});
