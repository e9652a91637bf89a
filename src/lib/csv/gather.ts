// Pure: several colleagues' files of the same plan, each merged alone against the same local state,
// combined into one outcome per cell (one file's change, files agreeing, colleagues in conflict) and,
// once the user has decided, into one change set per file, in file order, for one transaction.
import { hashText } from '../model/plan.ts';
import type { Cell, CellPlace, ImportSummary, IsoTime, Note, PlanDocument, Row } from '../model/types.ts';
import { withAliases } from '../model/aliases.ts';
import { mergeNotes, noteHash, notesOf, sameNotes } from '../model/notes.ts';
import { storedFileTime } from './last-changed.ts';
import { NOTE_CONFLICT_LABEL, type CellConflict, type ConflictKind, type FileCellNotes, type ImportPreview, type RowUpdate } from './merge.ts';

/** One colleague's file as the gathering sees it: its merge alone against the local plan. */
export interface GatherInput {
  fileName: string;
  preview: ImportPreview;
}

/** Who a file comes from and when, read from its "Ultima modifica" (display only: no order is decided by it). */
export interface GatherFile {
  index: number;
  fileName: string;
  /** The name written most often beside the file's changes (else beside any of its rows); null when none. */
  author: string | null;
  /** The latest time the file states for a change (display only). */
  lastAt: IsoTime | null;
  /** What the file would do alone: cells it changes, rows it adds; damaged or invisible-only changes left out. */
  cellsChanged: number;
  rowsAdded: number;
  leftOut: number;
  /** Notes on cells (issue 23) the file would bring alone: new, changed there only, or changed on both sides (kept beside). */
  notes: number;
}

/** One file's text for a cell it changes. */
export interface GatherVersion {
  file: number;
  text: string;
  changedAt: IsoTime | null;
  changedBy: string | null;
}

/**
 * - 'single': one file changes the cell, the local text is unchanged since the last exchange: it comes in.
 * - 'agreement': several files change it to the same text: it comes in once.
 * - 'local': the file(s) agree, but the cell was changed here too (or has no common base): the user decides, as alone.
 * - 'colleagues': two or more files change it differently: the user decides.
 */
export type GatherKind = 'single' | 'agreement' | 'local' | 'colleagues';

export interface GatherCell extends CellPlace {
  /** `${areaId}|${rowId}|${columnId}`, as a single import's conflict id. */
  id: string;
  kind: GatherKind;
  /** For 'local': why, as a single import says it. */
  localKind?: ConflictKind;
  mine: string;
  mineChangedAt: IsoTime | null;
  mineChangedBy: string | null;
  /** The text as last exchanged, when some side still holds it (only its hash is stored); null when unknown. */
  base: string | null;
  /** Every file that changes the cell, in file order. */
  versions: GatherVersion[];
}

export interface GatherRowAdded {
  file: number;
  areaId: string;
  /** Plan column for each text, in order (columns the file adds are left out of a gathering). */
  columnIds: string[];
  texts: string[];
  fileChange: { at: IsoTime; by: string } | null;
  alias: string | null;
  /** The file's notes of the new row, plan columns only. */
  notes?: FileCellNotes[];
}

export interface GatherPreview {
  planId: string;
  files: GatherFile[];
  /** Every cell some file changes, conflicts first. */
  cells: GatherCell[];
  rowsAdded: GatherRowAdded[];
  /** Rows a later file also adds (the same ID as an earlier file's new row): added once. */
  rowsAddedTwice: number;
  /** Merge bases and aliases per row: what each file knows of it (hash per column), in file order. */
  rows: Record<string, GatherRowKnowledge>;
  nextRowOrder: Record<string, number>;
}

export interface GatherRowKnowledge {
  row: Row;
  /** Per file that holds the row: its text hash for each column it has. */
  hashes: { file: number; base: Record<string, string>; aliases: string[]; notes?: FileCellNotes[] }[];
}

export type GatherChoice = { kind: 'mine' } | { kind: 'file'; file: number } | { kind: 'both' } | { kind: 'edit'; text: string };

export interface GatherDecisions {
  /** Per conflict id; a missing answer keeps the local text. */
  cells: Record<string, GatherChoice>;
}

