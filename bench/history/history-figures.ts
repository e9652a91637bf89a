// H1: the history of one cell read from a change log of 50,000 entries (Node, fake-indexeddb), against a scan of the plan's log.
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import * as repo from '../../src/lib/db/repository.ts';
import { buildCellHistory } from '../../src/lib/model/cell-history.ts';
import type { ChangeLogEntry, PlanDocument, Row } from '../../src/lib/model/types.ts';
import { sample } from '../lib/measure.ts';
import { formatCount, formatStats, type FigureRow } from '../lib/report.ts';

const LOG_ENTRIES = 50_000;
/** What a person waits for when they tap "Cronologia della cella". */
const H1_TARGET_MS = 100;

/** A change log as months of use leave it: cell edits spread over every row of the 2012 plan, each with its row before. */
function syntheticLog(doc: PlanDocument): ChangeLogEntry[] {
  const entries: ChangeLogEntry[] = [];
  const rows = doc.rows;
  for (let i = 0; i < LOG_ENTRIES; i++) {
    const row = rows[i % rows.length] as Row;
    const columnId = Object.keys(row.cells)[i % Math.max(1, Object.keys(row.cells).length)] ?? '';
    const cell = { text: `testo ${i - 1}`, changedAt: '2026-01-01T00:00:00.000Z', changedBy: 'Anna' };
    entries.push({
      batchId: `batch-${i}`,
      planId: doc.plan.id,
      table: 'rows',
      key: row.id,
      // The row as it was before this edit: each edit changed one of its cells.
      before: { ...row, cells: { ...row.cells, [columnId]: cell } },
      op: 'put',
      columnId,
      oldText: `testo ${i - 1}`,
      newText: `testo ${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      by: i % 2 === 0 ? 'Anna' : 'Bruno',
      origin: 'edit',
    });
  }
  return entries;
}

export async function runHistoryFigures(options: { runs: number; warmups: number; log: (line: string) => void }): Promise<FigureRow[]> {
  const doc = JSON.parse(await readFile(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
  const db = repo.openDatabase(`bench-history-${Date.now()}`);
  await repo.seedDefaultPlanOnce(db, async () => doc);
  options.log(`H1: writing ${formatCount(LOG_ENTRIES)} change-log entries`);
  const log = syntheticLog(doc);
  for (let start = 0; start < log.length; start += 5_000) await db.changeLog.bulkAdd(log.slice(start, start + 5_000));
  const row = doc.rows[3] as Row;
  const columnId = Object.keys(row.cells)[1] ?? '';
  const current = row.cells[columnId]?.text ?? '';

  let steps = 0;
  const indexed = await sample(async () => {
    steps = buildCellHistory(await repo.listRowChanges(db, row.id), row.id, columnId, current).length;
  }, { runs: Math.max(options.runs, 15), warmups: options.warmups });
  // What it would cost without the log's index by record: read the plan's whole log and filter.
  const scan = await sample(async () => {
    const all = await db.changeLog.where('planId').equals(doc.plan.id).toArray();
    buildCellHistory(all, row.id, columnId, current);
  }, { runs: 5, warmups: 1 });
  db.close();
  await indexedDB.deleteDatabase(db.name);
  return [
    {
      id: 'H1',
      figure: 'history of one cell (change log indexed by record)',
      case: `${formatCount(LOG_ENTRIES)} log entries · ${doc.rows.length} rows · Node + fake-indexeddb`,
      quadro: formatStats(indexed),
      baseline: formatStats(scan),
      ratio: `${(indexed.median / scan.median).toFixed(2)}×`,
      target: `< ${H1_TARGET_MS} ms`,
      pass: indexed.median < H1_TARGET_MS,
      note: `${steps} steps; baseline: scan of the plan's whole log`,
      data: indexed,
    },
  ];
}
