// Kind by meaning: whether the words around a number state it as reached ("risultano", "sono stati", "al 30 giugno") or as to reach ("sarà", "entro il", "prevede").
import type { ColumnKind, QuantityKind } from './types.ts';

/** What the words say, and whether they say it firmly enough to overrule the column's title. */
interface Cue {
  kind: 'target' | 'result';
  strong: boolean;
}

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\d+(?:[.,]\d+)*/gu;

/** Reporting verbs and forms: the number is what is, or was, the case. */
const RESULT_WORDS = new Set([
  'risulta',
  'risultano',
  'risultava',
  'risultavano',
  'ammonta',
  'ammontano',
  'ammontava',
  'ammontavano',
  'attesta',
  'attestano',
  'attestava',
  'rappresenta',
  'rappresentano',
  'conta',
  'contano',
  'registra',
  'registrano',
  'supera',
  'superano',
  'raggiunge',
  'raggiungono',
  'coinvolge',
  'coinvolgono',
  'pari',
  'era',
  'erano',
  'fu',
  'furono',
  'aveva',
  'avevano',
  'ebbe',
  'ebbero',
  'già',
  'finora',
  'attualmente',
]);
const NOUN_MAKERS = new Set(['il', 'lo', 'l', 'del', 'dello', 'dal', 'dallo', 'al', 'allo', 'nel', 'nello', 'sul', 'sullo']);
const PARI_FOLLOWERS = new Set(['a', 'al', 'alla', 'ai', 'agli', 'alle', 'all', 'ad']);
/** Reporting forms that overrule a target column: a monitoring sentence pasted into a plan stays a result. */
const STRONG_RESULT_WORDS = new Set(['risulta', 'risultano', 'risultava', 'risultavano', 'finora', 'attualmente']);
const HAVE = new Set(['ha', 'hanno', 'abbiamo']);
const ESSERE = new Set(['è', 'sono', 'era', 'erano', 'sia', 'siano', 'siamo']);
const COPULA = new Set(['è', 'sono', 'era', 'erano', 'risulta', 'risultano']);
const FUTURE_COPULA = new Set(['sarà', 'saranno']);
/** "si è passati a 715 comuni", "sono decaduti", "è cresciuto": changes that have happened. */
const CHANGE_PARTICIPLE = /^(?:passat|cresciut|aumentat|salit|scesi|sces|diminuit|calat|raddoppiat|triplicat|arrivat|giunt|decadut|stat)[oaie]?$/;
/** Past participles: "realizzati", "coinvolto", "messa", "scritte", "aperto". */
export const PARTICIPLE = /^\p{L}{2,}(?:at|ut|it|ss|st|tt|rt|nt|lt)[oaie]$/u;

