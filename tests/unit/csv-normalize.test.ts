// Issue 19: what an import normalises, what it shows as an invisible difference, and the decoders and readers that get it there.
import { describe, expect, it } from 'vitest';
import { findInvisibleDifference, isSameImportedText, normalizeImportedText } from '../../src/lib/csv/normalize.ts';
import { MAC_ROMAN_HIGH, decodeCsvBytes, decodeMacRoman, guessUtf16ByZeros } from '../../src/lib/csv/decode.ts';
import { readCsvText, readTable } from '../../src/lib/csv/parse.ts';
import { matchCsvToPlan } from '../../src/lib/csv/match.ts';
import { buildImportPreview } from '../../src/lib/csv/merge.ts';
import { hashText } from '../../src/lib/model/plan.ts';
import { makeDoc } from './csv-helpers.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

describe('normalizeImportedText and the one rule for "the same text"', () => {
  it('reads CR and CRLF as LF, composes accents (NFC), drops a BOM inside the text', () => {
    expect(normalizeImportedText('riga 1\r\nriga 2\rriga 3\nriga 4')).toBe('riga 1\nriga 2\nriga 3\nriga 4');
    expect(normalizeImportedText('citta\u0300 perche\u0301')).toBe('città perché');
    expect(normalizeImportedText('\uFEFFGOVERNANCE')).toBe('GOVERNANCE');
    const plain = 'Accoglienza è già attiva';
    expect(normalizeImportedText(plain)).toBe(plain);
  });

  it('a difference only in line breaks, Unicode form or Quadro\'s formula guard is the same text', () => {
    expect(isSameImportedText('a\nb', 'a\r\nb')).toBe(true);
    expect(isSameImportedText('a\r\nb', 'a\nb')).toBe(true);
    expect(isSameImportedText('più', 'piu\u0300')).toBe(true);
    expect(isSameImportedText('- primo punto', "'- primo punto")).toBe(true);
    expect(isSameImportedText('primo punto', "'primo punto")).toBe(false);
    expect(isSameImportedText('a b', 'a  b')).toBe(false);
  });

  it.each([
    ['a zero-width space', 'Corsi attivi', 'Corsi \u200Battivi', ['zero-width']],
    ['a no-break space', '5 €', '5\u00A0€', ['no-break-space']],
    ['a trailing space', 'Corsi attivi', 'Corsi attivi ', ['edge-spaces']],
    ['spaces at the end of a line', 'uno\ndue', 'uno  \ndue', ['edge-spaces']],
    ['typographic quotes', 'il "modello"', 'il “modello”', ['quotes']],
    ['a typographic apostrophe', "l'accordo", 'l’accordo', ['quotes']],
    ['doubled quotes', 'il "modello"', 'il ““modello””', ['quotes']],
    ['a stray closing quote', 'Corsi attivi', 'Corsi attivi"', ['quotes']],
    ['only spaces into an empty cell', '', '  ', ['edge-spaces']],
  ])('%s is an invisible difference', (_, local, fromFile, kinds) => {
    expect(findInvisibleDifference(local, fromFile)).toEqual(kinds);
  });

  it.each([
    ['a word', 'Corsi attivi', 'Corsi non attivi'],
    ['an apostrophe removed', "l'accordo", 'laccordo'],
    ['a quote into an empty cell', '', '"'],
    ['the same text', 'uguale', 'uguale'],
    ['line breaks only (no change at all)', 'a\nb', 'a\r\nb'],
  ])('%s is not one', (_, local, fromFile) => {
    expect(findInvisibleDifference(local, fromFile)).toBeNull();
  });
});

