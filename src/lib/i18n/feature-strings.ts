// One shape for a feature's own strings table (the sync's, the gathering's), loaded with that feature's chunk: the
// Italian table gives the type, the English one must satisfy it, and this picks the language's.
import type { Lang } from './lang.ts';

/** `const syncStrings = byLanguage<SyncStrings>({ it, en })` → `syncStrings(lang)`. */
export function byLanguage<T>(tables: Record<Lang, T>): (lang: Lang) => T {
  return (lang) => tables[lang];
}
