// The grid's fixed settings: what users rely on from them, and the widths each column opens with.
import { describe, expect, it } from 'vitest';
import { COLUMN_SETTINGS, columnWidths, DEFAULT_COLUMN_WIDTH_PX, FIRST_COLUMN_WIDTH_PX, GRID_SETTINGS } from '../../src/lib/grid/grid-settings.ts';

describe('grid settings', () => {
  it('never lets a paste or a key make rows or columns that have no record behind them', () => {
    expect(GRID_SETTINGS.allowInsertRow).toBe(false);
    expect(GRID_SETTINGS.allowInsertColumn).toBe(false);
  });

  it('keeps the selection when a toolbar button is tapped, and the ambito column on screen', () => {
    expect(GRID_SETTINGS.outsideClickDeselects).toBe(false);
    expect(GRID_SETTINGS.fixedColumnsStart).toBe(1);
  });

  it('shows cells as wrapped text', () => {
    expect(COLUMN_SETTINGS).toEqual({ type: 'text', wordWrap: true });
  });

  it('opens each column at the width the user gave it, else the default for its place', () => {
    expect(columnWidths([{}, {}, { width: 500 }])).toEqual([FIRST_COLUMN_WIDTH_PX, DEFAULT_COLUMN_WIDTH_PX, 500]);
    expect(columnWidths([])).toEqual([]);
  });
});
