// Pure: how Quadro's records become CouchDB documents and back, and the fields a three-way merge compares.
import { hashText } from '../model/plan.ts';
import type { Area, Cell, Column, IsoTime, Note, Plan, Row } from '../model/types.ts';

/** The version of the document format; a document of a newer major version is refused, in words. */
export const SYNC_DOC_VERSION = 1;

export type DocKind = 'plan' | 'area' | 'column' | 'row';

/** A cell as a document holds it: the text and who wrote it last, when (for people only). */
export interface DocCell {
  text: string;
  by: string;
  at: IsoTime;
}

/** The body of a Quadro document in CouchDB (without `_id`/`_rev`). One database holds one plan. */
export interface SyncDocBody {
  type: DocKind;
  v: number;
  planId: string;
  name?: string;
  areaId?: string;
  title?: string;
  introduction?: string;
  order?: number;
  cells?: Record<string, DocCell>;
  /** Issue 23: a row's notes, by column id then note id (a set: each note is a field of its own). */
  notes?: Record<string, Record<string, DocNote>>;
}

/** A note as a document holds it (its column and id are its keys). */
export interface DocNote {
  by: string;
  at: IsoTime;
  text: string;
  resolved?: boolean;
  replyTo?: string;
}

/** One mergeable field of a document: its value and, for cells, who wrote it and when. */
export interface FieldValue {
  value: string | number;
  by?: string;
  at?: IsoTime;
}

/** A document's fields by name: `name`, `title`, `introduction`, `order`, `areaId`, `cell:<columnId>`. */
export type Fields = Record<string, FieldValue>;

/** Fields that hold words someone typed: two different versions are a question, never a silent choice. */
export function isTextField(field: string): boolean {
  return field.startsWith('cell:') || field.startsWith('note:') || field === 'name' || field === 'title' || field === 'introduction';
}

const CELL = 'cell:';
/** `note:<columnId>/<noteId>`: one field per note, so two devices' new notes never meet, and a note changed on both sides is one field. */
const NOTE = 'note:';

export function noteField(columnId: string, noteId: string): string {
  return `${NOTE}${columnId}/${noteId}`;
}

/** The column and note of a note field, or null for another field. */
export function noteOfField(field: string): { columnId: string; noteId: string } | null {
  if (!field.startsWith(NOTE)) return null;
  const slash = field.indexOf('/', NOTE.length);
  if (slash === -1) return null;
  return { columnId: field.slice(NOTE.length, slash), noteId: field.slice(slash + 1) };
}

/** A note field's value: the note's content as one JSON text, so its hash covers text, state and author. */
function noteValue(note: DocNote): string {
  const value: DocNote = { by: note.by, at: note.at, text: note.text };
  if (note.resolved) value.resolved = true;
  if (note.replyTo !== undefined) value.replyTo = note.replyTo;
  return JSON.stringify(value);
}

/** The note in a field's value, read defensively (a document is input from outside); null when unreadable. */
export function noteOfValue(id: string, value: string | number): Note | null {
  try {
    const parsed = JSON.parse(String(value)) as Partial<DocNote> | null;
    if (!parsed || typeof parsed !== 'object' || typeof parsed.text !== 'string') return null;
    const note: Note = { id, by: typeof parsed.by === 'string' ? parsed.by : '', at: typeof parsed.at === 'string' ? parsed.at : '', text: parsed.text };
    if (parsed.resolved === true) note.resolved = true;
    if (typeof parsed.replyTo === 'string' && parsed.replyTo !== '') note.replyTo = parsed.replyTo;
    return note;
  } catch {
    return null;
  }
}

export function docIdOf(kind: DocKind, id: string): string {
  return `${kind}:${id}`;
}

/** The kind and Quadro id of a document id, or null for a document that is not Quadro's (a design doc, another app's). */
export function parseDocId(docId: string): { kind: DocKind; id: string } | null {
  const colon = docId.indexOf(':');
  if (colon <= 0) return null;
  const kind = docId.slice(0, colon);
  const id = docId.slice(colon + 1);
  if (id === '' || (kind !== 'plan' && kind !== 'area' && kind !== 'column' && kind !== 'row')) return null;
  return { kind, id };
}

