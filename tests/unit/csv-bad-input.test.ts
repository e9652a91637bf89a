// Every bad input is refused as data (ok:false, a code, a message naming row and column), never thrown.
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, decodeWindows1252 } from '../../src/lib/csv/decode.ts';
import { parseCsvText, detectDelimiter, parseLastChanged } from '../../src/lib/csv/parse.ts';
import { MAX_FILE_BYTES } from '../../src/lib/csv/format.ts';
import type { Result } from '../../src/lib/model/errors.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The first problem of a failed result; fails the test when the result is ok. */
function firstError<T>(result: Result<T>): { code: string; it: string; en: string; row?: number } {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a failure');
  const error = result.errors[0];
  if (!error) throw new Error('no error');
  return { code: error.code, it: describeProblem(error, 'it'), en: describeProblem(error, 'en'), row: error.internal?.row };
}

describe('decodeCsvBytes refuses what is not a CSV', () => {
  it.each([
    ['xlsx', [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0], 'csv.not-csv.xlsx', 'Salva con nome › CSV'],
    ['xls', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'csv.not-csv.xls', 'Excel 97-2003'],
    ['PDF', [...encode('%PDF-1.7\n')], 'csv.not-csv.pdf', 'PDF'],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'csv.not-csv.png', 'PNG'],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 16], 'csv.not-csv.jpeg', 'JPEG'],
    ['GIF', [...encode('GIF89a')], 'csv.not-csv.gif', 'GIF'],
    ['UTF-32 LE', [0xff, 0xfe, 0, 0, 0x41, 0, 0, 0], 'csv.utf-32', 'UTF-32'],
    ['UTF-32 BE', [0, 0, 0xfe, 0xff, 0, 0, 0, 0x41], 'csv.utf-32', 'UTF-32'],
    ['binary with NUL', [...encode('AMBITO;x\r\na\0b;c')], 'csv.binary', 'un byte nullo alla riga 2, byte 12'],
  ])('%s', (_, bytes, code, words) => {
    const error = firstError(decodeCsvBytes(Uint8Array.from(bytes as number[])));
    expect(error.code).toBe(code);
    expect(error.it).toContain(words);
    expect(error.en.length).toBeGreaterThan(20);
  });

  it('an OpenDocument spreadsheet (.ods), told apart from .xlsx though both are zip files', () => {
    const mimetype = [...encode('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')];
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array<number>(26).fill(0), ...mimetype]);
    const error = firstError(decodeCsvBytes(bytes));
    expect(error.code).toBe('csv.not-csv.ods');
    expect(error.it).toContain('File › Salva con nome › Testo CSV');
  });

  it.each([
    ['0 bytes', new Uint8Array(0)],
    ['only a BOM', Uint8Array.of(0xef, 0xbb, 0xbf)],
    ['only white space', encode(' \r\n\t\r\n')],
  ])('an empty file (%s)', (_, bytes) => {
    expect(firstError(decodeCsvBytes(bytes)).code).toBe('csv.empty');
  });

  it('a 50 MB file, before decoding it', () => {
    const bytes = new Uint8Array(Math.round(46.7 * 1024 * 1024)); // the size check comes first, so the content never matters
    const error = firstError(decodeCsvBytes(bytes));
    expect(error.code).toBe('csv.file-too-large');
    expect(error.it).toContain('46,7 MB');
    expect(error.en).toContain('46.7 MB');
    expect(error.it).toContain(`${MAX_FILE_BYTES / 1024 / 1024} MB`);
  });

  it('decodes Windows-1252 by the WHATWG table, 0x80–0x9F included', () => {
    expect(decodeWindows1252(Uint8Array.of(0x80, 0x81, 0x8a, 0x93, 0x94, 0x96, 0x9f, 0xe0, 0xe8, 0xf9, 0xff, 0x41))).toBe(
      '€\u0081Š“”–Ÿàèùÿ' + 'A',
    );
  });

  it('reads invalid UTF-8 as Windows-1252, and honours a forced encoding', () => {
    const bytes = Uint8Array.of(0x80, 0x3b, 0xe8, 0x93, 0x94); // € ; è “ ”
    const guessed = decodeCsvBytes(bytes);
    expect(guessed.ok && guessed.value).toEqual({ text: '€;è“”', encoding: 'windows-1252', hadBom: false, invalidSequences: 0, wrongEncoding: null, clean: true });
    const forced = decodeCsvBytes(encode('è'), 'windows-1252');
    expect(forced.ok && forced.value.text).toBe('Ã¨');
  });
});

