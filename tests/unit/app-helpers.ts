// The unit tests' one set-up for the app state on fake-indexeddb: a database (optionally one whose writes
// fail like a full device's) and a started AppState per test, both closed and deleted after each test.
import 'fake-indexeddb/auto';
import { Dexie, type DBCore } from 'dexie';
import { afterEach, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { AppState } from '../../src/lib/state/app.svelte.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { whenSeedComplete } from '../../src/lib/state/seed-rest.ts';

const opened: repo.QuadroDatabase[] = [];
const apps: AppState[] = [];

// Registered in every test file that imports this module (each file has its own module graph).
afterEach(async () => {
  for (const app of apps.splice(0)) app.dispose();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
  vi.restoreAllMocks();
});

/** A fresh database name (several connections to one name are two tabs of one browser). */
export const testDatabaseName = (prefix = 'quadro-test'): string => `${prefix}-${Math.random()}`;

/** A database deleted after the test. */
export function openTestDatabase(name = testDatabaseName()): repo.QuadroDatabase {
  const db = repo.openDatabase(name);
  opened.push(db);
  return db;
}

/** What a trapped database does: refuse writes to some stores, and count the rows each read returned. */
export interface Traps {
  /** Writes to these stores fail with the error made by the function (a quota error, a clone error). */
  failing: Map<string, () => Error>;
  /** The most records one read of the rows store returned. */
  largestRowsRead: number;
}

/** The error a full device gives. */
export const quotaError = (): Error => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** A database that can refuse writes to some stores as a full device does, and tells how many rows each read returned. */
export function trappedDatabase(name = testDatabaseName()): { db: repo.QuadroDatabase; traps: Traps } {
  const traps: Traps = { failing: new Map(), largestRowsRead: 0 };
  const db = openTestDatabase(name);
  db.use({
    stack: 'dbcore',
    name: 'traps',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(tableName) {
          const table = down.table(tableName);
          return {
            ...table,
            mutate(request) {
              const fail = traps.failing.get(tableName);
              return fail ? Promise.reject(fail()) : table.mutate(request);
            },
            query(request) {
              // No await here: it would lose Dexie's transaction zone and commit early.
              return table.query(request).then((result) => {
                if (tableName === 'rows') traps.largestRowsRead = Math.max(traps.largestRowsRead, result.result.length);
                return result;
              });
            },
          };
        },
      };
    },
  });
  return { db, traps };
}

/**
 * The app started on a database (a new one when none is given), on the bundled plan as a first start seeds it, its
 * other areas' rows written too (the second step of the seed, issue 25, which the app runs after its first screen).
 * `console.error` is silenced: the failures these tests cause are logged by the app.
 */
export async function startedApp(db: repo.QuadroDatabase = openTestDatabase(), planId: string = DEFAULT_PLAN_ID): Promise<AppState> {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const app = new AppState(db);
  apps.push(app);
  await app.start({ planId });
  await whenSeedComplete(db);
  return app;
}

/** What the user sees of the stored plans, read straight from the stores: the oracle of the state-module tests. */
export interface Visible {
  plans: string[];
  areas: { id: string; planId: string; title: string; introduction: string; order: number }[];
  columns: { id: string; areaId: string; title: string; order: number }[];
  rows: { id: string; areaId: string; order: number; texts: Record<string, string> }[];
}

export async function readVisible(db: repo.QuadroDatabase): Promise<Visible> {
  const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
  return {
    plans: (await db.plans.toArray()).map((plan) => `${plan.id}:${plan.name}`).sort(),
    areas: (await db.areas.toArray()).map(({ id, planId, title, introduction, order }) => ({ id, planId, title, introduction, order })).sort(byId),
    columns: (await db.columns.toArray()).map(({ id, areaId, title, order }) => ({ id, areaId, title, order })).sort(byId),
    rows: (await db.rows.toArray())
      .map(({ id, areaId, order, cells }) => ({ id, areaId, order, texts: Object.fromEntries(Object.entries(cells).map(([column, cell]) => [column, cell.text])) }))
      .sort(byId),
  };
}
