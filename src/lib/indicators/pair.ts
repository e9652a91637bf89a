// Pairing: each planned quantity of an ambito with the achieved quantity of the same unit in the following result column.
import { columnsOfArea } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import { columnKinds, extractPlanQuantities } from './extract.ts';
import { contentLemmas, jaccard, sameLemma } from './lemma.ts';
import type { IndicatorPair, IndicatorStatus, PlacedQuantity } from './types.ts';

/** Below this share of the planned value an indicator is "non raggiunto" rather than "parziale". */
export const PARTIAL_MIN_RATIO = 0.5;
/**
 * Units with the same head noun pair when their modifiers share a word, one of them is bare
 * ("operatori" / "operatori della rete"), or their sentences share at least this much (Jaccard of
 * lemmas). Chosen on the 2012 plan; see tests/unit/indicators-seed.test.ts for what it yields.
 */
export const MIN_CONTEXT_SIMILARITY = 0.12;

/** How many content words before a number say what is done with it ("formazione e qualificazione di 550"). */
const GOVERNING_WORDS = 4;

interface UnitWords {
  head: string[];
  modifiers: string[];
  all: string[];
  context: string[];
  governing: string[];
}

/** Lemmatizing is most of pairing's cost: each quantity's words are computed once. */
const WORDS_CACHE = new WeakMap<PlacedQuantity, UnitWords>();

function wordsOf(quantity: PlacedQuantity): UnitWords {
  let words = WORDS_CACHE.get(quantity);
  if (!words) {
    words = computeWords(quantity);
    WORDS_CACHE.set(quantity, words);
  }
  return words;
}

function computeWords(quantity: PlacedQuantity): UnitWords {
  const lemmas = contentLemmas(quantity.unit);
  // "regioni/province pilota": both halves of a slash are heads.
  const firstWord = quantity.unit.split(/\s+/)[0] ?? '';
  const head = contentLemmas(firstWord);
  return {
    head,
    modifiers: lemmas.filter((lemma) => !head.includes(lemma)),
    all: lemmas,
    context: contentLemmas(quantity.context),
    governing: contentLemmas(quantity.context.slice(0, Math.max(0, quantity.context.indexOf(quantity.quote)))).slice(-GOVERNING_WORDS),
  };
}

/** How alike a planned and an achieved quantity are, or undefined when they count different things. */
export function similarity(planned: PlacedQuantity, achieved: PlacedQuantity): number | undefined {
  const p = wordsOf(planned);
  const a = wordsOf(achieved);
  if (planned.unit === '%' || achieved.unit === '%') {
    // Percentages of different things share the unit "%": only their sentences can tell them apart.
    if (planned.unit !== achieved.unit) return undefined;
    const context = jaccard(p.context, a.context) + jaccard(p.governing, a.governing);
    return context >= MIN_CONTEXT_SIMILARITY ? 1 + context : undefined;
  }
  if (!p.head.some((lemma) => a.head.some((other) => sameLemma(lemma, other)))) return undefined;
  const contextSimilarity = jaccard(p.context, a.context) + jaccard(p.governing, a.governing);
  const modifiersAgree =
    p.modifiers.length === 0 ||
    a.modifiers.length === 0 ||
    p.modifiers.some((lemma) => a.modifiers.some((other) => sameLemma(lemma, other)));
  if (!modifiersAgree && contextSimilarity < MIN_CONTEXT_SIMILARITY) return undefined;
  if (contextSimilarity < MIN_CONTEXT_SIMILARITY && (p.modifiers.length === 0 || a.modifiers.length === 0)) {
    // A bare unit ("Regioni") agrees with anything of its head: ask the sentences too.
    if (contextSimilarity < MIN_CONTEXT_SIMILARITY / 2) return undefined;
  }
  return jaccard(p.all, a.all, sameLemma) + contextSimilarity;
}

/** raggiunto ≥ 100%, parziale ≥ 50%, non raggiunto below; solo qualitativo without an achieved number. */
export function statusOf(ratio: number | undefined): IndicatorStatus {
  if (ratio === undefined) return 'solo qualitativo';
  if (ratio >= 1) return 'raggiunto';
  if (ratio >= PARTIAL_MIN_RATIO) return 'parziale';
  return 'non raggiunto';
}

/** The key a decision is stored under: the row, the columns and the quoted words, not their offsets. */
export function pairKey(planned: PlacedQuantity, achieved: PlacedQuantity | undefined): string {
  const side = (q: PlacedQuantity | undefined): string => (q ? `${q.columnId}\u0001${q.quote}\u0001${q.occurrence}` : '');
  return `${planned.rowId}\u0002${side(planned)}\u0002${side(achieved)}`;
}

