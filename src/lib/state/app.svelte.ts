// The app's state as runes: connects the repository (IndexedDB) and the pure model to the components.
import type { Area, ChangeOrigin, Column, Plan, Row } from '../model/types.ts';
import { cellText } from '../model/plan.ts';
import * as repo from '../db/repository.ts';
import type { CellEdit, QuadroDatabase, WriteResult } from '../db/repository.ts';
import { loadDefaultPlan } from '../seed/default-plan.ts';
import { seedDefaultPlan } from './seed-rest.ts';
import { loadStrings, strings, type Lang } from '../i18n/index.ts';
import { readRoute, type Route } from './route.ts';
import { Navigation, type CellSelection } from './navigation.svelte.ts';
import { Saving, type CellConflict, type FailedCell, type FailedWrite, type SaveStatus } from './saving.svelte.ts';
import { History } from './history.svelte.ts';
import { TabSync } from './tab-sync.ts';
import { shortTitle, validateTitle, type TitleKind } from '../model/names.ts';
import { MAX_AREA_ROWS } from '../model/limits.ts';
import { ask } from './ask.svelte.ts';

export type { CellConflict, CellSelection, FailedWrite, SaveStatus };

/** What an undo or redo takes back, read before it runs: the words and the cell to show. */
interface UndoneChange {
  about: repo.BatchAbout | undefined;
  /** The batch came from another tab of this browser. */
  fromOtherTab: boolean;
}
import { EditorDrafts } from './drafts.svelte.ts';
import { DeviceSettings } from './device-settings.svelte.ts';
import { clock } from '../model/clock.ts';
import { latestYearOf, planStructure, rollPlanForward, rolledName, type NewPlanKind } from './new-plan.ts';

export { TEXT_SCALES } from './device-settings.svelte.ts';

/**
 * The app's state for the components: composes where the user is (Navigation), saving (Saving),
 * undo/redo (History) and this device's preferences (DeviceSettings: components use `app.device`
 * directly); its verbs are the user's actions.
 */
export class AppState {
  db: QuadroDatabase;
  readonly nav: Navigation;
  readonly saving: Saving;
  readonly history = new History();
  ready = $state(false);
  lang = $state<Lang>('it');
  notice = $state<string | null>(null);
  readonly drafts: EditorDrafts;
  /**
   * A cell to bring into view (selected, scrolled to, its area opened): set after an undo or redo,
   * taken by the app shell, which hands it to the grid the way a search hit is.
   */
  revealRequest = $state.raw<{ planId: string; areaId: string; rowId: string; columnId: string } | null>(null);
  /** Batches other tabs wrote while this one was open: undoing one of them is asked first. */
  private readonly otherTabBatches = new Set<string>();
  /** Set by the area view: true while the grid's in-cell editor is open (its keys belong to it then). */
  isGridEditing: () => boolean = () => false;
  /** This device's preferences: the author's name, the text size, folded tall rows. */
  readonly device: DeviceSettings;

  t = $derived(strings(this.lang));

  // Where the user is (kept as properties of AppState for the components and the exchange state).
  get plans(): Plan[] { return this.nav.plans; }
  get planId(): string | null { return this.nav.planId; }
  get areas(): Area[] { return this.nav.areas; }
  get areaId(): string | null { return this.nav.areaId; }
  get columns(): Column[] { return this.nav.columns; }
  get rows(): Row[] { return this.nav.rows; }
  set rows(rows: Row[]) { this.nav.rows = rows; }
  get revision(): number { return this.nav.revision; }
  get plan(): Plan | undefined { return this.nav.plan; }
  get area(): Area | undefined { return this.nav.area; }
  get selection(): CellSelection | null { return this.nav.selection; }
  set selection(selection: CellSelection | null) { this.nav.selection = selection; }
  get visibleSelection(): CellSelection | null { return this.nav.visibleSelection; }
  // Saving and history.
  get saveStatus(): SaveStatus { return this.saving.status; }
  get failedWrite(): FailedWrite | null { return this.saving.failedWrite; }
  get failedWrites(): FailedWrite[] { return this.saving.failedWrites; }
  get conflicts(): CellConflict[] { return this.saving.conflicts; }
  get undoStack(): string[] { return this.history.undoStack; }
  get redoStack(): string[] { return this.history.redoStack; }
  private readonly tabs: TabSync;

