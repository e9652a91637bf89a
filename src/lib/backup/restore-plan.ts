// Pure: what restoring a backup writes, in "replace" or "add" mode, given which ids the device already holds.
import type { ChangeLogEntry, IsoTime, PlanDocument } from '../model/types.ts';
import { copyPlanDocument } from '../model/plan.ts';
import type { BackupDraft, BackupFile, BackupIndicator, BackupSettings } from './format.ts';

/** "replace": the device ends up holding exactly the backup; "add": the backup's plans join the device's. */
export type RestoreMode = 'replace' | 'add';

/** The ids already in the database, per store; "add" never overwrites one of them. */
export interface ExistingIds {
  plans: ReadonlySet<string>;
  areas: ReadonlySet<string>;
  columns: ReadonlySet<string>;
  rows: ReadonlySet<string>;
}

export interface RestoreWrite {
  /** Clear plans, areas, columns, rows and change log before writing. */
  clearFirst: boolean;
  documents: PlanDocument[];
  /** Entries to write; with `seq` in "replace" (same history), without in "add" (appended). */
  changeLog: ChangeLogEntry[];
  /** Plans whose ids clashed with the device's and were added as copies with fresh ids. */
  copiedPlanIds: string[];
  /**
   * Indicator decisions and drafts to write. In "replace" they replace the device's; null when the
   * file is too old to carry them: the device keeps its own, except those of plans no longer there.
   * In "add", those of the plans added as they are (a copy's would name the original's rows).
   */
  indicators: BackupIndicator[] | null;
  drafts: BackupDraft[] | null;
  /** The travelling settings to write in "replace" (those the file lacks go back to their defaults); null: untouched. */
  settings: BackupSettings | null;
}

export interface RestoreOptions {
  now: IsoTime;
  newId: () => string;
  /** Appended to the name of a plan added as a copy, e.g. " (dal backup)". */
  copySuffix: string;
  /** Author of the "restore" change-log batch that makes an added plan undoable. */
  by: string;
  /** The backup's file name, noted in that batch. */
  fileName: string;
}

export function documentsOfBackup(backup: BackupFile): PlanDocument[] {
  return backup.plans.map((plan) => ({
    plan,
    areas: backup.areas.filter((area) => area.planId === plan.id),
    columns: backup.columns.filter((column) => column.planId === plan.id),
    rows: backup.rows.filter((row) => row.planId === plan.id),
  }));
}

function clashes(doc: PlanDocument, existing: ExistingIds): boolean {
  return (
    existing.plans.has(doc.plan.id) ||
    doc.areas.some((area) => existing.areas.has(area.id)) ||
    doc.columns.some((column) => existing.columns.has(column.id)) ||
    doc.rows.some((row) => existing.rows.has(row.id))
  );
}

/** One "restore" batch per added plan, each entry with `before: null`, so undo removes the plan again. */
function restoreBatch(doc: PlanDocument, options: RestoreOptions): ChangeLogEntry[] {
  const batchId = options.newId();
  const entry = (table: ChangeLogEntry['table'], key: string): ChangeLogEntry => ({
    batchId,
    planId: doc.plan.id,
    table,
    key,
    before: null,
    at: options.now,
    by: options.by,
    origin: 'restore',
    note: options.fileName,
  });
  return [
    entry('plans', doc.plan.id),
    ...doc.areas.map((area) => entry('areas', area.id)),
    ...doc.columns.map((column) => entry('columns', column.id)),
    ...doc.rows.map((row) => entry('rows', row.id)),
  ];
}

export function planRestore(backup: BackupFile, mode: RestoreMode, existing: ExistingIds, options: RestoreOptions): RestoreWrite {
  const documents = documentsOfBackup(backup);
  if (mode === 'replace') {
    return { clearFirst: true, documents, changeLog: backup.changeLog, copiedPlanIds: [], indicators: backup.indicators, drafts: backup.drafts, settings: backup.settings };
  }
  const written: PlanDocument[] = [];
  const changeLog: ChangeLogEntry[] = [];
  const copiedPlanIds: string[] = [];
  for (const doc of documents) {
    if (clashes(doc, existing)) {
      // A copy gets fresh ids; the plan's old history names the old ids, so it stays behind.
      const copy = copyPlanDocument(doc, doc.plan.name + options.copySuffix, options.now, options.newId);
      copiedPlanIds.push(doc.plan.id);
      written.push(copy);
      changeLog.push(...restoreBatch(copy, options));
    } else {
      written.push(doc);
      const history = backup.changeLog.filter((entry) => entry.planId === doc.plan.id);
      changeLog.push(...history.map(({ seq: _seq, ...entry }) => entry), ...restoreBatch(doc, options));
    }
  }
  const addedAsTheyAre = new Set(documents.filter((doc) => !copiedPlanIds.includes(doc.plan.id)).map((doc) => doc.plan.id));
  return {
    clearFirst: false,
    documents: written,
    changeLog,
    copiedPlanIds,
    indicators: (backup.indicators ?? []).filter((record) => addedAsTheyAre.has(record.planId)),
    drafts: (backup.drafts ?? []).filter((draft) => addedAsTheyAre.has(draft.planId)),
    settings: null,
  };
}
