// Full backup: export → wipe → restore gives back identical data; damaged or foreign files change nothing.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addRow,
  dumpDatabase,
  openDatabase,
  saveCell,
  seedDefaultPlanOnce,
  undoBatch,
  type QuadroDatabase,
} from '../../src/lib/db/repository.ts';
import { exportBackup, readBackupStatus, markBackupSaved, restoreBackup } from '../../src/lib/db/backup-store.ts';
import {
  BACKUP_FORMAT_VERSION,
  backupFileName,
  parseBackup,
  serializeBackup,
  summarizeBackup,
  type BackupFile,
} from '../../src/lib/backup/format.ts';
import type { RestoreOptions } from '../../src/lib/backup/restore-plan.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { clock, steppingClock, useClock } from '../../src/lib/model/clock.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

let counter = 0;
const opened: QuadroDatabase[] = [];

function freshDatabase(): QuadroDatabase {
  const db = openDatabase(`backup-test-${Date.now()}-${counter++}`);
  opened.push(db);
  return db;
}

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

const author = { by: 'Test' };
let idCounter = 0;
const options = (): RestoreOptions => ({
  now: '2026-11-26T10:00:00.000Z',
  newId: () => `fresh-${idCounter++}`,
  copySuffix: ' (dal backup)',
  by: 'Test',
  fileName: 'quadro-backup.json',
});

/** A device with the seeded plan and a few edits, so the change log is not empty. */
async function usedDatabase(): Promise<QuadroDatabase> {
  const db = freshDatabase();
  await seedDefaultPlanOnce(db, loadDefaultPlan);
  const doc = await loadDefaultPlan();
  const row = doc.rows[0]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId)!;
  await saveCell(db, doc.plan.id, { rowId: row.id, columnId: column.id, text: 'Modificato in treno' }, author);
  const added = await addRow(db, row.areaId, row.id, author);
  await saveCell(db, doc.plan.id, { rowId: added.value.id, columnId: column.id, text: 'Riga nuova; con "virgolette"\ne a capo' }, author);
  return db;
}

async function backupText(db: QuadroDatabase): Promise<string> {
  return serializeBackup(await exportBackup(db, { appVersion: 'test', exportedAt: '2026-11-26T09:00:00.000Z' }));
}

