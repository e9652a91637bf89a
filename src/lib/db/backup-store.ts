// The IndexedDB side of the full backup: read every store for "Esporta tutto", write a backup back in one transaction.
import type { IsoTime } from '../model/types.ts';
import { createBackupFile, TRAVELLING_SETTINGS, type BackupDraft, type BackupFile, type BackupIndicator } from '../backup/format.ts';
import { planRestore, type RestoreMode, type RestoreOptions } from '../backup/restore-plan.ts';
import {
  lastSavedElsewhereAt,
  lastSavedElsewherePosition,
  normalizeReminderDays,
  type BackupStatus,
} from '../backup/reminder.ts';
import { readSetting, saveSetting, type SettingKey } from './repository.ts';
import type { QuadroDatabase } from './schema.ts';

/** The settings that travel are settings of this device: a renamed key breaks the build, not a backup. */
const TRAVELLING_KEYS: readonly SettingKey[] = TRAVELLING_SETTINGS;

/**
 * Every store a person would miss, read in one transaction so the copy is consistent: the plans
 * and their change log, indicator decisions, drafts, and the settings (only the travelling ones
 * are written to the file).
 */
export async function exportBackup(db: QuadroDatabase, meta: { appVersion: string; exportedAt: IsoTime }): Promise<BackupFile> {
  const records = await db.transaction('r', [db.plans, db.areas, db.columns, db.rows, db.changeLog, db.indicators, db.drafts, db.settings], async () => ({
    plans: await db.plans.toArray(),
    areas: await db.areas.toArray(),
    columns: await db.columns.toArray(),
    rows: await db.rows.toArray(),
    changeLog: await db.changeLog.toArray(),
    indicators: (await db.indicators.toArray()) as BackupIndicator[],
    drafts: (await db.drafts.toArray()) as BackupDraft[],
    settings: Object.fromEntries((await db.settings.toArray()).map((setting) => [setting.key, setting.value])),
  }));
  return createBackupFile(records, meta);
}

export interface RestoreResult {
  planCount: number;
  /** Ids (in the backup) of plans that already existed and were added as copies. */
  copiedPlanIds: string[];
}

/**
 * Writes a validated backup (in the app: `checkBackup(...).repaired`) in one read-write transaction:
 * "replace" clears every store that travels first and leaves the device holding exactly what the
 * backup holds (plans, history, indicator decisions, drafts, the travelling settings; the last
 * backup is the one restored); "add" writes beside what is there (plans whose ids clash become
 * copies with fresh ids). Any failure aborts the transaction and the database is exactly as before.
 */