export interface GatherContext {
  now: IsoTime;
  importer: string;
  newId?: () => string;
}

/** What a file did (`conflicts`: those it was part of, and how each ended), with its place in the gathering. */
export interface GatherFileSummary extends ImportSummary {
  file: number;
  fileName: string;
  notesAdded: number;
}

export interface GatherFileWrite {
  file: number;
  fileName: string;
  /** Complete records, cumulative: a row another file wrote before holds that file's cells too. */
  rowsToPut: Row[];
  summary: GatherFileSummary;
}

export interface GatherChangeSet {
  files: GatherFileWrite[];
}

/** Combines each file's merge alone (all against the same local plan) into one preview. */
export function gatherImports(doc: PlanDocument, inputs: readonly GatherInput[]): GatherPreview {
  const cells = new Map<string, GatherCell>();
  const rows: Record<string, GatherRowKnowledge> = {};
  const rowsAdded: GatherRowAdded[] = [];
  const addedAliases = new Set<string>();
  let rowsAddedTwice = 0;
  const nextRowOrder: Record<string, number> = {};
  const areaTitle = new Map(doc.areas.map((area) => [area.id, area.title]));
  const columnIds = new Set(doc.columns.map((column) => column.id));
  const files: GatherFile[] = [];

  inputs.forEach((input, index) => {
    const file: GatherFile = { index, fileName: input.fileName, author: null, lastAt: null, cellsChanged: 0, rowsAdded: 0, leftOut: 0, notes: 0 };
    const authors = new Map<string, number>();
    const noteChange = (change: { at: IsoTime; by: string } | null, weight: number): void => {
      if (!change) return;
      if (change.by.trim() !== '') authors.set(change.by.trim(), (authors.get(change.by.trim()) ?? 0) + weight);
      if (file.lastAt === null || Date.parse(change.at) > Date.parse(file.lastAt)) file.lastAt = change.at;
    };
    for (const area of input.preview.areas) {
      // A gathering brings cells and rows into the plan's areas and columns; new ones stay for a single import.
      if (area.isNew) continue;
      nextRowOrder[area.areaId] ??= area.nextRowOrder;
      const conflicts = new Map(area.conflicts.map((conflict) => [conflict.id, conflict]));
      for (const update of [...area.rowsChanged, ...area.rowsRebased]) {
        noteChange(update.fileChange, update.changes.length + update.conflictIds.length > 0 ? 100 : 1);
        const knowledge = (rows[update.rowId] ??= { row: update.row, hashes: [] });
        const notes = planNotes(update.notes, columnIds);
        knowledge.hashes.push({ file: index, base: onlyPlanColumns(update.newBase, columnIds), aliases: update.newAliases, ...(notes ? { notes } : {}) });
        for (const cell of notes ?? []) {
          const merged = mergeNotes(notesOf(update.row, cell.columnKey), cell.notes, update.row.noteBase, NOTE_CONFLICT_LABEL);
          file.notes += merged.taken + merged.conflicts;
        }
        for (const change of update.changes) {
          if (!columnIds.has(change.columnKey)) continue;
          if (change.damage) {
            file.leftOut++;
            // A change left out is no knowledge of the cell: its base stays as it was.
            delete knowledge.hashes[knowledge.hashes.length - 1]!.base[change.columnKey];
            continue;
          }
          file.cellsChanged++;
          addVersion(cells, area.areaId, areaTitle.get(area.areaId) ?? area.title, update, change.columnKey, change.columnTitle, change.before, change.beforeChangedAt, change.beforeChangedBy, null, {
            file: index,
            text: change.after,
            changedAt: update.fileChange?.at ?? null,
            changedBy: update.fileChange?.by ?? null,
          });
        }
        for (const conflictId of update.conflictIds) {
          const conflict = conflicts.get(conflictId) as CellConflict;
          if (!columnIds.has(conflict.columnId)) continue;
          file.cellsChanged++;
          addVersion(cells, area.areaId, areaTitle.get(area.areaId) ?? area.title, update, conflict.columnId, conflict.columnTitle, conflict.mine, conflict.mineChangedAt, conflict.mineChangedBy, conflict.kind, {
            file: index,
            text: conflict.theirs,
            changedAt: conflict.theirsChangedAt,
            changedBy: conflict.theirsChangedBy,
          });
        }
      }
      const keys = area.columnKeys;
      for (const added of area.rowsAdded) {
        noteChange(added.fileChange, 100);
        if (added.damage) {
          file.leftOut++;
          continue;
        }
        if (added.alias !== null) {
          if (addedAliases.has(added.alias)) {
            rowsAddedTwice++;
            continue;
          }
          addedAliases.add(added.alias);
        }
        const ids: string[] = [];
        const texts: string[] = [];
        keys.forEach((key, k) => {
          if (!columnIds.has(key)) return;
          ids.push(key);
          texts.push(added.texts[k] as string);
        });
        file.rowsAdded++;
        const notes = planNotes(added.notes, columnIds);
        for (const cell of notes ?? []) file.notes += cell.notes.length;
        rowsAdded.push({ file: index, areaId: area.areaId, columnIds: ids, texts, fileChange: added.fileChange, alias: added.alias, ...(notes ? { notes } : {}) });
      }
    }
    let best = 0;
    for (const [name, count] of authors) {
      if (count > best) {
        best = count;
        file.author = name;
      }
    }
    files.push(file);
  });

  // A file that holds a row it leaves as it is knows the row's texts as they are based now: that counts
  // when the gathering writes the row (importing that file again must not take its older text back).
  inputs.forEach((input, index) => {
    for (const area of input.preview.areas) {
      if (area.isNew) continue;
      const missing = new Set(area.rowsMissing.map((row) => row.rowId));
      const keys = area.columnKeys.filter((key) => columnIds.has(key));
      for (const knowledge of Object.values(rows)) {
        if (knowledge.row.areaId !== area.areaId || missing.has(knowledge.row.id) || knowledge.hashes.some((known) => known.file === index)) continue;
        const base: Record<string, string> = {};
        for (const key of keys) {
          const hash = knowledge.row.base?.[key];
          if (hash !== undefined) base[key] = hash;
        }
        knowledge.hashes.push({ file: index, base, aliases: [] });
      }
    }
  });
  for (const knowledge of Object.values(rows)) knowledge.hashes.sort((a, b) => a.file - b.file);

  for (const cell of cells.values()) classify(cell, rows[cell.rowId]?.row);
  const order: Record<GatherKind, number> = { colleagues: 0, local: 1, agreement: 2, single: 3 };
  const list = [...cells.values()].sort((a, b) => order[a.kind] - order[b.kind]);
  return { planId: doc.plan.id, files, cells: list, rowsAdded, rowsAddedTwice, rows, nextRowOrder };
}

