// Which editor a gesture on a grid cell opens: typing starts a short in-cell edit (or adds to a long cell's text
// in the large editor); Enter, F2 or a double click open the large editor, where Enter is a new line.
import { typingAppends } from './cell-text.ts';

/** The gesture as the grid's key and mouse events tell it; `key` is KeyboardEvent.key. */
export type CellGesture = { kind: 'key'; key: string } | { kind: 'mouse' } | { kind: 'other' };

/**
 * 'in-cell': Handsontable's own editor, replacing the text; 'append': the large editor with the typed
 * character added to the text; 'large-editor': the large editor on the text as it is.
 */
export type EditorChoice = 'in-cell' | 'append' | 'large-editor';

/** `current` is the cell's text (anything else for a cell the grid cannot read); `titleColumn` the ambito column. */
export function chooseEditor(gesture: CellGesture, current: unknown, titleColumn: boolean): EditorChoice {
  if (gesture.kind === 'key' && gesture.key.length === 1) {
    return typeof current === 'string' && typingAppends(current, titleColumn) ? 'append' : 'in-cell';
  }
  return gesture.kind === 'other' ? 'in-cell' : 'large-editor';
}
