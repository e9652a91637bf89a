// The IndexedDB schema of Quadro, every version kept: Dexie replays them in order on an older database.
import { Dexie, type EntityTable } from 'dexie';
import type { Area, ChangeLogEntry, Column, Plan, Row } from '../model/types.ts';
import type { Fields } from '../sync/docs.ts';

export const DATABASE_NAME = 'quadro';

/** A device-local preference or marker (author name, language, CSV delimiter, "seeded once"). */
export interface Setting {
  key: string;
  value: unknown;
}

/**
 * Text typed but not yet in the plan: an open large editor (kept while typing, offered back after a
 * crash or reload) or a save that failed (kept until it succeeds or the user discards it).
 */
export interface Draft {
  /** `${kind}:${planId}:${rowId}:${columnId}` — one draft per cell and kind. */
  id: string;
  kind: 'editor' | 'failed-save';
  planId: string;
  areaId: string;
  rowId: string;
  columnId: string;
  text: string;
  /** The cell's text when editing started: tells whether the cell changed underneath the draft. */
  baseText: string;
  /** When the draft was last written (display only). */
  at: string;
}

/** An indicator a person confirmed: a planned and an achieved quantity of one ambito, linked to their cells. */
export interface StoredIndicator {
  id: string;
  planId: string;
  areaId: string;
  rowId: string;
  /** Free-form payload owned by src/lib/indicators (versioned there). */
  value: unknown;
}

/**
 * Issue 22: a plan's team sync on a CouchDB server, kept on this device only (never in backups or
 * exports). `since` is the server's `_changes` checkpoint; `pushedSeq` the change log's position up to
 * which this device's changes went up; `pendingDocIds` documents still to send whatever the log says
 * (a conflict answered "keep mine", a push refused with 409).
 */
export interface SyncPlanState {
  planId: string;
  url: string;
  database: string;
  user: string;
  /** This device's name for its `_local` checkpoint on the server: random, made when sync is turned on. */
  deviceId: string;
  since: string | number;
  /** null: nothing sent yet (the first push sends every record of the plan). */
  pushedSeq: number | null;
  pendingDocIds: string[];
  /** Documents a pull could not apply yet (a row whose column has not arrived): fetched again by id. */
  refetchDocIds: string[];
  /** When the last sync ended well, by this device's clock (for people: "Sincronizzato alle 10:42"). */
  lastSyncAt: string | null;
}

/** The password of a plan's sync, apart from everything else so nothing that reads the plan's data ever carries it. */
export interface SyncSecret {
  planId: string;
  password: string;
}

/** What this device and the server last agreed on for one document (the base of the next three-way merge). */
export interface SyncDocState {
  /** `${planId}|${docId}` */
  id: string;
  planId: string;
  docId: string;
  rev: string;
  deleted: boolean;
  hashes: Record<string, string>;
  /** Losing revisions on the server (concurrent writes replicated from elsewhere), deleted by the next push. */
  losers?: string[];
}

/** A question the sync left for the user: the same cell changed on both sides, or an edit against a deletion. */
export interface StoredSyncConflict {
  /** `${planId}|${docId}|${field ?? ''}` */
  id: string;
  planId: string;
  docId: string;
  field: string | null;
  kind: 'both-changed' | 'no-common-base' | 'edit-vs-delete' | 'delete-vs-edit';
  mine: string;
  theirs: string;
  theirsBy: string;
  theirsAt: string;
  /** Where it is, for people: the area and row (ambito), the column's title. */
  areaId: string | null;
  rowId: string | null;
  columnId: string | null;
  label: string;
  /** The server's version of the whole document, so "theirs" can be written with no network. */
  theirsFields?: Fields;
}

