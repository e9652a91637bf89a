// Dashboard figures: indicators counted by status, per area and for the whole plan.
import { formatItalianNumber, formatRatio } from './numbers.ts';
import type { IndicatorPair, IndicatorStatus } from './types.ts';

export const STATUSES: readonly IndicatorStatus[] = ['raggiunto', 'parziale', 'non raggiunto', 'solo qualitativo'];

export type StatusCounts = Record<IndicatorStatus, number>;

/** How many indicators have each status. */
export function countByStatus(pairs: readonly IndicatorPair[]): StatusCounts {
  const counts: StatusCounts = { raggiunto: 0, parziale: 0, 'non raggiunto': 0, 'solo qualitativo': 0 };
  for (const pair of pairs) counts[pair.status]++;
  return counts;
}

/** "oltre 2.000 percorsi di politica attiva → 2.030 (101,5%)": one indicator in one line. */
export function describePair(pair: IndicatorPair): string {
  const planned = `${pair.planned.qualifier ? `${pair.planned.qualifier} ` : ''}${formatQuantity(pair.planned.value, pair.planned.unit)}`;
  if (!pair.achieved || pair.ratio === undefined) return planned;
  return `${planned} → ${formatItalianNumber(pair.achieved.value)} (${formatRatio(pair.ratio)})`;
}

/** "2.000 percorsi", "30%": a value with its unit, the way the plan writes it. */
export function formatQuantity(value: number, unit: string): string {
  return unit === '%' ? `${formatItalianNumber(value)}%` : `${formatItalianNumber(value)} ${unit}`;
}
