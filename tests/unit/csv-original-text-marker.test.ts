// Issue 20, point 12: a cell a colleague changed in a spreadsheet, whose row still says "(testo originale)", is no longer
// stored — and exported again — as the untouched 2012 text.
import { describe, expect, it } from 'vitest';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { readFileSync } from 'node:fs';

const SEED = JSON.parse(readFileSync(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
const UTC = () => 0;

describe('the "testo originale" marker of an edited row', () => {
  it('is not taken as the time and author of the change', () => {
    const doc = structuredClone(SEED);
    const area = doc.areas[0]!;
    const exported = serializePlanCsv(doc, { kind: 'area', areaId: area.id }, { delimiter: ';', offsetAt: UTC });
    expect(exported).toContain('Piano operativo 2012 (testo originale)');
    // In LibreOffice the colleague changes one word of a cell and leaves "Ultima modifica" as it was.
    const edited = exported.replace('Stipulare 4 accordi tecnici', 'Stipulare 5 accordi tecnici');
    expect(edited).not.toBe(exported);

    const result = analyzeImport({ bytes: new TextEncoder().encode(edited), fileName: 'bruno.csv', doc, areaId: area.id });
    expect(result.problems).toEqual([]);
    const now = '2026-11-26T10:00:00.000Z';
    const changes = resolveImport(result.preview!, { conflicts: {} }, { now, importer: 'Anna Bianchi', fileName: 'bruno.csv' });
    expect(changes.summary.changed).toBe(1);
    const changedRow = changes.rowsToPut.find((row) => Object.values(row.cells).some((cell) => cell.text.includes('Stipulare 5 accordi')))!;
    const changedCell = Object.values(changedRow.cells).find((cell) => cell.text.includes('Stipulare 5 accordi'))!;
    expect(changedCell.changedAt).toBe(now);
    expect(changedCell.changedBy).toBe('Anna Bianchi');

    // Exported again, that row says when it was imported, not "testo originale".
    const after = { ...doc, rows: doc.rows.map((row) => (row.id === changedRow.id ? changedRow : row)) };
    const again = serializePlanCsv(after, { kind: 'area', areaId: area.id }, { delimiter: ';', offsetAt: UTC });
    const line = again.split('\r\n').find((l) => l.includes('Stipulare 5 accordi'))!;
    expect(line).not.toContain('testo originale');
    expect(line).toContain('26/11/2026 10:00:00 +00:00 · Anna Bianchi');
  });
});
