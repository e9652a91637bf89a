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
  copyTextToKeep: string;
}

export class Saving {
  status = $state<SaveStatus>('idle');
  failedWrites = $state.raw<FailedWrite[]>([]);
  conflicts = $state.raw<CellConflict[]>([]);
  /** The oldest failure, shown first. */
  failedWrite = $derived(this.failedWrites[0] ?? null);
  /** Said when even keeping the text of a failed save failed. */
  warning = $state<string | null>(null);
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
  async run<T>(write: () => Promise<T>, cells?: FailedCell[], batchOf: (value: T) => string | null = () => null): Promise<{ value: T } | undefined> {
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
      const message = this.messageFor(error);
      if (cells && cells.length > 0) {
        for (const cell of cells) this.addCell(cell, message, orphaned);
      } else {
        this.add({
          message,
          orphaned,
          retry: async () => batchOf(await trackWrite(write())),
        });
      }
      this.status = 'error';
      return undefined;
    }
  }

  private messageFor(error: unknown): string {
    const messages = this.messages();
    return repo.isQuotaError(error) ? messages.quotaFull : repo.isMissingRecordError(error) ? messages.recordGone : messages.saveFailed;
  }

  /** "Salvato" only while nothing is pending. */
  settle(): void {
    this.status = this.failedWrites.length > 0 ? 'error' : 'saved';
  }

  add(failure: Omit<FailedWrite, 'id'>): void {
    this.failedWrites = [...this.failedWrites, { ...failure, id: this.nextId++ }];
  }

  /** A failed cell save: a newer text for the same cell replaces the older one (it is what was typed last). */
  addCell(cell: FailedCell, message: string, orphaned: boolean): void {
    const key = `${cell.rowId}:${cell.columnId}`;
    this.failedWrites = this.failedWrites.filter((f) => !f.cell || `${f.cell.rowId}:${f.cell.columnId}` !== key);
    this.add({
      message,
      cell,
      orphaned,
      retry: async () => {
        const saved = await trackWrite(repo.saveCells(this.db, cell.planId, [{ rowId: cell.rowId, columnId: cell.columnId, text: cell.text }], { by: this.signature() }));
        return saved.batchId;
      },
    });
    void repo.keepPendingSave(this.db, { ...cell, baseText: '', at: clock().now() }).then((kept) => {
      if (!kept) this.warning = this.messages().copyTextToKeep;
    });
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
      const batchId = await failed.retry();
      await this.forget(failed.id);
      this.settle();
      return batchId;
    } catch (error) {
      console.error(error);
      const orphaned = repo.isMissingRecordError(error);
      this.failedWrites = this.failedWrites.map((f) => (f.id === failed.id ? { ...f, message: this.messageFor(error), orphaned } : f));
      this.settle();
      return undefined;
    }
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