export type QuadroDatabase = Dexie & {
  plans: EntityTable<Plan, 'id'>;
  areas: EntityTable<Area, 'id'>;
  columns: EntityTable<Column, 'id'>;
  rows: EntityTable<Row, 'id'>;
  changeLog: EntityTable<ChangeLogEntry, 'seq'>;
  settings: EntityTable<Setting, 'key'>;
  drafts: EntityTable<Draft, 'id'>;
  indicators: EntityTable<StoredIndicator, 'id'>;
  syncPlans: EntityTable<SyncPlanState, 'planId'>;
  syncSecrets: EntityTable<SyncSecret, 'planId'>;
  syncDocs: EntityTable<SyncDocState, 'id'>;
  syncConflicts: EntityTable<StoredSyncConflict, 'id'>;
};

/**
 * Version 1, as the first build shipped it: no settings store, and columns knew only their area.
 * Kept so that a device still on version 1 upgrades instead of failing to open.
 */
export function declareVersion1(db: Dexie): void {
  db.version(1).stores({
    plans: 'id',
    areas: 'id, planId',
    columns: 'id, areaId',
    rows: 'id, areaId, planId',
    changeLog: '++seq, batchId, planId',
  });
}

/**
 * Version 2: device settings, and columns indexed by plan so a whole plan loads with one query per
 * store. Columns written by version 1 get their plan id from their area.
 */
function declareVersion2(db: Dexie): void {
  db.version(2)
    .stores({
      columns: 'id, areaId, planId',
      settings: 'key',
    })
    .upgrade(async (tx) => {
      const planIdOfArea = new Map<string, string>();
      await tx
        .table('areas')
        .each((area: Area) => planIdOfArea.set(area.id, area.planId));
      await tx
        .table('columns')
        .toCollection()
        .modify((column: Column) => {
          if (!column.planId) column.planId = planIdOfArea.get(column.areaId) ?? '';
        });
    });
}

/**
 * Version 3: drafts (typed text not yet saved), confirmed indicators, and the change log indexed by
 * record (its key, and every key of a bulk "created" entry) so the history of one cell is one query.
 * No data changes.
 */
function declareVersion3(db: Dexie): void {
  db.version(3).stores({
    changeLog: '++seq, batchId, planId, key, *addedKeys',
    drafts: 'id, planId',
    indicators: 'id, planId, areaId, rowId',
  });
}

/**
 * Version 4 (issue 14): bulk "deleted" entries (`removed`, as an undone import writes them) are
 * found by each of their keys, like bulk "created" ones. No data changes.
 */
function declareVersion4(db: Dexie): void {
  db.version(4).stores({
    changeLog: '++seq, batchId, planId, key, *addedKeys, *removedKeys',
  });
}

/**
 * Version 5 (issue 18): rows indexed by area and order, so adding a row (by hand, or a failed
 * text put in a new row) finds its neighbours and the area's last row without reading the whole
 * area. No data changes.
 */
function declareVersion5(db: Dexie): void {
  db.version(5).stores({
    rows: 'id, areaId, planId, [areaId+order]',
  });
}

/**
 * Version 6 (issue 22): team sync on a CouchDB server — each plan's connection and checkpoints, its
 * password apart, what this device and the server last agreed on per document, and the open
 * conflicts. New stores only; no data changes.
 */
function declareVersion6(db: Dexie): void {
  db.version(6).stores({
    syncPlans: 'planId',
    syncSecrets: 'planId',
    syncDocs: 'id, planId',
    syncConflicts: 'id, planId',
  });
}

/**
 * Opens (creating or upgrading) the Quadro database. Every transaction is 'strict': the browser
 * reports a write complete only once it is on disk, so "saved" in the UI means saved.
 */
export function createQuadroDatabase(name: string = DATABASE_NAME): QuadroDatabase {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as QuadroDatabase;
  declareVersions(db, SCHEMA_VERSIONS.length);
  return db;
}

const SCHEMA_VERSIONS = [declareVersion1, declareVersion2, declareVersion3, declareVersion4, declareVersion5, declareVersion6];

/** Declares versions 1 to `upTo`: the app declares them all; a test opens an older database with fewer. */
export function declareVersions(db: Dexie, upTo: number): void {
  for (const declare of SCHEMA_VERSIONS.slice(0, upTo)) declare(db);
}