function onlyPlanColumns(base: Record<string, string>, columnIds: ReadonlySet<string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, hash] of Object.entries(base)) if (columnIds.has(key)) result[key] = hash;
  return result;
}

/** A file's notes on the plan's columns (a gathering adds no column: notes on a new one stay for a single import). */
function planNotes(notes: readonly FileCellNotes[] | undefined, columnIds: ReadonlySet<string>): FileCellNotes[] | undefined {
  const kept = (notes ?? []).filter((cell) => columnIds.has(cell.columnKey) && cell.notes.length > 0);
  return kept.length > 0 ? kept : undefined;
}

function addVersion(
  cells: Map<string, GatherCell>,
  areaId: string,
  areaTitle: string,
  update: RowUpdate,
  columnId: string,
  columnTitle: string,
  mine: string,
  mineChangedAt: IsoTime | null,
  mineChangedBy: string | null,
  localKind: ConflictKind | null,
  version: GatherVersion,
): void {
  const id = `${areaId}|${update.rowId}|${columnId}`;
  let cell = cells.get(id);
  if (!cell) {
    cell = { id, kind: 'single', areaId, areaTitle, rowId: update.rowId, columnId, columnTitle, ambito: update.ambito, mine, mineChangedAt, mineChangedBy, base: null, versions: [] };
    cells.set(id, cell);
  }
  if (localKind) cell.localKind = localKind;
  cell.versions.push(version);
}