describe('decoding what colleagues\' programs write', () => {
  it('Mac Roman by table, the same as the WHATWG decoder (Node\'s TextDecoder, an independent implementation)', () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeMacRoman(every)).toBe(new TextDecoder('macintosh').decode(every));
    expect(MAC_ROMAN_HIGH).toHaveLength(128);
  });

  it('Mac Roman Italian text is recognised without being told (Windows-1252 would give "giˆ", "¥" and control characters)', () => {
    // "• già più perché “x”" as Excel for Mac writes it.
    const bytes = Uint8Array.from([0xa5, 0x20, 0x67, 0x69, 0x88, 0x20, 0x70, 0x69, 0x9d, 0x20, 0x70, 0x65, 0x72, 0x63, 0x68, 0x8e, 0x20, 0xd2, 0x78, 0xd3]);
    const decoded = decodeCsvBytes(bytes);
    expect(decoded.ok && decoded.value).toMatchObject({ text: '• già più perché “x”', encoding: 'macintosh', wrongEncoding: null });
  });

  it('UTF-16 without a BOM is recognised by its zero bytes, little- and big-endian', () => {
    const text = 'AMBITO;Note\r\nAccoglienza;più\r\n';
    const le = new Uint8Array(text.length * 2);
    const be = new Uint8Array(text.length * 2);
    [...text].forEach((char, i) => {
      le[i * 2] = char.charCodeAt(0) & 0xff;
      be[i * 2 + 1] = char.charCodeAt(0) & 0xff;
    });
    expect(guessUtf16ByZeros(le)).toBe('utf-16le');
    expect(guessUtf16ByZeros(be)).toBe('utf-16be');
    expect(guessUtf16ByZeros(new TextEncoder().encode(text))).toBeNull();
    expect(decodeCsvBytes(le).ok && decodeCsvBytes(le)).toMatchObject({ value: { text, encoding: 'utf-16le', hadBom: false } });
    expect(decodeCsvBytes(be).ok && decodeCsvBytes(be)).toMatchObject({ value: { text, encoding: 'utf-16be', hadBom: false } });
    // A lone NUL in a one-byte file is still binary, not UTF-16.
    expect(decodeCsvBytes(new TextEncoder().encode('AMBITO;x\r\na\0b;c')).ok).toBe(false);
  });
});

