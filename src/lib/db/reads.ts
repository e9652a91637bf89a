// Reads of plans, areas and the change log: nothing here writes.
import { expandEntries } from '../model/log-entries.ts';
import type { Area, ChangeLogEntry, Column, Plan, PlanDocument, Row } from '../model/types.ts';
import type { StoreDump } from '../model/integrity.ts';
import type { BatchSummary } from '../model/history.ts';
import { ambitoName, sortByOrder } from '../model/plan.ts';
import type { QuadroDatabase } from './schema.ts';

/** Everything one area's grid shows. */
export interface AreaView {
  area: Area;
  columns: Column[];
  rows: Row[];
}

export type DatabaseDump = StoreDump;

export async function listPlans(db: QuadroDatabase): Promise<Plan[]> {
  const plans = await db.plans.toArray();
  return plans.sort((a, b) => a.name.localeCompare(b.name, 'it'));
}

export async function listAreas(db: QuadroDatabase, planId: string): Promise<Area[]> {
  return sortByOrder(await db.areas.where('planId').equals(planId).toArray());
}

export async function loadAreaView(db: QuadroDatabase, areaId: string): Promise<AreaView | undefined> {
  return db.transaction('r', [db.areas, db.columns, db.rows], async () => {
    const area = await db.areas.get(areaId);
    if (!area) return undefined;
    const [columns, rows] = await Promise.all([
      db.columns.where('areaId').equals(areaId).toArray(),
      db.rows.where('areaId').equals(areaId).toArray(),
    ]);
    return { area, columns: sortByOrder(columns), rows: sortByOrder(rows) };
  });
}

/** The plan in reading order: areas in order, and each area's columns and rows in their own order. */
export function inReadingOrder(plan: Plan, areas: Area[], columns: Column[], rows: Row[]): PlanDocument {
  const areaOrder = new Map(areas.map((area) => [area.id, area.order]));
  const byAreaThenOrder = (a: Row | Column, b: Row | Column): number =>
    (areaOrder.get(a.areaId) ?? 0) - (areaOrder.get(b.areaId) ?? 0) || a.order - b.order;
  return { plan, areas: sortByOrder(areas), columns: [...columns].sort(byAreaThenOrder), rows: [...rows].sort(byAreaThenOrder) };
}

export async function loadPlanDocument(db: QuadroDatabase, planId: string): Promise<PlanDocument | undefined> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows], async () => {
    const plan = await db.plans.get(planId);
    if (!plan) return undefined;
    const [areas, columns, rows] = await Promise.all([
      db.areas.where('planId').equals(planId).toArray(),
      db.columns.where('planId').equals(planId).toArray(),
      db.rows.where('planId').equals(planId).toArray(),
    ]);
    return inReadingOrder(plan, areas, columns, rows);
  });
}

/**
 * The plan's most recent batches in log order, one summary each, enough to rebuild the undo
 * history (depth `limit`) and say whether each import is in effect. Reads newest first and stops.
 */
export async function listBatches(db: QuadroDatabase, planId: string, limit = 1000): Promise<BatchSummary[]> {
  const batches = new Map<string, BatchSummary>();
  await db.changeLog
    .where('planId')
    .equals(planId)
    .reverse()
    .until(() => batches.size > limit)
    .each((entry) => {
      const known = batches.get(entry.batchId);
      if (known) {
        known.seq = Math.min(known.seq, entry.seq ?? known.seq);
        if (entry.importSummary !== undefined) known.importSummary = entry.importSummary;
        return;
      }
      const summary: BatchSummary = { batchId: entry.batchId, seq: entry.seq ?? 0, origin: entry.origin, at: entry.at, by: entry.by };
      if (entry.note !== undefined) summary.note = entry.note;
      if (entry.importSummary !== undefined) summary.importSummary = entry.importSummary;
      batches.set(entry.batchId, summary);
    });
  return [...batches.values()].slice(0, limit).sort((a, b) => a.seq - b.seq);
}

export async function dumpDatabase(db: QuadroDatabase): Promise<DatabaseDump> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows, db.changeLog], async () => ({
    plans: await db.plans.toArray(),
    areas: await db.areas.toArray(),
    columns: await db.columns.toArray(),
    rows: await db.rows.toArray(),
    changeLog: await db.changeLog.toArray(),
  }));
}

