// Notes travel in files (issue 23): a CSV or .xlsx export carries them in one "Note sulle celle" column, exactly;
// an import merges them as a set (added on either side kept, changed on both a conflict with both versions kept);
// the same file twice changes nothing; a plan without notes exports as it always did.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import { buildPlanWorkbook } from '../../src/lib/xlsx/plan-workbook.ts';
import { formatNotesField, parseNotesField } from '../../src/lib/csv/notes-field.ts';
import { buildCellHistory } from '../../src/lib/model/cell-history.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { notesOf } from '../../src/lib/model/notes.ts';
import type { Note, Row } from '../../src/lib/model/types.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});
const UTC = (): number => 0;
const ROME = (): number => 60;

async function device(name: string): Promise<repo.QuadroDatabase> {
  const db = repo.openDatabase(`quadro-notes-x-${name}-${Math.random()}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return db;
}

type Format = 'csv' | 'xlsx';
/** What "Esporta" gives a colleague: the bases recorded, the file's bytes. */
async function exportFile(db: repo.QuadroDatabase, format: Format): Promise<Uint8Array> {
  const doc = (await repo.recordExportBases(db, DEFAULT_PLAN_ID, null, '2026-11-26T09:30:00.000Z'))!;
  if (format === 'xlsx') return buildPlanWorkbook(doc, { kind: 'plan' }, { offsetAt: ROME }).bytes;
  return new TextEncoder().encode(serializePlanCsv(doc, { kind: 'plan' }, { delimiter: ';', offsetAt: ROME }));
}

/** "Importa" with every question answered "keep mine"; returns what the import wrote, or null for nothing. */
async function importFile(db: repo.QuadroDatabase, bytes: Uint8Array, format: Format, by: string): Promise<string | null> {
  const fileName = `file.${format}`;
  const analysis = analyzeImport({ bytes, fileName, doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))! });
  if (!analysis.preview) throw new Error(JSON.stringify(analysis.problems));
  const changes = resolveImport(analysis.preview, { conflicts: {} }, { now: '2026-11-26T12:00:00.000Z', importer: by, fileName });
  if (changes.rowsToPut.length === 0 && changes.rowIdsToDelete.length === 0) return null;
  const written = await repo.applyImport(db, DEFAULT_PLAN_ID, changes, { by, fileName });
  return written.batchId;
}

async function cell(db: repo.QuadroDatabase) {
  const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
  const row = doc.rows[2]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 3)!;
  return { rowId: row.id, columnId: column.id };
}

const notes = async (db: repo.QuadroDatabase, rowId: string, columnId: string): Promise<readonly Note[]> => notesOf((await db.rows.get(rowId))!, columnId);
const view = (list: readonly Note[]): unknown[] => list.map((n) => [n.by, n.text, n.resolved ?? false, n.replyTo === undefined ? null : list.findIndex((p) => p.id === n.replyTo)]);

describe.each(['csv', 'xlsx'] as const)('notes by %s', (format) => {
  it('travel to another device exactly, come back with its answer, merge when both wrote, and the same file twice changes nothing', async () => {
    const anna = await device('anna');
    const bruno = await device('bruno');
    const { rowId, columnId } = await cell(anna);
    const first = await repo.saveNote(anna, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'add', text: 'dato da confermare con la Regione\n[vedi verbale]\n\\ultima riga' }, { by: 'Anna' });
    const noteId = notesOf(first.value, columnId)[0]!.id;
    await repo.saveNote(anna, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'add', text: 'aggiornato al 30/6' }, { by: 'Anna' });

    // Anna → Bruno: both notes, ids, authors, times and texts exactly; the import is in Bruno's cell history.
    const toBruno = await importFile(bruno, await exportFile(anna, format), format, 'Bruno');
    expect(toBruno).not.toBeNull();
    expect(await notes(bruno, rowId, columnId)).toEqual(await notes(anna, rowId, columnId));
    const brunoRow = (await bruno.rows.get(rowId))!;
    const history = buildCellHistory(await repo.listRowChanges(bruno, rowId), rowId, columnId, brunoRow.cells[columnId]?.text ?? '', notesOf(brunoRow, columnId));
    expect(history.at(-1)).toMatchObject({ origin: 'import', note: { action: 'changed' } });
    // The same file again: nothing to write.
    expect(await importFile(bruno, await exportFile(anna, format), format, 'Bruno')).toBeNull();

    // Bruno answers and resolves; Anna meanwhile adds a third note: each side's work is kept on both.
    await repo.saveNote(bruno, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'reply', replyTo: noteId, text: 'confermato dalla Regione' }, { by: 'Bruno' });
    await repo.saveNote(bruno, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'resolve', noteId, resolved: true }, { by: 'Bruno' });
    await repo.saveNote(anna, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'add', text: 'terza' }, { by: 'Anna' });
    const fromBruno = await exportFile(bruno, format);
    await importFile(anna, fromBruno, format, 'Anna');
    expect(view(await notes(anna, rowId, columnId))).toEqual([
      ['Anna', 'dato da confermare con la Regione\n[vedi verbale]\n\\ultima riga', true, null],
      ['Anna', 'aggiornato al 30/6', false, null],
      ['Anna', 'terza', false, null],
      ['Bruno', 'confermato dalla Regione', false, 0],
    ]);
    expect(await importFile(anna, fromBruno, format, 'Anna')).toBeNull();
    expect(checkIntegrity(await repo.dumpDatabase(anna))).toEqual([]);

    // The same note changed on both sides: a conflict; Anna's version stays, Bruno's is kept beside it.
    const second = (await notes(anna, rowId, columnId))[1]!;
    await repo.saveNote(anna, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'edit', noteId: second.id, text: 'aggiornato al 31/7' }, { by: 'Anna' });
    await repo.saveNote(bruno, DEFAULT_PLAN_ID, rowId, columnId, { kind: 'edit', noteId: second.id, text: 'aggiornato al 15/7' }, { by: 'Bruno' });
    const analysis = analyzeImport({ bytes: await exportFile(bruno, format), fileName: 'b', doc: (await repo.loadPlanDocument(anna, DEFAULT_PLAN_ID))! });
    expect(analysis.preview!.areas.reduce((n, a) => n + (a.notesConflicts ?? 0), 0)).toBe(1);
    await importFile(anna, await exportFile(bruno, format), format, 'Anna');
    const after = await notes(anna, rowId, columnId);
    expect(after.find((n) => n.id === second.id)!.text).toBe('aggiornato al 31/7');
    expect(after.filter((n) => n.replyTo === second.id).map((n) => [n.by, n.text])).toEqual([['Bruno', '— versione del file —\naggiornato al 15/7']]);
    expect(await importFile(anna, await exportFile(bruno, format), format, 'Anna')).toBeNull();
    const again = analyzeImport({ bytes: await exportFile(bruno, format), fileName: 'b', doc: (await repo.loadPlanDocument(anna, DEFAULT_PLAN_ID))! });
    expect(again.preview!.areas.reduce((n, a) => n + (a.notesConflicts ?? 0) + (a.notesTaken ?? 0), 0)).toBe(0);

    // The import that brought the notes is one undo step.
    const undone = (await repo.readUndoHistory(anna, DEFAULT_PLAN_ID)).undo.at(-1)!;
    await repo.undoBatch(anna, undone, { by: 'Anna' });
    expect((await notes(anna, rowId, columnId)).some((n) => n.replyTo === second.id)).toBe(false);
  });
});

describe('the notes column', () => {
  it('is not in the file of a plan without notes: the export is byte for byte what it was', async () => {
    const db = await device('plain');
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const csv = serializePlanCsv(doc, { kind: 'plan' }, { delimiter: ';', offsetAt: UTC });
    expect(csv.split('\r\n')[0]!.endsWith(';ID Quadro v1;Ultima modifica')).toBe(true);
    // With one note, the column comes last, and only then.
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId)!;
    await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'x' }, { by: 'Anna' });
    const withNote = serializePlanCsv((await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!, { kind: 'plan' }, { delimiter: ';', offsetAt: UTC });
    expect(withNote.split('\r\n')[0]!.endsWith(';ID Quadro v1;Ultima modifica;Note sulle celle')).toBe(true);
    expect(csv).not.toContain('Note sulle celle');
  });

  it('reads back every note exactly, whatever its text holds, and reads as a person would', () => {
    const row: Row = {
      id: 'r',
      areaId: 'a',
      planId: 'p',
      order: 1,
      cells: {},
      notes: {
        c1: [
          { id: 'n1', by: 'Mario · Rossi', at: '2026-06-30T08:00:00.000Z', text: '' },
          { id: 'n2', by: '', at: '2026-06-30T08:00:00.123Z', text: '[1] «x» · aperta · a · 30/06/2026 10:00:00 +02:00 · id z\n\\\n\n', replyTo: 'n1', resolved: true },
        ],
        c2: [{ id: 'n3', by: 'Anna', at: '2026-12-31T23:59:59.999Z', text: 'due\nrighe', resolved: true }],
      },
    };
    const titles: Record<string, string> = { c1: 'Risultati » · al 2011', c2: 'Obiettivi' };
    const field = formatNotesField(row, ['c1', 'c2'], (id) => titles[id]!, ROME);
    expect(field.split('\n')[0]).toBe('[1] «Risultati » · al 2011» · aperta · Mario · Rossi · 30/06/2026 09:00:00 +01:00 · id n1');
    const back = parseNotesField(field)!;
    expect(back.map((f) => [titles.c1 === f.columnTitle ? 'c1' : 'c2', f.note])).toEqual([...row.notes!.c1!.map((n) => ['c1', n]), ...row.notes!.c2!.map((n) => ['c2', n])]);
    expect(parseNotesField('una nota scritta a mano')).toBeNull();
  });
});
