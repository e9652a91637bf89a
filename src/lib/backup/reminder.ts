// Pure: when to remind the user that local changes have not been exported or backed up for some days.
import type { IsoTime } from '../model/types.ts';

/** The reminder threshold until the user sets one (the `exportReminderDays` setting's default, db/settings.ts). */
export const DEFAULT_EXPORT_REMINDER_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupStatus {
  lastBackupAt: IsoTime | null;
  lastExportAt: IsoTime | null;
  /** Reminder threshold in days; 0 or less turns the reminder off. */
  reminderDays: number;
  /** The oldest change made after the last backup or export, or null when there is none. */
  firstUnsavedChangeAt: IsoTime | null;
}

/**
 * The later of the last backup's and the last export's log positions: changes after it are not
 * safe elsewhere yet. Null when neither recorded one (both predate positions, or never happened).
 */
export function lastSavedElsewherePosition(positions: { backup: number | null; export: number | null }): number | null {
  const known = [positions.backup, positions.export].filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
  return known.length === 0 ? null : Math.max(...known);
}

/** The latest of the last backup and the last export by this device's clock: only for settings saved before log positions were. */
export function lastSavedElsewhereAt(status: Pick<BackupStatus, 'lastBackupAt' | 'lastExportAt'>): IsoTime | null {
  const times = [status.lastBackupAt, status.lastExportAt].filter((t): t is IsoTime => typeof t === 'string' && t !== '');
  return times.length === 0 ? null : times.reduce((a, b) => (a > b ? a : b));
}

/** Whole days that unsaved changes have waited, or null when nothing waits. */
export function daysWithoutBackup(status: BackupStatus, now: Date): number | null {
  if (!status.firstUnsavedChangeAt) return null;
  const since = Date.parse(status.firstUnsavedChangeAt);
  if (Number.isNaN(since)) return null;
  return Math.floor((now.getTime() - since) / DAY_MS);
}

export function isBackupOverdue(status: BackupStatus, now: Date): boolean {
  if (!(status.reminderDays > 0)) return false;
  const days = daysWithoutBackup(status, now);
  return days !== null && days >= status.reminderDays;
}

/** Reads the threshold setting defensively: a missing or nonsensical value means the default. */
export function normalizeReminderDays(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : DEFAULT_EXPORT_REMINDER_DAYS;
}
