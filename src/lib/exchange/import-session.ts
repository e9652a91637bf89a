// One import, from analysis to the committed write, kept where it runs (the import worker; tests drive
// it directly): the main thread gets a preview trimmed for display, progress, and at the end the batch
// id — never 20 MB of rows.
import type { CsvMatch, ImportDecisions, ImportPreview, ImportChangeSet, ColumnTarget } from '../csv/index.ts';
import { buildImportPreview, rematchColumn, resolveImport } from '../csv/index.ts';
import * as repo from '../db/repository.ts';
import type { PlanDocument, Row } from '../model/types.ts';
import { analyzeImport, type AnalyzeRequest, type AnalyzeResult } from './analyze-import.ts';

/** How many rows of each list the preview shows; the counts always cover all of them. */
export const PREVIEW_LIST_LIMIT = 200;

export interface AreaTotals {
  added: number;
  changed: number;
  missing: number;
}

/** What the dialog shows: the analysis with lists trimmed, and the full counts per area. */
export interface ImportView extends AnalyzeResult {
  totals: Record<string, AreaTotals>;
}

/** What the page sends: the bytes and where they go. The session reads the plan itself from IndexedDB. */
export type SessionAnalyzeRequest = Omit<AnalyzeRequest, 'doc'> & { databaseName: string; planId: string };

export interface ApplyRequest {
  databaseName: string;
  planId: string;
  decisions: ImportDecisions;
  now: string;
  importer: string;
}

export interface ApplyResult {
  batchId: string | null;
  summary: ImportChangeSet['summary'];
  /**
   * Set when the plan changed after the preview (another tab, an edit): nothing was written, and
   * this is the preview made again on the plan as it is now, for the user to review.
   */
  refreshed?: ImportView;
}

/** How far the one transaction of an apply has got: rows written (or deleted) of all it writes. */
export interface ApplyProgress {
  written: number;
  total: number;
}

export type RematchTarget = ColumnTarget | { kind: 'new'; title: string } | { kind: 'ignore' };

function viewOf(result: AnalyzeResult): ImportView {
  const totals: Record<string, AreaTotals> = {};
  const preview = result.preview;
  if (!preview) return { ...result, totals };
  const areas = preview.areas.map((area) => {
    totals[area.areaId] = { added: area.rowsAdded.length, changed: area.rowsChanged.length, missing: area.rowsMissing.length };
    return {
      ...area,
      rowsAdded: area.rowsAdded.slice(0, PREVIEW_LIST_LIMIT),
      rowsChanged: area.rowsChanged.slice(0, PREVIEW_LIST_LIMIT),
      rowsMissing: area.rowsMissing.slice(0, PREVIEW_LIST_LIMIT),
      // Only the write needs these: base moves without visible change.
      rowsRebased: [],
    };
  });
  const matchView: CsvMatch | null = result.match
    ? {
        // The dialog needs the columns and the counts of row matches, not every record again.
        parsed: { ...result.match.parsed, records: [], rowNumbers: [] },
        areas: result.match.areas.map((area) => ({ ...area, localRows: [] })),
      }
    : null;
  return { ...result, match: matchView, preview: { ...preview, areas }, totals };
}

export class ImportSession {
  private doc: PlanDocument | null = null;
  private request: SessionAnalyzeRequest | null = null;
  private fileName = '';
  private match: CsvMatch | null = null;
  private preview: ImportPreview | null = null;
  private last: AnalyzeResult | null = null;

  async analyze(request: SessionAnalyzeRequest): Promise<ImportView> {
    return this.analyzeDoc(request, await repo.readPlanForImport(request.databaseName, request.planId));
  }

  /** Analyses against a plan the caller already holds (tests, and the session itself). */
  analyzeDoc(request: Omit<AnalyzeRequest, 'doc'> & Partial<SessionAnalyzeRequest>, doc: PlanDocument): ImportView {
    this.doc = doc;
    this.request = 'databaseName' in request && request.databaseName !== undefined && request.planId !== undefined ? (request as SessionAnalyzeRequest) : null;
    this.fileName = request.fileName;
    const result = analyzeImport({ ...request, doc });
    this.match = result.match;
    this.preview = result.preview;
    this.last = result;
    return viewOf(result);
  }

  /** The user sends a file column elsewhere (another plan column, a new column, nowhere). */
  rematch(areaId: string, fileColumn: number, target: RematchTarget): ImportView {
    if (!this.match || !this.doc || !this.last) throw new Error('Nothing to rematch: no file analysed');
    this.match = rematchColumn(this.match, areaId, fileColumn, target);
    const encoding = this.last.encoding;
    this.preview = buildImportPreview(this.match, this.doc, { fileName: this.fileName, ...(encoding ? { encoding } : {}) });
    this.last = { ...this.last, match: this.match, preview: this.preview };
    return viewOf(this.last);
  }

  /** Resolves the choices and writes the import in one transaction, telling `onProgress` after each slice of rows. */
  async apply(request: ApplyRequest, onProgress?: (progress: ApplyProgress) => void): Promise<ApplyResult> {
    if (!this.preview) throw new Error('Nothing to apply: no file analysed');
    const changes = resolveImport(this.preview, request.decisions, {
      now: request.now,
      importer: request.importer,
      fileName: this.fileName,
    });
    const previewed = new Map<string, Row>((this.doc?.rows ?? []).map((row) => [row.id, row]));
    const db = repo.openImportDatabase(request.databaseName);
    try {
      const { batchId } = await repo.applyImport(db, request.planId, changes, { by: request.importer, fileName: this.fileName }, previewed, onProgress);
      return { batchId, summary: changes.summary };
    } catch (error) {
      if (!(error instanceof repo.ImportStaleError) || !this.request) throw error;
      // Someone wrote in the plan after the preview: show the file against the plan as it is now.
      // Cells changed on both sides come back as conflicts for the user to decide.
      const refreshed = await this.analyze(this.request);
      return { batchId: null, summary: changes.summary, refreshed };
    } finally {
      db.close();
    }
  }
}