function parsed(text: string): BackupFile {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('export everything and restore', () => {
  it('gives back identical data after the database is wiped', async () => {
    const db = await usedDatabase();
    const before = await dumpDatabase(db);
    expect(before.changeLog.length).toBeGreaterThan(0);
    const text = await backupText(db);

    const wiped = freshDatabase();
    const result = await restoreBackup(wiped, parsed(text), 'replace', options());
    expect(result).toEqual({ planCount: 1, copiedPlanIds: [] });
    const after = await dumpDatabase(wiped);
    const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after.plans)).toEqual(byId(before.plans));
    expect(byId(after.areas)).toEqual(byId(before.areas));
    expect(byId(after.columns)).toEqual(byId(before.columns));
    expect(byId(after.rows)).toEqual(byId(before.rows));
    expect(after.changeLog).toEqual(before.changeLog);
  });

  it('keeps undo working on the restored history', async () => {
    const db = await usedDatabase();
    const backup = parsed(await backupText(db));
    const target = freshDatabase();
    await restoreBackup(target, backup, 'replace', options());
    const lastBatch = backup.changeLog.at(-1)!.batchId;
    expect((await undoBatch(target, lastBatch, author)).batchId).not.toBeNull();
  });

  it('replace removes what the device had', async () => {
    const source = await usedDatabase();
    const backup = parsed(await backupText(source));
    const target = freshDatabase();
    await seedDefaultPlanOnce(target, loadDefaultPlan);
    await target.plans.add({ id: 'local-only', name: 'Solo qui', origin: 'user', createdAt: '', updatedAt: '' });
    await restoreBackup(target, backup, 'replace', options());
    expect((await target.plans.toArray()).map((p) => p.id)).toEqual(backup.plans.map((p) => p.id));
  });

  it('add keeps the device’s plans and adds a clashing plan as a copy with fresh ids', async () => {
    const source = await usedDatabase();
    const backup = parsed(await backupText(source));
    const target = freshDatabase();
    await seedDefaultPlanOnce(target, loadDefaultPlan);
    const beforeAdd = await dumpDatabase(target);

    // The restore happens now, after the edits (the clock-based undo keeps cells "changed after" the batch).
    const result = await restoreBackup(target, backup, 'add', { ...options(), now: clock().now() });
    expect(result.copiedPlanIds).toEqual([backup.plans[0]!.id]);
    const after = await dumpDatabase(target);
    expect(after.plans).toHaveLength(2);
    const copy = after.plans.find((p) => p.id !== backup.plans[0]!.id)!;
    expect(copy.name).toBe(`${backup.plans[0]!.name} (dal backup)`);
    // The device's own plan is untouched, the copy holds the backup's edited text.
    for (const row of beforeAdd.rows) expect(after.rows.find((r) => r.id === row.id)).toEqual(row);
    const copyTexts = after.rows.filter((r) => r.planId === copy.id).flatMap((r) => Object.values(r.cells).map((c) => c.text));
    expect(copyTexts).toContain('Modificato in treno');
    // One "restore" batch, which undo takes back out.
    const batch = after.changeLog.find((e) => e.origin === 'restore')!;
    expect(batch.planId).toBe(copy.id);
    await undoBatch(target, batch.batchId, author);
    expect((await target.plans.toArray()).map((p) => p.id)).toEqual([backup.plans[0]!.id]);
    expect(await target.rows.where('planId').equals(copy.id).count()).toBe(0);
  });

  it('add writes a new plan under its own ids with its history', async () => {
    const source = await usedDatabase();
    const backup = parsed(await backupText(source));
    const target = freshDatabase();
    await restoreBackup(target, backup, 'add', options());
    const after = await dumpDatabase(target);
    expect(after.plans.map((p) => p.id)).toEqual([backup.plans[0]!.id]);
    expect(after.changeLog.filter((e) => e.origin !== 'restore')).toHaveLength(backup.changeLog.length);
  });

  it('aborts the whole restore when a write fails, leaving the database unchanged', async () => {
    const db = await usedDatabase();
    const backup = parsed(await backupText(db));
    // Two log entries with the same key: valid JSON, but IndexedDB refuses the second after the stores were cleared.
    const first = backup.changeLog[0]!;
    backup.changeLog.push({ ...first });
    const before = await dumpDatabase(db);
    await expect(restoreBackup(db, backup, 'replace', options())).rejects.toThrow();
    expect(await dumpDatabase(db)).toEqual(before);
  });
});

