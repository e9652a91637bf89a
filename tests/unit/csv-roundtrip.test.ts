// Export then import gives back the exact texts (as stored after an import: normalised) and ids, for any plan and both delimiters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { decodeCsvBytes } from '../../src/lib/csv/decode.ts';
import { parseCsvText, parseLastChanged, type ParsedCsv } from '../../src/lib/csv/parse.ts';
import { normalizeTitle, type ExportDelimiter } from '../../src/lib/csv/format.ts';
import { normalizeImportedText } from '../../src/lib/csv/normalize.ts';
import { cellText, columnsOfArea, lastChangeOfRow } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { matchCsvToPlan } from '../../src/lib/csv/match.ts';
import { applyChangeSet, buildImportPreview, resolveImport } from '../../src/lib/csv/merge.ts';
import { arbitraryDoc } from './csv-helpers.ts';

/** Export, then import through the whole pipeline into the same plan with every cell emptied. */
function reimport(doc: PlanDocument, csv: string, areaId: string | undefined): PlanDocument {
  const blank: PlanDocument = { ...doc, rows: doc.rows.map((row) => ({ ...row, cells: {} })) };
  const decoded = decodeCsvBytes(new TextEncoder().encode(csv));
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
  const parsed = parseCsvText(decoded.value.text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const match = matchCsvToPlan(parsed.value, blank, areaId === undefined ? {} : { areaId });
  if (!match.ok) throw new Error(JSON.stringify(match.errors));
  const context = { now: '2030-01-01T00:00:00.000Z', importer: 'test', fileName: 'x.csv', newId: () => 'unexpected-new-id' };
  const preview = buildImportPreview(match.value, blank, context);
  // The user ticks every cell the preview leaves out unless ticked (only spaces into an empty cell, C1 characters in random text).
  const flagged = preview.areas.flatMap((area) => area.rowsChanged.flatMap((row) => row.changes.filter((change) => change.damage).map((change) => change.id)));
  return applyChangeSet(blank, resolveImport(preview, { conflicts: {}, acceptDamaged: flagged }, context));
}

const NUM_RUNS = 100;
const delimiters: ExportDelimiter[] = [';', ','];

/** Every row of the plan is one record with the same id, area title, cell texts and last change. */
function expectSamePlan(doc: PlanDocument, parsed: ParsedCsv, withArea: boolean): void {
  expect(parsed.quadroVersion).toBe(1);
  expect(parsed.records.length).toBe(doc.rows.length);
  const idColumn = parsed.idColumn as number;
  const lastColumn = parsed.lastChangedColumn as number;
  expect(parsed.areaColumn).toBe(withArea ? 0 : null);
  const rowsById = new Map(doc.rows.map((row) => [row.id, row]));
  for (const record of parsed.records) {
    const row = rowsById.get(record[idColumn] as string);
    expect(row).toBeDefined();
    if (!row) return;
    const area = doc.areas.find((a) => a.id === row.areaId);
    if (withArea) expect(record[0]).toBe(normalizeImportedText(area?.title ?? ''));
    const columns = columnsOfArea(doc, row.areaId);
    for (let h = withArea ? 1 : 0; h < idColumn; h++) {
      const column = columns.find((c) => normalizeTitle(c.title) === normalizeTitle(parsed.header[h] as string));
      expect(record[h]).toBe(column ? normalizeImportedText(cellText(row, column.id)) : '');
    }
    const last = lastChangeOfRow(row);
    expect(parseLastChanged(record[lastColumn] as string)).toEqual(last ? { at: last.at, by: normalizeImportedText(last.by) } : null);
  }
}

/** The plan with every text as an import stores it. */
function normalizedDoc(doc: PlanDocument): PlanDocument {
  const n = normalizeImportedText;
  return {
    ...doc,
    areas: doc.areas.map((area) => ({ ...area, title: n(area.title) })),
    columns: doc.columns.map((column) => ({ ...column, title: n(column.title) })),
    rows: doc.rows.map((row) => ({
      ...row,
      cells: Object.fromEntries(Object.entries(row.cells).map(([id, cell]) => [id, { ...cell, text: n(cell.text), changedBy: n(cell.changedBy) }])),
    })),
  };
}

describe('CSV round trip (property)', () => {
  for (const delimiter of delimiters) {
    it(`whole plan with "${delimiter}": text → parse gives back every text and id, NUL included`, () => {
      fc.assert(
        fc.property(arbitraryDoc({ nul: true }), (doc) => {
          const csv = serializePlanCsv(doc, { kind: 'plan' }, { delimiter });
          const parsed = parseCsvText(csv);
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
          expect(parsed.value.delimiter).toBe(delimiter);
          expectSamePlan(doc, parsed.value, true);
        }),
        { numRuns: NUM_RUNS },
      );
    });

    it(`one area with "${delimiter}": bytes → decode → parse gives back every text and id`, () => {
      fc.assert(
        fc.property(arbitraryDoc({ nul: false }), (doc) => {
          const area = doc.areas[0];
          if (!area) return;
          const areaDoc = { ...doc, areas: [area], rows: doc.rows.filter((row) => row.areaId === area.id) };
          const csv = serializePlanCsv(doc, { kind: 'area', areaId: area.id }, { delimiter });
          expect(csv.startsWith('\uFEFF')).toBe(true);
          const decoded = decodeCsvBytes(new TextEncoder().encode(csv));
          if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
          expect(decoded.value).toMatchObject({ encoding: 'utf-8', hadBom: true });
          const parsed = parseCsvText(decoded.value.text);
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
          expectSamePlan(areaDoc, parsed.value, false);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }

  for (const delimiter of delimiters) {
    // Texts as Quadro stores them after an import (LF line breaks, NFC, no BOM inside): the file comes back byte for byte.
    it(`export → import → export is byte-identical ("${delimiter}", whole plan and one area)`, () => {
      fc.assert(
        fc.property(arbitraryDoc({ nul: false }).map(normalizedDoc), (doc) => {
          const whole = serializePlanCsv(doc, { kind: 'plan' }, { delimiter });
          expect(serializePlanCsv(reimport(doc, whole, undefined), { kind: 'plan' }, { delimiter })).toBe(whole);
          const areaId = doc.areas[0]?.id as string;
          const one = serializePlanCsv(doc, { kind: 'area', areaId }, { delimiter });
          expect(serializePlanCsv(reimport(doc, one, areaId), { kind: 'area', areaId }, { delimiter })).toBe(one);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  }
});
