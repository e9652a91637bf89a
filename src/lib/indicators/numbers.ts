// Italian numbers as plans and reports write them ("2.000", "1,5", "9.8 milioni", "€1.1 Mld", "ventiquattro", "la metà"), and writing values back in Italian notation.
import { formatNumber } from '../i18n/format.ts';

/** Number words that count things alone. "uno/una/un" are left out: in running text they are nearly always articles. */
export const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ['due', 2],
  ['tre', 3],
  ['quattro', 4],
  ['cinque', 5],
  ['sei', 6],
  ['sette', 7],
  ['otto', 8],
  ['nove', 9],
  ['dieci', 10],
  ['undici', 11],
  ['dodici', 12],
  ['venti', 20],
  ['trenta', 30],
  ['cento', 100],
  ['mille', 1000],
]);

/** "un migliaio di contatti", "una decina di incontri": round numbers said in words, read as their value. */
export const APPROXIMATE_WORDS: ReadonlyMap<string, number> = new Map([
  ['decina', 10],
  ['ventina', 20],
  ['trentina', 30],
  ['quarantina', 40],
  ['cinquantina', 50],
  ['centinaio', 100],
  ['migliaio', 1000],
]);

/** Multipliers written after a number, spelled out or abbreviated as reports do ("12 mila", "2,5 Mln", "1,1 Mld"). */
const MULTIPLIER_WORDS: Readonly<Record<string, number>> = {
  mila: 1e3,
  milione: 1e6,
  milioni: 1e6,
  mln: 1e6,
  miliardo: 1e9,
  miliardi: 1e9,
  mld: 1e9,
  mrd: 1e9,
};
/** "42,38 Me", "3 M€", "2 Meuro": millions of euro in one token (case matters: "Me" is not "me"). */
const EURO_MILLIONS = /^(?:Me|M€|Meuro|MEUR|Mln€|mln€)(?![\p{L}\p{N}])/u;

/** "2.000" → 2000, "1,5" → 1.5, "4000" → 4000; NaN for anything else (what a person types in the correction dialog). */
export function parseItalianNumber(text: string): number {
  if (!/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$/.test(text)) return Number.NaN;
  return Number(text.replace(/\./g, '').replace(',', '.'));
}

/**
 * A number as written in running text, read whole or not at all: Italian thousands dots and decimal
 * comma ("1.440.509", "85,4"), thousands spaces ("1 440 509"), and a decimal point where it cannot be
 * a thousands dot ("9.8", "10.75": not three digits after it). "31.12.2017" and "9.1.1" read as
 * nothing, never as part of themselves. Returns NaN when the token is not one number.
 */
export function parseWrittenNumber(token: string): number {
  const t = token.replace(/[\u00a0\u202f\u2009 ]/g, ' ');
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'));
  if (/^\d{1,3}(?: \d{3})+(?:,\d+)?$/.test(t)) return Number(t.replace(/ /g, '').replace(',', '.'));
  if (/^\d+(?:,\d+)?$/.test(t)) return Number(t.replace(',', '.'));
  if (/^\d+\.(?:\d{1,2}|\d{4,})$/.test(t)) return Number(t);
  return Number.NaN;
}

const UNITS_WORDS: readonly string[] = ['', 'uno', 'due', 'tre', 'quattro', 'cinque', 'sei', 'sette', 'otto', 'nove'];
const TEENS: Readonly<Record<string, number>> = {
  dieci: 10,
  undici: 11,
  dodici: 12,
  tredici: 13,
  quattordici: 14,
  quindici: 15,
  sedici: 16,
  diciassette: 17,
  diciotto: 18,
  diciannove: 19,
};
const TENS: Readonly<Record<string, number>> = {
  venti: 20,
  trenta: 30,
  quaranta: 40,
  cinquanta: 50,
  sessanta: 60,
  settanta: 70,
  ottanta: 80,
  novanta: 90,
};

/** How number words begin ("due", "tre", "quattro", "cento", "mille", …): other words are not parsed. */
const NUMBER_WORD_START = /^(?:du|tr|qu|ci|se|ot|no|di|do|un|ve|ce|mi|ses|set|ott|nov)[a-z]*$/;

