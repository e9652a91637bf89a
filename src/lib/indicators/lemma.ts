// A light Italian lemmatizer for comparing units: "operatori"/"operatore", "province"/"provincia", "d'Intervento".

const ACCENTS = /[\u0300-\u036f]/g;

/**
 * Words that carry no meaning for pairing: articles, prepositions (simple and joined), conjunctions,
 * and the auxiliary verbs.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'il lo la i gli le l un uno una un d di del dello della dei degli delle dell a al allo alla ai agli alle all ' +
    'da dal dallo dalla dai dagli dalle dall in nel nello nella nei negli nelle nell con col coi su sul sullo sulla ' +
    'sui sugli sulle sull per tra fra e ed o od ma che cui non come anche più ogni altri altre ' +
    'è sono essere stato stata stati state ha hanno avere sarà saranno verrà verranno sia quale quali presso ' +
    'ex art artt etc ecc'
  ).split(' '),
);

/** The comparable form of one word: lower case, no accents, no elided article, no inflection ending. */
export function lemmatize(word: string): string {
  let w = word.normalize('NFD').replace(ACCENTS, '').toLowerCase();
  const apostrophe = Math.max(w.lastIndexOf("'"), w.lastIndexOf('\u2019'));
  if (apostrophe !== -1) w = w.slice(apostrophe + 1);
  w = w.replace(/[^a-z0-9/-]/g, '');
  if (w.length <= 3) return w;
  // Plural and singular meet on a common stem: accordo/accordi, provincia/province, ufficio/uffici, banca/banche.
  if (/(?:che|chi|ghe|ghi)$/.test(w)) return w.slice(0, -2);
  if (/(?:ia|ie|io)$/.test(w) && w.length > 4) return w.slice(0, -2);
  if (/[aeio]$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The content words of a text, lemmatized, without stop words and very short words. */
export function contentLemmas(text: string): string[] {
  const lemmas: string[] = [];
  for (const raw of text.split(/[^\p{L}\p{N}'\u2019/-]+/u)) {
    if (raw === '') continue;
    for (const part of raw.split('/')) {
      const lower = part.toLowerCase();
      const bare = lower.replace(/^[\p{L}]+['\u2019]/u, '');
      if (STOP_WORDS.has(lower) || STOP_WORDS.has(bare)) continue;
      const lemma = lemmatize(part);
      if (lemma.length > 2 && !/^\d+$/.test(lemma)) lemmas.push(lemma);
    }
  }
  return lemmas;
}

/** Minimum length of an abbreviation that matches the word it starts ("conv" → "convergenza"). */
const MIN_ABBREVIATION = 4;

/** Two lemmas name the same thing: equal, or one abbreviates the other ("CONV", "convergenza"). */
export function sameLemma(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= MIN_ABBREVIATION && long.startsWith(short);
}

/** |A ∩ B| / |A ∪ B| of two word lists taken as sets (items equal by `same`); 0 for two empty lists. */
export function jaccard(a: readonly string[], b: readonly string[], same?: (x: string, y: string) => boolean): number {
  const setA = [...new Set(a)];
  const setB = new Set(b);
  if (setA.length === 0 && setB.size === 0) return 0;
  let shared = 0;
  for (const item of setA) {
    if (setB.has(item)) shared++;
    else if (same) for (const other of setB) if (same(item, other)) { shared++; break; }
  }
  return shared / (setA.length + setB.size - shared);
}
