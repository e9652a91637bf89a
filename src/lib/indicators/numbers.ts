// Italian numbers: reading "2.000", "1,5", "dieci", and writing values and ratios back in Italian notation.

/** Number words that count things. "uno/una/un" are left out: in running text they are nearly always articles. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['due', 2],
  ['tre', 3],
  ['quattro', 4],
  ['cinque', 5],
  ['sei', 6],
  ['sette', 7],
  ['otto', 8],
  ['nove', 9],
  ['dieci', 10],
  ['undici', 11],
  ['dodici', 12],
  ['venti', 20],
  ['trenta', 30],
  ['cento', 100],
  ['mille', 1000],
]);

/** "un migliaio di contatti", "una decina di incontri": round numbers said in words, read as their value. */
export const APPROXIMATE_WORDS: ReadonlyMap<string, number> = new Map([
  ['decina', 10],
  ['ventina', 20],
  ['trentina', 30],
  ['quarantina', 40],
  ['cinquantina', 50],
  ['centinaio', 100],
  ['migliaio', 1000],
]);

/** "2.000" → 2000, "1,5" → 1.5, "4000" → 4000; NaN for anything else. */
export function parseItalianNumber(text: string): number {
  if (!/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$/.test(text)) return Number.NaN;
  return Number(text.replace(/\./g, '').replace(',', '.'));
}

/** 2030 → "2.030", 1.5 → "1,5", 101.5 → "101,5" (always grouped, as the plan writes them). */
export function formatItalianNumber(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '';
  const negative = value < 0;
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const [whole = '0', fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const decimals = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${grouped}${decimals ? `,${decimals}` : ''}`;
}

/** 1.015 → "101,5%": a ratio as a percentage with at most one decimal. */
export function formatRatio(ratio: number): string {
  return `${formatItalianNumber(Math.round(ratio * 1000) / 10, 1)}%`;
}
