// The Handsontable settings of Quadro's grid that do not depend on the area: one constant, so the bench's bare grid is the same grid.
// Plain data (no Handsontable types), checked against Handsontable where MatrixGrid spreads it; columnWidths also sizes the .xlsx export's columns.

export const DEFAULT_COLUMN_WIDTH_PX = 320;
/** The first column (the ambito) is narrower: short titles, and it stays on screen (fixed). */
export const FIRST_COLUMN_WIDTH_PX = 240;

export const GRID_SETTINGS = {
  themeName: 'ht-theme-main',
  rowHeaders: true,
  fixedColumnsStart: 1,
  manualColumnResize: true,
  width: '100%',
  height: '100%',
  autoWrapRow: false,
  autoWrapCol: false,
  // Rows and columns exist only through the toolbar (and so in IndexedDB): a paste past the
  // last row must not make grid rows that have no record behind them.
  allowInsertRow: false,
  allowInsertColumn: false,
  enterBeginsEditing: true,
  // Toolbar buttons (edit, delete row, move) act on the selection: a tap on them must not clear it.
  outsideClickDeselects: false,
  tabMoves: { row: 0, col: 1 },
  ariaTags: true,
} as const;

/** Every column is plain text that wraps: the plan's cells are multi-line Italian text. */
export const COLUMN_SETTINGS = { type: 'text', wordWrap: true } as const;

/** Each column's width: the one the user set, else the default for its place. */
export function columnWidths(columns: readonly { width?: number }[]): number[] {
  return columns.map((column, i) => column.width ?? (i === 0 ? FIRST_COLUMN_WIDTH_PX : DEFAULT_COLUMN_WIDTH_PX));
}
