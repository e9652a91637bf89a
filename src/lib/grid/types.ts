// The shapes MatrixGrid is given and reports: its columns and rows, a selection and an edit. Plain data, no Handsontable.
import type { Note } from '../model/types.ts';

export interface GridColumn {
  id: string;
  title: string;
  width?: number;
}

export interface GridRow {
  id: string;
  cells: Record<string, { text: string }>;
  /** Issue 23: the cells' notes; a cell with open ones shows a marker. */
  notes?: Record<string, readonly Note[]>;
}

export interface GridSelection {
  rowIds: string[];
  columnId: string | null;
  rowIndex: number;
  columnIndex: number;
}

export interface GridCellEdit {
  rowId: string;
  columnId: string;
  text: string;
  /** The text the user saw before this edit: the save is refused as a conflict if the stored text differs. */
  baseText: string;
}
