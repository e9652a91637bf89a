// Pure: notes on cells (issue 23) — reading them, writing them into a row, and the three-way merge of a cell's notes.
import { hashText } from './plan.ts';
import type { Note, Row } from './types.ts';

/** A note's text at most: a remark, not a second cell (the editor stops there too). */
export const MAX_NOTE_CHARS = 4_000;

/** The notes of one cell, oldest first (none: an empty list). */
export function notesOf(row: Row, columnId: string): readonly Note[] {
  return (Object.hasOwn(row.notes ?? {}, columnId) ? row.notes?.[columnId] : undefined) ?? [];
}

/** Notes not yet resolved. A reply counts with its thread: only notes that open a thread are counted. */
export function openNotesOf(row: Row, columnId: string): Note[] {
  return notesOf(row, columnId).filter((note) => note.replyTo === undefined && !note.resolved);
}

export function hasOpenNotes(row: Row, columnId: string): boolean {
  return notesOf(row, columnId).some((note) => note.replyTo === undefined && !note.resolved);
}

/** Every open thread of the rows, in row order then column order of appearance. */
export function openNotesOfRows(rows: readonly Row[]): { row: Row; columnId: string; note: Note }[] {
  const found: { row: Row; columnId: string; note: Note }[] = [];
  for (const row of rows) {
    for (const columnId of Object.keys(row.notes ?? {})) for (const note of openNotesOf(row, columnId)) found.push({ row, columnId, note });
  }
  return found;
}

/** True when any row holds a note: exports add their note column only then (files of plans without notes stay as they were). */
export function anyNotes(rows: readonly Row[]): boolean {
  return rows.some((row) => row.notes !== undefined && Object.values(row.notes).some((notes) => notes.length > 0));
}

/** The fingerprint of a note's content: what the merge compares and keeps as base. */
export function noteHash(note: Note): string {
  return hashText(JSON.stringify([note.by, note.at, note.text, note.resolved === true, note.replyTo ?? '']));
}

/** The row with `notes` as cell `columnId`'s notes (an empty list leaves no entry). */
export function withNotes(row: Row, columnId: string, notes: readonly Note[]): Row {
  const all: Record<string, Note[]> = { ...row.notes };
  if (notes.length > 0) all[columnId] = [...notes];
  else delete all[columnId];
  const next: Row = { ...row, notes: all };
  if (Object.keys(all).length === 0) delete next.notes;
  return next;
}

/** The row with a new note (or reply) on a cell. */
export function withNoteAdded(row: Row, columnId: string, note: Note): Row {
  return withNotes(row, columnId, [...notesOf(row, columnId), note]);
}

/** The row with one note changed (its text, or resolved); unchanged when the note is not there. */
export function withNoteChanged(row: Row, columnId: string, noteId: string, patch: Partial<Pick<Note, 'text' | 'resolved' | 'at' | 'by'>>): Row {
  const notes = notesOf(row, columnId);
  if (!notes.some((note) => note.id === noteId)) return row;
  return withNotes(
    row,
    columnId,
    notes.map((note) => {
      if (note.id !== noteId) return note;
      const next: Note = { ...note, ...patch };
      if (!next.resolved) delete next.resolved;
      return next;
    }),
  );
}

/** What merging another side's notes of one cell does. */
export interface NotesMerge {
  notes: Note[];
  /** Notes taken from the other side (new there, or changed there only). */
  taken: number;
  /** Notes changed on both sides: the local one stays, the other side's version is added beside it as a reply. */
  conflicts: number;
  /** Base after the merge: every note of the other side, by id. */
  base: Record<string, string>;
}

/**
 * The three-way merge of one cell's notes: a set keyed by note id. A note on one side only is kept
 * (added there; notes are never deleted, so absence is never a deletion); a note on both sides with
 * different content takes the side that changed since `base` (the hash last exchanged), and when
 * both changed it is a conflict: the local note stays and the other version is kept beside it, as a
 * reply with an id made from the original's and the version's hash — importing the same file again
 * finds it and changes nothing. No clock decides.
 */
export function mergeNotes(local: readonly Note[], theirs: readonly Note[], base: Readonly<Record<string, string>> | undefined, replyLabel: string): NotesMerge {
  const merged = local.map((note) => ({ ...note }));
  const byId = new Map(merged.map((note, i) => [note.id, i]));
  const result: NotesMerge = { notes: merged, taken: 0, conflicts: 0, base: {} };
  for (const their of theirs) {
    const theirsHash = noteHash(their);
    result.base[their.id] = theirsHash;
    const at = byId.get(their.id);
    if (at === undefined) {
      merged.push({ ...their });
      byId.set(their.id, merged.length - 1);
      result.taken++;
      continue;
    }
    const mine = merged[at] as Note;
    const mineHash = noteHash(mine);
    if (mineHash === theirsHash) continue;
    const baseHash = base?.[their.id];
    if (baseHash !== undefined && mineHash === baseHash) {
      merged[at] = { ...their };
      result.taken++;
    } else if (baseHash !== undefined && theirsHash === baseHash) {
      continue;
    } else {
      const copyId = `${their.id}~${theirsHash}`;
      // Merged before (the same file again): the other version is here already, nothing to ask or add.
      if (byId.has(copyId)) continue;
      result.conflicts++;
      const copy: Note = { id: copyId, by: their.by, at: their.at, text: `${replyLabel}\n${their.text}`, replyTo: their.replyTo ?? their.id };
      merged.push(copy);
      byId.set(copyId, merged.length - 1);
    }
  }
  return result;
}

/** Whether two lists of notes hold the same notes in the same order. */
export function sameNotes(a: readonly Note[] | undefined, b: readonly Note[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((note, i) => note.id === (y[i] as Note).id && noteHash(note) === noteHash(y[i] as Note));
}

/** Whether two rows hold the same notes on every cell. */
export function sameRowNotes(a: Row | null | undefined, b: Row | null | undefined): boolean {
  const x = a?.notes ?? {};
  const y = b?.notes ?? {};
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) if (!sameNotes(x[key], y[key])) return false;
  return true;
}