  constructor(db: QuadroDatabase) {
    this.db = db;
    this.nav = new Navigation(db);
    this.saving = new Saving(
      db,
      () => ({ quotaFull: this.t.quotaFull, saveFailed: this.t.saveFailedRetry, recordGone: this.t.recordGone }),
      () => this.signature,
    );
    this.drafts = new EditorDrafts(db);
    this.device = new DeviceSettings(db);
    this.tabs = new TabSync((message) => {
      this.otherTabBatches.add(message.batchId);
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
    await this.nav.refreshAreas();
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
      this.saving.addCell({ planId: save.planId, areaId: save.areaId, rowId: save.rowId, columnId: save.columnId, text: save.text }, this.t.pendingSaveFromBefore, false);
    }
    this.saving.settle();
  }

  /** First start seeds the bundled 2012 plan; every start opens the plan and area of the URL. */
  async start(route: Route = readRoute(location.pathname)): Promise<void> {
    await seedDefaultPlan(this.db);
    const [lang] = await Promise.all([repo.readSetting(this.db, 'lang'), this.device.load()]);
    // English is a chunk of its own (Italian is in the first one): the words switch once it is here.
    // If it cannot be loaded, the app starts in Italian and tries again at the next start.
    await this.showIn(lang);
    await this.refreshPlans();
    const planExists = route.planId !== undefined && this.plans.some((plan) => plan.id === route.planId);
    if (route.planId !== undefined && !planExists) this.notice = this.t.notFound;
    await this.openPlan(planExists ? (route.planId as string) : (this.plans[0]?.id ?? null), route.areaId, 'replace');
    this.ready = true;
  }

  /** Issue 22: whether the plan syncs with a server (the sync code itself loads only then, or when its panel opens). */
  isSyncOn(planId: string): Promise<boolean> {
    return repo.isSyncOn(this.db, planId);
  }

  /** A batch written here (an edit, an import in the worker) joins the undo history, and the other tabs are told. */
  recordBatch(batchId: string, origin: ChangeOrigin = 'import', note?: string): void {
    this.history.record(batchId, origin, note, clock().now(), this.signature);
    if (this.planId) this.tabs.announce({ planId: this.planId, batchId });
  }

  /**
   * The name changes are signed with. Empty when the user has not given one yet: they are asked
   * again later, and an empty name is never replaced by a made-up one.
   */
  get signature(): string {
    return this.device.signature;
  }

  // -------------------------------------------------------------------------------------------
  // Navigation

  refreshPlans(): Promise<void> {
    return this.nav.refreshPlans();
  }

  async openPlan(planId: string | null, areaId?: string, history: 'push' | 'replace' = 'push'): Promise<void> {
    const changedPlan = planId !== this.planId;
    await this.nav.openPlan(planId, areaId, history);
    if (changedPlan) {
      await this.loadHistory();
      await this.loadPendingSaves();
    }
  }

  openArea(areaId: string | null, history: 'push' | 'replace' = 'push'): Promise<void> {
    return this.nav.openArea(areaId, history);
  }

  reloadArea(): Promise<void> {
    return this.nav.reloadArea();
  }

  // -------------------------------------------------------------------------------------------
  // Writing: every write is tracked, shown as "saving" until IndexedDB commits, and kept for a
  // retry if it fails.

  private async runWrite<T>(write: () => Promise<WriteResult<T>>, cells?: CellEdit[]): Promise<T | undefined> {
    const planId = this.planId;
    const areaId = this.areaId;
    const failedCells: FailedCell[] | undefined =
      cells && planId && areaId ? cells.map((edit) => ({ planId, areaId, rowId: edit.rowId, columnId: edit.columnId, text: edit.text })) : undefined;
    const result = await this.saving.run(write, failedCells, (value) => value.batchId);
    if (!result) return undefined;
    if (result.value.batchId) this.recordBatch(result.value.batchId, 'edit');
    return result.value.value;
  }

  /** «Riprova» on one pending change (the oldest when none is named). */
  async retryFailedWrite(id?: number): Promise<void> {
    const batchId = await this.saving.retry(id);
    if (batchId) this.recordBatch(batchId, 'edit');
    await this.reloadArea();
  }

  /** The user chose to let a failed write go (after being shown its text and asked). */
  async discardFailedWrite(id: number): Promise<void> {
    await this.saving.forget(id);
    await this.reloadArea();
  }

  /**
   * "Metti in una riga nuova": the text of a save whose row or column is gone goes into a new row at
   * the end of its area (or the current one) — the row and its text in one write, one undo step, and
   * the kept text dropped in the same transaction: no empty row if it fails, the text still listed.
   */
  async keepFailedTextInNewRow(id: number): Promise<void> {
    const failed = this.failedWrites.find((f) => f.id === id);
    const cell = failed?.cell;
    if (!failed || !cell) return;
    const areaId = this.areas.some((a) => a.id === cell.areaId) ? cell.areaId : this.areaId;
    if (!areaId) return;
    if (areaId !== this.areaId) await this.openArea(areaId);
    // A full area cannot take the row: say why, and keep the text listed (it can still be copied).
    if (this.rows.length >= MAX_AREA_ROWS) {
      this.notice = this.t.areaRowLimitAdd(this.area?.title ?? '', MAX_AREA_ROWS);
      return;
    }
    const columnId = this.columns.some((c) => c.id === cell.columnId) ? cell.columnId : this.columns[0]?.id;
    if (!columnId) return;
    const content = { texts: { [columnId]: cell.text }, dropDrafts: [repo.pendingSaveId(cell)] };
    const written = await this.saving.settleWith(failed.id, () => repo.addRow(this.db, areaId, null, { by: this.signature }, content));
    if (written?.batchId) this.recordBatch(written.batchId, 'edit');
    await this.reloadArea();
  }

  /**
   * Where the stored side of a conflict came from: another tab of this browser (its batch was
   * announced here), or elsewhere (an import, a tab closed since); who wrote it, when.
   */
  conflictSource(conflict: CellConflict): { otherTab: boolean; by: string; at: string } {
    const cell = this.rows.find((row) => row.id === conflict.rowId)?.cells[conflict.columnId];
    return { otherTab: cell?.batch !== undefined && this.otherTabBatches.has(cell.batch), by: cell?.changedBy ?? '', at: cell?.changedAt ?? '' };
  }

  /** Resolves a cell conflict: keep mine, keep the stored text, or keep both, one after the other. */
  async resolveConflict(conflict: CellConflict, choice: 'mine' | 'theirs' | 'both'): Promise<void> {
    this.saving.removeConflict(conflict);
    const planId = this.planId;
    if (planId && choice !== 'theirs') {
      const text = choice === 'mine' ? conflict.mine : `${conflict.stored}\n\n${conflict.mine}`;
      const edit = { rowId: conflict.rowId, columnId: conflict.columnId, text };
      await this.runWrite(() => repo.saveCells(this.db, planId, [edit], { by: this.signature }), [edit]);
    }
    this.saving.settle();
    await this.reloadArea();
  }

  /** Issue 9: the one title rule; a refused title is asked again with the reason, or null if the user gives up. */
  private async checkedTitle(text: string, kind: TitleKind, dialogTitle: string): Promise<string | null> {
    let result = validateTitle(text, kind);
    while (!result.ok) {
      const again = await ask.text(dialogTitle, text, { message: result.errors[0]?.message[this.lang] ?? '' });
      if (again === null) return null;
      text = again;
      result = validateTitle(text, kind);
    }
    return result.value;
  }

  /**
   * Cell edits from the grid or the large editor: saved as one batch; the grid already shows them.
   * `dropDrafts`: the editor's draft of the text, dropped in the save's own transaction.
   */
  async editCells(edits: CellEdit[], dropDrafts?: readonly string[]): Promise<boolean> {
    const planId = this.planId;
    if (!planId || edits.length === 0) return true;
    const saved = await this.runWrite(() => repo.saveCells(this.db, planId, edits, { by: this.signature }, dropDrafts ? { dropDrafts } : {}), edits);
    if (!saved) {
      // On a conflict the grid must show the stored text again until the user decides.
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
    if (area) this.nav.replaceArea(area);
  }

  async renameArea(title: string): Promise<void> {
    const areaId = this.areaId;
    const checked = areaId ? await this.checkedTitle(title, 'area', this.t.renameArea) : null;
    if (!areaId || checked === null) return;
    const area = await this.runWrite(() => repo.updateArea(this.db, areaId, { title: checked }, { by: this.signature }));
    if (area) this.nav.replaceArea(area);
  }

  async addArea(title: string): Promise<void> {
    const planId = this.planId;
    const checked = planId ? await this.checkedTitle(title, 'area', this.t.newAreaName) : null;
    if (!planId || checked === null) return;
    const firstTitle = this.columns[0]?.title ?? this.t.ambitoColumn;
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
    // The repository refuses too (inside its transaction); saying it here needs no write at all.
    if (this.rows.length >= MAX_AREA_ROWS) {
      this.notice = this.t.areaRowLimitAdd(this.area?.title ?? '', MAX_AREA_ROWS);
      return undefined;
    }
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
    const saved = await this.saving.run(async () => {
      await repo.saveColumnWidth(this.db, columnId, width);
      return true;
    });
    if (saved) this.nav.columns = this.nav.columns.map((column) => (column.id === columnId ? { ...column, width: Math.round(width) } : column));
  }

  // -------------------------------------------------------------------------------------------
  // Plans

  async createPlan(name: string): Promise<void> {
    const checked = await this.checkedTitle(name, 'plan', this.t.newPlanName);
    if (checked === null) return;
    const firstArea = { title: this.t.newAreaDefault, columnTitles: [this.t.ambitoColumn] };
    const plan = await this.runWrite(() => repo.createPlan(this.db, checked, { by: this.signature }, firstArea));
    await this.refreshPlans();
    if (plan) await this.openPlan(plan.id);
  }

  /** A new plan from the current one: its structure with empty cells, or the whole plan a year on. */
  async createPlanFrom(kind: Exclude<NewPlanKind, 'empty'>, name: string): Promise<void> {
    const planId = this.planId;
    const checked = planId ? await this.checkedTitle(name, 'plan', this.t.newPlanName) : null;
    if (!planId || checked === null) return;
    name = checked;
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
    const batchId = this.history.undoStack.at(-1);
    if (!batchId) {
      this.notice = this.t.nothingToUndo;
      return;
    }
    const about = await this.describe(batchId);
    if (!(await this.confirmOtherTab(batchId, 'undo', about))) return;
    await this.runUndo(() => repo.undoBatch(this.db, batchId, { by: this.signature, origin: 'undo' }, this.undoProgress('undo')), 'undo', batchId, about);
  }

  async redo(): Promise<void> {
    const batchId = this.history.redoStack.at(-1);
    if (!batchId) {
      this.notice = this.t.nothingToRedo;
      return;
    }
    const about = await this.describe(batchId);
    if (!(await this.confirmOtherTab(batchId, 'redo', about))) return;
    await this.runUndo(() => repo.undoBatch(this.db, batchId, { by: this.signature, origin: 'redo' }, this.undoProgress('redo')), 'redo', batchId, about);
  }

  /** Undoes any batch (an edit, or an import from the import history): the same mechanism as "Annulla modifica". */
  async undoBatch(batchId: string): Promise<void> {
    await this.runUndo(() => repo.undoBatch(this.db, batchId, { by: this.signature, origin: 'undo' }, this.undoProgress('undo')), 'undo', batchId, await this.describe(batchId));
  }

  /** Brings back a batch undone earlier (an import from the import history). */
  async redoBatch(batchId: string): Promise<void> {
    await this.runUndo(() => repo.redoBatch(this.db, batchId, { by: this.signature }, this.undoProgress('redo')), 'redo', undefined, await this.describe(batchId));
  }

  /**
   * The action an undo or redo batch finally goes back to (an undo of an undo stands for the
   * original edit): what "Annulla" and "Ripeti" say they took back.
   */
  private rootOf(batchId: string): string {
    let id = batchId;
    for (let step = 0; step < this.history.batches.length; step++) {
      const batch = this.history.batches.find((b) => b.batchId === id);
      if (!batch || (batch.origin !== 'undo' && batch.origin !== 'redo') || batch.note === undefined) return id;
      id = batch.note;
    }
    return id;
  }

  /** What a batch on the undo or redo list did, read before it is taken back (its cell may move or go). */
  private async describe(batchId: string): Promise<UndoneChange> {
    const about = await repo.describeBatch(this.db, this.rootOf(batchId)).catch((error: unknown) => {
      console.error(error);
      return undefined;
    });
    return { about, fromOtherTab: this.otherTabBatches.has(batchId) };
  }

  /** "Ultima modifica del piano, … in GOVERNANCE NAZIONALE": the words for what a batch did, and whether they are plural. */
  private changeWords(about: repo.BatchAbout | undefined): { what: string; plural: boolean } {
    const t = this.t;
    if (about?.origin === 'import' && about.note) return { what: t.changeImport(about.note), plural: false };
    if (about?.cell && about.cellCount === 1) return { what: t.changeToCell(shortTitle(about.cell.columnTitle), shortTitle(about.cell.ambito, 60)), plural: false };
    if (about && about.cellCount > 1 && about.areaTitle) return { what: t.changeToCells(about.cellCount, about.areaTitle), plural: true };
    if (about?.areaTitle) return { what: t.changeInArea(about.areaTitle), plural: false };
    return { what: t.changeInPlan, plural: false };
  }

  /**
   * Another tab's change on top of the history is taken back only when the user says so: undo in
   * one tab used to undo, silently, what the other tab had just merged.
   */
  private async confirmOtherTab(batchId: string, origin: 'undo' | 'redo', change: UndoneChange): Promise<boolean> {
    if (!change.fromOtherTab) return true;
    const { what } = this.changeWords(change.about);
    const t = this.t;
    return ask.confirm(origin === 'undo' ? t.otherTabUndo(what) : t.otherTabRedo(what), t.otherTabTitle, {
      okLabel: origin === 'undo' ? t.otherTabUndoAction : t.otherTabRedoAction,
      cancelLabel: t.otherTabKeep,
      danger: false,
    });
  }

  /**
   * Writes an undo or redo as a new batch. The history then follows the log: the note of the new
   * batch names what it took back (read again from the log when this side does not know it). Any
   * change made later that the undo kept is said in words.
   */
  private async runUndo(undo: () => Promise<repo.UndoResult>, origin: 'undo' | 'redo', target?: string, change?: UndoneChange): Promise<void> {
    // The refresh is part of the work, so a retry after a failure also shows its result.
    const result = await this.saving.run(
      async () => {
        try {
          const undone = await undo();
          await this.refreshAfterStructuralChange();
          return undone;
        } finally {
          this.history.endProgress();
        }
      },
      undefined,
      (undone) => undone.batchId,
      this.t.undoFailed,
    );
    if (!result) return;
    const { batchId, kept } = result.value;
    if (batchId && target) this.recordBatch(batchId, origin, target);
    else if (batchId) {
      await this.loadHistory();
      if (this.planId) this.tabs.announce({ planId: this.planId, batchId });
    }
    if (!batchId) return;
    if (!change) {
      if (kept.length > 0) this.notice = this.t.undoKept(kept.length);
      return;
    }
    // Say what was taken back, and show it: the change may be rows below, or in another area.
    const { what, plural } = this.changeWords(change.about);
    const first = (origin === 'undo' ? this.t.undoneChange : this.t.redoneChange)(what, plural);
    const more: string[] = [];
    if (kept.length > 0) more.push(this.t.changeKeptAfter(kept.length));
    if (change.fromOtherTab) more.push(this.t.changeFromOtherTab);
    this.notice = more.length === 0 ? first : `${first}${/[.…]$/.test(first) ? '' : '.'} ${more.join(' ')}`;
    const cell = change.about?.cell;
    const planId = this.planId;
    if (cell && planId) this.revealRequest = { planId, areaId: cell.areaId, rowId: cell.rowId, columnId: cell.columnId };
    else if (change.about?.areaId && change.about.areaId !== this.areaId && this.areas.some((area) => area.id === change.about?.areaId)) await this.openArea(change.about.areaId);
  }

  /** Issue 14: a large undo reports how far it is, for the line beside "Annulla modifica". */
  private undoProgress(origin: 'undo' | 'redo'): repo.UndoOptions {
    return { onProgress: (done, total) => this.history.reportProgress(origin, done, total) };
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

  /** The user's choice of language, remembered on this device. Its table loads first (offline: from the service worker's cache). */
  async setLang(lang: Lang): Promise<void> {
    // The table first, then the choice saved, then the words shown: a reload right after the switch
    // (or the tab discarded) starts in the language the screen already showed.
    try {
      await loadStrings(lang);
    } catch {
      this.notice = this.t.languageNotLoaded;
      return;
    }
    await repo.saveSetting(this.db, 'lang', lang);
    await this.showIn(lang);
  }

  /** Shows the words of `lang` once its table is here; false, and the words stay as they are, when it cannot be loaded. */
  private async showIn(lang: Lang): Promise<boolean> {
    try {
      await loadStrings(lang);
    } catch (error) {
      // Offline before the service worker finished its first precache: the chunk is not on the device yet.
      console.error('strings: the table could not be loaded', lang, error);
      return false;
    }
    this.lang = lang;
    // The page's language (hyphenation, screen readers); absent when the state runs in a unit test.
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
    return true;
  }
}
