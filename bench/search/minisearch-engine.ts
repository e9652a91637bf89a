// MiniSearch behind the same TextEngine as the shipped FlexSearch engine, so S1–S2 compare the two on equal terms.
import MiniSearch from 'minisearch';
import { foldText } from '../../src/lib/search/fold.ts';
import type { TextEngine } from '../../src/lib/search/engine.ts';

const WORD_SEPARATOR = /[^\p{L}\p{N}]+/u;

/** Same words (letters and digits, folded), prefix matching on every word, all words required. */
export function createMiniSearchEngine(): TextEngine {
  const mini = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    storeFields: [],
    tokenize: (text) => text.split(WORD_SEPARATOR).filter((word) => word.length > 0),
    processTerm: (term) => foldText(term),
    searchOptions: { prefix: true, combineWith: 'AND' },
  });
  return {
    add: (id, text) => mini.add({ id, text }),
    remove: (id) => mini.discard(id),
    search: (query) => mini.search(query).map((result) => result.id as number),
  };
}
