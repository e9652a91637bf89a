// CSV and .xlsx exchange as runes: export (download, share, mailto) and the import flow (read → preview → apply → undo).
import { problem, type QuadroProblem } from '../model/errors.ts';
import type {
  ConflictChoice,
  CsvDelimiter,
  DelimiterSource,
  CsvEncoding,
  CsvMatch,
  ExportDelimiter,
  ExportFormat,
  ImportChangeSet,
  ImportPreview,
} from '../csv/index.ts';
import * as repo from '../db/repository.ts';
import { readFileBytes } from '../files/read-file.ts';
import { saveBlob } from '../files/save-blob.ts';
import { canShareFiles, mailtoLink, shareFiles } from '../files/share-files.ts';
import { createImportRunner, ImportUnsupportedError, type ImportRunner } from '../exchange/import-runner.ts';
import type { ApplyProgress, AreaTotals, ImportView, RematchTarget } from '../exchange/import-session.ts';
import type { SheetReport } from '../exchange/workbook-table.ts';
import type { AppState } from './app.svelte.ts';
import { trackWrite } from './pending-writes.ts';
import { clock } from '../model/clock.ts';
import { judgeFileTime as judgeAgainst } from '../csv/last-changed.ts';
import type { IsoTime } from '../model/types.ts';
import { formatDateTime } from '../i18n/index.ts';
import { whenSeedComplete } from './seed-rest.ts';

export type ExportScope = 'area' | 'plan' | 'each-area';
export type { ExportFormat };

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Files the picker offers: by MIME type, since iPad and Android pickers ignore extensions. */
export const CSV_ACCEPT = `text/csv,text/comma-separated-values,application/csv,application/vnd.ms-excel,text/plain,text/tab-separated-values,${XLSX_TYPE},application/vnd.ms-excel.sheet.macroEnabled.12,.csv,.txt,.xlsx,.xlsm`;
/** Above this size the import shows a progress indicator (reading and parsing take about a second). */
const SHOW_PROGRESS_FROM_BYTES = 2 * 1024 * 1024;

/** The CSV core is loaded on first use: the first screen does not carry papaparse. */
const loadCsv = () => import('../csv/index.ts');
/** The .xlsx export is loaded on first use too, and builds the file in a worker of its own. */
const loadXlsxExport = () => import('../exchange/xlsx-export.ts');

export interface ExportedFiles {
  files: File[];
  mailto: string;
  shared: boolean;
  /** What to say about the files (for .xlsx: cells longer than Excel holds). */
  warnings: QuadroProblem[];
}

export class Exchange {
  delimiter = $state<ExportDelimiter>(';');
  exportFormat = $state<ExportFormat>('csv');

  // Import flow
  importStatus = $state<'idle' | 'reading' | 'review' | 'applying' | 'done'>('idle');
  fileName = $state('');
  encoding = $state<CsvEncoding | null>(null);
  hadBom = $state(false);
  fileDelimiter = $state<CsvDelimiter | null>(null);
  /** What the file was read as: a CSV (encoding and separator shown) or an .xlsx (its sheets shown). */
  fileFormat = $state<'csv' | 'xlsx'>('csv');
  sheets = $state.raw<SheetReport[]>([]);
  /** How the separator was found: a `sep=` line, the file's field counts, or the user's choice. */
  delimiterSource = $state<DelimiterSource | null>(null);
  isQuadroFile = $state(false);
  /** A Quadro file without its ID column: its rows were matched by text. */
  quadroWithoutId = $state(false);
  showProgress = $state(false);
  problems = $state.raw<QuadroProblem[]>([]);
  warnings = $state.raw<QuadroProblem[]>([]);
  /**
   * The write of a reviewed import failed (the device is full, another tab held the database):
   * nothing was written, and the preview and every choice stay for «Riprova» (issue 18).
   */
  writeFailure = $state.raw<{ problem: QuadroProblem; quota: boolean } | null>(null);
  match = $state.raw<CsvMatch | null>(null);
  preview = $state.raw<ImportPreview | null>(null);
  choices = $state<Record<string, ConflictChoice>>({});
  deleteMissing = $state<string[]>([]);
  /** Damaged changes and rows the user ticked to apply anyway (ids from the preview). */
  acceptDamaged = $state<string[]>([]);
  invalidSequences = $state(0);
  acceptNewRows = $state(true);
  acceptNewColumns = $state(true);
  /** Full counts per area (the preview's lists are trimmed for display). */
  totals = $state.raw<Record<string, AreaTotals>>({});
  summary = $state.raw<ImportChangeSet['summary'] | null>(null);
  /** While applying: rows the one transaction has written so far, of all it writes (null before the first slice). */
  applyProgress = $state.raw<ApplyProgress | null>(null);
  lastImportBatch = $state<string | null>(null);
  imports = $state.raw<Awaited<ReturnType<typeof repo.listImports>>>([]);

