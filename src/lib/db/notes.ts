// Notes on cells (issue 23): adding, answering, editing, resolving — each one undoable batch, the row written whole.
import { notesOf, withNoteAdded, withNoteChanged } from '../model/notes.ts';
import type { Note, NoteChange, Row } from '../model/types.ts';
import { CELL_TABLES, MissingRecordError, newId, write, type ChangeAuthor, type WriteResult } from './transaction.ts';
import type { QuadroDatabase } from './schema.ts';

/** One gesture on a cell's notes. */
export type NoteAction =
  | { kind: 'add'; text: string }
  | { kind: 'reply'; replyTo: string; text: string }
  | { kind: 'edit'; noteId: string; text: string }
  | { kind: 'resolve'; noteId: string; resolved: boolean };

/**
 * Applies one note action to a cell, re-reading the row and its column inside the transaction: a row
 * or column deleted meanwhile throws a MissingRecordError and nothing is written. A note another
 * tab changed meanwhile is changed as it is now (notes are small and carry their author: no question).
 */
export async function saveNote(db: QuadroDatabase, planId: string, rowId: string, columnId: string, action: NoteAction, author: ChangeAuthor): Promise<WriteResult<Row>> {
  return write(
    db,
    planId,
    author,
    async (recorder) => {
      const [row, column] = await Promise.all([db.rows.get(rowId), db.columns.get(columnId)]);
      if (!row) throw new MissingRecordError('rows', rowId);
      if (!column || column.areaId !== row.areaId) throw new MissingRecordError('columns', columnId);
      let next: Row;
      let change: NoteChange;
      if (action.kind === 'add' || action.kind === 'reply') {
        const note: Note = { id: newId(), by: author.by, at: recorder.at, text: action.text };
        if (action.kind === 'reply') {
          const parent = notesOf(row, columnId).find((n) => n.id === action.replyTo);
          if (!parent) throw new MissingRecordError('rows', rowId);
          note.replyTo = parent.replyTo ?? parent.id;
        }
        next = withNoteAdded(row, columnId, note);
        change = { columnId, noteId: note.id, action: action.kind === 'add' ? 'added' : 'replied', text: note.text };
      } else {
        const old = notesOf(row, columnId).find((n) => n.id === action.noteId);
        if (!old) throw new MissingRecordError('rows', rowId);
        if (action.kind === 'edit') {
          if (old.text === action.text) return row;
          next = withNoteChanged(row, columnId, action.noteId, { text: action.text, at: recorder.at, by: author.by });
          change = { columnId, noteId: old.id, action: 'edited', text: action.text };
        } else {
          if ((old.resolved ?? false) === action.resolved) return row;
          next = withNoteChanged(row, columnId, action.noteId, { resolved: action.resolved });
          change = { columnId, noteId: old.id, action: action.resolved ? 'resolved' : 'reopened', text: old.text };
        }
      }
      return recorder.putNote(next, change);
    },
    { tables: CELL_TABLES },
  );
}