/** Every change-log entry about one row (its own entries and the bulk entries that created or deleted it), oldest first. */
export async function listRowChanges(db: QuadroDatabase, rowId: string): Promise<ChangeLogEntry[]> {
  const [own, created, removed] = await Promise.all([
    db.changeLog.where('key').equals(rowId).toArray(),
    db.changeLog.where('addedKeys').equals(rowId).toArray(),
    db.changeLog.where('removedKeys').equals(rowId).toArray(),
  ]);
  const bySeq = new Map<number, ChangeLogEntry>();
  for (const entry of [...own, ...created, ...removed]) bySeq.set(entry.seq ?? 0, entry);
  return [...bySeq.values()].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/** The plan's change-log entries after log position `afterSeq`, oldest first. */
export async function listChangesAfter(db: QuadroDatabase, planId: string, afterSeq: number): Promise<ChangeLogEntry[]> {
  return db.changeLog.where('seq').above(afterSeq).filter((entry) => entry.planId === planId).toArray();
}

/** The log position of a batch (its first entry), or undefined if the log does not hold it. */
export async function batchPosition(db: QuadroDatabase, batchId: string): Promise<number | undefined> {
  const [seq] = await db.changeLog.where('batchId').equals(batchId).limit(1).primaryKeys();
  return seq;
}

/** The log position of the last entry written before `at` (by this device's clock), or 0. */
export async function positionAtTime(db: QuadroDatabase, planId: string, at: string): Promise<number> {
  let position = 0;
  await db.changeLog
    .where('planId')
    .equals(planId)
    .until((entry) => entry.at >= at)
    .each((entry) => {
      if (entry.at < at) position = Math.max(position, entry.seq ?? 0);
    });
  return position;
}

/** The position of the change log's last entry (0 when empty): a point in the order of changes. */
export async function lastLogPosition(db: QuadroDatabase): Promise<number> {
  return ((await db.changeLog.orderBy('seq').lastKey()) as number | undefined) ?? 0;
}

/** What one batch of the change log did, told with the plan as it is now (issue 20: undo says what it undid). */
export interface BatchAbout {
  origin: ChangeLogEntry['origin'];
  /** For an import: the file name. */
  note?: string;
  /** Cells whose text the batch wrote. */
  cellCount: number;
  /** The first of them, where it is now: its area, ambito and column (absent when its row or column is gone). */
  cell?: { areaId: string; areaTitle: string; rowId: string; columnId: string; columnTitle: string; ambito: string };
  /** The area the batch worked in, when it names one (its first record's). */
  areaId?: string;
  areaTitle?: string;
}

/** Describes a batch from its log entries and the records they name. */
export async function describeBatch(db: QuadroDatabase, batchId: string): Promise<BatchAbout | undefined> {
  const entries = expandEntries(await db.changeLog.where('batchId').equals(batchId).sortBy('seq'));
  const first = entries[0];
  if (!first) return undefined;
  const about: BatchAbout = { origin: first.origin, cellCount: 0 };
  if (first.note !== undefined) about.note = first.note;
  const cells = entries.filter((entry) => entry.table === 'rows' && entry.columnId !== undefined);
  about.cellCount = new Set(cells.map((entry) => `${entry.key}\u0000${entry.columnId}`)).size;
  const areaOf = (entry: ChangeLogEntry): string | undefined => {
    const before = entry.before as { areaId?: string; id?: string } | null;
    if (entry.table === 'areas') return entry.key;
    return before?.areaId;
  };
  const areaEntry = entries.find((entry) => areaOf(entry) !== undefined);
  let areaId = areaEntry ? areaOf(areaEntry) : undefined;
  const cellEntry = cells[0];
  if (cellEntry?.columnId) {
    const [row, column] = await Promise.all([db.rows.get(cellEntry.key), db.columns.get(cellEntry.columnId)]);
    if (row && column) {
      const columns = sortByOrder(await db.columns.where('areaId').equals(row.areaId).toArray());
      const area = await db.areas.get(row.areaId);
      const ambito = ambitoName(row, columns[0]?.id);
      about.cell = { areaId: row.areaId, areaTitle: area?.title ?? '', rowId: row.id, columnId: column.id, columnTitle: column.title, ambito };
      areaId = row.areaId;
    }
  }
  if (areaId) {
    const area = await db.areas.get(areaId);
    if (area) {
      about.areaId = area.id;
      about.areaTitle = area.title;
    }
  }
  return about;
}

/**
 * Where the plan's own history starts in the log: after the batch that created it (a new, rolled
 * or duplicated plan), or 0 for a plan that came without one (the bundled plan, seeded unlogged).
 */
export async function planStartPosition(db: QuadroDatabase, planId: string): Promise<number> {
  const first = await db.changeLog.where('planId').equals(planId).first();
  if (!first) return 0;
  const batch = await db.changeLog.where('batchId').equals(first.batchId).toArray();
  const created = batch.some((entry) => entry.table === 'plans' && entry.key === planId && entry.before === null);
  return created ? Math.max(...batch.map((entry) => entry.seq ?? 0)) : 0;
}
