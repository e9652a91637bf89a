// Issue 24: what the grid and the large editor dispatch to `app.cells`, and its undo and redo through `app.changes`,
// checked against the stores themselves.
// First: it installs fake-indexeddb before Dexie loads.
import { quotaError, readVisible, startedApp, trappedDatabase } from './app-helpers.ts';
import { describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';

describe('app.cells', () => {
  it('saves a typed text in the stored row and on screen; «Annulla» puts the old text back, «Ripeti» the new one', async () => {
    const { db } = trappedDatabase();
    const app = await startedApp(db);
    const row = app.nav.rows[2]!;
    const column = app.nav.columns[1]!;
    const before = (await db.rows.get(row.id))!.cells[column.id]?.text ?? '';
    expect(before).not.toBe('Nuovo testo');

    expect(await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Nuovo testo' }])).toBe(true);
    expect((await db.rows.get(row.id))!.cells[column.id]?.text).toBe('Nuovo testo');
    expect(app.cells.text(row.id, column.id)).toBe('Nuovo testo');
    expect(app.saving.status).toBe('saved');
    expect(app.history.undoStack).toHaveLength(1);

    await app.changes.undo();
    expect((await db.rows.get(row.id))!.cells[column.id]?.text ?? '').toBe(before);
    expect(app.cells.text(row.id, column.id)).toBe(before);
    expect(app.notice).toMatch(/^Annullata la modifica di/);
    expect(app.history.undoStack).toHaveLength(0);

    await app.changes.redo();
    expect((await db.rows.get(row.id))!.cells[column.id]?.text).toBe('Nuovo testo');
    expect(app.notice).toMatch(/^Ripetuta la modifica di/);
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });

  it('a paste of several cells is one undo step', async () => {
    const { db } = trappedDatabase();
    const app = await startedApp(db);
    const [first, second] = app.nav.rows;
    const column = app.nav.columns[2]!;
    const before = await readVisible(db);
    await app.cells.save([
      { rowId: first!.id, columnId: column.id, text: 'uno' },
      { rowId: second!.id, columnId: column.id, text: 'due' },
    ]);
    expect([app.cells.text(first!.id, column.id), app.cells.text(second!.id, column.id)]).toEqual(['uno', 'due']);
    expect(app.history.undoStack).toHaveLength(1);
    await app.changes.undo();
    expect(await readVisible(db)).toEqual(before);
  });

  it('a save the device refuses is not an undo step, and its text is listed to retry', async () => {
    const { db, traps } = trappedDatabase();
    const app = await startedApp(db);
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[1]!;
    const before = await readVisible(db);
    traps.failing.set('rows', quotaError);
    expect(await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Non entra' }])).toBe(false);
    expect(await readVisible(db)).toEqual(before);
    expect(app.history.undoStack).toHaveLength(0);
    expect(app.saving.failedWrites.map((f) => f.cell?.text)).toEqual(['Non entra']);

    traps.failing.clear();
    await app.pending.retry();
    expect((await db.rows.get(row.id))!.cells[column.id]?.text).toBe('Non entra');
    expect(app.history.undoStack, 'the retried save is one undo step').toHaveLength(1);
  });

  it('reads nothing for a row that is not in the area on screen', async () => {
    const app = await startedApp();
    expect(app.cells.text('no-such-row', app.nav.columns[0]!.id)).toBe('');
  });
});
