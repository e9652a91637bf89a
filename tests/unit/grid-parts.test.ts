// Issue 24: the grid's pure parts (lib/grid/), each as the grid relies on it — what typing opens, what a collapsed
// row shows and says, how typed text and the rows loaded in slices are kept, which changes become edits.
import { describe, expect, it } from 'vitest';
import { firstLines, typingAppends } from '../../src/lib/grid/cell-text.ts';
import { chooseEditor } from '../../src/lib/grid/edit-gesture.ts';
import { headerHtml } from '../../src/lib/grid/header-html.ts';
import { TypedCells } from '../../src/lib/grid/typed-cells.ts';
import { RowSlices, SLICE_ROWS } from '../../src/lib/grid/row-slices.ts';
import { editsOf } from '../../src/lib/grid/cell-edits.ts';
import { viewCell } from '../../src/lib/grid/cell-view.ts';
import type { GridRow } from '../../src/lib/grid/types.ts';

const row = (id: string, texts: Record<string, string> = {}): GridRow => ({ id, cells: Object.fromEntries(Object.entries(texts).map(([k, text]) => [k, { text }])) });
const PARAGRAPH = 'Rafforzamento della rete dei servizi per il lavoro nelle regioni del Mezzogiorno e azioni di sistema.';

describe('chooseEditor: what a gesture on a cell opens', () => {
  it('a letter typed on a short cell edits it in place, replacing the text', () => {
    expect(chooseEditor({ kind: 'key', key: 'a' }, 'breve', false)).toBe('in-cell');
  });
  it('a letter typed on a long or multi-line period cell adds to it in the large editor', () => {
    expect(chooseEditor({ kind: 'key', key: 'a' }, PARAGRAPH, false)).toBe('append');
    expect(chooseEditor({ kind: 'key', key: 'a' }, 'riga uno\nriga due', false)).toBe('append');
  });
  it('the ambito is a title: typing replaces it however long, unless it has several lines', () => {
    expect(chooseEditor({ kind: 'key', key: 'a' }, PARAGRAPH, true)).toBe('in-cell');
    expect(chooseEditor({ kind: 'key', key: 'a' }, 'AMBITO\nsotto', true)).toBe('append');
  });
  it('Enter, F2 and a double click open the large editor; other starts keep Handsontable’s editor', () => {
    expect(chooseEditor({ kind: 'key', key: 'Enter' }, 'breve', false)).toBe('large-editor');
    expect(chooseEditor({ kind: 'key', key: 'F2' }, 'breve', false)).toBe('large-editor');
    expect(chooseEditor({ kind: 'mouse' }, 'breve', false)).toBe('large-editor');
    expect(chooseEditor({ kind: 'other' }, PARAGRAPH, false)).toBe('in-cell');
  });
  it('a cell whose text cannot be read is typed over in place', () => {
    expect(chooseEditor({ kind: 'key', key: 'a' }, null, false)).toBe('in-cell');
    expect(typingAppends('', false)).toBe(false);
  });
});

describe('headerHtml: a column title is shown as text', () => {
  it('escapes markup and quotes', () => {
    expect(headerHtml('<img src=x onerror="a">&\'')).toBe('<span class="quadro-header">&#60;img src=x onerror=&#34;a&#34;&#62;&#38;&#39;</span>');
  });
});

describe('viewCell: what a cell draws and says', () => {
  const base = { collapsed: false, openNotes: 0, context: 'Risultati al 2011, GOVERNANCE: ', markerLabel: (n: number) => `${n} note aperte` };
  it('a collapsed tall cell shows its first four lines, marked as cut; its whole text stays the data', () => {
    const text = ['1', '2', '3', '4', '5', '6'].join('\n');
    const view = viewCell({ ...base, text, collapsed: true });
    expect(view.shown).toBe('1\n2\n3\n4 …');
    expect(view.cut).toBe(true);
    expect(firstLines('corto')).toBe('corto');
  });
  it('says its column and ambito, then its text, then its open notes', () => {
    expect(viewCell({ ...base, text: 'Testo', openNotes: 2 }).label).toBe('Risultati al 2011, GOVERNANCE: Testo (2 note aperte)');
    expect(viewCell({ ...base, text: 'Testo' }).label).toBe('Risultati al 2011, GOVERNANCE: Testo');
    expect(viewCell({ ...base, text: 'Testo' }).marker).toBe('');
  });
});

