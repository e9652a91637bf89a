// Issue 19: the corpus of files as colleagues' programs write them (scripts/make-csv-fixtures.sh world), each with its exact result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeImport, type AnalyzeResult } from '../../src/lib/exchange/analyze-import.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { decodeCsvBytes, type CsvEncoding } from '../../src/lib/csv/decode.ts';
import { readCsvText } from '../../src/lib/csv/parse.ts';
import { applyChangeSet, resolveImport } from '../../src/lib/csv/merge.ts';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { hashText, rowsOfArea } from '../../src/lib/model/plan.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const WORLD = new URL('../fixtures/csv/world/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, WORLD)));
const NOW = '2026-11-27T10:00:00.000Z';

const doc = await loadDefaultPlan();
const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
const ambitoColumn = doc.columns.find((c) => c.areaId === area.id && c.title === 'AMBITO')!;
const rowOf = (ambito: string) => rowsOfArea(doc, area.id).find((r) => r.cells[ambitoColumn.id]?.text.startsWith(ambito))!;
const columnOf = (title: string) => doc.columns.find((c) => c.areaId === area.id && c.title === title)!;
const textOf = (ambito: string, title: string): string => rowOf(ambito).cells[columnOf(title).id]?.text ?? '';

/** The one word the colleague changed, in the cell with four ✓ (which Mac Roman and Windows-1252 cannot hold). */
const EDITED = { ambito: 'GOVERNANCE NAZIONALE', column: 'Risultati previsti al 2011' };
const EDITED_TEXT = textOf(EDITED.ambito, EDITED.column).replace('report semestrali', 'report trimestrali');

const analyze = (name: string, options: { encoding?: CsvEncoding } = {}): AnalyzeResult =>
  analyzeImport({ bytes: bytesOf(name), fileName: name, doc, areaId: area.id, ...options });

function changesOf(result: AnalyzeResult) {
  return result.preview!.areas.flatMap((a) =>
    a.rowsChanged.flatMap((row) => row.changes.map((change) => ({ row: row.rowId, column: change.columnTitle, after: change.after, damage: change.damage ?? null, invisible: change.invisible ?? null }))),
  );
}

/** Exactly the colleague's one cell: listed, ticked, written with every ✓ and line break as they were; nothing else. */
function expectExactlyTheEdit(result: AnalyzeResult): void {
  expect(result.problems).toEqual([]);
  const changes = changesOf(result);
  expect(changes).toEqual([{ row: rowOf(EDITED.ambito).id, column: EDITED.column, after: EDITED_TEXT, damage: null, invisible: null }]);
  const preview = result.preview!;
  expect(preview.areas.flatMap((a) => [...a.rowsAdded, ...a.rowsMissing, ...a.conflicts, ...a.columnsAdded])).toEqual([]);
  const written = resolveImport(preview, { conflicts: {} }, { now: NOW, importer: 'Anna', fileName: 'x.csv' });
  expect(written.summary).toEqual({ added: 0, changed: 1, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 });
  const after = applyChangeSet(doc, written);
  const row = after.rows.find((r) => r.id === rowOf(EDITED.ambito).id)!;
  expect(row.cells[columnOf(EDITED.column).id]?.text).toBe(EDITED_TEXT);
  expect(EDITED_TEXT.match(/✓/g)).toHaveLength(4);
}

