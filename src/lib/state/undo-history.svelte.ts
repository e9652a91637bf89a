// The plan's undo and redo lists as runes: loaded from the change log when a plan opens, extended as batches are written.
import { buildUndoHistory, type BatchSummary } from '../model/history.ts';
import type { ChangeOrigin } from '../model/types.ts';

export class UndoHistoryState {
  /** The plan's recent batches in log order (as read at open, then as written here). */
  batches = $state.raw<BatchSummary[]>([]);
  private history = $derived(buildUndoHistory(this.batches));
  undo = $derived(this.history.undo);
  redo = $derived(this.history.redo);

  replace(batches: BatchSummary[]): void {
    this.batches = batches;
  }

  /** A batch this tab just wrote; its place is after everything known. */
  record(batchId: string, origin: ChangeOrigin, note: string | undefined, at: string, by: string): void {
    const seq = (this.batches.at(-1)?.seq ?? 0) + 1;
    const summary: BatchSummary = { batchId, seq, origin, at, by };
    if (note !== undefined) summary.note = note;
    this.batches = [...this.batches, summary];
  }
}
