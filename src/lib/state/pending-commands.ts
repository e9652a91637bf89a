// What is not saved, as the user settles it: retry or let go a failed write, keep a text whose row or column
// is gone in a new row, resolve a cell conflict; and the failed saves listed again after a reload.
import * as repo from '../db/repository.ts';
import { MAX_AREA_ROWS } from '../model/limits.ts';
import type { CellConflict } from './saving.svelte.ts';
import type { AppState } from './app.svelte.ts';

export class PendingCommands {
  constructor(private readonly app: AppState) {}

  /** Saves that failed before a reload or a crash are listed again, with their text. */
  async loadSaved(): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    if (!planId) return;
    const known = new Set(app.saving.failedWrites.map((f) => f.cell && `${f.cell.rowId}:${f.cell.columnId}`));
    for (const save of await repo.listPendingSaves(app.db, planId)) {
      if (known.has(`${save.rowId}:${save.columnId}`)) continue;
      app.saving.addCell({ planId: save.planId, areaId: save.areaId, rowId: save.rowId, columnId: save.columnId, text: save.text }, app.t.pendingSaveFromBefore, false);
    }
    app.saving.settle();
  }

  /** «Riprova» on one pending change (the oldest when none is named). */
  async retry(id?: number): Promise<void> {
    const batchId = await this.app.saving.retry(id);
    if (batchId) this.app.changes.record(batchId, 'edit');
    await this.app.nav.reloadArea();
  }

  /** The user chose to let a failed write go (after being shown its text and asked). */
  async discard(id: number): Promise<void> {
    await this.app.saving.forget(id);
    await this.app.nav.reloadArea();
  }

  /**
   * "Metti in una riga nuova": the text of a save whose row or column is gone goes into a new row at
   * the end of its area (or the current one) — the row and its text in one write, one undo step, and
   * the kept text dropped in the same transaction: no empty row if it fails, the text still listed.
   */
  async keepInNewRow(id: number): Promise<void> {
    const { app } = this;
    const nav = app.nav;
    const failed = app.saving.failedWrites.find((f) => f.id === id);
    const cell = failed?.cell;
    if (!failed || !cell) return;
    const areaId = nav.areas.some((a) => a.id === cell.areaId) ? cell.areaId : nav.areaId;
    if (!areaId) return;
    if (areaId !== nav.areaId) await nav.openArea(areaId);
    // A full area cannot take the row: say why, and keep the text listed (it can still be copied).
    if (nav.rows.length >= MAX_AREA_ROWS) {
      app.notice = app.t.areaRowLimitAdd(nav.area?.title ?? '', MAX_AREA_ROWS);
      return;
    }
    const columnId = nav.columns.some((c) => c.id === cell.columnId) ? cell.columnId : nav.columns[0]?.id;
    if (!columnId) return;
    const content = { texts: { [columnId]: cell.text }, dropDrafts: [repo.pendingSaveId(cell)] };
    const written = await app.saving.settleWith(failed.id, () => repo.addRow(app.db, areaId, null, { by: app.device.signature }, content));
    if (written?.batchId) app.changes.record(written.batchId, 'edit');
    await nav.reloadArea();
  }

  /**
   * Where the stored side of a conflict came from: another tab of this browser (its batch was
   * announced here), or elsewhere (an import, a tab closed since); who wrote it, when.
   */
  conflictSource(conflict: CellConflict): { otherTab: boolean; by: string; at: string } {
    const cell = this.app.nav.rows.find((row) => row.id === conflict.rowId)?.cells[conflict.columnId];
    return { otherTab: this.app.changes.isFromOtherTab(cell?.batch), by: cell?.changedBy ?? '', at: cell?.changedAt ?? '' };
  }

  /** Resolves a cell conflict: keep mine, keep the stored text, or keep both, one after the other. */
  async resolveConflict(conflict: CellConflict, choice: 'mine' | 'theirs' | 'both'): Promise<void> {
    const { app } = this;
    app.saving.removeConflict(conflict);
    const planId = app.nav.planId;
    if (planId && choice !== 'theirs') {
      const text = choice === 'mine' ? conflict.mine : `${conflict.stored}\n\n${conflict.mine}`;
      const edit = { rowId: conflict.rowId, columnId: conflict.columnId, text };
      await app.changes.write(() => repo.saveCells(app.db, planId, [edit], { by: app.device.signature }), [edit]);
    }
    app.saving.settle();
    await app.nav.reloadArea();
  }
}
