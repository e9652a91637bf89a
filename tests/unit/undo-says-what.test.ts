// Issue 20: "Annulla modifica" and "Ripeti" say what they took back and ask for the cell to be shown; another tab's change is undone only when the user says so.
// First: it installs fake-indexeddb before Dexie loads.
import { openTestDatabase, startedApp as startedOn, testDatabaseName } from './app-helpers.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ask } from '../../src/lib/state/ask.svelte.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';

// A dialog left waiting by a test is answered, so the next test starts with none.
afterEach(() => ask.answer(null));

const nameOf = (): string => testDatabaseName('quadro-undo-says');

/** Two apps on one name are two tabs of one browser. */
const startedApp = (name: string) => startedOn(openTestDatabase(name));

describe('undo and redo say what they did and where', () => {
  it('names the column and the ambito of the cell, and asks for it to be shown', async () => {
    const app = await startedApp(nameOf());
    // Row 4 of AREA IMMIGRAZIONE, "Obiettivi quali-quantitativi 2009-2011".
    const row = app.nav.rows[3]!;
    const column = app.nav.columns[1]!;
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Nuovo obiettivo' }]);
    app.revealRequest = null;

    await app.changes.undo();
    expect(app.notice).toBe('Annullata la modifica di «Obiettivi…» in NETWORKING E QUALIFICAZIONE DEI SERVIZI PER IL LAVORO IN…');
    expect(app.revealRequest).toEqual({ planId: DEFAULT_PLAN_ID, areaId: app.nav.areaId, rowId: row.id, columnId: column.id });

    app.revealRequest = null;
    await app.changes.redo();
    expect(app.notice).toBe('Ripetuta la modifica di «Obiettivi…» in NETWORKING E QUALIFICAZIONE DEI SERVIZI PER IL LAVORO IN…');
    expect(app.revealRequest).toEqual({ planId: DEFAULT_PLAN_ID, areaId: app.nav.areaId, rowId: row.id, columnId: column.id });
    expect(app.cells.text(row.id, column.id)).toBe('Nuovo obiettivo');
  });

  it('names an edit made in another area, and asks for that area', async () => {
    const app = await startedApp(nameOf());
    const firstArea = app.nav.areaId!;
    const row = app.nav.rows[0]!;
    const column = app.nav.columns[2]!;
    await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Nel primo' }]);
    await app.nav.openArea(app.nav.areas[1]!.id);
    await app.changes.undo();
    expect(app.notice).toContain('«Risultati previsti al…» in GOVERNANCE TRANSNAZIONALE');
    expect(app.revealRequest).toMatchObject({ areaId: firstArea, rowId: row.id, columnId: column.id });
  });
});

describe('two tabs: undo in one never silently takes back the other tab’s merge', () => {
  it('asks first, says so, and leaves it when the user says to', async () => {
    const name = nameOf();
    const tabA = await startedApp(name);
    const tabB = await startedApp(name);
    const row = tabA.nav.rows[0]!;
    const column = tabA.nav.columns[4]!;
    const base = tabB.cells.text(row.id, column.id);

    await tabA.cells.save([{ rowId: row.id, columnId: column.id, text: 'Versione di A', baseText: base }]);
    await vi.waitFor(() => expect(tabB.cells.text(row.id, column.id)).toBe('Versione di A'), { timeout: 1000 });
    await tabB.cells.save([{ rowId: row.id, columnId: column.id, text: 'Versione di B', baseText: base }]);
    await tabB.pending.resolveConflict(tabB.saving.conflicts[0]!, 'both');
    const merged = 'Versione di A\n\nVersione di B';
    await vi.waitFor(() => expect(tabA.history.undoStack).toHaveLength(2), { timeout: 1000 });
    expect(tabA.cells.text(row.id, column.id)).toBe(merged);

    // Tab A's "Annulla modifica" would take back B's merge: it asks, naming it and the other tab.
    const undoing = tabA.changes.undo();
    await vi.waitFor(() => expect(ask.current?.title).toBe('Modifica fatta in un’altra scheda'));
    expect(ask.current?.message).toContain('«Risultati previsti al…» in GOVERNANCE TRANSNAZIONALE');
    ask.answer(null);
    await undoing;
    expect(tabA.cells.text(row.id, column.id)).toBe(merged);
    expect((await tabA.db.rows.get(row.id))!.cells[column.id]!.text).toBe(merged);

    // Asked again and confirmed: undone, and the message says where it came from.
    const confirmed = tabA.changes.undo();
    await vi.waitFor(() => expect(ask.current?.title).toBe('Modifica fatta in un’altra scheda'));
    ask.answer('ok');
    await confirmed;
    expect(tabA.cells.text(row.id, column.id)).toBe('Versione di A');
    expect(tabA.notice).toContain('Era stata fatta in un’altra scheda.');

    // Its own edit is undone as usual, without a question.
    await tabA.changes.undo();
    expect(ask.current).toBeNull();
    expect(tabA.cells.text(row.id, column.id)).toBe(base);
  });
});
