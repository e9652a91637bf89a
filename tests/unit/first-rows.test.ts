// Issue 25: the grid is created with the rows that fill its first viewport, judged from their text.
import { describe, expect, it } from 'vitest';
import { FALLBACK_FIRST_ROWS, SMALL_TAIL_ROWS, estimateRowHeight, rowsForViewport } from '../../src/lib/grid/first-rows.ts';

const WIDTHS = [240, 320, 320];
// A paragraph of plan text: 600 characters in a 320 px column is many lines at 15 px, whatever the font.
const PARAGRAPH = 'Attività di assistenza tecnica alle Regioni per la governance dei servizi. '.repeat(8);

describe('estimateRowHeight', () => {
  it('is at least a default row for empty and one-word cells', () => {
    expect(estimateRowHeight(['', '', ''], WIDTHS)).toBeGreaterThanOrEqual(23);
    expect(estimateRowHeight(['Ambito', 'sì', ''], WIDTHS)).toBeLessThan(30);
  });

  it('grows with every line break and with long lines', () => {
    const oneLine = estimateRowHeight(['a', 'b', 'c'], WIDTHS);
    const fiveLines = estimateRowHeight(['a', 'b\nb\nb\nb\nb', 'c'], WIDTHS);
    const paragraph = estimateRowHeight(['a', PARAGRAPH, 'c'], WIDTHS);
    expect(fiveLines).toBeGreaterThan(oneLine * 3);
    // 600 characters in about 300 px is at least 6 lines of 21 px at any realistic character width (≤ 10 px).
    expect(paragraph).toBeGreaterThan(6 * 21);
  });

  it('stays under the real height of wrapped text, so the first screen is never short of rows', () => {
    // At 7.2 px a character (0.48 em of 15 px, Italian text in a sans-serif) 311 px hold 43 characters.
    const realLines = Math.ceil(PARAGRAPH.length / 43);
    expect(estimateRowHeight(['a', PARAGRAPH, 'c'], WIDTHS)).toBeLessThanOrEqual(realLines * 15 * 1.4 + 3);
  });

  it('follows the text size and the collapsed rows', () => {
    const normal = estimateRowHeight(['a', PARAGRAPH, 'c'], WIDTHS);
    expect(estimateRowHeight(['a', PARAGRAPH, 'c'], WIDTHS, { scale: 1.5 })).toBeGreaterThan(normal * 1.5);
    expect(estimateRowHeight(['a', PARAGRAPH, 'c'], WIDTHS, { maxLines: 4 })).toBeLessThanOrEqual(4 * 15 * 1.4 + 3);
  });
});

describe('rowsForViewport', () => {
  const tall = (): string[] => ['Ambito', PARAGRAPH, PARAGRAPH];
  const short = (): string[] => ['Ambito', 'breve', ''];

  it('gives tall rows only as far as the viewport reaches, plus one', () => {
    const rows = rowsForViewport(50_000, tall, WIDTHS, 700);
    const height = estimateRowHeight(tall(), WIDTHS);
    expect(rows).toBe(Math.ceil(700 / height) + 1);
    expect(rows).toBeLessThan(10);
  });

  it('gives more short rows than tall ones for the same viewport, and never more than there are', () => {
    expect(rowsForViewport(50_000, short, WIDTHS, 700)).toBeGreaterThan(rowsForViewport(50_000, tall, WIDTHS, 700));
    expect(rowsForViewport(3, short, WIDTHS, 700)).toBe(3);
    expect(rowsForViewport(0, short, WIDTHS, 700)).toBe(0);
  });

  it('gives every row when only a short tail would be left for a task of its own', () => {
    const fit = rowsForViewport(50_000, tall, WIDTHS, 700);
    expect(rowsForViewport(fit + SMALL_TAIL_ROWS, tall, WIDTHS, 700)).toBe(fit + SMALL_TAIL_ROWS);
    expect(rowsForViewport(fit + SMALL_TAIL_ROWS + 1, tall, WIDTHS, 700)).toBe(fit);
  });

  it('reads only the rows it gives', () => {
    const read: number[] = [];
    const rows = rowsForViewport(50_000, (row) => (read.push(row), tall()), WIDTHS, 700);
    expect(Math.max(...read)).toBeLessThan(rows);
  });

  it('falls back to the old fixed count when the grid has no height yet', () => {
    expect(rowsForViewport(50_000, tall, WIDTHS, 0)).toBe(FALLBACK_FIRST_ROWS);
    expect(rowsForViewport(4, tall, WIDTHS, 0)).toBe(4);
  });
});
