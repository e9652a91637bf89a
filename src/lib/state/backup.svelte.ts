// "Esporta tutto" and "Ripristina" as runes: the backup panel presents and dispatches, this module talks to the backup store.
import type { QuadroDatabase } from '../db/repository.ts';
import { backupFileName, parseBackup, serializeBackup, summarizeBackup, type BackupFile, type BackupSummary } from '../backup/format.ts';
import { checkBackup, plansEmptiedByRestore, type BackupCheck } from '../backup/check.ts';
import type { RestoreMode } from '../backup/restore-plan.ts';
import type { QuadroProblem } from '../model/errors.ts';
import { clock } from '../model/clock.ts';
import { readFileText } from '../files/read-file.ts';
import { saveBlob } from '../files/save-blob.ts';
import { commitOpenEditors, flushPendingWrites } from './pending-writes.ts';
import { isQuotaError } from '../db/repository.ts';
import { strings, type Lang } from '../i18n/index.ts';
import { describeProblems } from '../i18n/problems/describe.ts';
import { whenSeedComplete } from './seed-rest.ts';

// The backup store carries the format, the checks and the restore planner: loaded with the panel (issue 14).
const loadBackupStore = () => import('../db/backup-store.ts');

/** A chosen backup file, read and checked, waiting for the user's choice. */
export interface PendingRestore {
  backup: BackupFile;
  fileName: string;
  check: BackupCheck;
  warnings: QuadroProblem[];
  /** Rows per plan on the device, and texts not saved yet: what "replace" would take away, said first. */
  deviceRows: Map<string, number>;
  deviceDrafts: number;
}

export class BackupState {
  busy = $state(false);
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  // Raw, not deep state: a Svelte proxy cannot be structured-cloned into IndexedDB (DataCloneError).
  pending = $state.raw<PendingRestore | null>(null);
  confirmed = $state(false);

  summary: BackupSummary | null = $derived(this.pending ? summarizeBackup(this.pending.check.repaired) : null);
  emptied = $derived({
    replace: this.pending ? plansEmptiedByRestore(this.pending.check, this.pending.backup, this.pending.deviceRows, 'replace') : [],
    add: this.pending ? plansEmptiedByRestore(this.pending.check, this.pending.backup, this.pending.deviceRows, 'add') : [],
  });
  needsConfirmation = $derived(this.pending !== null && (this.pending.check.problems.length > 0 || this.emptied.replace.length > 0));

  constructor(
    private readonly db: QuadroDatabase,
    private readonly lang: () => Lang,
  ) {}

  /** Never the raw exception: a full disk says what to do, anything else that nothing changed. */
  private describe(failure: unknown, restoring: boolean): string {
    console.error(failure);
    const lang = this.lang();
    const t = strings(lang);
    if (isQuotaError(failure)) return restoring ? t.backupQuotaFull : t.storageFull;
    return t.backupRestoreFailed;
  }

  async exportEverything(appVersion: string): Promise<boolean> {
    this.busy = true;
    this.message = this.error = null;
    try {
      // Edits still on their way to IndexedDB belong in the backup.
      commitOpenEditors();
      await flushPendingWrites();
      await whenSeedComplete(this.db);
      const store = await loadBackupStore();
      const now = new Date(clock().now());
      const backup = await store.exportBackup(this.db, { appVersion, exportedAt: now.toISOString() });
      const fileName = backupFileName(now);
      saveBlob(new Blob([serializeBackup(backup)], { type: 'application/json' }), fileName);
      await store.markBackupSaved(this.db, now.toISOString(), backup);
      this.message = strings(this.lang()).backupExportDone(fileName);
      return true;
    } catch (failure) {
      this.error = this.describe(failure, false);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async choose(file: File | undefined): Promise<void> {
    this.message = this.error = null;
    this.pending = null;
    this.confirmed = false;
    if (!file) return;
    try {
      const text = await readFileText(file);
      const result = parseBackup(text);
      if (!result.ok) {
        this.error = describeProblems(result.errors, this.lang());
        return;
      }
      const store = await loadBackupStore();
      const [deviceRows, deviceDrafts] = await Promise.all([store.countRowsByPlan(this.db), store.countDrafts(this.db)]);
      this.pending = { backup: result.value, fileName: file.name, check: checkBackup(result.value), warnings: result.warnings, deviceRows, deviceDrafts };
    } catch (failure) {
      this.error = this.describe(failure, false);
    }
  }

  cancel(): void {
    this.pending = null;
  }

  /** Restores the chosen file; the number of plans restored when it is done (the app then reloads its plans), else null. */
  async restore(mode: RestoreMode, author: string): Promise<number | null> {
    const chosen = this.pending;
    if (!chosen || (this.needsConfirmation && !this.confirmed)) return null;
    // A restore replaces plans: the first start's seed finishes first, so it never writes into what was restored.
    await whenSeedComplete(this.db);
    this.busy = true;
    this.error = null;
    try {
      commitOpenEditors();
      await flushPendingWrites();
      const store = await loadBackupStore();
      const result = await store.restoreBackup(this.db, chosen.check.repaired, mode, {
        now: clock().now(),
        newId: () => crypto.randomUUID(),
        copySuffix: strings(this.lang()).backupCopySuffix,
        by: author,
        fileName: chosen.fileName,
      });
      this.pending = null;
      this.message = strings(this.lang()).backupRestored(result.planCount);
      return result.planCount;
    } catch (failure) {
      this.error = this.describe(failure, true);
      return null;
    } finally {
      this.busy = false;
    }
  }
}