/** Plans, aims, forecasts and deadlines: the number is still to be reached. */
const TARGET_WORDS = new Set([
  'prevede',
  'prevedono',
  'prevedendo',
  'previsto',
  'prevista',
  'previsti',
  'previste',
  'intende',
  'intendono',
  'mira',
  'mirano',
  'mirato',
  'mirata',
  'mirati',
  'mirate',
  'punta',
  'puntano',
  'impegna',
  'impegnano',
  'stima',
  'stimano',
  'stimato',
  'stimata',
  'stimati',
  'stimate',
  'entro',
  'deve',
  'devono',
  'dovrà',
  'dovranno',
  'potrà',
  'potranno',
  'sarà',
  'saranno',
  'verrà',
  'verranno',
]);
const STRONG_TARGET_WORDS = new Set([
  'prevede',
  'prevedono',
  'previsto',
  'prevista',
  'previsti',
  'previste',
  'entro',
  'stima',
  'stimano',
  'dovrà',
  'dovranno',
  'sarà',
  'saranno',
  'verrà',
  'verranno',
]);
const FUTURE = /^\p{L}{2,}(?:erà|irà|arà|rrà|eranno|iranno|aranno|rranno)$/u;
const CONDITIONAL = /^\p{L}{2,}(?:rebbe|rebbero)$/u;
const INFINITIVE = /^\p{L}{3,}(?:are|ere|ire)$/u;
/** Words ending like infinitives that are nouns or adjectives. */
const NOT_INFINITIVES = new Set([
  'particolare',
  'regolare',
  'popolare',
  'similare',
  'singolare',
  'modulare',
  'carattere',
  'mestiere',
  'cantiere',
  'quartiere',
  'piacere',
  'potere',
  'dovere',
  'parere',
  'maniere',
  'frontiere',
  'carriere',
  'ingegnere',
  'consigliere',
  'bandiere',
  'straniere',
  'forestiere',
  'infermiere',
  'cameriere',
  'messaggere',
  'genere',
  'mare',
  'altre',
  'ire',
  'ore',
]);
/** Nouns that state an aim when they come right before a number: "l'obiettivo di 3 milioni". */
const AIM_NOUNS = new Set(['obiettivo', 'obiettivi', 'target', 'traguardo', 'traguardi']);
const AIM_NOUN_REACH = 4;
/** The only words that may stand between an aim noun and its number: "l'obiettivo di 3 milioni", "target del 75%". */
const AIM_BRIDGE = new Set(['di', 'del', 'della', 'dei', 'degli', 'delle', 'pari', 'a', 'al', 'è', 'fissato', 'fissata', 'almeno', 'oltre', 'circa', 'il', 'i', 'gli', 'le', 'l', 'complessivo', 'nazionale']);
/** Speech and reminding ("vorrei ricordare due progetti", "sottolinea"): they say nothing about the number's kind. */
const SPEECH = new Set([
  'vorrei',
  'vorremmo',
  'ricordare',
  'ricordo',
  'ricorda',
  'sottolineare',
  'sottolinea',
  'segnalare',
  'segnala',
  'evidenziare',
  'evidenzia',
  'spiega',
  'commenta',
  'dichiara',
  'afferma',
  'aggiunge',
]);
/** Words that may stand between a copula and its number: "sono complessivamente 86.124", "è pari al 78%". */
const BETWEEN_COPULA_AND_NUMBER = new Set([
  'complessivamente',
  'circa',
  'oltre',
  'almeno',
  'quasi',
  'pari',
  'a',
  'al',
  'ai',
  'per',
  'il',
  'i',
  'gli',
  'le',
  'l',
  'in',
  'totale',
  'rispettivamente',
  'ben',
  'solo',
  'soltanto',
  'più',
  'di',
]);

const WINDOW_BEFORE_CHARS = 400;
const WINDOW_AFTER_CHARS = 160;

function wordsIn(text: string, from: number, to: number): Word[] {
  const words: Word[] = [];
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m !== null && m.index < to; m = WORD.exec(text)) {
    if (m.index + m[0].length > to) break;
    // "l'obiettivo", "dell’Inps": the word after the elided article or preposition.
    const lower = m[0].toLowerCase();
    words.push({ text: m[0], lower: /['’]/.test(lower) ? lower.replace(/^[\p{L}\p{M}]+['’]/u, '') : lower, start: m.index, end: m.index + m[0].length });
  }
  return words;
}

/** Where sentences start in a text: after ". " before a capital, or after a blank line. Cached for the cell being read. */
let boundaryText = '';
let boundaryStarts: number[] = [0];
function sentenceStarts(text: string): number[] {
  if (text !== boundaryText) {
    boundaryText = text;
    boundaryStarts = [0];
    for (const m of text.matchAll(/[.!?]["”»]?\s+(?=[\p{Lu}"“«\d])|\n\s*\n/gu)) boundaryStarts.push(m.index + m[0].length);
  }
  return boundaryStarts;
}

/** The start of the sentence holding `at`. */
export function sentenceStart(text: string, at: number): number {
  const starts = sentenceStarts(text);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return starts[lo] as number;
}

