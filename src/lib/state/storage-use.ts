// The free-space hints for the components (issue 18): what takes room in Quadro, read through the repository, never by a component.
import type { QuadroDatabase } from '../db/repository.ts';
import type { StorageUse } from '../db/usage.ts';

export type { StorageUse, PlanUse } from '../db/usage.ts';

/** What takes room, largest plan first; null when it cannot be read (the database closing). */
export async function loadStorageUse(db: QuadroDatabase): Promise<StorageUse | null> {
  try {
    const { measureStorageUse } = await import('../db/usage.ts');
    return await measureStorageUse(db);
  } catch (error) {
    console.error(error);
    return null;
  }
}