/** The record's mergeable fields. An empty cell is no field: "no cell" and "empty cell" are one thing. */
export function fieldsOfRecord(kind: DocKind, record: Plan | Area | Column | Row): Fields {
  switch (kind) {
    case 'plan':
      return { name: { value: (record as Plan).name } };
    case 'area': {
      const area = record as Area;
      return { title: { value: area.title }, introduction: { value: area.introduction }, order: { value: area.order } };
    }
    case 'column': {
      const column = record as Column;
      return { areaId: { value: column.areaId }, title: { value: column.title }, order: { value: column.order } };
    }
    case 'row': {
      const row = record as Row;
      const fields: Fields = { areaId: { value: row.areaId }, order: { value: row.order } };
      for (const [columnId, cell] of Object.entries(row.cells)) {
        if (cell.text !== '') fields[CELL + columnId] = { value: cell.text, by: cell.changedBy, at: cell.changedAt };
      }
      for (const [columnId, notes] of Object.entries(row.notes ?? {})) {
        for (const note of notes) fields[noteField(columnId, note.id)] = { value: noteValue(note), by: note.by, at: note.at };
      }
      return fields;
    }
  }
}

/** The document body for a record's fields. */
export function bodyOfFields(kind: DocKind, planId: string, fields: Fields): SyncDocBody {
  const body: SyncDocBody = { type: kind, v: SYNC_DOC_VERSION, planId };
  const cells: Record<string, DocCell> = {};
  const notes: Record<string, Record<string, DocNote>> = {};
  for (const [name, field] of Object.entries(fields)) {
    const noted = noteOfField(name);
    if (noted) {
      const note = noteOfValue(noted.noteId, field.value);
      if (!note) continue;
      const { id: _id, ...content } = note;
      (notes[noted.columnId] ??= {})[noted.noteId] = content;
    } else if (name.startsWith(CELL)) {
      cells[name.slice(CELL.length)] = { text: String(field.value), by: field.by ?? '', at: field.at ?? '' };
    } else if (name === 'order') body.order = Number(field.value);
    else if (name === 'name' || name === 'areaId' || name === 'title' || name === 'introduction') body[name] = String(field.value);
  }
  if (kind === 'row') body.cells = cells;
  // Only a row with notes has the key: documents of plans without notes stay as they were.
  if (kind === 'row' && Object.keys(notes).length > 0) body.notes = notes;
  return body;
}

/** The fields of a document body (what the server holds), read defensively: a document is input from outside. */
export function fieldsOfBody(body: SyncDocBody): Fields {
  const fields: Fields = {};
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  switch (body.type) {
    case 'plan':
      fields['name'] = { value: text(body.name) };
      break;
    case 'area':
      fields['title'] = { value: text(body.title) };
      fields['introduction'] = { value: text(body.introduction) };
      fields['order'] = { value: finiteOrder(body.order) };
      break;
    case 'column':
      fields['areaId'] = { value: text(body.areaId) };
      fields['title'] = { value: text(body.title) };
      fields['order'] = { value: finiteOrder(body.order) };
      break;
    case 'row': {
      fields['areaId'] = { value: text(body.areaId) };
      fields['order'] = { value: finiteOrder(body.order) };
      const cells = body.cells && typeof body.cells === 'object' ? body.cells : {};
      for (const [columnId, cell] of Object.entries(cells)) {
        if (!cell || typeof cell !== 'object' || typeof cell.text !== 'string' || cell.text === '') continue;
        fields[CELL + columnId] = { value: cell.text, by: text(cell.by), at: text(cell.at) };
      }
      const notes = body.notes && typeof body.notes === 'object' ? body.notes : {};
      for (const [columnId, byId] of Object.entries(notes)) {
        if (!byId || typeof byId !== 'object' || columnId.includes('/')) continue;
        for (const [noteId, docNote] of Object.entries(byId)) {
          const note = noteOfValue(noteId, JSON.stringify(docNote ?? null));
          if (note) fields[noteField(columnId, noteId)] = { value: noteValue(note), by: note.by, at: note.at };
        }
      }
      break;
    }
  }
  return fields;
}