export async function restoreBackup(
  db: QuadroDatabase,
  backup: BackupFile,
  mode: RestoreMode,
  options: RestoreOptions,
): Promise<RestoreResult> {
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows, db.changeLog, db.indicators, db.drafts, db.settings], async () => {
    const [plans, areas, columns, rows] = await Promise.all([
      db.plans.toCollection().primaryKeys(),
      db.areas.toCollection().primaryKeys(),
      db.columns.toCollection().primaryKeys(),
      db.rows.toCollection().primaryKeys(),
    ]);
    const write = planRestore(
      backup,
      mode,
      { plans: new Set(plans), areas: new Set(areas), columns: new Set(columns), rows: new Set(rows) },
      options,
    );
    if (write.clearFirst) {
      await Promise.all([db.plans.clear(), db.areas.clear(), db.columns.clear(), db.rows.clear(), db.changeLog.clear()]);
      const planIds = new Set(write.documents.map((doc) => doc.plan.id));
      // A store the file carries is replaced; one it is too old to carry keeps only what belongs to the plans restored.
      for (const [table, records] of [[db.indicators, write.indicators], [db.drafts, write.drafts]] as const) {
        if (records === null) await table.filter((record) => !planIds.has(record.planId)).delete();
        else await table.clear();
      }
    }
    // bulkAdd, never bulkPut: an unexpected clash aborts the whole restore instead of overwriting.
    await db.plans.bulkAdd(write.documents.map((doc) => doc.plan));
    await db.areas.bulkAdd(write.documents.flatMap((doc) => doc.areas));
    await db.columns.bulkAdd(write.documents.flatMap((doc) => doc.columns));
    await db.rows.bulkAdd(write.documents.flatMap((doc) => doc.rows));
    await db.changeLog.bulkAdd(write.changeLog);
    // Put: in "add", a record left behind by an older Quadro under the same id gives way.
    if (write.indicators) await db.indicators.bulkPut(write.indicators as never[]);
    if (write.drafts) await db.drafts.bulkPut(write.drafts as never[]);
    if (write.settings) {
      for (const key of TRAVELLING_KEYS) {
        const value = write.settings[key as keyof typeof write.settings];
        if (value === undefined) await db.settings.delete(key);
        else await db.settings.put({ key, value });
      }
      // The device now holds exactly this backup: it is its last backup, up to its last change.
      await db.settings.put({ key: 'lastBackupAt', value: backup.exportedAt });
      await db.settings.put({ key: 'lastBackupSeq', value: write.changeLog.reduce((last, entry) => Math.max(last, entry.seq ?? 0), 0) });
    }
    return { planCount: write.documents.length, copiedPlanIds: write.copiedPlanIds };
  });
}

/** Texts typed on this device and not in a plan yet (failed saves, open editors): a "replace" restore says it replaces them. */
export async function countDrafts(db: QuadroDatabase): Promise<number> {
  return db.drafts.count();
}

export async function countPlans(db: QuadroDatabase): Promise<number> {
  return db.plans.count();
}

/** Rows per plan on the device: a restore that would empty one of them says so first. */
export async function countRowsByPlan(db: QuadroDatabase): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await db.rows.each((row) => counts.set(row.planId, (counts.get(row.planId) ?? 0) + 1));
  return counts;
}

/** What the export reminder needs: last backup and export, threshold, oldest change made since. */
export async function readBackupStatus(db: QuadroDatabase): Promise<BackupStatus> {
  const [lastBackupAt, lastExportAt, backupSeq, exportSeq, reminderDays] = await Promise.all([
    readSetting(db, 'lastBackupAt'),
    readSetting(db, 'lastExportAt'),
    readSetting(db, 'lastBackupSeq'),
    readSetting(db, 'lastExportSeq'),
    readSetting(db, 'exportReminderDays'),
  ]);
  // What came after the last backup or export is decided by the log's order, never by comparing
  // times (the clock may have been set back since). Only settings saved before positions existed
  // fall back to the time.
  const position = lastSavedElsewherePosition({ backup: backupSeq, export: exportSeq });
  const since = position === null ? lastSavedElsewhereAt({ lastBackupAt, lastExportAt }) : null;
  const first =
    position !== null
      ? await db.changeLog.where('seq').above(position).first()
      : await db.changeLog
          .orderBy('seq')
          .filter((entry) => since === null || entry.at > since)
          .first();
  return { lastBackupAt, lastExportAt, reminderDays, firstUnsavedChangeAt: first?.at ?? null };
}

/** Notes the backup just saved: its time (for people) and the log position it holds (for order), in one transaction. */
export async function markBackupSaved(db: QuadroDatabase, at: IsoTime, backup: Pick<BackupFile, 'changeLog'>): Promise<void> {
  const position = backup.changeLog.reduce((last, entry) => Math.max(last, entry.seq ?? 0), 0);
  await db.transaction('rw', db.settings, async () => {
    await saveSetting(db, 'lastBackupAt', at);
    await saveSetting(db, 'lastBackupSeq', position);
  });
}

export async function saveReminderDays(db: QuadroDatabase, days: number): Promise<void> {
  await saveSetting(db, 'exportReminderDays', normalizeReminderDays(days));
}
