// Pure: what is wrong in a parsed backup, in words, and the backup with the broken records left out ("restore everything else").
import { checkIntegrity, type IntegrityProblem } from '../model/integrity.ts';
import type { Area, ChangeLogEntry, Column, Row } from '../model/types.ts';
import type { BackupFile } from './format.ts';

export interface BackupCheck {
  /** Records that would be left out: shown (the first in words) and restored only after explicit confirmation. */
  problems: IntegrityProblem[];
  /** Fixed without losing anything (positions or history numbers renumbered): said, not asked. */
  notes: IntegrityProblem[];
  /** The backup with every broken record left out and orders and history numbers made unique. */
  repaired: BackupFile;
}

/**
 * Checks every reference of a backup (cells → columns of the same area, rows and columns → areas,
 * areas → plans, change-log batches → records of their own plan) and every order, and builds the
 * backup that restoring "everything else" would write. `checkIntegrity(repaired)` is always empty.
 */
export function checkBackup(backup: BackupFile): BackupCheck {
  const found = checkIntegrity(backup);
  const problems = found.filter((problem) => problem.code !== 'integrity.duplicate-order');
  const notes = found.filter((problem) => problem.code === 'integrity.duplicate-order');

  const planIds = new Set(backup.plans.map((plan) => plan.id));
  const areas = backup.areas.filter((area) => planIds.has(area.planId));
  const areaById = new Map(areas.map((area) => [area.id, area]));
  const belongs = (record: { areaId: string; planId: string }): boolean => areaById.get(record.areaId)?.planId === record.planId;
  const columns = backup.columns.filter(belongs);
  const areaOfColumn = new Map(columns.map((column) => [column.id, column.areaId]));
  const rows = backup.rows.filter(belongs).map((row): Row => {
    const kept = Object.entries(row.cells).filter(([columnId]) => areaOfColumn.get(columnId) === row.areaId);
    return kept.length === Object.keys(row.cells).length ? row : { ...row, cells: Object.fromEntries(kept) };
  });

  const repaired: BackupFile = {
    ...backup,
    areas: renumber(areas, (area) => area.planId),
    columns: renumber(columns, (column) => column.areaId),
    rows: renumber(rows, (row) => row.areaId),
    changeLog: [],
  };
  const foreignBatches = new Set(
    checkIntegrity({ ...repaired, changeLog: backup.changeLog })
      .filter((problem) => problem.code === 'integrity.changelog-foreign')
      .map((problem) => /^batch (\S+)/.exec(problem.internal)?.[1] ?? ''),
  );
  const history = backup.changeLog.filter((entry) => !foreignBatches.has(entry.batchId));
  const { entries, renumbered } = renumberHistory(history);
  repaired.changeLog = entries;
  // Indicator decisions and unsaved texts belong to a plan: those of a plan the backup does not
  // hold are left out (after confirmation). A decision on a row that is gone stays (an undo may
  // bring the row back); an open editor's draft of a row that is gone is never offered, so it goes.
  const keptPlans = new Set(repaired.plans.map((plan) => plan.id));
  const keptRows = new Set(repaired.rows.map((row) => row.id));
  if (backup.indicators) {
    const orphans = backup.indicators.filter((record) => !keptPlans.has(record.planId));
    if (orphans.length > 0) problems.push(orphanProblem('backup.indicator-without-plan', orphans.length, { it: 'decisioni sugli indicatori', en: 'indicator decisions' }));
    repaired.indicators = backup.indicators.filter((record) => keptPlans.has(record.planId));
  }
  if (backup.drafts) {
    const orphans = backup.drafts.filter((draft) => !keptPlans.has(draft.planId));
    if (orphans.length > 0) problems.push(orphanProblem('backup.draft-without-plan', orphans.length, { it: 'testi non salvati', en: 'unsaved texts' }));
    repaired.drafts = backup.drafts.filter((draft) => keptPlans.has(draft.planId) && (draft.kind === 'failed-save' || keptRows.has(draft.rowId)));
  }
  if (renumbered) {
    notes.push({
      code: 'backup.history-renumbered',
      message: {
        it: 'Alcune modifiche della cronologia avevano lo stesso numero: sono state rinumerate nello stesso ordine.',
        en: 'Some changes in the history had the same number: they were renumbered in the same order.',
      },
      internal: 'duplicate or missing changeLog seq',
    });
  }
  return { problems, notes, repaired };
}

/** Records of a plan the backup does not hold: said, and left out only after confirmation. */
function orphanProblem(code: string, count: number, what: { it: string; en: string }): IntegrityProblem {
  return {
    code,
    message: {
      it: `Nel backup ci sono ${count} ${what.it} di un piano che il backup non contiene: non fanno parte del ripristino.`,
      en: `The backup holds ${count} ${what.en} of a plan it does not contain: they are not part of the restore.`,
    },
    internal: `${count} records of a missing plan`,
  };
}

/** Siblings with a shared or unreadable order get 1, 2, 3… in their current order; others stay as they are. */
function renumber<T extends Area | Column | Row>(records: T[], parentOf: (record: T) => string): T[] {
  const groups = new Map<string, number[]>();
  records.forEach((record, i) => {
    const list = groups.get(parentOf(record)) ?? [];
    list.push(i);
    groups.set(parentOf(record), list);
  });
  const result = [...records];
  for (const indexes of groups.values()) {
    const orders = indexes.map((i) => (records[i] as T).order);
    if (new Set(orders).size === orders.length && orders.every(Number.isFinite)) continue;
    const sorted = [...indexes].sort((a, b) => orderKey((records[a] as T).order) - orderKey((records[b] as T).order) || a - b);
    sorted.forEach((i, position) => {
      result[i] = { ...(records[i] as T), order: position + 1 };
    });
  }
  return result;
}

function orderKey(order: number): number {
  return Number.isFinite(order) ? order : Number.MAX_VALUE;
}

/** The history in its order, numbered 1… when numbers repeat or are missing; otherwise untouched. */
function renumberHistory(entries: ChangeLogEntry[]): { entries: ChangeLogEntry[]; renumbered: boolean } {
  const seqs = entries.map((entry) => entry.seq);
  const unique = seqs.every((seq) => seq !== undefined) && new Set(seqs).size === seqs.length;
  if (unique) return { entries, renumbered: false };
  const sorted = entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => (a.entry.seq ?? Number.MAX_VALUE) - (b.entry.seq ?? Number.MAX_VALUE) || a.i - b.i);
  return { entries: sorted.map(({ entry }, position) => ({ ...entry, seq: position + 1 })), renumbered: true };
}

/**
 * Plans a restore would leave without rows although they have rows now (on the device, or in the
 * backup before its broken records were left out): said before the restore runs.
 */
export function plansEmptiedByRestore(
  check: BackupCheck,
  original: BackupFile,
  deviceRowCounts: ReadonlyMap<string, number>,
  mode: 'replace' | 'add',
): { id: string; name: string }[] {
  const count = (rows: readonly Row[], planId: string): number => rows.filter((row) => row.planId === planId).length;
  return check.repaired.plans
    .filter((plan) => {
      if (count(check.repaired.rows, plan.id) > 0) return false;
      const hadRows = count(original.rows, plan.id) > 0;
      const deviceHas = mode === 'replace' && (deviceRowCounts.get(plan.id) ?? 0) > 0;
      return hadRows || deviceHas;
    })
    .map((plan) => ({ id: plan.id, name: plan.name }));
}
