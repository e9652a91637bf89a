// The app's state as runes: connects the repository (IndexedDB) and the pure model to the components.
import type { Area, ChangeOrigin, Column, Plan, Row } from '../model/types.ts';
import { cellText } from '../model/plan.ts';
import * as repo from '../db/repository.ts';
import type { CellEdit, QuadroDatabase, WriteResult } from '../db/repository.ts';
import { loadDefaultPlan } from '../seed/default-plan.ts';
import { isLang, strings, type Lang } from '../i18n/strings.ts';
import { trackWrite } from './pending-writes.ts';
import { UndoHistoryState } from './undo-history.svelte.ts';
import { TabSync } from './tab-sync.ts';
import { clock } from '../model/clock.ts';
import { planPath, readRoute, type Route } from './route.ts';
import { validateTitle, type TitleKind } from '../model/names.ts';
import { ask } from './ask.svelte.ts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** A write that failed: kept, listed and retried until it succeeds or the user discards it; never dropped. */
export interface FailedWrite {
  id: number;
  message: string;
  /** For a cell save: the text typed, where it belongs (also kept in IndexedDB where it has room). */
  cell?: { planId: string; areaId: string; rowId: string; columnId: string; text: string };
  /** The row or column is gone: retrying cannot help, the text can be kept in a new row or copied. */
  orphaned: boolean;
  /** Runs the write again; true when it succeeded. */
  retry: () => Promise<boolean>;
}

/** A cell the user edited while someone else (another tab, an import) changed it: both versions, the user decides. */
export interface CellConflict {
  rowId: string;
  columnId: string;
  stored: string;
  mine: string;
}

const AUTHOR_KEY = 'author';
const LANG_KEY = 'lang';

export class AppState {
  db: QuadroDatabase;
  ready = $state(false);
  lang = $state<Lang>('it');
  author = $state('');
  plans = $state.raw<Plan[]>([]);
  planId = $state<string | null>(null);
  areas = $state.raw<Area[]>([]);
  areaId = $state<string | null>(null);
  columns = $state.raw<Column[]>([]);
  rows = $state.raw<Row[]>([]);
  /** Bumped when rows or columns change other than by typing in the grid, so the grid reloads its data. */
  revision = $state(0);
  saveStatus = $state<SaveStatus>('idle');
  failedWrites = $state.raw<FailedWrite[]>([]);
  conflicts = $state.raw<CellConflict[]>([]);
  notice = $state<string | null>(null);
  readonly history = new UndoHistoryState();
  undoStack = $derived(this.history.undo);
  redoStack = $derived(this.history.redo);
  /** The oldest failure, shown first. */
  failedWrite = $derived(this.failedWrites[0] ?? null);
  private nextFailureId = 1;
  private readonly tabs: TabSync;

  t = $derived(strings(this.lang));
  plan = $derived(this.plans.find((plan) => plan.id === this.planId));
  area = $derived(this.areas.find((area) => area.id === this.areaId));

  constructor(db: QuadroDatabase) {
    this.db = db;
    this.tabs = new TabSync((message) => {
      const refresh = message.planId === this.planId ? this.refreshFromOtherTab() : this.refreshPlans();
      // A refresh that fails (the database closing for an update) changes nothing; the next one catches up.
      refresh.catch((error: unknown) => console.error(error));
    });
  }

  /** Stops listening to other tabs (the page is going away, or a test is done). */
  dispose(): void {
    this.tabs.close();
  }

  /** Another tab wrote: show its change and take its batch into the undo history, without a reload. */
  private async refreshFromOtherTab(): Promise<void> {
    await this.refreshPlans();
    if (!this.plans.some((plan) => plan.id === this.planId)) {
      await this.openPlan(this.plans[0]?.id ?? null, undefined, 'replace');
      return;
    }
    this.areas = this.planId ? await repo.listAreas(this.db, this.planId) : [];
    if (!this.areas.some((area) => area.id === this.areaId)) this.areaId = this.areas[0]?.id ?? null;
    await this.reloadArea();
    await this.loadHistory();
  }

  private async loadHistory(): Promise<void> {
    this.history.replace(this.planId ? await repo.listBatches(this.db, this.planId) : []);
  }

