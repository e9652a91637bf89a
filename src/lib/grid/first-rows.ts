// Issue 25: how many rows the grid is created with — those that fit its first viewport at heights estimated from
// their text, so Handsontable's first render (drawn before it knows a row's real height) is one screen's work.

/** The grid's cell text (MatrixGrid's CSS: 15 px at scale 1, line-height 1.4) and Handsontable's cell box. */
const FONT_PX = 15;
const LINE_HEIGHT = 1.4;
/**
 * A narrow guess at a character's width (the average of Italian text in the grid's sans-serif is about
 * 0.48 em): more characters per line, so fewer lines and shorter rows than the real ones. Under-guessed
 * heights give a few rows too many, never a blank strip under the last one.
 */
const CHAR_EM = 0.4;
/** Handsontable's horizontal cell padding and its border, both sides together. */
const CELL_PADDING_X_PX = 9;
const CELL_PADDING_Y_PX = 3;
/** Handsontable's default row height: no row is shorter. */
const MIN_ROW_PX = 23;
/**
 * Adding rows re-renders the grid's visible rows, a task as long as the first: a tail this short comes with
 * the first screen instead of in a task of its own (the 2012 plan's first area has 5 rows).
 */
export const SMALL_TAIL_ROWS = 3;
/** Rows given when the viewport has no height yet (not laid out): the number used before issue 25. */
export const FALLBACK_FIRST_ROWS = 10;

export interface FirstRowsOptions {
  /** The text size factor (A−/A+). */
  scale?: number;
  /** Lines a cell shows at most ("Righe alte" collapsed), or no limit. */
  maxLines?: number;
}

/** A row's height as estimated from its cells' text and the columns' widths in px. */
export function estimateRowHeight(texts: readonly string[], widths: readonly number[], options: FirstRowsOptions = {}): number {
  const scale = options.scale ?? 1;
  const charPx = FONT_PX * scale * CHAR_EM;
  let lines = 1;
  texts.forEach((text, col) => {
    const perLine = Math.max(1, Math.floor(((widths[col] ?? 0) - CELL_PADDING_X_PX) / charPx));
    let cellLines = 0;
    for (const line of text.split('\n')) cellLines += Math.max(1, Math.ceil(line.length / perLine));
    lines = Math.max(lines, Math.min(cellLines, options.maxLines ?? Infinity));
  });
  return Math.max(MIN_ROW_PX, lines * FONT_PX * scale * LINE_HEIGHT + CELL_PADDING_Y_PX);
}

/**
 * The number of leading rows (of `count`) that fill `viewportPx` of height at their estimated heights, plus
 * one, so the first screen is full (every row when at most `SMALL_TAIL_ROWS` would be left); `textsOf(row)`
 * gives a row's cell texts in column order and is called only for those rows.
 */
export function rowsForViewport(
  count: number,
  textsOf: (row: number) => readonly string[],
  widths: readonly number[],
  viewportPx: number,
  options: FirstRowsOptions = {},
): number {
  if (!(viewportPx > 0)) return Math.min(count, FALLBACK_FIRST_ROWS);
  let filled = 0;
  let row = 0;
  while (row < count && filled < viewportPx) {
    filled += estimateRowHeight(textsOf(row), widths, options);
    row++;
  }
  const rows = Math.min(count, row + 1);
  return count - rows <= SMALL_TAIL_ROWS ? count : rows;
}
