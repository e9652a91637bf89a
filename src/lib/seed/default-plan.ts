// The bundled default plan (the agency's 2012 operational plan), loaded on demand.
import type { PlanDocument } from '../model/types.ts';
import { SEED_PLAN_ID } from './parse-seed.ts';

/** The id of the bundled plan: the same on every device, because seed ids are hashed, not random. */
export const DEFAULT_PLAN_ID = SEED_PLAN_ID;

/**
 * The bundled plan, as generated from the source document by `npm run seed:generate`. Imported
 * dynamically so the app's first screen does not carry it; returned as a deep copy so a caller
 * that edits it cannot change what the next caller gets from the module cache.
 */
export async function loadDefaultPlan(): Promise<PlanDocument> {
  const bundled = await import('./plan-2012.json');
  return JSON.parse(JSON.stringify(bundled.default)) as PlanDocument;
}
