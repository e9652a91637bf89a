// Pure: the story of one cell, and what changed in an area since a point, told from the change log.
import { expandEntries, expandEntry } from './log-entries.ts';
import { notesOf, sameNotes } from './notes.ts';
import type { ChangeLogEntry, ChangeOrigin, IsoTime, Note, NoteChange, Row } from './types.ts';

/** One step in a cell's life: who, when, how, and the text before and after. */
export interface CellHistoryItem {
  seq: number;
  batchId: string;
  at: IsoTime;
  by: string;
  origin: ChangeOrigin;
  /** The file name of an import or a restore. */
  fileName?: string;
  oldText: string;
  newText: string;
  /**
   * Issue 23: a step that changed the cell's notes (its text stays as it was): what was done to which
   * note, or `changed` for notes an import, a sync, an undo or a restore brought (`text`: the newest).
   */
  note?: { action: NoteChange['action'] | 'changed'; text: string };
}

function textIn(row: Row | null | undefined, columnId: string): string {
  return row?.cells[columnId]?.text ?? '';
}

/**
 * The entries of one row, oldest first, turned into the steps that changed one of its cells. The
 * text after an entry is the `before` of the next entry of that row, or the cell as it is now.
 */
export function buildCellHistory(entries: readonly ChangeLogEntry[], rowId: string, columnId: string, currentText: string, currentNotes: readonly Note[] = []): CellHistoryItem[] {
  const ofRow = expandEntries(entries.filter((entry) => entry.table === 'rows'))
    .filter((entry) => entry.key === rowId)
    .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const items: CellHistoryItem[] = [];
  ofRow.forEach((entry, i) => {
    // A created row (one of a bulk entry's too) had nothing before.
    const created = entry.before === null;
    const oldText = created ? '' : textIn(entry.before as Row, columnId);
    const next = ofRow[i + 1];
    const newText = next ? (next.before === null ? '' : textIn(next.before as Row, columnId)) : currentText;
    const oldNotes = created ? [] : notesOf(entry.before as Row, columnId);
    const newNotes = next ? (next.before === null ? [] : notesOf(next.before as Row, columnId)) : currentNotes;
    const notesMoved = !sameNotes(oldNotes, newNotes);
    if (oldText === newText && !notesMoved) return;
    const item: CellHistoryItem = { seq: entry.seq ?? 0, batchId: entry.batchId, at: entry.at, by: entry.by, origin: entry.origin, oldText, newText };
    if (notesMoved) {
      const said = entry.noteChange?.columnId === columnId ? entry.noteChange : undefined;
      const newest = newNotes.find((note) => !oldNotes.some((old) => old.id === note.id && old.text === note.text && old.resolved === note.resolved)) ?? newNotes.at(-1);
      item.note = said ? { action: said.action, text: said.text } : { action: 'changed', text: newest?.text ?? '' };
    }
    if ((entry.origin === 'import' || entry.origin === 'restore') && entry.note) item.fileName = entry.note;
    items.push(item);
  });
  return items;
}

/** A cell whose text differs from what it held at a point in the log. */
export interface CellSince {
  rowId: string;
  columnId: string;
  then: string;
  now: string;
}

/**
 * Every cell of the given rows whose text now differs from its text just after log position
 * `afterSeq`: the first entry after that point holds, in its `before`, the text the cell had then.
 * Rows created after the point count as empty then.
 */
export function cellsChangedSince(entries: readonly ChangeLogEntry[], afterSeq: number, currentRows: readonly Row[]): CellSince[] {
  const thenByRow = new Map<string, Row | null>();
  for (const entry of [...entries].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))) {
    if (entry.table !== 'rows' || (entry.seq ?? 0) <= afterSeq) continue;
    for (const one of expandEntry(entry)) if (!thenByRow.has(one.key)) thenByRow.set(one.key, one.before as Row | null);
  }
  const changed: CellSince[] = [];
  for (const row of currentRows) {
    if (!thenByRow.has(row.id)) continue;
    const then = thenByRow.get(row.id) ?? null;
    for (const columnId of new Set([...Object.keys(row.cells), ...Object.keys(then?.cells ?? {})])) {
      const before = textIn(then, columnId);
      const now = textIn(row, columnId);
      if (before !== now) changed.push({ rowId: row.id, columnId, then: before, now });
    }
  }
  return changed;
}