describe('done when: a Quadro export changed in one cell imports as exactly that cell', () => {
  it('saved by LibreOffice as Mac Roman, every line break turned CR (Excel for Mac\'s classic "CSV (Macintosh)")', () => {
    const result = analyze('quadro-edited-libreoffice-macroman-handmade-cr.csv');
    expect([result.encoding, result.delimiter, result.hadBom]).toEqual(['macintosh', ';', false]);
    expectExactlyTheEdit(result);
    // ✓ is not in Mac Roman: it came back as "?", the warning names the encoding actually used.
    const lossy = result.warnings.find((w) => w.code === 'csv.lossy-encoding-kept')!;
    expect(describeProblem(lossy, 'it')).toContain('letto come Mac Roman');
    expect(describeProblem(lossy, 'en')).toContain('read as Mac Roman');
    expect(result.warnings.map((w) => w.code)).not.toContain('csv.wrong-encoding');
  });

  it('saved by LibreOffice as UTF-8, every line break turned CRLF (a mail gateway)', () => {
    const result = analyze('quadro-edited-libreoffice-utf8-handmade-crlf.csv');
    expect([result.encoding, result.delimiter]).toEqual(['utf-8', ';']);
    expectExactlyTheEdit(result);
  });

  it('with Excel\'s "sep=;" first line, and LibreOffice\'s save of it ("sep=;" quoted)', () => {
    for (const name of ['quadro-edited-handmade-sep-semicolon.csv', 'quadro-edited-sep-libreoffice-utf8.csv']) {
      const result = analyze(name);
      expect([result.delimiter, result.delimiterSource, result.isQuadroFile]).toEqual([';', 'sep-line', true]);
      expectExactlyTheEdit(result);
      expect(result.warnings).toEqual([]);
      expect(result.match!.parsed.headerRowNumber).toBe(2);
    }
  });
});

