// Import, last step: a three-way merge per cell (local, file, common base) into a preview, then a change set.
import { hashText, orderAfterLast } from '../model/plan.ts';
import type { Area, Cell, Column, IsoTime, PlanDocument, Row } from '../model/types.ts';
import type { AreaMatch, CsvMatch } from './match.ts';
import { parseLastChanged } from './parse.ts';
import { ORIGINAL_TEXT_TIME, storedFileTime } from './last-changed.ts';
import { withAliases } from '../model/aliases.ts';
import { countLossySubstitutions, findDamage, restoreLossyCharacters, type DamageKind } from './damage.ts';
import type { CsvEncoding } from './decode.ts';
import { findInvisibleDifference, isSameImportedText, type InvisibleKind } from './normalize.ts';
import { parseNotesField } from './notes-field.ts';
import { mergeNotes, notesOf, noteHash, sameNotes } from '../model/notes.ts';
import { normalizeTitle } from './format.ts';
import type { Note } from '../model/types.ts';

/** A file's notes of one cell (issue 23), by the column key the file's column goes to. */
export interface FileCellNotes {
  columnKey: string;
  notes: Note[];
}

/**
 * Why a cell is a conflict. Only the merge bases decide (issue 18): a cell whose local text
 * differs from its base was edited here since the last exchange, whatever the clocks say. There is
 * no "older file" kind any more: a file's time is shown, never compared with another device's.
 */
export type ConflictKind = 'both-changed' | 'no-common-base';

/** A cell both sides changed (or that a stale file would overwrite): the user chooses. */
export interface CellConflict {
  /** Stable: `${areaId}|${rowId}|${columnId}`. */
  id: string;
  kind: ConflictKind;
  areaId: string;
  rowId: string;
  columnId: string;
  columnTitle: string;
  /** The row's ambito (its first column's local text): how people name a row. */
  ambito: string;
  /** Row and column of the file, 1-based as a spreadsheet shows them. */
  rowNumber: number;
  columnNumber: number;
  mine: string;
  theirs: string;
  mineChangedAt: IsoTime | null;
  mineChangedBy: string | null;
  theirsChangedAt: IsoTime | null;
  theirsChangedBy: string | null;
  /** The file's text looks damaged (broken bytes, mojibake), or differs from mine only invisibly: say so beside the choice. */
  damage?: DamageKind;
  invisible?: InvisibleKind[];
}

/** A cell value the import takes. `columnKey` is a column id, or `new-column:<file column>` for a column to add. */
export interface CellChange {
  /** Stable: `${areaId}|${rowId}|${columnKey}`; what `ImportDecisions.acceptDamaged` names. */
  id: string;
  columnKey: string;
  columnTitle: string;
  before: string;
  after: string;
  /** Who wrote the local text, and when (null for an empty cell): the "before" side's label. */
  beforeChangedAt: IsoTime | null;
  beforeChangedBy: string | null;
  /** The file's text looks damaged, or differs only invisibly: taken only when the user ticks it. */
  damage?: DamageKind;
  /** For `damage: 'invisible'`: what differs (no-break spaces, trailing spaces, quotes…), for the preview to name. */
  invisible?: InvisibleKind[];
}

export interface RowUpdate {
  rowId: string;
  rowNumber: number;
  /** The row's ambito (its first column's local text). */
  ambito: string;
  /** The local record before the import. */
  row: Row;
  changes: CellChange[];
  conflictIds: string[];
  /** The merge base after the import: the file's text hash for every column key the file has. */
  newBase: Record<string, string>;
  /** What the row will remember of the file's record (`RowMatch.alias`) when it does not already. */
  newAliases: string[];
  /** The row's "Ultima modifica" in the file, when present. */
  fileChange: { at: IsoTime; by: string } | null;
  /** Issue 23: the file's notes of the row, merged with the row's as a set by `resolveImport`. */
  notes?: FileCellNotes[];
}

export interface RowAdded {
  /** Stable: `${areaId}|new:${rowNumber}`; what `ImportDecisions.acceptDamaged` names. */
  id: string;
  rowNumber: number;
  /** The file's text for each of the area's `columnKeys`, in that order (no object per cell: files have 100,000s). */
  texts: string[];
  fileChange: { at: IsoTime; by: string } | null;
  /** What the new row remembers of the file's record (its ID, or its ambito): the next import finds it. */
  alias: string | null;
  /** Some cell of the row looks damaged: added only when the user ticks it. */
  damage?: DamageKind;
  /** Issue 23: the file's notes of the new row. */
  notes?: FileCellNotes[];
}

