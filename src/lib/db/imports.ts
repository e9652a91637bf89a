// Imports and exports of CSV: the one-transaction write of a merged import, its history, the merge bases an export sets.
import type { Area, Column, ImportSummary, IsoTime, PlanDocument, Row } from '../model/types.ts';
import { noteHash } from '../model/notes.ts';
import { batchesInEffect } from '../model/history.ts';
import { hashText } from '../model/plan.ts';
import { write, type WriteResult } from './transaction.ts';
import { listBatches, loadPlanDocument } from './reads.ts';
import { createQuadroDatabase, type QuadroDatabase } from './schema.ts';

/** What an import writes: computed by the pure CSV merge, applied here all or nothing. */
export interface ImportWrite {
  newAreas: Area[];
  newColumns: Column[];
  rowsToPut: Row[];
  rowIdsToDelete: string[];
}

/**
 * The import worker's own connection, without Dexie's observability middleware. That middleware
 * announces every committed write to every other context (for liveQuery, which Quadro does not use)
 * with a BroadcastChannel message listing the keys written: after an import, a tree of every new
 * row's id (the change log's `addedKeys` index) that the page would deserialise and walk on its main
 * thread. The page learns of the import from the apply's reply instead.
 */
export function openImportDatabase(name: string): QuadroDatabase {
  const db = createQuadroDatabase(name);
  db.unuse({ stack: 'dbcore', name: 'Observability' });
  return db;
}

/**
 * The plan as an import or gather session reads it, from a connection of its own (in the worker: its own
 * Dexie), closed once read.
 */
export async function readPlanForImport(databaseName: string, planId: string): Promise<PlanDocument> {
  const db = openImportDatabase(databaseName);
  try {
    const doc = await loadPlanDocument(db, planId);
    if (!doc) throw new Error(`Plan ${planId} not found`);
    return doc;
  } finally {
    db.close();
  }
}

/** The plan changed between the preview and the apply: nothing was written; analyse again. */
export class ImportStaleError extends Error {
  constructor(readonly rowIds: string[]) {
    super(`${rowIds.length} row(s) changed since the preview`);
    this.name = 'ImportStaleError';
  }
}

/** Two versions of a row hold the same text in the same cells, in the same area. */
function sameContent(a: Row | undefined, b: Row | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.areaId !== b.areaId) return false;
  const keys = Object.keys(a.cells);
  if (keys.length !== Object.keys(b.cells).length) return false;
  return keys.every((columnId) => b.cells[columnId]?.text === a.cells[columnId]?.text);
}

/**
 * Applies a merged import in one transaction, logged as one batch (origin "import", the file name
 * as note). `previewed` are the rows as the preview saw them: the rows it writes or deletes are read
 * again inside the transaction, and if any of them, or an area or column they need, changed since,
 * nothing is written and an ImportStaleError says which. A row `previewed` does not hold is a new
 * row whose id the merge has just minted (a random UUID): no one else can have written it, so it is
 * not read — on a large file those are nearly all the rows, and each read is a request.
 */
export async function applyImport(
  db: QuadroDatabase,
  planId: string,
  changes: ImportWrite,
  author: { by: string; fileName: string },
  previewed?: ReadonlyMap<string, Row>,
  onProgress?: (progress: { written: number; total: number }) => void,
): Promise<WriteResult<void>> {
  const total = changes.rowsToPut.length + changes.rowIdsToDelete.length;
  return write(db, planId, { by: author.by, origin: 'import', note: author.fileName }, async (recorder) => {
    if (!(await db.plans.get(planId))) throw new Error(`Plan ${planId} not found`);
    // The stale check reads every row the import puts; the recorder takes them as its "before".
    const current = previewed ? await requireUnchangedSincePreview(db, planId, changes, previewed) : undefined;
    await recorder.putMany('areas', changes.newAreas);
    await recorder.putMany('columns', changes.newColumns);
    await recorder.putMany('rows', changes.rowsToPut, {
      ...(current ? { known: current } : {}),
      ...(onProgress ? { onSlice: (written: number) => onProgress({ written, total }) } : {}),
    });
    await recorder.deleteMany('rows', changes.rowIdsToDelete);
    if (changes.rowIdsToDelete.length > 0) onProgress?.({ written: total, total });
  });
}

