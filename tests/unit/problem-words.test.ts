// Issue 24: the core raises problems as a code and values; the strings tables word them. Every code the core uses has
// words in both languages, no core `problem(` call carries words of its own, and a problem survives the workers'
// structured clone and is worded after it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';
import { problemsIt } from '../../src/lib/i18n/problems/it.ts';
import { problemsEn } from '../../src/lib/i18n/problems/en.ts';
import { validateTitle } from '../../src/lib/model/names.ts';
import { parseCsvText } from '../../src/lib/csv/index.ts';
import { decodeCsvBytes } from '../../src/lib/csv/decode.ts';
import type { QuadroProblem } from '../../src/lib/model/errors.ts';

const SRC = join(import.meta.dirname, '../../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

/** Each `problem(` call in the source: its file and the text of its arguments up to the closing parenthesis. */
function problemCalls(): { file: string; args: string }[] {
  const calls: { file: string; args: string }[] = [];
  for (const file of filesUnder(SRC)) {
    if (file.includes(`${join('lib', 'i18n')}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bproblem\(/g)) {
      let depth = 0;
      let end = match.index + 'problem'.length;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      calls.push({ file: file.slice(SRC.length + 1), args: text.slice(match.index + 'problem('.length, end) });
    }
  }
  return calls;
}

describe('the problems tables', () => {
  const calls = problemCalls().filter((call) => !call.file.endsWith(join('model', 'errors.ts')) && !call.file.endsWith(join('model', 'problem-codes.ts')));

  it('find the core’s problem( calls (the scan works)', () => {
    expect(calls.length).toBeGreaterThan(80);
    expect(calls.some((call) => call.file.endsWith(join('csv', 'parse.ts')))).toBe(true);
  });

  it('word every code the source raises, in Italian and in English', () => {
    const codes = new Set<string>();
    for (const { file, args } of calls) {
      const literal = /^\s*'([a-z0-9.-]+)'/.exec(args)?.[1];
      const template = /^\s*`csv\.not-csv\.\$\{/.test(args);
      if (template) continue; // the six file kinds, listed below
      expect(literal, `${file}: problem(${args.slice(0, 60)}…) has no literal code`).toBeDefined();
      codes.add(literal as string);
    }
    for (const kind of ['xlsx', 'xls', 'pdf', 'png', 'jpeg', 'gif']) codes.add(`csv.not-csv.${kind}`);
    for (const code of codes) {
      expect(typeof (problemsIt.words as Record<string, unknown>)[code], `Italian words for ${code}`).toBe('function');
      expect(typeof (problemsEn.words as Record<string, unknown>)[code], `English words for ${code}`).toBe('function');
    }
    expect(Object.keys(problemsEn.words).sort()).toEqual(Object.keys(problemsIt.words).sort());
  });

  it('leave no words in the core’s problem( calls: only a code, values and developer detail', () => {
    // A string of three or more words with a space (a sentence) outside the `internal` argument would be a message.
    for (const { file, args } of calls) {
      const beforeInternal = args.replace(/\{\s*(row|column|cause)\b[\s\S]*$/, '');
      const sentences = [...beforeInternal.matchAll(/(['"`])((?:(?!\1).)*)\1/g)].map((m) => m[2] as string).filter((s) => /\p{L}+ \p{L}+ \p{L}+/u.test(s));
      expect(sentences, `${file}: problem(${args.slice(0, 80)}…)`).toEqual([]);
    }
  });

  it('leave no Italian or English message pair in the core: no `message: {` and no `{ it: …, en: … }` problem', () => {
    for (const file of filesUnder(join(SRC, 'lib'))) {
      if (file.includes(join('lib', 'i18n'))) continue;
      const text = readFileSync(file, 'utf8');
      expect(/\.message\[(lang|this\.lang|exchange\.lang)/.test(text), `${file} reads a problem's words`).toBe(false);
      expect(/problem\([^)]*\bit:\s*[`'"]/.test(text), `${file} passes Italian words to problem(`).toBe(false);
    }
  });
});

describe('describeProblem', () => {
  it('says what the user reads, in the language asked for, with numbers and plurals as each language writes them', () => {
    const long = validateTitle('x'.repeat(201), 'area');
    expect(long.ok).toBe(false);
    const problem = (long as { errors: QuadroProblem[] }).errors[0]!;
    expect(describeProblem(problem, 'it')).toBe('Il titolo dell’area è lungo 201 caratteri; il massimo è 200. Accorcialo.');
    expect(describeProblem(problem, 'en')).toBe('The area title is 201 characters long; the limit is 200. Shorten it.');

    // 46.7 MiB against the limit of 40: decimals as each language writes them.
    const big = decodeCsvBytes(new Uint8Array(46 * 1024 * 1024 + 700 * 1024 + 512));
    const tooLarge = (big as { errors: QuadroProblem[] }).errors[0]!;
    expect(tooLarge.code).toBe('csv.file-too-large');
    expect(describeProblem(tooLarge, 'it')).toContain('Il file è troppo grande (46,7 MB; il massimo è 40 MB)');
    expect(describeProblem(tooLarge, 'en')).toContain('The file is too large (46.7 MB; the limit is 40 MB)');
  });

  it('words a problem nested in another (a title refused in a file’s title row) in the same language', () => {
    const parsed = parseCsvText(`AMBITO;${'T'.repeat(210)}\nuno;due\n`);
    expect(parsed.ok).toBe(false);
    const error = (parsed as { errors: QuadroProblem[] }).errors[0]!;
    expect(error.code).toBe('csv.title-too-long');
    expect(describeProblem(error, 'it')).toMatch(/^Riga 1, colonna B \(«T+…»\): Il titolo della colonna è lungo 210 caratteri; il massimo è 200\. Accorcialo\.$/);
    expect(describeProblem(error, 'en')).toMatch(/^Row 1, column B \(«T+…»\): The column title is 210 characters long; the limit is 200\. Shorten it\.$/);
  });

  it('a problem is plain data: after a structured clone (the workers’ channel) it is worded the same', () => {
    const parsed = parseCsvText('AMBITO;Note\nuno;due;tre\nquattro\n');
    const errors = (parsed as { errors: QuadroProblem[] }).errors;
    expect(errors.length).toBeGreaterThan(0);
    const cloned = structuredClone(errors);
    expect(cloned).toEqual(errors);
    for (const [i, error] of errors.entries()) {
      expect(describeProblem(cloned[i]!, 'it')).toBe(describeProblem(error, 'it'));
      expect(describeProblem(cloned[i]!, 'en')).toBe(describeProblem(error, 'en'));
    }
    expect(describeProblem(errors[0]!, 'it')).toContain('Riga 2: ha 3 campi, ma la riga dei titoli ne ha 2.');
    expect(describeProblem(errors[0]!, 'en')).toContain('Row 2: it has 3 fields, but the title row has 2.');
  });

  it('a problem found in a sheet says the sheet first', () => {
    const inSheet: QuadroProblem = { code: 'csv.bad-quote', params: { row: 4 }, sheet: 'Area 1' };
    expect(describeProblem(inSheet, 'it')).toMatch(/^Foglio «Area 1»: Riga 4: un campo tra virgolette/);
    expect(describeProblem(inSheet, 'en')).toMatch(/^Sheet “Area 1”: Row 4: a quoted field/);
  });
});