export interface ColumnAdded {
  columnKey: string;
  fileColumn: number;
  title: string;
}

export interface AreaPreview {
  areaId: string;
  isNew: boolean;
  title: string;
  columnsAdded: ColumnAdded[];
  /** The column keys the file writes in this area, in file order: what each `RowAdded.texts` holds. */
  columnKeys: string[];
  rowsAdded: RowAdded[];
  /** Rows with cells the import takes or conflicts to decide. */
  rowsChanged: RowUpdate[];
  /** Rows whose texts stay but whose merge base moves to the file's texts, or that learn an alias. */
  rowsRebased: RowUpdate[];
  /** Local rows the file does not have: listed, deleted only when the user says so. */
  rowsMissing: { rowId: string; firstText: string; row: Row }[];
  conflicts: CellConflict[];
  /** Issue 23: notes the import brings (new, or changed in the file only), and notes changed on both sides (both versions kept). */
  notesTaken?: number;
  notesConflicts?: number;
  nextRowOrder: number;
  nextColumnOrder: number;
}

export interface ImportPreview {
  planId: string;
  fileName: string;
  areas: AreaPreview[];
  nextAreaOrder: number;
  /**
   * Cells whose file text is the local text after a single-byte save (characters it cannot hold
   * turned into "?"): kept as they are, counted here so the preview can say so once.
   */
  lossyKept: { cells: number; characters: number };
}

/** What the preview needs to know about the file besides its records. */
export interface PreviewContext {
  fileName: string;
  /** The encoding the file was read in: a single-byte one makes "?" for "✓" no edit. */
  encoding?: CsvEncoding;
  /** The decoder found no sign of damage in the whole text (`DecodedCsv.clean`): no cell is checked again. */
  clean?: boolean;
}

export interface ImportContext {
  now: IsoTime;
  importer: string;
  fileName: string;
  /** Fresh ids; crypto.randomUUID by default. Tests inject a counter. */
  newId?: () => string;
}

export type ConflictChoice = 'mine' | 'theirs' | 'both';

export interface ImportDecisions {
  conflicts: Record<string, ConflictChoice>;
  /** Ids of damaged changes and added rows the user ticked; the others are left out. */
  acceptDamaged?: string[];
  deleteMissingRowIds?: string[];
  acceptNewColumns?: boolean;
  acceptNewRows?: boolean;
}

export interface ImportChangeSet {
  newAreas: Area[];
  newColumns: Column[];
  /** Complete new records of every row that changes, base updates included. */
  rowsToPut: Row[];
  rowIdsToDelete: string[];
  summary: { added: number; changed: number; conflictsResolved: number; deleted: number; damagedLeftOut: number; notes?: number };
}

/** What a note changed on both sides keeps of the file's version: the local note stays, this above the file's text. */
export const NOTE_CONFLICT_LABEL = '— versione del file —';

const NEW_COLUMN_PREFIX = 'new-column:';

