// Live, with the real LibreOffice (Debian's libreoffice-calc-nogui, driven by scripts/libreoffice-edit-cell.py):
// Quadro's .xlsx opened, one cell edited, saved as .xlsx or as CSV, imports as exactly that cell; and LibreOffice
// reads the frozen titles, the widths and the wrapped text Quadro wrote.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport, type AnalyzeResult } from '../../src/lib/exchange/analyze-import.ts';
import { cellText, columnsOfArea, rowsOfArea } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { buildPlanWorkbook, planSheets, type XlsxScope } from '../../src/lib/xlsx/plan-workbook.ts';
import { columnLetter } from '../../src/lib/csv/format.ts';

const PYTHON = process.env.QUADRO_PYTHON ?? '/usr/bin/python3';
const SCRIPT = new URL('../../scripts/libreoffice-edit-cell.py', import.meta.url).pathname;
const offsetAt = (): number => 60;

/**
 * Texts a spreadsheet is tempted to change: formula starts, a guard-like apostrophe, numbers and dates typed
 * as text, a control character, spaces, empty lines. (Not CR: LibreOffice's CSV writes a cell's CRLF as LF,
 * a difference the CSV import's line-break normalisation, issue 19 point 1, takes for no change.)
 */
const AWKWARD = [
  '=SOMMA(1;2)', '-3 posti', "'citazione", "'=non una formula", '@mario',
  '+39 06 1234', '✓ 😀 “virgolette”', '  spazi ai lati  ', 'riga 1\nriga 2\n\n• punto', '2012',
  '30/06/2012', '1250,5', '_x0041_ letterale', 'a\tb', 'controllo \u0001 qui',
  'righe\n\n\nvuote', 'TRUE', '1E5', '0012', 'accento e\u0301 scomposto',
];

interface Seen {
  frozen: boolean;
  splitColumn: number;
  splitRow: number;
  widthsMm: number[];
  wrapped: boolean;
}

let work = '';
let doc: PlanDocument;

