// The cells' commands: saving texts typed in the grid or the large editor, and reading a cell's text.
import { cellText } from '../model/plan.ts';
import * as repo from '../db/repository.ts';
import type { CellEdit } from '../db/repository.ts';
import type { AppState } from './app.svelte.ts';

export class CellCommands {
  constructor(private readonly app: AppState) {}

  /**
   * Cell edits from the grid or the large editor: saved as one batch; the grid already shows them.
   * `dropDrafts`: the editor's draft of the text, dropped in the save's own transaction.
   */
  async save(edits: CellEdit[], dropDrafts?: readonly string[]): Promise<boolean> {
    const { app } = this;
    const planId = app.nav.planId;
    if (!planId || edits.length === 0) return true;
    const saved = await app.changes.write(() => repo.saveCells(app.db, planId, edits, { by: app.device.signature }, dropDrafts ? { dropDrafts } : {}), edits);
    if (!saved) {
      // On a conflict the grid must show the stored text again until the user decides.
      if (app.saving.conflicts.length > 0) await app.nav.reloadArea();
      return false;
    }
    const byId = new Map(saved.map((row) => [row.id, row]));
    // Keep the rows in step with what is stored, without making the grid reload what it shows already.
    app.nav.rows = app.nav.rows.map((row) => byId.get(row.id) ?? row);
    return true;
  }

  /** The stored text of a cell of the area on screen ('' when the row is not there). */
  text(rowId: string, columnId: string): string {
    const row = this.app.nav.rows.find((candidate) => candidate.id === rowId);
    return row ? cellText(row, columnId) : '';
  }
}
