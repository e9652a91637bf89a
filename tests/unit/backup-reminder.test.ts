// The export reminder: after how many days of unsaved local changes Quadro asks for a backup.
import { describe, expect, it } from 'vitest';
import { isBackupOverdue, lastSavedElsewhereAt, normalizeReminderDays, type BackupStatus } from '../../src/lib/backup/reminder.ts';

const status = (patch: Partial<BackupStatus>): BackupStatus => ({
  lastBackupAt: null,
  lastExportAt: null,
  reminderDays: 7,
  firstUnsavedChangeAt: null,
  ...patch,
});

describe('export reminder', () => {
  const now = new Date('2026-11-26T12:00:00.000Z');

  it('stays quiet when nothing changed since the last backup', () => {
    expect(isBackupOverdue(status({ lastBackupAt: '2026-01-01T00:00:00.000Z' }), now)).toBe(false);
  });

  it('reminds once unsaved changes are as old as the threshold', () => {
    expect(isBackupOverdue(status({ firstUnsavedChangeAt: '2026-11-20T12:00:00.000Z' }), now)).toBe(false);
    expect(isBackupOverdue(status({ firstUnsavedChangeAt: '2026-11-19T12:00:00.000Z' }), now)).toBe(true);
  });

  it('can be turned off with 0 days', () => {
    expect(isBackupOverdue(status({ reminderDays: 0, firstUnsavedChangeAt: '2020-01-01T00:00:00.000Z' }), now)).toBe(false);
  });

  it('takes the later of backup and CSV export', () => {
    expect(lastSavedElsewhereAt({ lastBackupAt: '2026-11-01T00:00:00.000Z', lastExportAt: '2026-11-02T00:00:00.000Z' })).toBe(
      '2026-11-02T00:00:00.000Z',
    );
    expect(lastSavedElsewhereAt({ lastBackupAt: null, lastExportAt: null })).toBeNull();
  });

  it('falls back to the default threshold for a nonsensical setting', () => {
    expect(normalizeReminderDays('tre')).toBe(7);
    expect(normalizeReminderDays(-1)).toBe(7);
    expect(normalizeReminderDays(14)).toBe(14);
  });
});
