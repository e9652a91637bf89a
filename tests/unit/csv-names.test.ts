// Names: one title rule for the UI and the importer; file names keep every letter.
import { describe, expect, it } from 'vitest';
import { MAX_TITLE_CHARS, validateTitle } from '../../src/lib/model/names.ts';
import { asciiSlug, csvFileName, slugify } from '../../src/lib/csv/file-name.ts';
import { parseCsvText } from '../../src/lib/csv/parse.ts';
import { matchCsvToPlan } from '../../src/lib/csv/match.ts';
import { makeDoc } from './csv-helpers.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

describe('validateTitle', () => {
  it('trims, and refuses empty, reserved words in any case and titles over the limit, in both languages', () => {
    expect(validateTitle('  Risultati al 2012 ', 'column')).toEqual({ ok: true, value: 'Risultati al 2012', warnings: [] });
    for (const [text, code] of [
      ['   ', 'title.empty'],
      ['__proto__', 'title.reserved'],
      [' Prototype ', 'title.reserved'],
      ['CONSTRUCTOR', 'title.reserved'],
      ['x'.repeat(MAX_TITLE_CHARS + 1), 'title.too-long'],
    ] as const) {
      const result = validateTitle(text, 'plan');
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.errors[0]!.code).toBe(code);
      expect(describeProblem(result.errors[0]!, 'it')).toMatch(/^Il nome del piano /);
      expect(describeProblem(result.errors[0]!, 'en')).toMatch(/^The plan name /);
    }
    expect(validateTitle('x'.repeat(MAX_TITLE_CHARS), 'area').ok).toBe(true);
    expect(validateTitle('😀'.repeat(MAX_TITLE_CHARS), 'area').ok).toBe(true);
  });

  it('the importer uses the same rule: an over-long column title and a reserved area name are refused with row and column', () => {
    const long = parseCsvText(`AMBITO;${'x'.repeat(201)}\r\nA;B\r\n`);
    expect(!long.ok && describeProblem(long.errors[0]!, 'it')).toMatch(/^Riga 1, colonna B .*il massimo è 200/);
    const doc = makeDoc([{ title: 'AREA', columns: ['AMBITO'], rows: [] }]);
    const parsed = parseCsvText('Area;AMBITO\r\nConstructor;riga\r\n');
    if (!parsed.ok) throw new Error('parse');
    const match = matchCsvToPlan(parsed.value, doc);
    expect(!match.ok && describeProblem(match.errors[0]!, 'it')).toMatch(/^Riga 2, colonna A .*parola riservata/);
  });
});

describe('file names', () => {
  it('keep any letter: accents stripped from Latin, other scripts and emoji kept, direction marks dropped', () => {
    expect(slugify('Piano operativo 2012')).toBe('piano-operativo-2012');
    expect(slugify('Ufficio Città')).toBe('ufficio-citta');
    expect(slugify('مريم الأحمد')).toBe('مريم-الأحمد');
    expect(slugify('\u202Egpj.exe')).toBe('gpj-exe');
    expect(slugify('Team 🚀')).toBe('team-🚀');
    expect(slugify('Ελένη')).toBe('ελένη');
  });

  it('a name in another script does not vanish from the file name, nor becomes "anonimo"', () => {
    const name = csvFileName({ planName: 'خطة', areaTitle: '🚀', date: '2026-11-26', author: 'مريم' });
    expect(name).toBe('quadro_خطة_🚀_2026-11-26_مريم.csv');
  });

  it('an ASCII-only name transliterates, and writes other letters as their code', () => {
    expect(asciiSlug('Straße Łódź')).toBe('strasse-lodz');
    expect(asciiSlug('مر')).toBe('u645u631');
  });
});
