// Words that agree with a count, by each language's plural rules (Intl.PluralRules): the one way to write a plural.
import { formatCount, localeOf } from './format.ts';
import type { Lang } from './lang.ts';

const RULES: Partial<Record<Lang, Intl.PluralRules>> = {};

/** The form the language's plural rules choose for `n`: `one` or `other` (a word, a phrase, a sentence). */
export function pluralForm<T>(lang: Lang, n: number, one: T, other: T): T {
  const rules = (RULES[lang] ??= new Intl.PluralRules(localeOf(lang)));
  return rules.select(n) === 'one' ? one : other;
}

/** "1 riga", "5.000 righe": the count, grouped as the language writes it, then the form its plural rules choose. */
export function plural(lang: Lang, n: number, one: string, other: string): string {
  return `${formatCount(lang, n)} ${pluralForm(lang, n, one, other)}`;
}