  /** Saves that failed before a reload or a crash are listed again, with their text. */
  private async loadPendingSaves(): Promise<void> {
    if (!this.planId) return;
    const known = new Set(this.failedWrites.map((f) => f.cell && `${f.cell.rowId}:${f.cell.columnId}`));
    for (const save of await repo.listPendingSaves(this.db, this.planId)) {
      if (known.has(`${save.rowId}:${save.columnId}`)) continue;
      this.addCellFailure({ planId: save.planId, areaId: save.areaId, rowId: save.rowId, columnId: save.columnId, text: save.text }, this.t.pendingSaveFromBefore, false);
    }
  }

  /** First start seeds the bundled 2012 plan; every start opens the plan and area of the URL. */
  async start(route: Route = readRoute(location.pathname)): Promise<void> {
    await repo.seedDefaultPlanOnce(this.db, loadDefaultPlan);
    const [lang, author] = await Promise.all([
      repo.readSetting<unknown>(this.db, LANG_KEY, 'it'),
      repo.readSetting(this.db, AUTHOR_KEY, ''),
    ]);
    this.lang = isLang(lang) ? lang : 'it';
    this.author = author;
    await this.refreshPlans();
    const planExists = route.planId !== undefined && this.plans.some((plan) => plan.id === route.planId);
    if (route.planId !== undefined && !planExists) this.notice = this.t.notFound;
    await this.openPlan(planExists ? (route.planId as string) : (this.plans[0]?.id ?? null), route.areaId, 'replace');
    this.ready = true;
  }

  strings(lang: Lang): ReturnType<typeof strings> {
    return strings(lang);
  }

  /** A batch written elsewhere (an import in the worker) joins the undo history like any edit. */
  recordBatch(batchId: string, origin: ChangeOrigin = 'import', note?: string): void {
    this.history.record(batchId, origin, note, clock().now(), this.signature);
    if (this.planId) this.tabs.announce({ planId: this.planId, batchId });
  }

  get signature(): string {
    return this.author.trim() || this.t.anonymous;
  }

  // -------------------------------------------------------------------------------------------
  // Navigation

  async refreshPlans(): Promise<void> {
    this.plans = await repo.listPlans(this.db);
  }

  async openPlan(planId: string | null, areaId?: string, history: 'push' | 'replace' = 'push'): Promise<void> {
    const changedPlan = planId !== this.planId;
    this.planId = planId;
    this.areas = planId ? await repo.listAreas(this.db, planId) : [];
    if (changedPlan) {
      await this.loadHistory();
      await this.loadPendingSaves();
    }
    const target = this.areas.find((area) => area.id === areaId) ?? this.areas[0];
    await this.openArea(target?.id ?? null, history);
  }

  async openArea(areaId: string | null, history: 'push' | 'replace' = 'push'): Promise<void> {
    this.areaId = areaId;
    await this.reloadArea();
    this.updateUrl(history);
  }

  /** Reads the current area's columns and rows again from IndexedDB and makes the grid reload. */
  async reloadArea(): Promise<void> {
    const view = this.areaId ? await repo.loadAreaView(this.db, this.areaId) : undefined;
    this.columns = view?.columns ?? [];
    this.rows = view?.rows ?? [];
    if (view) this.areas = this.areas.map((area) => (area.id === view.area.id ? view.area : area));
    this.revision++;
  }

  private updateUrl(history: 'push' | 'replace'): void {
    if (typeof window === 'undefined' || !this.planId) return;
    const path = planPath(this.planId, this.areaId ?? undefined);
    if (location.pathname === path) return;
    if (history === 'push') window.history.pushState(null, '', path);
    else window.history.replaceState(null, '', path);
  }

  // -------------------------------------------------------------------------------------------
  // Writing: every write is tracked, shown as "saving" until IndexedDB commits, and kept for a
  // retry if it fails.

