// Matching a file to a plan and the three-way merge: one test per rule, plus the import-twice guarantee.
import { describe, expect, it } from 'vitest';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { parseCsvText, type ParsedCsv } from '../../src/lib/csv/parse.ts';
import { matchCsvToPlan, rematchColumn, titleSimilarity, type CsvMatch } from '../../src/lib/csv/match.ts';
import {
  applyChangeSet,
  buildImportPreview,
  resolveImport,
  type ImportChangeSet,
  type ImportDecisions,
  type ImportPreview,
} from '../../src/lib/csv/merge.ts';
import { cellText, hashText } from '../../src/lib/model/plan.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { makeDoc } from './csv-helpers.ts';
import { judgeFileTime, storedFileTime } from '../../src/lib/csv/last-changed.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const CONTEXT = { now: '2026-12-01T10:00:00.000Z', importer: 'Anna Bianchi', fileName: 'quadro_x.csv' };

function counter(): () => string {
  let n = 0;
  return () => `new-${++n}`;
}

/** The plan both consultants received: two rows whose cells all carry the seed as merge base. */
function seedDoc(): PlanDocument {
  const doc = makeDoc([
    {
      title: 'AREA IMMIGRAZIONE',
      columns: ['AMBITO', 'Risultati previsti al 2012'],
      rows: [
        { id: 'r1', texts: ['Accoglienza', '10 corsi'], at: '2026-11-01T08:00:00.000Z', by: 'Seed' },
        { id: 'r2', texts: ['Lavoro', '5 tirocini'], at: '2026-11-01T08:00:00.000Z', by: 'Seed' },
      ],
    },
  ]);
  doc.rows = doc.rows.map((row) => ({ ...row, base: withBase(row) }));
  return doc;
}

function withBase(row: Row): Record<string, string> {
  return { 'a1-c1': hashText(cellText(row, 'a1-c1')), 'a1-c2': hashText(cellText(row, 'a1-c2')) };
}

/** A copy of the doc with one cell edited by someone at a time (the base stays). */
function edit(doc: PlanDocument, rowId: string, columnId: string, text: string, at: string, by: string): PlanDocument {
  return {
    ...doc,
    rows: doc.rows.map((row) =>
      row.id === rowId ? { ...row, cells: { ...row.cells, [columnId]: { text, changedAt: at, changedBy: by } } } : row,
    ),
  };
}

