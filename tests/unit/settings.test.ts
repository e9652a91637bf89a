// Device settings from IndexedDB: each key reads back what was saved, and a value of the wrong kind (an older
// version, a restored backup, another tool) reads as that key's default instead of reaching the app.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import type { SettingKey, SettingValues } from '../../src/lib/db/repository.ts';

let counter = 0;
const open: repo.QuadroDatabase[] = [];

function freshDb(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-settings-test-${counter++}`);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.delete();
});

/** Per key: its default, a value this version writes, and values another writer may have left (hand-written). */
const CASES: { [K in SettingKey]: { fallback: SettingValues[K]; good: SettingValues[K]; bad: unknown[] } } = {
  author: { fallback: '', good: 'Mario Rossi', bad: [42, null, { name: 'Mario' }] },
  lang: { fallback: 'it', good: 'en', bad: ['EN', 'de', 1, true] },
  csvDelimiter: { fallback: ';', good: ',', bad: ['\t', ';;', 59] },
  exportFormat: { fallback: 'csv', good: 'xlsx', bad: ['XLSX', 'xls', 1, null] },
  seededDefaultPlan: { fallback: null, good: '2026-11-26T09:00:00.000Z', bad: ['ieri', 1764147600000, true] },
  seedRestPending: { fallback: null, good: ['73884c9f-6e9c-4ec6-a516-8cb7e2cdbcff'], bad: ['73884c9f', [1, 2], { id: 'x' }, true] },
  lastExportAt: { fallback: null, good: '2026-11-26T09:00:00.000Z', bad: ['', 1764147600000, {}] },
  lastBackupAt: { fallback: null, good: '2026-11-26T09:00:00.000Z', bad: ['mai', false] },
  lastExportSeq: { fallback: null, good: 1_204, bad: ['1204', -1, 1.5, Number.NaN] },
  lastBackupSeq: { fallback: null, good: 0, bad: ['0', Number.POSITIVE_INFINITY] },
  exportReminderDays: { fallback: 7, good: 0, bad: ['tre', -1, Number.NaN, null] },
  textScale: { fallback: 1, good: 1.25, bad: [1.3, '1.25', 0, 5] },
  collapseTallRows: { fallback: false, good: true, bad: ['true', 1, null] },
};

describe('settings', () => {
  for (const key of Object.keys(CASES) as SettingKey[]) {
    const { fallback, good, bad } = CASES[key];

    it(`${key}: the default when the device has none, what was saved otherwise`, async () => {
      const db = freshDb();
      expect(await repo.readSetting(db, key)).toEqual(fallback);
      await repo.saveSetting(db, key, good);
      expect(await repo.readSetting(db, key)).toEqual(good);
    });

    it(`${key}: the default when the stored value is of the wrong kind`, async () => {
      const db = freshDb();
      for (const value of bad) {
        await db.settings.put({ key, value });
        expect(await repo.readSetting(db, key), JSON.stringify(value)).toEqual(fallback);
      }
    });
  }

  it('reads a reminder threshold in whole days', async () => {
    const db = freshDb();
    await db.settings.put({ key: 'exportReminderDays', value: 14.6 });
    expect(await repo.readSetting(db, 'exportReminderDays')).toBe(14);
  });
});
