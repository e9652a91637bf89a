// The plan's structure as the user changes it: areas (add, rename, introduction, delete), rows (add, move,
// delete) and columns (add, rename, move, resize, delete) of the area on screen. Each command is one write,
// one undo step (through `app.changes`), then the area is read again.
import type { Column, Row } from '../model/types.ts';
import * as repo from '../db/repository.ts';
import { MAX_AREA_ROWS } from '../model/limits.ts';
import { askValidTitle } from './titles.ts';
import type { AppState } from './app.svelte.ts';

export class StructureCommands {
  constructor(private readonly app: AppState) {}

  private get by(): { by: string } {
    return { by: this.app.device.signature };
  }

  private title(text: string, kind: 'area' | 'column', dialogTitle: string): Promise<string | null> {
    return askValidTitle(text, kind, dialogTitle, this.app.lang);
  }

  // Areas

  async setIntroduction(text: string): Promise<void> {
    const areaId = this.app.nav.areaId;
    if (areaId) await this.updateArea(areaId, { introduction: text });
  }

  async renameArea(title: string): Promise<void> {
    const areaId = this.app.nav.areaId;
    const checked = areaId ? await this.title(title, 'area', this.app.t.renameArea) : null;
    if (areaId && checked !== null) await this.updateArea(areaId, { title: checked });
  }

  /** The area's own fields: the area on screen is replaced, its rows stay as they are. */
  private async updateArea(areaId: string, fields: { title?: string; introduction?: string }): Promise<void> {
    const { app } = this;
    const area = await app.changes.write(() => repo.updateArea(app.db, areaId, fields, this.by));
    if (area) app.nav.replaceArea(area);
  }

  async addArea(title: string): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    const checked = planId ? await this.title(title, 'area', app.t.newAreaName) : null;
    if (!planId || checked === null) return;
    const firstTitle = app.nav.columns[0]?.title ?? app.t.ambitoColumn;
    const area = await app.changes.write(() => repo.addArea(app.db, planId, checked, [firstTitle], this.by));
    if (area) await app.plans.open(planId, area.id);
  }

  async deleteArea(): Promise<void> {
    const { app } = this;
    const areaId = app.nav.areaId;
    const planId = app.nav.planId;
    if (!areaId || !planId) return;
    await app.changes.write(() => repo.deleteArea(app.db, areaId, this.by));
    await app.plans.open(planId);
  }

  // Rows

  async addRow(afterRowId: string | null): Promise<Row | undefined> {
    const { app } = this;
    const areaId = app.nav.areaId;
    if (!areaId) return undefined;
    // The repository refuses too (inside its transaction); saying it here needs no write at all.
    if (app.nav.rows.length >= MAX_AREA_ROWS) {
      app.notice = app.t.areaRowLimitAdd(app.nav.area?.title ?? '', MAX_AREA_ROWS);
      return undefined;
    }
    const row = await app.changes.write(() => repo.addRow(app.db, areaId, afterRowId, this.by));
    await app.nav.reloadArea();
    return row;
  }

  async deleteRows(rowIds: string[]): Promise<void> {
    const { app } = this;
    const planId = app.nav.planId;
    if (!planId || rowIds.length === 0) return;
    await app.changes.write(() => repo.deleteRows(app.db, planId, rowIds, this.by));
    await app.nav.reloadArea();
  }

  /** Moves the given rows up or down by one place. */
  async moveRows(rowIds: string[], direction: -1 | 1): Promise<void> {
    const { app } = this;
    const areaId = app.nav.areaId;
    const rows = app.nav.rows;
    if (!areaId || rowIds.length === 0) return;
    const indexes = rowIds.map((id) => rows.findIndex((row) => row.id === id)).filter((i) => i >= 0);
    if (indexes.length === 0) return;
    const first = Math.min(...indexes);
    const target = direction === -1 ? first - 1 : first + 1;
    if (target < 0 || target > rows.length - rowIds.length) return;
    await app.changes.write(() => repo.moveRows(app.db, areaId, rowIds, target, this.by));
    await app.nav.reloadArea();
  }

  // Columns

  async addColumn(title: string): Promise<Column | undefined> {
    const { app } = this;
    const areaId = app.nav.areaId;
    const checked = areaId ? await this.title(title, 'column', app.t.addColumn) : null;
    if (!areaId || checked === null) return undefined;
    const column = await app.changes.write(() => repo.addColumn(app.db, areaId, checked, this.by));
    await app.nav.reloadArea();
    return column;
  }

  async renameColumn(columnId: string, title: string): Promise<void> {
    const { app } = this;
    const checked = await this.title(title, 'column', app.t.renameColumn);
    if (checked === null) return;
    await app.changes.write(() => repo.renameColumn(app.db, columnId, checked, this.by));
    await app.nav.reloadArea();
  }

  async deleteColumn(columnId: string): Promise<void> {
    const { app } = this;
    await app.changes.write(() => repo.deleteColumn(app.db, columnId, this.by));
    await app.nav.reloadArea();
  }

  async moveColumn(columnId: string, direction: -1 | 1): Promise<void> {
    const { app } = this;
    const areaId = app.nav.areaId;
    const columns = app.nav.columns;
    const index = columns.findIndex((column) => column.id === columnId);
    const target = index + direction;
    if (!areaId || index < 0 || target < 0 || target >= columns.length) return;
    await app.changes.write(() => repo.moveColumns(app.db, areaId, [columnId], target, this.by));
    await app.nav.reloadArea();
  }

  /** A column's width: stored on the column outside the change log, so not an undo step. */
  async resizeColumn(columnId: string, width: number): Promise<void> {
    const { app } = this;
    const saved = await app.saving.run(async () => {
      await repo.saveColumnWidth(app.db, columnId, width);
      return true;
    });
    if (saved) app.nav.columns = app.nav.columns.map((column) => (column.id === columnId ? { ...column, width: Math.round(width) } : column));
  }
}
