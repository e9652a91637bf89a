// Pure: the three-way merge of one document — this device's record, the server's revision, and the base both last agreed on.
import { hashField, isTextField, noteField, noteOfField, type FieldValue, type Fields } from './docs.ts';

/** What a note changed on both sides keeps of the server's version (issue 23): the local note stays, this above the server's text. */
export const NOTE_SYNC_CONFLICT_LABEL = '— versione del server —';

/** What this device and the server last agreed on for a document: its revision and each field's fingerprint. */
export interface DocBase {
  rev: string;
  /** The agreed revision was a deletion. */
  deleted: boolean;
  hashes: Record<string, string>;
}

/** One side of a document: its fields, or null when it does not exist (never made, or deleted). */
export type Side = Fields | null;

export type SyncConflictKind =
  /** Both changed the same field to different text since they last agreed. */
  | 'both-changed'
  /** Never agreed on this field (a first sync) and the texts differ. */
  | 'no-common-base'
  /** Changed here, deleted on the server. */
  | 'edit-vs-delete'
  /** Deleted here, changed on the server. */
  | 'delete-vs-edit';

/** A question for the user; `field` is null for a whole document (a deletion against an edit). */
export interface ConflictDraft {
  field: string | null;
  kind: SyncConflictKind;
  mine: string;
  theirs: string;
  theirsBy: string;
  theirsAt: string;
}

export interface DocMerge {
  /** What to write here: leave the record, put these fields, or delete it. */
  local: { action: 'keep' } | { action: 'put'; fields: Fields } | { action: 'delete' };
  conflicts: ConflictDraft[];
}

function hashOf(fields: Fields, name: string): string {
  return hashField(fields[name]);
}

function textOf(field: FieldValue | undefined): string {
  return field === undefined ? '' : String(field.value);
}

function changedSince(fields: Fields, base: Record<string, string>): boolean {
  const names = new Set([...Object.keys(fields), ...Object.keys(base)]);
  for (const name of names) if (hashOf(fields, name) !== (base[name] ?? hashField(undefined))) return true;
  return false;
}

/** A short text that tells a person which version of a whole document this is. */
export function summary(fields: Fields): string {
  return Object.entries(fields)
    .filter(([name]) => isTextField(name))
    .map(([, field]) => textOf(field))
    .filter((text) => text !== '')
    .join(' · ');
}

function authorOf(fields: Fields): { by: string; at: string } {
  let latest = { by: '', at: '' };
  for (const field of Object.values(fields)) if ((field.at ?? '') > latest.at) latest = { by: field.by ?? '', at: field.at ?? '' };
  return latest;
}

/**
 * Merges the server's version of a document into this device's, field by field against the base.
 * A field only one side changed takes that side's value, without a question; the same field changed
 * on both sides to different text is a conflict (the local text stays until the user decides); a
 * position (order, area) changed on both sides takes the server's, which loses no words. A deletion
 * against an unchanged record wins; against a changed one it is a conflict. `base` undefined: the
 * two never agreed on this document (a first sync).
 */
export function mergeDoc(local: Side, server: Side, base: DocBase | undefined): DocMerge {
  const keep: DocMerge = { local: { action: 'keep' }, conflicts: [] };
  if (server === null) {
    if (local === null) return keep;
    // Deleted on the server. Never agreed, or agreed it was deleted: this device made or brought it back; it stays (and goes up).
    if (!base || base.deleted) return keep;
    if (!changedSince(local, base.hashes)) return { local: { action: 'delete' }, conflicts: [] };
    return { local: { action: 'keep' }, conflicts: [{ field: null, kind: 'edit-vs-delete', mine: summary(local), theirs: '', theirsBy: '', theirsAt: '' }] };
  }
  if (local === null) {
    // Deleted here (after agreeing it existed): an unchanged server version stays deleted; a changed one asks.
    if (base && !base.deleted) {
      if (!changedSince(server, base.hashes)) return keep;
      const author = authorOf(server);
      return { local: { action: 'keep' }, conflicts: [{ field: null, kind: 'delete-vs-edit', mine: '', theirs: summary(server), theirsBy: author.by, theirsAt: author.at }] };
    }
    return { local: { action: 'put', fields: server }, conflicts: [] };
  }
  const hashes = base && !base.deleted ? base.hashes : undefined;
  const merged: Fields = {};
  const conflicts: ConflictDraft[] = [];
  let differs = false;
  const names = new Set([...Object.keys(local), ...Object.keys(server)]);
  for (const name of names) {
    const mine = local[name];
    const theirs = server[name];
    const mineHash = hashField(mine);
    const theirsHash = hashField(theirs);
    let take: 'mine' | 'theirs' | 'conflict';
    if (mineHash === theirsHash) take = 'mine';
    else if (hashes) {
      const baseHash = hashes[name] ?? hashField(undefined);
      if (mineHash === baseHash) take = 'theirs';
      else if (theirsHash === baseHash) take = 'mine';
      else take = isTextField(name) ? 'conflict' : 'theirs';
    } else if (!isTextField(name)) take = 'theirs';
    else if (textOf(mine) === '') take = 'theirs';
    else if (textOf(theirs) === '') take = 'mine';
    else take = 'conflict';
    const noted = take === 'conflict' ? noteOfField(name) : null;
    if (noted && mine !== undefined && theirs !== undefined) {
      // A note changed on both sides asks nothing (issue 23): mine stays, the server's version is kept
      // beside it as a reply whose id is made from the note's and the version's, so every device makes the same one.
      merged[name] = mine;
      const copy = noteCopy(noted.noteId, theirs, theirsHash);
      if (copy) {
        const copyName = noteField(noted.columnId, copy.id);
        if (local[copyName] === undefined) differs = true;
        merged[copyName] = copy.field;
      }
      continue;
    }
    if (take === 'conflict') {
      const conflictKind: SyncConflictKind = hashes ? 'both-changed' : 'no-common-base';
      conflicts.push({ field: name, kind: conflictKind, mine: textOf(mine), theirs: textOf(theirs), theirsBy: theirs?.by ?? '', theirsAt: theirs?.at ?? '' });
    }
    const value = take === 'theirs' ? theirs : mine;
    if (take === 'theirs') differs = true;
    if (value !== undefined && textOf(value) !== '') merged[name] = value;
    else if (value !== undefined && !isTextField(name)) merged[name] = value;
  }
  return { local: differs ? { action: 'put', fields: merged } : { action: 'keep' }, conflicts };
}

/** The server's version of a note, as a reply to it with its own id. */
function noteCopy(noteId: string, theirs: FieldValue, theirsHash: string): { id: string; field: FieldValue } | null {
  let parsed: { text?: unknown; replyTo?: unknown };
  try {
    parsed = JSON.parse(String(theirs.value)) as { text?: unknown; replyTo?: unknown };
  } catch {
    return null;
  }
  if (typeof parsed.text !== 'string') return null;
  const value: Record<string, unknown> = { by: theirs.by ?? '', at: theirs.at ?? '', text: `${NOTE_SYNC_CONFLICT_LABEL}\n${parsed.text}`, replyTo: typeof parsed.replyTo === 'string' ? parsed.replyTo : noteId };
  return { id: `${noteId}~${theirsHash}`, field: { value: JSON.stringify(value), by: theirs.by ?? '', at: theirs.at ?? '' } };
}

/** The text a "keep both" answer writes: mine, then theirs under a line that names its author. */
export function bothTexts(mine: string, theirs: string, theirsBy: string): string {
  return `${mine}\n— versione del server (${theirsBy.trim() || 'server'}) —\n${theirs}`;
}