describe('reading a backup file', () => {
  it('summarizes what the file holds', async () => {
    const db = await usedDatabase();
    const summary = summarizeBackup(parsed(await backupText(db)));
    expect(summary.plans).toHaveLength(1);
    expect(summary.plans[0]!.rowCount).toBeGreaterThan(10);
    expect(summary.changeCount).toBeGreaterThan(0);
    expect(summary.exportedAt).toBe('2026-11-26T09:00:00.000Z');
  });

  it('refuses a truncated file, a foreign file, a damaged record and a newer format — and restores nothing', async () => {
    const db = await usedDatabase();
    const text = await backupText(db);
    const good = JSON.parse(text) as Record<string, unknown>;
    const damagedRow = structuredClone(good) as { rows: Record<string, unknown>[] };
    delete damagedRow.rows[3]!.areaId;
    const pollution = text.replace('"cells":{', '"cells":{"__proto__":{"text":"x"},');
    const cases: [string, string][] = [
      [text.slice(0, text.length / 2), 'backup.not-json'],
      ['{"name":"altro","rows":[]}', 'backup.foreign'],
      ['[1,2,3]', 'backup.foreign'],
      [JSON.stringify({ ...good, formatVersion: 'due' }), 'backup.no-version'],
      [JSON.stringify({ ...good, formatVersion: BACKUP_FORMAT_VERSION + 1 }), 'backup.too-new'],
      [JSON.stringify(damagedRow), 'backup.damaged'],
      [JSON.stringify({ ...good, plans: 'none' }), 'backup.damaged'],
      [pollution, 'backup.damaged'],
    ];
    const before = await dumpDatabase(db);
    for (const [input, code] of cases) {
      const result = parseBackup(input);
      expect(result.ok, code).toBe(false);
      if (result.ok) continue;
      expect(result.errors[0]!.code).toBe(code);
      expect(describeProblem(result.errors[0]!, 'it')).toMatch(/\S/);
      expect(describeProblem(result.errors[0]!, 'en')).toMatch(/\S/);
    }
    expect(await dumpDatabase(db)).toEqual(before);
  });

  it('restores defaults for optional fields and strips a BOM', () => {
    const text =
      '\uFEFF' +
      JSON.stringify({
        format: 'quadro-backup',
        formatVersion: 2,
        plans: [{ id: 'p' }],
        areas: [{ id: 'a', planId: 'p' }],
        columns: [{ id: 'c', areaId: 'a', planId: 'p', width: -4 }],
        rows: [{ id: 'r', areaId: 'a', planId: 'p', cells: { c: { text: 'x' } } }],
        changeLog: [],
      });
    const backup = parsed(text);
    expect(backup.plans[0]).toEqual({ id: 'p', name: 'Piano', origin: 'user', createdAt: '', updatedAt: '' });
    // A title the name rule refuses (empty here) is mended, never stored as it is (issue 18).
    expect(backup.areas[0]).toEqual({ id: 'a', planId: 'p', title: 'Area senza titolo', introduction: '', order: 1 });
    expect(backup.columns[0]).toEqual({ id: 'c', areaId: 'a', planId: 'p', title: 'Colonna senza titolo', order: 1 });
    expect(backup.rows[0]!.cells.c).toEqual({ text: 'x', changedAt: '', changedBy: '' });
    expect(backup.changeLog).toEqual([]);
  });

  it('migrates a version-1 file: columns get the plan of their area', () => {
    const backup = parsed(
      JSON.stringify({
        format: 'quadro-backup',
        formatVersion: 1,
        exportedAt: '2025-01-01T00:00:00.000Z',
        plans: [{ id: 'p', name: 'Vecchio', origin: 'seed', createdAt: 'x', updatedAt: 'y' }],
        areas: [{ id: 'a', planId: 'p', title: 'AREA', introduction: '', order: 1 }],
        columns: [{ id: 'c', areaId: 'a', title: 'AMBITO', order: 1 }],
        rows: [],
        changeLog: [],
      }),
    );
    expect(backup.formatVersion).toBe(BACKUP_FORMAT_VERSION);
    expect(backup.columns[0]!.planId).toBe('p');
  });

  it('names the file by date and time', () => {
    expect(backupFileName(new Date(2026, 10, 26, 9, 5))).toBe('quadro-backup-2026-11-26-0905.json');
  });
});

describe('backup status for the reminder', () => {
  it('counts changes made after the last backup only', async () => {
    const db = await usedDatabase();
    const status = await readBackupStatus(db);
    expect(status.reminderDays).toBe(7);
    expect(status.firstUnsavedChangeAt).not.toBeNull();
    const backup = await exportBackup(db, { appVersion: 'test', exportedAt: '2026-11-26T09:00:00.000Z' });
    await markBackupSaved(db, '2026-11-26T09:00:00.000Z', backup);
    expect((await readBackupStatus(db)).firstUnsavedChangeAt).toBeNull();
  });

  it('decides "after the backup" by the change log, not by the clock: an edit after it counts even when the clock was set back', async () => {
    const restoreClock = useClock(steppingClock('2030-01-01T08:00:00.000Z'));
    try {
      const db = await usedDatabase();
      const backup = await exportBackup(db, { appVersion: 'test', exportedAt: '2030-01-01T09:00:00.000Z' });
      await markBackupSaved(db, '2030-01-01T09:00:00.000Z', backup);
      // The tablet's clock is corrected back by years; the next edit carries an earlier time.
      useClock(steppingClock('2026-11-26T08:00:00.000Z'));
      const doc = await loadDefaultPlan();
      const row = doc.rows[1]!;
      const column = doc.columns.find((c) => c.areaId === row.areaId)!;
      await saveCell(db, doc.plan.id, { rowId: row.id, columnId: column.id, text: 'Dopo il backup' }, author);
      expect((await readBackupStatus(db)).firstUnsavedChangeAt).toBe('2026-11-26T08:00:00.000Z');
    } finally {
      restoreClock();
    }
  });
});