function classify(cell: GatherCell, row: Row | undefined): void {
  const texts = new Set(cell.versions.map((version) => version.text));
  if (texts.size > 1) cell.kind = 'colleagues';
  else if (cell.localKind) cell.kind = 'local';
  else cell.kind = cell.versions.length > 1 ? 'agreement' : 'single';
  if (cell.kind !== 'local') delete cell.localKind;
  const base = row?.base?.[cell.columnId];
  if (base !== undefined) cell.base = [cell.mine, ...texts].find((text) => hashText(text) === base) ?? null;
}

/** Whether a cell needs the user's decision. */
export function isGatherConflict(cell: GatherCell): boolean {
  return cell.kind === 'colleagues' || cell.kind === 'local';
}

/** The text a "keep both" writes: the local text (when it differs) and each colleague's, each under its source. */
export function keepBothText(cell: GatherCell, sourceOf: (file: number) => string): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  if (cell.mine !== '') {
    parts.push(cell.mine);
    seen.add(cell.mine);
  }
  for (const version of cell.versions) {
    if (seen.has(version.text)) continue;
    seen.add(version.text);
    parts.push(`— versione di ${sourceOf(version.file)} —\n${version.text}`);
  }
  return parts.join('\n');
}

/**
 * The records each file writes, in file order, for the user's decisions: a cell comes in from the
 * file whose text it takes (the first of files agreeing; for "keep both" or an edit, the first file of
 * the conflict), so undoing one file's batch takes back exactly its cells. Merge bases are set so that
 * importing any of the files again never silently overwrites what the gathering decided.
 */
