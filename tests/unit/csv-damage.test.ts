// Damaged bytes and mojibake in a colleague's file are found, named by row and column, and never applied without consent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { countLossySubstitutions, countUtf8Sequences, findDamage, resolveImport } from '../../src/lib/csv/index.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const EXPORT = new Uint8Array(readFileSync(new URL('../fixtures/csv/plan-2012-immigrazione.csv', import.meta.url)));
const doc = await loadDefaultPlan();
const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
const NOW = { now: '2026-11-26T10:00:00.000Z', importer: 'Anna', fileName: 'x.csv' };

/** The export with one "•" (E2 80 95) broken: its last byte flipped to 0xFF. */
function withFlippedByte(bytes: Uint8Array, occurrence: number): { bytes: Uint8Array; at: number } {
  const copy = bytes.slice();
  let seen = 0;
  for (let i = 0; i + 2 < copy.length; i++) {
    if (copy[i] === 0xe2 && copy[i + 1] === 0x80 && copy[i + 2] === 0xa2 && seen++ === occurrence) {
      copy[i + 2] = 0xff;
      return { bytes: copy, at: i };
    }
  }
  throw new Error('no bullet found');
}

describe('a flipped byte in a UTF-8 export', () => {
  for (const [label, bom] of [['with BOM', true], ['without BOM', false]] as const) {
    it(`${label}: read as damaged UTF-8 (not Windows-1252), named by row and column, applied only when ticked`, () => {
      const damaged = withFlippedByte(EXPORT, 10).bytes;
      const bytes = bom ? damaged : damaged.subarray(3);
      const result = analyzeImport({ bytes, fileName: 'x.csv', doc, areaId: area.id });
      expect(result.problems).toEqual([]);
      expect(result.encoding).toBe('utf-8');
      expect(result.invalidSequences).toBeGreaterThan(0);
      const warning = result.warnings.find((w) => w.code === 'csv.damaged-bytes')!;
      expect(describeProblem(warning, 'it')).toMatch(/riga \d+, colonna [B-E]/);
      expect(describeProblem(warning, 'en')).toMatch(/row \d+, column [B-E]/);
      const changes = result.preview!.areas.flatMap((a) => a.rowsChanged.flatMap((r) => r.changes));
      expect(changes).toHaveLength(1);
      expect(changes[0]!.damage).toBe('replacement');

      const untouched = resolveImport(result.preview!, { conflicts: {} }, NOW);
      expect(untouched.summary).toMatchObject({ changed: 0, damagedLeftOut: 1 });
      expect(untouched.rowsToPut.flatMap((r) => Object.values(r.cells)).some((c) => c.text.includes('\uFFFD'))).toBe(false);
      const ticked = resolveImport(result.preview!, { conflicts: {}, acceptDamaged: [changes[0]!.id] }, NOW);
      expect(ticked.summary).toMatchObject({ changed: 1, damagedLeftOut: 0 });
    });
  }

  it('a broken byte in the ID column refuses the whole file, naming where', () => {
    const text = new TextDecoder().decode(EXPORT);
    const id = doc.rows.find((r) => r.areaId === area.id)!.id;
    const at = new TextEncoder().encode(text.slice(0, text.indexOf(id) + 3)).length;
    const bytes = EXPORT.slice();
    bytes[at] = 0xff;
    const result = analyzeImport({ bytes, fileName: 'x.csv', doc, areaId: area.id });
    expect(result.problems[0]?.code).toBe('csv.damaged-structure');
    expect(describeProblem(result.problems[0]!, 'it')).toMatch(/riga \d+, colonna F/);
    expect(result.preview).toBeNull();
  });

  it('the export read as Windows-1252 by force: every mojibake cell is flagged and nothing is taken unticked', () => {
    const result = analyzeImport({ bytes: EXPORT.subarray(3), fileName: 'x.csv', doc, areaId: area.id, encoding: 'windows-1252' });
    const changes = result.preview!.areas.flatMap((a) => a.rowsChanged.flatMap((r) => r.changes));
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.every((c) => c.damage === 'mojibake')).toBe(true);
    expect(resolveImport(result.preview!, { conflicts: {} }, NOW).summary.changed).toBe(0);
  });
});

describe('pure rules', () => {
  it('counts valid multi-byte sequences a plan would hold, and broken ones', () => {
    expect(countUtf8Sequences(new TextEncoder().encode('• è ✓ 😀'))).toEqual({ valid: 4, invalid: 0 });
    expect(countUtf8Sequences(Uint8Array.of(0xe8, 0x20, 0xe2, 0x80))).toEqual({ valid: 0, invalid: 2 });
  });

  it('a "?" where Windows-1252 has no character is no edit; a "?" anywhere else is', () => {
    expect(countLossySubstitutions('✓ fatto', '? fatto', 'windows-1252')).toBe(1);
    expect(countLossySubstitutions('Čeština ✓', 'Ceština ?', 'windows-1252')).toBe(2);
    expect(countLossySubstitutions('fatto?', 'fatto!', 'windows-1252')).toBeNull();
    expect(countLossySubstitutions('è fatto', '? fatto', 'windows-1252')).toBeNull();
    expect(countLossySubstitutions('✓ fatto', '? fatto', 'utf-8')).toBeNull();
  });

  it('damage is what the local text does not already have', () => {
    expect(findDamage('Attivit\uFFFD', 'Attività')).toBe('replacement');
    expect(findDamage('AttivitÃ  â€¢', 'Attività •')).toBe('mojibake');
    expect(findDamage('PerchÃ©', 'PerchÃ©')).toBeNull();
    expect(findDamage('Città', 'Roma')).toBeNull();
    // Each form alone, also where the quick scan for their first character finds it.
    expect(findDamage('â€“ punto', '')).toBe('mojibake');
    expect(findDamage('Â° grado', '')).toBe('mojibake');
    expect(findDamage('Ã¨ già', '')).toBe('mojibake');
    expect(findDamage('Âge, Ãx, âme', '')).toBeNull();
  });
});

describe('an edit in a Windows-1252 file', () => {
  it('keeps the local characters the encoding lost around the edited words', async () => {
    const { restoreLossyCharacters } = await import('../../src/lib/csv/index.ts');
    expect(restoreLossyCharacters('✓ 3 accordi ✓ fatto', '? 4 accordi ? fatto', 'windows-1252')).toEqual({ text: '✓ 4 accordi ✓ fatto', restored: 2 });
    expect(restoreLossyCharacters('✓ fatto', 'tutto nuovo', 'windows-1252')).toBeNull();
    expect(restoreLossyCharacters('✓ fatto', '? fatto!', 'utf-8')).toBeNull();
  });
});