describe('parseCsvText refuses broken tables, naming row and column', () => {
  it('a file with no columns', () => {
    expect(firstError(parseCsvText('\r\n')).code).toBe('csv.no-columns');
    expect(firstError(parseCsvText('')).code).toBe('csv.no-columns');
  });

  it('accepts a header-only file', () => {
    const parsed = parseCsvText('AMBITO;Note\r\n');
    expect(parsed.ok && parsed.value.records).toEqual([]);
  });

  it('ragged rows: row N has X fields, the header has Y', () => {
    const error = firstError(parseCsvText('a;b;c\r\n1;2;3\r\n1;2\r\n'));
    expect(error).toMatchObject({ code: 'csv.ragged-row', row: 3 });
    expect(error.it).toContain('Riga 3: ha 2 campi, ma la riga dei titoli ne ha 3');
  });

  it('an unbalanced quote: the row and column where the quoted field starts', () => {
    const error = firstError(parseCsvText('a;b;c\r\n1;2;3\r\n4;"cinque;6\r\n7;8;9\r\n'));
    expect(error).toMatchObject({ code: 'csv.unbalanced-quote', row: 3 });
    expect(error.it).toContain('Riga 3, colonna B');
  });

  it('text after a closing quote', () => {
    expect(firstError(parseCsvText('a;b\r\n"uno" due;3\r\n'))).toMatchObject({ code: 'csv.bad-quote', row: 2 });
  });

  it('duplicate IDs in one file: both rows named', () => {
    const error = firstError(parseCsvText('AMBITO;ID Quadro v1;Ultima modifica\r\nx;id-1;\r\ny;id-2;\r\nz;id-1;\r\n'));
    expect(error.code).toBe('csv.duplicate-id');
    expect(error.it).toContain('Le righe 2 e 4 hanno lo stesso ID (colonna B: «id-1»)');
  });

  it('duplicate titles (case and spaces ignored) and empty titles', () => {
    const duplicate = firstError(parseCsvText('AMBITO;Note;ambito \r\n1;2;3\r\n'));
    expect(duplicate.code).toBe('csv.duplicate-title');
    expect(duplicate.it).toContain('la colonna A e la colonna C');
    const empty = firstError(parseCsvText('AMBITO; ;Note\r\n1;2;3\r\n'));
    expect(empty).toMatchObject({ code: 'csv.empty-title', row: 1 });
    expect(empty.it).toContain('colonna B');
  });

  it('drops untitled, empty trailing columns (an Excel artefact) with a warning', () => {
    const parsed = parseCsvText('AMBITO;Note;;\r\nx;y;;\r\n');
    expect(parsed.ok && parsed.value.header).toEqual(['AMBITO', 'Note']);
    expect(parsed.ok && parsed.warnings.map((w) => w.code)).toEqual(['csv.empty-columns-dropped']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('the title %s, without polluting Object.prototype', (title) => {
    const error = firstError(parseCsvText(`AMBITO;${title}\r\nx;{"polluted":true}\r\n`));
    expect(error.code).toBe('csv.forbidden-title');
    expect(error.it).toContain('colonna B');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a 5 MB field', () => {
    const error = firstError(parseCsvText(`AMBITO;Note\r\nx;"${'a'.repeat(5 * 1024 * 1024)}"\r\n`));
    expect(error).toMatchObject({ code: 'csv.field-too-long', row: 2 });
    expect(error.it).toContain('colonna B');
  });

  it('a row of 10,000 columns', () => {
    const error = firstError(parseCsvText(`AMBITO;Note\r\n${'x;'.repeat(9_999)}x\r\n`));
    expect(error).toMatchObject({ code: 'csv.too-many-columns', row: 2 });
    expect(error.it).toContain('10000 colonne');
  });

  it('a file from a newer Quadro: asks to update', () => {
    const error = firstError(parseCsvText('AMBITO;ID Quadro v2;Ultima modifica\r\n'));
    expect(error.code).toBe('csv.newer-version');
    expect(error.it).toContain('aggiorna Quadro');
  });
});

describe('small readers', () => {
  it.each([
    ['a;b,c\r\n1;2,3', ';'],
    ['a,b,c;d\r\n1,2,3;4', ','],
    ['a\tb\tc\r\n1\t2\t3', '\t'],
    ['"a;b;c",d\r\n"1;2;3",4', ','],
    ['a|b|c\r\n1|2|3', '|'],
    ['solo\r\nuno', ';'],
  ] as const)('detectDelimiter(%j) → %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it('parseLastChanged reads Quadro\'s format and refuses anything else', () => {
    expect(parseLastChanged('2026-11-26T09:30:00.000Z · Mario Rossi')).toEqual({ at: '2026-11-26T09:30:00.000Z', by: 'Mario Rossi' });
    expect(parseLastChanged('2026-11-26T10:30:00+01:00·Mario')).toEqual({ at: '2026-11-26T09:30:00.000Z', by: 'Mario' });
    expect(parseLastChanged('26/11/2026 Mario')).toBeNull();
    expect(parseLastChanged('')).toBeNull();
  });

  it('accepts CR-only line endings and a trailing empty line; a CR inside a cell is read as LF', () => {
    const parsed = parseCsvText('a;b\r1;"x\ry"\r2;3\r');
    expect(parsed.ok && parsed.value.records).toEqual([['1', 'x\ny'], ['2', '3']]);
  });
});
