// The write of a gathering of colleagues' files (issue 23): one batch per file, all in one transaction.
import type { ImportSummary, Row } from '../model/types.ts';
import { requireUnchangedSincePreview } from './imports.ts';
import { writeBatches } from './transaction.ts';
import type { QuadroDatabase } from './schema.ts';

export interface GatherFileRows {
  fileName: string;
  rowsToPut: Row[];
  /** What the file did, kept on its batch for the import history. */
  summary?: ImportSummary;
}

/**
 * Writes each file's rows as its own batch (origin "import", the file name as note), in the order
 * given, all in one transaction: a failure leaves nothing. The rows the files write are read again
 * first; if any changed since the preview (`previewed`), nothing is written and an ImportStaleError
 * says which. Returns each file's batch id (null for a file that changed nothing).
 */
export async function applyGather(
  db: QuadroDatabase,
  planId: string,
  files: readonly GatherFileRows[],
  importer: string,
  previewed: ReadonlyMap<string, Row>,
  onProgress?: (progress: { written: number; total: number }) => void,
): Promise<(string | null)[]> {
  const total = files.reduce((sum, file) => sum + file.rowsToPut.length, 0);
  const latest = new Map<string, Row>();
  for (const file of files) for (const row of file.rowsToPut) latest.set(row.id, row);
  const authors = files.map((file) => ({ by: importer, origin: 'import' as const, note: file.fileName }));
  const { batchIds } = await writeBatches(db, planId, authors, async (recorders) => {
    if (!(await db.plans.get(planId))) throw new Error(`Plan ${planId} not found`);
    await requireUnchangedSincePreview(db, planId, { newAreas: [], newColumns: [], rowsToPut: [...latest.values()], rowIdsToDelete: [] }, previewed);
    let done = 0;
    for (let i = 0; i < files.length; i++) {
      const file = files[i] as GatherFileRows;
      const before = done;
      // Each file's records are read again as "before": a row an earlier file wrote reads as that file left it.
      await (recorders[i] as (typeof recorders)[number]).putMany('rows', file.rowsToPut, { onSlice: (written) => onProgress?.({ written: before + written, total }) });
      done += file.rowsToPut.length;
      const first = (recorders[i] as (typeof recorders)[number]).entries[0];
      if (first && file.summary) first.importSummary = file.summary;
    }
  });
  return batchIds;
}
