// The "Note sulle celle" column (issue 23): a row's notes as one text a person reads in Excel, read back exactly.
import type { Note, Row } from '../model/types.ts';
import { formatLastChangedField, parseLocalLastChanged, type OffsetAt } from './last-changed.ts';

/** The header of the notes column; added to a file only when a row of it has notes. */
export const NOTES_HEADER = 'Note sulle celle';

/** A note as the file names it: the file column (its header) it is on, and the note. */
export interface FileNote {
  columnTitle: string;
  note: Note;
}

/*
 * One field holds every note of the row, each a heading line and its text:
 *
 *   [1] «Risultati al 2011» · aperta · Mario Rossi · 30/06/2026 10:00:00.5 +02:00 · id 3f2a…
 *   dato da confermare con la Regione
 *   [2] «Risultati al 2011» · risposta a [1] · Anna Bianchi · 30/06/2026 11:00:00 +02:00 · id 9c1e…
 *   confermato
 *
 * The heading says which column, open or resolved (or which note it answers), who, when (local time
 * with its offset, as "Ultima modifica") and the note's id, which the merge keys on. A text line
 * that starts with "[" or "\" gets a "\" in front, so no line of a text is ever read as a heading.
 */
const HEADING = /^\[(\d+)\] «([\s\S]*)» · (?:risposta a \[(\d+)\](?: · (risolta))?|(aperta|risolta)) · ([\s\S]*) · ([^·\n]*) · id (\S+)$/;

/** The field for a row's notes (empty when it has none); `titleOf` gives the file column of a plan column (undefined: not in the file). */
export function formatNotesField(row: Row, columnIds: readonly (string | undefined)[], titleOf: (columnId: string) => string, offsetAt: OffsetAt): string {
  if (!row.notes) return '';
  const numbered: { columnId: string; note: Note }[] = [];
  for (const columnId of columnIds) {
    if (columnId === undefined || !Object.hasOwn(row.notes, columnId)) continue;
    for (const note of row.notes[columnId] ?? []) numbered.push({ columnId, note });
  }
  const numberOf = new Map(numbered.map(({ note }, i) => [note.id, i + 1]));
  const lines: string[] = [];
  numbered.forEach(({ columnId, note }, i) => {
    const parent = note.replyTo === undefined ? undefined : numberOf.get(note.replyTo);
    const state = parent !== undefined ? `risposta a [${parent}]${note.resolved ? ' · risolta' : ''}` : note.resolved ? 'risolta' : 'aperta';
    lines.push(`[${i + 1}] «${titleOf(columnId)}» · ${state} · ${note.by} · ${formatLastChangedField(note.at, '', offsetAt)} · id ${note.id}`);
    for (const line of note.text.split('\n')) lines.push(line.startsWith('[') || line.startsWith('\\') ? `\\${line}` : line);
  });
  return lines.join('\n');
}

/** The notes in a field, or null when it is not a notes field (a person's own column that happens to carry the title). */
export function parseNotesField(field: string): FileNote[] | null {
  if (field === '') return [];
  const lines = field.split('\n');
  const found: { number: number; parent: number | null; columnTitle: string; note: Note; body: string[] }[] = [];
  for (const line of lines) {
    const heading = HEADING.exec(line);
    if (heading) {
      const [, number, columnTitle, parent, replyResolved, state, by, when, id] = heading;
      const at = parseLocalLastChanged((when as string).trim())?.at ?? (when as string).trim();
      const note: Note = { id: id as string, by: by as string, at, text: '' };
      if (replyResolved === 'risolta' || state === 'risolta') note.resolved = true;
      found.push({ number: Number(number), parent: parent === undefined ? null : Number(parent), columnTitle: columnTitle as string, note, body: [] });
      continue;
    }
    const current = found.at(-1);
    if (!current) return null;
    current.body.push(line.startsWith('\\') ? line.slice(1) : line);
  }
  const idOf = new Map(found.map((f) => [f.number, f.note.id]));
  return found.map(({ parent, columnTitle, note, body }) => {
    note.text = body.join('\n');
    const replyTo = parent === null ? undefined : idOf.get(parent);
    if (replyTo !== undefined) note.replyTo = replyTo;
    return { columnTitle, note };
  });
}
