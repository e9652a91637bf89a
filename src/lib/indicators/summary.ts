// Dashboard figures: indicators counted by status, per area and for the whole plan.
import { formatItalianNumber, formatRatio } from './numbers.ts';
import type { IndicatorPair, IndicatorStatus } from './types.ts';

export const STATUSES: readonly IndicatorStatus[] = ['raggiunto', 'parziale', 'non raggiunto', 'solo qualitativo', 'da verificare'];

export type StatusCounts = Record<IndicatorStatus, number>;

/** How many indicators have each status. */
export function countByStatus(pairs: readonly IndicatorPair[]): StatusCounts {
  const counts: StatusCounts = { raggiunto: 0, parziale: 0, 'non raggiunto': 0, 'solo qualitativo': 0, 'da verificare': 0 };
  for (const pair of pairs) counts[pair.status]++;
  return counts;
}

/** "oltre 2.000 percorsi di politica attiva → 2.030 (101,5%)": one indicator in one line. */
export function describePair(pair: IndicatorPair): string {
  const planned = `${pair.planned.qualifier ? `${pair.planned.qualifier} ` : ''}${formatQuantity(pair.planned.value, pair.planned.unit, pair.planned.upper)}`;
  if (!pair.achieved || pair.ratio === undefined) return planned;
  return `${planned} → ${formatItalianNumber(pair.achieved.value)} (${formatRatio(pair.ratio)})`;
}

/** "2.000 percorsi", "30%", "tra 40 e 80%": a value with its unit, the way the plan writes it. */
export function formatQuantity(value: number, unit: string, upper?: number): string {
  const number = upper === undefined ? formatItalianNumber(value) : `${formatItalianNumber(value)} e ${formatItalianNumber(upper)}`;
  if (unit === '%') return `${number}%`;
  return unit === '' ? number : `${number} ${unit}`;
}

/** Two lines for a chart bar: what was planned, then where (area and ambito), so two "4 Regioni CONV" bars can be told apart. */
export function chartLabel(pair: IndicatorPair, areaTitle: string, ambito: string, max = 48): [string, string] {
  const shorten = (text: string): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const where = ambito === '' ? areaTitle : `${areaTitle} · ${ambito}`;
  return [shorten(describePair(pair).split(' → ')[0] ?? ''), shorten(where)];
}

/**
 * The part of a long sentence around a quantity, so the number a person decides on is in view:
 * "… rete integrata tra operatori dei servizi pubblici (almeno 150) ed operatori privati …".
 */
export function excerptAround(context: string, quote: string, max = 100): string {
  const sentence = context.replace(/\s+/g, ' ').trim();
  if (sentence.length <= max) return sentence;
  const at = Math.max(0, sentence.indexOf(quote.replace(/\s+/g, ' ')));
  const before = Math.floor((max - Math.min(quote.length, max)) / 2);
  let from = Math.max(0, at - before);
  let to = Math.min(sentence.length, from + max);
  from = Math.max(0, to - max);
  // Whole words at both ends.
  if (from > 0) from = sentence.indexOf(' ', from) + 1 || from;
  if (to < sentence.length) to = sentence.lastIndexOf(' ', to) > from ? sentence.lastIndexOf(' ', to) : to;
  return `${from > 0 ? '… ' : ''}${sentence.slice(from, to)}${to < sentence.length ? ' …' : ''}`;
}
