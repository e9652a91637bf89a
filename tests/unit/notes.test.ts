// Notes on cells (issue 23): written by hand as one undoable step each, told in the cell's history, merged as a set.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { buildCellHistory } from '../../src/lib/model/cell-history.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { mergeNotes, notesOf, noteHash } from '../../src/lib/model/notes.ts';
import type { Note } from '../../src/lib/model/types.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { BACKUP_FORMAT_MINOR, parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { checkBackup } from '../../src/lib/backup/check.ts';
import { PlanSearchIndex } from '../../src/lib/search/plan-index.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seeded() {
  const db = repo.openDatabase(`quadro-notes-${Math.random()}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
  const row = doc.rows[0]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 3)!;
  return { db, row, column };
}

describe('notes written by hand', () => {
  it('adding, answering and resolving a note leaves the text alone, each one undo step, and the history tells them', async () => {
    const { db, row, column } = await seeded();
    const text = row.cells[column.id]?.text ?? '';
    const added = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'dato da confermare con la Regione' }, { by: 'Anna' });
    const first = notesOf(added.value, column.id)[0]!;
    await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'reply', replyTo: first.id, text: 'confermato' }, { by: 'Bruno' });
    const resolved = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'resolve', noteId: first.id, resolved: true }, { by: 'Bruno' });

    const stored = (await db.rows.get(row.id))!;
    expect(stored.cells[column.id]?.text ?? '').toBe(text);
    expect(notesOf(stored, column.id).map((n) => [n.by, n.text, n.resolved ?? false, n.replyTo ?? null])).toEqual([
      ['Anna', 'dato da confermare con la Regione', true, null],
      ['Bruno', 'confermato', false, first.id],
    ]);
    const history = buildCellHistory(await repo.listRowChanges(db, row.id), row.id, column.id, text, notesOf(stored, column.id));
    expect(history.map((h) => [h.by, h.note?.action, h.note?.text])).toEqual([
      ['Anna', 'added', 'dato da confermare con la Regione'],
      ['Bruno', 'replied', 'confermato'],
      ['Bruno', 'resolved', 'dato da confermare con la Regione'],
    ]);

    // Undo takes back the last step only: the note is open again, the reply stays.
    await repo.undoBatch(db, resolved.batchId!, { by: 'Bruno' });
    const afterUndo = (await db.rows.get(row.id))!;
    expect(notesOf(afterUndo, column.id).map((n) => n.resolved ?? false)).toEqual([false, false]);
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);
  });

  it('undoing a note keeps a later edit of the same cell, and undoing the edit keeps the note', async () => {
    const { db, row, column } = await seeded();
    const note = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'aggiornato al 30/6' }, { by: 'Anna' });
    const edit = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Testo nuovo' }, { by: 'Anna' });
    await repo.undoBatch(db, edit.batchId!, { by: 'Anna' });
    expect(notesOf((await db.rows.get(row.id))!, column.id).map((n) => n.text)).toEqual(['aggiornato al 30/6']);
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Testo dopo' }, { by: 'Anna' });
    await repo.undoBatch(db, note.batchId!, { by: 'Anna' });
    const stored = (await db.rows.get(row.id))!;
    expect(notesOf(stored, column.id)).toEqual([]);
    expect(stored.cells[column.id]?.text).toBe('Testo dopo');
  });

  it('a note on a cell whose row was deleted meanwhile is refused, nothing written', async () => {
    const { db, row, column } = await seeded();
    await repo.deleteRows(db, DEFAULT_PLAN_ID, [row.id], { by: 'Anna' });
    await expect(repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'x' }, { by: 'Anna' })).rejects.toThrow(/no longer exists/);
  });
});

describe('merging notes as a set', () => {
  const note = (id: string, text: string, extra: Partial<Note> = {}): Note => ({ id, by: 'Anna', at: '2026-06-30T08:00:00.000Z', text, ...extra });
  it('a note added on either side is kept on both; a note changed on one side only takes that change', () => {
    const base = { a: noteHash(note('a', 'uno')) };
    const merged = mergeNotes([note('a', 'uno', { resolved: true }), note('m', 'mia')], [note('a', 'uno'), note('t', 'tua')], base, '— versione del file —');
    expect(merged.notes.map((n) => [n.id, n.text, n.resolved ?? false])).toEqual([
      ['a', 'uno', true],
      ['m', 'mia', false],
      ['t', 'tua', false],
    ]);
    expect(merged.conflicts).toBe(0);
  });
  it('a note changed on both sides is a conflict: mine stays, theirs beside it, and merging again adds nothing', () => {
    const base = { a: noteHash(note('a', 'uno')) };
    const first = mergeNotes([note('a', 'uno mio')], [note('a', 'uno tuo')], base, '— versione del file —');
    expect(first.conflicts).toBe(1);
    expect(first.notes.map((n) => [n.text, n.replyTo ?? null])).toEqual([
      ['uno mio', null],
      ['— versione del file —\nuno tuo', 'a'],
    ]);
    const again = mergeNotes(first.notes, [note('a', 'uno tuo')], first.base, '— versione del file —');
    expect(again.notes).toEqual(first.notes);
    expect(again.taken).toBe(0);
  });
});

describe('notes in a full backup', () => {
  it('survive a backup and its restore on another device, undo of the note included; an old backup without notes still reads', async () => {
    const { db, row, column } = await seeded();
    const added = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'dato da confermare\ncon la Regione' }, { by: 'Anna' });
    const first = notesOf(added.value, column.id)[0]!;
    const replied = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'reply', replyTo: first.id, text: 'sì' }, { by: 'Bruno' });
    const text = serializeBackup(await exportBackup(db, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' }));
    const parsed = parseBackup(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.formatMinor).toBe(BACKUP_FORMAT_MINOR);

    const target = repo.openDatabase(`quadro-notes-target-${Math.random()}`);
    opened.push(target);
    await restoreBackup(target, checkBackup(parsed.value).repaired, 'replace', { now: '2026-11-26T10:00:00.000Z', newId: () => `fresh-${Math.random()}`, copySuffix: ' (dal backup)', by: 'Anna', fileName: 'b.json' });
    const restored = (await target.rows.get(row.id))!;
    expect(restored.notes).toEqual((await db.rows.get(row.id))!.notes);
    expect(restored.notesBatch).toBe(replied.batchId);
    expect(checkIntegrity(await repo.dumpDatabase(target))).toEqual([]);
    // The history and the undo travel with them.
    const history = buildCellHistory(await repo.listRowChanges(target, row.id), row.id, column.id, restored.cells[column.id]?.text ?? '', notesOf(restored, column.id));
    expect(history.map((h) => h.note?.action)).toEqual(['added', 'replied']);
    await repo.undoBatch(target, replied.batchId!, { by: 'Anna' });
    expect(notesOf((await target.rows.get(row.id))!, column.id).map((n) => n.text)).toEqual(['dato da confermare\ncon la Regione']);

    // A backup of minor 0 (before notes) reads as it did.
    const old = JSON.parse(text) as { formatMinor: number; rows: Record<string, unknown>[]; changeLog: Record<string, unknown>[] };
    old.formatMinor = 0;
    for (const r of old.rows) for (const key of ['notes', 'noteBase', 'notesBatch']) delete r[key];
    old.changeLog = old.changeLog.filter((e) => e['noteChange'] === undefined);
    const older = parseBackup(JSON.stringify(old));
    expect(older.ok).toBe(true);
    // A damaged note is refused in words, not written.
    const bad = JSON.parse(text) as { rows: { id: string; notes?: Record<string, unknown[]> }[] };
    bad.rows.find((r) => r.id === row.id)!.notes![column.id]!.push({ id: '__proto__', text: 'x' });
    expect(parseBackup(JSON.stringify(bad)).ok).toBe(false);
  });
});

describe('notes in search', () => {
  it('a word in a note finds its cell, and the hit says it is in a note; a note gone leaves no hit', async () => {
    const { db, row, column } = await seeded();
    const saved = await repo.saveNote(db, DEFAULT_PLAN_ID, row.id, column.id, { kind: 'add', text: 'zibaldone da confermare' }, { by: 'Anna' });
    const index = new PlanSearchIndex();
    index.syncPlan((await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!);
    const before = index.size;
    const hits = index.search('zibaldone').groups.flatMap((g) => g.hits);
    expect(hits.map((h) => [h.rowId, h.columnId, h.inNote])).toEqual([[row.id, column.id, true]]);
    // The cells counted are the cells: a note is no cell.
    expect(index.size).toBe(before);
    index.upsertRow({ ...saved.value, notes: {} });
    expect(index.search('zibaldone').total).toBe(0);
  });
});
