// The rows the grid holds while it loads: a prefix of the last load's rows that grows slice by slice.
//
// Handsontable is created with a screenful of rows (first-rows.ts); the rest follow in slices after the first
// frame, each slice re-indexing the rows loaded so far. Indexes into `shown` are indexes into `ids`, which
// always lists every row of the load. A new load is a new RowSlices: a slice scheduled for an earlier one
// sees that it is no longer the grid's.
import type { GridRow } from './types.ts';

/** Rows added per task after the first frame; each addition re-indexes the rows loaded so far. */
export const SLICE_ROWS = 10_000;

export class RowSlices {
  /** The rows the grid holds (handed to it as its data, and appended to in place). */
  readonly shown: GridRow[];
  readonly ids: readonly string[];
  /** Every row of the load. */
  private all: readonly GridRow[];

  /** A load of `rows`, of which the grid is given the first `first` at once. */
  constructor(rows: readonly GridRow[], first: number) {
    this.all = rows;
    this.ids = rows.map((row) => row.id);
    this.shown = rows.slice(0, first);
  }

  get complete(): boolean {
    return this.shown.length >= this.all.length;
  }

  /** Appends rows up to `end` (at most every row); false when there was nothing to add. */
  growTo(end: number): boolean {
    const to = Math.min(end, this.all.length);
    if (this.shown.length >= to) return false;
    for (let i = this.shown.length; i < to; i++) this.shown.push(this.all[i] as GridRow);
    return true;
  }

  /**
   * A row written without a reload (a note added): it replaces its record wherever it is, shown or still to
   * come. The rows still to come were the caller's array: a copy is changed, never the caller's array. False
   * when the row is not in this load.
   */
  replace(row: GridRow): boolean {
    const index = this.ids.indexOf(row.id);
    if (index < 0) return false;
    if (index < this.shown.length) this.shown[index] = row;
    const all = this.all.slice();
    all[index] = row;
    this.all = all;
    return true;
  }
}