  private async runWrite<T>(write: () => Promise<WriteResult<T>>, cells?: CellEdit[]): Promise<T | undefined> {
    this.saveStatus = 'saving';
    const planId = this.planId;
    const areaId = this.areaId;
    try {
      const result = await trackWrite(write());
      if (result.batchId) this.recordBatch(result.batchId, 'edit');
      this.settleStatus();
      return result.value;
    } catch (error) {
      if (error instanceof repo.CellConflictError) {
        this.conflicts = [...this.conflicts, ...error.conflicts];
        this.settleStatus();
        return undefined;
      }
      console.error(error);
      const orphaned = repo.isMissingRecordError(error);
      const message = repo.isQuotaError(error) ? this.t.quotaFull : orphaned ? this.t.recordGone : this.t.saveFailedRetry;
      if (cells && planId && areaId) {
        for (const edit of cells) this.addCellFailure({ planId, areaId, rowId: edit.rowId, columnId: edit.columnId, text: edit.text }, message, orphaned);
      } else {
        this.addFailure({
          message,
          orphaned,
          retry: async () => {
            const result = await trackWrite(write());
            if (result.batchId) this.recordBatch(result.batchId, 'edit');
            return true;
          },
        });
      }
      this.saveStatus = 'error';
      return undefined;
    }
  }

  /** "Salvato" only while nothing is pending: a later success never hides an earlier failure. */
  private settleStatus(): void {
    this.saveStatus = this.failedWrites.length > 0 ? 'error' : 'saved';
  }

  private addFailure(failure: Omit<FailedWrite, 'id'>): void {
    this.failedWrites = [...this.failedWrites, { ...failure, id: this.nextFailureId++ }];
  }

  /** A failed cell save: its text is kept in IndexedDB (where there is room) and retried as a plain save. */
  private addCellFailure(cell: NonNullable<FailedWrite['cell']>, message: string, orphaned: boolean): void {
    const key = `${cell.rowId}:${cell.columnId}`;
    // A newer failed text for the same cell replaces the older one: it is what the user typed last.
    this.failedWrites = this.failedWrites.filter((f) => !f.cell || `${f.cell.rowId}:${f.cell.columnId}` !== key);
    const failure: Omit<FailedWrite, 'id'> = {
      message,
      cell,
      orphaned,
      retry: async () => {
        const saved = await trackWrite(repo.saveCells(this.db, cell.planId, [{ rowId: cell.rowId, columnId: cell.columnId, text: cell.text }], { by: this.signature }));
        if (saved.batchId) this.recordBatch(saved.batchId, 'edit');
        return true;
      },
    };
    this.addFailure(failure);
    void repo
      .keepPendingSave(this.db, { planId: cell.planId, areaId: cell.areaId, rowId: cell.rowId, columnId: cell.columnId, text: cell.text, baseText: '', at: clock().now() })
      .then((kept) => {
        if (!kept) this.notice = this.t.copyTextToKeep;
      });
  }

  /** Retries one failed write (the oldest when none is named); it stays listed until it succeeds. */
  async retryFailedWrite(id?: number): Promise<void> {
    const failed = id === undefined ? this.failedWrites[0] : this.failedWrites.find((f) => f.id === id);
    if (!failed) return;
    this.saveStatus = 'saving';
    try {
      if (await failed.retry()) await this.forgetFailure(failed);
    } catch (error) {
      console.error(error);
      const orphaned = repo.isMissingRecordError(error);
      const message = repo.isQuotaError(error) ? this.t.quotaFull : orphaned ? this.t.recordGone : this.t.saveFailedRetry;
      this.failedWrites = this.failedWrites.map((f) => (f.id === failed.id ? { ...f, message, orphaned } : f));
    }
    this.settleStatus();
    await this.reloadArea();
  }

  /** The user chose to let a failed write go (after being shown its text). */
  async discardFailedWrite(id: number): Promise<void> {
    const failed = this.failedWrites.find((f) => f.id === id);
    if (failed) await this.forgetFailure(failed);
    this.settleStatus();
    await this.reloadArea();
  }