/** The rows the import puts, as they are now (undefined: new), once none changed since the preview. */
export async function requireUnchangedSincePreview(
  db: QuadroDatabase,
  planId: string,
  changes: ImportWrite,
  previewed: ReadonlyMap<string, Row>,
): Promise<(Row | undefined)[]> {
  const ids = [...changes.rowsToPut.map((row) => row.id).filter((id) => previewed.has(id)), ...changes.rowIdsToDelete];
  const read = await db.rows.bulkGet(ids);
  const stale = ids.filter((id, i) => !sameContent(read[i], previewed.get(id)));
  const [areas, columns] = await Promise.all([db.areas.where('planId').equals(planId).primaryKeys(), db.columns.where('planId').equals(planId).toArray()]);
  const areaIds = new Set([...areas, ...changes.newAreas.map((area) => area.id)]);
  const columnArea = new Map([...columns, ...changes.newColumns].map((column) => [column.id, column.areaId]));
  for (const row of changes.rowsToPut) {
    const lostParent = !areaIds.has(row.areaId) || Object.keys(row.cells).some((columnId) => columnArea.get(columnId) !== row.areaId);
    if (lostParent && !stale.includes(row.id)) stale.push(row.id);
  }
  if (stale.length > 0) throw new ImportStaleError(stale);
  const byId = new Map(ids.map((id, i) => [id, read[i]]));
  return changes.rowsToPut.map((row) => byId.get(row.id));
}

export interface ImportRecord {
  batchId: string;
  fileName: string;
  at: IsoTime;
  by: string;
  /** Whether the import's changes are in place (false after "Annulla l'importazione", true again after "Ripeti"). */
  inEffect: boolean;
  /** Issue 23: for a colleague's file of a gathering, what it did. */
  summary?: ImportSummary;
}

/** The import batches of a plan, newest first, each saying whether it is in effect. */
export async function listImports(db: QuadroDatabase, planId: string): Promise<ImportRecord[]> {
  const batches = await listBatches(db, planId);
  const inEffect = batchesInEffect(batches);
  return batches
    .filter((batch) => batch.origin === 'import')
    .reverse()
    .map((batch) => ({
      batchId: batch.batchId,
      fileName: batch.note ?? '',
      at: batch.at,
      by: batch.by,
      inEffect: inEffect(batch.batchId),
      ...(batch.importSummary ? { summary: batch.importSummary } : {}),
    }));
}

/**
 * Reads a plan for a CSV export and, in the same transaction, records the exported text as the
 * merge base of every exported cell that was never exchanged (a new row or column made here). When
 * the colleague sends that row back, only what they changed then differs from the base and merges
 * by itself, instead of every such cell coming back as a conflict. Cells that have a base keep it:
 * the base is what the other side last had, and an export does not tell us they read it.
 */
export async function recordExportBases(
  db: QuadroDatabase,
  planId: string,
  areaIds: string[] | null,
  /**
   * The export's time, for "Ultima esportazione": noted in the same transaction with the log's last
   * position, read before the data (what "changed since the last export" is measured from).
   */
  exportedAt: IsoTime | null = null,
): Promise<PlanDocument | undefined> {
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows, db.changeLog, db.settings], async () => {
    const position = exportedAt === null ? 0 : (((await db.changeLog.orderBy('seq').lastKey()) as number | undefined) ?? 0);
    const doc = await loadPlanDocument(db, planId);
    if (!doc) return undefined;
    if (exportedAt !== null) {
      await db.settings.put({ key: 'lastExportAt', value: exportedAt });
      await db.settings.put({ key: 'lastExportSeq', value: position });
    }
    const exported = areaIds ? new Set(areaIds) : null;
    const rebased: Row[] = [];
    doc.rows = doc.rows.map((row) => {
      if (exported && !exported.has(row.areaId)) return row;
      const missing = Object.entries(row.cells).filter(([columnId]) => row.base?.[columnId] === undefined);
      // Notes never exchanged take their content now as base too (issue 23), so a colleague's later edit merges by itself.
      const notesMissing = Object.values(row.notes ?? {}).flat().filter((note) => row.noteBase?.[note.id] === undefined);
      if (missing.length === 0 && notesMissing.length === 0) return row;
      const base = { ...row.base };
      for (const [columnId, cell] of missing) base[columnId] = hashText(cell.text);
      const next: Row = { ...row, base };
      if (notesMissing.length > 0) {
        const noteBase = { ...row.noteBase };
        for (const note of notesMissing) noteBase[note.id] = noteHash(note);
        next.noteBase = noteBase;
      }
      rebased.push(next);
      return next;
    });
    // Merge metadata, not content: no change-log entry, nothing to undo.
    if (rebased.length > 0) await db.rows.bulkPut(rebased);
    return doc;
  });
}
