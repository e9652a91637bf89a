// The app's state as runes: connects the repository (IndexedDB) and the pure model to the components.
import type { Area, Column, Plan, Row } from '../model/types.ts';
import { cellText } from '../model/plan.ts';
import * as repo from '../db/repository.ts';
import type { CellEdit, QuadroDatabase, WriteResult } from '../db/repository.ts';
import { loadDefaultPlan } from '../seed/default-plan.ts';
import { isLang, strings, type Lang } from '../i18n/strings.ts';
import { trackWrite } from './pending-writes.ts';
import { planPath, readRoute, type Route } from './route.ts';
import { EditorDrafts } from './drafts.svelte.ts';
import { clock } from '../model/clock.ts';
import { latestYearOf, planStructure, rollPlanForward, rolledName, type NewPlanKind } from './new-plan.ts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** A write that failed: kept so the user can retry it, never dropped. */
interface FailedWrite {
  message: string;
  retry: () => Promise<void>;
}

/** The cells a command acts on: always cells of the area on screen (cleared when the area changes). */
export interface CellSelection {
  rowIds: string[];
  columnId: string | null;
}

const AUTHOR_KEY = 'author';
const TEXT_SCALE_KEY = 'textScale';
const COLLAPSE_TALL_KEY = 'collapseTallRows';
/** A−/A+ steps, as factors of the default text size. */
export const TEXT_SCALES = [0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6] as const;
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
  failedWrite = $state<FailedWrite | null>(null);
  notice = $state<string | null>(null);
  undoStack = $state.raw<string[]>([]);
  redoStack = $state.raw<string[]>([]);
  /** What the user selected in the grid of the area on screen; null after switching area or plan. */
  selection = $state.raw<CellSelection | null>(null);
  readonly drafts: EditorDrafts;
  /** Device preferences: the grid's text size and whether tall rows show only their first lines. */
  textScale = $state(1);
  collapseTall = $state(false);
  /** Set by the area view: true while the grid's in-cell editor is open (its keys belong to it then). */
  isGridEditing: () => boolean = () => false;

  t = $derived(strings(this.lang));
  plan = $derived(this.plans.find((plan) => plan.id === this.planId));
  area = $derived(this.areas.find((area) => area.id === this.areaId));

  constructor(db: QuadroDatabase) {
    this.db = db;
    this.drafts = new EditorDrafts(db);
  }

  /** First start seeds the bundled 2012 plan; every start opens the plan and area of the URL. */
  async start(route: Route = readRoute(location.pathname)): Promise<void> {
    await repo.seedDefaultPlanOnce(this.db, loadDefaultPlan);
    const [lang, author, textScale, collapseTall] = await Promise.all([
      repo.readSetting<unknown>(this.db, LANG_KEY, 'it'),
      repo.readSetting(this.db, AUTHOR_KEY, ''),
      repo.readSetting<unknown>(this.db, TEXT_SCALE_KEY, 1),
      repo.readSetting<unknown>(this.db, COLLAPSE_TALL_KEY, false),
    ]);
    this.lang = isLang(lang) ? lang : 'it';
    this.author = author;
    this.textScale = TEXT_SCALES.includes(textScale as (typeof TEXT_SCALES)[number]) ? (textScale as number) : 1;
    this.collapseTall = collapseTall === true;
    await this.refreshPlans();
    const planExists = route.planId !== undefined && this.plans.some((plan) => plan.id === route.planId);
    if (route.planId !== undefined && !planExists) this.notice = this.t.notFound;
    await this.openPlan(planExists ? (route.planId as string) : (this.plans[0]?.id ?? null), route.areaId, 'replace');
    this.ready = true;
  }

  strings(lang: Lang): ReturnType<typeof strings> {
    return strings(lang);
  }

  /** A batch written elsewhere (an import) joins the undo history like any edit. */
  recordBatch(batchId: string): void {
    this.undoStack = [...this.undoStack, batchId];
    this.redoStack = [];
  }

  /**
   * The name changes are signed with. Empty when the user has not given one yet: they are asked
   * again later, and an empty name is never replaced by a made-up one.
   */
  get signature(): string {
    return this.author.trim();
  }

  /** The selection, if it still names rows of the area on screen. */
  get visibleSelection(): CellSelection | null {
    const selection = this.selection;
    if (!selection || selection.rowIds.length === 0) return null;
    const shown = new Set(this.rows.map((row) => row.id));
    return selection.rowIds.every((id) => shown.has(id)) ? selection : null;
  }

  // -------------------------------------------------------------------------------------------
  // Navigation

  async refreshPlans(): Promise<void> {
    this.plans = await repo.listPlans(this.db);
  }

  async openPlan(planId: string | null, areaId?: string, history: 'push' | 'replace' = 'push'): Promise<void> {
    this.planId = planId;
    this.areas = planId ? await repo.listAreas(this.db, planId) : [];
    const target = this.areas.find((area) => area.id === areaId) ?? this.areas[0];
    await this.openArea(target?.id ?? null, history);
  }

  async openArea(areaId: string | null, history: 'push' | 'replace' = 'push'): Promise<void> {
    // Commands act on what the user sees: a selection made in another area (or plan) is gone.
    if (areaId !== this.areaId) this.selection = null;
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

  private async runWrite<T>(write: () => Promise<WriteResult<T>>): Promise<T | undefined> {
    this.saveStatus = 'saving';
    try {
      const result = await trackWrite(write());
      if (result.batchId) {
        this.undoStack = [...this.undoStack, result.batchId];
        this.redoStack = [];
      }
      this.failedWrite = null;
      this.saveStatus = 'saved';
      return result.value;
    } catch (error) {
      this.reportFailure(error, async () => {
        await this.runWrite(write);
      });
      return undefined;
    }
  }

  private reportFailure(error: unknown, retry: () => Promise<void>): void {
    console.error(error);
    const message = repo.isQuotaError(error)
      ? this.t.quotaFull
      : this.t.saveFailed(error instanceof Error ? error.message : String(error));
    this.failedWrite = { message, retry };
    this.saveStatus = 'error';
  }

  async retryFailedWrite(): Promise<void> {
    const failed = this.failedWrite;
    if (failed) await failed.retry();
  }

  /** Cell edits from the grid or the large editor: saved as one batch; the grid already shows them. */
  async editCells(edits: CellEdit[]): Promise<boolean> {
    const planId = this.planId;
    if (!planId || edits.length === 0) return true;
    const saved = await this.runWrite(() => repo.saveCells(this.db, planId, edits, { by: this.signature }));
    if (!saved) return false;
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
    if (!areaId || !title.trim()) return;
    const area = await this.runWrite(() => repo.updateArea(this.db, areaId, { title: title.trim() }, { by: this.signature }));
    if (area) this.areas = this.areas.map((a) => (a.id === area.id ? area : a));
  }

  async addArea(title: string): Promise<void> {
    const planId = this.planId;
    if (!planId || !title.trim()) return;
    const firstTitle = this.columns[0]?.title ?? 'AMBITO';
    const area = await this.runWrite(() => repo.addArea(this.db, planId, title.trim(), [firstTitle], { by: this.signature }));
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
    if (!areaId || !title.trim()) return undefined;
    const column = await this.runWrite(() => repo.addColumn(this.db, areaId, title.trim(), { by: this.signature }));
    await this.reloadArea();
    return column;
  }

  async renameColumn(columnId: string, title: string): Promise<void> {
    if (!title.trim()) return;
    await this.runWrite(() => repo.renameColumn(this.db, columnId, title.trim(), { by: this.signature }));
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
      this.reportFailure(error, () => this.resizeColumn(columnId, width));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Plans

  async createPlan(name: string): Promise<void> {
    if (!name.trim()) return;
    const plan = await this.runWrite(() => repo.createPlan(this.db, name.trim(), { by: this.signature }));
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  /** A new plan from the current one: its structure with empty cells, or the whole plan a year on. */
  async createPlanFrom(kind: Exclude<NewPlanKind, 'empty'>, name: string): Promise<void> {
    const planId = this.planId;
    if (!planId || !name.trim()) return;
    const doc = await repo.loadPlanDocument(this.db, planId);
    if (!doc) return;
    const now = clock().now();
    const newId = (): string => crypto.randomUUID();
    const next =
      kind === 'structure'
        ? planStructure(doc, name.trim(), now, this.signature, newId)
        : rollPlanForward(doc, name.trim(), now, new Date(now).getUTCFullYear(), newId);
    const plan = await this.runWrite(() => repo.addPlanDocument(this.db, next, { by: this.signature }));
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  /** The name suggested for a new plan of a kind. */
  async suggestedPlanName(kind: NewPlanKind): Promise<string> {
    const current = this.plan?.name ?? '';
    if (kind === 'empty' || !this.planId) return this.t.newPlanDefault;
    if (kind === 'structure') return `${current} ${this.t.structureSuffix}`;
    const doc = await repo.loadPlanDocument(this.db, this.planId);
    const year = doc ? latestYearOf(doc) : null;
    const rolled = rolledName(current, year);
    return rolled === current ? `${current} ${this.t.rolledSuffix}` : rolled;
  }

  async renamePlan(name: string): Promise<void> {
    const planId = this.planId;
    if (!planId || !name.trim()) return;
    await this.runWrite(() => repo.renamePlan(this.db, planId, name.trim(), { by: this.signature }));
    await this.refreshPlans();
  }

  async duplicatePlan(name: string): Promise<void> {
    const planId = this.planId;
    if (!planId || !name.trim()) return;
    const plan = await this.runWrite(() => repo.duplicatePlan(this.db, planId, name.trim(), { by: this.signature }));
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
    const undoneBy = await this.runUndo(batchId, 'undo');
    if (undoneBy === undefined) return;
    this.undoStack = this.undoStack.slice(0, -1);
    if (undoneBy) this.redoStack = [...this.redoStack, undoneBy];
  }

  async redo(): Promise<void> {
    const batchId = this.redoStack.at(-1);
    if (!batchId) {
      this.notice = this.t.nothingToRedo;
      return;
    }
    const redoneBy = await this.runUndo(batchId, 'redo');
    if (redoneBy === undefined) return;
    this.redoStack = this.redoStack.slice(0, -1);
    if (redoneBy) this.undoStack = [...this.undoStack, redoneBy];
  }

  /** Undoes any batch (an edit, or an import from the import history); returns the new batch id. */
  async undoBatch(batchId: string): Promise<void> {
    const undoneBy = await this.runUndo(batchId, 'undo');
    if (undoneBy) this.undoStack = [...this.undoStack, undoneBy];
  }

  private async runUndo(batchId: string, origin: 'undo' | 'redo'): Promise<string | null | undefined> {
    this.saveStatus = 'saving';
    try {
      const newBatch = await trackWrite(repo.undoBatch(this.db, batchId, { by: this.signature, origin }));
      this.saveStatus = 'saved';
      await this.refreshAfterStructuralChange();
      return newBatch;
    } catch (error) {
      this.reportFailure(error, async () => {
        await this.runUndo(batchId, origin);
      });
      return undefined;
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

  /** A− (-1) or A+ (+1): one step of text size, remembered on this device. */
  async stepTextScale(direction: -1 | 1): Promise<void> {
    const index = TEXT_SCALES.indexOf(this.textScale as (typeof TEXT_SCALES)[number]);
    const next = TEXT_SCALES[Math.min(TEXT_SCALES.length - 1, Math.max(0, (index < 0 ? 2 : index) + direction))] ?? 1;
    this.textScale = next;
    await repo.saveSetting(this.db, TEXT_SCALE_KEY, next);
  }

  async setCollapseTall(collapse: boolean): Promise<void> {
    this.collapseTall = collapse;
    await repo.saveSetting(this.db, COLLAPSE_TALL_KEY, collapse);
  }

  async setAuthor(name: string): Promise<void> {
    this.author = name.trim();
    await repo.saveSetting(this.db, AUTHOR_KEY, this.author);
  }
}
