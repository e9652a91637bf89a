// A message in both languages at once, for problems built outside a component (QuadroProblem.message):
// the user may switch language while it is on screen. Imports both tables, so only lazily loaded code uses it.
import type { LocalizedText } from '../model/errors.ts';
import { en } from './en.ts';
import { it, type Strings } from './it.ts';

/** `inBothLanguages((t) => t.importQuotaFull)` → `{ it: '…', en: '…' }`. */
export function inBothLanguages(say: (t: Strings) => string): LocalizedText {
  return { it: say(it), en: say(en) };
}
