// Pure: the names under which files have referred to a row (issue 18), so the next import of the same or a later file finds it again.
import type { Row } from './types.ts';

/** A row keeps its most recent aliases only: enough for the files still in circulation, never unbounded. */
export const MAX_ROW_ALIASES = 16;

const ID_PREFIX = 'id:';
const TEXT_PREFIX = 'text:';

/** The alias a file's ID the plan does not use leaves on the row it was matched to (or made into). */
export function idAlias(fileId: string): string {
  return `${ID_PREFIX}${fileId}`;
}

/**
 * The alias a file without IDs leaves: the key of its first column's text (`key` is the caller's
 * normalized, hashed form, so one rule compares the file's text and the alias).
 */
export function textAlias(key: string): string {
  return `${TEXT_PREFIX}${key}`;
}

/** The file ID an alias stands for, or null for a text alias. */
export function aliasedId(alias: string): string | null {
  return alias.startsWith(ID_PREFIX) ? alias.slice(ID_PREFIX.length) : null;
}

/** The text key an alias stands for, or null for an ID alias. */
export function aliasedText(alias: string): string | null {
  return alias.startsWith(TEXT_PREFIX) ? alias.slice(TEXT_PREFIX.length) : null;
}

/** The row's aliases with `more` added (newest last, oldest dropped past MAX_ROW_ALIASES); the same array when nothing is new. */
export function withAliases(existing: string[] | undefined, more: readonly string[]): string[] | undefined {
  const fresh = more.filter((alias, i) => !(existing ?? []).includes(alias) && more.indexOf(alias) === i);
  if (fresh.length === 0) return existing;
  return [...(existing ?? []), ...fresh].slice(-MAX_ROW_ALIASES);
}

/** Whether two rows carry the same aliases in the same order. */
export function sameAliases(a: Pick<Row, 'aliases'> | null | undefined, b: Pick<Row, 'aliases'> | null | undefined): boolean {
  const x = a?.aliases ?? [];
  const y = b?.aliases ?? [];
  return x.length === y.length && x.every((alias, i) => alias === y[i]);
}