describe('the corpus', () => {
  it.each([
    ['quadro-edited-libreoffice-macroman.csv', 'macintosh', ';'],
    ['quadro-edited-libreoffice-utf8-quote-all.csv', 'utf-8', ';'],
    ['quadro-edited-libreoffice-utf8-pipe.csv', 'utf-8', '|'],
    ['quadro-edited-libreoffice-utf16le-handmade-no-bom.csv', 'utf-16le', ';'],
    ['quadro-edited-libreoffice-utf16le-handmade-utf8-bom.csv', 'utf-16le', ';'],
  ] as const)('%s: read as %s with %j, exactly the one edited cell', (name, encoding, delimiter) => {
    const result = analyze(name);
    expect([result.encoding, result.delimiter]).toEqual([encoding, delimiter]);
    expectExactlyTheEdit(result);
  });

  it('a title and a blank row typed above the column titles: skipped, said in one line, exactly the edit', () => {
    const result = analyze('quadro-edited-title-row-libreoffice-utf8.csv');
    expectExactlyTheEdit(result);
    expect(result.match!.parsed.headerRowNumber).toBe(3);
    const skipped = result.warnings.filter((w) => w.code === 'csv.rows-above-header');
    expect(skipped).toHaveLength(1);
    expect(describeProblem(skipped[0]!, 'it')).toBe(
      'I titoli delle colonne sono nella riga 3: Quadro ha saltato le righe 1–2 (1 riga vuota e il titolo «Piano operativo 2012 – AREA IMMIGRAZION…»).',
    );
    expect(describeProblem(skipped[0]!, 'en')).toBe(
      'The column titles are in row 3: Quadro skipped rows 1–2 (1 blank row and the title «Piano operativo 2012 – AREA IMMIGRAZION…»).',
    );
  });

  it('a blank first line: the column titles are found in row 2', () => {
    const result = analyze('quadro-edited-blank-first-line-libreoffice-utf8.csv');
    expectExactlyTheEdit(result);
    expect(result.match!.parsed.headerRowNumber).toBe(2);
    expect(result.warnings.map((w) => describeProblem(w, 'it'))).toEqual(['I titoli delle colonne sono nella riga 2: Quadro ha saltato la riga 1 (1 riga vuota).']);
  });

  it('the ID column deleted: still a Quadro file, "Ultima modifica" not content, rows matched by text and said so, exactly the edit', () => {
    const result = analyze('quadro-edited-no-id-libreoffice-utf8.csv');
    expect([result.isQuadroFile, result.quadroWithoutId]).toEqual([true, true]);
    expectExactlyTheEdit(result);
    const match = result.match!.areas[0]!;
    expect(match.columns.map((c) => c.fileTitle)).not.toContain('Ultima modifica');
    expect(match.rows.map((r) => r.reason)).toEqual(match.rows.map(() => 'first-column'));
    // The next export has one "Ultima modifica", not "Ultima modifica (2)".
    const after = applyChangeSet(doc, resolveImport(result.preview!, { conflicts: {} }, { now: NOW, importer: 'Anna', fileName: 'x.csv' }));
    const header = serializePlanCsv(after, { kind: 'area', areaId: area.id }, { delimiter: ';', offsetAt: () => 60 }).split('\r\n')[0];
    expect(header).toBe('\uFEFFAMBITO;Obiettivi quali-quantitativi 2009-2011;Risultati previsti al 2011;Risultati al 2011;Risultati previsti al 2012;ID Quadro v1;Ultima modifica');
  });

  it('a Quadro export without its ID column: the formula guard is removed wherever Quadro wrote it, and only the edited cell changes', () => {
    const at = '2026-11-26T09:30:00.000Z';
    const cell = (text: string) => ({ text, changedAt: at, changedBy: 'Mario Rossi' });
    const small: PlanDocument = {
      plan: { id: 'p', name: 'Piano operativo 2012', origin: 'user', createdAt: at, updatedAt: at },
      areas: [{ id: 'a', planId: 'p', title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 }],
      columns: ['AMBITO', 'Risultati previsti al 2012', 'Note'].map((title, i) => ({ id: `c${i}`, areaId: 'a', planId: 'p', title, order: i })),
      rows: [
        ['Accoglienza ✓', 'Corsi: “Benvenuti” è già attivo; 5 €', '=SOMMA(1;2)'],
        ['Lavoro', 'riga 1\nriga 2', '- primo punto\n- secondo punto'],
        ['Casa, alloggio', "'citazione", '@mario'],
      ].map((texts, r) => ({
        id: `row-${r}`,
        areaId: 'a',
        planId: 'p',
        order: r + 1,
        cells: Object.fromEntries(texts.map((text, c) => [`c${c}`, cell(text)])),
        // Exported once: the texts sent are the merge's base.
        base: Object.fromEntries(texts.map((text, c) => [`c${c}`, hashText(text)])),
      })),
    };
    const name = 'quadro-small-no-id-libreoffice-utf8.csv';
    const result = analyzeImport({ bytes: bytesOf(name), fileName: name, doc: small, areaId: 'a' });
    expect(result.quadroWithoutId).toBe(true);
    expect(result.match!.parsed.records.map((r) => r.slice(0, 3))).toEqual([
      ['Accoglienza ✓', 'Corsi: “Benvenuti” è già attivo; 5 €', '=SOMMA(1;2)'],
      ['Lavoro', 'riga 1\nriga 2\nriga 3', '- primo punto\n- secondo punto'],
      ['Casa, alloggio', "'citazione", '@mario'],
    ]);
    expect(changesOf(result)).toEqual([{ row: 'row-1', column: 'Risultati previsti al 2012', after: 'riga 1\nriga 2\nriga 3', damage: null, invisible: null }]);
    expect(result.preview!.areas[0]!.columnsAdded).toEqual([]);
  });

  it('typographic quotes from autocorrect (doubled, apostrophes, a stray one): shown as invisible differences, unticked; only the edit is written', () => {
    const result = analyze('quadro-edited-handmade-typographic-quotes.csv');
    expect(result.problems).toEqual([]);
    const changes = changesOf(result);
    const edited = { row: rowOf(EDITED.ambito).id, column: EDITED.column, after: EDITED_TEXT, damage: null, invisible: null };
    const quotes = (ambito: string, column: string, after: string) => ({ row: rowOf(ambito).id, column, after, damage: 'invisible', invisible: ['quotes'] });
    expect(changes).toEqual([
      quotes('GOVERNANCE TRANSNAZIONALE', 'Risultati previsti al 2011', textOf('GOVERNANCE TRANSNAZIONALE', 'Risultati previsti al 2011').replace('"Uffici di coordinamento"', '““Uffici di coordinamento””')),
      quotes('GOVERNANCE TRANSNAZIONALE', 'Risultati al 2011', textOf('GOVERNANCE TRANSNAZIONALE', 'Risultati al 2011').replaceAll("'", '’')),
      edited,
      quotes('MODELLIZZAZIONE', 'Obiettivi quali-quantitativi 2009-2011', textOf('MODELLIZZAZIONE', 'Obiettivi quali-quantitativi 2009-2011').replaceAll("'", '’')),
      quotes('GESTIONE ED EROGAZIONE', 'Risultati al 2011', `${textOf('GESTIONE ED EROGAZIONE', 'Risultati al 2011')}"`),
    ]);
    const written = resolveImport(result.preview!, { conflicts: {} }, { now: NOW, importer: 'Anna', fileName: 'x.csv' });
    expect(written.summary).toEqual({ added: 0, changed: 1, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 });
  });

  it('invisible characters: NFD accents and a BOM at a line start are no change; a zero-width space, a no-break space and a trailing space are shown, unticked', () => {
    const result = analyze('quadro-edited-handmade-invisible-characters.csv');
    expect(result.problems).toEqual([]);
    const invisible = (ambito: string, column: string, after: string, kind: string) => ({ row: rowOf(ambito).id, column, after, damage: 'invisible', invisible: [kind] });
    expect(changesOf(result)).toEqual([
      { row: rowOf(EDITED.ambito).id, column: EDITED.column, after: EDITED_TEXT, damage: null, invisible: null },
      invisible('MODELLIZZAZIONE', 'Risultati previsti al 2011', textOf('MODELLIZZAZIONE', 'Risultati previsti al 2011').replace(' ', ' \u200B'), 'zero-width'),
      invisible('NETWORKING', 'Obiettivi quali-quantitativi 2009-2011', textOf('NETWORKING', 'Obiettivi quali-quantitativi 2009-2011').replace(' ', '\u00A0'), 'no-break-space'),
      invisible('GESTIONE ED EROGAZIONE', 'Obiettivi quali-quantitativi 2009-2011', `${textOf('GESTIONE ED EROGAZIONE', 'Obiettivi quali-quantitativi 2009-2011')} `, 'edge-spaces'),
    ]);
    const written = resolveImport(result.preview!, { conflicts: {} }, { now: NOW, importer: 'Anna', fileName: 'x.csv' });
    expect(written.summary.changed).toBe(1);
    // Ticked, an invisible difference is written like any change.
    const ids = result.preview!.areas[0]!.rowsChanged.flatMap((row) => row.changes.filter((c) => c.damage === 'invisible').map((c) => c.id));
    expect(resolveImport(result.preview!, { conflicts: {}, acceptDamaged: ids }, { now: NOW, importer: 'Anna', fileName: 'x.csv' }).summary.changed).toBe(4);
  });
});

