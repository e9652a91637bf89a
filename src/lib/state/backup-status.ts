// The archive panel's reads and writes (last backup, reminder threshold), so the component never calls lib/db itself.
import type { QuadroDatabase } from '../db/repository.ts';
import type { BackupStatus } from '../backup/reminder.ts';

export type { BackupStatus };

// Imported on demand: the backup store carries the backup format and restore planner, which the
// first screen does not need (issue 14); the Archivio button reads its status after start-up.
const loadBackupStore = () => import('../db/backup-store.ts');

export async function loadBackupStatus(db: QuadroDatabase): Promise<BackupStatus> {
  return (await loadBackupStore()).readBackupStatus(db);
}

export async function changeReminderDays(db: QuadroDatabase, days: number): Promise<void> {
  await (await loadBackupStore()).saveReminderDays(db, days);
}
