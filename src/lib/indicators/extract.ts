// Extraction: the quantities a cell's Italian text states ("almeno 50 operatori della rete", "9.8 milioni di persone", "€1.1 Mld"), without years, dates, ages, codes or law numbers.
import { areasInOrder, cellText, columnsOfArea, rowsOfArea } from '../model/plan.ts';
import type { Column, PlanDocument } from '../model/types.ts';
import { kindOf, looksLikeVerb, PARTICIPLE, sentenceStart } from './kind.ts';
import { STOP_WORDS } from './lemma.ts';
import {
  APPROXIMATE_WORDS,
  FRACTION_WORDS,
  isEuroMillions,
  multiplierOf,
  parseNumberWord,
  parseWrittenNumber,
} from './numbers.ts';
import type { ColumnKind, PlacedQuantity, Qualifier, Quantity } from './types.ts';

/** A number read from the text, with what is written right after it (multiplier, %, euro), before its unit is looked for. */
interface NumberRead {
  start: number;
  end: number;
  value: number;
  upper?: number;
  percent: boolean;
  euro: boolean;
  multiplied: boolean;
  form: 'digits' | 'word' | 'approximate' | 'fraction';
}

const SPACE_GROUP = /^[ \u00a0\u202f\u2009]\d{3}(?![\d])(?![.,]\d)/;
const DIGITS = /\d+(?:[.,]\d+)*/g;
/** The endings every Italian number word has ("ventiquattro", "duemila", "trecento"): only such words are parsed. */
const NUMBER_WORD_ENDING =
  /(?:uno|due|tre|quattro|cinque|sei|sette|otto|nove|dici|dieci|venti|enta|anta|cento|mille|mila)(?![\p{L}\p{N}])/giu;
/** "un milione", "più di un miliardo", "mezzo milione": an article only counts before a multiplier. */
const ARTICLE_MULTIPLIED = /(?<![\p{L}\p{N}])(un|una|mezzo)(?=\s+(?:milione|miliardo|milioni|miliardi)(?![\p{L}]))/giu;
const APPROXIMATE = new RegExp(`(?<![\\p{L}])(?:un|una)\\s+(${[...APPROXIMATE_WORDS.keys()].join('|')})\\s+di\\b`, 'giu');
const FRACTION = new RegExp(
  `(?<![\\p{L}])(?:la\\s+(metà)|(${[...FRACTION_WORDS.keys()].filter((k) => k !== 'metà').join('|')}))(?=\\s+(?:di|del|dello|della|dei|degli|delle|dell['’]))`,
  'giu',
);
const SMALL_NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1,
  uno: 1,
  una: 1,
  due: 2,
  tre: 3,
  quattro: 4,
  cinque: 5,
  sei: 6,
  sette: 7,
  otto: 8,
  nove: 9,
  dieci: 10,
  cento: 100,
};
/** "otto su dieci", "un giovane su tre", "1 su 3": a proportion, read as a percentage. */
const ONE_IN = /(?<![\p{L}\p{N}])(\d{1,2}|un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove)\s+(?:[\p{L}]+\s+)?su\s+(\d{1,3}|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|cento)(?![\p{L}\p{N}])/giu;

