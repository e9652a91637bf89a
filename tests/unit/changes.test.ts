// Issue 24: `app.changes`, the one way into the undo history: every command's write is one step, «Annulla» and
// «Ripeti» walk the steps of different commands in order, and with nothing to take back nothing is written.
// First: it installs fake-indexeddb before Dexie loads.
import { readVisible, startedApp, trappedDatabase } from './app-helpers.ts';
import { describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';

describe('app.changes', () => {
  it('with nothing to undo or redo says so and writes nothing', async () => {
    const { db } = trappedDatabase();
    const app = await startedApp(db);
    const log = await db.changeLog.count();
    await app.changes.undo();
    expect(app.notice).toBe(app.t.nothingToUndo);
    await app.changes.redo();
    expect(app.notice).toBe(app.t.nothingToRedo);
    expect(await db.changeLog.count()).toBe(log);
  });

  it('a cell edit, a row added and a column renamed are three steps, undone newest first and redone oldest first', async () => {
    const { db } = trappedDatabase();
    const app = await startedApp(db);
    const states = [await readVisible(db)];
    const column = app.nav.columns[1]!;
    await app.cells.save([{ rowId: app.nav.rows[0]!.id, columnId: column.id, text: 'primo' }]);
    states.push(await readVisible(db));
    await app.structure.addRow(null);
    states.push(await readVisible(db));
    await app.structure.renameColumn(column.id, 'Colonna rinominata');
    states.push(await readVisible(db));
    expect(app.history.undoStack).toHaveLength(3);

    for (let step = 2; step >= 0; step--) {
      await app.changes.undo();
      expect(await readVisible(db), `after undoing step ${step + 1}`).toEqual(states[step]);
    }
    expect(app.history.redoStack).toHaveLength(3);
    for (let step = 1; step <= 3; step++) {
      await app.changes.redo();
      expect(await readVisible(db), `after redoing step ${step}`).toEqual(states[step]);
    }
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });

  it('a new change after an undo clears what «Ripeti» would bring back', async () => {
    const app = await startedApp();
    const column = app.nav.columns[1]!;
    const row = app.nav.rows[0]!;
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'prima' }]);
    await app.changes.undo();
    expect(app.history.redoStack).toHaveLength(1);
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'dopo' }]);
    expect(app.history.redoStack).toHaveLength(0);
    await app.changes.redo();
    expect(app.notice).toBe(app.t.nothingToRedo);
    expect(app.cells.text(row.id, column.id)).toBe('dopo');
  });
});
