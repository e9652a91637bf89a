// The widths each column opens with. (The fixed settings — no rows made by a paste, the selection kept
// when a toolbar button is tapped — are checked by what they do, in tests/e2e, not restated here.)
import { describe, expect, it } from 'vitest';
import { columnWidths, DEFAULT_COLUMN_WIDTH_PX, FIRST_COLUMN_WIDTH_PX } from '../../src/lib/grid/grid-settings.ts';

describe('column widths', () => {
  it('opens each column at the width the user gave it, else the default for its place', () => {
    expect(columnWidths([{}, {}, { width: 500 }])).toEqual([FIRST_COLUMN_WIDTH_PX, DEFAULT_COLUMN_WIDTH_PX, 500]);
    expect(columnWidths([])).toEqual([]);
  });
});
