// Extraction: the quantities a cell's Italian text states ("almeno 50 operatori della rete"), without years, dates or law numbers.
import { areasInOrder, cellText, columnsOfArea, rowsOfArea } from '../model/plan.ts';
import type { Column, PlanDocument } from '../model/types.ts';
import { STOP_WORDS } from './lemma.ts';
import { APPROXIMATE_WORDS, NUMBER_WORDS, parseItalianNumber } from './numbers.ts';
import type { ColumnKind, PlacedQuantity, Qualifier, Quantity, QuantityKind } from './types.ts';

/** A number in digits (Italian thousands dot, decimal comma, optional %) or a counting word. */
const CANDIDATE = new RegExp(
  `(\\d+(?:\\.\\d{3})*(?:,\\d+)?)(\\s?%)?|\\b(${[...NUMBER_WORDS.keys()].join('|')})\\b|\\b(?:un|una)\\s+(${[...APPROXIMATE_WORDS.keys()].join('|')})\\s+di\\b`,
  'giu',
);
/** "12 mila", "2,5 milioni di euro": a multiplier after the number (and the "di" before the unit). */
const MULTIPLIER_AFTER = /^\s+(mila|milion[ei]|miliard[oi])\b(?:\s+di\b)?/i;
const MULTIPLIERS: Readonly<Record<string, number>> = { mila: 1e3, milione: 1e6, milioni: 1e6, miliardo: 1e9, miliardi: 1e9 };
const LOOK_BEHIND_CHARS = 60;
const LOOK_AHEAD_CHARS = 120;
const MONTHS = 'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre';
const FOLLOWED_BY_MONTH = new RegExp(`^\\s*(?:${MONTHS})\\b`, 'i');
/** "Art. 11", "L. 68/99", "D.Lgs. 276/2003", "comma 3", "n. 5": numbers that name a law, not a count. */
const AFTER_LAW_WORD = /(?:\b(?:artt?|articol[oi]|l|legge|d\.?\s?lgs|decreto|dpr|dl|comma|lettera|n|num)\.?\s*)$/i;
/** The second and later numbers of a list of articles: "art. 23 e 27", "artt. 12, 12 bis … e 14". */
const IN_ARTICLE_LIST =
  /\b(?:artt?|articol[oi])\.?\s*\d+(?:\s*(?:bis|ter))?(?:\s*(?:,|e|ed)\s*(?:dell['’]\s*|del\s+)?(?:artt?\.?\s*)?\d+(?:\s*(?:bis|ter))?)*\s*(?:,|e|ed)\s*(?:dell['’]\s*|del\s+)?(?:artt?\.?\s*)?$/i;
const FOLLOWED_BY_LAW = /^\s*(?:ex\s+)?(?:d\.?\s?lgs|l\.|legge|dpr)/i;
/** "2009-2011", "276/2003", "28-29 aprile", "17 - 18": ranges, dates and law numbers. */
const FOLLOWED_BY_RANGE = /^\s?[-–/]\s?\d/;
const PRECEDED_BY_RANGE = /\d\s?[-–/]\s?$/;
/** A baseline ("dagli attuali 4") or an age ("over 40") is not a target. */
const PRECEDED_BY_NON_COUNT = /\b(?:attual[ei]|over|under|ore)\s*$/i;
/** "1 per ogni Provincia": a rate, not a total. */
const FOLLOWED_BY_DISTRIBUTIVE = /^\s*(?:per\s+ogni|per\s+ciascun[oa]?|a\s+testa)\b/i;
/** The qualifier, possibly followed by an article: "almeno il 60%", "oltre i 500". */
const QUALIFIER_BEFORE =
  /\b(non\s+meno\s+di|non\s+pi[uù]\s+di|pi[uù]\s+di|meno\s+di|fino\s+a[dil]?|fino\s+agli|sino\s+a[dil]?|almeno|oltre|circa|quasi)(?:\s+(?:il|lo|la|i|gli|le|l['’]))?\s*$/i;
/** Durations and ages are quantities of time, not things the plan produces or reaches. */
const TIME_UNITS = new Set(['mesi', 'mese', 'anni', 'anno', 'giorni', 'giorno', 'settimane', 'settimana', 'ore', 'annualità', 'volte']);
/** Skipped before the head noun: articles and the adjectives that come before it ("1 nuovo sistema"). */
const ARTICLES = new Set(['i', 'gli', 'le', 'il', 'lo', 'la', 'l', 'ulteriore', 'ulteriori', 'nuovo', 'nuova', 'nuovi', 'nuove']);
const DI_FORMS = new Set(['di', 'del', 'dello', 'della', 'dei', 'degli', 'delle', 'dell', 'd']);
/** Words that open a new clause after a noun phrase: the unit stops before them. */
const CLAUSE_OPENERS =
  /^(?:relativ[oiae]|finalizzat[oiae]|volt[oiae]|attraverso|mediante|tramite|presso|rispetto|resi|reso|res[ae]|inerenti|riguardanti|destinat[oiae]|sulla|sulle|sui|nell|nella|nelle|nei|negli|nel|all|alla|alle|ai|agli|al|sull|dall|dalla|dai|dagli|per|con|in|a|ad|su|da|tra|fra|e|ed|o|che|cui|entro|oltre|circa|almeno)$/i;
const WORD = /^[\p{L}][\p{L}\p{N}'’\-/]*/u;
const MAX_UNIT_WORDS = 5;

/** What a column states, from its title and position: the first column names the ambito. */
export function classifyColumn(title: string, position: number): ColumnKind {
  if (position === 0) return 'label';
  const t = title.toLowerCase();
  if (/previst|obiettiv|target|attes[io]|programmat/.test(t)) return 'target';
  if (/risultat|realizzat|consuntiv|raggiunt/.test(t)) return 'result';
  return 'prose';
}

/** Every quantity a cell's text states, in text order. A label column states none. */
export function extractQuantities(text: string, columnKind: ColumnKind): Quantity[] {
  if (columnKind === 'label' || text === '') return [];
  const found: Quantity[] = [];
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const quantity = readCandidate(text, match, columnKind);
    if (quantity) found.push(quantity);
  }
  return found;
}

function readCandidate(text: string, match: RegExpExecArray, columnKind: ColumnKind): Quantity | undefined {
  const start = match.index;
  const end = start + match[0].length;
  const digits = match[1];
  const percent = match[2] !== undefined;
  const word = match[3];
  const approximate = match[4];
  const before = text.slice(Math.max(0, start - LOOK_BEHIND_CHARS), start);
  const after = text.slice(end, end + LOOK_AHEAD_CHARS);
  let value: number;
  if (digits !== undefined) {
    if (/[\p{L}\p{N}]$/u.test(before) || /^[\p{L}°ªº]/u.test(after)) return undefined; // ICF4, 1°, 2a
    if (/[\p{L}]\.$/u.test(before) && !/\s\p{L}\.$/u.test(before)) return undefined; // S.p.A.1, ex.art.13
    if (FOLLOWED_BY_RANGE.test(after) || PRECEDED_BY_RANGE.test(before)) return undefined;
    if (FOLLOWED_BY_MONTH.test(after) || FOLLOWED_BY_LAW.test(after)) return undefined;
    if (AFTER_LAW_WORD.test(before) || IN_ARTICLE_LIST.test(before)) return undefined;
    value = parseItalianNumber(digits);
    if (!Number.isFinite(value)) return undefined;
    if (/^\d{4}$/.test(digits) && value >= 1900 && value <= 2099) return undefined; // a year
  } else if (word !== undefined) {
    value = NUMBER_WORDS.get(word.toLowerCase()) ?? Number.NaN;
    if (!Number.isFinite(value)) return undefined;
  } else {
    value = APPROXIMATE_WORDS.get((approximate as string).toLowerCase()) ?? Number.NaN;
    if (!Number.isFinite(value)) return undefined;
  }
  const multiplier = percent ? null : MULTIPLIER_AFTER.exec(after);
  if (multiplier) value *= MULTIPLIERS[(multiplier[1] as string).toLowerCase()] ?? 1;
  const skipped = multiplier ? multiplier[0].length : 0;
  if (PRECEDED_BY_NON_COUNT.test(before) || FOLLOWED_BY_DISTRIBUTIVE.test(after)) return undefined;

  let unit: { text: string; end: number } | undefined;
  if (percent) unit = { text: '%', end };
  else {
    const following = readUnitAfter(after.slice(skipped));
    if (following) unit = { text: following.text, end: end + skipped + following.end };
    else if (digits !== undefined) {
      const enclosing = unitBeforeParenthesis(text, start);
      if (enclosing !== undefined) unit = { text: enclosing, end };
    }
  }
  if (!unit) return undefined;
  if (TIME_UNITS.has(unit.text.split(/\s/)[0]?.toLowerCase() ?? '')) return undefined;

  const qualifierMatch = QUALIFIER_BEFORE.exec(before);
  const qualifier = qualifierMatch ? normalizeQualifier(qualifierMatch[1] as string) : '';
  const spanStart = qualifierMatch ? start - (before.length - qualifierMatch.index) : start;
  const kind = kindOf(columnKind, text, start);
  return { value, qualifier, unit: unit.text, kind, start: spanStart, end: unit.end, quote: text.slice(spanStart, unit.end) };
}

function normalizeQualifier(raw: string): Qualifier {
  const q = raw.toLowerCase().replace(/\s+/g, ' ').replace('piu', 'più');
  if (q.startsWith('fino') || q.startsWith('sino')) return 'fino a';
  return q as Qualifier;
}

/**
 * The counted thing after a number: a head noun, adjectives, at most one "di …" complement, stopping
 * at punctuation, a preposition or a word that opens a new clause. Leading articles are skipped
 * ("183 gli stakeholders"). Returns the phrase and where it ends in `after`.
 */
function readUnitAfter(after: string): { text: string; end: number } | undefined {
  let pos = 0;
  const words: { text: string; start: number; end: number }[] = [];
  // Collect the words up to the first punctuation; an opening quote is allowed only before the head.
  while (words.length < MAX_UNIT_WORDS + 3) {
    const space = /^[ \t\u00a0]*/.exec(after.slice(pos)) as RegExpExecArray;
    pos += space[0].length;
    if (words.length === 0) {
      const quote = /^["“«]/.exec(after.slice(pos));
      if (quote) pos += quote[0].length;
    }
    const m = WORD.exec(after.slice(pos));
    if (!m) break;
    words.push({ text: m[0], start: pos, end: pos + m[0].length });
    pos += m[0].length;
  }
  let i = 0;
  while (i < words.length && ARTICLES.has(bare(words[i]?.text ?? ''))) i++;
  const head = words[i];
  if (!head || isStop(head.text) || NUMBER_WORDS.has(head.text.toLowerCase()) || elidedPrefix(head.text) !== '') return undefined;
  let last = head;
  let taken = 1;
  let complement = false;
  for (let j = i + 1; j < words.length && taken < MAX_UNIT_WORDS; j++) {
    const w = words[j] as { text: string; start: number; end: number };
    const lower = w.text.toLowerCase();
    const prefix = elidedPrefix(w.text);
    if (prefix !== '') {
      // "d'Intervento", "dell'obiettivo": a complement in one word; "nell'attività" ends the phrase.
      if (complement || !DI_FORMS.has(prefix)) break;
      complement = true;
      last = w;
      taken++;
      continue;
    }
    if (DI_FORMS.has(lower)) {
      const next = words[j + 1];
      if (complement || !next || isStop(next.text) || CLAUSE_OPENERS.test(next.text)) break;
      complement = true;
      last = next;
      taken += 2;
      j++;
      continue;
    }
    if (isStop(w.text) || CLAUSE_OPENERS.test(w.text)) break;
    // A participle right after the head describes it ("operatori dedicati"); later it starts a clause.
    if (j > i + 1 && /(?:at|it|ut)[oiae]$/i.test(w.text) && w.text.length > 5) break;
    last = w;
    taken++;
  }
  const text = after.slice(head.start, last.end).replace(/["”»]+$/u, '');
  return { text, end: last.end };
}

/** "tra operatori dei servizi pubblici (almeno 150)": the phrase before the parenthesis holding the number. */
function unitBeforeParenthesis(text: string, numberStart: number): string | undefined {
  const open = text.lastIndexOf('(', numberStart);
  if (open === -1 || text.lastIndexOf(')', numberStart) > open) return undefined;
  const words = text.slice(Math.max(0, open - 120), open).trim().split(/\s+/);
  const phrase: string[] = [];
  for (let k = words.length - 1; k >= 0 && phrase.length < 6; k--) {
    const w = words[k] as string;
    if (/[.;:,]$/.test(w)) break;
    const lower = bare(w);
    if ((isStop(w) && !DI_FORMS.has(lower) && lower !== 'e') || elidedPrefix(w) !== '') break;
    phrase.unshift(w);
  }
  while (phrase.length > 0 && (DI_FORMS.has(bare(phrase[0] as string)) || phrase[0] === 'e')) phrase.shift();
  return phrase.length > 0 ? phrase.join(' ') : undefined;
}

function bare(word: string): string {
  return word.toLowerCase().replace(/['’]$/, '');
}

/** "dell'" of "dell'obiettivo", "" for a word without an elided article or preposition. */
function elidedPrefix(word: string): string {
  const m = /^([\p{L}]+)['’]\p{L}/u.exec(word);
  return m ? (m[1] as string).toLowerCase() : '';
}

function isStop(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

const FUTURE_OR_INTENT = /^(?:sar[àa]|saranno|verr[àa]|verranno|prevede|prevedono|previst[oaie]|intende|intendono|mira|dovr[àa]|\p{L}+(?:erà|irà|arà|rà|ranno))$/iu;
const INFINITIVE = /^\p{L}{3,}(?:are|ere|ire)$/iu;
const PAST = /^(?:ha|hanno|avevano|aveva|furono)$/i;
/** "stato" is also a noun ("lo stato di applicazione"): past only after "è", "sono", "era"… */
const PAST_PARTICIPLE_OF_ESSERE = /^stat[oaie]$/i;
const ESSERE = /^(?:è|e|sono|era|erano|sia|siano)$/i;

/**
 * Target or result: the column decides; in prose the nearest verb before the number in its clause
 * ("realizzerà", "prevede di fornire" → target; "ha realizzato", "sono stati coinvolti" → result).
 * With no verb, prose in a plan states what it intends: target.
 */
function kindOf(columnKind: ColumnKind, text: string, at: number): QuantityKind {
  if (columnKind === 'target') return 'target';
  if (columnKind === 'result') return 'result';
  const clauseStart = Math.max(text.lastIndexOf('\n', at), text.lastIndexOf(';', at), text.lastIndexOf(': ', at), lastSentenceEnd(text, at));
  const words = text.slice(clauseStart + 1, at).split(/[^\p{L}]+/u);
  for (let k = words.length - 1; k >= 0; k--) {
    const w = words[k] as string;
    if (w === '') continue;
    if (FUTURE_OR_INTENT.test(w) || INFINITIVE.test(w)) return 'target';
    if (PAST.test(w)) return 'result';
    if (PAST_PARTICIPLE_OF_ESSERE.test(w) && ESSERE.test(words[k - 1] ?? '')) return 'result';
  }
  return 'target';
}

function lastSentenceEnd(text: string, at: number): number {
  const re = /[.!?]\s+(?=\p{Lu})/gu;
  let last = -1;
  for (let m = re.exec(text); m !== null && m.index < at; m = re.exec(text)) last = m.index;
  return last;
}

/** The sentence or bullet around a position: what pairing compares besides the unit. */
export function contextAround(text: string, start: number, end: number): string {
  let from = start;
  while (from > 0 && !/[\n;]/.test(text[from - 1] as string) && !(text[from - 1] === ' ' && text[from - 2] === '.')) from--;
  let to = end;
  while (to < text.length && !/[\n;]/.test(text[to] as string) && !(text[to] === '.' && /\s/.test(text[to + 1] ?? ' '))) to++;
  return text.slice(from, to);
}

/** The kind of each column of an area, by id. */
export function columnKinds(columns: readonly Column[]): Map<string, ColumnKind> {
  return new Map(columns.map((column, position) => [column.id, classifyColumn(column.title, position)]));
}

/** Every quantity of a plan (or of one area), area by area, row by row, column by column. */
export function extractPlanQuantities(doc: PlanDocument, areaId?: string): PlacedQuantity[] {
  const placed: PlacedQuantity[] = [];
  const areas = areasInOrder(doc).filter((area) => areaId === undefined || area.id === areaId);
  for (const area of areas) {
    const columns = columnsOfArea(doc, area.id);
    const kinds = columnKinds(columns);
    for (const row of rowsOfArea(doc, area.id)) {
      for (const column of columns) {
        const text = cellText(row, column.id);
        const seen = new Map<string, number>();
        for (const quantity of extractQuantities(text, kinds.get(column.id) ?? 'prose')) {
          const occurrence = seen.get(quantity.quote) ?? 0;
          seen.set(quantity.quote, occurrence + 1);
          placed.push({
            ...quantity,
            areaId: area.id,
            rowId: row.id,
            columnId: column.id,
            context: contextAround(text, quantity.start, quantity.end),
            occurrence,
          });
        }
      }
    }
  }
  return placed;
}
