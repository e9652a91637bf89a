// Drafts: text typed in the large editor and not yet in the plan, kept in IndexedDB while the editor is open
// so a reload or a crash never costs it. One draft per cell and kind (the 'failed-save' kind is written elsewhere).
import type { Draft, QuadroDatabase } from './schema.ts';

export type { Draft } from './schema.ts';

export type DraftKind = Draft['kind'];

/** The key of a cell's draft of one kind. */
export function draftId(kind: DraftKind, planId: string, rowId: string, columnId: string): string {
  return `${kind}:${planId}:${rowId}:${columnId}`;
}

/** Writes (or replaces) a draft; durable once the promise resolves. */
export async function saveDraft(db: QuadroDatabase, draft: Draft): Promise<void> {
  await db.drafts.put(draft);
}

export async function deleteDraft(db: QuadroDatabase, id: string): Promise<void> {
  await db.drafts.delete(id);
}

/** The drafts of one kind left in a plan, oldest first. */
export async function listDrafts(db: QuadroDatabase, planId: string, kind: DraftKind): Promise<Draft[]> {
  const drafts = await db.drafts.where('planId').equals(planId).toArray();
  return drafts.filter((draft) => draft.kind === kind).sort((a, b) => a.at.localeCompare(b.at));
}
