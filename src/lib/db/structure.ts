// The structure of a plan: areas, rows and columns added, deleted, moved and renamed; each one undoable batch.
import { withNotes } from '../model/notes.ts';
import type { Area, Cell, Column, Row } from '../model/types.ts';
import { orderAfterLast, orderBetween, sortByOrder } from '../model/plan.ts';
import { MAX_AREA_ROWS } from '../model/limits.ts';
import { findArea, findColumn, MissingRecordError, newId, write, type ChangeAuthor, type ChangeRecorder, type WriteResult } from './transaction.ts';
import type { QuadroDatabase } from './schema.ts';

export async function addArea(db: QuadroDatabase, planId: string, title: string, columnTitles: string[], author: ChangeAuthor): Promise<WriteResult<Area>> {
  return write(db, planId, author, async (recorder) => {
    const areas = await db.areas.where('planId').equals(planId).toArray();
    const area = await recorder.put('areas', { id: newId(), planId, title, introduction: '', order: orderAfterLast(areas) });
    for (const [i, columnTitle] of columnTitles.entries()) {
      await recorder.put('columns', { id: newId(), areaId: area.id, planId, title: columnTitle, order: i + 1 });
    }
    return area;
  });
}

/** Deletes an area with its rows and columns, in one batch: undo brings all of them back together. */
export async function deleteArea(db: QuadroDatabase, areaId: string, author: ChangeAuthor): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await recorder.deleteMany('rows', await db.rows.where('areaId').equals(areaId).primaryKeys());
    await recorder.deleteMany('columns', await db.columns.where('areaId').equals(areaId).primaryKeys());
    await recorder.delete('areas', areaId);
  });
}

/** The area already holds the most rows an area may hold (MAX_AREA_ROWS): nothing was written. */
export class AreaRowLimitError extends Error {
  constructor(
    readonly areaTitle: string,
    readonly count: number,
    readonly limit: number,
  ) {
    super(`area ${areaTitle} holds ${count} rows, the limit is ${limit}`);
    this.name = 'AreaRowLimitError';
  }
}

export interface NewRowContent {
  /** Text for some of the new row's cells (column id → text), written in the same batch as the row. */
  texts?: Readonly<Record<string, string>>;
  /** Drafts the row makes obsolete (a failed save whose text it now holds), dropped in the same transaction. */
  dropDrafts?: readonly string[];
}

/**
 * Adds a row after `afterRowId` (or at the end), unless the area is full: empty, or with `texts`
 * in its cells — one batch either way, so "Metti in una riga nuova" is one undo step and never
 * leaves an empty row behind. Its neighbours come from the area-and-order index: the area is
 * counted, not read.
 */
export async function addRow(db: QuadroDatabase, areaId: string, afterRowId: string | null, author: ChangeAuthor, content: NewRowContent = {}): Promise<WriteResult<Row>> {
  const area = await findArea(db, areaId);
  return write(
    db,
    area.planId,
    author,
    async (recorder) => {
      const count = await db.rows.where('areaId').equals(areaId).count();
      if (count >= MAX_AREA_ROWS) throw new AreaRowLimitError(area.title, count, MAX_AREA_ROWS);
      const inArea = (low: number, high: number, lowOpen: boolean) => db.rows.where('[areaId+order]').between([areaId, low], [areaId, high], !lowOpen, true);
      let before: Row | undefined;
      if (afterRowId === null) before = await inArea(-Infinity, Infinity, false).last();
      else {
        before = await db.rows.get(afterRowId);
        if (!before || before.areaId !== areaId) throw new MissingRecordError('rows', afterRowId);
      }
      const next = before ? await inArea(before.order, Infinity, true).first() : undefined;
      const order = orderBetween(before?.order, next?.order);
      const cells: Record<string, Cell> = {};
      const texts = Object.entries(content.texts ?? {}).filter(([, text]) => text !== '');
      if (texts.length > 0) {
        const columns = await db.columns.bulkGet(texts.map(([columnId]) => columnId));
        texts.forEach(([columnId, text], i) => {
          if (columns[i]?.areaId !== areaId) throw new MissingRecordError('columns', columnId);
          cells[columnId] = { text, changedAt: recorder.at, changedBy: author.by };
        });
      }
      return recorder.put('rows', { id: newId(), areaId, planId: area.planId, order, cells });
    },
    content.dropDrafts ? { dropDrafts: content.dropDrafts } : {},
  );
}

