// Saving as runes: the status the top bar shows, and every change not yet stored — failed writes and cells
// changed underneath an edit — listed until each is settled. A later success never hides an earlier failure.
import * as repo from '../db/repository.ts';
import type { QuadroDatabase } from '../db/repository.ts';
import { clock } from '../model/clock.ts';
import { trackWrite } from './pending-writes.ts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** Where a failed cell save belongs, and the text typed. */
export interface FailedCell {
  planId: string;
  areaId: string;
  rowId: string;
  columnId: string;
  text: string;
}

/** A write that failed: kept, listed and retried until it succeeds or the user discards it; never dropped. */
export interface FailedWrite {
  id: number;
  message: string;
  /** For a cell save: the text typed (also kept in IndexedDB where it has room). */
  cell?: FailedCell;
  /** The row or column is gone: retrying cannot help, the text can be kept in a new row or copied. */
  orphaned: boolean;
  /**
   * For a cell save: whether its text is kept in IndexedDB (the drafts store) until it is saved —
   * false when the device could not take even that (full): then it is only on this screen, which
   * says so and keeps it in front of the user. Null while that is being tried.
   */
  keptOnDevice?: boolean | null;
  /** It failed because the device is full: the list says what takes room. */
  quota?: boolean;
  /** The words for a failure of another kind, when "the change was not saved" would not fit (an undo). */
  otherwise?: string;
  /** Runs the write again: the batch it wrote (null when none), or throws when it fails again. */
  retry: () => Promise<string | null>;
}

/** A cell the user edited while someone else (another tab, an import) changed it: both versions, the user decides. */
export interface CellConflict {
  rowId: string;
  columnId: string;
  stored: string;
  mine: string;
}

export interface SavingMessages {
  quotaFull: string;
  saveFailed: string;
  recordGone: string;
}

export class Saving {
  status = $state<SaveStatus>('idle');
  failedWrites = $state.raw<FailedWrite[]>([]);
  conflicts = $state.raw<CellConflict[]>([]);
  /** The oldest failure, shown first. */
  failedWrite = $derived(this.failedWrites[0] ?? null);
  /**
   * Texts that are on this screen only: their save failed and the device could not keep them
   * either. The page says so at once, and asks before it is closed or reloaded while any is left.
   */
  memoryOnly = $derived(this.failedWrites.filter((f) => f.cell !== undefined && f.keptOnDevice === false));
  private nextId = 1;

  constructor(
    private readonly db: QuadroDatabase,
    private readonly messages: () => SavingMessages,
    /** The name a retried cell save is signed with. */
    private readonly signature: () => string,
  ) {}

  /**
   * Runs a write; its value once committed, or undefined after a failure, which is listed (with the
   * typed text for `cells`, also kept in IndexedDB) or, for a cell changed meanwhile, a conflict.
   */
  async run<T>(
    write: () => Promise<T>,
    cells?: FailedCell[],
    batchOf: (value: T) => string | null = () => null,
    /** What to say when it fails for any reason but a full device or a record gone (an undo is no "modifica"). */
    otherwise?: string,
  ): Promise<{ value: T } | undefined> {
    this.status = 'saving';
    try {
      const value = await trackWrite(write());
      this.settle();
      return { value };
    } catch (error) {
      if (error instanceof repo.CellConflictError) {
        this.conflicts = [...this.conflicts, ...error.conflicts];
        this.settle();
        return undefined;
      }
      console.error(error);
      const orphaned = repo.isMissingRecordError(error);
      const quota = repo.isQuotaError(error);
      const message = this.messageFor(error, otherwise);
      if (cells && cells.length > 0) {
        for (const cell of cells) this.addCell(cell, message, orphaned, quota);
      } else {
        this.add({
          message,
          orphaned,
          quota,
          ...(otherwise ? { otherwise } : {}),
          retry: async () => batchOf(await trackWrite(write())),
        });
      }
      this.status = 'error';
      return undefined;
    }
  }

  /** Words for a failure, never the exception's own text (a DataCloneError means nothing to a person). */
  private messageFor(error: unknown, otherwise?: string): string {
    const messages = this.messages();
    return repo.isQuotaError(error) ? messages.quotaFull : repo.isMissingRecordError(error) ? messages.recordGone : (otherwise ?? messages.saveFailed);
  }

  /** "Salvato" only while nothing is pending. */
  settle(): void {
    this.status = this.failedWrites.length > 0 ? 'error' : 'saved';
  }

