// Undo and redo as runes: the plan's batches in log order (read from the change log when a plan opens,
// extended as batches are written), turned into one linear history by the pure model.
import { buildUndoHistory, type BatchSummary } from '../model/history.ts';
import type { ChangeOrigin } from '../model/types.ts';

/** An undo or redo touching fewer records than this is over too soon to need a progress line. */
export const UNDO_PROGRESS_MIN_RECORDS = 1_000;

/** An undo or redo being written: which, and how many records of how many are stored. */
export interface UndoProgress {
  origin: 'undo' | 'redo';
  done: number;
  total: number;
}

export class History {
  /** The plan's recent batches in log order. */
  batches = $state.raw<BatchSummary[]>([]);
  private lists = $derived(buildUndoHistory(this.batches));
  /** Batches "Annulla modifica" takes back, most recent last. */
  undoStack = $derived(this.lists.undo);
  /** Undo batches "Ripeti" takes back, most recent last. */
  redoStack = $derived(this.lists.redo);

  /** The undo or redo being written, for "Annullamento: 20.000 di 50.000 righe…"; null when none (or a small one) runs. */
  progress = $state<UndoProgress | null>(null);

  /** Progress of a running undo or redo, as the repository reports it; `null` when it ended. */
  reportProgress(origin: 'undo' | 'redo', done: number, total: number): void {
    if (total < UNDO_PROGRESS_MIN_RECORDS) return;
    this.progress = { origin, done, total };
  }

  endProgress(): void {
    this.progress = null;
  }

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