  /** Keeps the text of a save whose row or column is gone, in a new row at the end of its area (or the current one). */
  async keepFailedTextInNewRow(id: number): Promise<void> {
    const failed = this.failedWrites.find((f) => f.id === id);
    const cell = failed?.cell;
    if (!failed || !cell) return;
    const areaId = this.areas.some((a) => a.id === cell.areaId) ? cell.areaId : this.areaId;
    if (!areaId) return;
    if (areaId !== this.areaId) await this.openArea(areaId);
    const row = await this.runWrite(() => repo.addRow(this.db, areaId, null, { by: this.signature }));
    const columnId = this.columns.some((c) => c.id === cell.columnId) ? cell.columnId : this.columns[0]?.id;
    if (row && columnId) {
      await this.runWrite(() => repo.saveCells(this.db, cell.planId, [{ rowId: row.id, columnId, text: cell.text }], { by: this.signature }));
      await this.forgetFailure(failed);
    }
    this.settleStatus();
    await this.reloadArea();
  }

  private async forgetFailure(failed: FailedWrite): Promise<void> {
    this.failedWrites = this.failedWrites.filter((f) => f.id !== failed.id);
    if (failed.cell) await repo.forgetPendingSave(this.db, failed.cell).catch((error: unknown) => console.error(error));
  }

  /** Resolves a cell conflict: keep mine, take theirs (the stored text), or keep both, one after the other. */
  async resolveConflict(conflict: CellConflict, choice: 'mine' | 'theirs' | 'both'): Promise<void> {
    this.conflicts = this.conflicts.filter((c) => c !== conflict);
    const planId = this.planId;
    if (planId && choice !== 'theirs') {
      const text = choice === 'mine' ? conflict.mine : `${conflict.stored}\n\n${conflict.mine}`;
      await this.runWrite(() => repo.saveCells(this.db, planId, [{ rowId: conflict.rowId, columnId: conflict.columnId, text }], { by: this.signature }), [{ rowId: conflict.rowId, columnId: conflict.columnId, text }]);
    }
    await this.reloadArea();
  }

  /** Issue 9: the one title rule; a refused title is asked again with the reason, or null if the user gives up. */
  private async checkedTitle(text: string, kind: TitleKind, dialogTitle: string): Promise<string | null> {
    let result = validateTitle(text, kind);
    while (!result.ok) {
      const again = await ask.text(dialogTitle, text, result.errors[0]?.message[this.lang]);
      if (again === null) return null;
      text = again;
      result = validateTitle(text, kind);
    }
    return result.value;
  }

  /** Cell edits from the grid or the large editor: saved as one batch; the grid already shows them. */
  async editCells(edits: CellEdit[]): Promise<boolean> {
    const planId = this.planId;
    if (!planId || edits.length === 0) return true;
    const saved = await this.runWrite(() => repo.saveCells(this.db, planId, edits, { by: this.signature }), edits);
    if (!saved) {
      // The grid shows what was typed; on a conflict it must show the stored text again until the user decides.
      if (this.conflicts.length > 0) await this.reloadArea();
      return false;
    }
    const byId = new Map(saved.map((row) => [row.id, row]));
    // Keep the rows in step with what is stored, without making the grid reload what it shows already.
    this.rows = this.rows.map((row) => byId.get(row.id) ?? row);
    return true;
  }

  cellText(rowId: string, columnId: string): string {
    const row = this.rows.find((candidate) => candidate.id === rowId);
    return row ? cellText(row, columnId) : '';
  }

  async setIntroduction(text: string): Promise<void> {
    const areaId = this.areaId;
    if (!areaId) return;
    const area = await this.runWrite(() => repo.updateArea(this.db, areaId, { introduction: text }, { by: this.signature }));
    if (area) this.areas = this.areas.map((a) => (a.id === area.id ? area : a));
  }

  async renameArea(title: string): Promise<void> {
    const areaId = this.areaId;
    const checked = areaId ? await this.checkedTitle(title, 'area', this.t.renameArea) : null;
    if (!areaId || checked === null) return;
    const area = await this.runWrite(() => repo.updateArea(this.db, areaId, { title: checked }, { by: this.signature }));
    if (area) this.areas = this.areas.map((a) => (a.id === area.id ? area : a));
  }

  async addArea(title: string): Promise<void> {
    const planId = this.planId;
    const checked = planId ? await this.checkedTitle(title, 'area', this.t.newAreaName) : null;
    if (!planId || checked === null) return;
    const firstTitle = this.columns[0]?.title ?? 'AMBITO';
    const area = await this.runWrite(() => repo.addArea(this.db, planId, checked, [firstTitle], { by: this.signature }));
    if (area) await this.openPlan(planId, area.id);
  }