export function resolveGather(preview: GatherPreview, decisions: GatherDecisions, context: GatherContext): GatherChangeSet {
  const newId = context.newId ?? (() => crypto.randomUUID());
  const sourceOf = (file: number): string => preview.files[file]?.author ?? preview.files[file]?.fileName ?? '';
  const summaries: GatherFileSummary[] = preview.files.map((file) => ({
    file: file.index,
    fileName: file.fileName,
    author: file.author,
    cellsChanged: 0,
    rowsAdded: 0,
    conflicts: 0,
    keptThisFile: 0,
    keptOther: 0,
    keptMine: 0,
    keptBoth: 0,
    edited: 0,
    notesAdded: 0,
  }));
  // Per file, per row: the cells it writes.
  const byFile = preview.files.map(() => new Map<string, Map<string, Cell>>());
  const finalText = new Map<string, Map<string, string>>();
  const writeCell = (file: number, rowId: string, columnId: string, cell: Cell): void => {
    const map = byFile[file] as Map<string, Map<string, Cell>>;
    let row = map.get(rowId);
    if (!row) map.set(rowId, (row = new Map()));
    row.set(columnId, cell);
    let texts = finalText.get(rowId);
    if (!texts) finalText.set(rowId, (texts = new Map()));
    texts.set(columnId, cell.text);
    (summaries[file] as GatherFileSummary).cellsChanged++;
  };
  const fromFile = (version: GatherVersion): Cell => ({
    text: version.text,
    changedAt: storedFileTime(version.changedAt ?? undefined, context.now),
    changedBy: version.changedBy ?? context.importer,
  });

  for (const cell of preview.cells) {
    const first = cell.versions[0] as GatherVersion;
    if (!isGatherConflict(cell)) {
      writeCell(first.file, cell.rowId, cell.columnId, fromFile(first));
      continue;
    }
    const choice: GatherChoice = Object.hasOwn(decisions.cells, cell.id) ? (decisions.cells[cell.id] as GatherChoice) : { kind: 'mine' };
    const involved = [...new Set(cell.versions.map((version) => version.file))];
    for (const file of involved) (summaries[file] as GatherFileSummary).conflicts++;
    if (choice.kind === 'mine') {
      for (const file of involved) (summaries[file] as GatherFileSummary).keptMine++;
      continue;
    }
    if (choice.kind === 'file') {
      const chosen = cell.versions.find((version) => version.file === choice.file);
      if (!chosen) {
        for (const file of involved) (summaries[file] as GatherFileSummary).keptMine++;
        continue;
      }
      for (const file of involved) {
        const summary = summaries[file] as GatherFileSummary;
        if (cell.versions.some((version) => version.file === file && version.text === chosen.text)) summary.keptThisFile++;
        else summary.keptOther++;
      }
      writeCell(chosen.file, cell.rowId, cell.columnId, fromFile(chosen));
      continue;
    }
    const text = choice.kind === 'both' ? keepBothText(cell, sourceOf) : choice.text;
    for (const file of involved) (summaries[file] as GatherFileSummary)[choice.kind === 'both' ? 'keptBoth' : 'edited']++;
    if (text === cell.mine) continue;
    writeCell(first.file, cell.rowId, cell.columnId, { text, changedAt: context.now, changedBy: context.importer });
  }

  // Rows: each file puts the rows it writes cells in, the row as the files before it left it.
  const current = new Map<string, Row>();
  const rowsOf = preview.files.map((): Row[] => []);
  // The file that records a row's base and alias moves when no file writes a cell in it: the first that knows it.
  const rebaseFile = new Map<string, number>();
  for (const [rowId, knowledge] of Object.entries(preview.rows)) {
    if (!finalText.has(rowId)) rebaseFile.set(rowId, (knowledge.hashes[0] as { file: number }).file);
  }
  // Notes (issue 23): each file's notes come in with its own batch, merged into the row as the files
  // before it left it, always against the note base the row had before the gathering (a stale file after
  // one that changed a note does not take it back; two files changing it differently keep both).
  const noteBases = new Map<string, Record<string, string>>();
  for (const [rowId, knowledge] of Object.entries(preview.rows)) {
    if (knowledge.hashes.some((known) => known.notes)) noteBases.set(rowId, finalNoteBase(knowledge));
  }
  preview.files.forEach((_file, file) => {
    const writes = byFile[file] as Map<string, Map<string, Cell>>;
    const rowIds = new Set(writes.keys());
    for (const [rowId, owner] of rebaseFile) if (owner === file) rowIds.add(rowId);
    for (const rowId of noteBases.keys()) if (preview.rows[rowId]?.hashes.some((known) => known.file === file && known.notes)) rowIds.add(rowId);
    for (const rowId of rowIds) {
      const knowledge = preview.rows[rowId];
      if (!knowledge) continue;
      const before = current.get(rowId) ?? knowledge.row;
      const cells = { ...before.cells };
      for (const [columnId, cell] of writes.get(rowId) ?? []) cells[columnId] = cell;
      const base = finalBase(knowledge, finalText.get(rowId));
      const aliases = withAliases(knowledge.row.aliases, knowledge.hashes.flatMap((known) => known.aliases));
      const fileNotes = knowledge.hashes.find((known) => known.file === file)?.notes;
      const notes = fileNotes ? mergeFileNotes(before, fileNotes, knowledge.row.noteBase, noteBases.get(rowId) ?? {}) : null;
      const owner = writes.has(rowId) || rebaseFile.get(rowId) === file;
      if (!notes && (!owner || (!writes.has(rowId) && sameBase(knowledge.row.base, base) && aliases === knowledge.row.aliases))) continue;
      const next: Row = { ...before, cells, base };
      if (aliases !== undefined) next.aliases = aliases;
      if (notes) {
        if (notes.notes) next.notes = notes.notes;
        else delete next.notes;
        next.noteBase = notes.noteBase;
        (summaries[file] as GatherFileSummary).notesAdded += notes.taken;
      }
      current.set(rowId, next);
      (rowsOf[file] as Row[]).push(next);
    }
  });

  // New rows come with their file.
  const nextOrder = { ...preview.nextRowOrder };
  for (const added of preview.rowsAdded) {
    const cells: Record<string, Cell> = {};
    const base: Record<string, string> = {};
    const changedAt = storedFileTime(added.fileChange?.at, context.now);
    const changedBy = added.fileChange?.by ?? context.importer;
    added.columnIds.forEach((columnId, k) => {
      const text = added.texts[k] as string;
      base[columnId] = hashText(text);
      if (text !== '') cells[columnId] = { text, changedAt, changedBy };
    });
    const order = nextOrder[added.areaId] ?? 0;
    nextOrder[added.areaId] = order + 1;
    const row: Row = { id: newId(), areaId: added.areaId, planId: preview.planId, order, cells, base };
    if (added.alias !== null) row.aliases = [added.alias];
    if (added.notes) {
      const notes = mergeFileNotes(row, added.notes, undefined, {});
      if (notes) {
        if (notes.notes) row.notes = notes.notes;
        row.noteBase = notes.noteBase;
        (summaries[added.file] as GatherFileSummary).notesAdded += notes.taken;
      }
    }
    (rowsOf[added.file] as Row[]).push(row);
    (summaries[added.file] as GatherFileSummary).rowsAdded++;
  }

  return {
    files: preview.files.map((file) => ({ file: file.index, fileName: file.fileName, rowsToPut: rowsOf[file.index] as Row[], summary: summaries[file.index] as GatherFileSummary })),
  };
}

