// A person's decisions on proposed indicators (confirm, correct, reject, "è un obiettivo"/"è un risultato"): the stored payload, versioned, and how proposals become indicators.
import { kindKey, makePair } from './pair.ts';
import type { IndicatorPair, PlacedQuantity, Qualifier } from './types.ts';

/**
 * The version of the decision payload this code writes. Version 2 added `kind` (what a person said a
 * quantity of uncertain kind is); version 1 payloads are read as version 2 without it.
 */
export const INDICATOR_FORMAT_VERSION = 2;
/** Every version `restoreDecision` reads. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

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
  /**
   * For a quantity whose words did not say (key from kindKey): what the person said it is. Absent
   * on decisions about pairs.
   */
  kind?: 'target' | 'result';
  decidedAt: string;
  decidedBy: string;
}

/** A proposal as shown: proposed by the extractor, or confirmed (possibly corrected) by a person. */
export type Indicator = IndicatorPair & { state: 'proposed' | 'confirmed' };

const QUALIFIERS: readonly string[] = ['', 'almeno', 'oltre', 'circa', 'fino a', 'non meno di', 'non più di', 'più di', 'meno di', 'quasi', 'tra'];

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
 * A stored payload as this version reads it: type guard, then defaults for missing optional fields,
 * then migration (version 1 → 2: nothing to add); undefined for anything unreadable (a newer
 * format, or damaged data), which is then ignored.
 */
export function restoreDecision(value: unknown): IndicatorDecision | undefined {
  if (!isRecord(value) || typeof value.version !== 'number' || !READABLE_VERSIONS.includes(value.version)) return undefined;
  if (typeof value.key !== 'string' || (value.decision !== 'confirmed' && value.decision !== 'rejected')) return undefined;
  const planned = restoreQuantity(value.planned);
  if (!planned) return undefined;
  const achieved = value.achieved === undefined ? undefined : restoreQuantity(value.achieved);
  if (value.achieved !== undefined && !achieved) return undefined;
  const kind = value.kind === 'target' || value.kind === 'result' ? value.kind : undefined;
  if (value.kind !== undefined && kind === undefined) return undefined;
  return {
    version: INDICATOR_FORMAT_VERSION,
    key: value.key,
    decision: value.decision,
    planned,
    ...(achieved ? { achieved } : {}),
    ...(kind ? { kind } : {}),
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

/**
 * What a person says a quantity of uncertain kind is ("È un obiettivo" / "È un risultato"): it then
 * takes part in pairing as that kind, while its words stay in the cell.
 */
export function kindDecision(pair: IndicatorPair, kind: 'target' | 'result', at: string, by: string): IndicatorDecision {
  return { ...confirmDecision(pair, at, by), key: kindKey(pair.planned), kind };
}

/**
 * The quantities with the kinds people decided: a quantity of uncertain kind becomes the target or
 * result a person said it is, or leaves the lists when rejected. Quantities nobody decided on are
 * returned as they are.
 */
export function applyKindDecisions(quantities: readonly PlacedQuantity[], decisions: readonly IndicatorDecision[]): PlacedQuantity[] {
  const byKey = new Map(decisions.filter((d) => d.key.startsWith('kind\u0003')).map((d) => [d.key, d]));
  if (byKey.size === 0) return [...quantities];
  const decided: PlacedQuantity[] = [];
  for (const q of quantities) {
    const decision = q.kind === 'uncertain' ? byKey.get(kindKey(q)) : undefined;
    if (!decision) decided.push(q);
    else if (decision.decision === 'confirmed' && decision.kind) decided.push({ ...q, kind: decision.kind });
  }
  return decided;
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
    // Confirming settles "da verificare": the person checked that both sides measure the same thing.
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