  add(failure: Omit<FailedWrite, 'id'>): void {
    this.failedWrites = [...this.failedWrites, { ...failure, id: this.nextId++ }];
  }

  /** A failed cell save: a newer text for the same cell replaces the older one (it is what was typed last). */
  addCell(cell: FailedCell, message: string, orphaned: boolean, quota = false): void {
    const key = `${cell.rowId}:${cell.columnId}`;
    this.failedWrites = this.failedWrites.filter((f) => !f.cell || `${f.cell.rowId}:${f.cell.columnId}` !== key);
    const id = this.nextId;
    this.add({
      message,
      cell,
      orphaned,
      quota,
      keptOnDevice: null,
      retry: async () => {
        // The kept text goes in the same transaction as the save: stored in the cell, or still kept.
        const saved = await trackWrite(
          repo.saveCells(this.db, cell.planId, [{ rowId: cell.rowId, columnId: cell.columnId, text: cell.text }], { by: this.signature() }, { dropDrafts: [repo.pendingSaveId(cell)] }),
        );
        return saved.batchId;
      },
    });
    void repo.keepPendingSave(this.db, { ...cell, baseText: '', at: clock().now() }).then((kept) => {
      this.failedWrites = this.failedWrites.map((f) => (f.id === id ? { ...f, keptOnDevice: kept } : f));
    });
  }

  /** Tries again to keep a memory-only text on the device (after space was freed); true once it is. */
  async keepAgain(id: number): Promise<boolean> {
    const failed = this.failedWrites.find((f) => f.id === id);
    if (!failed?.cell) return false;
    const kept = await repo.keepPendingSave(this.db, { ...failed.cell, baseText: '', at: clock().now() });
    this.failedWrites = this.failedWrites.map((f) => (f.id === id ? { ...f, keptOnDevice: kept } : f));
    return kept;
  }

  /**
   * Retries one failure (the oldest when none is named); it stays listed, with a fresh message,
   * until it succeeds. The batch written, null when none, undefined when it failed again.
   */
  async retry(id?: number): Promise<string | null | undefined> {
    const failed = id === undefined ? this.failedWrites[0] : this.failedWrites.find((f) => f.id === id);
    if (!failed) return undefined;
    this.status = 'saving';
    try {
      // A cell's retry drops its kept text in its own transaction: nothing more to write.
      const batchId = await failed.retry();
      if (failed.cell) this.dismiss(failed.id);
      else await this.forget(failed.id);
      this.settle();
      return batchId;
    } catch (error) {
      console.error(error);
      const orphaned = repo.isMissingRecordError(error);
      const quota = repo.isQuotaError(error);
      this.failedWrites = this.failedWrites.map((f) => (f.id === failed.id ? { ...f, message: this.messageFor(error, f.otherwise), orphaned, quota } : f));
      this.settle();
      return undefined;
    }
  }

  /**
   * Settles a listed failure another way (its text put in a new row): the write runs once; on
   * success the failure goes (the write dropped its kept text), on failure it stays listed with a
   * fresh message and nothing else is added. The write's value, or undefined after a failure.
   */
  async settleWith<T>(id: number, write: () => Promise<T>): Promise<T | undefined> {
    this.status = 'saving';
    try {
      const value = await trackWrite(write());
      this.dismiss(id);
      return value;
    } catch (error) {
      console.error(error);
      this.failedWrites = this.failedWrites.map((f) => (f.id === id ? { ...f, message: this.messageFor(error), quota: repo.isQuotaError(error) } : f));
      this.settle();
      return undefined;
    }
  }

  /** Takes a failure off the list whose kept text is gone already (the write that settled it dropped it). */
  dismiss(id: number): void {
    this.failedWrites = this.failedWrites.filter((f) => f.id !== id);
    this.settle();
  }

  /** Takes a failure off the list (it succeeded, or the user let it go) and its kept text with it. */
  async forget(id: number): Promise<void> {
    const failed = this.failedWrites.find((f) => f.id === id);
    this.failedWrites = this.failedWrites.filter((f) => f.id !== id);
    if (failed?.cell) await repo.forgetPendingSave(this.db, failed.cell).catch((error: unknown) => console.error(error));
    this.settle();
  }

  removeConflict(conflict: CellConflict): void {
    this.conflicts = this.conflicts.filter((c) => c !== conflict);
  }
}