/**
 * A cell's base after the gathering. A file whose text differs from what the cell now holds gives
 * the base (the last such file): importing it again keeps the cell. When every file holds the final
 * text, that text is the base. A file importing again then either changes nothing or asks.
 */
function finalBase(knowledge: GatherRowKnowledge, written: Map<string, string> | undefined): Record<string, string> {
  const base: Record<string, string> = { ...knowledge.row.base };
  const columns = new Set(knowledge.hashes.flatMap((known) => Object.keys(known.base)));
  for (const columnId of columns) {
    const text = written?.get(columnId) ?? knowledge.row.cells[columnId]?.text ?? '';
    const finalHash = hashText(text);
    let chosen: string | undefined;
    for (const known of knowledge.hashes) {
      const hash = known.base[columnId];
      if (hash !== undefined && hash !== finalHash) chosen = hash;
    }
    base[columnId] = chosen ?? finalHash;
  }
  return base;
}

/**
 * A row's notes after one file's (issue 23): each cell's notes merged as a set (`mergeNotes`) with the
 * row's as the files before left them, against `base` (the note base before the gathering); the note
 * base takes, for each note the file holds, `finalBases` (the gathering's). Null when nothing changes.
 */
function mergeFileNotes(
  row: Row,
  fileNotes: readonly FileCellNotes[],
  base: Readonly<Record<string, string>> | undefined,
  finalBases: Readonly<Record<string, string>>,
): { notes: Record<string, Note[]> | undefined; noteBase: Record<string, string>; taken: number } | null {
  const notes: Record<string, Note[]> = { ...row.notes };
  const noteBase: Record<string, string> = { ...row.noteBase };
  let changed = false;
  let taken = 0;
  for (const cell of fileNotes) {
    const mine = notesOf(row, cell.columnKey);
    const merged = mergeNotes(mine, cell.notes, base, NOTE_CONFLICT_LABEL);
    taken += merged.taken + merged.conflicts;
    if (!sameNotes(mine, merged.notes)) {
      notes[cell.columnKey] = merged.notes;
      changed = true;
    }
    for (const [id, hash] of Object.entries(merged.base)) {
      const next = finalBases[id] ?? hash;
      if (noteBase[id] === next) continue;
      noteBase[id] = next;
      changed = true;
    }
  }
  if (!changed) return null;
  return { notes: Object.keys(notes).length > 0 ? notes : undefined, noteBase, taken };
}

/**
 * The note base after the gathering, per note some file holds: as `finalBase` for texts, the last file
 * whose version differs from the note the row ends with gives it (importing that file again keeps the
 * note); when every file holds the final note, its hash.
 */
function finalNoteBase(knowledge: GatherRowKnowledge): Record<string, string> {
  let notes: Record<string, readonly Note[]> = { ...knowledge.row.notes };
  for (const known of knowledge.hashes) {
    for (const cell of known.notes ?? []) {
      notes = { ...notes, [cell.columnKey]: mergeNotes(notes[cell.columnKey] ?? [], cell.notes, knowledge.row.noteBase, NOTE_CONFLICT_LABEL).notes };
    }
  }
  const finalHash = new Map<string, string>();
  for (const list of Object.values(notes)) for (const note of list) finalHash.set(note.id, noteHash(note));
  const chosen: Record<string, string> = {};
  for (const known of knowledge.hashes) {
    for (const cell of known.notes ?? []) {
      for (const note of cell.notes) {
        const hash = noteHash(note);
        if (hash !== finalHash.get(note.id)) chosen[note.id] = hash;
        else chosen[note.id] ??= hash;
      }
    }
  }
  return chosen;
}

function sameBase(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return keys.length === Object.keys(a ?? {}).length && keys.every((key) => a?.[key] === b[key]);
}
