// Scoring of the extractor on the hand-labelled public-text sentences of issue 21: value+kind precision and recall, wrong values, per source.
import { readFileSync } from 'node:fs';
import { extractQuantities, type ColumnKind, type Quantity } from '../../src/lib/indicators/index.ts';

export type LabelledKind = 'planned' | 'achieved' | 'undecidable';
export type LabelledValue = number | [number, number];

export interface LabelledSentence {
  id: string;
  source: string;
  column: ColumnKind;
  text: string;
  quantities: [LabelledValue, string, string, LabelledKind][];
  notQuantities: number[];
}

export interface PublicTexts {
  sources: Record<string, { title: string; publisher: string; year: number; url: string }>;
  sentences: LabelledSentence[];
}

export const PUBLIC_TEXTS = JSON.parse(
  readFileSync(new URL('../fixtures/indicators/public-texts-labelled-by-hand.json', import.meta.url), 'utf8'),
) as PublicTexts;
export const SPLIT = JSON.parse(
  readFileSync(new URL('../fixtures/indicators/public-texts-split.made-by-split-held-out.json', import.meta.url), 'utf8'),
) as { seed: number; tuning: string[]; heldOut: string[] };

/** The extractor's kind in the labels' words. */
export function labelledKindOf(quantity: Quantity): LabelledKind {
  const kind: string = quantity.kind;
  return kind === 'target' ? 'planned' : kind === 'result' ? 'achieved' : 'undecidable';
}

/** A found quantity's value as the labels write it: a number, or [low, high] for a range. */
export function labelledValueOf(quantity: Quantity): LabelledValue {
  const upper = (quantity as Quantity & { upper?: number }).upper;
  return upper === undefined ? quantity.value : [quantity.value, upper];
}

function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function sameValue(a: LabelledValue, b: LabelledValue): boolean {
  if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' && typeof b === 'number' && sameNumber(a, b);
  return sameNumber(a[0], b[0]) && sameNumber(a[1], b[1]);
}

export interface SentenceScore {
  sentence: LabelledSentence;
  found: Quantity[];
  matched: number;
  /** Labelled quantities not found with the right value and kind: "value kind «unit»". */
  missed: string[];
  /** Found quantities that match no labelled value and kind. */
  extra: string[];
  /** Found quantities whose value no reading of the sentence gives (neither labelled nor a listed non-quantity). */
  wrongValues: string[];
}

const describe = (value: LabelledValue, kind: string, unit: string): string =>
  `${Array.isArray(value) ? `${value[0]}–${value[1]}` : value} ${kind} «${unit}»`;

/** Matches found and labelled quantities of one sentence on value and kind (each used once). */
export function scoreSentence(sentence: LabelledSentence): SentenceScore {
  const found = extractQuantities(sentence.text, sentence.column);
  const pool = sentence.quantities.map(([value, , unit, kind]) => ({ value, unit, kind, used: false }));
  const extra: string[] = [];
  const wrongValues: string[] = [];
  let matched = 0;
  for (const q of found) {
    const value = labelledValueOf(q);
    const kind = labelledKindOf(q);
    const hit = pool.find((p) => !p.used && p.kind === kind && sameValue(p.value, value));
    if (hit) {
      hit.used = true;
      matched++;
      continue;
    }
    extra.push(describe(value, kind, q.unit));
    const readable =
      sentence.quantities.some(([labelled]) => sameValue(labelled, value)) ||
      (typeof value === 'number' && sentence.notQuantities.some((n) => sameNumber(n, value)));
    if (!readable) wrongValues.push(describe(value, kind, q.unit));
  }
  const missed = pool.filter((p) => !p.used).map((p) => describe(p.value, p.kind, p.unit));
  return { sentence, found, matched, missed, extra, wrongValues };
}

export interface Figures {
  sentences: number;
  labelled: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
  wrongValues: number;
}

export function figuresOf(scores: readonly SentenceScore[]): Figures {
  const labelled = scores.reduce((n, s) => n + s.sentence.quantities.length, 0);
  const found = scores.reduce((n, s) => n + s.found.length, 0);
  const matched = scores.reduce((n, s) => n + s.matched, 0);
  return {
    sentences: scores.length,
    labelled,
    found,
    matched,
    precision: found === 0 ? 1 : matched / found,
    recall: labelled === 0 ? 1 : matched / labelled,
    wrongValues: scores.reduce((n, s) => n + s.wrongValues.length, 0),
  };
}

export function scoreHalf(ids: readonly string[]): SentenceScore[] {
  const wanted = new Set(ids);
  return PUBLIC_TEXTS.sentences.filter((s) => wanted.has(s.id)).map(scoreSentence);
}

export function formatFigures(name: string, f: Figures): string {
  return `${name}: ${f.sentences} sentences, ${f.labelled} labelled, ${f.found} found, ${f.matched} right (value+kind); precision ${f.precision.toFixed(3)}, recall ${f.recall.toFixed(3)}, wrong values ${f.wrongValues}`;
}

/** One line per source: the figures that show where the rules carry over and where they do not. */
export function perSource(scores: readonly SentenceScore[]): string[] {
  const bySource = new Map<string, SentenceScore[]>();
  for (const s of scores) bySource.set(s.sentence.source, [...(bySource.get(s.sentence.source) ?? []), s]);
  return [...bySource.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([source, list]) => formatFigures(`  ${source}`, figuresOf(list)));
}

/** What went wrong in one sentence, readably. */
export function failureLines(scores: readonly SentenceScore[]): string[] {
  return scores
    .filter((s) => s.missed.length > 0 || s.extra.length > 0)
    .map(
      (s) =>
        `${s.sentence.id} [${s.sentence.column}] ${s.sentence.text.slice(0, 90)}…\n` +
        (s.missed.length > 0 ? `    missed: ${s.missed.join('; ')}\n` : '') +
        (s.extra.length > 0 ? `    extra:  ${s.extra.join('; ')}\n` : '') +
        (s.wrongValues.length > 0 ? `    WRONG VALUE: ${s.wrongValues.join('; ')}\n` : ''),
    );
}