/** What importing the matched file would do, per area, before anything is written. */
export function buildImportPreview(match: CsvMatch, doc: PlanDocument, context: PreviewContext): ImportPreview {
  const { parsed } = match;
  const lossyKept = { cells: 0, characters: 0 };
  // Rows written together share their "Ultima modifica": each distinct text is read once (and the
  // rows share the read-only result).
  const fileChanges = new Map<string, { at: IsoTime; by: string } | null>();
  const fileChangeOf = (recordIndex: number): { at: IsoTime; by: string } | null => {
    if (parsed.lastChangedColumn === null) return null;
    const field = (parsed.records[recordIndex] as string[])[parsed.lastChangedColumn] as string;
    let change = fileChanges.get(field);
    if (change === undefined) {
      change = parseLastChanged(field);
      // "Piano operativo 2012 (testo originale)" says when nothing was changed; a cell that differs
      // was changed by someone who left the field as it was (a spreadsheet does not update it), at
      // an unknown time: taken as a change made now by the importer, not stored as the 2012 text.
      if (change?.at === ORIGINAL_TEXT_TIME) change = null;
      fileChanges.set(field, change);
    }
    return change;
  };

  const areas = match.areas.map((area): AreaPreview => {
    const keyed = area.columns.flatMap((column) => {
      if (column.target.kind === 'ignore') return [];
      const columnKey = column.target.kind === 'column' ? column.target.columnId : `${NEW_COLUMN_PREFIX}${column.fileColumn}`;
      const title = column.target.kind === 'column' ? titleOf(area, column.target.columnId) : column.target.title;
      return [{ fileColumn: column.fileColumn, columnKey, title, isNew: column.target.kind === 'new' }];
    });
    const preview: AreaPreview = {
      areaId: area.areaId,
      isNew: area.isNew,
      title: area.title,
      columnsAdded: keyed.filter((k) => k.isNew).map((k) => ({ columnKey: k.columnKey, fileColumn: k.fileColumn, title: k.title })),
      columnKeys: keyed.map((k) => k.columnKey),
      rowsAdded: [],
      rowsChanged: [],
      rowsRebased: [],
      rowsMissing: [],
      conflicts: [],
      nextRowOrder: orderAfterLast(area.localRows),
      nextColumnOrder: orderAfterLast(area.localColumns),
    };
    const localRowById = new Map(area.localRows.map((row) => [row.id, row]));
    const matchedIds = new Set<string>();
    // Issue 23: a note names its file column by title; the column key that column goes to here.
    const keyOfTitle = new Map<string, string>();
    for (const k of keyed) keyOfTitle.set(normalizeTitle(parsed.header[k.fileColumn] as string), k.columnKey);
    const fileNotesOf = (recordIndex: number): FileCellNotes[] | undefined => {
      if (parsed.notesColumn === null || parsed.notesColumn === undefined) return undefined;
      const found = parseNotesField((parsed.records[recordIndex] as string[])[parsed.notesColumn] as string) ?? [];
      if (found.length === 0) return undefined;
      const byKey = new Map<string, Note[]>();
      for (const { columnTitle, note } of found) {
        const key = keyOfTitle.get(normalizeTitle(columnTitle));
        if (key === undefined) continue;
        byKey.set(key, [...(byKey.get(key) ?? []), note]);
      }
      return [...byKey].map(([columnKey, notes]) => ({ columnKey, notes }));
    };
    let notesTaken = 0;
    let notesConflicts = 0;

    for (const rowMatch of area.rows) {
      const record = parsed.records[rowMatch.recordIndex] as string[];
      const fileChange = fileChangeOf(rowMatch.recordIndex);
      const local = rowMatch.rowId === null ? undefined : localRowById.get(rowMatch.rowId);
      if (!local) {
        const texts: string[] = new Array<string>(keyed.length);
        let damage: DamageKind | null = null;
        for (let k = 0; k < keyed.length; k++) {
          const text = record[(keyed[k] as (typeof keyed)[number]).fileColumn] as string;
          texts[k] = text;
          if (!context.clean) damage ??= findDamage(text, '');
        }
        const added: RowAdded = { id: `${area.areaId}|new:${rowMatch.rowNumber}`, rowNumber: rowMatch.rowNumber, texts, fileChange, alias: rowMatch.alias };
        if (damage) added.damage = damage;
        const notes = fileNotesOf(rowMatch.recordIndex);
        if (notes) {
          added.notes = notes;
          for (const cell of notes) notesTaken += cell.notes.length;
        }
        preview.rowsAdded.push(added);
        continue;
      }
      matchedIds.add(local.id);
      const ambito = area.localColumns[0] ? (local.cells[area.localColumns[0].id]?.text ?? '') : '';
      const newAliases = rowMatch.alias !== null && !(local.aliases ?? []).includes(rowMatch.alias) ? [rowMatch.alias] : [];
      const update: RowUpdate = { rowId: local.id, rowNumber: rowMatch.rowNumber, ambito, row: local, changes: [], conflictIds: [], newBase: {}, newAliases, fileChange };
      let baseMoves = false;
      for (const k of keyed) {
        const cell = local.cells[k.columnKey];
        const mine = cell?.text ?? '';
        let theirs = record[k.fileColumn] as string;
        // Line breaks, Unicode form, a stray BOM, Quadro's formula guard: the same text, no change.
        if (theirs !== mine && isSameImportedText(mine, theirs)) theirs = mine;
        const lossy = context.encoding ? countLossySubstitutions(mine, theirs, context.encoding) : null;
        if (lossy !== null) {
          // The colleague had our text; their encoding could not write some of its characters.
          lossyKept.cells++;
          lossyKept.characters += lossy;
          theirs = mine;
        } else if (context.encoding) {
          // An edit: the "?" around it are still ours.
          const restored = restoreLossyCharacters(mine, theirs, context.encoding);
          if (restored) {
            lossyKept.cells++;
            lossyKept.characters += restored.restored;
            theirs = restored.text;
          }
        }
        const theirsHash = hashText(theirs);
        update.newBase[k.columnKey] = theirsHash;
        if (local.base?.[k.columnKey] !== theirsHash) baseMoves = true;
        const outcome = mergeCell(cell, theirs, local.base?.[k.columnKey], theirsHash);
        const invisible = outcome === 'keep' ? null : findInvisibleDifference(mine, theirs);
        const damage = outcome === 'keep' ? null : invisible ? 'invisible' : context.clean ? null : findDamage(theirs, mine);
        if (outcome === 'take') {
          const change: CellChange = {
            id: `${area.areaId}|${local.id}|${k.columnKey}`,
            columnKey: k.columnKey,
            columnTitle: k.title,
            before: mine,
            after: theirs,
            beforeChangedAt: cell?.changedAt ?? null,
            beforeChangedBy: cell?.changedBy ?? null,
          };
          if (damage) change.damage = damage;
          if (invisible) change.invisible = invisible;
          update.changes.push(change);
        } else if (outcome !== 'keep') {
          const conflict: CellConflict = {
            id: `${area.areaId}|${local.id}|${k.columnKey}`,
            kind: outcome,
            areaId: area.areaId,
            rowId: local.id,
            columnId: k.columnKey,
            columnTitle: k.title,
            ambito,
            rowNumber: rowMatch.rowNumber,
            columnNumber: k.fileColumn + 1,
            mine: cell?.text ?? '',
            theirs,
            mineChangedAt: cell?.changedAt ?? null,
            mineChangedBy: cell?.changedBy ?? null,
            theirsChangedAt: fileChange?.at ?? null,
            theirsChangedBy: fileChange?.by ?? null,
          };
          if (damage) conflict.damage = damage;
          if (invisible) conflict.invisible = invisible;
          preview.conflicts.push(conflict);
          update.conflictIds.push(conflict.id);
        }
      }
      let notesMove = false;
      const notes = fileNotesOf(rowMatch.recordIndex);
      if (notes) {
        update.notes = notes;
        for (const cell of notes) {
          const merged = mergeNotes(notesOf(local, cell.columnKey), cell.notes, local.noteBase, NOTE_CONFLICT_LABEL);
          notesTaken += merged.taken;
          notesConflicts += merged.conflicts;
          if (!sameNotes(merged.notes, notesOf(local, cell.columnKey))) notesMove = true;
          if (cell.notes.some((note) => local.noteBase?.[note.id] !== noteHash(note))) notesMove = true;
        }
      }
      if (update.changes.length > 0 || update.conflictIds.length > 0) preview.rowsChanged.push(update);
      else if (baseMoves || newAliases.length > 0 || notesMove) preview.rowsRebased.push(update);
    }
    if (notesTaken > 0) preview.notesTaken = notesTaken;
    if (notesConflicts > 0) preview.notesConflicts = notesConflicts;

    const firstColumn = area.localColumns[0];
    for (const row of area.localRows) {
      if (matchedIds.has(row.id)) continue;
      preview.rowsMissing.push({ rowId: row.id, firstText: firstColumn ? (row.cells[firstColumn.id]?.text ?? '') : '', row });
    }
    return preview;
  });

  return { planId: doc.plan.id, fileName: context.fileName, areas, nextAreaOrder: orderAfterLast(doc.areas), lossyKept };
}

