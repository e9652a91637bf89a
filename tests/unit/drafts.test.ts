// The large editor's drafts on fake-indexeddb: one per cell, kept until saved or discarded, listed per plan.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { deleteDraft, draftId, listDrafts, saveDraft } from '../../src/lib/db/drafts.ts';
import type { Draft } from '../../src/lib/db/schema.ts';

let counter = 0;
const open: repo.QuadroDatabase[] = [];

function freshDb(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-drafts-test-${counter++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

function draft(planId: string, rowId: string, text: string, at: string): Draft {
  return { id: draftId('editor', planId, rowId, 'c1'), kind: 'editor', planId, areaId: 'a1', rowId, columnId: 'c1', text, baseText: 'prima', at };
}

describe('editor drafts', () => {
  it('keeps one draft per cell, the latest text, and lists a plan’s drafts oldest first', async () => {
    const db = freshDb();
    await saveDraft(db, draft('p1', 'r2', 'bozza B', '2026-11-26T10:00:02.000Z'));
    await saveDraft(db, draft('p1', 'r1', 'bozza', '2026-11-26T10:00:00.000Z'));
    await saveDraft(db, draft('p1', 'r1', 'bozza più lunga', '2026-11-26T10:00:01.000Z'));
    await saveDraft(db, draft('p2', 'r9', 'altro piano', '2026-11-26T10:00:03.000Z'));
    await saveDraft(db, { ...draft('p1', 'r3', 'non salvato', '2026-11-26T09:00:00.000Z'), id: draftId('failed-save', 'p1', 'r3', 'c1'), kind: 'failed-save' });

    const drafts = await listDrafts(db, 'p1', 'editor');
    expect(drafts.map((d) => [d.rowId, d.text])).toEqual([
      ['r1', 'bozza più lunga'],
      ['r2', 'bozza B'],
    ]);
  });

  it('drops a draft once the text is saved or discarded', async () => {
    const db = freshDb();
    await saveDraft(db, draft('p1', 'r1', 'bozza', '2026-11-26T10:00:00.000Z'));
    await deleteDraft(db, draftId('editor', 'p1', 'r1', 'c1'));
    expect(await listDrafts(db, 'p1', 'editor')).toEqual([]);
  });
});
