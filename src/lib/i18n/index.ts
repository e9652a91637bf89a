// The way to the interface's words: `strings(lang)` for the table of a loaded language, `loadStrings` to load one.
// Italian is in the first chunk; English is a chunk of its own, loaded when the device's language is English or
// the user switches (precached by the service worker, so switching works offline).
import { it, type Strings } from './it.ts';
import type { Lang } from './lang.ts';

export type { Strings, Lang };
export { LANGS, isLang } from './lang.ts';
export { plural, pluralForm } from './plural.ts';
export { formatCount, formatDate, formatDateTime, formatNumber, formatPercent, formatSize, formatTime, localeOf } from './format.ts';

const tables: { it: Strings; en?: Strings } = { it };

/**
 * The table of a language already loaded. Until English has loaded (`loadStrings('en')`) its table is
 * the Italian one: the app switches its language only once the table is there, so this is never seen.
 */
export function strings(lang: Lang): Strings {
  return tables[lang] ?? it;
}

/** Loads a language's table (from the network on the first visit, from the service worker's cache after). */
export async function loadStrings(lang: Lang): Promise<Strings> {
  if (lang === 'en') tables.en ??= (await import('./en.ts')).en;
  return strings(lang);
}
