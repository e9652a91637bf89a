// The archive panel's reads and writes (last backup, reminder threshold), so the component never calls lib/db itself.
import { readBackupStatus, saveReminderDays } from '../db/backup-store.ts';
import type { QuadroDatabase } from '../db/repository.ts';
import type { BackupStatus } from '../backup/reminder.ts';

export type { BackupStatus };

export function loadBackupStatus(db: QuadroDatabase): Promise<BackupStatus> {
  return readBackupStatus(db);
}

export function changeReminderDays(db: QuadroDatabase, days: number): Promise<void> {
  return saveReminderDays(db, days);
}
