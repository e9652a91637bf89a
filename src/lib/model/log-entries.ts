// Pure: the change log's bulk entries read as the one-record-each entries they stand for.
import type { ChangeLogEntry } from './types.ts';

/**
 * One entry per record: a bulk "created" entry (`addedKeys`) becomes one entry per key with
 * `before` null; a bulk "deleted" entry (`removed`) one entry per snapshot with that snapshot as
 * `before`. Plain entries pass through. Everything that reasons about single records reads this.
 */
export function expandEntry(entry: ChangeLogEntry): ChangeLogEntry[] {
  if (entry.addedKeys) return entry.addedKeys.map((key) => ({ ...entry, key, before: null, addedKeys: undefined }));
  if (entry.removed) return entry.removed.map((record) => ({ ...entry, key: record.id, before: record, op: 'delete' as const, removed: undefined, removedKeys: undefined }));
  return [entry];
}

export function expandEntries(entries: readonly ChangeLogEntry[]): ChangeLogEntry[] {
  return entries.flatMap(expandEntry);
}
