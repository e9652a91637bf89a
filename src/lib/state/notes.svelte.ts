// Notes on cells for the screens (issue 23): the cell whose notes are open, the gestures on them, and the plan's open notes.
import * as repo from '../db/repository.ts';
import { notesOf, openNotesOfRows } from '../model/notes.ts';
import { sortByOrder } from '../model/plan.ts';
import type { CellPlace, Note, Row } from '../model/types.ts';
import type { AppState } from './app.svelte.ts';

/** One open note of the plan, where it is: what "Note aperte" lists for a meeting. */
export interface OpenNote extends CellPlace {
  note: Note;
  replies: number;
}

export class NotesState {
  /** The cell whose notes are open (the panel, or beside the large editor), or null. */
  cell = $state.raw<{ rowId: string; columnId: string } | null>(null);
  /** A gesture is being saved: its buttons wait. */
  saving = $state(false);
  /** The last gesture failed: said in the panel, its text kept in the field. */
  failed = $state(false);
  /** The plan's open notes, when the list is open (read afresh from IndexedDB: every area, not just this one). */
  openList = $state.raw<OpenNote[] | null>(null);

  constructor(
    private readonly app: AppState,
    /** Told of every row a note gesture wrote, so the grid draws its marker without reloading the area. */
    private readonly onRowSaved: (row: Row) => void = () => {},
  ) {}

  /** The open cell's notes as stored now (the rows in the app are kept in step with every save). */
  get notes(): readonly Note[] {
    const cell = this.cell;
    if (!cell) return [];
    const row = this.app.nav.rows.find((r) => r.id === cell.rowId);
    return row ? notesOf(row, cell.columnId) : [];
  }

  open(rowId: string, columnId: string): void {
    this.failed = false;
    this.cell = { rowId, columnId };
  }

  close(): void {
    this.cell = null;
    this.failed = false;
  }

  add(text: string): Promise<boolean> {
    return this.act({ kind: 'add', text });
  }

  reply(noteId: string, text: string): Promise<boolean> {
    return this.act({ kind: 'reply', replyTo: noteId, text });
  }

  edit(noteId: string, text: string): Promise<boolean> {
    return this.act({ kind: 'edit', noteId, text });
  }

  resolve(noteId: string, resolved: boolean): Promise<boolean> {
    return this.act({ kind: 'resolve', noteId, resolved });
  }

  /** One gesture, one write and one undo step; true when it was stored. */
  private async act(action: repo.NoteAction): Promise<boolean> {
    const cell = this.cell;
    const planId = this.app.nav.planId;
    if (!cell || !planId) return false;
    if ((action.kind === 'add' || action.kind === 'reply' || action.kind === 'edit') && action.text.trim() === '') return false;
    this.saving = true;
    this.failed = false;
    try {
      const result = await this.app.saving.run(
        () => repo.saveNote(this.app.db, planId, cell.rowId, cell.columnId, action, { by: this.app.device.signature }),
        undefined,
        (value) => value.batchId,
      );
      if (!result) {
        this.failed = true;
        return false;
      }
      const { value: row, batchId } = result.value;
      if (batchId) this.app.changes.record(batchId, 'edit');
      this.app.nav.rows = this.app.nav.rows.map((r) => (r.id === row.id ? row : r));
      this.onRowSaved(row);
      return true;
    } finally {
      this.saving = false;
    }
  }

  /** "Note aperte": every open note of the plan, in the order of its areas, rows and columns. */
  async loadOpenList(): Promise<void> {
    const planId = this.app.nav.planId;
    if (!planId) return;
    const doc = await repo.loadPlanDocument(this.app.db, planId);
    if (!doc) return;
    const found: OpenNote[] = [];
    for (const area of sortByOrder(doc.areas)) {
      const columns = sortByOrder(doc.columns.filter((c) => c.areaId === area.id));
      const rows = sortByOrder(doc.rows.filter((r) => r.areaId === area.id));
      const first = columns[0];
      const columnOrder = new Map(columns.map((c, i) => [c.id, i]));
      const open = openNotesOfRows(rows).sort((a, b) => (a.row === b.row ? (columnOrder.get(a.columnId) ?? 0) - (columnOrder.get(b.columnId) ?? 0) : 0));
      for (const { row, columnId, note } of open) {
        found.push({
          areaId: area.id,
          areaTitle: area.title,
          rowId: row.id,
          columnId,
          columnTitle: columns.find((c) => c.id === columnId)?.title ?? '',
          ambito: first ? (row.cells[first.id]?.text ?? '').split('\n')[0] ?? '' : '',
          note,
          replies: notesOf(row, columnId).filter((n) => n.replyTo === note.id).length,
        });
      }
    }
    this.openList = found;
  }

  closeOpenList(): void {
    this.openList = null;
  }
}
