// Issue 25: the first start writes the bundled plan in two steps. Before the grid: every area and column, and the
// rows of the first area (the one on screen). After the grid's first rows and an idle moment: the other areas' rows,
// from a chunk of their own. A screen that needs those rows sooner (a switch to another area, the search index)
// waits for them, and makes them come at once.
import * as repo from '../db/repository.ts';
import type { QuadroDatabase } from '../db/repository.ts';
import { loadDefaultPlanHead, loadDefaultPlanRest } from '../seed/default-plan.ts';
import { afterFirstScreen } from './first-screen.ts';

interface SeedRest {
  /** The areas whose rows are not written yet. */
  areaIds: Set<string>;
  /** The write under way; null after a failed one (the next wait tries again). */
  running: Promise<void> | null;
  /** Ends the wait for the idle moment. */
  hurry: () => void;
}

/** By database: the app has one, the unit tests one each. */
const rests = new WeakMap<QuadroDatabase, SeedRest>();

/**
 * First start: writes the head of the bundled plan (see db/plans.ts `seedDefaultPlanOnce`). Every start: if rows are
 * still to be written (this start's head, or an earlier start that ended before them), writes them after the first
 * screen. Resolves once the head is written; the rest follows on its own.
 */
export async function seedDefaultPlan(db: QuadroDatabase): Promise<void> {
  await repo.seedDefaultPlanOnce(db, loadDefaultPlanHead);
  const pending = await repo.pendingSeedAreas(db);
  if (pending.length === 0) return;
  let hurry: () => void = () => undefined;
  const hurried = new Promise<void>((resolve) => {
    hurry = resolve;
  });
  const rest: SeedRest = { areaIds: new Set(pending), running: null, hurry };
  rests.set(db, rest);
  rest.running = Promise.race([afterFirstScreen(), hurried]).then(() => writeRest(db, rest));
}

/**
 * Resolves once the rows of `areaId` are in the database (of every area, without `areaId`): at once when they are,
 * else when the rest of the seed is written, which then starts without waiting for an idle moment. Never rejects:
 * after a failed write the area shows what there is, and the next wait (or the next start) tries again.
 */
export function whenSeedComplete(db: QuadroDatabase, areaId?: string | null): Promise<void> {
  const rest = rests.get(db);
  if (!rest || rest.areaIds.size === 0 || (areaId != null && !rest.areaIds.has(areaId))) return Promise.resolve();
  rest.hurry();
  rest.running ??= writeRest(db, rest);
  return rest.running;
}

async function writeRest(db: QuadroDatabase, rest: SeedRest): Promise<void> {
  try {
    await repo.completeDefaultPlanSeed(db, loadDefaultPlanRest);
    rest.areaIds.clear();
  } catch (error) {
    // The chunk did not load (the network went away before the service worker had it) or the write failed: the
    // note of the missing rows stays in the database, so the next start completes the seed.
    console.warn('Quadro: the rest of the bundled plan was not written yet', error);
  } finally {
    rest.running = null;
  }
}
