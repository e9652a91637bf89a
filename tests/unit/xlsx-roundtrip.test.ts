// Export as .xlsx then import gives back the exact texts and ids, for any plan and every scope, and the same file twice changes nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { applyChangeSet, resolveImport } from '../../src/lib/csv/merge.ts';
import { cellText, lastChangeOfRow } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { buildPlanWorkbook, type XlsxScope } from '../../src/lib/xlsx/plan-workbook.ts';
import { arbitraryDoc } from './csv-helpers.ts';
import { normalizeImportedText } from '../../src/lib/csv/normalize.ts';

const NUM_RUNS = 60;
const offsetAt = (): number => 60;

/**
 * Import `bytes` into the same plan with every cell emptied, through the whole pipeline, and apply all of it —
 * also the cells a person must tick (a text made only of spaces or invisible characters, control characters
 * that look like a wrong encoding), as a person who ticks everything would.
 */
function reimport(doc: PlanDocument, bytes: Uint8Array, areaId: string | undefined): PlanDocument {
  const blank: PlanDocument = { ...doc, rows: doc.rows.map((row) => ({ ...row, cells: {} })) };
  const result = analyzeImport({ bytes, fileName: 'x.xlsx', doc: blank, ...(areaId ? { areaId } : {}) });
  if (!result.preview) throw new Error(JSON.stringify(result.problems));
  const context = { now: '2030-01-01T00:00:00.000Z', importer: 'test', fileName: 'x.xlsx', newId: () => 'unexpected-new-id' };
  const acceptDamaged = result.preview.areas.flatMap((area) => [
    ...area.rowsChanged.flatMap((row) => row.changes.filter((change) => change.damage).map((change) => change.id)),
    ...area.rowsAdded.filter((row) => row.damage).map((row) => row.id),
  ]);
  return applyChangeSet(blank, resolveImport(result.preview, { conflicts: {}, acceptDamaged }, context));
}

function scopesOf(doc: PlanDocument): { scope: XlsxScope; areaId?: string }[] {
  const first = doc.areas[0]!;
  return [{ scope: { kind: 'area', areaId: first.id }, areaId: first.id }, { scope: { kind: 'plan' } }, { scope: { kind: 'each-area' } }];
}

describe('.xlsx round trip (property)', () => {
  it('every text (controls, NUL, CR, spaces at the ends, formula starts, quotes, emoji, lone surrogates) and every last change come back, in every scope', () => {
    fc.assert(
      fc.property(arbitraryDoc({ nul: true }), (doc) => {
        for (const { scope, areaId } of scopesOf(doc)) {
          const bytes = buildPlanWorkbook(doc, scope, { offsetAt }).bytes;
          const back = reimport(doc, bytes, areaId);
          const rows = scope.kind === 'area' ? doc.rows.filter((row) => row.areaId === scope.areaId) : doc.rows;
          for (const row of rows) {
            const again = back.rows.find((r) => r.id === row.id)!;
            for (const column of doc.columns.filter((c) => c.areaId === row.areaId)) {
              // Line breaks come back as LF and accents composed (NFC): the one rule of every import.
              expect(cellText(again, column.id)).toBe(normalizeImportedText(cellText(row, column.id)));
            }
            // The merge keeps the file's time and author only for cells it writes.
            const written = Object.keys(again.cells).length > 0;
            if (written) expect(lastChangeOfRow(again)?.by).toBe(normalizeImportedText(lastChangeOfRow(row)?.by ?? ''));
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('the same file imported into the plan it came from changes nothing', () => {
    fc.assert(
      fc.property(arbitraryDoc({ nul: true }), (doc) => {
        for (const { scope, areaId } of scopesOf(doc)) {
          const result = analyzeImport({ bytes: buildPlanWorkbook(doc, scope, { offsetAt }).bytes, fileName: 'x.xlsx', doc, ...(areaId ? { areaId } : {}) });
          expect(result.problems).toEqual([]);
          for (const area of result.preview!.areas) {
            expect([area.rowsAdded.length, area.rowsChanged.filter((r) => r.changes.length > 0).length, area.rowsMissing.length, area.conflicts.length]).toEqual([0, 0, 0, 0]);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
