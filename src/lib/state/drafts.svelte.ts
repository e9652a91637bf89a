// The large editor's drafts for the UI: what is typed is written to IndexedDB shortly after each change while
// the editor is open, removed once the text is saved or knowingly discarded, and offered back after a reload.
import { deleteDraft, draftId, listDrafts, saveDraft, type Draft, type QuadroDatabase } from '../db/repository.ts';
import { clock } from '../model/clock.ts';
import { trackWrite } from './pending-writes.ts';

/** Long enough to write once per burst of typing, short enough that a crash loses at most a word. */
export const DRAFT_SAVE_DELAY_MS = 400;

export interface DraftTarget {
  planId: string;
  areaId: string;
  rowId: string;
  columnId: string;
}

export type EditorDraft = Draft;

export class EditorDrafts {
  private readonly db: QuadroDatabase;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiting: (() => Promise<void>) | null = null;
  /** Bumped each time a draft reaches IndexedDB: lets a test or the UI know it is safe. */
  stored = $state(0);
  /**
   * The last draft could not be written (the device is full): what is typed is only in the open
   * editor. The editor says so, and the page asks before it is closed.
   */
  unstored = $state(false);

  constructor(db: QuadroDatabase) {
    this.db = db;
  }

  /** Keeps `text` as the draft of the cell, written after a short pause in typing. */
  keep(target: DraftTarget, text: string, baseText: string): void {
    const draft: Draft = { id: draftId('editor', target.planId, target.rowId, target.columnId), kind: 'editor', ...target, text, baseText, at: clock().now() };
    this.waiting = async () => {
      try {
        await trackWrite(saveDraft(this.db, draft));
      } catch (error) {
        this.unstored = true;
        throw error;
      }
      this.unstored = false;
      this.stored++;
    };
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), DRAFT_SAVE_DELAY_MS);
  }

  /** Writes the waiting draft now (before the page goes away). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const write = this.waiting;
    this.waiting = null;
    if (write) await write().catch((error: unknown) => console.error(error));
  }

  /** The text is in the plan, or the user chose to discard it: the draft goes. */
  async drop(target: DraftTarget): Promise<void> {
    this.cancelWaiting();
    await trackWrite(deleteDraft(this.db, this.idOf(target)));
  }

  /**
   * The editor closes with a save that drops its draft in the save's own transaction: the draft
   * waiting to be written is not written any more.
   */
  cancelWaiting(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.waiting = null;
    this.unstored = false;
  }

  /** The key of a cell's editor draft, for a save that drops it in its own transaction. */
  idOf(target: DraftTarget): string {
    return draftId('editor', target.planId, target.rowId, target.columnId);
  }

  /** The editor drafts a reload or a crash left in a plan, oldest first. */
  left(planId: string): Promise<Draft[]> {
    return listDrafts(this.db, planId, 'editor');
  }
}
