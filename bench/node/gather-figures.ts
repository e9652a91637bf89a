// B14 (issue 23): 30 colleagues' files of 2,000 rows each, analysed together (each file merged alone, then gathered)
// against the same files analysed one by one as single imports; and what the page receives (the view the worker
// posts), cloned as a message is: the one main-thread cost of the gathering.
import { hashText } from '../../src/lib/model/plan.ts';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { GatherSession } from '../../src/lib/exchange/gather-session.ts';
import { ImportSession } from '../../src/lib/exchange/import-session.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { makePlanDocument, seededRandom } from '../lib/fixtures.ts';
import { sample } from '../lib/measure.ts';
import { formatCount, formatRatio, formatStats, type FigureRow } from '../lib/report.ts';

const FILES = 30;
const ROWS = 2_000;
/** Cells each colleague changes; a quarter of them are cells another colleague changes too. */
const EDITS_PER_FILE = 40;
/** The page's share of the gathering must fit in one task under this (issue 23). */
const B14_MAX_MAIN_MS = 50;

const settle = (): void => (globalThis as { gc?: () => void }).gc?.();

function colleagueFiles(doc: PlanDocument): { bytes: Uint8Array; fileName: string }[] {
  const random = seededRandom(23);
  const encoder = new TextEncoder();
  const columns = doc.columns.slice(1);
  const shared = Array.from({ length: EDITS_PER_FILE }, () => ({ row: Math.floor(random() * ROWS), column: Math.floor(random() * columns.length) }));
  return Array.from({ length: FILES }, (_, f) => {
    const theirs = structuredClone(doc);
    for (let e = 0; e < EDITS_PER_FILE; e++) {
      const at = e % 4 === 0 ? shared[e]! : { row: Math.floor(random() * ROWS), column: Math.floor(random() * columns.length) };
      const row = theirs.rows[at.row]!;
      const column = columns[at.column]!;
      row.cells[column.id] = { text: `${row.cells[column.id]?.text ?? ''} — modifica del collega ${f + 1}`, changedAt: '2026-11-20T09:00:00.000Z', changedBy: `Collega ${f + 1}` };
    }
    return { bytes: encoder.encode(serializePlanCsv(theirs, { kind: 'area', areaId: doc.areas[0]!.id }, { delimiter: ';', offsetAt: () => 60 })), fileName: `collega-${f + 1}.csv` };
  });
}

export async function runGatherFigures(options: { runs: number; warmups: number; log: (line: string) => void }): Promise<FigureRow[]> {
  const doc = makePlanDocument({ rows: ROWS, variant: 'one-byte' });
  // As exchanged before: every cell's text is its merge base.
  for (const row of doc.rows) row.base = Object.fromEntries(Object.entries(row.cells).map(([id, cell]) => [id, hashText(cell.text)]));
  const files = colleagueFiles(doc);
  const bytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
  options.log(`B14: ${FILES} files, ${(bytes / 1e6).toFixed(0)} MB`);
  const request = { databaseName: 'bench', planId: doc.plan.id, areaId: doc.areas[0]!.id, files };
  let view: ReturnType<GatherSession['analyzeDoc']> | null = null;
  const runs = Math.max(3, Math.min(options.runs, 5));
  const together = await sample(() => {
    view = new GatherSession().analyzeDoc(request, doc);
  }, { runs, warmups: 1, settle });
  const oneByOne = await sample(() => {
    for (const file of files) new ImportSession().analyzeDoc({ bytes: file.bytes, fileName: file.fileName, areaId: doc.areas[0]!.id }, doc);
  }, { runs, warmups: 1, settle });
  const received = await sample(() => structuredClone(view), { runs: 15, warmups: 2, settle });
  const shown = view as ReturnType<GatherSession['analyzeDoc']> | null;
  const caseName = `${FILES} files × ${formatCount(ROWS)} rows · ${(bytes / 1e6).toFixed(0)} MB`;
  return [
    {
      id: 'B14',
      figure: 'gather: 30 files analysed together (worker) vs one by one',
      case: caseName,
      quadro: formatStats(together),
      baseline: formatStats(oneByOne),
      ratio: formatRatio(together.median / oneByOne.median),
      target: '—',
      pass: null,
      note: `${shown?.conflictCount ?? 0} conflicts, ${shown?.plainCount ?? 0} cells by themselves; baseline: 30 single-file analyses`,
      data: { together, oneByOne },
    },
    {
      id: 'B14m',
      figure: 'gather: the view the page receives (structured clone)',
      case: caseName,
      quadro: formatStats(received),
      baseline: '—',
      ratio: '—',
      target: `< ${B14_MAX_MAIN_MS} ms`,
      pass: received.max < B14_MAX_MAIN_MS,
      note: `${formatCount(JSON.stringify(shown).length)} chars of JSON`,
      data: received,
    },
  ];
}
