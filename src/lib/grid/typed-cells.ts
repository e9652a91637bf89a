// Text typed in the grid since its last reload, by row and column, and the column accessors that read and write it.
//
// The grid reads the rows it is given through accessors instead of a copied table (copying 50,000 rows × 6
// cells before the first frame cost a third of its time), and never writes into those rows: edits land here
// and go up through the grid's change hook; the next reload brings them back from IndexedDB.
import type { GridRow } from './types.ts';

/** A column's accessor: Handsontable calls it with one argument to read, with two to write. */
export type CellAccessor = (row: GridRow, ...value: unknown[]) => string | undefined;

const keyOf = (rowId: string, columnId: string): string => `${rowId}\u0000${columnId}`;

export class TypedCells {
  private readonly typed = new Map<string, string>();
  private readonly columnOfAccessor = new Map<unknown, string>();

  /** What the cell shows: the text typed here, else the row's own. */
  textOf(row: GridRow, columnId: string): string {
    return this.typed.get(keyOf(row.id, columnId)) ?? row.cells[columnId]?.text ?? '';
  }

  /** A text to show in a cell without it being in the row (typed, or a row still to be loaded). */
  set(rowId: string, columnId: string, text: string): void {
    this.typed.set(keyOf(rowId, columnId), text);
  }

  /** The accessor of a column, remembered so that `columnOf` can name the column a change hook reports. */
  accessor(columnId: string): CellAccessor {
    const accessor: CellAccessor = (row, ...value) => {
      if (value.length === 0) return this.textOf(row, columnId);
      this.set(row.id, columnId, value[0] === null || value[0] === undefined ? '' : String(value[0]));
      return undefined;
    };
    this.columnOfAccessor.set(accessor, columnId);
    return accessor;
  }

  /** Which column an accessor reads: Handsontable's change hooks name the column by its accessor. */
  columnOf(prop: unknown): string | undefined {
    return this.columnOfAccessor.get(prop);
  }
}
