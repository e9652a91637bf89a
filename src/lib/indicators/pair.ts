// Pairing: each planned quantity of an ambito with the achieved quantity of the same unit in the following result column.
import { columnsOfArea } from '../model/plan.ts';
import type { PlanDocument } from '../model/types.ts';
import { columnKinds, extractPlanQuantities } from './extract.ts';
import { contentLemmas, jaccard, lemmatize, sameLemma } from './lemma.ts';
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

/**
 * What is done to the people a number counts, by the stems of the words around it: "qualificare 50
 * operatori" and "formazione di 550 operatori" count people trained; "la rete tra operatori (almeno
 * 150)" counts operators; "attività … che hanno coinvolto oltre 500 operatori" counts people reached.
 */
const TREATMENTS: readonly { name: string; stems: RegExp }[] = [
  { name: 'formati', stems: /^(?:form[ai]|formativ|qualific|aggiorn|addestr|riqualific)/ },
  { name: 'coinvolti', stems: /^(?:coinvol|partecip|informat|informativ|sensibilizz|raggiunt)/ },
  { name: 'assunti', stems: /^(?:assun|assum|stabilizz|reclut|inserit|inseriment|occupat|collocat|ricollocat)/ },
  { name: 'presi in carico', stems: /^(?:pres[ai]|carico|profilat|orientat|orientament)/ },
];
/** Units that count people: for them, what was done to the people is part of the measure. */
const PEOPLE = /^(?:operator|dirigent|funzionar|giovan|person|lavorator|donn|disoccupat|beneficiar|destinatar|partecipant|utent|student|allie|tirocinant|immigrat|cittadin|migrant|detenut|decisor|formator|docent|consulent|addett|navigator|neet)/;
/** "operatori e dirigenti": more people than the head alone names. */
const COMPOSITE_AFTER = /^\s+(?:e|ed)\s+(\p{L}+)/u;

interface UnitWords {
  head: string[];
  modifiers: string[];
  all: string[];
  context: string[];
  governing: string[];
  /** What was done to the people counted (empty for things, or when the words do not say). */
  treatments: Set<string>;
  /** The unit goes on with "e dirigenti": the count covers another group too. */
  composite: boolean;
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
  const at = Math.max(0, quantity.context.indexOf(quantity.quote));
  const governing = contentLemmas(quantity.context.slice(0, at)).slice(-GOVERNING_WORDS);
  const afterQuote = quantity.context.slice(at + quantity.quote.length);
  const people = head.some((lemma) => PEOPLE.test(lemma));
  const treatments = new Set<string>();
  if (people) {
    const around = [...governing, ...lemmas, ...contentLemmas(afterQuote).slice(0, 2)];
    for (const { name, stems } of TREATMENTS) if (around.some((lemma) => stems.test(lemma))) treatments.add(name);
  }
  const joined = COMPOSITE_AFTER.exec(afterQuote)?.[1];
  return {
    head,
    modifiers: lemmas.filter((lemma) => !head.includes(lemma)),
    all: lemmas,
    context: contentLemmas(quantity.context),
    governing,
    treatments,
    composite: people && joined !== undefined && PEOPLE.test(lemmatize(joined)),
  };
}

/**
 * Whether a planned and an achieved quantity of the same unit measure the same thing: 'same', 'unsure'
 * (one says what was done to the people and the other does not, or one counts more groups: a person
 * must check) or 'different' (trained against hired).
 */
