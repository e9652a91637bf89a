// The history of a cell and "what changed since", told from the change log.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import { buildCellHistory, cellsChangedSince } from '../../src/lib/model/cell-history.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seeded(): Promise<repo.QuadroDatabase> {
  const db = repo.openDatabase(`quadro-cell-history-${Math.random()}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return db;
}

async function historyOf(db: repo.QuadroDatabase, rowId: string, columnId: string) {
  const row = (await db.rows.get(rowId))!;
  return buildCellHistory(await repo.listRowChanges(db, rowId), rowId, columnId, row.cells[columnId]?.text ?? '');
}

describe('history of a cell', () => {
  it('a cell edited twice and then imported tells three steps with authors, files and texts', async () => {
    const db = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const row = doc.rows[0]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 4)!;
    const original = row.cells[column.id]?.text ?? '';
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Prima versione' }, { by: 'Anna' });
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Seconda versione' }, { by: 'Anna' });
    // Bruno's file, made from Anna's export, with the cell changed once more.
    const exported = (await repo.recordExportBases(db, DEFAULT_PLAN_ID, null))!;
    exported.rows.find((r) => r.id === row.id)!.cells[column.id] = { text: 'Versione di Bruno', changedAt: '2026-11-26T11:00:00.000Z', changedBy: 'Bruno' };
    const csv = serializePlanCsv(exported, { kind: 'plan' }, { delimiter: ';' });
    const analysis = analyzeImport({ bytes: new TextEncoder().encode(csv), fileName: 'bruno.csv', doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!, areaId: row.areaId });
    // Both changed the cell since the 2012 text: a conflict, where Anna takes Bruno's version.
    const conflicts = Object.fromEntries(analysis.preview!.areas.flatMap((a) => a.conflicts).map((c) => [c.id, 'theirs' as const]));
    expect(Object.keys(conflicts)).toHaveLength(1);
    const changes = resolveImport(analysis.preview!, { conflicts }, { now: '2026-11-26T12:00:00.000Z', importer: 'Anna', fileName: 'bruno.csv' });
    await repo.applyImport(db, DEFAULT_PLAN_ID, changes, { by: 'Anna', fileName: 'bruno.csv' });

    const history = await historyOf(db, row.id, column.id);
    expect(history.map((h) => [h.origin, h.by, h.fileName ?? null, h.oldText, h.newText])).toEqual([
      ['edit', 'Anna', null, original, 'Prima versione'],
      ['edit', 'Anna', null, 'Prima versione', 'Seconda versione'],
      ['import', 'Anna', 'bruno.csv', 'Seconda versione', 'Versione di Bruno'],
    ]);

    // "Ripristina questo testo" is a new edit, which undo takes back out.
    const restored = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: history[0]!.newText }, { by: 'Anna' });
    expect((await historyOf(db, row.id, column.id)).at(-1)).toMatchObject({ origin: 'edit', oldText: 'Versione di Bruno', newText: 'Prima versione' });
    await repo.undoBatch(db, restored.batchId!, { by: 'Anna' });
    expect((await db.rows.get(row.id))!.cells[column.id]!.text).toBe('Versione di Bruno');
    expect((await historyOf(db, row.id, column.id)).at(-1)).toMatchObject({ origin: 'undo', newText: 'Versione di Bruno' });
  });

  it('a row deleted and brought back by undo shows both steps', async () => {
    const db = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const row = doc.rows[1]!;
    const column = doc.columns.find((c) => c.areaId === row.areaId && c.order === 1)!;
    const deleted = await repo.deleteRows(db, DEFAULT_PLAN_ID, [row.id], { by: 'Anna' });
    await repo.undoBatch(db, deleted.batchId!, { by: 'Anna' });
    const history = await historyOf(db, row.id, column.id);
    expect(history.map((h) => [h.origin, h.newText === ''])).toEqual([['edit', true], ['undo', false]]);
  });
});

describe('what changed since', () => {
  it('lists the cells whose text differs from what they held at an import, and nothing else', async () => {
    const db = await seeded();
    const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const area = doc.areas[0]!;
    const [rowA, rowB] = doc.rows.filter((r) => r.areaId === area.id);
    const column = doc.columns.find((c) => c.areaId === area.id && c.order === 2)!;
    const before = await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: rowA!.id, columnId: column.id, text: 'prima del punto' }, { by: 'Anna' });
    const point = (await repo.batchPosition(db, before.batchId!))!;
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: rowB!.id, columnId: column.id, text: 'dopo il punto' }, { by: 'Anna' });
    // Changed and changed back: not a change.
    const original = rowA!.cells[column.id]?.text ?? '';
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: rowA!.id, columnId: column.id, text: 'provvisorio' }, { by: 'Anna' });
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: rowA!.id, columnId: column.id, text: 'prima del punto' }, { by: 'Anna' });
    const view = (await repo.loadAreaView(db, area.id))!;
    const changed = cellsChangedSince(await repo.listChangesAfter(db, DEFAULT_PLAN_ID, point), point, view.rows);
    expect(changed).toEqual([{ rowId: rowB!.id, columnId: column.id, then: rowB!.cells[column.id]?.text ?? '', now: 'dopo il punto' }]);
    expect(original).not.toBe('');
  });
});
