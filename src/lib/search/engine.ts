// The full-text engine behind the plan index: FlexSearch, chosen over MiniSearch by `npm run bench` (S1–S2).
import { Index } from 'flexsearch';
import { foldedWords } from './fold.ts';

/** What the plan index needs from a full-text library: numbered texts in, ranked numbers out. */
export interface TextEngine {
  add(id: number, text: string): void;
  /** Forgets a text added before (`text` is what was added, for libraries that need it). */
  remove(id: number, text: string): void;
  /** Ids whose text has a word starting with every word of the query, best first. */
  search(query: string): number[];
}

/** More hits than any plan has cells: the index reports every match so the count is true. */
const NO_LIMIT = 1_000_000;

/**
 * FlexSearch with accent/case folding (the same words as the row filter and the snippets) and
 * forward tokenization, which is prefix matching on every word; several words must all match.
 * `fastupdate` keeps a per-id register so an edited cell is removed without scanning the index.
 */
export function createFlexSearchEngine(): TextEngine {
  // Each word once per text: a cell repeats "di", "per", "il" dozens of times, and every repeat would
  // insert all its prefixes again (a fifth less build time on the bench fixture, same hits).
  const encode = (text: string): string[] => [...new Set(foldedWords(text))];
  const index = new Index({ tokenize: 'forward', fastupdate: true, encode });
  return {
    add: (id, text) => void index.add(id, text),
    remove: (id) => void index.remove(id),
    // FlexSearch 0.8.212 returns undefined (not []) for a word whose last text was removed.
    search: (query) => (index.search(query, { limit: NO_LIMIT }) as number[] | undefined) ?? [],
  };
}