describe('reading the table', () => {
  it('"sep=" with a separator Quadro does not read is refused in words', () => {
    const reading = readCsvText('sep=:\r\nAMBITO:Note\r\nx:y\r\n');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors[0]?.code).toBe('csv.unknown-sep-line');
    expect(describeProblem(reading.table.errors[0]!, 'it')).toContain('«sep=:»');
  });

  it('a file separated by a character Quadro does not read is refused, never read as one column', () => {
    const reading = readCsvText('AMBITO:Obiettivi:Note\r\nAccoglienza:10 corsi:ok\r\n');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors[0]?.code).toBe('csv.unknown-separator');
    expect(describeProblem(reading.table.errors[0]!, 'it')).toContain('separati da «:»');
  });

  it('columns without a title: one message naming them all, in the row of the titles', () => {
    const reading = readCsvText('AMBITO;;;Note;\r\nx;1;2;3;4\r\n');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors.map((e) => describeProblem(e, 'it'))).toEqual([
      'Riga 1: le colonne B, C, E non hanno titolo. Scrivi un titolo in quella riga o elimina le colonne.',
    ]);
  });

  it('"1 campo", never "1 campi"; the other rows of the same kind named in the same message', () => {
    const reading = readCsvText('AMBITO;Note;Altro\r\nx\r\ny;1;2\r\nz\r\nw\r\n', { delimiter: ';' });
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors).toHaveLength(1);
    expect(describeProblem(reading.table.errors[0]!, 'it')).toMatch(/^Riga 2: ha 1 campo, ma la riga dei titoli ne ha 3\. Lo stesso nelle righe 4, 5\. /);
    expect(describeProblem(reading.table.errors[0]!, 'en')).toMatch(/^Row 2: it has 1 field, but the title row has 3\. The same in rows 4, 5\. /);
  });

  it('when the first records fit two separators and later rows break the first, the other one is taken', () => {
    // 60 records where ";" and "," both give two fields (";" first on a tie); below them ";" gives three.
    const head = Array.from({ length: 60 }, (_, i) => `riga ${i};a,b`).join('\r\n');
    const text = `AMBITO;Note,Sede\r\n${head}\r\nx;y;z,w\r\n`;
    const reading = readCsvText(text);
    expect(reading.delimiter).toBe(',');
    expect(reading.table.ok && reading.table.value.header).toEqual(['AMBITO;Note', 'Sede']);
    expect(reading.table.ok && reading.table.value.records.at(-1)).toEqual(['x;y;z', 'w']);
  });

  it('a truncated file stays a truncated file: no retry with a separator the first records fit worse', () => {
    // Cut in its first record: ";" and "," fit one record of two each; "," would take the title row for a title above the table.
    const reading = readCsvText('AMBITO;Obiettivi;Risultati;ID Quadro v1;Ultima modifica\r\nGOVERNANCE;Supporto tra Ministero, Regioni e Province, fin');
    expect(reading.delimiter).toBe(';');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors.map((e) => [e.code, e.internal?.row])).toEqual([['csv.ragged-row', 2]]);
  });

  it('the title row found by the plan\'s column titles below a title typed above it', () => {
    const text = 'Piano operativo 2012 - copia di Mario;;Bozza\r\nAMBITO;Risultati al 2011;Note\r\nx;1;2\r\n';
    const reading = readCsvText(text, { knownTitles: ['AMBITO', 'Risultati al 2011'] });
    expect(reading.table.ok && reading.table.value.headerRowNumber).toBe(2);
    expect(reading.table.ok && reading.table.value.records).toEqual([['x', '1', '2']]);
  });

  it('readTable takes a spreadsheet\'s rows as they come: short rows padded, CR line breaks read as LF, a Quadro guard removed', () => {
    const rows = [['AMBITO', 'Note', 'ID Quadro v1', 'Ultima modifica'], ['x\r\ny', "'=1"], ['z', '', 'id-2', '', '']];
    const table = readTable(rows);
    expect(table.ok && table.value).toMatchObject({
      delimiter: null,
      header: ['AMBITO', 'Note', 'ID Quadro v1', 'Ultima modifica'],
      records: [
        ['x\ny', '=1', '', ''],
        ['z', '', 'id-2', ''],
      ],
      writtenByQuadro: true,
    });
  });

  it('"Ultima modifica" in a file without Quadro\'s ID is Quadro\'s column only when its cells read as Quadro\'s time and author', () => {
    const quadro = readCsvText('AMBITO;Ultima modifica\r\nx;26/11/2026 14:34:31 +01:00 · Mario Rossi\r\ny;\r\n');
    expect(quadro.table.ok && [quadro.table.value.lastChangedColumn, quadro.table.value.writtenByQuadro]).toEqual([1, true]);
    const own = readCsvText('AMBITO;Ultima modifica\r\nx;ieri, da Mario\r\n');
    expect(own.table.ok && [own.table.value.lastChangedColumn, own.table.value.writtenByQuadro]).toEqual([null, false]);
  });
});

describe('the merge compares after normalisation', () => {
  it('a local text stored with CRLF or NFD and the file\'s LF/NFC text: no change; Quadro\'s guard in a file that lost both Quadro columns: no change', () => {
    const doc = makeDoc([{ title: 'Area', columns: ['AMBITO', 'Note'], rows: [['Accoglienza', 'riga 1\r\nriga 2'], ['Lavoro', 'piu\u0300'], ['Casa', '- primo punto']] }]);
    for (const row of doc.rows) row.base = Object.fromEntries(Object.entries(row.cells).map(([id, cell]) => [id, hashText(cell.text)]));
    const reading = readCsvText("AMBITO;Note\r\nAccoglienza;\"riga 1\nriga 2\"\r\nLavoro;più\r\nCasa;'- primo punto\r\n");
    if (!reading.table.ok) throw new Error(JSON.stringify(reading.table.errors));
    const match = matchCsvToPlan(reading.table.value, doc, { areaId: 'a1' });
    if (!match.ok) throw new Error(JSON.stringify(match.errors));
    const preview = buildImportPreview(match.value, doc, { fileName: 'x.csv' });
    expect(preview.areas[0]?.rowsChanged).toEqual([]);
    expect(preview.areas[0]?.conflicts).toEqual([]);
  });
});