/**
 * The three-way rule for one cell: local text L, file text F, base hash B (the text as last
 * exchanged). 'take' F, 'keep' L, or the kind of conflict. Only the texts and the base decide, never
 * a clock (issue 18): L different from B is an edit made here since the last exchange, and a file
 * never silently overwrites it, however late or early the file says it was written.
 * `theirsHash` is `hashText(theirs)` when the caller has it already: each cell is hashed once.
 */
export function mergeCell(cell: Cell | undefined, theirs: string, base: string | undefined, theirsHash?: string): 'take' | 'keep' | ConflictKind {
  const mine = cell?.text ?? '';
  if (mine === theirs) return 'keep';
  if (base !== undefined) {
    const mineChanged = hashText(mine) !== base;
    const theirsChanged = (theirsHash ?? hashText(theirs)) !== base;
    if (!mineChanged && theirsChanged) return 'take';
    if (mineChanged && theirsChanged) return 'both-changed';
    return 'keep';
  }
  if (mine === '') return 'take';
  if (theirs === '') return 'keep';
  return 'no-common-base';
}

/** The records to write for a preview and the user's decisions; unanswered conflicts keep the local text. */
export function resolveImport(preview: ImportPreview, decisions: ImportDecisions, context: ImportContext): ImportChangeSet {
  const newId = context.newId ?? (() => crypto.randomUUID());
  const acceptNewColumns = decisions.acceptNewColumns ?? true;
  const acceptNewRows = decisions.acceptNewRows ?? true;
  const deleteIds = new Set(decisions.deleteMissingRowIds ?? []);
  const acceptDamaged = new Set(decisions.acceptDamaged ?? []);
  const changeSet: ImportChangeSet = {
    newAreas: [],
    newColumns: [],
    rowsToPut: [],
    rowIdsToDelete: [],
    summary: { added: 0, changed: 0, conflictsResolved: 0, deleted: 0, damagedLeftOut: 0 },
  };
  let nextAreaOrder = preview.nextAreaOrder;

  for (const area of preview.areas) {
    if (area.isNew && (!acceptNewRows || area.rowsAdded.length === 0)) continue; // a new area holds only new rows
    let areaId = area.areaId;
    if (area.isNew) {
      areaId = newId();
      changeSet.newAreas.push({ id: areaId, planId: preview.planId, title: area.title, introduction: '', order: nextAreaOrder++ });
    }
    const columnIdByKey = new Map<string, string>();
    let nextColumnOrder = area.nextColumnOrder;
    for (const added of area.columnsAdded) {
      if (!acceptNewColumns && !area.isNew) continue;
      const column: Column = { id: newId(), areaId, planId: preview.planId, title: added.title, order: nextColumnOrder++ };
      changeSet.newColumns.push(column);
      columnIdByKey.set(added.columnKey, column.id);
    }
    const resolveKey = (key: string): string | undefined => (key.startsWith(NEW_COLUMN_PREFIX) ? columnIdByKey.get(key) : key);
    const conflictsById = new Map(area.conflicts.map((conflict) => [conflict.id, conflict]));

    for (const update of [...area.rowsChanged, ...area.rowsRebased]) {
      const cells: Record<string, Cell> = { ...update.row.cells };
      const base: Record<string, string> = { ...update.row.base };
      // The file's time is kept for people when it is plausible; one in the future or absurd is not
      // (it would read as "last changed" for ever): the cell then takes the time it arrived here.
      const fromFile = (text: string): Cell => ({
        text,
        changedAt: storedFileTime(update.fileChange?.at, context.now),
        changedBy: update.fileChange?.by ?? context.importer,
      });
      let textChanged = false;
      const leftOut = new Set<string>();
      for (const change of update.changes) {
        const columnId = resolveKey(change.columnKey);
        if (columnId === undefined) continue;
        if (change.damage && !acceptDamaged.has(change.id)) {
          // Damaged text stays out, and so does its base: a clean file later still shows the change.
          // An invisible difference is no damage: left out as well, but not counted as damaged.
          leftOut.add(change.columnKey);
          if (change.damage !== 'invisible') changeSet.summary.damagedLeftOut++;
          continue;
        }
        cells[columnId] = fromFile(change.after);
        textChanged = true;
      }
      for (const conflictId of update.conflictIds) {
        const conflict = conflictsById.get(conflictId);
        if (!conflict) continue;
        changeSet.summary.conflictsResolved++;
        // Own keys only: the decisions come from the UI and a missing answer means "keep mine".
        const choice = Object.hasOwn(decisions.conflicts, conflictId) ? decisions.conflicts[conflictId] : 'mine';
        if (choice === 'theirs') {
          cells[conflict.columnId] = fromFile(conflict.theirs);
          textChanged = true;
        } else if (choice === 'both') {
          const source = update.fileChange?.by.trim() || preview.fileName;
          const text = `${conflict.mine}\n— versione del file (${source}) —\n${conflict.theirs}`;
          cells[conflict.columnId] = { text, changedAt: context.now, changedBy: context.importer };
          textChanged = true;
        }
      }
      let baseChanged = false;
      for (const [key, hash] of Object.entries(update.newBase)) {
        const columnId = resolveKey(key);
        if (columnId === undefined || base[columnId] === hash || leftOut.has(key)) continue;
        base[columnId] = hash;
        baseChanged = true;
      }
      const aliases = withAliases(update.row.aliases, update.newAliases ?? []);
      const notes = resolveNotes(update.row, update.notes, resolveKey);
      if (!textChanged && !baseChanged && aliases === update.row.aliases && !notes) continue;
      const next: Row = { ...update.row, cells, base };
      if (aliases !== undefined) next.aliases = aliases;
      if (notes) {
        if (notes.notes) next.notes = notes.notes;
        next.noteBase = notes.noteBase;
        changeSet.summary.notes = (changeSet.summary.notes ?? 0) + notes.taken;
      }
      changeSet.rowsToPut.push(next);
      if (textChanged) changeSet.summary.changed++;
    }

    if (acceptNewRows) {
      let nextRowOrder = area.nextRowOrder;
      // Once per area, not per cell: the plan column each file column writes (undefined: left out).
      const columnIds = area.columnKeys.map(resolveKey);
      for (const added of area.rowsAdded) {
        if (added.damage && !acceptDamaged.has(added.id)) {
          changeSet.summary.damagedLeftOut++;
          continue;
        }
        const cells: Record<string, Cell> = {};
        const base: Record<string, string> = {};
        const changedAt = storedFileTime(added.fileChange?.at, context.now);
        const changedBy = added.fileChange?.by ?? context.importer;
        for (let k = 0; k < added.texts.length; k++) {
          const columnId = columnIds[k];
          if (columnId === undefined) continue;
          const text = added.texts[k] as string;
          base[columnId] = hashText(text);
          if (text !== '') cells[columnId] = { text, changedAt, changedBy };
        }
        let row: Row = { id: newId(), areaId, planId: preview.planId, order: nextRowOrder++, cells, base };
        if (added.alias !== null && added.alias !== undefined) row.aliases = [added.alias];
        const notes = resolveNotes(row, added.notes, resolveKey);
        if (notes) {
          row = { ...row, noteBase: notes.noteBase };
          if (notes.notes) row.notes = notes.notes;
          changeSet.summary.notes = (changeSet.summary.notes ?? 0) + notes.taken;
        }
        changeSet.rowsToPut.push(row);
        changeSet.summary.added++;
      }
    }

    for (const missing of area.rowsMissing) {
      if (!deleteIds.has(missing.rowId)) continue;
      changeSet.rowIdsToDelete.push(missing.rowId);
      changeSet.summary.deleted++;
    }
  }
  return changeSet;
}