beforeAll(async () => {
  if (!existsSync('/usr/bin/soffice') || !existsSync(PYTHON)) {
    throw new Error('LibreOffice is missing: run `npm test` (its pretest installs it as root) or `apt-get install -y libreoffice-calc-nogui python3-uno`');
  }
  work = mkdtempSync(join(tmpdir(), 'quadro-xlsx-lo-'));
  doc = await loadDefaultPlan();
  // AREA IMMIGRAZIONE gets four rows of awkward texts beside the 2012 text.
  const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
  const columns = columnsOfArea(doc, area.id);
  for (let r = 0; r < 4; r++) {
    doc.rows.push({
      id: `00000000-0000-4000-8000-00000000000${r}`,
      areaId: area.id,
      planId: doc.plan.id,
      order: 100 + r,
      cells: Object.fromEntries(columns.map((column, c) => [column.id, { text: AWKWARD[r * 5 + c]!, changedAt: '2026-11-20T09:00:00.000Z', changedBy: 'Mario Rossi' }])),
    });
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Job {
  scope: XlsxScope;
  sheet: number;
  /** The area and row whose cell LibreOffice edits, and the column's title. */
  areaTitle: string;
  rowIndex: number;
  column: string;
  format: 'xlsx' | 'csv';
}

/** Where a plan cell is in the exported sheet: its A1 reference. */
function cellReference(job: Job): { reference: string; rowId: string; before: string } {
  const area = doc.areas.find((a) => a.title === job.areaTitle)!;
  const row = rowsOfArea(doc, area.id)[job.rowIndex]!;
  const column = columnsOfArea(doc, area.id).find((c) => c.title === job.column)!;
  const sheet = planSheets(doc, job.scope, { offsetAt })[job.sheet - 1]!;
  const r = sheet.rows.findIndex((fields) => fields.includes(row.id));
  const c = sheet.header.indexOf(job.column);
  return { reference: `${columnLetter(c)}${r + 2}`, rowId: row.id, before: cellText(row, column.id) };
}

function onlyChange(result: AnalyzeResult): { rowId: string; column: string; before: string; after: string } {
  const changes = (result.preview?.areas ?? []).flatMap((area) => area.rowsChanged.flatMap((row) => row.changes.map((change) => ({ rowId: row.rowId, column: change.columnTitle, before: change.before, after: change.after }))));
  const others = (result.preview?.areas ?? []).map((area) => [area.rowsAdded.length, area.rowsMissing.length, area.conflicts.length]);
  expect(others.flat().filter((n) => n !== 0)).toEqual([]);
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

describe('LibreOffice round trip (live)', () => {
  it('an export edited in one cell by LibreOffice and saved as .xlsx or as CSV imports as exactly that cell; LibreOffice reads the frozen titles, the widths and the wrapping', { timeout: 240_000 }, () => {
    const immigrazione = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
    const inclusione = doc.areas.find((a) => a.title === 'AREA INCLUSIONE SOCIALE E LAVORATIVA')!;
    const jobs: Job[] = [
      { scope: { kind: 'area', areaId: immigrazione.id }, sheet: 1, areaTitle: immigrazione.title, rowIndex: 1, column: 'Risultati previsti al 2011', format: 'xlsx' },
      { scope: { kind: 'area', areaId: immigrazione.id }, sheet: 1, areaTitle: immigrazione.title, rowIndex: 2, column: 'Risultati al 2011', format: 'csv' },
      { scope: { kind: 'each-area' }, sheet: 2, areaTitle: inclusione.title, rowIndex: 3, column: 'Risultati previsti al 2012', format: 'xlsx' },
      { scope: { kind: 'plan' }, sheet: 1, areaTitle: immigrazione.title, rowIndex: 0, column: 'AMBITO', format: 'xlsx' },
    ];
    const prepared = jobs.map((job, i) => {
      const input = join(work, `export-${i}.xlsx`);
      writeFileSync(input, buildPlanWorkbook(doc, job.scope, { offsetAt }).bytes);
      const place = cellReference(job);
      const after = `Modificato in LibreOffice (${i}): «${place.before.slice(0, 20)}» e una riga\nin più`;
      return { job, input, output: join(work, `edited-${i}.${job.format}`), place, after };
    });
    const jobsFile = join(work, 'jobs.json');
    writeFileSync(
      jobsFile,
      JSON.stringify(prepared.map((p) => ({ in: p.input, sheet: p.job.sheet, cell: p.place.reference, text: p.after, out: p.output, format: p.job.format }))),
    );
    const seen = JSON.parse(execFileSync(PYTHON, [SCRIPT, jobsFile], { encoding: 'utf8', timeout: 200_000 })) as Seen[];

    // What LibreOffice made of Quadro's file: header row and first column(s) frozen, text wrapped,
    // the grid's widths (the ambito narrower than the periods, Area narrower still).
    expect(seen.map((s) => [s.frozen, s.splitRow, s.splitColumn, s.wrapped])).toEqual([
      [true, 1, 1, true],
      [true, 1, 1, true],
      [true, 1, 1, true],
      [true, 1, 2, true],
    ]);
    const [ambito, period] = seen[0]!.widthsMm;
    expect(ambito).toBeGreaterThan(50);
    expect(period).toBeGreaterThan(ambito!);

    for (const { job, output, place, after } of prepared) {
      const areaId = doc.areas.find((a) => a.title === job.areaTitle)!.id;
      const result = analyzeImport({ bytes: new Uint8Array(readFileSync(output)), fileName: output, doc, areaId });
      expect(result.problems).toEqual([]);
      expect(result.format).toBe(job.format);
      expect(onlyChange(result)).toEqual({ rowId: place.rowId, column: job.column, before: place.before, after });
    }
  });
});
