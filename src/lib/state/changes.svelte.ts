// The one entry point to the undo history: every command's write, every batch written elsewhere (an import,
// another tab) and every undo or redo goes through `Changes`, so each user action is one undo step.
import type { ChangeOrigin } from '../model/types.ts';
import * as repo from '../db/repository.ts';
import type { CellEdit, WriteResult } from '../db/repository.ts';
import type { FailedCell } from './saving.svelte.ts';
import { TabSync } from './tab-sync.ts';
import { shortTitle } from '../model/names.ts';
import { clock } from '../model/clock.ts';
import { ask } from './ask.svelte.ts';
import type { AppState } from './app.svelte.ts';

/** What an undo or redo takes back, read before it runs: the words and the cell to show. */
interface UndoneChange {
  about: repo.BatchAbout | undefined;
  /** The batch came from another tab of this browser. */
  fromOtherTab: boolean;
}

/** An undo or a redo: which, the batch it takes back, and whether it is the top of the history ("Annulla", "Ripeti") or a batch chosen by name (the import history). */
type Taking = { origin: 'undo' | 'redo'; batchId: string; onTop: boolean };

export class Changes {
  /** Batches other tabs wrote while this one was open: undoing one of them is asked first. */
  private readonly otherTabBatches = new Set<string>();
  private readonly tabs: TabSync;

  constructor(private readonly app: AppState) {
    this.tabs = new TabSync((message) => {
      this.otherTabBatches.add(message.batchId);
      const refresh = message.planId === this.app.nav.planId ? this.app.refreshFromOtherTab() : this.app.nav.refreshPlans();
      // A refresh that fails (the database closing for an update) changes nothing; the next one catches up.
      refresh.catch((error: unknown) => console.error(error));
    });
  }

  /** Stops listening to other tabs (the page is going away, or a test is done). */
  dispose(): void {
    this.tabs.close();
  }

  /** The plan's history as the change log holds it (a plan opened, another tab wrote). */
  async load(): Promise<void> {
    const planId = this.app.nav.planId;
    this.app.history.replace(planId ? await repo.listBatches(this.app.db, planId) : []);
  }

  /** Whether a batch was written by another tab of this browser (its batch was announced here). */
  isFromOtherTab(batchId: string | undefined): boolean {
    return batchId !== undefined && this.otherTabBatches.has(batchId);
  }

  /** A batch written here (an edit, an import in the worker) joins the undo history, and the other tabs are told. */
  record(batchId: string, origin: ChangeOrigin = 'import', note?: string): void {
    this.app.history.record(batchId, origin, note, clock().now(), this.app.device.signature);
    this.announce(batchId);
  }

  private announce(batchId: string): void {
    const planId = this.app.nav.planId;
    if (planId) this.tabs.announce({ planId, batchId });
  }

  /**
   * A command's write: tracked, shown as "saving" until IndexedDB commits, kept for a retry if it fails
   * (`cells`: the texts to list then), and its batch recorded as one undo step.
   */
  async write<T>(write: () => Promise<WriteResult<T>>, cells?: CellEdit[]): Promise<T | undefined> {
    const planId = this.app.nav.planId;
    const areaId = this.app.nav.areaId;
    const failedCells: FailedCell[] | undefined =
      cells && planId && areaId ? cells.map((edit) => ({ planId, areaId, rowId: edit.rowId, columnId: edit.columnId, text: edit.text })) : undefined;
    const result = await this.app.saving.run(write, failedCells, (value) => value.batchId);
    if (!result) return undefined;
    if (result.value.batchId) this.record(result.value.batchId, 'edit');
    return result.value.value;
  }

  // -------------------------------------------------------------------------------------------
  // Undo and redo, through the change log: every batch can be taken back, structure included.

  /** "Annulla modifica": takes back the last change of the plan's history. */
  undo(): Promise<void> {
    return this.takeLast('undo');
  }

  /** "Ripeti": takes back the last undo. */
  redo(): Promise<void> {
    return this.takeLast('redo');
  }

  /** Undoes any batch (an edit, or an import from the import history): the same mechanism as "Annulla modifica". */
  undoBatch(batchId: string): Promise<void> {
    return this.take({ origin: 'undo', batchId, onTop: false });
  }

  /** Brings back a batch undone earlier (an import from the import history). */
  redoBatch(batchId: string): Promise<void> {
    return this.take({ origin: 'redo', batchId, onTop: false });
  }