/** The document after a change set, as the repository will write it in one transaction. */
export function applyChangeSet(doc: PlanDocument, changeSet: ImportChangeSet): PlanDocument {
  const deleted = new Set(changeSet.rowIdsToDelete);
  const puts = new Map(changeSet.rowsToPut.map((row) => [row.id, row]));
  const rows = doc.rows.filter((row) => !deleted.has(row.id)).map((row) => puts.get(row.id) ?? row);
  const existing = new Set(doc.rows.map((row) => row.id));
  for (const row of changeSet.rowsToPut) if (!existing.has(row.id) && !deleted.has(row.id)) rows.push(row);
  return {
    plan: doc.plan,
    areas: [...doc.areas, ...changeSet.newAreas],
    columns: [...doc.columns, ...changeSet.newColumns],
    rows,
  };
}

/**
 * A row's notes after merging the file's (issue 23): each cell's notes as a set keyed by note id
 * (`mergeNotes`), the base moved to the file's notes. Null when nothing changes.
 */
function resolveNotes(
  row: Row,
  fileNotes: readonly FileCellNotes[] | undefined,
  resolveKey: (key: string) => string | undefined,
): { notes: Record<string, Note[]> | undefined; noteBase: Record<string, string>; taken: number } | null {
  if (!fileNotes || fileNotes.length === 0) return null;
  const notes: Record<string, Note[]> = { ...row.notes };
  const noteBase: Record<string, string> = { ...row.noteBase };
  let changed = false;
  let taken = 0;
  for (const cell of fileNotes) {
    const columnId = resolveKey(cell.columnKey);
    if (columnId === undefined) continue;
    const mine = notesOf(row, columnId);
    const merged = mergeNotes(mine, cell.notes, row.noteBase, NOTE_CONFLICT_LABEL);
    taken += merged.taken + merged.conflicts;
    if (!sameNotes(mine, merged.notes)) {
      notes[columnId] = merged.notes;
      changed = true;
    }
    for (const [id, hash] of Object.entries(merged.base)) {
      if (noteBase[id] === hash) continue;
      noteBase[id] = hash;
      changed = true;
    }
  }
  if (!changed) return null;
  return { notes: Object.keys(notes).length > 0 ? notes : undefined, noteBase, taken };
}

function titleOf(area: AreaMatch, columnId: string): string {
  return area.localColumns.find((column) => column.id === columnId)?.title ?? columnId;
}