const MULTIPLIER_AFTER = /^\s+(mila|milion[ei]|miliard[oi]|mln|mld|mrd)\.?(?![\p{L}])/iu;
const ATTACHED_MILA = /^mila(?![\p{L}])/u;
/** "21 milioni e 296mila euro", "18 miliardi e 300 milioni di euro": one amount in two parts. */
const SECOND_PART = /^\s+e\s+(\d{1,3}(?:,\d+)?)\s*(mila|milioni)(?![\p{L}])/iu;
const PERCENT_AFTER = /^\s?(?:%|per\s?cento|percento)/iu;
const EURO_AFTER = /^(?:\s?€|\s+(?:di\s+)?euro\b|\s+EUR\b)/u;
const DI_AFTER_MULTIPLIER = /^\s+(?:di|d['’])(?=\s*\p{L})/u;
const EURO_BEFORE = /€\s?$/u;

const LOOK_BEHIND_CHARS = 60;
const LOOK_AHEAD_CHARS = 120;
const MONTHS = 'gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre';
const FOLLOWED_BY_MONTH = new RegExp(`^\\s*(?:${MONTHS})\\b`, 'i');
/** "Art. 11", "L. 68/99", "D.Lgs. 276/2003", "comma 3", "n. 5": numbers that name a law, not a count. */
const AFTER_LAW_WORD = /(?:\b(?:artt?|articol[oi]|l|legge|d\.?\s?lgs|decreto|dpr|dl|comma|lettera|n|nr|num)\.?\s*)$/i;
/** The second and later numbers of a list of articles: "art. 23 e 27", "artt. 12, 12 bis … e 14". */
const IN_ARTICLE_LIST =
  /\b(?:artt?|articol[oi])\.?\s*\d+(?:\s*(?:bis|ter))?(?:\s*(?:,|e|ed)\s*(?:dell['’]\s*|del\s+)?(?:artt?\.?\s*)?\d+(?:\s*(?:bis|ter))?)*\s*(?:,|e|ed)\s*(?:dell['’]\s*|del\s+)?(?:artt?\.?\s*)?$/i;
const FOLLOWED_BY_LAW = /^\s*(?:ex\s+)?(?:d\.?\s?lgs|l\.|legge|dpr)/i;
/** "2009-2011", "276/2003", "28-29 aprile", "17 - 18", "30-giu": ranges, dates and law numbers. */
const FOLLOWED_BY_RANGE = /^\s?[-–/]\s?\d|^-\p{L}/u;
const PRECEDED_BY_RANGE = /\d\s?[-–/]\s?$/;
/** A baseline ("dagli attuali 4") or an age ("over 40", "ultra 50enni") is not a target. */
const PRECEDED_BY_NON_COUNT = /\b(?:attual[ei]|over|under|ultra|ore)\s*$/i;
/** "1 per ogni Provincia": a rate, not a total. */
const FOLLOWED_BY_DISTRIBUTIVE = /^\s*(?:per\s+ogni|per\s+ciascun[oa]?|a\s+testa)\b/i;
/** "SPC 2", "Fase 2", "Missione 5", "percorso 1", "Tavola 1": a number that is part of a name. */
const AFTER_NAME_WORD =
  /(?:^|[^\p{L}])(?:fase|missione|componente|asse|priorità|misura|azione|linea|percorso|lotto|tavola|tabella|grafico|figura|fig\.|allegato|capitolo|cap\.|paragrafo|par\.|sezione|punto|livello|step|policy|pag\.?|pagina|modulo|edizione|versione|release|agenda|industria|transizione|investimento|riforma|intervento|progetto|programma|decreto|delibera|dgr|report|rapporto|numero|n°)[ \u00a0]$/iu;
/** An acronym right before the number, on the same line: "SPC 2", "PON 3". */
const AFTER_ACRONYM = /(?<![\p{L}\p{N}'’])(\p{Lu}{2,}[\p{Lu}\p{N}]*)[ \u00a0]$/u;
/** "SA. CO. I. 3": initials before the number. */
const AFTER_INITIAL = /(?:^|[\s(“"«])\p{Lu}\.\s$/u;
/** The qualifier, possibly followed by an article and "altri/altre/ulteriori": "almeno il 60%", "almeno altre 35 PA". */
const QUALIFIER_BEFORE =
  /\b(non\s+meno\s+di|non\s+pi[uù]\s+di|pi[uù]\s+di|meno\s+di|fino\s+a[dil]?|fino\s+agli|sino\s+a[dil]?|almeno|oltre|circa|quasi)(?:\s+(?:il|lo|la|i|gli|le)\b|\s+l['’])?(?:\s+(?:altri|altre|ulteriori)\b)?\s*$/i;
/** "tra il 40 e l'80%", "tra 10 e 20 incontri": the words that make two numbers one range. */
const RANGE_OPENER = /\b(?:tra|fra)\s+(?:(?:il|i|gli|le)\s+|l['’])?$/i;
const RANGE_JOIN = /^\s+(?:e|ed)\s+(?:(?:il|i|gli|le)\s+|l['’])?$/i;
/** Durations and ages are quantities of time, not things the plan produces or reaches. */
const TIME_UNITS = new Set(['mesi', 'mese', 'anni', 'anno', 'giorni', 'giorno', 'settimane', 'settimana', 'ore', 'minuti', 'annualità', 'volte', 'età', 'durata']);
/** Skipped before the head noun: articles and the adjectives that come before it ("1 nuovo sistema"). */
const ARTICLES = new Set(['i', 'gli', 'le', 'il', 'lo', 'la', 'l', 'ulteriore', 'ulteriori', 'nuovo', 'nuova', 'nuovi', 'nuove', 'cosiddetti', 'cosiddette', 'cosiddetto', 'cosiddetta']);
const DI_FORMS = new Set(['di', 'del', 'dello', 'della', 'dei', 'degli', 'delle', 'dell', 'd']);
/** Words that open a new clause after a noun phrase: the unit stops before them. */
const CLAUSE_OPENERS =
  /^(?:relativ[oiae]|finalizzat[oiae]|volt[oiae]|attraverso|mediante|tramite|presso|rispetto|resi|reso|res[ae]|inerenti|riguardanti|destinat[oiae]|derivanti|provenienti|corrispondenti|concernenti|afferenti|spettanti|sulla|sulle|sui|nell|nella|nelle|nei|negli|nel|all|alla|alle|ai|agli|al|sull|dall|dalla|dai|dagli|per|con|in|a|ad|su|da|tra|fra|e|ed|o|che|cui|entro|oltre|circa|almeno|così|complessivamente|poi|già|fino|ancora|pari|solo|soltanto|rispettivamente|ovvero|cioè|quasi|ogni|anche|non|mentre|dove|quando|se|sono|è|era|erano|saranno|sarà|risultano|risulta|hanno|ha)$/i;
const COPULA_BEFORE_UNIT = new Set(['sono', 'è', 'erano', 'risultano', 'risulta']);
const WORD = /^[\p{L}][\p{L}\p{N}'’\-/+]*/u;
const MAX_UNIT_WORDS = 5;
/** "9.8 milioni di persone vivono …": a present plural verb ends the noun phrase. */
const PRESENT_PLURAL = /^\p{L}{2,}(?:ono|iscono)$/u;
/** Heads that name a total of something: "il numero di persone … ridotto di 15 milioni" counts persone. */
const TOTAL_HEADS = new Set(['numero', 'totale', 'quota', 'ammontare', 'importo']);
/** Money said around a bare "24 milioni": then the unit is euro. */
const MONEY_CONTEXT =
  /euro|€|\bfond[oi]\b|\brisors[ae]\b|finanzi|stanziament|investiment|\bbudget\b|dotazion|\bspes[ae]\b|\bcost[oi]\b|\bimport[oi]\b|contribut|\bband[oi]\b|\brat[ae]\b/iu;
const COPULA_NEAR = /(?<![\p{L}])(?:sono|è|erano|saranno|sarà|risultano|risulta|ammontano|ammonta)\s+(?:(?:complessivamente|circa|oltre|almeno|quasi|ben|solo|in\s+totale|pari\s+a)\s+)*$/iu;

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
  for (const read of mergeRanges(text, readNumbers(text))) {
    const quantity = toQuantity(text, read, columnKind, found);
    if (!quantity) continue;
    // "3 milioni di beneficiari, di cui 800.000 …": a part has the kind of its whole when its own words do not say.
    const whole = found[found.length - 1];
    if (quantity.kind === 'uncertain' && whole && BREAKDOWN.test(text.slice(whole.end, quantity.start))) quantity.kind = whole.kind;
    found.push(quantity);
  }
  return found;
}

/** The words that open a breakdown of the quantity before: "di cui", "dei quali", "tra questi". */
const BREAKDOWN = /^[\s,;:(]*(?:di\s+cui|dei\s+quali|delle\s+quali|di\s+questi|di\s+queste|tra\s+questi|tra\s+queste|tra\s+cui)\b/iu;

/** Every number written in the text, read whole, in text order, without overlaps (a fraction or a range wins over its parts). */
function readNumbers(text: string): NumberRead[] {
  const reads: NumberRead[] = [];
  const lower = text.toLowerCase();
  const hasFraction = lower.includes('metà') || lower.includes('terz') || lower.includes('quart') || lower.includes('quint');
  for (const m of hasFraction ? text.matchAll(FRACTION) : []) {
    const key = (m[1] ?? m[2] ?? '').toLowerCase().replace(/\s+/g, ' ');
    const value = FRACTION_WORDS.get(key);
    if (value !== undefined) reads.push({ start: m.index, end: m.index + m[0].length, value, percent: true, euro: false, multiplied: false, form: 'fraction' });
  }
  for (const m of lower.includes(' su ') ? text.matchAll(ONE_IN) : []) {
    const n = numberOfSmall(m[1] as string);
    const d = numberOfSmall(m[2] as string);
    if (n !== undefined && d !== undefined && n < d && (d <= 10 || d === 100)) {
      reads.push({ start: m.index, end: m.index + m[0].length, value: (100 * n) / d, percent: true, euro: false, multiplied: false, form: 'fraction' });
    }
  }
  for (const m of lower.includes('un') ? text.matchAll(APPROXIMATE) : []) {
    const value = APPROXIMATE_WORDS.get((m[1] as string).toLowerCase());
    if (value !== undefined) reads.push({ start: m.index, end: m.index + m[0].length, value, percent: false, euro: false, multiplied: false, form: 'approximate' });
  }
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m !== null; m = DIGITS.exec(text)) {
    let token = m[0];
    let end = m.index + token.length;
    // "1 440 509": thousands written with spaces, only after one to three digits.
    if (/^\d{1,3}$/.test(token)) {
      for (let g = SPACE_GROUP.exec(text.slice(end)); g !== null; g = SPACE_GROUP.exec(text.slice(end))) {
        token += g[0];
        end += g[0].length;
      }
    }
    DIGITS.lastIndex = end;
    const value = parseWrittenNumber(token);
    if (!Number.isFinite(value)) continue; // "31.12.2017", "9.1.1": never a part of them
    if (isNotACount(text, m.index, end, token)) continue;
    reads.push(withSuffixes(text, { start: m.index, end, value, percent: false, euro: false, multiplied: false, form: 'digits' }));
  }
  for (const m of text.matchAll(ARTICLE_MULTIPLIED)) {
    const base = (m[1] as string).toLowerCase() === 'mezzo' ? 0.5 : 1;
    reads.push(withSuffixes(text, { start: m.index, end: m.index + m[0].length, value: base, percent: false, euro: false, multiplied: false, form: 'word' }));
  }
  for (const m of text.matchAll(NUMBER_WORD_ENDING)) {
    const end = m.index + m[0].length;
    let start = m.index;
    while (start > 0 && /\p{L}/u.test(text[start - 1] as string)) start--;
    if (start > 0 && /\p{N}/u.test(text[start - 1] as string)) continue;
    const value = parseNumberWord(text.slice(start, end));
    if (value === undefined) continue;
    reads.push(withSuffixes(text, { start, end, value, percent: false, euro: false, multiplied: false, form: 'word' }));
  }
  reads.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: NumberRead[] = [];
  for (const read of reads) {
    const last = kept[kept.length - 1];
    if (last && read.start < last.end) continue;
    kept.push(read);
  }
  return kept;
}

function numberOfSmall(word: string): number | undefined {
  return /^\d+$/.test(word) ? Number(word) : SMALL_NUMBER_WORDS[word.toLowerCase()];
}

/** The multiplier, a second part, "%" or "per cento", and euro written before or after a number. */
function withSuffixes(text: string, read: NumberRead): NumberRead {
  let { end, value } = read;
  let { percent, euro, multiplied } = read;
  let start = read.start;
  const attached = read.form === 'digits' ? ATTACHED_MILA.exec(text.slice(end)) : null;
  const multiplier = attached ?? MULTIPLIER_AFTER.exec(text.slice(end));
  if (multiplier) {
    value *= multiplierOf(attached ? 'mila' : (multiplier[1] as string)) ?? 1;
    end += multiplier[0].length;
    multiplied = true;
    const second = SECOND_PART.exec(text.slice(end));
    const secondValue = second ? parseWrittenNumber(second[1] as string) * (multiplierOf(second[2] as string) ?? 0) : 0;
    if (second && secondValue > 0 && secondValue < value) {
      value += secondValue;
      end += second[0].length;
    }
  } else if (read.form === 'digits' && isEuroMillions(text.slice(end).replace(/^\s/, ''))) {
    // "42,38 Me": millions of euro in two letters.
    const m = /^\s?\S+/.exec(text.slice(end)) as RegExpExecArray;
    value *= 1e6;
    end += m[0].length;
    multiplied = true;
    euro = true;
  } else {
    const p = PERCENT_AFTER.exec(text.slice(end));
    if (p) {
      percent = true;
      end += p[0].length;
    }
  }
  if (!percent) {
    const e = EURO_AFTER.exec(text.slice(end));
    if (e) {
      euro = true;
      end += e[0].length;
    } else if (multiplied) {
      const di = DI_AFTER_MULTIPLIER.exec(text.slice(end));
      if (di) end += di[0].length;
    }
    const before = EURO_BEFORE.exec(text.slice(Math.max(0, start - 2), start));
    if (before) {
      euro = true;
      start -= before[0].length;
    }
  }
  return { ...read, start, end, value, percent, euro, multiplied };
}

/**
 * Digits that do not count anything: part of a name or a code ("ICF4", "SPC 2", "Fase 2", "M5C1-3"),
 * an ordinal ("2°"), an age ("55+", "over 30"), a date or a range of years, a law or article number,
 * a year, a baseline ("dagli attuali 4") or a rate ("1 per ogni Provincia").
 */
function isNotACount(text: string, start: number, end: number, token: string): boolean {
  const before = text.slice(Math.max(0, start - LOOK_BEHIND_CHARS), start);
  const after = text.slice(end, end + LOOK_AHEAD_CHARS);
  if (/[\p{L}\p{N}]$/u.test(before)) return true; // ICF4, M5
  if (/^[\p{L}°ªº]/u.test(after) && !ATTACHED_MILA.test(after)) return true; // 1°, 2a, 29enni
  if (/^\s?\+/.test(after)) return true; // 55+
  if (/[\p{L}]\.$/u.test(before) && !/\s\p{L}\.$/u.test(before)) return true; // S.p.A.1, ex.art.13
  if (AFTER_INITIAL.test(before)) return true; // SA. CO. I. 3
  if (FOLLOWED_BY_RANGE.test(after) || PRECEDED_BY_RANGE.test(before)) return true;
  if (FOLLOWED_BY_MONTH.test(after) || FOLLOWED_BY_LAW.test(after)) return true;
  if (AFTER_LAW_WORD.test(before) || IN_ARTICLE_LIST.test(before)) return true;
  if (PRECEDED_BY_NON_COUNT.test(before) || FOLLOWED_BY_DISTRIBUTIVE.test(after)) return true;
  const amount = MULTIPLIER_AFTER.test(after) || PERCENT_AFTER.test(after) || EURO_AFTER.test(after) || ATTACHED_MILA.test(after);
  if (/^\d{4}$/.test(token) && Number(token) >= 1900 && Number(token) <= 2099 && !amount) return true; // a year
  // Names number their parts with small numbers: "percorso 1", "SPC 2"; "4.085" counts something.
  const grouped = /^\d{1,3}(?:[. ]\d{3})+/.test(token);
  if (!amount && !grouped && AFTER_NAME_WORD.test(before)) return true;
  if (!amount && !grouped && isAfterName(before)) return true;
  return false;
}

/**
 * "SPC 2": an acronym right before the number names a thing, unless it opens a line or a sentence
 * ("CPI 3 attivati" in a list keeps its count). Capitalized words are not enough: "230 Protocolli
 * Lavoratore 264 Protocolli Azienda" counts twice.
 */
function isAfterName(before: string): boolean {
  const m = AFTER_ACRONYM.exec(before);
  if (!m) return false;
  const previous = before.slice(0, m.index).replace(/[ \t\u00a0]+$/, '').slice(-1);
  return previous !== '' && !/[.!?:;•\-–*(\n"“«]/.test(previous);
}

/** "tra il 40 e l'80%": two numbers joined into one range; the multiplier, "%" and euro of the second apply to both. */
function mergeRanges(text: string, reads: NumberRead[]): NumberRead[] {
  const merged: NumberRead[] = [];
  for (let i = 0; i < reads.length; i++) {
    const a = reads[i] as NumberRead;
    const b = reads[i + 1];
    if (
      b &&
      a.form !== 'fraction' &&
      b.form !== 'fraction' &&
      RANGE_JOIN.test(text.slice(a.end, b.start)) &&
      RANGE_OPENER.test(text.slice(Math.max(0, a.start - 12), a.start))
    ) {
      const scale = !a.multiplied && b.multiplied ? b.value / baseOf(text, b) : 1;
      const low = a.value * scale;
      if (low < b.value) {
        merged.push({ ...a, end: b.end, value: low, upper: b.value, percent: a.percent || b.percent, euro: a.euro || b.euro, multiplied: a.multiplied || b.multiplied });
        i++;
        continue;
      }
    }
    merged.push(a);
  }
  return merged;
}

/** The written number of a multiplied read ("7" of "7 mila"), to scale the first bound of "tra 5 e 7 mila". */
function baseOf(text: string, read: NumberRead): number {
  const digits = /^€?\s?(\d+(?:[.,]\d+)*)/.exec(text.slice(read.start, read.end));
  if (digits) return parseWrittenNumber(digits[1] as string);
  return parseNumberWord(/^\p{L}+/u.exec(text.slice(read.start))?.[0] ?? '') ?? read.value;
}

function toQuantity(text: string, read: NumberRead, columnKind: ColumnKind, earlier: readonly Quantity[]): Quantity | undefined {
  const unit = unitOf(text, read, earlier);
  if (!unit) return undefined;
  const unitWords = unit.text.toLowerCase().split(/\s+/);
  if (TIME_UNITS.has(unitWords[0] ?? '') || TIME_UNITS.has(unitWords[unitWords.length - 1] ?? '')) return undefined;
  if (FOLLOWED_BY_DISTRIBUTIVE.test(text.slice(Math.max(read.end, unit.end)))) return undefined; // "45 euro a testa"
  const before = text.slice(Math.max(0, read.start - LOOK_BEHIND_CHARS), read.start);
  const rangeStart = read.upper !== undefined ? /(?:tra|fra)\s+(?:(?:il|i|gli|le)\s+|l['’])?$/i.exec(before) : null;
  const qualifierMatch = rangeStart ? null : QUALIFIER_BEFORE.exec(before);
  const qualifier: Qualifier = rangeStart ? 'tra' : qualifierMatch ? normalizeQualifier(qualifierMatch[1] as string) : '';
  const opener = rangeStart ?? qualifierMatch;
  const spanStart = opener ? read.start - (before.length - opener.index) : read.start;
  const spanEnd = Math.max(read.end, unit.end);
  const kind = kindOf(columnKind, text, read.start, spanEnd);
  return {
    value: read.value,
    ...(read.upper !== undefined ? { upper: read.upper } : {}),
    qualifier,
    unit: unit.text,
    kind,
    start: spanStart,
    end: spanEnd,
    quote: text.slice(spanStart, spanEnd),
  };
}

function normalizeQualifier(raw: string): Qualifier {
  const q = raw.toLowerCase().replace(/\s+/g, ' ').replace('piu', 'più');
  if (q.startsWith('fino') || q.startsWith('sino')) return 'fino a';
  return q as Qualifier;
}

/**
 * The counted thing, in this order: "%" and euro as written; "26 dei 30 Paesi" (the unit of the
 * whole); the noun phrase after the number ("25.579 sono maschi" too); euro for a bare "24 milioni"
 * among words about money; the subject of "… sono 6.541" or the label of a line ("D) Prese in carico
 * 1.005.181"); the unit of the quantity before it in the sentence ("di cui 800.000 in attività
 * formative", "- 59.009 in servizi di base", "alle 4.000 già previste"), unless the number closes a
 * parenthesis ("operatori (almeno 150)": the phrase before it); and for a multiplied amount, none at all.
 */
function unitOf(text: string, read: NumberRead, earlier: readonly Quantity[]): { text: string; end: number } | undefined {
  if (read.percent) return { text: '%', end: read.end };
  if (read.euro) return { text: 'euro', end: read.end };
  const after = text.slice(read.end, read.end + LOOK_AHEAD_CHARS);
  const partitive = /^\s+(?:dei|degli|delle|di)\s+\d+(?:[.,]\d+)*\s+/u.exec(after);
  if (partitive) {
    const whole = readUnitAfter(after.slice(partitive[0].length));
    if (whole) return { text: whole.text, end: read.end + partitive[0].length + whole.end };
  }
  const following = readUnitAfter(after);
  if (following) return { text: following.text, end: read.end + following.end };
  const sentence = text.slice(sentenceStart(text, read.start), sentenceEndOf(text, read.end));
  if (read.multiplied && MONEY_CONTEXT.test(sentence)) return { text: 'euro', end: read.end };
  const subject = subjectUnit(text, read);
  if (subject === null) return undefined; // "l'età media … era di 28,5": an age
  if (subject) return { text: subject, end: read.end };
  if (read.form === 'digits') {
    const enclosing = unitBeforeParenthesis(text, read);
    if (enclosing !== undefined) return { text: enclosing, end: read.end };
  }
  const previous = earlier[earlier.length - 1];
  if (previous && previous.unit !== '%' && previous.unit !== '' && previous.end > sentenceStart(text, read.start) - 1 && read.form !== 'fraction') {
    return { text: previous.unit, end: read.end };
  }
  if (read.multiplied) return { text: '', end: read.end };
  return undefined;
}

function sentenceEndOf(text: string, at: number): number {
  const m = /[.!?](?:\s+(?=\p{Lu})|\s*$)|\n\s*\n/u.exec(text.slice(at));
  return m ? at + m.index : text.length;
}

/**
 * The subject of "I giovani … sono 6.541" / "i navigator … saranno 3.000", or the label of a line that
 * ends with its number ("A) Registrazioni complessive 1.440.509"). Undefined when there is none;
 * null when the subject is an age or a duration ("l'età media … era di 28,5").
 */
function subjectUnit(text: string, read: NumberRead): string | undefined | null {
  const lineStart = text.lastIndexOf('\n', read.start - 1) + 1;
  const clauseStart = Math.max(lineStart, text.lastIndexOf(';', read.start - 1) + 1, text.lastIndexOf(':', read.start - 1) + 1, sentenceStart(text, read.start));
  const lead = text.slice(clauseStart, read.start);
  const rest = text.slice(read.end).match(/^[^\n]*/)?.[0] ?? '';
  const endsLine = /^[\s.;:,)]*$/.test(rest) && !/\d/.test(lead.replace(/^\s*(?:[A-Za-z]\)|\d+[.)])/, ''));
  if (!COPULA_NEAR.test(lead) && !endsLine) return undefined;
  let phrase = lead.replace(/^\s*(?:[-–•*▪]|[A-Za-z]\)|\d+[.)])\s*/, '');
  // "I giovani che … non hanno firmato il patto di servizio⏎⏎sono 6.541": a page's line break inside the sentence.
  if (/^\s*\p{Ll}/u.test(phrase) && COPULA_NEAR.test(phrase) && /^\s*(?:sono|è|erano|saranno|sarà|risultano|risulta)\b/u.test(phrase)) {
    const earlier = text.slice(0, clauseStart);
    const from = Math.max(earlier.lastIndexOf('. '), earlier.lastIndexOf(';'), earlier.lastIndexOf(':')) + 1;
    phrase = earlier.slice(from).replace(/^\s+/, '') + ' ' + phrase;
  }
  const words = [...phrase.matchAll(/[\p{L}][\p{L}\p{N}'’]*/gu)];
  let from = -1;
  for (let k = 0; k < words.length; k++) {
    const lower = (words[k]?.[0] as string).toLowerCase().replace(/['’]$/, '');
    const previous = k > 0 ? (words[k - 1]?.[0] as string).toLowerCase() : '';
    if (ARTICLES.has(lower) || /^(?:l|gli|le|i)['’]/.test(lower)) {
      if (!(STOP_WORDS.has(previous) && !ARTICLES.has(previous)) || k === 0) {
        from = words[k]?.index as number;
        break;
      }
      continue;
    }
    if (k === 0 && /^\p{Lu}/u.test(words[k]?.[0] as string) && !STOP_WORDS.has(lower)) {
      from = words[k]?.index as number;
      break;
    }
  }
  if (from === -1) return undefined;
  const unit = readUnitAfter(` ${phrase.slice(from)}`);
  if (!unit) return undefined;
  const head = unit.text.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (TIME_UNITS.has(head)) return null;
  if (TOTAL_HEADS.has(head)) {
    const of = /^\S+\s+(?:di|dei|degli|delle|del|della)\s+(.+)$/u.exec(unit.text);
    if (of) return of[1] as string;
  }
  return unit.text;
}

/**
 * The counted thing after a number: a head noun, adjectives, at most one "di …" complement, stopping
 * at punctuation, a preposition or a word that opens a new clause. Leading articles are skipped
 * ("183 gli stakeholders"), and a copula before a noun ("25.579 sono maschi"). Returns the phrase
 * and where it ends in `after`.
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
  // "25.579 sono maschi": the copula, then the noun that says what they are.
  const first = words[0];
  const second = words[1];
  if (first && second && COPULA_BEFORE_UNIT.has(first.text.toLowerCase()) && !PARTICIPLE.test(second.text.toLowerCase()) && !isStop(second.text) && !CLAUSE_OPENERS.test(second.text)) i = 1;
  while (i < words.length && ARTICLES.has(bare(words[i]?.text ?? ''))) i++;
  const head = words[i];
  if (!head || isStop(head.text) || CLAUSE_OPENERS.test(head.text) || parseNumberWord(head.text) !== undefined || elidedPrefix(head.text) !== '') return undefined;
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
    if (isStop(w.text) || CLAUSE_OPENERS.test(w.text) || looksLikeVerb(w.text) || PRESENT_PLURAL.test(w.text)) break;
    // A participle right after the head describes it ("operatori dedicati"); later it starts a clause.
    if (j > i + 1 && /(?:at|it|ut)[oiae]$/i.test(w.text) && w.text.length > 5) break;
    last = w;
    taken++;
  }
  const text = after.slice(head.start, last.end).replace(/["”»]+$/u, '');
  return { text, end: last.end };
}

/** "tra operatori dei servizi pubblici (almeno 150)": the phrase before a parenthesis that holds the number alone. */
function unitBeforeParenthesis(text: string, read: NumberRead): string | undefined {
  const open = text.lastIndexOf('(', read.start);
  if (open === -1 || text.lastIndexOf(')', read.start) > open) return undefined;
  // The number closes the parenthesis: "(almeno 150)", "(dagli attuali 4 ad almeno 10)".
  if (!/^\s*\)/.test(text.slice(read.end))) return undefined;
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

/** The sentence or bullet around a position: what pairing compares besides the unit, and what a person reads to decide. */
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
