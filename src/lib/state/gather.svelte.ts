// "Importa più file" as runes (issue 23): several colleagues' files read and compared in a worker, conflicts
// between colleagues decided, then one write with one undoable batch per file, and a summary per colleague.
import * as repo from '../db/repository.ts';
import { readFileBytes } from '../files/read-file.ts';
import { createGatherRunner, GATHER_MAX_FILES, type GatherRunner } from '../exchange/gather-runner.ts';
import { ImportUnsupportedError } from '../exchange/import-runner.ts';
import type { GatherFileIn, GatherProgress, GatherView } from '../exchange/gather-session.ts';
import type { GatherCell, GatherChoice, GatherFileSummary } from '../csv/gather.ts';
import type { AppState } from './app.svelte.ts';
import { trackWrite } from './pending-writes.ts';
import { yieldToBrowser } from './yield.ts';
import { clock } from '../model/clock.ts';
import { gatherStrings, type GatherStrings } from '../i18n/gather-strings.ts';
import { whenSeedComplete } from './seed-rest.ts';

export type GatherStatus = 'idle' | 'reading' | 'review' | 'applying' | 'done';

/** What one colleague's file did, after the import: its batch (to undo alone) and its summary. */
export interface GatheredFile {
  batchId: string | null;
  summary: GatherFileSummary;
  inEffect: boolean;
}

export class GatherState {
  status = $state<GatherStatus>('idle');
  progress = $state.raw<GatherProgress | null>(null);
  view = $state.raw<GatherView | null>(null);
  /** The user's answer per conflict; none: the local text stays. */
  choices = $state<Record<string, GatherChoice>>({});
  /** Something to say above the dialog (too many files, the plan changed since the preview, a failed write). */
  notice = $state<{ text: string; alert: boolean; retry: boolean } | null>(null);
  done = $state.raw<GatheredFile[]>([]);

  private runner: GatherRunner | null = null;

  constructor(private readonly app: AppState) {}

  get lang(): AppState['lang'] {
    return this.app.lang;
  }

  get t(): GatherStrings {
    return gatherStrings(this.app.lang);
  }

  /** Conflicts the view lists (the others keep the local text). */
  get conflicts(): GatherCell[] {
    return this.view?.preview?.cells.filter((cell) => cell.kind === 'colleagues' || cell.kind === 'local') ?? [];
  }

  get plainCells(): GatherCell[] {
    return this.view?.preview?.cells.filter((cell) => cell.kind === 'single' || cell.kind === 'agreement') ?? [];
  }

  /** A colleague's name for a file of the gathering: the author its "Ultima modifica" names, else its file name. */
  sourceOf(file: number): string {
    const entry = this.view?.preview?.files[file];
    return entry?.author ?? entry?.fileName ?? '';
  }

  reset(): void {
    this.status = 'idle';
    this.progress = null;
    this.view = null;
    this.choices = {};
    this.notice = null;
    this.done = [];
    this.runner?.close();
    this.runner = null;
  }

  /** Reads the chosen files (a task each: the page stays responsive) and has the worker compare them. */
  async openFiles(files: readonly File[]): Promise<void> {
    const t = this.t;
    this.reset();
    // The first start's bundled plan may still be writing its other areas' rows: the whole plan is read below.
    await whenSeedComplete(this.app.db);
    if (files.length > GATHER_MAX_FILES) {
      this.notice = { text: t.gatherTooMany(GATHER_MAX_FILES, files.length), alert: true, retry: false };
      return;
    }
    if (files.length < 2) {
      this.notice = { text: t.gatherTooFew, alert: true, retry: false };
      return;
    }
    const planId = this.app.nav.planId;
    if (!planId) return;
    this.status = 'reading';
    this.progress = { phase: 'analyse', done: 0, total: files.length };
    try {
      this.runner = createGatherRunner();
    } catch (error) {
      if (!(error instanceof ImportUnsupportedError)) throw error;
      this.status = 'idle';
      this.notice = { text: t.gatherNeedsWorkers, alert: true, retry: false };
      return;
    }
    const read: GatherFileIn[] = [];
    for (const file of files) {
      read.push({ bytes: await readFileBytes(file), fileName: file.name || 'file.csv' });
      await yieldToBrowser();
    }
    const areaId = this.app.nav.areaId ?? undefined;
    const view = await this.runner.analyze({ databaseName: this.app.db.name, planId, ...(areaId ? { areaId } : {}), files: read }, (progress) => (this.progress = progress));
    this.show(view);
  }

  private show(view: GatherView): void {
    this.view = view;
    this.progress = null;
    this.status = 'review';
  }

  choose(cellId: string, choice: GatherChoice): void {
    this.choices = { ...this.choices, [cellId]: choice };
  }

  /** One write, one batch per file; the plan changed since the preview: nothing written, the preview made again. */
  async apply(): Promise<void> {
    const planId = this.app.nav.planId;
    const runner = this.runner;
    if (!planId || !runner || !this.view?.preview) return;
    const t = this.t;
    this.status = 'applying';
    this.notice = null;
    this.progress = null;
    try {
      const result = await trackWrite(
        runner.apply(
          { databaseName: this.app.db.name, planId, decisions: { cells: $state.snapshot(this.choices) }, now: clock().now(), importer: this.app.device.signature },
          (progress) => (this.progress = progress),
        ),
      );
      if (result.refreshed) {
        this.show(result.refreshed);
        this.notice = { text: t.gatherChangedSincePreview, alert: true, retry: false };
        return;
      }
      const files = this.view.preview.files;
      this.done = result.summaries.map((summary, i) => ({ summary, batchId: result.batchIds[i] ?? null, inEffect: true }));
      result.batchIds.forEach((batchId, i) => {
        if (batchId) this.app.changes.record(batchId, 'import', files[i]?.fileName ?? '');
      });
      this.progress = null;
      this.status = 'done';
      await this.app.refreshAfterStructuralChange();
    } catch (error) {
      // The transaction aborted: nothing was written. The preview and the choices stay, with «Riprova».
      console.error(error);
      this.status = 'review';
      this.progress = null;
      this.notice = { text: repo.isQuotaError(error) ? t.gatherQuotaFull : t.gatherWriteFailed, alert: true, retry: true };
    }
  }

  /** Undoes (or brings back) one colleague's file alone, by its batch. */
  async toggleFile(batchId: string): Promise<void> {
    const item = this.done.find((entry) => entry.batchId === batchId);
    if (!item) return;
    if (item.inEffect) await this.app.changes.undoBatch(batchId);
    else await this.app.changes.redoBatch(batchId);
    const planId = this.app.nav.planId;
    if (!planId) return;
    const imports = await repo.listImports(this.app.db, planId);
    const inEffect = new Map(imports.map((entry) => [entry.batchId, entry.inEffect]));
    this.done = this.done.map((entry) => (entry.batchId ? { ...entry, inEffect: inEffect.get(entry.batchId) ?? entry.inEffect } : entry));
  }
}
