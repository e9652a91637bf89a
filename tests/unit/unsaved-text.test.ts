// Issue 18, observed point 0: a text that neither its cell nor the drafts store can take is said to be only on the screen,
// at once, until it is saved or let go; and no raw exception reaches a message.
// First: it installs fake-indexeddb before Dexie loads.
import { quotaError as quota, startedApp as started, testDatabaseName, trappedDatabase } from './app-helpers.ts';
import { describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { strings } from '../../src/lib/i18n/index.ts';

describe('a text only on the screen', () => {
  it('is marked as such at once when the drafts store refuses it too, and kept on the device once there is room', async () => {
    const {
      db,
      traps: { failing },
    } = trappedDatabase(testDatabaseName('quadro-unsaved'));
    const app = await started(db);
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[1]!;
    const text = 'Testo lungo scritto in treno. '.repeat(7000);
    failing.set('rows', quota);
    failing.set('drafts', quota);
    await app.cells.save([{ rowId: row.id, columnId: column.id, text }]);
    await vi.waitFor(() => expect(app.saving.failedWrites[0]?.keptOnDevice).toBe(false));
    expect(app.saving.memoryOnly.map((f) => f.cell?.text)).toEqual([text]);
    expect(app.saving.failedWrites[0]?.quota).toBe(true);

    // Room again: «Riprova a conservarlo» keeps it on the device, and a reload would find it.
    failing.delete('drafts');
    expect(await app.saving.keepAgain(app.saving.failedWrites[0]!.id)).toBe(true);
    expect(app.saving.memoryOnly).toEqual([]);
    expect((await repo.listPendingSaves(db, DEFAULT_PLAN_ID)).map((s) => s.text)).toEqual([text]);

    // «Riprova» saves it, and the kept text goes in the same write.
    failing.delete('rows');
    await app.pending.retry(app.saving.failedWrites[0]!.id);
    expect(app.saving.failedWrites).toEqual([]);
    expect(app.cells.text(row.id, column.id)).toBe(text);
    expect(await repo.listPendingSaves(db, DEFAULT_PLAN_ID)).toEqual([]);
  });

  it('an undo that fails says so in words, never with the exception’s own text', async () => {
    const {
      db,
      traps: { failing },
    } = trappedDatabase(testDatabaseName('quadro-unsaved'));
    const app = await started(db);
    await app.cells.save([{ rowId: app.nav.rows[0]!.id, columnId: app.nav.columns[1]!.id, text: 'da annullare' }]);
    failing.set('rows', () => new DOMException('function hasOwnProperty() { [native code] } could not be cloned.', 'DataCloneError'));
    await app.changes.undo();
    const message = app.saving.failedWrites[0]?.message ?? '';
    expect(message).toBe(strings('it').undoFailed);
    expect(message).not.toMatch(/DataCloneError|cloned|native code/);
  });
});
