// Issue 20, point 8: "Cosa è cambiato" on a device that never exported lists the edits made since the plan came here —
// not nothing, and not every cell of a plan that was itself created here (next year's plan).
// First: it installs fake-indexeddb before Dexie loads.
import { openTestDatabase, startedApp as startedOn, testDatabaseName } from './app-helpers.ts';
import { describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { CellHistoryState } from '../../src/lib/state/cell-history.svelte.ts';

describe('"Cosa è cambiato" with nothing exported', () => {
  it('opens on the edits made to the bundled plan', async () => {
    const app = await startedOn(openTestDatabase(testDatabaseName('quadro-since-start')));
    const row = app.nav.rows[1]!;
    const column = app.nav.columns[3]!;
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Aggiornato oggi' }]);
    const history = new CellHistoryState(app);
    await history.openDefaultChanges();
    expect(history.neverExported).toBe(true);
    expect(history.since).toEqual({ kind: 'start' });
    expect(history.changes.map((change) => [change.rowId, change.columnId, change.now])).toEqual([[row.id, column.id, 'Aggiornato oggi']]);
  });

  it('on next year’s plan, made here, lists the edits after its creation, not every cell it was made with', async () => {
    const app = await startedOn(openTestDatabase(testDatabaseName('quadro-since-start')));
    await app.plans.createFrom('roll-forward', 'Piano operativo 2013');
    expect(app.nav.plan?.name).toBe('Piano operativo 2013');
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[1]!;
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Obiettivo 2013' }]);
    const history = new CellHistoryState(app);
    await history.openDefaultChanges();
    expect(history.changes.map((change) => change.now)).toEqual(['Obiettivo 2013']);
  });

  it('opens since the last export once there is one', async () => {
    const app = await startedOn(openTestDatabase(testDatabaseName('quadro-since-start')));
    await repo.saveSetting(app.db, 'lastExportSeq', await repo.lastLogPosition(app.db));
    const history = new CellHistoryState(app);
    await history.openDefaultChanges();
    expect(history.since).toEqual({ kind: 'export' });
    expect(history.changes).toEqual([]);
  });
});