/** A pair (or an unpaired planned quantity) with its ratio and status. */
export function makePair(planned: PlacedQuantity, achieved: PlacedQuantity | undefined, score = 0, resultColumnId?: string): IndicatorPair {
  const ratio = achieved && planned.value > 0 ? achieved.value / planned.value : undefined;
  const measuredIn = resultColumnId ?? achieved?.columnId;
  return {
    key: pairKey(planned, achieved),
    areaId: planned.areaId,
    rowId: planned.rowId,
    planned,
    ...(achieved ? { achieved } : {}),
    ...(measuredIn !== undefined ? { resultColumnId: measuredIn } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    status: statusOf(ratio),
    score,
  };
}

/**
 * The proposed indicators of a plan (or one area): for every ambito and every target column that
 * has a result column after it, each planned quantity with its best achieved match (each achieved
 * quantity used once, best similarity first, then the nearer column, then the closer value), or
 * alone ("solo qualitativo"). Targets with no result column after them (the current year) are not
 * indicators yet and are left out.
 */
export function proposePairs(doc: PlanDocument, areaId?: string, quantities?: readonly PlacedQuantity[]): IndicatorPair[] {
  const all = quantities ?? extractPlanQuantities(doc, areaId);
  const pairs: IndicatorPair[] = [];
  const byRow = new Map<string, PlacedQuantity[]>();
  for (const q of all) {
    if (areaId !== undefined && q.areaId !== areaId) continue;
    const list = byRow.get(q.rowId);
    if (list) list.push(q);
    else byRow.set(q.rowId, [q]);
  }
  const resultColumnAfter = new Map<string, { columnId: string; distance: number }>();
  for (const area of doc.areas) {
    if (areaId !== undefined && area.id !== areaId) continue;
    const columns = columnsOfArea(doc, area.id);
    const kinds = columnKinds(columns);
    columns.forEach((column, position) => {
      if (kinds.get(column.id) !== 'target') return;
      for (let next = position + 1; next < columns.length; next++) {
        const candidate = columns[next];
        if (candidate && kinds.get(candidate.id) === 'result') {
          resultColumnAfter.set(column.id, { columnId: candidate.id, distance: next - position });
          return;
        }
      }
    });
  }

  for (const rowQuantities of byRow.values()) {
    const planned = withoutRestatements(rowQuantities.filter((q) => q.kind === 'target' && resultColumnAfter.has(q.columnId)), resultColumnAfter);
    const candidates: { p: PlacedQuantity; a: PlacedQuantity; score: number; distance: number; closeness: number }[] = [];
    for (const p of planned) {
      const target = resultColumnAfter.get(p.columnId) as { columnId: string; distance: number };
      for (const a of rowQuantities) {
        if (a.columnId !== target.columnId || a.kind !== 'result') continue;
        const score = similarity(p, a);
        if (score === undefined) continue;
        const closeness = Math.abs(Math.log((a.value + 1) / (p.value + 1)));
        candidates.push({ p, a, score, distance: target.distance, closeness });
      }
    }
    candidates.sort((x, y) => y.score - x.score || x.distance - y.distance || x.closeness - y.closeness);
    const usedPlanned = new Set<PlacedQuantity>();
    const usedAchieved = new Set<PlacedQuantity>();
    const chosen = new Map<PlacedQuantity, { a: PlacedQuantity; score: number }>();
    for (const c of candidates) {
      if (usedPlanned.has(c.p) || usedAchieved.has(c.a)) continue;
      usedPlanned.add(c.p);
      usedAchieved.add(c.a);
      chosen.set(c.p, { a: c.a, score: c.score });
    }
    for (const p of planned) {
      const match = chosen.get(p);
      pairs.push(makePair(p, match?.a, match?.score ?? 0, resultColumnAfter.get(p.columnId)?.columnId));
    }
  }
  return pairs;
}

/**
 * "Risultati previsti al 2011" often restates an objective of "Obiettivi 2009-2011" word for word
 * ("fino a 300 operatori dedicati" in both): the same target, measured by the same result column,
 * is one indicator, kept in the later column.
 */
function withoutRestatements(
  planned: readonly PlacedQuantity[],
  resultColumnAfter: ReadonlyMap<string, { columnId: string; distance: number }>,
): PlacedQuantity[] {
  const same = (x: PlacedQuantity, y: PlacedQuantity): boolean =>
    x.value === y.value &&
    x.qualifier === y.qualifier &&
    x.unit.toLowerCase() === y.unit.toLowerCase() &&
    resultColumnAfter.get(x.columnId)?.columnId === resultColumnAfter.get(y.columnId)?.columnId;
  return planned.filter(
    (q) =>
      !planned.some(
        (other) =>
          other !== q &&
          same(q, other) &&
          (resultColumnAfter.get(other.columnId)?.distance ?? 0) < (resultColumnAfter.get(q.columnId)?.distance ?? 0),
      ),
  );
}
