// Issue 18: a full backup is everything a person would miss — every store and the settings that travel — with a
// format version that moved with its content; newer files are refused in words or kept whole; ids and titles from
// outside pass the same rules as typed ones.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { countDrafts, exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { saveIndicatorRecord } from '../../src/lib/db/indicators.ts';
import { saveDraft } from '../../src/lib/db/drafts.ts';
import { BACKUP_FORMAT_MINOR, BACKUP_FORMAT_VERSION, TRAVELLING_SETTINGS, parseBackup, serializeBackup, type BackupFile } from '../../src/lib/backup/format.ts';
import { checkBackup } from '../../src/lib/backup/check.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { confirmDecision, proposePairs } from '../../src/lib/indicators/index.ts';
import { DEFAULT_PLAN_ID, loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const opened: repo.QuadroDatabase[] = [];
let counter = 0;
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function fresh(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-backup-stores-${counter++}-${Math.random()}`);
  opened.push(db);
  return db;
}

const author = { by: 'Anna Bianchi' };
const options = { now: '2026-11-26T10:00:00.000Z', newId: () => `fresh-${counter++}`, copySuffix: ' (dal backup)', by: 'Anna', fileName: 'b.json' };

/** A device a person has used: edits, an indicator confirmed, a text in the large editor, a failed save, preferences. */
async function usedDevice(): Promise<repo.QuadroDatabase> {
  const db = fresh();
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  const doc = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
  const row = doc.rows[0]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId && c.id !== doc.columns[0]!.id)!;
  await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Modificato in treno' }, author);
  await repo.addRow(db, row.areaId, row.id, author, { texts: { [column.id]: 'Riga nuova' } });
  const pair = proposePairs(doc)[0]!;
  await saveIndicatorRecord(db, { id: `${DEFAULT_PLAN_ID}:k1`, planId: DEFAULT_PLAN_ID, areaId: pair.areaId, rowId: pair.rowId, value: confirmDecision(pair, '2026-11-26T09:00:00.000Z', 'Anna') });
  await saveDraft(db, { id: repo.draftId('editor', DEFAULT_PLAN_ID, row.id, column.id), kind: 'editor', planId: DEFAULT_PLAN_ID, areaId: row.areaId, rowId: row.id, columnId: column.id, text: 'Bozza lunga', baseText: 'Modificato in treno', at: '2026-11-26T09:10:00.000Z' });
  await repo.keepPendingSave(db, { planId: DEFAULT_PLAN_ID, areaId: row.areaId, rowId: 'riga-cancellata', columnId: column.id, text: 'Non salvato', baseText: '', at: '2026-11-26T09:20:00.000Z' });
  for (const [key, value] of [['author', 'Anna Bianchi'], ['lang', 'en'], ['csvDelimiter', ','], ['exportReminderDays', 3], ['textScale', 1.25], ['collapseTallRows', true]] as const) {
    await repo.saveSetting(db, key, value as never);
  }
  await repo.recordExportBases(db, DEFAULT_PLAN_ID, null, '2026-11-26T09:30:00.000Z');
  return db;
}

/** Every store, as a person's device holds it: sorted, the settings that are this device's own aside. */
async function everything(db: repo.QuadroDatabase): Promise<Record<string, unknown>> {
  const byKey = <T>(list: T[], key: (item: T) => string | number): T[] => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const settings = (await db.settings.toArray()).filter((s) => s.key !== 'seededDefaultPlan');
  return {
    plans: byKey(await db.plans.toArray(), (r) => r.id),
    areas: byKey(await db.areas.toArray(), (r) => r.id),
    columns: byKey(await db.columns.toArray(), (r) => r.id),
    rows: byKey(await db.rows.toArray(), (r) => r.id),
    changeLog: await db.changeLog.toArray(),
    indicators: byKey(await db.indicators.toArray(), (r) => r.id),
    drafts: byKey(await db.drafts.toArray(), (r) => r.id),
    settings: byKey(settings, (s) => s.key),
  };
}

function read(text: string): BackupFile {
  const result = parseBackup(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('a complete backup (observed point 1)', () => {
  it('"Sostituisci tutto" on another device gives back every store and the settings that travel, and undo works there as here', async () => {
    const source = await usedDevice();
    const text = serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' }));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file['formatVersion']).toBe(3);
    expect(Object.keys(file['settings'] as object).sort()).toEqual(['author', 'collapseTallRows', 'csvDelimiter', 'exportReminderDays', 'lang', 'lastExportAt', 'lastExportSeq', 'textScale']);

    const target = fresh();
    await repo.seedDefaultPlanOnce(target, loadDefaultPlan);
    // This device had its own decision, drafts and name: "replace everything" replaces them.
    await saveIndicatorRecord(target, { id: 'x', planId: 'another', areaId: 'a', rowId: 'r', value: {} });
    await saveDraft(target, { id: repo.draftId('editor', DEFAULT_PLAN_ID, 'r', 'c'), kind: 'editor', planId: DEFAULT_PLAN_ID, areaId: 'a', rowId: 'r', columnId: 'c', text: 'vecchia bozza', baseText: '', at: '' });
    await repo.saveSetting(target, 'author', 'Qualcun altro');
    expect(await countDrafts(target)).toBe(1);
    await restoreBackup(target, checkBackup(read(text)).repaired, 'replace', options);

    const expected = await everything(source);
    const restored = await everything(target);
    const mark = (settings: { key: string; value: unknown }[]): { key: string; value: unknown }[] => settings.filter((s) => !s.key.startsWith('lastBackup'));
    expect({ ...restored, settings: mark(restored['settings'] as never) }).toEqual({ ...expected, settings: mark(expected['settings'] as never) });
    // The device now holds exactly this backup: it is its last one.
    expect(await repo.readSetting(target, 'lastBackupAt')).toBe('2026-11-26T09:40:00.000Z');
    expect(checkIntegrity(await repo.dumpDatabase(target))).toEqual([]);

    const lastBatch = (await repo.readUndoHistory(source, DEFAULT_PLAN_ID)).undo.at(-1)!;
    expect((await repo.readUndoHistory(target, DEFAULT_PLAN_ID)).undo.at(-1)).toBe(lastBatch);
    await repo.undoBatch(source, lastBatch, author);
    await repo.undoBatch(target, lastBatch, author);
    const strip = (dump: Record<string, unknown>): unknown => ({ ...dump, changeLog: (dump['changeLog'] as { batchId: string; at: string }[]).length, settings: null });
    expect(strip(await everything(target))).toEqual(strip(await everything(source)));
  });

  it('an older backup (version 2) carries no decisions, drafts or settings: the device keeps its own, except those of plans that are gone', async () => {
    const source = await usedDevice();
    const v2 = JSON.parse(serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' }))) as Record<string, unknown>;
    v2['formatVersion'] = 2;
    for (const key of ['indicators', 'drafts', 'settings', 'formatMinor']) delete v2[key];
    const target = fresh();
    await repo.seedDefaultPlanOnce(target, loadDefaultPlan);
    await saveIndicatorRecord(target, { id: 'mine', planId: DEFAULT_PLAN_ID, areaId: 'a', rowId: 'r', value: {} });
    await saveIndicatorRecord(target, { id: 'gone', planId: 'a-plan-not-in-the-backup', areaId: 'a', rowId: 'r', value: {} });
    await repo.saveSetting(target, 'author', 'Qualcun altro');
    const backup = read(JSON.stringify(v2));
    expect(backup.indicators).toBeNull();
    await restoreBackup(target, checkBackup(backup).repaired, 'replace', options);
    expect((await target.indicators.toArray()).map((r) => r.id)).toEqual(['mine']);
    expect(await repo.readSetting(target, 'author')).toBe('Qualcun altro');
  });

  it('"Aggiungi" brings the decisions and drafts of the plans it adds as they are, never of one it adds as a copy', async () => {
    const source = await usedDevice();
    const text = serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' }));
    // The same device: the plan comes back as a copy, whose rows have new ids.
    await restoreBackup(source, checkBackup(read(text)).repaired, 'add', options);
    expect(await source.indicators.count()).toBe(1);
    expect(await source.drafts.count()).toBe(2);
    const empty = fresh();
    await restoreBackup(empty, checkBackup(read(text)).repaired, 'add', options);
    expect(await empty.indicators.count()).toBe(1);
    expect(await empty.drafts.count()).toBe(2);
  });
});

describe('versions (observed point 2)', () => {
  it('the version moved with the content: version 3, which a version-2 reader refuses', async () => {
    const source = await usedDevice();
    const backup = await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' });
    expect(backup.formatVersion).toBe(3);
    expect(BACKUP_FORMAT_VERSION).toBeGreaterThan(2);
  });

  it('refuses a newer major version in words that say to update Quadro, writing nothing', () => {
    const result = parseBackup(JSON.stringify({ format: 'quadro-backup', formatVersion: BACKUP_FORMAT_VERSION + 1, appVersion: '2.0.0', plans: [], areas: [], columns: [], rows: [], changeLog: [] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.code).toBe('backup.too-new');
    expect(describeProblem(result.errors[0]!, 'it')).toContain('aggiorna Quadro');
    expect(describeProblem(result.errors[0]!, 'it')).toContain('2.0.0');
    expect(describeProblem(result.errors[0]!, 'en')).toContain('update Quadro');
  });

  it('reads a newer minor version and keeps the fields it does not know, through a restore and back', async () => {
    const source = await usedDevice();
    const file = JSON.parse(serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' }))) as Record<string, unknown> & { rows: Record<string, unknown>[]; plans: Record<string, unknown>[] };
    file['formatMinor'] = BACKUP_FORMAT_MINOR + 1;
    file.rows[0]!['colour'] = 'giallo';
    file.plans[0]!['icon'] = { name: 'stella' };
    file.rows[1]!['hasOwnProperty'] = 'x';
    const backup = read(JSON.stringify(file));
    const target = fresh();
    await restoreBackup(target, checkBackup(backup).repaired, 'replace', options);
    const again = JSON.parse(serializeBackup(await exportBackup(target, { appVersion: 't', exportedAt: '2026-11-26T09:50:00.000Z' }))) as typeof file;
    expect(again.rows.find((r) => r['id'] === file.rows[0]!['id'])!['colour']).toBe('giallo');
    expect(again.plans[0]!['icon']).toEqual({ name: 'stella' });
    // Never a prototype name.
    expect(Object.hasOwn(again.rows.find((r) => r['id'] === file.rows[1]!['id'])!, 'hasOwnProperty')).toBe(false);
    // The same minor version: nothing unknown is kept (it was not written by a newer Quadro).
    file['formatMinor'] = BACKUP_FORMAT_MINOR;
    expect(Object.hasOwn(read(JSON.stringify(file)).rows[0]!, 'colour')).toBe(false);
  });

  it('lists the settings that travel', () => {
    expect(TRAVELLING_SETTINGS).toEqual(['author', 'lang', 'csvDelimiter', 'exportReminderDays', 'textScale', 'collapseTallRows', 'lastExportAt', 'lastExportSeq']);
  });
});

describe('ids, orders and titles from outside (observed points 4 and 5)', () => {
  async function backupJson(): Promise<Record<string, unknown> & { columns: Record<string, unknown>[]; rows: Record<string, unknown>[]; areas: Record<string, unknown>[] }> {
    const source = await usedDevice();
    return JSON.parse(serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:40:00.000Z' })));
  }

  it('refuses in words a column whose id is an object-prototype name (and an order given as a string), writing nothing', async () => {
    const json = await backupJson();
    const column = json.columns[1]!;
    const oldId = column['id'] as string;
    column['id'] = 'hasOwnProperty';
    column['order'] = '3';
    for (const row of json.rows) {
      const cells = row['cells'] as Record<string, unknown>;
      if (oldId in cells) {
        cells['hasOwnProperty'] = cells[oldId];
        delete cells[oldId];
      }
    }
    const result = parseBackup(JSON.stringify(json));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeProblem(result.errors[0]!, 'it')).toContain('elenco delle colonne ha un identificativo che Quadro non usa');
    expect(describeProblem(result.errors[0]!, 'it')).not.toMatch(/Error|undefined/);
    for (const id of ['__proto__', 'constructor', 'toString', 'valueOf', 42, null]) {
      const other = structuredClone(json);
      other.areas[0]!['id'] = id;
      expect(parseBackup(JSON.stringify(other)).ok, `area id ${String(id)}`).toBe(false);
    }
  });

  it('an order that is not a finite number is replaced, and the records are placed in a readable order', async () => {
    const json = await backupJson();
    json.areas[0]!['order'] = 'primo';
    const parsed = read(JSON.stringify(json));
    expect(parsed.areas.every((area) => Number.isFinite(area.order))).toBe(true);
    expect(checkIntegrity(checkBackup(parsed).repaired)).toEqual([]);
  });

  it('mends titles the name rule refuses, and says so', async () => {
    const json = await backupJson();
    json.areas[0]!['title'] = '   ';
    json.columns[0]!['title'] = 'x'.repeat(300);
    (json['plans'] as Record<string, unknown>[])[0]!['name'] = '__proto__';
    const result = parseBackup(JSON.stringify(json));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.areas[0]!.title).toBe('Area senza titolo');
    expect(Array.from(result.value.columns[0]!.title)).toHaveLength(200);
    expect(result.value.plans[0]!.name).toBe('__proto__ (titolo riservato)');
    expect(result.warnings.map((w) => w.code)).toContain('backup.titles-repaired');
    expect(describeProblem(result.warnings.find((w) => w.code === 'backup.titles-repaired')!, 'it')).toContain('3 titoli non rispettavano');
  });

  it('"Sostituisci tutto" leaves no drafts of rows that no longer exist (from the device or the file)', async () => {
    const json = await backupJson();
    (json['drafts'] as Record<string, unknown>[]).push({ kind: 'editor', planId: DEFAULT_PLAN_ID, areaId: 'a', rowId: 'no-such-row', columnId: 'c', text: 'orfana', baseText: '', at: '' });
    const target = fresh();
    await saveDraft(target, { id: repo.draftId('editor', DEFAULT_PLAN_ID, 'old-row', 'c'), kind: 'editor', planId: DEFAULT_PLAN_ID, areaId: 'a', rowId: 'old-row', columnId: 'c', text: 'vecchia', baseText: '', at: '' });
    await restoreBackup(target, checkBackup(read(JSON.stringify(json))).repaired, 'replace', options);
    const rows = new Set((await target.rows.toArray()).map((r) => r.id));
    const drafts = await target.drafts.toArray();
    expect(drafts.filter((d) => d.kind === 'editor' && !rows.has(d.rowId))).toEqual([]);
    // A failed save of a row that is gone stays: its text goes into a new row with «Metti in una riga nuova».
    expect(drafts.filter((d) => d.kind === 'failed-save').map((d) => d.text)).toEqual(['Non salvato']);
  });
});
