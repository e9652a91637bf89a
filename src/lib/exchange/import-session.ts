// One import, from analysis to the committed write, kept where it runs (the import worker): the main
// thread gets a preview trimmed for display and, at the end, the batch id — never 20 MB of rows.
import type { CsvMatch, ImportDecisions, ImportPreview, ImportChangeSet, ColumnTarget } from '../csv/index.ts';
import { buildImportPreview, rematchColumn, resolveImport } from '../csv/index.ts';
import * as repo from '../db/repository.ts';
import type { PlanDocument } from '../model/types.ts';
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
  private fileName = '';
  private match: CsvMatch | null = null;
  private preview: ImportPreview | null = null;
  private last: AnalyzeResult | null = null;

  analyze(request: AnalyzeRequest): ImportView {
    this.doc = request.doc;
    this.fileName = request.fileName;
    const result = analyzeImport(request);
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

  /** Resolves the choices and writes the import in one transaction, from wherever this runs. */
  async apply(request: ApplyRequest): Promise<ApplyResult> {
    if (!this.preview) throw new Error('Nothing to apply: no file analysed');
    const changes = resolveImport(this.preview, request.decisions, {
      now: request.now,
      importer: request.importer,
      fileName: this.fileName,
    });
    const db = repo.openDatabase(request.databaseName);
    try {
      const { batchId } = await repo.applyImport(db, request.planId, changes, { by: request.importer, fileName: this.fileName });
      return { batchId, summary: changes.summary };
    } finally {
      db.close();
    }
  }
}