describe('sheets typed by hand or in Excel style', () => {
  const read = (name: string) => {
    const decoded = decodeCsvBytes(bytesOf(name));
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
    return readCsvText(decoded.value.text);
  };

  it('a ";" file whose column titles hold commas (Excel leaves them unquoted) is read with ";"', () => {
    const reading = read('sheet-commas-in-titles-libreoffice-utf8.csv');
    expect(reading.delimiter).toBe(';');
    expect(reading.table.ok && reading.table.value.header).toEqual(['AMBITO', 'Obiettivi, risultati, note', 'Sede, regione, provincia']);
    expect(reading.table.ok && reading.table.value.records).toEqual([
      ['Accoglienza', '10 corsi, 200 iscritti', 'Roma, Lazio, RM'],
      ['Lavoro', '5 tirocini', 'Milano, Lombardia, MI'],
    ]);
  });

  it('a "," file with unquoted decimals is refused in one message that names "," and says what to do; the separator is reported', () => {
    const reading = read('sheet-handmade-comma-unquoted-decimals.csv');
    expect(reading.delimiter).toBe(',');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors).toHaveLength(1);
    const [error] = reading.table.errors;
    expect(error!.code).toBe('csv.ragged-row');
    expect(describeProblem(error!, 'it')).toBe(
      'Riga 2: ha 3 campi, ma la riga dei titoli ne ha 2. Quadro ha letto il file con il separatore la virgola (,): se il file ne usa un altro, sceglilo in «Separatore»; altrimenti un testo che contiene il separatore (per esempio un numero come 1.250,50) va messo tra virgolette, oppure esporta di nuovo il file.',
    );
    expect(describeProblem(error!, 'en')).toContain('with the comma (,) as separator');
  });

  it('a line holding only a space is no record, not a reason to refuse the file', () => {
    const reading = read('sheet-handmade-space-only-line.csv');
    expect(reading.table.ok && reading.table.value.records).toEqual([
      ['Accoglienza', 'ok'],
      ['Lavoro', 'bene'],
    ]);
    expect(reading.table.ok && reading.table.value.rowNumbers).toEqual([2, 4]);
  });

  it('one broken quote gives one message', () => {
    const reading = read('sheet-handmade-broken-quote.csv');
    expect(reading.table.ok).toBe(false);
    if (reading.table.ok) return;
    expect(reading.table.errors.map((e) => [e.code, e.internal?.row])).toEqual([['csv.bad-quote', 2]]);
  });
});