function parse(csv: string): ParsedCsv {
  const parsed = parseCsvText(csv);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

function match(local: PlanDocument, csv: string, areaId: string | undefined = 'a1'): CsvMatch {
  const matched = matchCsvToPlan(parse(csv), local, areaId === undefined ? {} : { areaId });
  if (!matched.ok) throw new Error(JSON.stringify(matched.errors));
  return matched.value;
}

function importFile(local: PlanDocument, csv: string, decisions: Partial<ImportDecisions> = {}): { preview: ImportPreview; changes: ImportChangeSet; after: PlanDocument } {
  const preview = buildImportPreview(match(local, csv), local, CONTEXT);
  const changes = resolveImport(preview, { conflicts: {}, ...decisions }, { ...CONTEXT, newId: counter() });
  return { preview, changes, after: applyChangeSet(local, changes) };
}

const areaCsv = (doc: PlanDocument): string => serializePlanCsv(doc, { kind: 'area', areaId: 'a1' }, { delimiter: ';' });
const text = (doc: PlanDocument, rowId: string, columnId: string): string => {
  const row = doc.rows.find((r) => r.id === rowId);
  return row ? cellText(row, columnId) : '(no row)';
};

describe('three-way merge rules', () => {
  it('same text on both sides: nothing to do, nothing written', () => {
    const { preview, changes } = importFile(seedDoc(), areaCsv(seedDoc()));
    expect(preview.areas[0]?.rowsChanged).toEqual([]);
    expect(preview.areas[0]?.conflicts).toEqual([]);
    expect(changes.rowsToPut).toEqual([]);
  });

  it('only the file changed a cell: its text is taken, with the time and author of the file', () => {
    const theirs = edit(seedDoc(), 'r1', 'a1-c2', '12 corsi', '2026-11-25T09:00:00.000Z', 'Mario Rossi');
    const { preview, changes, after } = importFile(seedDoc(), areaCsv(theirs));
    expect(preview.areas[0]?.rowsChanged[0]?.changes).toEqual([
      {
        id: 'a1|r1|a1-c2',
        columnKey: 'a1-c2',
        columnTitle: 'Risultati previsti al 2012',
        before: '10 corsi',
        after: '12 corsi',
        beforeChangedAt: '2026-11-01T08:00:00.000Z',
        beforeChangedBy: 'Seed',
      },
    ]);
    expect(changes.summary).toEqual({ added: 0, changed: 1, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 });
    const row = after.rows.find((r) => r.id === 'r1');
    expect(row?.cells['a1-c2']).toEqual({ text: '12 corsi', changedAt: '2026-11-25T09:00:00.000Z', changedBy: 'Mario Rossi' });
    expect(row?.base?.['a1-c2']).toBe(hashText('12 corsi'));
  });

  it('only the local side changed a cell: the local text stays and nothing is written', () => {
    const mine = edit(seedDoc(), 'r1', 'a1-c2', 'mio testo', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const { preview, changes } = importFile(mine, areaCsv(seedDoc()));
    expect(preview.areas[0]?.rowsChanged).toEqual([]);
    expect(changes.rowsToPut).toEqual([]);
  });

  it('both changed the same way: no conflict, only the base moves to the new text', () => {
    const mine = edit(seedDoc(), 'r2', 'a1-c2', '7 tirocini', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const theirs = edit(seedDoc(), 'r2', 'a1-c2', '7 tirocini', '2026-11-26T09:00:00.000Z', 'Mario Rossi');
    const { preview, changes } = importFile(mine, areaCsv(theirs));
    expect(preview.areas[0]?.conflicts).toEqual([]);
    expect(preview.areas[0]?.rowsRebased.map((r) => r.rowId)).toEqual(['r2']);
    expect(changes.summary.changed).toBe(0);
    expect(changes.rowsToPut).toHaveLength(1);
    expect(changes.rowsToPut[0]?.cells['a1-c2']?.changedBy).toBe('Anna Bianchi');
    expect(changes.rowsToPut[0]?.base?.['a1-c2']).toBe(hashText('7 tirocini'));
  });

  it('both changed differently: a both-changed conflict; mine, theirs and both resolve it', () => {
    const mine = edit(seedDoc(), 'r2', 'a1-c2', '6 tirocini', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const theirs = edit(seedDoc(), 'r2', 'a1-c2', '8 tirocini', '2026-11-26T09:00:00.000Z', 'Mario Rossi');
    const csv = areaCsv(theirs);
    const { preview } = importFile(mine, csv);
    const conflict = preview.areas[0]?.conflicts[0];
    expect(conflict).toMatchObject({ kind: 'both-changed', rowId: 'r2', columnId: 'a1-c2', mine: '6 tirocini', theirs: '8 tirocini', rowNumber: 3, columnNumber: 2 });
    const id = conflict?.id as string;

    expect(text(importFile(mine, csv).after, 'r2', 'a1-c2')).toBe('6 tirocini'); // unanswered → mine
    expect(text(importFile(mine, csv, { conflicts: { [id]: 'theirs' } }).after, 'r2', 'a1-c2')).toBe('8 tirocini');
    const both = text(importFile(mine, csv, { conflicts: { [id]: 'both' } }).after, 'r2', 'a1-c2');
    expect(both).toBe('6 tirocini\n— versione del file (Mario Rossi) —\n8 tirocini');
    expect(both.split('\n').some((line) => /^[=+\-@]/.test(line))).toBe(false);
  });

  it('a file\'s clock decides nothing: a text received from one colleague is taken over by another\'s later file, whatever its date', () => {
    // Issue 18: the cell was last received from Luca (text = base) and stamped 25/11 by Luca's clock;
    // Mario's file says 20/11 by his. Comparing two devices' clocks decided "older file" before.
    // The bases decide now: nothing was edited here since the exchange, so the file's text is taken.
    const local = seedDoc();
    const received = edit(local, 'r1', 'a1-c2', '15 corsi', '2026-11-25T09:00:00.000Z', 'Luca Verdi');
    received.rows = received.rows.map((row) => ({ ...row, base: withBase(row) }));
    const other = edit(seedDoc(), 'r1', 'a1-c2', '11 corsi', '2026-11-20T09:00:00.000Z', 'Mario Rossi');
    const { preview, after } = importFile(received, areaCsv(other));
    expect(preview.areas[0]?.conflicts).toEqual([]);
    expect(text(after, 'r1', 'a1-c2')).toBe('11 corsi');
  });

  it('an edit made here since the last exchange is never overwritten, however late the file says it was written', () => {
    // The local text differs from its base: it was edited here. A file from 2099 is a conflict, not a take.
    const mine = edit(seedDoc(), 'r1', 'a1-c2', 'mio testo', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const theirs = edit(seedDoc(), 'r1', 'a1-c2', 'testo del 2099', '2099-12-31T09:00:00.000Z', 'Mario Rossi');
    const { preview, after } = importFile(mine, areaCsv(theirs));
    expect(preview.areas[0]?.conflicts.map((c) => c.kind)).toEqual(['both-changed']);
    expect(text(after, 'r1', 'a1-c2')).toBe('mio testo');
  });

  it('a time in the future or absurd is not stored as the cell\'s time, and a later real edit of that cell then merges', () => {
    // 31/12/2099 on Mario's file used to stick to the cell; his real edit days later came back as an "older file".
    const future = edit(seedDoc(), 'r1', 'a1-c2', '12 corsi', '2099-12-31T09:00:00.000Z', 'Mario Rossi');
    const first = importFile(seedDoc(), areaCsv(future)).after;
    expect(first.rows.find((r) => r.id === 'r1')?.cells['a1-c2']).toEqual({ text: '12 corsi', changedAt: CONTEXT.now, changedBy: 'Mario Rossi' });
    const later = edit(future, 'r1', 'a1-c2', '13 corsi', '2026-11-30T09:00:00.000Z', 'Mario Rossi');
    const { preview, after } = importFile(first, areaCsv(later));
    expect(preview.areas[0]?.conflicts).toEqual([]);
    expect(after.rows.find((r) => r.id === 'r1')?.cells['a1-c2']).toEqual({ text: '13 corsi', changedAt: '2026-11-30T09:00:00.000Z', changedBy: 'Mario Rossi' });
    // 01/01/9999: the same.
    const odd = importFile(seedDoc(), areaCsv(edit(seedDoc(), 'r1', 'a1-c2', '12 corsi', '9999-01-01T00:00:00.000Z', 'Mario Rossi'))).after;
    expect(odd.rows.find((r) => r.id === 'r1')?.cells['a1-c2']?.changedAt).toBe(CONTEXT.now);
  });

  it('judges a file\'s time against this device\'s clock, for display: a little fast is fine, the future and the absurd are said', () => {
    const now = '2026-12-01T10:00:00.000Z';
    expect(judgeFileTime('2026-12-01T11:30:00.000Z', now)).toBe('ok');
    expect(judgeFileTime('2011-05-01T00:00:00.000Z', now)).toBe('ok');
    expect(judgeFileTime('2099-12-31T00:00:00.000Z', now)).toBe('future');
    expect(judgeFileTime('1900-01-01T00:00:00.000Z', now)).toBe('absurd');
    expect(judgeFileTime('ieri', now)).toBe('absurd');
    expect(storedFileTime('1900-01-01T00:00:00.000Z', now)).toBe(now);
    expect(storedFileTime(undefined, now)).toBe(now);
    expect(storedFileTime('2026-11-30T09:00:00.000Z', now)).toBe('2026-11-30T09:00:00.000Z');
  });

  it('without a common base: an empty local cell takes the file, an empty file cell keeps local, else no-common-base', () => {
    const local = makeDoc([{ title: 'A', columns: ['AMBITO', 'Note'], rows: [{ id: 'r1', texts: ['x', ''] }, { id: 'r2', texts: ['y', 'mia'] }, { id: 'r3', texts: ['z', 'mia'] }] }]);
    const file = makeDoc([{ title: 'A', columns: ['AMBITO', 'Note'], rows: [{ id: 'r1', texts: ['x', 'loro'] }, { id: 'r2', texts: ['y', ''] }, { id: 'r3', texts: ['z', 'loro'] }] }]);
    const { preview, after } = importFile(local, areaCsv(file));
    expect(text(after, 'r1', 'a1-c2')).toBe('loro');
    expect(text(after, 'r2', 'a1-c2')).toBe('mia');
    expect(preview.areas[0]?.conflicts.map((c) => [c.rowId, c.kind])).toEqual([['r3', 'no-common-base']]);
    expect(after.rows.every((row) => row.base?.['a1-c2'] !== undefined)).toBe(true);
  });

  it('a value taken from a file without "Ultima modifica" gets the import time and the importer', () => {
    const local = makeDoc([{ title: 'A', columns: ['AMBITO', 'Note'], rows: [{ id: 'r1', texts: ['x', ''] }] }]);
    const { after } = importFile(local, 'AMBITO;Note\r\nx;nuovo\r\n');
    expect(after.rows[0]?.cells['a1-c2']).toEqual({ text: 'nuovo', changedAt: CONTEXT.now, changedBy: CONTEXT.importer });
  });
});

describe('rows and columns the other side added or removed', () => {
  const local = seedDoc();
  const theirs = makeDoc([
    {
      title: 'AREA IMMIGRAZIONE',
      columns: ['AMBITO', 'Risultati previsti al 2012', 'Risultati 2013'],
      rows: [
        { id: 'r1', texts: ['Accoglienza', '10 corsi', '20 corsi'] },
        { id: 'x9', texts: ['Mediazione', '3 mediatori', ''] },
        { id: 'x10', texts: ['Alloggio', '', ''] },
      ],
    },
  ]);

  it('lists a new column, new rows in file order after the last row, and local rows missing from the file', () => {
    const { preview, changes, after } = importFile(local, areaCsv(theirs));
    const area = preview.areas[0];
    expect(area?.columnsAdded.map((c) => c.title)).toEqual(['Risultati 2013']);
    expect(area?.rowsAdded.map((r) => r.rowNumber)).toEqual([3, 4]);
    expect(area?.rowsMissing.map((r) => r.rowId)).toEqual(['r2']);
    expect(changes.newColumns).toEqual([{ id: 'new-1', areaId: 'a1', planId: 'plan-1', title: 'Risultati 2013', order: 3 }]);
    expect(changes.rowsToPut.filter((r) => r.id.startsWith('new-')).map((r) => [r.order, cellText(r, 'a1-c1')])).toEqual([
      [3, 'Mediazione'],
      [4, 'Alloggio'],
    ]);
    expect(text(after, 'r1', 'new-1')).toBe('20 corsi');
    expect(after.rows.some((r) => r.id === 'r2')).toBe(true); // never deleted unasked
  });

  it('deletes a missing row only when told, and skips new columns and rows when refused', () => {
    const { changes } = importFile(local, areaCsv(theirs), { deleteMissingRowIds: ['r2', 'r1'], acceptNewColumns: false, acceptNewRows: false });
    expect(changes.rowIdsToDelete).toEqual(['r2']);
    expect(changes.newColumns).toEqual([]);
    expect(changes.rowsToPut.every((row) => !row.id.startsWith('new-'))).toBe(true);
  });
});

describe('import guarantees', () => {
  it('importing the same file twice changes nothing the second time (new rows, new column, conflicts)', () => {
    const mine = edit(seedDoc(), 'r2', 'a1-c2', '6 tirocini', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const theirs = makeDoc([
      {
        title: 'AREA IMMIGRAZIONE',
        columns: ['AMBITO', 'Risultati previsti al 2012', 'Note'],
        rows: [
          { id: 'r1', texts: ['Accoglienza', '12 corsi', 'n1'] },
          { id: 'r2', texts: ['Lavoro', '8 tirocini', ''] },
          { id: 'x1', texts: ['', 'senza ambito', ''] },
          { id: 'x2', texts: ['Nuovo', '', 'n2'] },
        ],
      },
    ]);
    const csv = areaCsv(theirs);
    for (const choice of ['mine', 'theirs', 'both'] as const) {
      const first = importFile(mine, csv, { conflicts: { 'a1|r2|a1-c2': choice } });
      expect(first.changes.summary.added).toBe(2);
      const second = importFile(first.after, csv, { conflicts: { 'a1|r2|a1-c2': choice } });
      expect(second.preview.areas[0]?.conflicts).toEqual([]);
      expect(second.changes).toEqual({ newAreas: [], newColumns: [], rowsToPut: [], rowIdsToDelete: [], summary: { added: 0, changed: 0, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 } });
    }
  });

  it('observed point 3: after «Tieni entrambe» on the ambito of a row matched by its text (a file without IDs), the same file again changes nothing', () => {
    // The local ambito was retyped here ("Lavoro e tirocini" → "lavoro"), the file's is "LAVORO": matched by its text, both changed.
    const mine = edit(seedDoc(), 'r2', 'a1-c1', 'lavoro', '2026-11-25T09:00:00.000Z', 'Anna Bianchi');
    const csv = 'AMBITO;Risultati previsti al 2012\r\nAccoglienza;10 corsi\r\nLAVORO;9 tirocini\r\n';
    const first = importFile(mine, csv, { conflicts: { 'a1|r2|a1-c1': 'both' } });
    expect(first.preview.areas[0]?.conflicts.map((c) => c.id)).toEqual(['a1|r2|a1-c1']);
    expect(text(first.after, 'r2', 'a1-c1')).toBe('lavoro\n— versione del file (quadro_x.csv) —\nLAVORO');
    const second = importFile(first.after, csv, { conflicts: { 'a1|r2|a1-c1': 'both' } });
    expect(second.preview.areas[0]?.rowsAdded).toEqual([]);
    expect(second.changes.rowsToPut).toEqual([]);
  });

  it('a colleague\'s new row keeps the file\'s ID as an alias: their later file, with its ambito edited, updates it instead of adding it again', () => {
    const local = seedDoc();
    const file = (ambito: string, text: string): string =>
      `AMBITO;Risultati previsti al 2012;ID Quadro v1;Ultima modifica\r\nAccoglienza;10 corsi;r1;\r\nLavoro;5 tirocini;r2;\r\n${ambito};${text};their-row-7;\r\n`;
    const first = importFile(local, file('Mediazione', '3 mediatori'));
    expect(first.changes.summary.added).toBe(1);
    const added = first.after.rows.find((row) => !['r1', 'r2'].includes(row.id))!;
    expect(added.aliases).toEqual(['id:their-row-7']);
    const later = importFile(first.after, file('Mediazione culturale', '4 mediatori'));
    expect(later.changes.summary.added).toBe(0);
    expect(text(later.after, added.id, 'a1-c1')).toBe('Mediazione culturale');
    expect(text(later.after, added.id, 'a1-c2')).toBe('4 mediatori');
    // And the same later file once more: nothing.
    expect(importFile(later.after, file('Mediazione culturale', '4 mediatori')).changes.rowsToPut).toEqual([]);
  });

  it('a whole-plan file with an unknown area creates the area with its columns, and a second import matches it', () => {
    const local = seedDoc();
    const theirs = makeDoc([
      { title: 'AREA IMMIGRAZIONE', columns: ['AMBITO', 'Risultati previsti al 2012'], rows: [{ id: 'r1', texts: ['Accoglienza', '10 corsi'] }] },
      { title: 'AREA GIOVANI', columns: ['PROGETTO', 'Obiettivi'], rows: [{ id: 'g1', texts: ['Garanzia', 'Tutti'] }] },
    ]);
    const csv = serializePlanCsv(theirs, { kind: 'plan' }, { delimiter: ';' });
    const preview = buildImportPreview(match(local, csv, undefined), local, CONTEXT);
    const changes = resolveImport(preview, { conflicts: {} }, { ...CONTEXT, newId: counter() });
    expect(changes.newAreas.map((a) => [a.title, a.order])).toEqual([['AREA GIOVANI', 2]]);
    expect(changes.newColumns.map((c) => c.title)).toEqual(['PROGETTO', 'Obiettivi']);
    const after = applyChangeSet(local, changes);
    const again = resolveImport(buildImportPreview(match(after, csv, undefined), after, CONTEXT), { conflicts: {} }, { ...CONTEXT, newId: counter() });
    expect(again.rowsToPut).toEqual([]);
    expect(again.newAreas).toEqual([]);
  });

  it('skips rows without text that the plan does not know, so they are not added again on every import', () => {
    const csv = '\uFEFFAMBITO;Risultati previsti al 2012;ID Quadro v1;Ultima modifica\r\n;;unknown-id;\r\n;;;\r\nNuovo;;;\r\n';
    const { preview } = importFile(seedDoc(), csv);
    expect(preview.areas[0]?.rowsAdded.map((r) => r.rowNumber)).toEqual([4]);
  });

  it('a Quadro ID decides the area even when the Area column names another one', () => {
    const local = makeDoc([
      { title: 'A', columns: ['AMBITO'], rows: [{ id: 'r1', texts: ['x'] }] },
      { title: 'B', columns: ['AMBITO'], rows: [] },
    ]);
    const csv = '\uFEFFArea;AMBITO;ID Quadro v1;Ultima modifica\r\nB;y;r1;\r\n';
    const m = match(local, csv, undefined);
    expect(m.areas.map((a) => [a.areaId, a.rows.map((r) => r.rowId)])).toEqual([['a1', ['r1']]]);
  });
});

describe('matching', () => {
  const local = makeDoc([{ title: 'A', columns: ['AMBITO', 'Risultati previsti al 2012', 'Note'], rows: [{ id: 'r1', texts: ['Accoglienza', '10', ''] }] }]);

  it('matches rows of a plain Excel file (no IDs) by the first column, case and spaces ignored', () => {
    const m = match(local, 'ambito;Note\r\n  ACCOGLIENZA ;nota\r\nAltro;\r\n');
    expect(m.areas[0]?.rows.map((r) => [r.rowId, r.reason])).toEqual([['r1', 'first-column'], [null, 'new']]);
  });

  it('matches each local row once: the first by its text, then by the same content; the rest are new', () => {
    const two = makeDoc([{ title: 'A', columns: ['AMBITO', 'Note'], rows: [{ id: 'r1', texts: ['Accoglienza', 'a'] }, { id: 'r2', texts: ['Formazione', 'b'] }] }]);
    const m = match(two, 'AMBITO;Note\r\nAccoglienza;x\r\nAccoglienza;y\r\nformazione;b\r\nFormazione;b\r\nAltro;z\r\n');
    expect(m.areas[0]?.rows.map((r) => [r.rowId, r.reason])).toEqual([
      ['r1', 'first-column'],
      [null, 'new'],
      ['r2', 'first-column'],
      [null, 'new'],
      [null, 'new'],
    ]);
    // Without the first column, only a row with the same content is the same row.
    const byContent = match(two, 'Note\r\nb\r\nb\r\nz\r\n');
    expect(byContent.areas[0]?.rows.map((r) => [r.rowId, r.reason])).toEqual([
      ['r2', 'same-content'],
      [null, 'new'],
      [null, 'new'],
    ]);
  });

  it('proposes a renamed column by similar words, and offers an unknown one as new', () => {
    const m = match(local, 'AMBITO;Risultati previsti 2012;Budget\r\nAccoglienza;12;100\r\n');
    expect(m.areas[0]?.columns.map((c) => c.target)).toEqual([
      { kind: 'column', columnId: 'a1-c1', reason: 'exact' },
      { kind: 'column', columnId: 'a1-c2', reason: 'similar' },
      { kind: 'new', title: 'Budget' },
    ]);
  });

  it('never takes a new period for a renamed one: titles with different years are not similar', () => {
    const m = match(local, 'AMBITO;Risultati previsti al 2013\r\nAccoglienza;12\r\n');
    expect(m.areas[0]?.columns[1]?.target).toEqual({ kind: 'new', title: 'Risultati previsti al 2013' });
    expect(titleSimilarity('Risultati al 2012', 'Risultati al 2011')).toBe(0);
    expect(titleSimilarity('Risultati previsti 2012', 'Risultati previsti al 2012')).toBeGreaterThan(0.5);
  });

  it('lets the user send a file column elsewhere; the previous holder becomes new, rows are matched again', () => {
    const m = match(local, 'AMBITO;Budget\r\nAccoglienza;12\r\n');
    const re = rematchColumn(m, 'a1', 1, { kind: 'column', columnId: 'a1-c1' });
    expect(re.areas[0]?.columns.map((c) => c.target.kind)).toEqual(['new', 'column']);
    expect(re.areas[0]?.rows[0]?.rowId).toBeNull();
    expect(rematchColumn(m, 'a1', 1, { kind: 'ignore' }).areas[0]?.columns[1]?.target).toEqual({ kind: 'ignore' });
    expect(m.areas[0]?.columns[1]?.target.kind).toBe('new'); // the input match is not modified
  });

  it('refuses a header that matches nothing, naming the titles found and expected', () => {
    const result = matchCsvToPlan(parse('Nome;Cognome\r\nMario;Rossi\r\n'), local, { areaId: 'a1' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]?.code).toBe('csv.no-matching-columns');
    expect(describeProblem(result.errors[0]!, 'it')).toContain('«Nome», «Cognome»');
    expect(describeProblem(result.errors[0]!, 'en')).toContain('«AMBITO», «Risultati previsti al 2012», «Note»');
  });
});

describe('scale', () => {
  // How fast is the bench's job (B1m, npm run bench); this checks that every row of a large file
  // without IDs still finds its local row by text.
  it('matches and merges a 5,000-row Excel file (no IDs) against 5,000 local rows, each to its own', () => {
    const rows = Array.from({ length: 5000 }, (_, r) => [`Ambito ${r}`, `testo ${r}`]);
    const local = makeDoc([{ title: 'A', columns: ['AMBITO', 'Note'], rows }]);
    const csv = `AMBITO;Note\r\n${rows.map(([a, b], r) => `${a};${r % 2 === 0 ? b : 'nuovo'}`).join('\r\n')}\r\n`;
    const { preview } = importFile(local, csv);
    expect(preview.areas[0]?.rowsAdded).toHaveLength(0);
    expect(preview.areas[0]?.conflicts).toHaveLength(2500); // never exchanged, both sides have text
  });
});

describe('fingerprints', () => {
  /** hashText as first written (FNV lanes, then Number#toString(36)): bases stored since then must still match. */
  function referenceHash(text: string): string {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ 0x5bd1e995;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
    }
    return (((h2 >>> 0) & 0xfffff) * 0x100000000 + (h1 >>> 0)).toString(36);
  }

  it('gives every text the fingerprint earlier versions stored as its merge base', () => {
    expect(['', 'a', '12 corsi', 'Attività “avviata” • ✓', 'x'.repeat(5000)].map(hashText)).toEqual([
      '5a7dv3mwn9',
      'qxf0v2mvxo',
      'jzr20rwbe',
      'i1lxg0scnw',
      'cvpxeu8ijp',
    ]);
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const texts = Array.from({ length: 2000 }, () =>
      Array.from({ length: Math.floor(random() * 40) }, () => String.fromCharCode(32 + Math.floor(random() * 0x2000))).join(''),
    );
    expect(texts.map(hashText)).toEqual(texts.map(referenceHash));
  });
});
