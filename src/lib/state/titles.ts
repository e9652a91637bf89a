// Issue 9: the one title rule, as the commands ask it: a refused title is asked again with the reason.
import { validateTitle, type TitleKind } from '../model/names.ts';
import type { Lang } from '../i18n/index.ts';
import { describeProblemLazily } from '../i18n/problems/lazy.ts';
import { ask } from './ask.svelte.ts';

/** The title as the rule keeps it, after asking again as long as it is refused; null if the user gives up. */
export async function askValidTitle(text: string, kind: TitleKind, dialogTitle: string, lang: Lang): Promise<string | null> {
  let result = validateTitle(text, kind);
  while (!result.ok) {
    const again = await ask.text(dialogTitle, text, { message: result.errors[0] ? await describeProblemLazily(result.errors[0], lang) : '' });
    if (again === null) return null;
    text = again;
    result = validateTitle(text, kind);
  }
  return result.value;
}
