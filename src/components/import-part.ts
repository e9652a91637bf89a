// What every part of the import dialog is given: the import's state and the words to show it in.
import type { Exchange } from '../lib/state/exchange.svelte.ts';
import type { Lang, Strings } from '../lib/i18n/index.ts';

export interface ImportPartProps {
  exchange: Exchange;
  t: Strings;
  lang: Lang;
}
