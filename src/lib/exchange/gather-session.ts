// A gathering of several colleagues' files (issue 23), kept where it runs (the gather worker; tests drive
// it directly): each file analysed alone against the same plan, then combined; the main thread gets a
// preview trimmed for display and progress, and at the end one batch id per file.
import { gatherImports, isGatherConflict, resolveGather, type GatherCell, type GatherDecisions, type GatherFileSummary, type GatherPreview } from '../csv/index.ts';
import type { QuadroProblem } from '../model/errors.ts';
import * as repo from '../db/repository.ts';
// Not through the repository: that is on the first screen, and only the gather worker writes a gathering.
import { applyGather } from '../db/gather.ts';
import type { PlanDocument, Row } from '../model/types.ts';
import { analyzeImport } from './analyze-import.ts';

/** Conflicts the dialog lists, and cells that simply come in (the counts always cover all of them). */
export const GATHER_CONFLICT_LIMIT = 500;
export const GATHER_CELL_LIMIT = 100;

export interface GatherFileIn {
  bytes: Uint8Array;
  fileName: string;
}

export interface GatherAnalyzeRequest {
  databaseName: string;
  planId: string;
  /** The area on screen: where rows go when a file has no Area column. */
  areaId?: string;
  files: GatherFileIn[];
}

/** One file as read: refused (its problems) or taken, with what it says. */
export interface GatherFileReport {
  fileName: string;
  format: 'csv' | 'xlsx';
  problems: QuadroProblem[];
  warnings: QuadroProblem[];
  /** Index in the gathering's files (null: refused, not part of it). */
  index: number | null;
}

export interface GatherView {
  reports: GatherFileReport[];
  /** The gathering, with its cell list trimmed: every conflict up to the limit, a few plain changes. */
  preview: Omit<GatherPreview, 'rows' | 'rowsAdded'> | null;
  conflictCount: number;
  plainCount: number;
}

export interface GatherApplyRequest {
  databaseName: string;
  planId: string;
  decisions: GatherDecisions;
  now: string;
  importer: string;
}

export interface GatherApplyResult {
  /** One per file of the gathering, in its order (null: the file changed nothing). */
  batchIds: (string | null)[];
  summaries: GatherFileSummary[];
  /** The plan changed after the preview: nothing was written; this is the gathering made again on the plan as it is now. */
  refreshed?: GatherView;
}

export interface GatherProgress {
  /** 'analyse': files read of all; 'write': rows written of all. */
  phase: 'analyse' | 'write';
  done: number;
  total: number;
}

function viewOf(reports: GatherFileReport[], preview: GatherPreview | null): GatherView {
  if (!preview) return { reports, preview: null, conflictCount: 0, plainCount: 0 };
  const conflicts: GatherCell[] = [];
  const plain: GatherCell[] = [];
  for (const cell of preview.cells) (isGatherConflict(cell) ? conflicts : plain).push(cell);
  const { rows: _rows, rowsAdded: _added, ...rest } = preview;
  return {
    reports,
    preview: { ...rest, cells: [...conflicts.slice(0, GATHER_CONFLICT_LIMIT), ...plain.slice(0, GATHER_CELL_LIMIT)] },
    conflictCount: conflicts.length,
    plainCount: plain.length,
  };
}

export class GatherSession {
  private request: GatherAnalyzeRequest | null = null;
  private doc: PlanDocument | null = null;
  private preview: GatherPreview | null = null;
  private taken: string[] = [];

  async analyze(request: GatherAnalyzeRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherView> {
    return this.analyzeDoc(request, await repo.readPlanForImport(request.databaseName, request.planId), onProgress);
  }

  /** Analyses against a plan the caller already holds (tests, and the session itself). */
  analyzeDoc(request: GatherAnalyzeRequest, doc: PlanDocument, onProgress?: (progress: GatherProgress) => void): GatherView {
    this.request = request;
    this.doc = doc;
    const reports: GatherFileReport[] = [];
    const inputs: { fileName: string; preview: NonNullable<ReturnType<typeof analyzeImport>['preview']> }[] = [];
    request.files.forEach((file, i) => {
      const result = analyzeImport({ bytes: file.bytes, fileName: file.fileName, doc, ...(request.areaId ? { areaId: request.areaId } : {}) });
      const taken = result.problems.length === 0 && result.preview !== null;
      reports.push({ fileName: file.fileName, format: result.format, problems: result.problems, warnings: result.warnings, index: taken ? inputs.length : null });
      if (taken) inputs.push({ fileName: file.fileName, preview: result.preview! });
      onProgress?.({ phase: 'analyse', done: i + 1, total: request.files.length });
    });
    this.taken = inputs.map((input) => input.fileName);
    this.preview = inputs.length > 0 ? gatherImports(doc, inputs) : null;
    return viewOf(reports, this.preview);
  }

  /** Resolves the decisions and writes one batch per file in one transaction. */
  async apply(request: GatherApplyRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherApplyResult> {
    if (!this.preview || !this.doc) throw new Error('Nothing to apply: no files analysed');
    const changes = resolveGather(this.preview, request.decisions, { now: request.now, importer: request.importer });
    const previewed = new Map<string, Row>(this.doc.rows.map((row) => [row.id, row]));
    const db = repo.openImportDatabase(request.databaseName);
    const summaries = changes.files.map((file) => file.summary);
    try {
      const batchIds = await applyGather(
        db,
        request.planId,
        changes.files.map((file) => {
          const { file: _index, fileName: _name, ...summary } = file.summary;
          return { fileName: this.taken[file.file] ?? file.fileName, rowsToPut: file.rowsToPut, summary };
        }),
        request.importer,
        previewed,
        (progress) => onProgress?.({ phase: 'write', done: progress.written, total: progress.total }),
      );
      return { batchIds, summaries };
    } catch (error) {
      if (!(error instanceof repo.ImportStaleError) || !this.request) throw error;
      // Someone wrote in the plan after the preview: nothing was written; the files against the plan as it is now.
      const refreshed = await this.analyze(this.request, onProgress);
      return { batchIds: [], summaries, refreshed };
    } finally {
      db.close();
    }
  }
}
