// Pure: one linear undo/redo history per plan, rebuilt from the change log's batches in their logged order.
import type { ChangeOrigin, ImportSummary, IsoTime } from './types.ts';

/** One batch of the change log, as the history needs it (no snapshots). */
export interface BatchSummary {
  batchId: string;
  /** The log sequence of the batch's first entry: its place in the order of events. */
  seq: number;
  origin: ChangeOrigin;
  /** For undo and redo: the batch they undid. For imports and restores: the file name. */
  note?: string;
  at: IsoTime;
  by: string;
  /** Issue 23: what a colleague's file of a gathering did. */
  importSummary?: ImportSummary;
}

/** How many steps "Annulla modifica" can go back. */
export const HISTORY_DEPTH = 100;

export interface UndoHistory {
  /** Batches "Annulla" takes back, most recent last. */
  undo: string[];
  /** Undo batches "Ripeti" takes back (redo is the undo of an undo), most recent last. */
  redo: string[];
}

/**
 * Replays the batches in log order. A new action (edit, import, restore) clears what could be
 * redone, as in every editor; an undo, from the top bar or from the import history, takes its
 * action off the undo list wherever it stands and becomes redoable; a redo is an action that can be
 * undone again.
 *
 * Each undo and redo stands for the action it finally goes back to (its root): when "Annulla
 * l'importazione" undoes an import that a top-bar "Ripeti" had brought back, the entry that leaves
 * the undo list is that redo, which stands for the import. Matching by the batch id alone left the
 * redo on the list, and "Annulla" then undid it with nothing left to do, for ever (found by the
 * model test, seed 1467502529).
 */
export function buildUndoHistory(batches: readonly BatchSummary[], depth = HISTORY_DEPTH): UndoHistory {
  let undo: string[] = [];
  let redo: string[] = [];
  const rootOf = new Map<string, string>();
  for (const batch of [...batches].sort((a, b) => a.seq - b.seq)) {
    const undoing = (batch.origin === 'undo' || batch.origin === 'redo') && batch.note !== undefined;
    const root = undoing ? (rootOf.get(batch.note as string) ?? (batch.note as string)) : batch.batchId;
    rootOf.set(batch.batchId, root);
    if (batch.origin === 'undo') {
      undo = undo.filter((id) => rootOf.get(id) !== root);
      redo.push(batch.batchId);
    } else if (batch.origin === 'redo') {
      // "Ripeti" takes the top of the list. A redo of anything else ("Ripeti l'importazione" from
      // the import history) is a new action, and like any new action leaves nothing to redo: what
      // was on the list was undone before it and may no longer apply (the model test found a
      // plan deletion left there, which then had to keep the plan for the import's area, wrote
      // nothing and stayed on top for ever; seed -607883803).
      const top = redo.at(-1);
      redo = top !== undefined && rootOf.get(top) === root ? redo.slice(0, -1) : [];
      undo.push(batch.batchId);
    } else {
      undo.push(batch.batchId);
      redo = [];
    }
  }
  return { undo: undo.slice(-depth), redo: redo.slice(-depth) };
}

/**
 * Whether each batch's effect is in place: a batch is undone when a batch whose effect is in place
 * undid it. So an import undone and then redone is in effect again, and undone a second time is not.
 */
export function batchesInEffect(batches: readonly BatchSummary[]): (batchId: string) => boolean {
  const undoneBy = new Map<string, string>();
  for (const batch of [...batches].sort((a, b) => a.seq - b.seq)) {
    if ((batch.origin === 'undo' || batch.origin === 'redo') && batch.note) undoneBy.set(batch.note, batch.batchId);
  }
  const memo = new Map<string, boolean>();
  const inEffect = (batchId: string): boolean => {
    const known = memo.get(batchId);
    if (known !== undefined) return known;
    // Chains are short and acyclic (an undo names an older batch), but guard anyway.
    memo.set(batchId, true);
    const undoer = undoneBy.get(batchId);
    const result = undoer === undefined ? true : !inEffect(undoer);
    memo.set(batchId, result);
    return result;
  };
  return inEffect;
}

/** The batch whose undoing brings an undone `batchId` back (its undo, in effect); undefined while it is in effect. */
export function effectiveUndoer(batches: readonly BatchSummary[], batchId: string): string | undefined {
  if (batchesInEffect(batches)(batchId)) return undefined;
  let undoer: string | undefined;
  for (const batch of [...batches].sort((a, b) => a.seq - b.seq)) {
    if ((batch.origin === 'undo' || batch.origin === 'redo') && batch.note === batchId) undoer = batch.batchId;
  }
  return undoer;
}
