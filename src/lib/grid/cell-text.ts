// What the grid does with a cell's text: the first lines of a collapsed tall row, and whether typing on a cell
// replaces its text (in the cell) or adds to it (in the large editor).

/** A cell longer than this (or with more than one line) is edited in the large editor, never replaced by typing. */
const LONG_CELL_CHARS = 80;

/** A collapsed tall row shows this many lines of each cell (and at most COLLAPSED_CHARS characters). */
export const COLLAPSED_LINES = 4;
const COLLAPSED_CHARS = 320;

/** The first lines of a long text, marked as cut; short texts unchanged. */
export function firstLines(text: string): string {
  const lines = text.split('\n');
  let shown = lines.slice(0, COLLAPSED_LINES).join('\n');
  if (shown.length > COLLAPSED_CHARS) shown = shown.slice(0, COLLAPSED_CHARS);
  return shown.length < text.length ? `${shown.trimEnd()} …` : text;
}

/** True when typing on the cell must not replace its text. */
function isLongCell(text: string): boolean {
  return text.length > LONG_CELL_CHARS || text.includes('\n');
}

/**
 * Whether typing on a cell adds to its text (in the large editor) instead of replacing it: a long
 * or multi-line period cell, where one stray key must not wipe a paragraph. The ambito is a
 * one-line title, replaced by typing as in every spreadsheet, however long (issue 20, point 3).
 */
export function typingAppends(text: string, titleColumn: boolean): boolean {
  return titleColumn ? text.includes('\n') : isLongCell(text);
}
