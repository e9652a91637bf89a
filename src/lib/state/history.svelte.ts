// Undo and redo as runes: the batches of this session, newest last. Undoing writes the batch's "before" back
// as a new batch (through the change log), so redo is the undo of that batch.
export class History {
  undoStack = $state.raw<string[]>([]);
  redoStack = $state.raw<string[]>([]);

  /** A new batch (an edit, an import) joins the history; what was undone can no longer be redone. */
  record(batchId: string): void {
    this.undoStack = [...this.undoStack, batchId];
    this.redoStack = [];
  }

  /** The batch undone by `undoneBy` leaves the undo stack; `undoneBy` can be redone. */
  undone(undoneBy: string | null): void {
    this.undoStack = this.undoStack.slice(0, -1);
    if (undoneBy) this.redoStack = [...this.redoStack, undoneBy];
  }

  redone(redoneBy: string | null): void {
    this.redoStack = this.redoStack.slice(0, -1);
    if (redoneBy) this.undoStack = [...this.undoStack, redoneBy];
  }

  /** An older batch (an import from the import history) undone out of order. */
  undoneOutOfOrder(undoneBy: string | null): void {
    if (undoneBy) this.undoStack = [...this.undoStack, undoneBy];
  }
}
