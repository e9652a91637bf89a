// Real files as Excel and LibreOffice write them (see scripts/make-csv-fixtures.sh): encodings, delimiters, line ends.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, type CsvEncoding } from '../../src/lib/csv/decode.ts';
import { parseCsvText, type ParsedCsv } from '../../src/lib/csv/parse.ts';
import { matchCsvToPlan } from '../../src/lib/csv/match.ts';
import { buildImportPreview, resolveImport } from '../../src/lib/csv/merge.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const FIXTURES = new URL('../fixtures/csv/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(name, FIXTURES)));

function load(name: string): { parsed: ParsedCsv; encoding: CsvEncoding; hadBom: boolean } {
  const decoded = decodeCsvBytes(bytesOf(name));
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.errors));
  const parsed = parseCsvText(decoded.value.text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return { parsed: parsed.value, encoding: decoded.value.encoding, hadBom: decoded.value.hadBom };
}

const SHEET_HEADER = ['AMBITO', 'Risultati previsti al 2012', 'Note'];
const SHEET_RECORDS = [
  ['Accoglienza', 'Corsi di italiano: “Benvenuti” è già attivo', 'Costo 5 € più IVA; sede à Roma'],
  ['Lavoro', 'riga 1\nriga 2', 'più ù, ok'],
];

describe('spreadsheet files', () => {
  it.each([
    ['handmade-excel-like-utf8-bom-semicolon.csv', 'utf-8', true, ';'],
    ['handmade-excel-like-cp1252-semicolon.csv', 'windows-1252', false, ';'],
    ['libreoffice-utf8-semicolon-lf.csv', 'utf-8', false, ';'],
    ['libreoffice-utf8-comma-lf.csv', 'utf-8', false, ','],
    ['libreoffice-cp1252-semicolon-lf.csv', 'windows-1252', false, ';'],
  ] as const)('%s: read as %s (BOM %s), delimiter %j, every accent and the quoted line break intact', (name, encoding, hadBom, delimiter) => {
    const loaded = load(name);
    expect(loaded.encoding).toBe(encoding);
    expect(loaded.hadBom).toBe(hadBom);
    expect(loaded.parsed.delimiter).toBe(delimiter);
    expect(loaded.parsed.header).toEqual(SHEET_HEADER);
    expect(loaded.parsed.records).toEqual(SHEET_RECORDS);
    expect(loaded.parsed.quadroVersion).toBeNull();
  });

  it('the LF-only and CRLF files give the same records, numbered as the spreadsheet shows them', () => {
    expect(load('libreoffice-utf8-semicolon-lf.csv').parsed.rowNumbers).toEqual([2, 3]);
    expect(load('handmade-excel-like-utf8-bom-semicolon.csv').parsed.rowNumbers).toEqual([2, 3]);
  });

  it('a ragged file is refused, naming row 3 and the field counts', () => {
    const decoded = decodeCsvBytes(bytesOf('ragged.csv'));
    if (!decoded.ok) throw new Error('decode failed');
    const parsed = parseCsvText(decoded.value.text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[0]?.code).toBe('csv.ragged-row');
    expect(describeProblem(parsed.errors[0]!, 'it')).toContain('Riga 3: ha 2 campi');
    expect(describeProblem(parsed.errors[0]!, 'en')).toContain('Row 3: it has 2 fields');
  });

  it('a real .xlsx is refused with the way to save it as CSV', () => {
    const decoded = decodeCsvBytes(bytesOf('not-a-csv.xlsx'));
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.errors[0]?.code).toBe('csv.not-csv.xlsx');
    expect(describeProblem(decoded.errors[0]!, 'it')).toContain(
      'È un file Excel (.xlsx), non un CSV: in Excel usa File › Salva con nome › CSV (delimitato dal separatore di elenco)',
    );
  });
});

describe('a Quadro export re-saved by LibreOffice', () => {
  const original = load('quadro-export.csv');

  it('the export itself: BOM, UTF-8, format v1, formula guard removed on import', () => {
    expect(original).toMatchObject({ encoding: 'utf-8', hadBom: true });
    expect(original.parsed.quadroVersion).toBe(1);
    expect(original.parsed.records.map((r) => r[2])).toEqual(['=SOMMA(1;2)', '-3 posti', '@mario']);
    expect(original.parsed.records[2]?.[1]).toBe("'citazione");
  });

  it('re-saved as UTF-8 (quotes everywhere, LF, no BOM): IDs, texts and last changes survive exactly', () => {
    const resaved = load('quadro-export-resaved-libreoffice-utf8.csv');
    expect(resaved.hadBom).toBe(false);
    expect(resaved.parsed.header).toEqual(original.parsed.header);
    expect(resaved.parsed.records).toEqual(original.parsed.records);
  });

  it('re-saved as Windows-1252: IDs and texts survive, but ✓ (not in Windows-1252) becomes "?"', () => {
    const resaved = load('quadro-export-resaved-libreoffice-cp1252.csv');
    expect(resaved.encoding).toBe('windows-1252');
    const expected = original.parsed.records.map((record) => record.map((field) => field.replace('✓', '?')));
    expect(resaved.parsed.records).toEqual(expected);
    expect(resaved.parsed.records[0]?.[0]).toBe('Accoglienza ?');
  });

  it('importing the re-saved file into a plan that already has it changes nothing', () => {
    const at = '2026-11-26T09:30:00.000Z';
    const ids = original.parsed.records.map((r) => r[3] as string);
    const doc: PlanDocument = {
      plan: { id: 'p', name: 'Piano', origin: 'user', createdAt: at, updatedAt: at },
      areas: [{ id: 'a', planId: 'p', title: 'AREA IMMIGRAZIONE', introduction: '', order: 1 }],
      columns: SHEET_HEADER.map((title, i) => ({ id: `c${i}`, areaId: 'a', planId: 'p', title, order: i })),
      rows: original.parsed.records.map((record, r) => ({
        id: ids[r] as string,
        areaId: 'a',
        planId: 'p',
        order: r + 1,
        cells: Object.fromEntries(record.slice(0, 3).map((text, c) => [`c${c}`, { text, changedAt: at, changedBy: 'Mario Rossi' }])),
      })),
    };
    const resaved = load('quadro-export-resaved-libreoffice-utf8.csv');
    const match = matchCsvToPlan(resaved.parsed, doc, { areaId: 'a' });
    if (!match.ok) throw new Error(JSON.stringify(match.errors));
    const preview = buildImportPreview(match.value, doc, { fileName: 'x.csv' });
    expect(preview.areas[0]?.rowsChanged).toEqual([]);
    expect(preview.areas[0]?.rowsAdded).toEqual([]);
    const changes = resolveImport(preview, { conflicts: {} }, { now: at, importer: 'Anna', fileName: 'x.csv' });
    expect(changes.summary).toEqual({ added: 0, changed: 0, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 });
  });
});

