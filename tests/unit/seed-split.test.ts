// Issue 25: the bundled plan ships compact and in two parts (the first area before the grid, the rest after it).
// The oracle is the committed plan-2012.json, generated before the compact form existed: other devices' files and
// sync refer to its ids, so the expanded parts must equal it exactly.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { DEFAULT_PLAN_ID, loadDefaultPlan, loadDefaultPlanHead, loadDefaultPlanRest } from '../../src/lib/seed/default-plan.ts';
import { seedDefaultPlan, whenSeedComplete } from '../../src/lib/state/seed-rest.ts';
import { AppState } from '../../src/lib/state/app.svelte.ts';
import { openTestDatabase } from './app-helpers.ts';

const COMMITTED = JSON.parse(readFileSync(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
const FIRST_AREA_ID = COMMITTED.areas.find((area) => area.order === 1)!.id;
const OTHER_AREA_IDS = COMMITTED.areas.filter((area) => area.order !== 1).map((area) => area.id);
const author = { by: 'Mario Rossi' };

const byId = <T extends { id: string }>(records: readonly T[]): T[] => [...records].sort((a, b) => a.id.localeCompare(b.id));

/** What the device holds, as the committed document's stores, sorted by id. */
async function stored(db: repo.QuadroDatabase): Promise<Omit<PlanDocument, 'plan'> & { plans: unknown[] }> {
  return {
    plans: await db.plans.toArray(),
    areas: byId(await db.areas.toArray()),
    columns: byId(await db.columns.toArray()),
    rows: byId(await db.rows.toArray()),
  };
}

const wholePlan = { plans: [COMMITTED.plan], areas: byId(COMMITTED.areas), columns: byId(COMMITTED.columns), rows: byId(COMMITTED.rows) };

describe('the compact bundled plan', () => {
  it('expands to exactly the committed plan-2012.json, ids, merge bases and stamps included', async () => {
    expect(await loadDefaultPlan()).toEqual(COMMITTED);
  });

  it('carries the first area whole in its head, and every other area\'s rows in its rest', async () => {
    const head = await loadDefaultPlanHead();
    expect(head.doc.plan).toEqual(COMMITTED.plan);
    expect(head.doc.areas).toEqual(COMMITTED.areas);
    expect(head.doc.columns).toEqual(COMMITTED.columns);
    expect(head.doc.rows).toEqual(COMMITTED.rows.filter((row) => row.areaId === FIRST_AREA_ID));
    expect(head.restAreaIds).toEqual(OTHER_AREA_IDS);
    expect(byId(await loadDefaultPlanRest())).toEqual(byId(COMMITTED.rows.filter((row) => row.areaId !== FIRST_AREA_ID)));
  });

  it('hands out a new document each time: editing one does not change the next', async () => {
    const first = await loadDefaultPlan();
    first.rows[0]!.cells = {};
    first.areas[0]!.title = 'cambiato';
    expect(await loadDefaultPlan()).toEqual(COMMITTED);
  });
});

describe('seeding in two steps', () => {
  it('writes the head first, then the rest, ending with the whole plan and no undo step', async () => {
    const db = openTestDatabase();
    expect(await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead)).toBe(true);
    expect(await db.rows.count()).toBe(5);
    expect(await db.areas.count()).toBe(3);
    expect(await repo.pendingSeedAreas(db)).toEqual(OTHER_AREA_IDS);

    expect(await repo.completeDefaultPlanSeed(db, loadDefaultPlanRest)).toBe(7 + 12);
    expect(await stored(db)).toEqual(wholePlan);
    expect(await repo.pendingSeedAreas(db)).toEqual([]);
    expect(await repo.listBatches(db, DEFAULT_PLAN_ID)).toEqual([]);
    expect(await db.table('changeLog').count()).toBe(0);
  });

  it('completes once: a second call (another tab, a second start) writes nothing', async () => {
    const db = openTestDatabase();
    await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead);
    await Promise.all([repo.completeDefaultPlanSeed(db, loadDefaultPlanRest), repo.completeDefaultPlanSeed(db, loadDefaultPlanRest)]);
    expect(await repo.completeDefaultPlanSeed(db, loadDefaultPlanRest)).toBe(0);
    expect(await stored(db)).toEqual(wholePlan);
  });

  it('a start that finds the head written but not the rest (the tab closed in between) completes it', async () => {
    const db = openTestDatabase();
    await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead);
    // The first start ends here. The next one:
    await seedDefaultPlan(db);
    await whenSeedComplete(db, OTHER_AREA_IDS[1]);
    expect(await stored(db)).toEqual(wholePlan);
  });

  it('a rest that fails to load writes nothing and leaves the note, so a later try completes the plan', async () => {
    const db = openTestDatabase();
    await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead);
    const offline = (): Promise<Row[]> => Promise.reject(new TypeError('Failed to fetch dynamically imported module'));
    await expect(repo.completeDefaultPlanSeed(db, offline)).rejects.toThrow(/Failed to fetch/);
    expect(await db.rows.count()).toBe(5);
    expect(await repo.pendingSeedAreas(db)).toEqual(OTHER_AREA_IDS);
    expect(await repo.completeDefaultPlanSeed(db, loadDefaultPlanRest)).toBe(19);
    expect(await stored(db)).toEqual(wholePlan);
  });

  it('does not bring back an area the user deleted before the rest came, nor leave rows without it', async () => {
    const db = openTestDatabase();
    await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead);
    const gone = OTHER_AREA_IDS[1]!;
    await repo.deleteArea(db, gone, author);
    expect(await repo.completeDefaultPlanSeed(db, loadDefaultPlanRest)).toBe(7);
    expect(await db.areas.get(gone)).toBeUndefined();
    expect(await db.rows.where('areaId').equals(gone).count()).toBe(0);
    const areaIds = new Set((await db.areas.toArray()).map((area) => area.id));
    expect((await db.rows.toArray()).every((row) => areaIds.has(row.areaId))).toBe(true);
  });

  it('writes nothing on a device seeded whole before the split, nor after the user deleted the plan', async () => {
    const whole = openTestDatabase();
    await repo.seedDefaultPlanOnce(whole, loadDefaultPlan);
    await repo.deleteArea(whole, OTHER_AREA_IDS[0]!, author);
    expect(await repo.completeDefaultPlanSeed(whole, loadDefaultPlanRest)).toBe(0);
    expect(await whole.areas.get(OTHER_AREA_IDS[0]!)).toBeUndefined();

    const deleted = openTestDatabase();
    await repo.seedDefaultPlanOnce(deleted, loadDefaultPlanHead);
    await repo.deletePlan(deleted, DEFAULT_PLAN_ID, author);
    expect(await repo.completeDefaultPlanSeed(deleted, loadDefaultPlanRest)).toBe(0);
    expect(await deleted.rows.count()).toBe(0);
    expect(await repo.pendingSeedAreas(deleted)).toEqual([]);
  });

  it('a screen waiting for another area gets its rows without waiting for the first screen', async () => {
    const db = openTestDatabase();
    // No grid in a unit test, so the idle moment would come only after first-screen.ts's fallback wait.
    await seedDefaultPlan(db);
    expect(await db.rows.count()).toBe(5);
    await whenSeedComplete(db, FIRST_AREA_ID);
    expect(await db.rows.count()).toBe(5);
    await whenSeedComplete(db, OTHER_AREA_IDS[0]);
    expect(await stored(db)).toEqual(wholePlan);
  });
});

describe('what reads the whole plan right after the first start', () => {
  it('a copy of the plan made before the rest was written still has every row of every area', async () => {
    const db = openTestDatabase();
    const app = new AppState(db);
    await app.start({ planId: DEFAULT_PLAN_ID });
    expect(await db.rows.count(), 'only the first area is written when the app has started').toBe(5);
    await app.plans.duplicate('Copia del piano 2012');
    app.dispose();
    const copy = (await db.plans.toArray()).find((plan) => plan.name === 'Copia del piano 2012');
    expect(copy).toBeDefined();
    expect(await db.rows.where('planId').equals(copy!.id).count()).toBe(COMMITTED.rows.length);
    expect(await db.rows.where('planId').equals(DEFAULT_PLAN_ID).count()).toBe(COMMITTED.rows.length);
  });
});
