// Issue 14: an area holds at most MAX_AREA_ROWS rows; an import and a backup restore that would pass it
// are refused before any work, with a message naming the area, the count and the limit (a row added by
// hand: area-row-limit-add.test.ts).
import { describe, expect, it } from 'vitest';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { MAX_AREA_ROWS } from '../../src/lib/model/limits.ts';
import { createBackupFile, parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const PLAN = 'plan-limit';
const AREA = 'area-limit';
const COLUMN = 'col-ambito';

function rowsOf(n: number, areaId = AREA): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${areaId}-r${i}`,
    areaId,
    planId: PLAN,
    order: i + 1,
    cells: { [COLUMN]: { text: `Ambito ${i}`, changedAt: '2026-01-01T00:00:00.000Z', changedBy: 'Test' } },
  }));
}

function planWith(rowCount: number): PlanDocument {
  return {
    plan: { id: PLAN, name: 'Piano grande', origin: 'user', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
    areas: [{ id: AREA, planId: PLAN, title: 'Immigrazione', introduction: '', order: 1 }],
    columns: [{ id: COLUMN, areaId: AREA, planId: PLAN, title: 'AMBITO', order: 1 }],
    rows: rowsOf(rowCount),
  };
}

/** A one-column file of `n` new ambiti, as a user could save it from a spreadsheet. */
function fileOf(n: number, prefix = 'Nuovo'): Uint8Array {
  const lines = ['AMBITO'];
  for (let i = 0; i < n; i++) lines.push(`${prefix} ambito ${i}`);
  return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

describe('the row limit per area', () => {
  it('is one stated number', () => {
    expect(MAX_AREA_ROWS).toBe(100_000);
  });

  it('refuses a file with more rows than the limit right after reading it, naming area, count and limit', () => {
    const doc = planWith(0);
    const result = analyzeImport({ bytes: fileOf(MAX_AREA_ROWS + 1), fileName: 'enorme.csv', doc, areaId: AREA });
    expect(result.problems.map((p) => p.code)).toEqual(['import.area-row-limit']);
    // Refused before matching: no match, no preview.
    expect(result.match).toBeNull();
    expect(result.preview).toBeNull();
    const [refusal] = result.problems;
    expect(describeProblem(refusal!, 'it')).toContain('«Immigrazione»');
    expect(describeProblem(refusal!, 'it')).toContain('100.001 righe');
    expect(describeProblem(refusal!, 'it')).toContain('100.000 righe per area');
    expect(describeProblem(refusal!, 'it')).toContain('Non è stato importato nulla');
    expect(describeProblem(refusal!, 'en')).toContain('“Immigrazione”');
    expect(describeProblem(refusal!, 'en')).toContain('100,001 rows');
    expect(describeProblem(refusal!, 'en')).toContain('100,000 rows per area');
  });

  it('counts each area of a file with an Area column on its own', () => {
    const doc = planWith(0);
    const lines = ['Area;AMBITO'];
    for (let i = 0; i < 60_000; i++) lines.push(`Immigrazione;A ${i}`, `Inclusione;B ${i}`);
    const result = analyzeImport({ bytes: new TextEncoder().encode(lines.join('\r\n')), fileName: 'due-aree.csv', doc, areaId: AREA });
    // 120,000 rows in the file, but 60,000 per area: not refused for the limit.
    expect(result.problems.map((p) => p.code)).not.toContain('import.area-row-limit');
  });

  it('refuses a file that would bring an area with rows over the limit, before the preview', () => {
    const doc = planWith(MAX_AREA_ROWS - 1);
    const result = analyzeImport({ bytes: fileOf(2), fileName: 'due.csv', doc, areaId: AREA });
    expect(result.problems.map((p) => p.code)).toEqual(['import.area-row-limit']);
    expect(result.preview).toBeNull();
    expect(describeProblem(result.problems[0]!, 'it')).toContain('100.001 righe');
  });

  it('still imports a file whose rows are already in the area (matched rows add nothing)', () => {
    const doc = planWith(MAX_AREA_ROWS);
    const lines = ['AMBITO', 'Ambito 0', 'Ambito 1'];
    const result = analyzeImport({ bytes: new TextEncoder().encode(lines.join('\r\n')), fileName: 'stessi.csv', doc, areaId: AREA });
    expect(result.problems).toEqual([]);
    expect(result.preview).not.toBeNull();
  });

  it('refuses a backup with an area over the limit before anything is restored', () => {
    const doc = planWith(MAX_AREA_ROWS + 1);
    const backup = createBackupFile(
      { plans: [doc.plan], areas: doc.areas, columns: doc.columns, rows: doc.rows, changeLog: [], indicators: [], drafts: [], settings: {} },
      { appVersion: 'test', exportedAt: '2026-01-01T00:00:00.000Z' },
    );
    const parsed = parseBackup(serializeBackup(backup));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((p) => p.code)).toEqual(['backup.area-row-limit']);
    expect(describeProblem(parsed.errors[0]!, 'it')).toContain('«Immigrazione» ha 100.001 righe');
    expect(describeProblem(parsed.errors[0]!, 'it')).toContain('Non è stato ripristinato nulla');
    expect(describeProblem(parsed.errors[0]!, 'en')).toContain('100,000 rows per area');
  });

  it('reads a backup whose areas are at the limit', () => {
    const doc = planWith(MAX_AREA_ROWS);
    const backup = createBackupFile(
      { plans: [doc.plan], areas: doc.areas, columns: doc.columns, rows: doc.rows, changeLog: [], indicators: [], drafts: [], settings: {} },
      { appVersion: 'test', exportedAt: '2026-01-01T00:00:00.000Z' },
    );
    expect(parseBackup(serializeBackup(backup)).ok).toBe(true);
  });
});
