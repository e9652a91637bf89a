// Issue 18, point 7 and the audit: one user action is one write(), one batch, one undo step; a plan's
// deletion takes its indicator decisions and drafts along (and its undo brings them back); the plan's
// "last changed" carries its own stamp.
// First: it installs fake-indexeddb before Dexie loads.
import { quotaError, startedApp, testDatabaseName, trappedDatabase, type Traps } from './app-helpers.ts';
import { describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { saveIndicatorRecord } from '../../src/lib/db/indicators.ts';
import { saveDraft } from '../../src/lib/db/drafts.ts';
import { DEFAULT_PLAN_ID, loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { steppingClock, useClock } from '../../src/lib/model/clock.ts';

const author = { by: 'Anna' };

async function seeded(): Promise<{ db: repo.QuadroDatabase; traps: Traps }> {
  const trapped = trappedDatabase(testDatabaseName('quadro-one-write'));
  await repo.seedDefaultPlanOnce(trapped.db, loadDefaultPlan);
  return trapped;
}

describe('a row and its text in one write', () => {
  it('adds a row with text as one batch, undone in one step, after picking its place without reading the area', async () => {
    const { db, traps } = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const area = doc.areas[0]!;
    const column = doc.columns.find((c) => c.areaId === area.id)!;
    const areaRows = doc.rows.filter((r) => r.areaId === area.id).length;
    expect(areaRows).toBeGreaterThan(2);
    traps.largestRowsRead = 0;
    const added = await repo.addRow(db, area.id, null, author, { texts: { [column.id]: 'Testo ritrovato' } });
    expect(traps.largestRowsRead, 'rows read to place the new row').toBeLessThanOrEqual(1);
    expect(added.value.cells[column.id]?.text).toBe('Testo ritrovato');
    expect(new Set((await db.changeLog.toArray()).map((e) => e.batchId))).toEqual(new Set([added.batchId]));
    await repo.undoBatch(db, added.batchId!, author);
    expect(await db.rows.get(added.value.id)).toBeUndefined();
  });

  it('«Metti in una riga nuova» is one undo step, drops the kept text in the same write, and leaves no empty row when it fails', async () => {
    const { db, traps } = await seeded();
    const app = await startedApp(db);
    const [row] = app.nav.rows;
    const column = app.nav.columns[1]!;
    // The row is deleted in another tab while the text is typed: the save fails and the text is kept.
    await repo.deleteRows(db, DEFAULT_PLAN_ID, [row!.id], author);
    await app.cells.save([{ rowId: row!.id, columnId: column.id, text: 'Scritto in treno' }]);
    expect(app.saving.failedWrites[0]?.orphaned).toBe(true);
    await vi.waitFor(() => expect(app.saving.failedWrites[0]?.keptOnDevice).toBe(true));
    const rowsBefore = await db.rows.count();
    const undoBefore = app.history.undoStack.length;

    traps.failing.set('rows', quotaError);
    await app.pending.keepInNewRow(app.saving.failedWrites[0]!.id);
    expect(await db.rows.count(), 'no empty row after a failed write').toBe(rowsBefore);
    expect(app.saving.failedWrites).toHaveLength(1);
    expect(app.saving.failedWrites[0]?.cell?.text).toBe('Scritto in treno');
    expect((await db.drafts.toArray()).filter((d) => d.kind === 'failed-save'), 'the kept text stays').toHaveLength(1);

    traps.failing.clear();
    await app.pending.keepInNewRow(app.saving.failedWrites[0]!.id);
    expect(app.saving.failedWrites).toEqual([]);
    expect(await db.rows.count()).toBe(rowsBefore + 1);
    expect(app.nav.rows.some((r) => r.cells[column.id]?.text === 'Scritto in treno')).toBe(true);
    expect(await db.drafts.count(), 'the kept text went with the same write').toBe(0);
    expect(app.history.undoStack.length, 'one undo step').toBe(undoBefore + 1);
    await app.changes.undo();
    expect(await db.rows.count(), 'one «Annulla» takes row and text away together').toBe(rowsBefore);
  });

  it('a text saved from the large editor drops its draft in the same transaction, and keeps it when the save fails', async () => {
    const { db, traps } = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId)!;
    const draft = { id: repo.draftId('editor', DEFAULT_PLAN_ID, row.id, column.id), kind: 'editor' as const, planId: DEFAULT_PLAN_ID, areaId: row.areaId, rowId: row.id, columnId: column.id, text: 'bozza', baseText: '', at: '' };
    await saveDraft(db, draft);
    traps.failing.set('rows', quotaError);
    await expect(repo.saveCells(db, DEFAULT_PLAN_ID, [{ rowId: row.id, columnId: column.id, text: 'bozza' }], author, { dropDrafts: [draft.id] })).rejects.toThrow();
    expect(await db.drafts.get(draft.id)).toBeDefined();
    traps.failing.clear();
    await repo.saveCells(db, DEFAULT_PLAN_ID, [{ rowId: row.id, columnId: column.id, text: 'bozza' }], author, { dropDrafts: [draft.id] });
    expect(await db.drafts.get(draft.id)).toBeUndefined();
  });

  it('an export notes its time and log position in the transaction that reads the plan', async () => {
    const { db } = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: doc.rows[0]!.id, columnId: doc.columns[0]!.id, text: 'x' }, author);
    await repo.recordExportBases(db, DEFAULT_PLAN_ID, null, '2026-11-26T10:00:00.000Z');
    expect(await repo.readSetting(db, 'lastExportAt')).toBe('2026-11-26T10:00:00.000Z');
    expect(await repo.readSetting(db, 'lastExportSeq')).toBe(await repo.lastLogPosition(db));
  });
});