  async deleteArea(): Promise<void> {
    const areaId = this.areaId;
    const planId = this.planId;
    if (!areaId || !planId) return;
    await this.runWrite(() => repo.deleteArea(this.db, areaId, { by: this.signature }));
    await this.openPlan(planId);
  }

  async addRow(afterRowId: string | null): Promise<Row | undefined> {
    const areaId = this.areaId;
    if (!areaId) return undefined;
    const row = await this.runWrite(() => repo.addRow(this.db, areaId, afterRowId, { by: this.signature }));
    await this.reloadArea();
    return row;
  }

  async deleteRows(rowIds: string[]): Promise<void> {
    const planId = this.planId;
    if (!planId || rowIds.length === 0) return;
    await this.runWrite(() => repo.deleteRows(this.db, planId, rowIds, { by: this.signature }));
    await this.reloadArea();
  }

  /** Moves the given rows up or down by one place. */
  async moveRows(rowIds: string[], direction: -1 | 1): Promise<void> {
    const areaId = this.areaId;
    if (!areaId || rowIds.length === 0) return;
    const indexes = rowIds.map((id) => this.rows.findIndex((row) => row.id === id)).filter((i) => i >= 0);
    if (indexes.length === 0) return;
    const first = Math.min(...indexes);
    const target = direction === -1 ? first - 1 : first + 1;
    if (target < 0 || target > this.rows.length - rowIds.length) return;
    await this.runWrite(() => repo.moveRows(this.db, areaId, rowIds, target, { by: this.signature }));
    await this.reloadArea();
  }

  async addColumn(title: string): Promise<Column | undefined> {
    const areaId = this.areaId;
    const checked = areaId ? await this.checkedTitle(title, 'column', this.t.addColumn) : null;
    if (!areaId || checked === null) return undefined;
    const column = await this.runWrite(() => repo.addColumn(this.db, areaId, checked, { by: this.signature }));
    await this.reloadArea();
    return column;
  }

  async renameColumn(columnId: string, title: string): Promise<void> {
    const checked = await this.checkedTitle(title, 'column', this.t.renameColumn);
    if (checked === null) return;
    await this.runWrite(() => repo.renameColumn(this.db, columnId, checked, { by: this.signature }));
    await this.reloadArea();
  }

  async deleteColumn(columnId: string): Promise<void> {
    await this.runWrite(() => repo.deleteColumn(this.db, columnId, { by: this.signature }));
    await this.reloadArea();
  }

  async moveColumn(columnId: string, direction: -1 | 1): Promise<void> {
    const areaId = this.areaId;
    const index = this.columns.findIndex((column) => column.id === columnId);
    const target = index + direction;
    if (!areaId || index < 0 || target < 0 || target >= this.columns.length) return;
    await this.runWrite(() => repo.moveColumns(this.db, areaId, [columnId], target, { by: this.signature }));
    await this.reloadArea();
  }

  async resizeColumn(columnId: string, width: number): Promise<void> {
    this.saveStatus = 'saving';
    try {
      await trackWrite(repo.saveColumnWidth(this.db, columnId, width));
      this.columns = this.columns.map((column) => (column.id === columnId ? { ...column, width: Math.round(width) } : column));
      this.saveStatus = 'saved';
    } catch (error) {
      console.error(error);
      this.addFailure({ message: repo.isQuotaError(error) ? this.t.quotaFull : this.t.saveFailedRetry, orphaned: false, retry: async () => {
        await trackWrite(repo.saveColumnWidth(this.db, columnId, width));
        return true;
      } });
      this.saveStatus = 'error';
    }
  }

  // -------------------------------------------------------------------------------------------
  // Plans

