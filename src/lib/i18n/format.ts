// Numbers, sizes, dates and percentages as each language writes them: one cached Intl formatter per language and kind.
import type { Lang } from './lang.ts';

const LOCALES: Record<Lang, 'it-IT' | 'en-GB'> = { it: 'it-IT', en: 'en-GB' };

/** The BCP 47 locale Quadro writes a language in (British English: day before month). */
export function localeOf(lang: Lang): 'it-IT' | 'en-GB' {
  return LOCALES[lang];
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(lang: Lang, kind: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}:${kind}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeOf(lang), options);
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(lang: Lang, kind: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(lang), options);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * "5.000", "50.000" (en: "5,000"): a count, its thousands always grouped. Italian's own rule leaves
 * four-digit numbers ungrouped ("5000 di 50.000"), which reads as two kinds of number side by side.
 */
export function formatCount(lang: Lang, n: number): string {
  // 'always' is Intl.NumberFormat v3; an older engine reads the string as true, which groups as well.
  return numberFormat(lang, 'count', { useGrouping: 'always', maximumFractionDigits: 0 }).format(n);
}

/**
 * 2030 → "2.030", 1.5 → "1,5" (en: "2,030", "1.5"): a quantity with at most `maxDecimals` decimals,
 * thousands always grouped (Italian CLDR data groups only from five digits; the plan writes "2.030").
 * -0 is written "0". Not a finite number: "".
 */
export function formatNumber(lang: Lang, value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return '';
  return numberFormat(lang, `number${maxDecimals}`, { maximumFractionDigits: maxDecimals, useGrouping: 'always' }).format(value + 0);
}

/** "1,2 MB" (en: "1.2 MB"): decimal units, as the tablets' own settings show storage. */
export function formatSize(lang: Lang, bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${numberFormat(lang, `size${digits}`, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** "80%", "101,5%" (en: "101.5%"): a ratio (0.8 → 80%), with at most one decimal. */
export function formatPercent(lang: Lang, ratio: number): string {
  return numberFormat(lang, 'percent', { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

type When = Date | number | string;

function toDate(at: When): Date {
  return at instanceof Date ? at : new Date(at);
}

// Day, month, then the year in full, in both languages: a date in a meeting's minutes is never ambiguous.
const SHORT_DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };

/**
 * A day in the device's time zone: 'short' "26/11/2026", 'long' "26 novembre 2026" (en: "26 November 2026",
 * never the US order). An unreadable time is returned as it was given.
 */
export function formatDate(lang: Lang, at: When, style: 'short' | 'long' = 'short'): string {
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return dateFormat(lang, `date-${style}`, style === 'long' ? { dateStyle: 'long' } : SHORT_DATE).format(date);
}

/** "26/11/2026, 14:34": a moment in the device's time zone, to the minute. An unreadable time is returned as it was given. */
export function formatDateTime(lang: Lang, at: When): string {
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return dateFormat(lang, 'date-time', { ...SHORT_DATE, hour: '2-digit', minute: '2-digit' }).format(date);
}

/** "10:42": the time of day in the device's time zone, to the minute (the sync bar's "Sincronizzato alle …"). */
export function formatTime(lang: Lang, at: When): string {
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return dateFormat(lang, 'time', { hour: '2-digit', minute: '2-digit' }).format(date);
}
