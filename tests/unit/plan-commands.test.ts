// Issue 24: what the plan bar dispatches to `app.plans` (create, rename, duplicate, delete, switch, restore the
// original), each one undo step through `app.changes`, checked against the stores.
// First: it installs fake-indexeddb before Dexie loads.
import { readVisible, startedApp, trappedDatabase } from './app-helpers.ts';
import { describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import type { AppState } from '../../src/lib/state/app.svelte.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';

async function started(): Promise<{ app: AppState; db: repo.QuadroDatabase }> {
  const { db } = trappedDatabase();
  return { app: await startedApp(db), db };
}

const planNames = async (db: repo.QuadroDatabase): Promise<string[]> => (await db.plans.toArray()).map((plan) => plan.name).sort();

describe('app.plans', () => {
  it('creates an empty plan with one area and its "Ambito" column, and opens it; «Annulla» takes it away', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    await app.plans.create('Piano 2027');
    expect(app.nav.plan?.name).toBe('Piano 2027');
    expect(app.nav.planId).not.toBe(DEFAULT_PLAN_ID);
    expect(app.nav.areas).toHaveLength(1);
    expect(app.nav.columns.map((column) => column.title)).toEqual([app.t.ambitoColumn]);
    expect(await planNames(db)).toContain('Piano 2027');
    // The new plan's history holds its creation: one step.
    expect(app.history.undoStack).toHaveLength(1);
    await app.changes.undo();
    expect(await readVisible(db)).toEqual(before);
    expect(app.nav.planId, 'the plan on screen is one that exists').toBe(DEFAULT_PLAN_ID);
  });

  it('renames the plan on screen; «Annulla» and «Ripeti» take the name back and forth', async () => {
    const { app, db } = await started();
    const original = app.nav.plan!.name;
    await app.plans.rename('Piano rinominato');
    expect(app.nav.plan?.name).toBe('Piano rinominato');
    expect((await db.plans.get(DEFAULT_PLAN_ID))!.name).toBe('Piano rinominato');
    await app.changes.undo();
    expect((await db.plans.get(DEFAULT_PLAN_ID))!.name).toBe(original);
    expect(app.nav.plan?.name).toBe(original);
    await app.changes.redo();
    expect((await db.plans.get(DEFAULT_PLAN_ID))!.name).toBe('Piano rinominato');
  });

  it('duplicates the plan with every text, opens the copy, and leaves the original as it was', async () => {
    const { app, db } = await started();
    const before = await readVisible(db);
    const texts = (visible: typeof before, planId: string): string[] => {
      const areas = new Set(visible.areas.filter((area) => area.planId === planId).map((area) => area.id));
      return visible.rows.filter((row) => areas.has(row.areaId)).flatMap((row) => Object.values(row.texts)).sort();
    };
    await app.plans.duplicate('Copia del piano');
    const copyId = app.nav.planId!;
    expect(copyId).not.toBe(DEFAULT_PLAN_ID);
    expect(app.nav.plan?.name).toBe('Copia del piano');
    const after = await readVisible(db);
    expect(texts(after, copyId)).toEqual(texts(before, DEFAULT_PLAN_ID));
    expect(texts(after, DEFAULT_PLAN_ID)).toEqual(texts(before, DEFAULT_PLAN_ID));
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });

  it('switches plans: the plan on screen, its areas and its own undo history', async () => {
    const { app } = await started();
    await app.cells.save([{ rowId: app.nav.rows[0]!.id, columnId: app.nav.columns[1]!.id, text: 'nel piano originale' }]);
    await app.plans.create('Altro piano');
    const other = app.nav.planId!;
    expect(app.history.undoStack).toHaveLength(1);
    await app.plans.open(DEFAULT_PLAN_ID);
    expect(app.nav.planId).toBe(DEFAULT_PLAN_ID);
    expect(app.nav.areas.every((area) => area.planId === DEFAULT_PLAN_ID)).toBe(true);
    expect(app.history.undoStack, 'the edit made here, not the other plan’s creation').toHaveLength(1);
    await app.changes.undo();
    expect(app.cells.text(app.nav.rows[0]!.id, app.nav.columns[1]!.id)).not.toBe('nel piano originale');
    expect(app.nav.plans.map((plan) => plan.id)).toContain(other);
  });

  it('deletes the plan on screen and opens another; its undo brings the plan back whole', async () => {
    const { app, db } = await started();
    await app.plans.create('Da eliminare');
    const doomed = app.nav.planId!;
    const before = await readVisible(db);
    await app.plans.delete();
    expect(app.nav.planId).toBe(DEFAULT_PLAN_ID);
    expect(await db.plans.get(doomed)).toBeUndefined();
    expect(await db.areas.where('planId').equals(doomed).count()).toBe(0);
    // The deletion is in the deleted plan's log: it is taken back by its batch (as the import history does).
    const batch = (await db.changeLog.where('planId').equals(doomed).last())!.batchId;
    await app.changes.undoBatch(batch);
    expect(await readVisible(db)).toEqual(before);
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });

  it('restores the original 2012 plan as a new plan beside the edited one', async () => {
    const { app, db } = await started();
    await app.plans.rename('Il mio piano');
    await app.plans.restoreOriginal();
    expect(app.nav.plan?.name).toBe(app.t.restoredName);
    expect(await planNames(db)).toEqual(['Il mio piano', app.t.restoredName].sort());
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });
});