describe('TypedCells: text typed since the last reload', () => {
  it('an accessor reads the row’s text until something is typed, then the typed text; the row is never written', () => {
    const cells = new TypedCells();
    const r = row('r1', { c1: 'prima' });
    const accessor = cells.accessor('c1');
    expect(accessor(r)).toBe('prima');
    accessor(r, 'dopo');
    expect(accessor(r)).toBe('dopo');
    expect(r.cells['c1']?.text).toBe('prima');
    accessor(r, null);
    expect(accessor(r)).toBe('');
    expect(cells.accessor('c2')(r)).toBe('');
  });
  it('names the column of an accessor, and of nothing else', () => {
    const cells = new TypedCells();
    const a = cells.accessor('c1');
    expect(cells.columnOf(a)).toBe('c1');
    expect(cells.columnOf(() => '')).toBeUndefined();
    expect(cells.columnOf('c1')).toBeUndefined();
  });
  it('keeps rows and columns apart even when their ids run into each other', () => {
    const cells = new TypedCells();
    cells.set('a', 'bc', 'uno');
    expect(cells.textOf(row('ab', { c: 'x' }), 'c')).toBe('x');
    expect(cells.textOf(row('a'), 'bc')).toBe('uno');
  });
});

describe('RowSlices: the rows loaded so far', () => {
  const many = (n: number): GridRow[] => Array.from({ length: n }, (_, i) => row(`r${i}`));
  it('starts with the first rows, grows slice by slice, and ends with every row in order', () => {
    const rows = many(SLICE_ROWS * 2 + 5);
    const slices = new RowSlices(rows, 3);
    expect(slices.shown.map((r) => r.id)).toEqual(['r0', 'r1', 'r2']);
    expect(slices.ids).toHaveLength(rows.length);
    expect(slices.growTo(slices.shown.length + SLICE_ROWS)).toBe(true);
    expect(slices.shown).toHaveLength(3 + SLICE_ROWS);
    while (slices.growTo(slices.shown.length + SLICE_ROWS));
    expect(slices.complete).toBe(true);
    expect(slices.shown.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(slices.growTo(Infinity)).toBe(false);
  });
  it('grows the very array it was handed out as (the grid holds it)', () => {
    const slices = new RowSlices(many(10), 2);
    const handed = slices.shown;
    slices.growTo(10);
    expect(handed).toHaveLength(10);
  });
  it('replaces a row shown or still to come, without changing the caller’s array', () => {
    const rows = many(5);
    const slices = new RowSlices(rows, 2);
    expect(slices.replace(row('r1', { c: 'nota' }))).toBe(true);
    expect(slices.shown[1]?.cells['c']?.text).toBe('nota');
    expect(slices.replace(row('r4', { c: 'dopo' }))).toBe(true);
    expect(rows[4]?.cells['c']).toBeUndefined();
    slices.growTo(5);
    expect(slices.shown[4]?.cells['c']?.text).toBe('dopo');
    expect(slices.replace(row('altrove'))).toBe(false);
  });
});

describe('editsOf: the changes that become saves', () => {
  it('one edit per cell whose text changed, with the text seen before; unknown rows and columns are skipped', () => {
    const byProp = new Map<unknown, string>([['p1', 'c1']]);
    const edits = editsOf(
      [
        [0, 'p1', 'prima', 'dopo'],
        [1, 'p1', 'uguale', 'uguale'],
        [0, 'p1', null, ''],
        [5, 'p1', 'a', 'b'],
        [0, 'ignota', 'a', 'b'],
        [1, 'p1', undefined, 7],
      ],
      ['r0', 'r1'],
      (prop) => byProp.get(prop),
    );
    expect(edits).toEqual([
      { rowId: 'r0', columnId: 'c1', text: 'dopo', baseText: 'prima' },
      { rowId: 'r1', columnId: 'c1', text: '7', baseText: '' },
    ]);
  });
});
