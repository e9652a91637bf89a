// The plan model: what a planning matrix is, independent of storage, files and screens.

/** ISO 8601 timestamp in UTC, e.g. "2026-11-26T09:30:00.000Z". */
export type IsoTime = string;

/** A plan: one operational plan (a year, a region), holding its areas. */
export interface Plan {
  id: string;
  name: string;
  /** Where it came from: the bundled 2012 plan, or made by a user (new, duplicate, import). */
  origin: 'seed' | 'user';
  createdAt: IsoTime;
  /** Last change of the plan's structure (areas, rows, columns, imports); cell edits carry their own time. */
  updatedAt: IsoTime;
  /** The change-log batch that last wrote this record's own fields (absent: written before batches were stamped). */
  batch?: string;
  /**
   * The batch that last moved `updatedAt` (every structural batch does, without touching the
   * plan's own fields): undoing an older batch keeps a "last changed" a later batch set.
   */
  updatedBatch?: string;
}

/** An area of the plan (e.g. "AREA IMMIGRAZIONE"): an introduction and one matrix. */
export interface Area {
  id: string;
  planId: string;
  title: string;
  /** Free text shown above the matrix; may be empty. */
  introduction: string;
  /** Position among the plan's areas; any finite number, sorted ascending. */
  order: number;
  /** The change-log batch that last wrote this record's own fields. */
  batch?: string;
}

/** A column of an area's matrix: "AMBITO" or a period such as "Risultati previsti al 2012". */
export interface Column {
  id: string;
  areaId: string;
  planId: string;
  title: string;
  order: number;
  /** Width in CSS pixels the user chose; undefined means the default. */
  width?: number;
  /** The change-log batch that last wrote this record's own fields. */
  batch?: string;
}

/** One cell's text and who changed it last. */
export interface Cell {
  text: string;
  /** When, by the clock of the device or file that wrote it: for people, and for the merge against the same origin. */
  changedAt: IsoTime;
  changedBy: string;
  /**
   * The change-log batch that last wrote this cell on this device. "What happened after what" is
   * decided by the log's order of batches, never by comparing `changedAt` of different origins.
   */
  batch?: string;
}

/** Where a cell is, as a list of cells from across the plan says it: its area, ambito and column, by id and by name. */
export interface CellPlace {
  areaId: string;
  areaTitle: string;
  rowId: string;
  columnId: string;
  columnTitle: string;
  ambito: string;
}

/**
 * A note on a cell (issue 23): a remark beside the text, not in it ("dato da confermare con la
 * Regione"). A reply names the note it answers; a resolved note stays, out of the open count.
 */
export interface Note {
  /** Unique in the plan (crypto.randomUUID): the merge treats a cell's notes as a set keyed by it. */
  id: string;
  by: string;
  /** When it was written or last changed, by the writer's clock: for people only. */
  at: IsoTime;
  text: string;
  resolved?: boolean;
  /** The note this one answers (same cell). */
  replyTo?: string;
}

/** A row of an area's matrix (an ambito, or a project): one record holding all its cells. */
export interface Row {
  id: string;
  areaId: string;
  planId: string;
  order: number;
  /** Cells by column id. A column with no entry is an empty cell. */
  cells: Record<string, Cell>;
  /**
   * Hash of each cell's text as last received from another consultant's file (or from the seed):
   * the common ancestor of a three-way merge. Absent for cells never exchanged.
   */
  base?: Record<string, string>;
  /**
   * How files have named this row (issue 18): `id:<file ID>` for a colleague's ID this plan does
   * not use, `text:<hash>` for the ambito of a file without IDs. The next import of the same or a
   * later file matches the row by them, so importing a file twice changes nothing. Merge metadata,
   * like `base`: see `model/aliases.ts`.
   */
  aliases?: string[];
  /** The batch that last changed `aliases` (undo puts them back unless a later batch wrote them). */
  aliasesBatch?: string;
  /** The change-log batch that last wrote the row's own fields (order, area); cells carry their own. */
  batch?: string;
  /** Issue 23: each cell's notes by column id, oldest first. A column with no entry has none. */
  notes?: Record<string, Note[]>;
  /**
   * Hash of each note (`noteHash`) as last received from a file: the base of the notes' three-way
   * merge, by note id. Merge metadata, like `base`.
   */
  noteBase?: Record<string, string>;
  /** The batch that last changed `notes` (undo puts them back unless a later batch wrote them), like `aliasesBatch`. */
  notesBatch?: string;
}