  private bytes: Uint8Array | null = null;
  private runner: ImportRunner | null = null;

  constructor(private readonly app: AppState) {}

  /** The language the dialogs speak (core messages come in both). */
  get lang(): AppState['lang'] {
    return this.app.lang;
  }

  /** The database handle, passed on opaquely (the free-space hints read it through a state module). */
  get db(): AppState['db'] {
    return this.app.db;
  }

  async load(): Promise<void> {
    this.delimiter = await repo.readSetting(this.app.db, 'csvDelimiter');
    this.exportFormat = await repo.readSetting(this.app.db, 'exportFormat');
  }

  async setExportFormat(format: ExportFormat): Promise<void> {
    this.exportFormat = format;
    await repo.saveSetting(this.app.db, 'exportFormat', format);
  }

  async setDelimiter(delimiter: ExportDelimiter): Promise<void> {
    this.delimiter = delimiter;
    await repo.saveSetting(this.app.db, 'csvDelimiter', delimiter);
  }

  // -------------------------------------------------------------------------------------------
  // Export

  /**
   * The files for a scope in the chosen format, ready to share or download: CSV, one file per area
   * for "each area"; .xlsx, one workbook (a sheet per area for "each area"). The export is noted (bases,
   * time, log position) in one write.
   */
  async buildExport(scope: ExportScope): Promise<{ files: File[]; warnings: QuadroProblem[] }> {
    const planId = this.app.nav.planId;
    if (!planId) return { files: [], warnings: [] };
    // The first start's bundled plan may still be writing its other areas' rows: the whole plan is read below.
    await whenSeedComplete(this.app.db);
    const areaIds = scope === 'area' && this.app.nav.areaId ? [this.app.nav.areaId] : null;
    const xlsx = this.exportFormat === 'xlsx';
    const [doc, csv, xlsxExport] = await Promise.all([repo.recordExportBases(this.app.db, planId, areaIds, clock().now()), loadCsv(), xlsx ? loadXlsxExport() : null]);
    if (!doc) return { files: [], warnings: [] };
    const date = clock().now().slice(0, 10);
    const author = this.app.device.signature;
    if (xlsxExport) {
      const areaId = this.app.nav.areaId;
      const area = scope === 'area' ? doc.areas.find((a) => a.id === areaId) : undefined;
      if (scope === 'area' && !area) return { files: [], warnings: [] };
      const workbook = await xlsxExport.exportWorkbook({
        doc,
        scope: area ? { kind: 'area', areaId: area.id } : scope === 'plan' ? { kind: 'plan' } : { kind: 'each-area' },
      });
      const name = csv.csvFileName({ planName: doc.plan.name, ...(area ? { areaTitle: area.title } : {}), date, author, extension: 'xlsx', perArea: scope === 'each-area' });
      return { files: [new File([workbook.bytes as Uint8Array<ArrayBuffer>], name, { type: XLSX_TYPE })], warnings: workbook.warnings };
    }
    const file = (text: string, areaTitle?: string): File =>
      new File([text], csv.csvFileName({ planName: doc.plan.name, ...(areaTitle ? { areaTitle } : {}), date, author }), {
        type: 'text/csv;charset=utf-8',
      });
    const options = { delimiter: this.delimiter };
    if (scope === 'plan') return { files: [file(csv.serializePlanCsv(doc, { kind: 'plan' }, options))], warnings: [] };
    const areas = scope === 'area' ? doc.areas.filter((area) => area.id === this.app.nav.areaId) : doc.areas;
    return { files: areas.map((area) => file(csv.serializePlanCsv(doc, { kind: 'area', areaId: area.id }, options), area.title)), warnings: [] };
  }

  /** Whether this device's share sheet takes a file of the chosen format (Chrome's takes CSV but not .xlsx). */
  canShare(format: ExportFormat = this.exportFormat): boolean {
    const probe = format === 'xlsx' ? new File(['x'], 'probe.xlsx', { type: XLSX_TYPE }) : new File(['x'], 'probe.csv', { type: 'text/csv' });
    return canShareFiles([probe]);
  }