export async function deleteRows(db: QuadroDatabase, planId: string, rowIds: string[], author: ChangeAuthor): Promise<WriteResult<void>> {
  return write(db, planId, author, async (recorder) => {
    await recorder.deleteMany('rows', rowIds);
  });
}

/**
 * Moves rows (or columns) so that they stand, in the given order, at `targetIndex` of the list
 * without them. Only the moved records get a new order value.
 */
async function moveRecords<T extends Row | Column>(recorder: ChangeRecorder, table: 'rows' | 'columns', all: T[], movedIds: string[], targetIndex: number): Promise<void> {
  const moved = new Set(movedIds);
  const rest = sortByOrder(all).filter((item) => !moved.has(item.id));
  const clamped = Math.max(0, Math.min(targetIndex, rest.length));
  const low = rest[clamped - 1]?.order;
  const high = rest[clamped]?.order;
  const start = low ?? (high === undefined ? 0 : high - movedIds.length - 1);
  const step = high === undefined ? 1 : (high - start) / (movedIds.length + 1);
  const byId = new Map(all.map((item) => [item.id, item]));
  for (const [i, id] of movedIds.entries()) {
    const item = byId.get(id);
    if (!item) throw new MissingRecordError(table, id);
    await recorder.put(table, { ...item, order: start + step * (i + 1) });
  }
}

export async function moveRows(db: QuadroDatabase, areaId: string, rowIds: string[], targetIndex: number, author: ChangeAuthor): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await moveRecords(recorder, 'rows', await db.rows.where('areaId').equals(areaId).toArray(), rowIds, targetIndex);
  });
}

export async function addColumn(db: QuadroDatabase, areaId: string, title: string, author: ChangeAuthor): Promise<WriteResult<Column>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    const columns = await db.columns.where('areaId').equals(areaId).toArray();
    return recorder.put('columns', { id: newId(), areaId, planId: area.planId, title, order: orderAfterLast(columns) });
  });
}

export async function renameColumn(db: QuadroDatabase, columnId: string, title: string, author: ChangeAuthor): Promise<WriteResult<Column>> {
  const column = await findColumn(db, columnId);
  return write(db, column.planId, author, async (recorder) => {
    const current = await findColumn(db, columnId);
    const next = { ...current, title };
    return title !== current.title ? recorder.put('columns', next) : next;
  });
}

/** Deletes a column and, in the same batch, its cells from every row of the area (undo brings both back). */
export async function deleteColumn(db: QuadroDatabase, columnId: string, author: ChangeAuthor): Promise<WriteResult<void>> {
  const column = await findColumn(db, columnId);
  return write(db, column.planId, author, async (recorder) => {
    const rows = await db.rows.where('areaId').equals(column.areaId).toArray();
    const touched = rows
      .filter((row) => columnId in row.cells || (row.base !== undefined && columnId in row.base) || (row.notes !== undefined && columnId in row.notes))
      .map((row) => {
        const cells = { ...row.cells };
        delete cells[columnId];
        // The column's notes go with it (issue 23); undo brings them back with the column.
        const next: Row = withNotes({ ...row, cells }, columnId, []);
        if (row.base) {
          const base = { ...row.base };
          delete base[columnId];
          next.base = base;
        }
        return next;
      });
    await recorder.putMany('rows', touched);
    await recorder.delete('columns', columnId);
  });
}

export async function moveColumns(db: QuadroDatabase, areaId: string, columnIds: string[], targetIndex: number, author: ChangeAuthor): Promise<WriteResult<void>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    await moveRecords(recorder, 'columns', await db.columns.where('areaId').equals(areaId).toArray(), columnIds, targetIndex);
  });
}

/** A column width is a display preference: saved at once, not part of the change log or undo. */
export async function saveColumnWidth(db: QuadroDatabase, columnId: string, width: number): Promise<void> {
  await db.columns.update(columnId, { width: Math.round(width) });
}
