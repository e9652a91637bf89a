// A person's decisions on proposed indicators (confirm, correct, reject): the stored payload, versioned, and how proposals become indicators.
import { makePair } from './pair.ts';
import type { IndicatorPair, PlacedQuantity, Qualifier } from './types.ts';

/** The version of the decision payload this code writes and reads. */
export const INDICATOR_FORMAT_VERSION = 1;

/** One side of a decided indicator: where it is written and the values the person accepted. */
export interface DecidedQuantity {
  columnId: string;
  /** The words of the cell it came from: the decision holds while they are still in the cell. */
  quote: string;
  value: number;
  qualifier: Qualifier;
  unit: string;
}

/** What is stored in IndexedDB's `indicators` store as `value`. */
export interface IndicatorDecision {
  version: typeof INDICATOR_FORMAT_VERSION;
  /** The key of the proposal decided (see pairKey). */
  key: string;
  decision: 'confirmed' | 'rejected';
  planned: DecidedQuantity;
  achieved?: DecidedQuantity;
  decidedAt: string;
  decidedBy: string;
}

/** A proposal as shown: proposed by the extractor, or confirmed (possibly corrected) by a person. */
export type Indicator = IndicatorPair & { state: 'proposed' | 'confirmed' };

const QUALIFIERS: readonly string[] = ['', 'almeno', 'oltre', 'circa', 'fino a', 'non meno di', 'non più di', 'più di', 'meno di', 'quasi'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function restoreQuantity(value: unknown): DecidedQuantity | undefined {
  if (!isRecord(value)) return undefined;
  const { columnId, quote, unit } = value;
  const number = value.value;
  if (typeof columnId !== 'string' || typeof quote !== 'string' || typeof number !== 'number' || !Number.isFinite(number)) return undefined;
  const qualifier = typeof value.qualifier === 'string' && QUALIFIERS.includes(value.qualifier) ? (value.qualifier as Qualifier) : '';
  return { columnId, quote, value: number, qualifier, unit: typeof unit === 'string' ? unit : '' };
}

/**
 * A stored payload as this version reads it: type guard, then defaults for missing optional
 * fields; undefined for anything unreadable (a newer format, or damaged data), which is then ignored.
 */
export function restoreDecision(value: unknown): IndicatorDecision | undefined {
  if (!isRecord(value) || value.version !== INDICATOR_FORMAT_VERSION) return undefined;
  if (typeof value.key !== 'string' || (value.decision !== 'confirmed' && value.decision !== 'rejected')) return undefined;
  const planned = restoreQuantity(value.planned);
  if (!planned) return undefined;
  const achieved = value.achieved === undefined ? undefined : restoreQuantity(value.achieved);
  if (value.achieved !== undefined && !achieved) return undefined;
  return {
    version: INDICATOR_FORMAT_VERSION,
    key: value.key,
    decision: value.decision,
    planned,
    ...(achieved ? { achieved } : {}),
    decidedAt: typeof value.decidedAt === 'string' ? value.decidedAt : '',
    decidedBy: typeof value.decidedBy === 'string' ? value.decidedBy : '',
  };
}

/** The decision that confirms a proposal as it is, or with the person's corrections. */
export function confirmDecision(
  pair: IndicatorPair,
  at: string,
  by: string,
  correction: { planned?: number; achieved?: number; unit?: string } = {},
): IndicatorDecision {
  const side = (q: PlacedQuantity, value: number | undefined): DecidedQuantity => ({
    columnId: q.columnId,
    quote: q.quote,
    value: value ?? q.value,
    qualifier: q.qualifier,
    unit: correction.unit ?? q.unit,
  });
  // A target the results describe only in words: the person may write the achieved value.
  const written: DecidedQuantity | undefined =
    !pair.achieved && correction.achieved !== undefined && pair.resultColumnId !== undefined
      ? { columnId: pair.resultColumnId, quote: '', value: correction.achieved, qualifier: '', unit: correction.unit ?? pair.planned.unit }
      : undefined;
  const achieved = pair.achieved ? side(pair.achieved, correction.achieved) : written;
  return {
    version: INDICATOR_FORMAT_VERSION,
    key: pair.key,
    decision: 'confirmed',
    planned: side(pair.planned, correction.planned),
    ...(achieved ? { achieved } : {}),
    decidedAt: at,
    decidedBy: by,
  };
}

/** The decision that rejects a proposal: it is not proposed again while its words stay in the cells. */
export function rejectDecision(pair: IndicatorPair, at: string, by: string): IndicatorDecision {
  return { ...confirmDecision(pair, at, by), decision: 'rejected' };
}

/**
 * The indicators to show: each proposal, replaced by its confirmed (corrected) version or dropped
 * when rejected. Decisions whose words left the cells match no proposal and are ignored, so
 * editing a cell re-proposes only the quantities whose words changed.
 */
export function applyDecisions(proposals: readonly IndicatorPair[], decisions: readonly IndicatorDecision[]): Indicator[] {
  const byKey = new Map(decisions.map((decision) => [decision.key, decision]));
  const indicators: Indicator[] = [];
  for (const proposal of proposals) {
    const decision = byKey.get(proposal.key);
    if (!decision) {
      indicators.push({ ...proposal, state: 'proposed' });
      continue;
    }
    if (decision.decision === 'rejected') continue;
    const planned: PlacedQuantity = { ...proposal.planned, value: decision.planned.value, unit: decision.planned.unit };
    const achieved = decidedAchieved(proposal, decision);
    indicators.push({ ...makePair(planned, achieved, proposal.score, proposal.resultColumnId), key: proposal.key, state: 'confirmed' });
  }
  return indicators;
}

/** The achieved side of a confirmed indicator: the proposal's, corrected, or one the person wrote. */
function decidedAchieved(proposal: IndicatorPair, decision: IndicatorDecision): PlacedQuantity | undefined {
  const decided = decision.achieved;
  if (!decided) return proposal.achieved;
  if (proposal.achieved) return { ...proposal.achieved, value: decided.value, unit: decided.unit };
  return {
    ...proposal.planned,
    columnId: decided.columnId,
    kind: 'result',
    value: decided.value,
    qualifier: '',
    unit: decided.unit,
    start: 0,
    end: 0,
    quote: '',
    context: '',
    occurrence: 0,
  };
}