function finiteOrder(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** What is checked of a document before it is used: Quadro's, of this plan, of a version this Quadro reads. */
export function isReadableBody(body: unknown, planId: string): body is SyncDocBody {
  if (!body || typeof body !== 'object') return false;
  const b = body as Partial<SyncDocBody>;
  return (b.type === 'plan' || b.type === 'area' || b.type === 'column' || b.type === 'row') && typeof b.v === 'number' && Math.floor(b.v) === SYNC_DOC_VERSION && b.planId === planId;
}

/** The fingerprint of a field's value: what the device keeps as the base of the next merge. */
export function hashField(field: FieldValue | undefined): string {
  if (field === undefined) return hashText('');
  return typeof field.value === 'number' ? `n${field.value}` : hashText(field.value);
}

/** Every field's fingerprint. Missing fields (an empty cell) have none: they hash as empty text when compared. */
export function hashFields(fields: Fields): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const [name, field] of Object.entries(fields)) hashes[name] = hashField(field);
  return hashes;
}

/** True when two sets of fields hold the same values (authors and times aside). */
export function sameFields(a: Fields, b: Fields): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const name of names) if (hashField(a[name]) !== hashField(b[name])) return false;
  return true;
}

/**
 * The record for merged fields. `local` is the record as stored here (its device-only parts — a
 * column's width, a row's CSV merge bases — stay); absent, the record is new on this device.
 */
export function recordOfFields(kind: DocKind, id: string, planId: string, fields: Fields, local: Plan | Area | Column | Row | undefined, now: IsoTime): Plan | Area | Column | Row {
  const text = (name: string): string => String(fields[name]?.value ?? '');
  const order = (): number => Number(fields['order']?.value ?? 0);
  switch (kind) {
    case 'plan': {
      const plan = local as Plan | undefined;
      return { ...(plan ?? { id, origin: 'user' as const, createdAt: now, updatedAt: now }), name: text('name') };
    }
    case 'area':
      return { ...(local as Area | undefined), id, planId, title: text('title'), introduction: text('introduction'), order: order() };
    case 'column':
      return { ...(local as Column | undefined), id, planId, areaId: text('areaId'), title: text('title'), order: order() };
    case 'row': {
      const row = local as Row | undefined;
      const cells: Record<string, Cell> = {};
      for (const [name, field] of Object.entries(fields)) {
        if (!name.startsWith(CELL) || field.value === '') continue;
        const columnId = name.slice(CELL.length);
        const old = row?.cells[columnId];
        // An unchanged cell keeps its record as it is (its batch stamp, its exact time).
        cells[columnId] = old && old.text === field.value ? old : { text: String(field.value), changedAt: field.at || now, changedBy: field.by ?? '' };
      }
      const next: Row = { ...row, id, planId, areaId: text('areaId'), order: order(), cells };
      const notes = notesOfFields(fields, row);
      if (notes) next.notes = notes;
      else delete next.notes;
      return next;
    }
  }
}

/**
 * A row's notes from its note fields: notes this device has keep their place (and their record when
 * unchanged); new ones follow, oldest first by their writer's time — a display order only.
 */
function notesOfFields(fields: Fields, local: Row | undefined): Record<string, Note[]> | undefined {
  const byColumn = new Map<string, Map<string, Note>>();
  for (const [name, field] of Object.entries(fields)) {
    const noted = noteOfField(name);
    const note = noted ? noteOfValue(noted.noteId, field.value) : null;
    if (!noted || !note) continue;
    let column = byColumn.get(noted.columnId);
    if (!column) byColumn.set(noted.columnId, (column = new Map()));
    column.set(note.id, note);
  }
  if (byColumn.size === 0) return undefined;
  const notes: Record<string, Note[]> = {};
  for (const [columnId, found] of byColumn) {
    const list: Note[] = [];
    for (const old of local?.notes?.[columnId] ?? []) {
      const now = found.get(old.id);
      if (!now) continue;
      list.push(noteValue(now) === noteValue(old) ? old : now);
      found.delete(old.id);
    }
    list.push(...[...found.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1)));
    notes[columnId] = list;
  }
  return notes;
}

export function cellField(columnId: string): string {
  return CELL + columnId;
}

/** The column of a cell field, or null for another field. */
export function columnOfField(field: string): string | null {
  return field.startsWith(CELL) ? field.slice(CELL.length) : null;
}