export function sameMeasure(planned: PlacedQuantity, achieved: PlacedQuantity): 'same' | 'unsure' | 'different' {
  const p = wordsOf(planned);
  const a = wordsOf(achieved);
  if (p.treatments.size > 0 && a.treatments.size > 0 && ![...p.treatments].some((t) => a.treatments.has(t))) return 'different';
  if (p.treatments.size !== a.treatments.size && (p.treatments.size === 0 || a.treatments.size === 0)) return 'unsure';
  if (p.composite !== a.composite) return 'unsure';
  return 'same';
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

/** raggiunto ≥ 100%, parziale ≥ 50%, non raggiunto below; solo qualitativo without an achieved number; da verificare until a person checks. */
export function statusOf(ratio: number | undefined, verify?: IndicatorPair['verify']): IndicatorStatus {
  if (verify !== undefined) return 'da verificare';
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

/** The key of a decision on a quantity's kind: distinct from every pair's key, stable while its words stay in the cell. */
export function kindKey(quantity: PlacedQuantity): string {
  return `kind\u0003${pairKey(quantity, undefined)}`;
}

/** A pair (or an unpaired planned quantity) with its ratio and status. */
export function makePair(
  planned: PlacedQuantity,
  achieved: PlacedQuantity | undefined,
  score = 0,
  resultColumnId?: string,
  verify?: IndicatorPair['verify'],
): IndicatorPair {
  const ratio = achieved && planned.value > 0 ? achieved.value / planned.value : undefined;
  const measuredIn = resultColumnId ?? achieved?.columnId;
  return {
    key: verify === 'kind' ? kindKey(planned) : pairKey(planned, achieved),
    areaId: planned.areaId,
    rowId: planned.rowId,
    planned,
    ...(achieved ? { achieved } : {}),
    ...(measuredIn !== undefined ? { resultColumnId: measuredIn } : {}),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(verify !== undefined ? { verify } : {}),
    status: statusOf(ratio, verify),
    score,
  };
}

/**
 * The proposed indicators of a plan (or one area): for every ambito and every target (or prose)
 * column that has a result column after it, each planned quantity with its best achieved match of
 * the same measure (each achieved quantity used once, best similarity first, then the nearer column,
 * then the closer value), or alone ("solo qualitativo"); a match that may count something else is
 * "da verificare". Targets with no result column after them (the current year) are not indicators
 * yet and are left out. Quantities of uncertain kind are proposed alone, "da verificare", for a
 * person to say what they are.
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
      // Targets of a prose column too ("sarà realizzato in 12 comuni" in Descrizione) are measured by the results column after it.
      const kind = kinds.get(column.id);
      if (kind !== 'target' && kind !== 'prose') return;
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
    const candidates: { p: PlacedQuantity; a: PlacedQuantity; score: number; distance: number; closeness: number; unsure: boolean }[] = [];
    for (const p of planned) {
      const target = resultColumnAfter.get(p.columnId) as { columnId: string; distance: number };
      for (const a of rowQuantities) {
        if (a.columnId !== target.columnId || a.kind !== 'result') continue;
        const score = similarity(p, a);
        if (score === undefined) continue;
        const measure = sameMeasure(p, a);
        if (measure === 'different') continue;
        const closeness = Math.abs(Math.log((a.value + 1) / (p.value + 1)));
        candidates.push({ p, a, score, distance: target.distance, closeness, unsure: measure === 'unsure' });
      }
    }
    candidates.sort((x, y) => y.score - x.score || x.distance - y.distance || x.closeness - y.closeness);
    const usedPlanned = new Set<PlacedQuantity>();
    const usedAchieved = new Set<PlacedQuantity>();
    const chosen = new Map<PlacedQuantity, { a: PlacedQuantity; score: number; unsure: boolean }>();
    for (const c of candidates) {
      if (usedPlanned.has(c.p) || usedAchieved.has(c.a)) continue;
      usedPlanned.add(c.p);
      usedAchieved.add(c.a);
      chosen.set(c.p, { a: c.a, score: c.score, unsure: c.unsure });
    }
    for (const p of planned) {
      const match = chosen.get(p);
      pairs.push(makePair(p, match?.a, match?.score ?? 0, resultColumnAfter.get(p.columnId)?.columnId, match?.unsure ? 'measure' : undefined));
    }
    // Quantities whose words and column do not say whether they are targets or results: a person decides.
    for (const q of rowQuantities) if (q.kind === 'uncertain') pairs.push(makePair(q, undefined, 0, resultColumnAfter.get(q.columnId)?.columnId, 'kind'));
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