/** Where a change came from. */
/** `sync`: what a team sync brought from the server (issue 22), one batch per pull. */
export type ChangeOrigin = 'edit' | 'import' | 'undo' | 'redo' | 'restore' | 'sync';

/** The stores whose records the change log can snapshot. */
export type ChangeTable = 'plans' | 'areas' | 'columns' | 'rows';

/**
 * One entry of the change log. A user action (an edit, an import, a row deletion) is one batch of
 * entries sharing `batchId`. `before` is the whole record before the change (null: it did not
 * exist), which is all that undo needs; for cell edits `columnId`, `oldText` and `newText` say
 * what changed in words, for history and merge.
 */
export interface ChangeLogEntry {
  /** Auto-increment key: the order in which changes were made. */
  seq?: number;
  batchId: string;
  planId: string;
  table: ChangeTable;
  key: string;
  before: Plan | Area | Column | Row | null;
  columnId?: string;
  oldText?: string;
  newText?: string;
  at: IsoTime;
  by: string;
  origin: ChangeOrigin;
  /** 'delete' when the batch removed the record; 'put' when it wrote it (absent in entries of older versions). */
  op?: 'put' | 'delete';
  /** For imports: the file name; for undo/redo: the batch undone. */
  note?: string;
  /** Issue 23: a note written by hand (the entry's row is written whole): which cell, which note, what now. */
  noteChange?: NoteChange;
  /**
   * Records this batch created, in bulk (an import's new rows): one entry stands for all of them,
   * `before` null for each, so a 10,000-row import adds a handful of log records, not 10,000.
   */
  addedKeys?: string[];
  /**
   * Records this batch deleted, in bulk (an undone import's rows, a deleted area's or plan's): one entry keeps their snapshots,
   * each the `before` of its own id, and `removedKeys` their ids for the index. `before` is null
   * and `key` the first id. Undoing a 50,000-row import logs a few dozen records, not 50,000.
   */
  removed?: (Plan | Area | Column | Row)[];
  removedKeys?: string[];
  /**
   * Issue 18: a plan's deletion deletes its records of the other stores too (indicator decisions,
   * drafts); they are kept here, on the plan's "deleted" entry, so undo puts them back with it.
   */
  attached?: PlanAttachments;
  /**
   * Issue 23: one colleague's file of a gathering ("Importa più file"), what it did, on the batch's first
   * entry, for the import history. Local to this device: a backup does not carry it.
   */
  importSummary?: ImportSummary;
}

/** What one colleague's file did in a gathering: its author, cells, rows, conflicts and how they ended. */
export interface ImportSummary {
  author: string | null;
  cellsChanged: number;
  rowsAdded: number;
  conflicts: number;
  keptThisFile: number;
  keptOther: number;
  keptMine: number;
  keptBoth: number;
  edited: number;
  /** Notes on cells the file brought (issue 23); absent in histories written before. */
  notesAdded?: number;
}

/** What a person did to a note, as the change log and the cell's history tell it. */
export interface NoteChange {
  columnId: string;
  noteId: string;
  action: 'added' | 'replied' | 'edited' | 'resolved' | 'reopened';
  text: string;
}

/** A plan's records outside the change-logged stores: what its deletion takes along and its undo brings back. */
export interface PlanAttachments {
  /** `StoredIndicator` records (db/schema.ts), their payload owned by src/lib/indicators. */
  indicators: PlanAttachedRecord[];
  /** `Draft` records: large-editor texts and failed saves kept for «Riprova». */
  drafts: PlanAttachedRecord[];
}

/** A record of the `indicators` or `drafts` store as the core sees it: an id, its plan, anything else opaque. */
export interface PlanAttachedRecord {
  id: string;
  planId: string;
  [field: string]: unknown;
}

/** A plan with everything in it, as the seed, a backup or a CSV import describes it. */
export interface PlanDocument {
  plan: Plan;
  areas: Area[];
  columns: Column[];
  rows: Row[];
}
