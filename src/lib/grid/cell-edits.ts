// The edits a change of the grid's cells makes: one per cell whose text really changed, with what the user saw before.
import type { GridCellEdit } from './types.ts';

/** Handsontable's change: [visual row, prop (the column's accessor), old value, new value]. */
export type GridChange = readonly [number, unknown, unknown, unknown];

const asText = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** `rowIds` by the row's index in the grid, `columnOf` names the column of a change's prop. */
export function editsOf(changes: readonly GridChange[], rowIds: readonly string[], columnOf: (prop: unknown) => string | undefined): GridCellEdit[] {
  const edits: GridCellEdit[] = [];
  for (const [row, prop, oldValue, newValue] of changes) {
    const rowId = rowIds[row];
    const columnId = columnOf(prop);
    const text = asText(newValue);
    const shown = asText(oldValue);
    if (!rowId || !columnId || text === shown) continue;
    // What the user saw before typing: the save refuses it as a conflict if the stored text differs.
    edits.push({ rowId, columnId, text, baseText: shown });
  }
  return edits;
}