describe('a wrong encoding is flagged, never applied without consent', () => {
  it('the Mac Roman file forced to Windows-1252: a warning naming both encodings, every garbled cell left out unless ticked', () => {
    const result = analyze('quadro-edited-libreoffice-macroman.csv', { encoding: 'windows-1252' });
    expect(result.encoding).toBe('windows-1252');
    expect(result.wrongEncoding!.alternatives).toEqual(['macintosh']);
    const warning = result.warnings.find((w) => w.code === 'csv.wrong-encoding')!;
    expect(describeProblem(warning, 'it')).toContain('Il file è stato letto come Windows-1252');
    expect(describeProblem(warning, 'it')).toContain('Prova «Mac Roman» nel menu «Codifica»');
    expect(describeProblem(warning, 'en')).toContain('Try “Mac Roman” in the “Encoding” menu');
    const changes = changesOf(result);
    // Every content cell with a letter beyond ASCII comes out garbled, and every one is flagged.
    const contentColumns = doc.columns.filter((c) => c.areaId === area.id && c.title !== 'AMBITO');
    const accented = rowsOfArea(doc, area.id).flatMap((row) => contentColumns.filter((c) => /[\u0080-\uffff]/.test(row.cells[c.id]?.text ?? '')));
    expect(changes).toHaveLength(accented.length);
    expect(changes.filter((c) => c.damage === null)).toEqual([]);
    const written = resolveImport(result.preview!, { conflicts: {} }, { now: NOW, importer: 'Anna', fileName: 'x.csv' });
    expect(written.summary.changed).toBe(0);
    expect(written.summary.damagedLeftOut).toBe(changes.length);
  });

  it('a Windows-1252 file forced to Mac Roman: flagged the other way ("gi‡", "pi˘")', () => {
    const text = 'AMBITO;Note\r\nAccoglienza;già più città\r\n';
    const bytes = Uint8Array.from([...text].map((c) => ({ à: 0xe0, ù: 0xf9 })[c as 'à' | 'ù'] ?? c.charCodeAt(0)));
    const decoded = decodeCsvBytes(bytes, 'macintosh');
    expect(decoded.ok && decoded.value.text).toContain('gi‡ pi˘ citt‡');
    expect(decoded.ok && decoded.value.wrongEncoding?.alternatives).toEqual(['windows-1252']);
    expect(decodeCsvBytes(bytes).ok && (decodeCsvBytes(bytes) as { value: { encoding: string } }).value.encoding).toBe('windows-1252');
  });
});