/** 1–99 written as one word: "ventiquattro", "trentuno" (elided vowel), "diciotto". */
function readBelowHundred(word: string): number | undefined {
  if (word === '') return 0;
  const teen = TEENS[word];
  if (teen !== undefined) return teen;
  const unit = UNITS_WORDS.indexOf(word);
  if (unit > 0) return unit;
  for (const [tens, value] of Object.entries(TENS)) {
    if (word === tens) return value;
    // "ventiquattro"; "ventuno", "trentotto": the tens lose their last vowel before "uno" and "otto".
    const full = word.startsWith(tens) ? UNITS_WORDS.indexOf(word.slice(tens.length)) : -1;
    if (full > 0) return value + full;
    const rest = word.startsWith(tens.slice(0, -1)) ? word.slice(tens.length - 1) : '';
    if (rest === 'uno' || rest === 'otto') return value + UNITS_WORDS.indexOf(rest);
  }
  return undefined;
}

/** 1–999: "cento", "trecentoventi", "duecentocinquanta". */
function readBelowThousand(word: string): number | undefined {
  const at = word.indexOf('cento');
  if (at === -1) return readBelowHundred(word);
  const before = word.slice(0, at);
  const hundreds = before === '' ? 1 : UNITS_WORDS.indexOf(before);
  if (hundreds < 1) return undefined;
  const rest = readBelowHundred(word.slice(at + 'cento'.length));
  return rest === undefined ? undefined : hundreds * 100 + rest;
}

/**
 * An Italian number written in one word, up to 999.999: "ventiquattro" → 24, "cinquantacinque" → 55,
 * "duemila" → 2000, "mille" → 1000. "uno", "un", "una" are never read (they are articles).
 * Undefined for any other word.
 */
export function parseNumberWord(raw: string): number | undefined {
  const word = raw.toLowerCase();
  if (word.length < 3 || word === 'uno' || !NUMBER_WORD_START.test(word)) return undefined;
  if (word === 'mille') return 1000;
  const mila = word.indexOf('mila');
  if (mila > 0) {
    const thousands = readBelowThousand(word.slice(0, mila));
    const rest = readBelowThousand(word.slice(mila + 4));
    if (thousands === undefined || thousands < 2 || rest === undefined) return undefined;
    return thousands * 1000 + rest;
  }
  if (word.startsWith('mille')) {
    const rest = readBelowThousand(word.slice(5));
    return rest === undefined || rest === 0 ? undefined : 1000 + rest;
  }
  const value = readBelowThousand(word);
  return value === undefined || value < 2 ? undefined : value;
}

/** The value of a multiplier written after a number ("mila", "Mln", "miliardi"); undefined for any other word. */
export function multiplierOf(word: string): number | undefined {
  return MULTIPLIER_WORDS[word.toLowerCase().replace(/\.$/, '')];
}

/** "Me", "M€": a multiplier that is also the unit (millions of euro). */
export function isEuroMillions(text: string): boolean {
  return EURO_MILLIONS.test(text);
}

/** Fractions said in words, as percentages: "la metà", "un terzo", "due terzi", "tre quarti". */
export const FRACTION_WORDS: ReadonlyMap<string, number> = new Map([
  ['metà', 50],
  ['un terzo', 100 / 3],
  ['due terzi', 200 / 3],
  ['un quarto', 25],
  ['tre quarti', 75],
  ['un quinto', 20],
]);

/** 2030 → "2.030", 1.5 → "1,5", 101.5 → "101,5": indicators are Italian text, so their numbers are written the Italian way. */
export function formatItalianNumber(value: number, maxDecimals = 2): string {
  return formatNumber('it', value, maxDecimals);
}

/** 1.015 → "101,5%": a ratio as a percentage with at most one decimal. */
export function formatRatio(ratio: number): string {
  return `${formatItalianNumber(Math.round(ratio * 1000) / 10, 1)}%`;
}