describe('the 2012 plan round-tripped through LibreOffice (issue 9)', async () => {
  const { analyzeImport } = await import('../../src/lib/exchange/analyze-import.ts');
  const { loadDefaultPlan } = await import('../../src/lib/seed/default-plan.ts');
  const doc = await loadDefaultPlan();
  const area = doc.areas.find((a) => a.title === 'AREA IMMIGRAZIONE')!;
  const analyze = (name: string) => analyzeImport({ bytes: bytesOf(name), fileName: name, doc, areaId: area.id });
  const changesOf = (result: ReturnType<typeof analyze>) =>
    result.preview!.areas.flatMap((a) => a.rowsChanged.flatMap((row) => row.changes.map((change) => ({ rowId: row.rowId, ...change }))));
  const governance = doc.rows.find((r) => Object.values(r.cells).some((c) => c.text === 'GOVERNANCE NAZIONALE'))!;
  const column2011 = doc.columns.find((c) => c.areaId === area.id && c.title === 'Risultati previsti al 2011')!;
  const EDITED_TEXT = governance.cells[column2011.id]!.text.replace('report semestrali', 'report trimestrali');

  it('saved as Windows-1252 with one word edited (in the cell with four ✓) and rows moved: exactly that one cell changes, every ✓ intact', () => {
    const result = analyze('plan-2012-immigrazione-edited-libreoffice-cp1252.csv');
    expect(result.encoding).toBe('windows-1252');
    expect(result.problems).toEqual([]);
    const changes = changesOf(result);
    expect(changes.map((c) => [c.rowId, c.columnTitle, c.after])).toEqual([[governance.id, 'Risultati previsti al 2011', EDITED_TEXT]]);
    expect(EDITED_TEXT.match(/✓/g)).toHaveLength(4);
    const preview = result.preview!;
    expect(preview.areas.flatMap((a) => [...a.rowsAdded, ...a.rowsMissing, ...a.conflicts])).toEqual([]);
    // GOVERNANCE NAZIONALE / Risultati previsti al 2011 alone holds four ✓.
    expect(preview.lossyKept.characters).toBeGreaterThanOrEqual(4);
    const warning = result.warnings.find((w) => w.code === 'csv.lossy-encoding-kept')!;
    expect(describeProblem(warning, 'it')).toContain(`${preview.lossyKept.characters} caratteri`);
    expect(describeProblem(warning, 'it')).toContain('CSV UTF-8');
    expect(describeProblem(warning, 'en')).toContain('CSV UTF-8');
    const written = resolveImport(preview, { conflicts: {} }, { now: '2026-11-26T10:00:00.000Z', importer: 'Anna', fileName: 'x.csv' });
    expect(written.summary).toEqual({ added: 0, changed: 1, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 });
    const after = written.rowsToPut.flatMap((row) => Object.values(row.cells).map((cell) => cell.text));
    expect(after.some((text) => text.includes('?') && !doc.rows.some((r) => Object.values(r.cells).some((c) => c.text === text)))).toBe(false);
  });

  it('Excel-style "Unicode text" (UTF-16 LE, BOM, tab) imports exactly like its UTF-8 twin', () => {
    const utf16 = analyze('plan-2012-immigrazione-edited-libreoffice-utf16le-tab.csv');
    const utf8 = analyze('plan-2012-immigrazione-edited-libreoffice-utf8-tab.csv');
    expect([utf16.encoding, utf16.delimiter, utf16.hadBom]).toEqual(['utf-16le', '\t', true]);
    expect(utf16.problems).toEqual([]);
    expect({ ...utf16.preview, fileName: '' }).toEqual({ ...utf8.preview, fileName: '' });
    expect(changesOf(utf16).map((c) => c.after)).toEqual([EDITED_TEXT]);
  });

  it('the same file as UTF-16 BE is read too, and named so', () => {
    const le = bytesOf('plan-2012-immigrazione-edited-libreoffice-utf16le-tab.csv');
    const be = new Uint8Array(le.length);
    for (let i = 0; i + 1 < le.length; i += 2) {
      be[i] = le[i + 1] as number;
      be[i + 1] = le[i] as number;
    }
    const decoded = decodeCsvBytes(be);
    expect(decoded.ok && decoded.value.encoding).toBe('utf-16be');
    expect(decoded.ok && decoded.value.text).toBe(new TextDecoder('utf-16le').decode(le.subarray(2)));
  });
});
