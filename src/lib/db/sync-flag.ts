// Whether a plan syncs with a server: the one sync read on the first screen, so the sync code itself loads only where it is on.
import type { QuadroDatabase } from './schema.ts';

export async function isSyncOn(db: QuadroDatabase, planId: string): Promise<boolean> {
  return (await db.syncPlans.get(planId)) !== undefined;
}
