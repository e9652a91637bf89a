// Cell and text edits: one typed cell or a paste of many, an area's title or introduction; each one undoable batch.
import type { Area, Cell, Row } from '../model/types.ts';
import { CELL_TABLES, findArea, MissingRecordError, write, type ChangeAuthor, type WriteResult } from './transaction.ts';
import type { QuadroDatabase } from './schema.ts';

export interface CellEdit {
  rowId: string;
  columnId: string;
  text: string;
  /**
   * The text the user saw when they started typing. When the stored text differs (another tab, an
   * import, an undo changed it meanwhile), the save is refused with a CellConflictError instead of
   * writing over a change the user never saw. Absent: write whatever is stored.
   */
  baseText?: string;
}

/** Cells whose stored text changed since the user started editing them: nothing was written. */
export class CellConflictError extends Error {
  constructor(readonly conflicts: { rowId: string; columnId: string; stored: string; mine: string }[]) {
    super(`${conflicts.length} cell(s) changed meanwhile`);
    this.name = 'CellConflictError';
  }
}

/**
 * Saves cell edits as one undoable batch. Resolves only when the transaction is durably committed;
 * rejects with a MissingRecordError, changing nothing, if a row or column was deleted meanwhile
 * (in another tab, by an import or an undo).
 */
export async function saveCells(
  db: QuadroDatabase,
  planId: string,
  edits: CellEdit[],
  author: ChangeAuthor,
  /** `dropDrafts`: the drafts this save makes obsolete (the large editor's, a failed save's), dropped in the same transaction. */
  options: { dropDrafts?: readonly string[] } = {},
): Promise<WriteResult<Row[]>> {
  return write(db, planId, author, async (recorder) => {
    const rowIds = [...new Set(edits.map((edit) => edit.rowId))];
    const columnIds = [...new Set(edits.map((edit) => edit.columnId))];
    const [found, columns] = await Promise.all([db.rows.bulkGet(rowIds), db.columns.bulkGet(columnIds)]);
    const rows = new Map<string, Row>();
    rowIds.forEach((id, i) => {
      const row = found[i];
      if (!row) throw new MissingRecordError('rows', id);
      rows.set(id, row);
    });
    columnIds.forEach((id, i) => {
      if (!columns[i]) throw new MissingRecordError('columns', id);
    });
    const conflicts = edits
      .filter((edit) => edit.baseText !== undefined)
      .map((edit) => ({ rowId: edit.rowId, columnId: edit.columnId, stored: rows.get(edit.rowId)?.cells[edit.columnId]?.text ?? '', mine: edit.text, base: edit.baseText }))
      .filter((c) => c.stored !== c.base && c.stored !== c.mine)
      .map(({ base: _base, ...conflict }) => conflict);
    if (conflicts.length > 0) throw new CellConflictError(conflicts);
    const changed = new Map<string, Row>();
    for (const edit of edits) {
      const before = changed.get(edit.rowId) ?? (rows.get(edit.rowId) as Row);
      if ((before.cells[edit.columnId]?.text ?? '') === edit.text) continue;
      const cell: Cell = { text: edit.text, changedAt: recorder.at, changedBy: author.by };
      const after: Row = { ...before, cells: { ...before.cells, [edit.columnId]: cell } };
      changed.set(edit.rowId, recorder.putCell(before, after, edit.columnId));
    }
    return [...changed.values()];
  }, { tables: CELL_TABLES, ...(options.dropDrafts ? { dropDrafts: options.dropDrafts } : {}) });
}

export async function saveCell(db: QuadroDatabase, planId: string, edit: CellEdit, author: ChangeAuthor): Promise<WriteResult<Row | undefined>> {
  const result = await saveCells(db, planId, [edit], author);
  return { value: result.value[0], batchId: result.batchId };
}

export async function updateArea(
  db: QuadroDatabase,
  areaId: string,
  patch: Partial<Pick<Area, 'title' | 'introduction'>>,
  author: ChangeAuthor,
): Promise<WriteResult<Area>> {
  const area = await findArea(db, areaId);
  return write(db, area.planId, author, async (recorder) => {
    const current = await findArea(db, areaId);
    const next = { ...current, ...patch };
    if (next.title !== current.title || next.introduction !== current.introduction) return recorder.put('areas', next);
    return next;
  });
}