  async createPlan(name: string): Promise<void> {
    const checked = await this.checkedTitle(name, 'plan', this.t.newPlanName);
    if (checked === null) return;
    const plan = await this.runWrite(() => repo.createPlan(this.db, checked, { by: this.signature }));
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  async renamePlan(name: string): Promise<void> {
    const planId = this.planId;
    const checked = planId ? await this.checkedTitle(name, 'plan', this.t.renamePlan) : null;
    if (!planId || checked === null) return;
    await this.runWrite(() => repo.renamePlan(this.db, planId, checked, { by: this.signature }));
    await this.refreshPlans();
  }

  async duplicatePlan(name: string): Promise<void> {
    const planId = this.planId;
    const checked = planId ? await this.checkedTitle(name, 'plan', this.t.duplicatePlan) : null;
    if (!planId || checked === null) return;
    const plan = await this.runWrite(() => repo.duplicatePlan(this.db, planId, checked, { by: this.signature }));
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  async deletePlan(): Promise<void> {
    const planId = this.planId;
    if (!planId) return;
    await this.runWrite(() => repo.deletePlan(this.db, planId, { by: this.signature }));
    await this.refreshPlans();
    await this.openPlan(this.plans[0]?.id ?? null, undefined, 'replace');
  }

  async restoreOriginalPlan(): Promise<void> {
    const plan = await this.runWrite(() =>
      repo.restoreOriginalPlan(this.db, loadDefaultPlan, this.t.restoredName, { by: this.signature }),
    );
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  // -------------------------------------------------------------------------------------------
  // Undo and redo, through the change log: every batch can be taken back, structure included.

  async undo(): Promise<void> {
    const batchId = this.undoStack.at(-1);
    if (!batchId) {
      this.notice = this.t.nothingToUndo;
      return;
    }
    await this.runUndo(batchId, 'undo');
  }

  async redo(): Promise<void> {
    const batchId = this.redoStack.at(-1);
    if (!batchId) {
      this.notice = this.t.nothingToRedo;
      return;
    }
    await this.runUndo(batchId, 'redo');
  }

  /** Undoes any batch (an edit, or an import from the import history): the same mechanism as "Annulla modifica". */
  async undoBatch(batchId: string): Promise<void> {
    await this.runUndo(batchId, 'undo');
  }

  /** Brings back a batch undone earlier (an import from the import history). */
  async redoBatch(batchId: string): Promise<void> {
    await this.runUndoWith(() => repo.redoBatch(this.db, batchId, { by: this.signature }), 'redo');
  }

  private async runUndo(batchId: string, origin: 'undo' | 'redo'): Promise<void> {
    await this.runUndoWith(() => repo.undoBatch(this.db, batchId, { by: this.signature, origin }), origin, batchId);
  }

  private async runUndoWith(undo: () => Promise<repo.UndoResult>, origin: 'undo' | 'redo', target?: string): Promise<void> {
    this.saveStatus = 'saving';
    try {
      const result = await trackWrite(undo());
      // The note of an undo names its target; redoBatch finds its own, so the log is read again then.
      if (result.batchId && target) this.recordBatch(result.batchId, origin, target);
      else if (result.batchId) await this.loadHistory();
      if (result.kept.length > 0) this.notice = this.t.undoKept(result.kept.length);
      this.settleStatus();
      await this.refreshAfterStructuralChange();
    } catch (error) {
      console.error(error);
      this.addFailure({
        message: repo.isQuotaError(error) ? this.t.quotaFull : this.t.saveFailedRetry,
        orphaned: false,
        retry: async () => {
          const result = await trackWrite(undo());
          if (result.batchId) await this.loadHistory();
          await this.refreshAfterStructuralChange();
          return true;
        },
      });
      this.saveStatus = 'error';
    }
  }

  /** After undo, redo or import anything may have changed: plans, areas, rows. */
  async refreshAfterStructuralChange(): Promise<void> {
    await this.refreshPlans();
    const planId = this.plans.some((plan) => plan.id === this.planId) ? this.planId : (this.plans[0]?.id ?? null);
    const areaId = this.areaId ?? undefined;
    await this.openPlan(planId, areaId, 'replace');
  }

  // -------------------------------------------------------------------------------------------
  // Device settings

  async setLang(lang: Lang): Promise<void> {
    this.lang = lang;
    document.documentElement.lang = lang;
    await repo.saveSetting(this.db, LANG_KEY, lang);
  }

  async setAuthor(name: string): Promise<void> {
    this.author = name.trim();
    await repo.saveSetting(this.db, AUTHOR_KEY, this.author);
  }
}
