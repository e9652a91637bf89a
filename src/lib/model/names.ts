// One rule for the titles people type (plans, areas, columns), used alike by the UI and the CSV importer.
import { fail, ok, problem, type Result } from './errors.ts';

export type TitleKind = 'plan' | 'area' | 'column';

/** Longer titles are refused: a name is read in a tab, a header, a file name. */
export const MAX_TITLE_CHARS = 200;

/** Words that would reach Object.prototype if a title were ever used as a key; compared case-insensitively. */
export const RESERVED_TITLES: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** Whether a (trimmed or not) title is one of the reserved words, in any case. */
export function isReservedTitle(text: string): boolean {
  return RESERVED_TITLES.includes(text.normalize('NFC').trim().toLowerCase());
}

/**
 * The title as it will be stored (trimmed), or why it cannot be: empty, a reserved word
 * (`__proto__`, `prototype`, `constructor`, any case) or longer than MAX_TITLE_CHARS characters.
 */
export function validateTitle(text: string, kind: TitleKind): Result<string> {
  const title = text.trim();
  if (title === '') return fail(problem('title.empty', { kind }));
  if (isReservedTitle(title)) {
    return fail(problem('title.reserved', { kind, title }, { cause: title }));
  }
  const length = Array.from(title).length;
  if (length > MAX_TITLE_CHARS) {
    return fail(problem('title.too-long', { kind, length, max: MAX_TITLE_CHARS }, { cause: `${length} chars` }));
  }
  return ok(title);
}

/**
 * A title cut to about `max` characters at a word's end, with "…": what a message quotes of a
 * column or an ambito ("Obiettivi quali-quantitativi 2009-2011" → "Obiettivi…").
 */
export function shortTitle(title: string, max = 24): string {
  const text = title.replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : text.slice(0, max)).replace(/[\s,.;:·-]+$/, '')}…`;
}

/** Titles are data in the plan's language (Italian), like the bundled plan's. */
const UNTITLED: Record<TitleKind, string> = { plan: 'Piano senza nome', area: 'Area senza titolo', column: 'Colonna senza titolo' };

/**
 * A title from outside (a backup) that the rule refuses, made into one it accepts without losing
 * what it said: empty → «Area senza titolo», a reserved word → «__proto__ (titolo riservato)», too
 * long → cut with «…». Null when the title is accepted as it is (trimmed: `validateTitle`).
 */
export function repairTitle(text: string, kind: TitleKind): { title: string; reason: string } | null {
  const checked = validateTitle(text, kind);
  if (checked.ok) return null;
  const reason = checked.errors[0]?.code ?? 'title.invalid';
  const title = text.trim();
  if (reason === 'title.empty') return { title: UNTITLED[kind], reason };
  if (reason === 'title.reserved') return { title: `${title} (titolo riservato)`, reason };
  return { title: `${Array.from(title).slice(0, MAX_TITLE_CHARS - 1).join('')}…`, reason };
}
