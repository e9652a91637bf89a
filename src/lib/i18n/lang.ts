// The interface's two languages: Italian first, English second.

export type Lang = 'it' | 'en';

export const LANGS: readonly Lang[] = ['it', 'en'];

/** A stored or received value that names one of the interface's languages. */
export function isLang(value: unknown): value is Lang {
  return value === 'it' || value === 'en';
}
