// The benchmark table: one row per figure and case, printed, and written as JSON and Markdown.
import type { Comparison, Stats } from './measure.ts';

export interface FigureRow {
  /** B1…B10, or a sub-figure such as "B3w" or "L1". */
  id: string;
  figure: string;
  /** Size and variant, e.g. "10,000 rows · two-byte". */
  case: string;
  quadro: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: informational, no target for this row. */
  pass: boolean | null;
  note?: string;
  /** Raw numbers for the JSON file. */
  data?: unknown;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  return ms.toFixed(2);
}

/** "35.2 ms (33.1–40.0)": median, then min and max. */
export function formatStats(stats: Stats): string {
  return `${formatMs(stats.median)} ms (${formatMs(stats.min)}–${formatMs(stats.max)})`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A row for a Quadro-vs-baseline comparison with a ratio target. */
export function ratioRow(
  id: string,
  figure: string,
  caseName: string,
  comparison: Comparison,
  maxRatio: number,
  extra: { note?: string; pass?: boolean; target?: string } = {},
): FigureRow {
  const ratioPass = comparison.ratio <= maxRatio;
  return {
    id,
    figure,
    case: caseName,
    quadro: formatStats(comparison.quadro),
    baseline: formatStats(comparison.baseline),
    ratio: formatRatio(comparison.ratio),
    target: extra.target ?? `≤ ${maxRatio.toFixed(2)}×`,
    pass: extra.pass ?? ratioPass,
    ...(extra.note ? { note: extra.note } : {}),
    data: comparison,
  };
}

const HEADERS = ['#', 'figure', 'case', 'Quadro', 'baseline', 'ratio', 'target', 'pass'] as const;

function cellsOf(row: FigureRow): string[] {
  const pass = row.pass === null ? 'info' : row.pass ? 'pass' : 'FAIL';
  return [row.id, row.figure, row.case, row.quadro, row.baseline, row.ratio, row.target, pass];
}

/** Fixed-width text table for the terminal. */
export function formatTextTable(rows: readonly FigureRow[]): string {
  const cells = [HEADERS.slice(), ...rows.map(cellsOf)];
  const widths = HEADERS.map((_, c) => Math.max(...cells.map((line) => (line[c] as string).length)));
  const line = (values: readonly string[]): string => values.map((v, c) => v.padEnd(widths[c] as number)).join('  ').trimEnd();
  const out = [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const values of cells.slice(1)) out.push(line(values));
  const notes = rows.filter((row) => row.note).map((row) => `  ${row.id} ${row.case}: ${row.note}`);
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatMarkdownTable(rows: readonly FigureRow[]): string {
  const out = [`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map(() => '---').join('|')}|`];
  for (const row of rows) out.push(`| ${cellsOf(row).map(escapeCell).join(' | ')} |`);
  const notes = rows.filter((row) => row.note).map((row) => `- **${row.id}** ${row.case}: ${escapeCell(row.note as string)}`);
  if (notes.length > 0) out.push('', ...notes);
  return out.join('\n');
}