describe('the plan’s "last changed"', () => {
  it('undoing an older batch keeps the time a later batch set; undoing the latest puts back the time it found', async () => {
    const restore = useClock(steppingClock('2026-11-26T10:00:00.000Z', 60_000));
    try {
      const { db } = await seeded();
      const area = (await repo.listAreas(db, DEFAULT_PLAN_ID))[0]!;
      const first = await repo.addRow(db, area.id, null, author);
      const afterFirst = (await db.plans.get(DEFAULT_PLAN_ID))!.updatedAt;
      const second = await repo.addColumn(db, area.id, 'Note', author);
      const afterSecond = (await db.plans.get(DEFAULT_PLAN_ID))!.updatedAt;
      expect(afterSecond > afterFirst).toBe(true);
      const undoneFirst = await repo.undoBatch(db, first.batchId!, author);
      expect((await db.plans.get(DEFAULT_PLAN_ID))!.updatedAt, 'the older batch undone: the later one still stands').toBe(afterSecond);
      expect(undoneFirst.kept, 'a moved "last changed" is nothing to tell').toEqual([]);
      // The latest undone: the time it found (the first batch's; never earlier than a change still in effect).
      await repo.undoBatch(db, second.batchId!, author);
      expect((await db.plans.get(DEFAULT_PLAN_ID))!.updatedAt).toBe(afterFirst);
    } finally {
      restore();
    }
  });
});

describe('a plan’s deletion takes every record of it along', () => {
  it('deletes its indicator decisions and drafts with it; undo brings them back, redo takes them again', async () => {
    const { db } = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const row = doc.rows[0]!;
    const other = await repo.createPlan(db, 'Altro piano', author, { title: 'Nuova area', columnTitles: ['AMBITO'] });
    await saveIndicatorRecord(db, { id: `${DEFAULT_PLAN_ID}:k1`, planId: DEFAULT_PLAN_ID, areaId: row.areaId, rowId: row.id, value: { version: 1 } });
    await saveIndicatorRecord(db, { id: `${other.value.id}:k1`, planId: other.value.id, areaId: 'a', rowId: 'r', value: { version: 1 } });
    await saveDraft(db, { id: repo.draftId('editor', DEFAULT_PLAN_ID, row.id, 'c'), kind: 'editor', planId: DEFAULT_PLAN_ID, areaId: row.areaId, rowId: row.id, columnId: 'c', text: 'bozza', baseText: '', at: '' });
    const before = { indicators: await db.indicators.toArray(), drafts: await db.drafts.toArray() };

    const deleted = await repo.deletePlan(db, DEFAULT_PLAN_ID, author);
    expect(await db.indicators.where('planId').equals(DEFAULT_PLAN_ID).count()).toBe(0);
    expect(await db.drafts.where('planId').equals(DEFAULT_PLAN_ID).count()).toBe(0);
    expect(await db.indicators.count(), 'another plan’s decisions stay').toBe(1);

    const undone = await repo.undoBatch(db, deleted.batchId!, author);
    expect(await db.indicators.toArray()).toEqual(before.indicators);
    expect(await db.drafts.toArray()).toEqual(before.drafts);

    await repo.undoBatch(db, undone.batchId!, { by: 'Anna', origin: 'redo' });
    expect(await db.plans.get(DEFAULT_PLAN_ID)).toBeUndefined();
    expect(await db.indicators.where('planId').equals(DEFAULT_PLAN_ID).count()).toBe(0);
    expect(await db.drafts.count()).toBe(0);
  });
});
