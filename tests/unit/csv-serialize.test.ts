// Export details a spreadsheet cares about: BOM, delimiter, CRLF, quoting, formula guard, header, file name.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { csvFileName, slugify } from '../../src/lib/csv/file-name.ts';
import { neutralizeField, restoreField } from '../../src/lib/csv/neutralize.ts';
import { makeDoc } from './csv-helpers.ts';

const doc = makeDoc([
  {
    title: 'AREA IMMIGRAZIONE',
    columns: ['AMBITO', 'Risultati previsti al 2012'],
    rows: [
      { id: 'r1', texts: ['Accoglienza', 'riga 1\nriga 2; "citata"'], at: '2026-11-26T09:30:00.000Z', by: 'Mario Rossi' },
      { id: 'r2', texts: ['=1+1', '-3 posti'] },
    ],
  },
  { title: 'AREA DISABILI', columns: ['PROGETTO', 'Risultati previsti al 2012', 'Note'], rows: [['Sportello', 'x', 'n']] },
]);

/** Rome in winter: fixed, so the tests do not depend on the machine's time zone. */
const ROME_WINTER = (): number => 60;

describe('serializePlanCsv', () => {
  it('writes an area with BOM, ";" , CRLF, quoted line breaks and the ID Quadro v1 marker', () => {
    const csv = serializePlanCsv(doc, { kind: 'area', areaId: 'a1' }, { delimiter: ';', offsetAt: ROME_WINTER });
    expect(csv).toBe(
      '\uFEFFAMBITO;Risultati previsti al 2012;ID Quadro v1;Ultima modifica\r\n' +
        'Accoglienza;"riga 1\nriga 2; ""citata""";r1;26/11/2026 10:30:00 +01:00 · Mario Rossi\r\n' +
        "'=1+1;'-3 posti;r2;20/11/2026 09:00:00 +01:00 · Mario Rossi\r\n",
    );
    expect(csv).not.toMatch(/^sep=/m);
  });

  it('writes the whole plan with an Area column and the union of column titles in order of first appearance', () => {
    const csv = serializePlanCsv(doc, { kind: 'plan' }, { delimiter: ',', offsetAt: ROME_WINTER });
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Area,AMBITO,Risultati previsti al 2012,PROGETTO,Note,ID Quadro v1,Ultima modifica');
    expect(lines[3]).toBe('AREA DISABILI,,x,Sportello,n,a2-r1,20/11/2026 09:00:00 +01:00 · Mario Rossi');
  });

  it('guards header titles against formulas too, and quotes titles with any delimiter', () => {
    const odd = makeDoc([{ title: 'A', columns: ['=cmd', 'a,b'], rows: [] }]);
    expect(serializePlanCsv(odd, { kind: 'area', areaId: 'a1' }, { delimiter: ';', offsetAt: ROME_WINTER })).toBe(
      '\uFEFF\'=cmd;"a,b";ID Quadro v1;Ultima modifica\r\n',
    );
  });

  it('quotes a first title starting with "ID", which Excel would take for a SYLK file', () => {
    const sylk = makeDoc([{ title: 'A', columns: ['IDEA'], rows: [] }]);
    expect(serializePlanCsv(sylk, { kind: 'area', areaId: 'a1' }, { delimiter: ';', offsetAt: ROME_WINTER })).toMatch(/^\uFEFF"IDEA";/);
  });

  it('writes RFC 4180 that papaparse itself reads back unchanged', () => {
    const csv = serializePlanCsv(doc, { kind: 'area', areaId: 'a1' }, { delimiter: ';', offsetAt: ROME_WINTER });
    const back = Papa.parse<string[]>(csv.slice(1), { delimiter: ';' });
    expect(back.data[1]).toEqual(['Accoglienza', 'riga 1\nriga 2; "citata"', 'r1', '26/11/2026 10:30:00 +01:00 · Mario Rossi']);
  });
});

describe('neutralizeField / restoreField', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+39 06', "'+39 06"],
    ['-', "'-"],
    ['@home', "'@home"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\nx', "'\nx"],
    ['\0', "'\0"],
    ["'=x", "''=x"],
    ["''-x", "'''-x"],
    ["'ciao", "'ciao"],
    ['ciao', 'ciao'],
  ])('%j is written as %j and read back exactly', (text, written) => {
    expect(neutralizeField(text)).toBe(written);
    expect(restoreField(written)).toBe(text);
  });
});

describe('csvFileName', () => {
  it('names an area export with plan, area, day and author', () => {
    expect(
      csvFileName({ planName: 'Piano operativo 2012', areaTitle: 'AREA IMMIGRAZIONE', date: '2026-11-26', author: 'Mario Rossi' }),
    ).toBe('quadro_piano-operativo-2012_area-immigrazione_2026-11-26_mario-rossi.csv');
  });
  it('says piano-completo for the whole plan and anonimo without an author', () => {
    expect(csvFileName({ planName: 'Piano', date: new Date(2026, 10, 26, 12), author: '  ' })).toBe(
      'quadro_piano_piano-completo_2026-11-26_anonimo.csv',
    );
  });
  it('strips accents and collapses everything else into single dashes', () => {
    expect(slugify('  Città & Lavoro — è già così!  ')).toBe('citta-lavoro-e-gia-cosi');
  });
});
