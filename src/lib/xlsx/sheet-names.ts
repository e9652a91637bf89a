// Sheet names Excel accepts, made from area titles: at most 31 characters, none of : \ / ? * [ ], unique, and the same names every time so an import finds its area again.
import { normalizeTitle } from '../csv/format.ts';

/** Excel's limit on a sheet name's length (UTF-16 units, as Excel counts them). */
export const MAX_SHEET_NAME_CHARS = 31;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[:\\/?*[\]\u0000-\u001F\u007F]/g;
/** Excel keeps this name for its change-tracking sheet. */
const RESERVED = 'history';

/** Cuts `text` to `max` UTF-16 units without splitting a character made of two. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1] as string) ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/** One title as a sheet name, before uniqueness: forbidden characters as spaces, no quote at either end, cut to 31. */
function baseSheetName(title: string, fallback: string): string {
  const cleaned = title.replace(FORBIDDEN, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim();
  const name = cut(cleaned, MAX_SHEET_NAME_CHARS);
  return name === '' ? fallback : name;
}

/**
 * The sheet name of each title, in order: valid for Excel, and unique ignoring case (as Excel
 * compares them), a later twin becoming "Title (2)". `fallback(i)` names a title with nothing left.
 */
export function sheetNames(titles: readonly string[], fallback: (index: number) => string = (i) => `Foglio${i + 1}`): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const base = baseSheetName(title, fallback(i));
    let name = base;
    for (let n = 2; used.has(normalizeTitle(name)) || normalizeTitle(name) === RESERVED; n++) {
      const suffix = ` (${n})`;
      name = `${cut(base, MAX_SHEET_NAME_CHARS - suffix.length)}${suffix}`;
    }
    used.add(normalizeTitle(name));
    return name;
  });
}
