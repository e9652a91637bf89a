// Undo and redo as runes: the plan's batches in log order (read from the change log when a plan opens,
// extended as batches are written), turned into one linear history by the pure model.
import { buildUndoHistory, type BatchSummary } from '../model/history.ts';
import type { ChangeOrigin } from '../model/types.ts';

export class History {
  /** The plan's recent batches in log order. */
  batches = $state.raw<BatchSummary[]>([]);
  private lists = $derived(buildUndoHistory(this.batches));
  /** Batches "Annulla modifica" takes back, most recent last. */
  undoStack = $derived(this.lists.undo);
  /** Undo batches "Ripeti" takes back, most recent last. */
  redoStack = $derived(this.lists.redo);

  /** The plan's history as the log holds it (plan opened, another tab wrote, a reload). */
  replace(batches: BatchSummary[]): void {
    this.batches = batches;
  }

  /** A batch this tab just wrote; its place is after everything known. `note` names the batch an undo or redo took back. */
  record(batchId: string, origin: ChangeOrigin, note: string | undefined, at: string, by: string): void {
    const seq = (this.batches.at(-1)?.seq ?? 0) + 1;
    const summary: BatchSummary = { batchId, seq, origin, at, by };
    if (note !== undefined) summary.note = note;
    this.batches = [...this.batches, summary];
  }
}
