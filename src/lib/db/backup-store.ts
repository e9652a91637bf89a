// The IndexedDB side of the full backup: read everything for "Esporta tutto", write a backup back in one transaction.
import type { IsoTime } from '../model/types.ts';
import { createBackupFile, type BackupFile } from '../backup/format.ts';
import { planRestore, type RestoreMode, type RestoreOptions } from '../backup/restore-plan.ts';
import {
  lastSavedElsewhereAt,
  lastSavedElsewherePosition,
  normalizeReminderDays,
  type BackupStatus,
} from '../backup/reminder.ts';
import { dumpDatabase, readSetting, saveSetting } from './repository.ts';
import type { QuadroDatabase } from './schema.ts';

/** Every plan, area, column, row and change-log entry, read in one transaction so the copy is consistent. */
export async function exportBackup(db: QuadroDatabase, meta: { appVersion: string; exportedAt: IsoTime }): Promise<BackupFile> {
  return createBackupFile(await dumpDatabase(db), meta);
}

export interface RestoreResult {
  planCount: number;
  /** Ids (in the backup) of plans that already existed and were added as copies. */
  copiedPlanIds: string[];
}

/**
 * Writes a validated backup (in the app: `checkBackup(...).repaired`) in one read-write transaction: "replace" clears every plan store first,
 * "add" writes beside what is there (plans whose ids clash become copies with fresh ids). Any
 * failure aborts the transaction and the database is exactly as before.
 */
export async function restoreBackup(
  db: QuadroDatabase,
  backup: BackupFile,
  mode: RestoreMode,
  options: RestoreOptions,
): Promise<RestoreResult> {
  return db.transaction('rw', [db.plans, db.areas, db.columns, db.rows, db.changeLog], async () => {
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
    }
    // bulkAdd, never bulkPut: an unexpected clash aborts the whole restore instead of overwriting.
    await db.plans.bulkAdd(write.documents.map((doc) => doc.plan));
    await db.areas.bulkAdd(write.documents.flatMap((doc) => doc.areas));
    await db.columns.bulkAdd(write.documents.flatMap((doc) => doc.columns));
    await db.rows.bulkAdd(write.documents.flatMap((doc) => doc.rows));
    await db.changeLog.bulkAdd(write.changeLog);
    return { planCount: write.documents.length, copiedPlanIds: write.copiedPlanIds };
  });
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

/** Notes the backup just saved: its time (for people) and the log position it holds (for order). */
export async function markBackupSaved(db: QuadroDatabase, at: IsoTime, backup: Pick<BackupFile, 'changeLog'>): Promise<void> {
  const position = backup.changeLog.reduce((last, entry) => Math.max(last, entry.seq ?? 0), 0);
  await saveSetting(db, 'lastBackupAt', at);
  await saveSetting(db, 'lastBackupSeq', position);
}

export async function saveReminderDays(db: QuadroDatabase, days: number): Promise<void> {
  await saveSetting(db, 'exportReminderDays', normalizeReminderDays(days));
}
