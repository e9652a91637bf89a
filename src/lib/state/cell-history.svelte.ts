// The change log told to a person: the history of one cell, and what changed in an area since a point.
import * as repo from '../db/repository.ts';
import { buildCellHistory, cellsChangedSince, type CellHistoryItem, type CellSince } from '../model/cell-history.ts';
import { notesOf } from '../model/notes.ts';
import type { AppState } from './app.svelte.ts';

/** Where "what changed since" starts: the last export, an import, a day the user picks, or the plan's beginning here. */
export type SincePoint = { kind: 'export' } | { kind: 'import'; batchId: string } | { kind: 'date'; date: string } | { kind: 'start' };

export class CellHistoryState {
  /** The cell whose history is open, or null. */
  cell = $state.raw<{ rowId: string; columnId: string } | null>(null);
  items = $state.raw<CellHistoryItem[]>([]);
  /** The area whose changes are open, with the point they start from. */
  since = $state.raw<SincePoint | null>(null);
  changes = $state.raw<CellSince[]>([]);
  /** The point had no position in the log (no export yet, an unknown import). */
  noPoint = $state(false);
  imports = $state.raw<repo.ImportRecord[]>([]);
  /** Nothing was ever exported from this device: "since the last export" has no point to start from. */
  neverExported = $state(false);

  constructor(private readonly app: AppState) {}

  async openCell(rowId: string, columnId: string): Promise<void> {
    this.cell = { rowId, columnId };
    await this.loadCell();
  }

  private async loadCell(): Promise<void> {
    const cell = this.cell;
    if (!cell) return;
    const entries = await repo.listRowChanges(this.app.db, cell.rowId);
    const row = this.app.nav.rows.find((r) => r.id === cell.rowId);
    this.items = buildCellHistory(entries, cell.rowId, cell.columnId, this.app.cells.text(cell.rowId, cell.columnId), row ? notesOf(row, cell.columnId) : []).reverse();
  }

  close(): void {
    this.cell = null;
    this.items = [];
    this.since = null;
    this.changes = [];
  }

  /** "Ripristina questo testo": a new edit (undoable like any other), never a rewrite of history. */
  async restoreText(text: string): Promise<void> {
    const cell = this.cell;
    if (!cell) return;
    const current = this.app.cells.text(cell.rowId, cell.columnId);
    await this.app.cells.save([{ rowId: cell.rowId, columnId: cell.columnId, text, baseText: current }]);
    await this.app.nav.reloadArea();
    await this.loadCell();
  }

  /**
   * The panel as it opens: since the last export, or, on a device that never exported, every
   * change since the plan came here (it used to open empty until a day was chosen).
   */
  async openDefaultChanges(): Promise<void> {
    const exported = await repo.readSetting(this.app.db, 'lastExportSeq');
    const exportedAt = exported === null ? await repo.readSetting(this.app.db, 'lastExportAt') : null;
    this.neverExported = exported === null && exportedAt === null;
    await this.openChanges(this.neverExported ? { kind: 'start' } : { kind: 'export' });
  }

  async openChanges(point: SincePoint): Promise<void> {
    this.since = point;
    const planId = this.app.nav.planId;
    if (!planId) return;
    this.imports = await repo.listImports(this.app.db, planId);
    const position = await this.positionOf(planId, point);
    this.noPoint = position === undefined;
    if (position === undefined) {
      this.changes = [];
      return;
    }
    const entries = await repo.listChangesAfter(this.app.db, planId, position);
    this.changes = cellsChangedSince(entries, position, this.app.nav.rows);
  }

  private async positionOf(planId: string, point: SincePoint): Promise<number | undefined> {
    if (point.kind === 'start') return repo.planStartPosition(this.app.db, planId);
    if (point.kind === 'import') {
      const seq = await repo.batchPosition(this.app.db, point.batchId);
      // From the moment just before the import: its own changes are part of what changed.
      return seq === undefined ? undefined : seq - 1;
    }
    if (point.kind !== 'date') {
      // "Since the last export": the log position the export recorded, so order decides, not clocks.
      const position = await repo.readSetting(this.app.db, 'lastExportSeq');
      if (position !== null) return position;
    }
    // A calendar day the user picked is a time by nature; so is an export recorded before positions were.
    const at = point.kind === 'date' ? new Date(`${point.date}T00:00:00`).toISOString() : await repo.readSetting(this.app.db, 'lastExportAt');
    return at === null ? undefined : repo.positionAtTime(this.app.db, planId, at);
  }
}
