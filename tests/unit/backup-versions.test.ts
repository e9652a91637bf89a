// Issue 18: every backup version an earlier Quadro wrote still restores — read from files those builds wrote
// themselves (tests/fixtures/backup) — with its history whole: an undo after the restore gives back what it should.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { checkBackup } from '../../src/lib/backup/check.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { expandEntries } from '../../src/lib/model/log-entries.ts';
import { OLDER_BACKUPS, olderBackup } from './backup-fixtures.ts';


const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});
function fresh(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-backup-versions-${Math.random()}`);
  opened.push(db);
  return db;
}
const options = { now: '2026-12-01T10:00:00.000Z', newId: () => `fresh-${Math.random()}`, copySuffix: ' (dal backup)', by: 'Anna', fileName: 'vecchio.json' };

describe.each(OLDER_BACKUPS)('a backup %s', (name) => {
  it('restores whole, and its history undoes there as it did where it was written', async () => {
    const text = olderBackup(name);
    const raw = JSON.parse(text) as { formatVersion: number; rows: { id: string }[]; changeLog: unknown[] };
    expect(raw.formatVersion).toBe(2);
    const parsed = parseBackup(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const check = checkBackup(parsed.value);
    expect(check.problems).toEqual([]);
    const db = fresh();
    await repo.seedDefaultPlanOnce(db, () => Promise.resolve({ plan: { id: 'seed', name: 'Seme', origin: 'seed', createdAt: '', updatedAt: '' }, areas: [], columns: [], rows: [] }));
    await restoreBackup(db, check.repaired, 'replace', options);
    const dump = await repo.dumpDatabase(db);
    expect(checkIntegrity(dump)).toEqual([]);
    expect(dump.rows.map((r) => r.id).sort()).toEqual(raw.rows.map((r) => r.id).sort());
    expect(dump.changeLog).toHaveLength(raw.changeLog.length);
    expect(dump.plans.map((p) => p.name).sort()).toEqual(['Piano B', 'Piano di prova']);

    // "Piano B": two of its rows were deleted at once; undoing that brings both back.
    const planB = dump.plans.find((p) => p.name === 'Piano B')!;
    const deletion = (await repo.readUndoHistory(db, planB.id)).undo.at(-1)!;
    const deletedRows = expandEntries(dump.changeLog.filter((e) => e.batchId === deletion)).filter((e) => e.table === 'rows').map((e) => e.key);
    expect(deletedRows).toHaveLength(2);
    await repo.undoBatch(db, deletion, { by: 'Anna' });
    const rowsNow = new Set((await db.rows.toArray()).map((r) => r.id));
    expect(deletedRows.every((id) => rowsNow.has(id))).toBe(true);
    // And the written-at-once plan goes away whole with its own undo.
    const creation = (await repo.readUndoHistory(db, planB.id)).undo.at(-1)!;
    await repo.undoBatch(db, creation, { by: 'Anna' });
    expect(await db.rows.where('planId').equals(planB.id).count()).toBe(0);
    expect(checkIntegrity(await repo.dumpDatabase(db))).toEqual([]);

    // Written again by this version (3) and read back: the same.
    const again = parseBackup(serializeBackup(await exportBackup(db, { appVersion: 't', exportedAt: options.now })));
    expect(again.ok).toBe(true);
  });
});
