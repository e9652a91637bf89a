// Issue 14: undoing a large import (more rows than undo reads one by one) deletes exactly its rows, keeps
// everything else, says how far it is, and redo brings the rows back as they were.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import type { Row } from '../../src/lib/model/types.ts';
import { exportBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const AT = '2026-03-02T10:00:00.000Z';

describe('undo of a large import', () => {
  it('removes its 2,500 rows between the plan’s own, reports progress, and redo restores them', async () => {
    const db = repo.openDatabase(`quadro-undo-large-${Date.now()}`);
    opened.push(db);
    await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const area = doc.areas[0]!;
    const column = doc.columns.find((c) => c.areaId === area.id)!;
    const before = await repo.dumpDatabase(db);
    // Random ids, as imports make them: they interleave in key order with the 2012 plan's rows.
    const added: Row[] = Array.from({ length: 2_500 }, (_, i) => ({
      id: crypto.randomUUID(),
      areaId: area.id,
      planId: DEFAULT_PLAN_ID,
      order: 1_000 + i,
      cells: { [column.id]: { text: `Ambito importato ${i}`, changedAt: AT, changedBy: 'Anna' } },
    }));
    const imported = await repo.applyImport(db, DEFAULT_PLAN_ID, { newAreas: [], newColumns: [], rowsToPut: added, rowIdsToDelete: [] }, { by: 'Anna', fileName: 'grande.csv' });
    expect(await db.rows.count()).toBe(before.rows.length + 2_500);

    const reports: [number, number][] = [];
    const undone = await repo.undoBatch(db, imported.batchId!, { by: 'Anna', origin: 'undo' }, { onProgress: (done, total) => reports.push([done, total]) });
    const afterUndo = await repo.dumpDatabase(db);
    expect(checkIntegrity(afterUndo)).toEqual([]);
    expect(afterUndo.rows).toEqual(before.rows);
    expect(undone.kept).toEqual([]);
    // Progress counts up to every record (the rows and the plan's "last changed"), never backwards.
    expect(reports.at(-1)).toEqual([2_501, 2_501]);
    for (let i = 1; i < reports.length; i++) expect(reports[i]![0]).toBeGreaterThanOrEqual(reports[i - 1]![0]);

    // The deleted rows are kept in a few bulk entries, each row findable by its own id.
    const undoEntries = afterUndo.changeLog.filter((entry) => entry.batchId === undone.batchId);
    expect(undoEntries.length).toBeLessThanOrEqual(5);
    expect(undoEntries.flatMap((entry) => entry.removedKeys ?? (entry.op === 'delete' ? [entry.key] : [])).sort()).toEqual(added.map((row) => row.id).sort());
    const oneRow = added[1_234]!;
    expect((await repo.listRowChanges(db, oneRow.id)).map((entry) => entry.batchId)).toEqual([imported.batchId, undone.batchId]);

    // A backup taken now holds those bulk entries, and a full restore reads them back.
    const backup = parseBackup(serializeBackup(await exportBackup(db, { appVersion: 'test', exportedAt: AT })));
    if (!backup.ok) throw new Error(JSON.stringify(backup.errors));
    expect(backup.value.changeLog.filter((entry) => entry.batchId === undone.batchId)).toEqual(
      undoEntries.map(({ seq: _seq, ...entry }) => expect.objectContaining(entry)),
    );

    await repo.undoBatch(db, undone.batchId!, { by: 'Anna', origin: 'redo' });
    const afterRedo = await repo.dumpDatabase(db);
    expect(checkIntegrity(afterRedo)).toEqual([]);
    const byId = new Map(afterRedo.rows.map((row) => [row.id, row]));
    for (const row of added) expect(byId.get(row.id)?.cells[column.id]?.text).toBe(row.cells[column.id]?.text);
    expect(afterRedo.rows.length).toBe(before.rows.length + 2_500);
  }, 60_000);
});