  /**
   * Exports and hands the files over: to the share sheet when `share` (call from the user's tap),
   * else as downloads. Returns the files and a prepared mailto: link for attaching them by hand.
   */
  async exportFiles(scope: ExportScope, share: boolean): Promise<ExportedFiles> {
    // One write notes the export: the log's position is read before the data in its transaction, so
    // whatever comes after counts as not yet exported.
    const { files, warnings } = await this.buildExport(scope);
    const t = this.app.t;
    const planName = this.app.nav.plan?.name ?? '';
    const areaTitle = scope === 'area' ? (this.app.nav.area?.title ?? '') : '';
    const when = formatDateTime(this.app.lang, clock().now());
    let shared = false;
    let download = !(share && canShareFiles(files));
    if (!download) {
      try {
        shared = await shareFiles(files, { title: t.shareTitle(planName, areaTitle), text: t.shareTextAnyFormat(planName, areaTitle, this.app.device.signature, when) });
      } catch (error) {
        // The tap's permission to share ran out while a large file was being made: the file downloads instead.
        if (!(error instanceof DOMException && error.name === 'NotAllowedError')) throw error;
        download = true;
      }
    }
    if (download) for (const file of files) saveBlob(file, file.name);
    const mailto = mailtoLink(t.mailSubject(planName), t.mailBodyAnyFormat(planName, files.map((f) => f.name)));
    return { files, mailto, shared, warnings };
  }

  // -------------------------------------------------------------------------------------------
  // Import

  resetImport(): void {
    this.importStatus = 'idle';
    this.fileName = '';
    this.encoding = null;
    this.fileDelimiter = null;
    this.fileFormat = 'csv';
    this.sheets = [];
    this.delimiterSource = null;
    this.quadroWithoutId = false;
    this.problems = [];
    this.warnings = [];
    this.writeFailure = null;
    this.match = null;
    this.preview = null;
    this.choices = {};
    this.deleteMissing = [];
    this.acceptDamaged = [];
    this.invalidSequences = 0;
    this.acceptNewRows = true;
    this.acceptNewColumns = true;
    this.summary = null;
    this.applyProgress = null;
    this.totals = {};
    this.bytes = null;
    this.runner?.close();
    this.runner = null;
  }

  async refreshImports(): Promise<void> {
    this.imports = this.app.nav.planId ? await repo.listImports(this.app.db, this.app.nav.planId) : [];
  }

  async openFile(file: File): Promise<void> {
    this.resetImport();
    this.fileName = file.name || 'file.csv';
    this.importStatus = 'reading';
    this.showProgress = file.size > SHOW_PROGRESS_FROM_BYTES;
    this.bytes = await readFileBytes(file);
    await this.analyze();
  }

  async openText(text: string, name: string): Promise<void> {
    this.resetImport();
    this.fileName = name;
    this.importStatus = 'reading';
    this.bytes = new TextEncoder().encode(text);
    this.showProgress = this.bytes.byteLength > SHOW_PROGRESS_FROM_BYTES;
    await this.analyze();
  }

  /** Re-reads the file with an encoding or delimiter the user chose instead of the detected one. */
  async reanalyze(options: { encoding?: CsvEncoding; delimiter?: CsvDelimiter }): Promise<void> {
    if (!this.bytes) return;
    this.importStatus = 'reading';
    await this.analyze(options);
  }

  private async analyze(forced: { encoding?: CsvEncoding; delimiter?: CsvDelimiter } = {}): Promise<void> {
    const planId = this.app.nav.planId;
    const bytes = this.bytes;
    if (!planId || !bytes) return;
    // The first start's bundled plan may still be writing its other areas' rows: the whole plan is read below.
    await whenSeedComplete(this.app.db);
    const areaId = this.app.nav.areaId ?? undefined;
    try {
      this.runner ??= createImportRunner();
    } catch (error) {
      if (!(error instanceof ImportUnsupportedError)) throw error;
      this.refuse(error);
      return;
    }
    this.show(
      await this.runner.analyze({
        bytes,
        fileName: this.fileName,
        databaseName: this.app.db.name,
        planId,
        ...(areaId ? { areaId } : {}),
        ...(forced.encoding ? { encoding: forced.encoding } : {}),
        ...(forced.delimiter ? { delimiter: forced.delimiter } : {}),
      }),
    );
  }

