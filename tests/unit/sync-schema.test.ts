// Schema version 6 (issue 22): a version-4 database with a plan opens as version 6 with its data, and the sync stores empty.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { expect, it } from 'vitest';
import { createQuadroDatabase } from '../../src/lib/db/schema.ts';

it('a version-4 database upgrades to version 6, keeping its plan and adding the sync stores', async () => {
  const name = `quadro-v4-${Date.now()}`;
  const old = new Dexie(name);
  // Version 4's stores exactly as schema.ts declares them.
  old.version(4).stores({
    plans: 'id',
    areas: 'id, planId',
    columns: 'id, areaId, planId',
    rows: 'id, areaId, planId',
    changeLog: '++seq, batchId, planId, key, *addedKeys, *removedKeys',
    settings: 'key',
    drafts: 'id, planId',
    indicators: 'id, planId, areaId, rowId',
  });
  await old.table('plans').put({ id: 'p1', name: 'Piano', origin: 'user', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
  await old.table('rows').put({ id: 'r1', areaId: 'a1', planId: 'p1', order: 1, cells: { c1: { text: 'testo', changedAt: '2026-01-01T00:00:00.000Z', changedBy: 'Mario' } } });
  old.close();

  const db = createQuadroDatabase(name);
  await db.open();
  expect(db.verno).toBe(6);
  expect(await db.plans.get('p1')).toMatchObject({ name: 'Piano' });
  expect((await db.rows.get('r1'))?.cells['c1']?.text).toBe('testo');
  expect(await db.syncPlans.count()).toBe(0);
  expect(await db.syncDocs.count()).toBe(0);
  db.close();
  await Dexie.delete(name);
});