/** Where the sentence holding `at` ends: before the spaces and the full stop that precede the next sentence. */
export function sentenceEnd(text: string, at: number): number {
  const starts = sentenceStarts(text);
  for (const s of starts) {
    if (s <= at) continue;
    let stop = s;
    while (stop > at && /\s/.test(text[stop - 1] as string)) stop--;
    while (stop > at && /[.!?"”»]/.test(text[stop - 1] as string)) stop--;
    return stop;
  }
  return text.length;
}

/** A clause inside a sentence: bounded by ";", ":" and line breaks (bullets, list items). */
function clauseBounds(text: string, start: number, end: number): { from: number; to: number; sentenceFrom: number } {
  const sentenceFrom = sentenceStart(text, start);
  let from = sentenceFrom;
  for (let i = start - 1; i >= sentenceFrom; i--) {
    const c = text[i];
    if (c === ';' || c === '\n' || (c === ':' && !/\d/.test(text[i + 1] ?? ''))) {
      from = i + 1;
      break;
    }
  }
  let to = sentenceEnd(text, end);
  for (let i = end; i < to; i++) {
    const c = text[i];
    if (c === ';' || c === '\n') {
      to = i;
      break;
    }
  }
  return { from, to, sentenceFrom };
}

function isInfinitive(w: Word): boolean {
  return INFINITIVE.test(w.lower) && !NOT_INFINITIVES.has(w.lower);
}

/**
 * The cue a word gives, looking at its neighbours; 'stop' for a verb that says nothing about the
 * number's kind ("si aggiungono", "è composta", "vorrei") and so ends the search.
 */
function cueOf(words: readonly Word[], k: number): Cue | 'stop' | undefined {
  const w = words[k] as Word;
  const next = words[k + 1];
  const previous = words[k - 1];
  const lower = w.lower;
  if (STRONG_RESULT_WORDS.has(lower)) return { kind: 'result', strong: true };
  if (lower === 'oggi' && (previous?.lower === 'ad' || previous?.lower === 'a')) return { kind: 'result', strong: true };
  // "sono stati coinvolti", "è passato", "si è passati", "sono decaduti".
  if (CHANGE_PARTICIPLE.test(lower) && previous !== undefined && ESSERE.has(previous.lower)) return { kind: 'result', strong: true };
  if (HAVE.has(lower)) {
    if (next !== undefined && (PARTICIPLE.test(next.lower) || next.lower === 'già')) return { kind: 'result', strong: true };
    if (next !== undefined && AIM_NOUNS.has(words[k + 2]?.lower ?? '')) return { kind: 'target', strong: false };
    return { kind: 'result', strong: false };
  }
  // "aver coinvolto", "essere stati": a past infinitive; "dovranno essere coinvolte" is still to come.
  if ((lower === 'aver' || lower === 'avere' || lower === 'essere' || lower === 'esser') && next !== undefined && PARTICIPLE.test(next.lower)) {
    const governing = previous === undefined ? undefined : cueOf(words, k - 1);
    if (governing !== undefined && governing !== 'stop' && governing.kind === 'target') return governing;
    return { kind: 'result', strong: true };
  }
  if (SPEECH.has(lower)) return 'stop';
  // "il 20% in più del previsto": a participle after an article is a noun, not a verb.
  if (PARTICIPLE.test(lower) && NOUN_MAKERS.has(previous?.lower ?? '')) return undefined;
  if (TARGET_WORDS.has(lower)) return { kind: 'target', strong: STRONG_TARGET_WORDS.has(lower) };
  if (FUTURE.test(lower)) return { kind: 'target', strong: true };
  if (CONDITIONAL.test(lower)) return { kind: 'target', strong: true };
  // "pari a 122 miliardi", but not "le pari opportunità".
  if (lower === 'pari') return PARI_FOLLOWERS.has(next?.lower ?? '') ? { kind: 'result', strong: false } : undefined;
  if (RESULT_WORDS.has(lower)) return { kind: 'result', strong: false };
  if (lower === 'si' && next !== undefined) {
    // "si stima", "si attesta", "si è passati" are cues; any other "si …" is a verb that decides nothing.
    const after = cueOf(words, k + 1);
    return after === undefined ? 'stop' : after;
  }
  if (ESSERE.has(lower) && next !== undefined && PARTICIPLE.test(next.lower)) {
    // "è finanziato", "sono indirizzate": a state, not a result; "è previsto" is a plan.
    const after = cueOf(words, k + 1);
    return after === undefined ? 'stop' : after;
  }
  if (isInfinitive(w)) return { kind: 'target', strong: false };
  return undefined;
}

/** The nearest cue before the number, scanning back from `words[from]`; 'stop' at a verb that decides nothing. */
function scanBack(words: readonly Word[], from: number, numberWordIndex: number): Cue | 'stop' | undefined {
  for (let k = from; k >= 0; k--) {
    const w = words[k] as Word;
    if (AIM_NOUNS.has(w.lower) && numberWordIndex - k <= AIM_NOUN_REACH && words.slice(k + 1, numberWordIndex).every((b) => AIM_BRIDGE.has(b.lower))) {
      return { kind: 'target', strong: true };
    }
    const cue = cueOf(words, k);
    if (cue !== undefined) return cue;
  }
  return undefined;
}

/** A copula right before the number ("sono 6.541", "è pari al 78%", "saranno 3.000"): the number is what the subject is. */
function copulaBefore(words: readonly Word[]): Cue | undefined {
  for (let k = words.length - 1; k >= 0 && k >= words.length - 4; k--) {
    const lower = (words[k] as Word).lower;
    if (COPULA.has(lower)) return { kind: 'result', strong: lower.startsWith('risult') };
    if (FUTURE_COPULA.has(lower)) return { kind: 'target', strong: true };
    if (!BETWEEN_COPULA_AND_NUMBER.has(lower)) return undefined;
  }
  return undefined;
}

/** "4.000 già previste", "274 milioni di euro già programmati", "24 milioni … per formare": words right after the quantity. */
function cueRightAfter(words: readonly Word[]): Cue | undefined {
  const [first, second] = words;
  if (!first) return undefined;
  if (first.lower === 'già' && second !== undefined) {
    if (second.lower.startsWith('previst')) return { kind: 'target', strong: true };
    if (PARTICIPLE.test(second.lower)) return { kind: 'result', strong: true };
  }
  if (first.lower.startsWith('previst')) return { kind: 'target', strong: true };
  if ((first.lower === 'per' || first.lower === 'da') && second !== undefined && isInfinitive(second)) return { kind: 'target', strong: false };
  return undefined;
}

/** The first verb after a number that opens its clause ("25.579 sono maschi", "Altri 3.000 operatori saranno selezionati"). */
function scanForward(words: readonly Word[], text: string, end: number, relative: boolean): Cue | 'stop' | undefined {
  for (let k = 0; k < words.length && k < 8; k++) {
    const w = words[k] as Word;
    const gap = text.slice(k === 0 ? end : (words[k - 1] as Word).end, w.start);
    // A comma ends the subject, unless a relative clause about the number follows (", che avvantaggeranno").
    if (gap.includes(',') && !(relative && w.lower === 'che')) return undefined;
    if (COPULA.has(w.lower)) {
      const next = words[k + 1];
      if (next !== undefined && (next.lower.startsWith('stat') || CHANGE_PARTICIPLE.test(next.lower))) return { kind: 'result', strong: true };
      if (next !== undefined && PARTICIPLE.test(next.lower)) return 'stop';
      return { kind: 'result', strong: false };
    }
    const cue = cueOf(words, k);
    if (cue !== undefined) return cue;
  }
  return undefined;
}

/** Verbs by their form (future, conditional, modal, infinitive): a noun phrase ends before them. */
export function looksLikeVerb(word: string): boolean {
  const lower = word.toLowerCase();
  return FUTURE.test(lower) || CONDITIONAL.test(lower) || TARGET_WORDS.has(lower) || (INFINITIVE.test(lower) && !NOT_INFINITIVES.has(lower));
}

/** Words that may open a clause before its subject number: "Altri 3.000", "il 90%", "quasi il 60%". */
const SUBJECT_LEAD = new Set(['altri', 'altre', 'ulteriori', 'il', 'i', 'gli', 'le', 'l', 'lo', 'la', 'oltre', 'circa', 'almeno', 'quasi', 'solo', 'soltanto', 'ben', 'e', 'ed', 'mentre']);

/**
 * What the words around a quantity at [start, end) of `text` say about its kind, or undefined when
 * they say nothing. The clause is searched first (a copula right before the number, the words right
 * after it, the nearest cue before it, the verb after a number that opens the clause), then the
 * clauses before it in the same sentence (a list after "prevede in particolare:"), then a date the
 * sentence opens with ("Al 7 gennaio 2020, …").
 */
function cueFor(text: string, start: number, end: number): Cue | undefined {
  const bounds = clauseBounds(text, start, end);
  // Only the words near the number matter; a long clause is read in a window around it.
  const from = Math.max(bounds.from, start - WINDOW_BEFORE_CHARS);
  const to = Math.min(bounds.to, end + WINDOW_AFTER_CHARS);
  const sentenceFrom = bounds.sentenceFrom;
  const before = wordsIn(text, from, start);
  const after = wordsIn(text, end, to);
  const copula = copulaBefore(before);
  if (copula) return copula;
  const right = cueRightAfter(after);
  if (right) return right;
  const segmentStart = Math.max(from, text.lastIndexOf(',', start - 1) + 1);
  const opensClause = wordsIn(text, segmentStart, start).every((w) => SUBJECT_LEAD.has(w.lower));
  if (opensClause) {
    const forward = scanForward(after, text, end, true);
    if (forward === 'stop') return undefined;
    if (forward) return forward;
  }
  const back = scanBack(before, before.length - 1, before.length);
  if (back === 'stop') return undefined;
  if (back) return back;
  // "Stanziati 21 milioni", "• Attivati 45 sportelli": a report's participle that opens the line, its auxiliary left out.
  const opener = before[0];
  if (opener !== undefined && before.length <= 3 && PARTICIPLE.test(opener.lower) && /^\p{Lu}/u.test(opener.text)) return { kind: 'result', strong: false };
  // Nothing before it: the verb the quantity governs ("Di questi fondi 133 milioni sono già stati programmati").
  if (!opensClause) {
    const forward = scanForward(after, text, end, false);
    if (forward === 'stop') return undefined;
    if (forward) return forward;
  }
  // The clauses before, in the same sentence: a list item inherits the verb that opened the list.
  if (from > sentenceFrom) {
    const earlier = wordsIn(text, Math.max(sentenceFrom, from - WINDOW_BEFORE_CHARS), from);
    const inherited = scanBack(earlier, earlier.length - 1, earlier.length + AIM_NOUN_REACH);
    if (inherited && inherited !== 'stop') return { kind: inherited.kind, strong: false };
  }
  if (/^\s*(?:al|alla data del|ad oggi|a oggi)\s+\d/i.test(text.slice(sentenceFrom, sentenceFrom + 30))) return { kind: 'result', strong: true };
  return undefined;
}

/**
 * Target, result or uncertain. A target or result column decides, unless the words firmly say the
 * other ("risultano 53.130 richieste" pasted under "Obiettivi"; "entro il 2025 coinvolgerà" under
 * "Risultati"). In prose the words decide; when they do not, the kind is 'uncertain' ("da
 * verificare"), never a guess.
 */
export function kindOf(columnKind: ColumnKind, text: string, start: number, end: number): QuantityKind {
  const cue = cueFor(text, start, end);
  if (columnKind === 'target') return cue?.kind === 'result' && cue.strong ? 'result' : 'target';
  if (columnKind === 'result') return cue?.kind === 'target' && cue.strong ? 'target' : 'result';
  return cue?.kind ?? 'uncertain';
}