  private show(view: ImportView): void {
    this.writeFailure = null;
    this.encoding = view.encoding;
    this.hadBom = view.hadBom;
    this.invalidSequences = view.invalidSequences;
    this.acceptDamaged = [];
    this.fileDelimiter = view.delimiter;
    this.fileFormat = view.format;
    this.sheets = view.sheets;
    this.delimiterSource = view.delimiterSource;
    this.isQuadroFile = view.isQuadroFile;
    this.quadroWithoutId = view.quadroWithoutId;
    this.problems = view.problems;
    this.warnings = view.warnings;
    this.match = view.match;
    this.preview = view.preview;
    this.totals = view.totals;
    this.showProgress = false;
    this.importStatus = 'review';
  }

  /** Shows the file as refused for a reason of Quadro's own (no problem of the file): nothing can be applied. */
  private refuse(error: unknown): void {
    this.problems = [problem('import.needs-workers', {}, { cause: String(error) })];
    this.showProgress = false;
    this.importStatus = 'review';
  }

  /** The user sends a file column elsewhere (another plan column, a new column, nowhere). */
  async rematch(areaId: string, fileColumn: number, target: RematchTarget): Promise<void> {
    if (!this.runner || !this.match) return;
    this.show(await this.runner.rematch(areaId, fileColumn, target));
  }

  get conflictCount(): number {
    return this.preview?.areas.reduce((sum, area) => sum + area.conflicts.length, 0) ?? 0;
  }

  /**
   * Everything not a conflict merges automatically; conflicts take the user's choices (default:
   * keep mine). Resolved and written where the analysis ran (the worker), in one transaction.
   */
  async applyImport(): Promise<void> {
    const planId = this.app.nav.planId;
    const runner = this.runner;
    if (!planId || !runner || !this.preview) return;
    this.importStatus = 'applying';
    this.applyProgress = null;
    this.writeFailure = null;
    try {
      const result = await trackWrite(
        runner.apply(
          {
            databaseName: this.app.db.name,
            planId,
            decisions: {
              conflicts: { ...this.choices },
              deleteMissingRowIds: [...this.deleteMissing],
              acceptDamaged: [...this.acceptDamaged],
              acceptNewRows: this.acceptNewRows,
              acceptNewColumns: this.acceptNewColumns,
            },
            now: clock().now(),
            importer: this.app.device.signature,
          },
          (progress) => {
            this.applyProgress = progress;
          },
        ),
      );
      this.applyProgress = null;
      if (result.refreshed) {
        // The plan changed after the preview: nothing was written; the user reviews the new preview.
        this.show(result.refreshed);
        this.warnings = [...this.warnings, problem('import.changed-since-preview', {})];
        return;
      }
      this.lastImportBatch = result.batchId;
      if (result.batchId) this.app.changes.record(result.batchId, 'import', this.fileName);
      this.summary = result.summary;
      this.importStatus = 'done';
      await this.app.refreshAfterStructuralChange();
      await this.refreshImports();
    } catch (error) {
      // The transaction aborted: nothing was written. Say so and stay on the preview, the choices
      // as they were, with «Riprova» (never the raw error). The worker keeps its analysis.
      console.error(error);
      this.importStatus = 'review';
      this.applyProgress = null;
      const quota = repo.isQuotaError(error);
      const internal = { cause: String(error) };
      this.writeFailure = { quota, problem: quota ? problem('import.quota', {}, internal) : problem('import.write-failed', {}, internal) };
    }
  }

  /** "Ripeti l'importazione": brings back an import undone earlier (undoes its undo). */
  async redoImport(batchId: string): Promise<void> {
    await this.app.changes.redoBatch(batchId);
    await this.refreshImports();
  }

  /** Ticks or unticks a damaged change or row (applied only when ticked). */
  toggleDamaged(id: string, accept: boolean): void {
    this.acceptDamaged = accept ? [...this.acceptDamaged.filter((x) => x !== id), id] : this.acceptDamaged.filter((x) => x !== id);
  }

  async undoImport(batchId: string): Promise<void> {
    await this.app.changes.undoBatch(batchId);
    await this.refreshImports();
    if (batchId === this.lastImportBatch) this.lastImportBatch = null;
  }
}

/** Whether a file's "Ultima modifica" can be believed, judged against this device's clock (a component's question). */
export function judgeFileTime(at: IsoTime): 'ok' | 'future' | 'absurd' {
  return judgeAgainst(at, clock().now());
}
