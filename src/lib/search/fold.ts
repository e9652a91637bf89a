// Accent- and case-folding for Italian search: "Attività" and "attivita" fold to the same word.

/** Combining marks left by NFD decomposition (the accents of à, è, é, ì, ò, ù). */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** Anything that is not a letter or a digit separates words: spaces, punctuation, both apostrophes. */
const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

/** Lower case without accents: what the index stores and what queries are compared with. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The folded words of a text, in order, without empty strings. */
export function foldedWords(text: string): string[] {
  return foldText(text).split(WORD_SEPARATOR).filter((word) => word.length > 0);
}

/** A query's words, folded: "Attività  regioni," → ["attivita", "regioni"]. */
export function queryTerms(query: string): string[] {
  return foldedWords(query);
}

/**
 * The folded text with, for each folded character, the index of the original character it came
 * from, so a match found in folded text can be highlighted in the original.
 */
export function foldWithMap(text: string): { folded: string; origin: number[] } {
  const out: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      // ASCII, most of an Italian text: lower-casing is all the folding it needs (no normalize per character).
      out.push(code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : (text[i] as string));
      origin.push(i);
      continue;
    }
    // A surrogate pair stays together.
    const char = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? text.slice(i, i + 2) : (text[i] as string);
    const folded = foldText(char);
    for (let k = 0; k < folded.length; k++) origin.push(i);
    out.push(folded);
    i += char.length - 1;
  }
  origin.push(text.length);
  return { folded: out.join(''), origin };
}

/** True when the character can be part of a word (a letter or a digit). */
export function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