  private async takeLast(origin: 'undo' | 'redo'): Promise<void> {
    const history = this.app.history;
    const batchId = (origin === 'undo' ? history.undoStack : history.redoStack).at(-1);
    if (!batchId) {
      this.app.notice = origin === 'undo' ? this.app.t.nothingToUndo : this.app.t.nothingToRedo;
      return;
    }
    await this.take({ origin, batchId, onTop: true });
  }

  /**
   * Writes an undo or redo as a new batch. The history then follows the log: the note of the new
   * batch names what it took back (read again from the log for a batch of the import history). Any
   * change made later that the undo kept is said in words.
   */
  private async take({ origin, batchId, onTop }: Taking): Promise<void> {
    const change = await this.describe(batchId);
    // The top of the history may be another tab's change: asked first. An import's batch is chosen by name.
    if (onTop && !(await this.confirmOtherTab(origin, change))) return;
    const app = this.app;
    const by = { by: app.device.signature };
    const options: repo.UndoOptions = { onProgress: (done, total) => app.history.reportProgress(origin, done, total) };
    const run = (): Promise<repo.UndoResult> =>
      // A redo of the import history brings the batch back; "Ripeti" undoes the undo batch on top.
      origin === 'redo' && !onTop ? repo.redoBatch(app.db, batchId, by, options) : repo.undoBatch(app.db, batchId, { ...by, origin }, options);
    // The refresh is part of the work, so a retry after a failure also shows its result.
    const result = await app.saving.run(
      async () => {
        try {
          const undone = await run();
          await app.refreshAfterStructuralChange();
          return undone;
        } finally {
          app.history.endProgress();
        }
      },
      undefined,
      (undone) => undone.batchId,
      app.t.undoFailed,
    );
    if (!result) return;
    const { batchId: written, kept } = result.value;
    if (!written) return;
    // A redo of the import history has no target here: its note is read again from the log.
    if (onTop || origin === 'undo') this.record(written, origin, batchId);
    else {
      await this.load();
      this.announce(written);
    }
    // Say what was taken back, and show it: the change may be rows below, or in another area.
    const { what, plural } = this.changeWords(change.about);
    const first = (origin === 'undo' ? app.t.undoneChange : app.t.redoneChange)(what, plural);
    const more: string[] = [];
    if (kept.length > 0) more.push(app.t.changeKeptAfter(kept.length));
    if (change.fromOtherTab) more.push(app.t.changeFromOtherTab);
    app.notice = more.length === 0 ? first : `${first}${/[.…]$/.test(first) ? '' : '.'} ${more.join(' ')}`;
    const cell = change.about?.cell;
    const planId = app.nav.planId;
    const areaId = change.about?.areaId;
    if (cell && planId) app.revealRequest = { planId, areaId: cell.areaId, rowId: cell.rowId, columnId: cell.columnId };
    else if (areaId && areaId !== app.nav.areaId && app.nav.areas.some((area) => area.id === areaId)) await app.nav.openArea(areaId);
  }

  /**
   * The action an undo or redo batch finally goes back to (an undo of an undo stands for the
   * original edit): what "Annulla" and "Ripeti" say they took back.
   */
  private rootOf(batchId: string): string {
    const batches = this.app.history.batches;
    let id = batchId;
    for (let step = 0; step < batches.length; step++) {
      const batch = batches.find((b) => b.batchId === id);
      if (!batch || (batch.origin !== 'undo' && batch.origin !== 'redo') || batch.note === undefined) return id;
      id = batch.note;
    }
    return id;
  }

  /** What a batch on the undo or redo list did, read before it is taken back (its cell may move or go). */
  private async describe(batchId: string): Promise<UndoneChange> {
    const about = await repo.describeBatch(this.app.db, this.rootOf(batchId)).catch((error: unknown) => {
      console.error(error);
      return undefined;
    });
    return { about, fromOtherTab: this.otherTabBatches.has(batchId) };
  }

  /** "Ultima modifica del piano, … in GOVERNANCE NAZIONALE": the words for what a batch did, and whether they are plural. */
  private changeWords(about: repo.BatchAbout | undefined): { what: string; plural: boolean } {
    const t = this.app.t;
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
  private async confirmOtherTab(origin: 'undo' | 'redo', change: UndoneChange): Promise<boolean> {
    if (!change.fromOtherTab) return true;
    const { what } = this.changeWords(change.about);
    const t = this.app.t;
    return ask.confirm(origin === 'undo' ? t.otherTabUndo(what) : t.otherTabRedo(what), t.otherTabTitle, {
      okLabel: origin === 'undo' ? t.otherTabUndoAction : t.otherTabRedoAction,
      cancelLabel: t.otherTabKeep,
      danger: false,
    });
  }
}
