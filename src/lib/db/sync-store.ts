// Team sync's side of IndexedDB (issue 22): a pull applied as one batch, what goes up next, what both sides agreed on.
import { expandEntries } from '../model/log-entries.ts';
import type { Area, ChangeTable, Column, Row } from '../model/types.ts';
import { bodyOfFields, cellField, columnOfField, docIdOf, fieldsOfRecord, hashField, hashFields, parseDocId, recordOfFields, type DocKind, type Fields, type SyncDocBody } from '../sync/docs.ts';
import { mergeDoc, bothTexts, summary, type ConflictDraft, type DocBase } from '../sync/merge.ts';
import { PLAN_TABLES, SYNC_TABLES, write, type AnyRecord, type WriteResult } from './transaction.ts';
import type { QuadroDatabase, StoredSyncConflict, SyncDocState, SyncPlanState } from './schema.ts';

export type { SyncPlanState, StoredSyncConflict } from './schema.ts';

/** The change log's name for what a pull writes: the history and the undo list say "Sincronizzazione (server)". */
export const SYNC_NOTE = 'server';

const TABLE_OF: Record<DocKind, ChangeTable> = { plan: 'plans', area: 'areas', column: 'columns', row: 'rows' };
const KIND_OF: Record<ChangeTable, DocKind> = { plans: 'plan', areas: 'area', columns: 'column', rows: 'row' };
const KIND_ORDER: Record<DocKind, number> = { plan: 0, area: 1, column: 2, row: 3 };

function stateId(planId: string, docId: string): string {
  return `${planId}|${docId}`;
}

// ---------------------------------------------------------------------------------------------
// The connection

export async function readSyncPlan(db: QuadroDatabase, planId: string): Promise<SyncPlanState | undefined> {
  return db.syncPlans.get(planId);
}

export async function readSyncPassword(db: QuadroDatabase, planId: string): Promise<string | undefined> {
  return (await db.syncSecrets.get(planId))?.password;
}

/** Turns sync on for a plan (or changes where it goes). A different server or database starts afresh: nothing agreed with the old one applies. */
export async function saveSyncConnection(db: QuadroDatabase, planId: string, connection: { url: string; database: string; user: string; password: string }, newDeviceId: () => string): Promise<SyncPlanState> {
  return db.transaction('rw', [db.syncPlans, db.syncSecrets, db.syncDocs, db.syncConflicts], async () => {
    const old = await db.syncPlans.get(planId);
    const same = old && old.url === connection.url && old.database === connection.database;
    if (!same) await forgetAgreement(db, planId);
    const state: SyncPlanState = same
      ? { ...old, user: connection.user }
      : { planId, url: connection.url, database: connection.database, user: connection.user, deviceId: newDeviceId(), since: 0, pushedSeq: null, pendingDocIds: [], refetchDocIds: [], lastSyncAt: null };
    await db.syncPlans.put(state);
    await db.syncSecrets.put({ planId, password: connection.password });
    return state;
  });
}

/** "Disconnetti": the password, the connection and everything agreed with the server are forgotten; the plan stays as it is. */
export async function forgetSync(db: QuadroDatabase, planId: string): Promise<void> {
  await db.transaction('rw', [db.syncPlans, db.syncSecrets, db.syncDocs, db.syncConflicts], async () => {
    await db.syncSecrets.delete(planId);
    await db.syncPlans.delete(planId);
    await forgetAgreement(db, planId);
  });
}

async function forgetAgreement(db: QuadroDatabase, planId: string): Promise<void> {
  await db.syncDocs.where('planId').equals(planId).delete();
  await db.syncConflicts.where('planId').equals(planId).delete();
}

/** The server lost this device's checkpoint (its database was deleted and made again, or restored): start again from nothing agreed. */
export async function restartAgreement(db: QuadroDatabase, planId: string): Promise<void> {
  await db.transaction('rw', [db.syncPlans, db.syncDocs, db.syncConflicts], async () => {
    const state = await db.syncPlans.get(planId);
    if (!state) return;
    await forgetAgreement(db, planId);
    await db.syncPlans.put({ ...state, since: 0, pushedSeq: null, pendingDocIds: [], refetchDocIds: [] });
  });
}

export async function markSynced(db: QuadroDatabase, planId: string, at: string): Promise<void> {
  await db.syncPlans.update(planId, { lastSyncAt: at });
}

/**
 * The open questions, each with "mine" as the text is here now: an edit made after the question was
 * asked is what "keep mine" keeps and what "theirs" replaces, so that is what the user must see.
 */
export async function listSyncConflicts(db: QuadroDatabase, planId: string): Promise<StoredSyncConflict[]> {
  return db.transaction('r', [db.syncConflicts, db.plans, db.areas, db.columns, db.rows], async () => {
    const conflicts = await db.syncConflicts.where('planId').equals(planId).toArray();
    const world = await readRecords(db, [...new Set(conflicts.map((c) => c.docId))]);
    const listed: StoredSyncConflict[] = [];
    const deletedHere = new Set<string>();
    for (const conflict of conflicts) {
      const record = world.get(conflict.docId);
      if (record || conflict.field === null) {
        listed.push({ ...conflict, mine: currentMine(conflict, record) });
        continue;
      }
      // The record was deleted here after the question was asked: the question is now the deletion against the server's version.
      if (deletedHere.has(conflict.docId)) continue;
      deletedHere.add(conflict.docId);
      listed.push({ ...conflict, field: null, kind: 'delete-vs-edit', mine: '', theirs: conflict.theirsFields ? summary(conflict.theirsFields) : conflict.theirs });
    }
    return listed;
  });
}

function currentMine(conflict: StoredSyncConflict, record: AnyRecord | undefined): string {
  if (!record) return conflict.field === null ? conflict.mine : '';
  const { kind } = parseDocId(conflict.docId)!;
  const fields = fieldsOfRecord(kind, record);
  if (conflict.field === null) return conflict.mine;
  return String(fields[conflict.field]?.value ?? '');
}

// ---------------------------------------------------------------------------------------------
// Pull

/** A document as the server has it now: its winning revision's fields (null: deleted), and the fields of losing revisions. */
export interface IncomingDoc {
  docId: string;
  rev: string;
  fields: Fields | null;
  losers: { rev: string; fields: Fields | null }[];
}

export interface PullResult {
  /** The batch written (null when nothing changed here). */
  batchId: string | null;
  /** Documents whose server version was taken, wholly or in part. */
  changed: number;
  /** New questions for the user. */
  conflicts: number;
}

type LocalWorld = Map<string, AnyRecord | undefined>;

function recordKind(docId: string): { kind: DocKind; id: string } | null {
  return parseDocId(docId);
}

/**
 * Applies what the server sent as one batch (origin "sync"), in one transaction with what this
 * device now agrees on and the new checkpoint: the records are read again here, so an edit made
 * while the answer travelled is merged, never overwritten. Each document is merged field by field
 * (`mergeDoc`); a question leaves the local text in place and holds the document back from the next
 * push until answered. A deletion of an area or column that still holds rows or text here is not
 * applied (the record goes back up instead: no words are lost); a row whose area or column has not
 * arrived waits for the next pull.
 */
export async function applyPull(db: QuadroDatabase, planId: string, incoming: IncomingDoc[], newSince: string | number, now: string): Promise<PullResult> {
  const result: PullResult = { batchId: null, changed: 0, conflicts: 0 };
  // The batch is signed by the people whose changes arrive (each row's entry by its own authors).
  const people = new Set<string>();
  for (const doc of incoming) for (const field of Object.values(doc.fields ?? {})) if (field.by) people.add(field.by);
  const signature = [...people].slice(0, 3).join(', ') + (people.size > 3 ? ', …' : '');
  const written: WriteResult<void> = await write(
    db,
    planId,
    { by: signature, origin: 'sync', note: SYNC_NOTE },
    async (recorder) => {
      const state = await db.syncPlans.get(planId);
      if (!state) throw new Error(`sync of plan ${planId} is off`);
      // The last version of each document wins when a page repeats it.
      const byDoc = new Map<string, IncomingDoc>();
      for (const doc of incoming) if (recordKind(doc.docId)) byDoc.set(doc.docId, doc);
      const docs = [...byDoc.values()].sort((a, b) => KIND_ORDER[recordKind(a.docId)!.kind] - KIND_ORDER[recordKind(b.docId)!.kind]);
      const states = await db.syncDocs.bulkGet(docs.map((doc) => stateId(planId, doc.docId)));
      const world = await readRecords(db, docs.map((doc) => doc.docId));
      const openConflicts = await db.syncConflicts.where('planId').equals(planId).toArray();

      const puts = new Map<string, AnyRecord>();
      const deletes = new Set<string>();
      const authors = new Map<string, string>();
      const newStates: SyncDocState[] = [];
      const conflicts: StoredSyncConflict[] = [];
      const resolvedDocs = new Set<string>();
      const refetch = new Set(state.refetchDocIds);
      const pending = new Set(state.pendingDocIds);

      docs.forEach((doc, i) => {
        const known = states[i];
        const { kind, id } = recordKind(doc.docId)!;
        refetch.delete(doc.docId);
        // Our own push coming back: nothing new.
        if (known && known.rev === doc.rev && doc.losers.length === 0 && !openConflicts.some((c) => c.docId === doc.docId)) return;
        const localRecord = world.get(doc.docId);
        const local = localRecord ? fieldsOfRecord(kind, localRecord) : null;
        const base: DocBase | undefined = known ? { rev: known.rev, deleted: known.deleted, hashes: known.hashes } : exchangeBase(kind, localRecord);
        let outcome = mergeDoc(local, doc.fields, base);
        // The plan itself is never deleted by a sync (its areas and rows would lose their parent): it goes back up.
        if (kind === 'plan' && outcome.local.action === 'delete') {
          outcome = { local: { action: 'keep' }, conflicts: [] };
          pending.add(doc.docId);
        }
        const drafts: ConflictDraft[] = [...outcome.conflicts];
        // Losing revisions (written concurrently elsewhere and replicated here) fold in one by one.
        for (const loser of doc.losers) {
          const current = outcome.local.action === 'put' ? outcome.local.fields : outcome.local.action === 'delete' ? null : local;
          const folded = mergeDoc(current, loser.fields, base);
          drafts.push(...folded.conflicts.filter((c) => !drafts.some((d) => d.field === c.field)));
          if (folded.local.action !== 'keep') outcome = folded;
        }
        resolvedDocs.add(doc.docId);
        if (outcome.local.action === 'put') {
          const record = recordOfFields(kind, id, planId, outcome.local.fields, localRecord, now);
          puts.set(doc.docId, record);
          const names = Object.entries(outcome.local.fields).filter(([name, f]) => hashField(f) !== hashField(local?.[name]) && f.by).map(([, f]) => f.by as string);
          if (names.length > 0) authors.set(id, [...new Set(names)].join(', '));
          result.changed++;
        } else if (outcome.local.action === 'delete') {
          deletes.add(doc.docId);
          result.changed++;
        }
        // The base moves to the server's version, except where a question is open: there it stays the
        // common ancestor, so the next pull still sees both sides changed.
        const serverHashes = doc.fields ? hashFields(doc.fields) : {};
        const hashes: Record<string, string> = { ...serverHashes };
        let deleted = doc.fields === null;
        const wholeDoc = drafts.some((d) => d.field === null);
        if (wholeDoc && base) {
          Object.assign(hashes, base.hashes);
          deleted = base.deleted;
        }
        for (const draft of drafts) {
          if (draft.field === null) continue;
          const old = base?.hashes[draft.field];
          if (old === undefined) delete hashes[draft.field];
          else hashes[draft.field] = old;
        }
        const next: SyncDocState = { id: stateId(planId, doc.docId), planId, docId: doc.docId, rev: doc.rev, deleted, hashes };
        if (doc.losers.length > 0) next.losers = doc.losers.map((l) => l.rev);
        newStates.push(next);
        for (const draft of drafts) conflicts.push(conflictRecord(planId, doc.docId, kind, id, draft, doc.fields, localRecord));
        if (drafts.length > 0 || outcome.local.action === 'put' || doc.losers.length > 0) pending.add(doc.docId);
      });

      // Parents and children stay together. Rows of this plan that stay, after this pull:
      const finalRecord = (docId: string): AnyRecord | undefined => (deletes.has(docId) ? undefined : (puts.get(docId) ?? world.get(docId)));
      const deletedParents = [...deletes].filter((docId) => docId.startsWith('area:') || docId.startsWith('column:'));
      if (deletedParents.length > 0) {
        const areaIds = new Set<string>();
        for (const docId of deletedParents) {
          const record = world.get(docId) as Area | Column | undefined;
          if (record) areaIds.add(docId.startsWith('area:') ? record.id : (record as Column).areaId);
        }
        const rowsThere = (await Promise.all([...areaIds].map((areaId) => db.rows.where('areaId').equals(areaId).toArray()))).flat();
        const keptRows = rowsThere.map((row) => finalRecord(docIdOf('row', row.id)) as Row | undefined).filter((row): row is Row => row !== undefined);
        for (const row of puts.values()) if ('cells' in row && !keptRows.includes(row as Row)) keptRows.push(row as Row);
        for (const docId of deletedParents) {
          const record = world.get(docId) as Area | Column;
          const stillUsed = docId.startsWith('area:')
            ? keptRows.some((row) => row.areaId === record.id)
            : keptRows.some((row) => (row.cells[record.id]?.text ?? '') !== '');
          if (!stillUsed) continue;
          // Deleted there, still holding words here: it stays, and goes back up.
          deletes.delete(docId);
          pending.add(docId);
          result.changed--;
        }
      }
      // A row or column needs its area, a row's cells their columns: otherwise it waits for them.
      const localAreas = new Set(await db.areas.where('planId').equals(planId).primaryKeys());
      const localColumns = new Set(await db.columns.where('planId').equals(planId).primaryKeys());
      const areaExists = (areaId: string): boolean => !deletes.has(docIdOf('area', areaId)) && (localAreas.has(areaId) || puts.has(docIdOf('area', areaId)));
      const columnOk = (columnId: string, areaId: string): boolean => {
        if (deletes.has(docIdOf('column', columnId))) return false;
        const put = puts.get(docIdOf('column', columnId)) as Column | undefined;
        if (put) return put.areaId === areaId;
        return localColumns.has(columnId);
      };
      for (const [docId, record] of puts) {
        const kind = recordKind(docId)!.kind;
        const waits =
          (kind === 'column' && !areaExists((record as Column).areaId)) ||
          (kind === 'row' && (!areaExists((record as Row).areaId) || Object.keys((record as Row).cells).some((columnId) => !columnOk(columnId, (record as Row).areaId))));
        if (!waits) continue;
        puts.delete(docId);
        refetch.add(docId);
        const index = newStates.findIndex((s) => s.docId === docId);
        if (index >= 0) newStates.splice(index, 1);
        result.changed--;
      }

      // Two devices that each added a row (or column, or area) at the end gave them the same place:
      // the one the server had first keeps it, the other moves just after (and goes up), so every device
      // ends with the same order.
      await separateEqualOrders(db, planId, 'row', puts, deletes, world, pending);
      await separateEqualOrders(db, planId, 'column', puts, deletes, world, pending);
      await separateEqualOrders(db, planId, 'area', puts, deletes, world, pending);

      // Write: records by kind, parents first; deletions children first.
      for (const kind of ['plan', 'area', 'column', 'row'] as DocKind[]) {
        const list = [...puts].filter(([docId]) => recordKind(docId)!.kind === kind);
        if (list.length === 0) continue;
        await recorder.putMany(TABLE_OF[kind], list.map(([, record]) => record), {
          known: list.map(([docId]) => world.get(docId)),
          authorOf: (record) => authors.get(record.id),
        });
      }
      for (const kind of ['row', 'column', 'area', 'plan'] as DocKind[]) {
        const keys = [...deletes].filter((docId) => recordKind(docId)!.kind === kind).map((docId) => recordKind(docId)!.id);
        if (keys.length > 0) await recorder.deleteMany(TABLE_OF[kind], keys);
      }
      // What both sides now agree on, and the questions, in the same transaction.
      await db.syncDocs.bulkPut(newStates);
      const stale = openConflicts.filter((c) => resolvedDocs.has(c.docId)).map((c) => c.id);
      await db.syncConflicts.bulkDelete(stale);
      await db.syncConflicts.bulkPut(conflicts);
      result.conflicts = conflicts.length;
      await db.syncPlans.put({ ...state, since: newSince, pendingDocIds: [...pending], refetchDocIds: [...refetch] });
    },
    { tables: [...PLAN_TABLES, ...SYNC_TABLES] },
  );
  result.batchId = written.batchId;
  return result;
}

/**
 * Before a device and the server agree on anything, a row's cells may still hold text both got from
 * the same place — the bundled 2012 plan, or a CSV file exchanged earlier — whose fingerprint the row
 * keeps as its merge base (`Row.base`). That is a common ancestor too: a cell untouched since takes the
 * server's text without a question.
 */
function exchangeBase(kind: DocKind, local: AnyRecord | undefined): DocBase | undefined {
  if (kind !== 'row' || !local) return undefined;
  const csvBase = (local as Row).base;
  if (!csvBase || Object.keys(csvBase).length === 0) return undefined;
  const hashes: Record<string, string> = {};
  for (const [columnId, hash] of Object.entries(csvBase)) hashes[cellField(columnId)] = hash;
  // The row's own place is not part of that base: the server's stands.
  hashes['areaId'] = hashField({ value: (local as Row).areaId });
  hashes['order'] = hashField({ value: (local as Row).order });
  return { rev: '', deleted: false, hashes };
}

type Sibling = Area | Column | Row;

/**
 * Gives each record that shares its place with a sibling after this pull a free place of its own.
 * Of records on the same place, one that came from the server stays (the smallest id, if several
 * did); the others move between that place and the next one, in id order — the same choice on every
 * device, so they converge.
 */
async function separateEqualOrders(db: QuadroDatabase, planId: string, kind: 'row' | 'column' | 'area', puts: Map<string, AnyRecord>, deletes: Set<string>, world: LocalWorld, pending: Set<string>): Promise<void> {
  const arrived = [...puts].filter(([docId]) => docId.startsWith(`${kind}:`)).map(([, record]) => record as Sibling);
  if (arrived.length === 0) return;
  const parentOf = (record: Sibling): string => (kind === 'area' ? planId : (record as Row | Column).areaId);
  const parents = new Set(arrived.map(parentOf));
  const stored: Sibling[] =
    kind === 'area'
      ? await db.areas.where('planId').equals(planId).toArray()
      : (await Promise.all([...parents].map((areaId) => db.table<Sibling>(TABLE_OF[kind]).where('areaId').equals(areaId).toArray()))).flat();
  const final = new Map<string, Sibling>();
  for (const record of stored) {
    const docId = docIdOf(kind, record.id);
    if (!world.has(docId)) world.set(docId, record);
    if (!deletes.has(docId)) final.set(record.id, (puts.get(docId) as Sibling | undefined) ?? record);
  }
  for (const record of arrived) final.set(record.id, record);
  const fromServer = new Set(arrived.map((record) => record.id));
  for (const parent of parents) {
    const siblings = [...final.values()].filter((record) => parentOf(record) === parent).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
    for (let i = 0; i < siblings.length; i++) {
      const group = [siblings[i]!];
      while (i + 1 < siblings.length && siblings[i + 1]!.order === group[0]!.order) group.push(siblings[++i]!);
      if (group.length === 1) continue;
      const next = siblings[i + 1]?.order;
      const keeper = group.find((record) => fromServer.has(record.id)) ?? group[0]!;
      const movers = group.filter((record) => record !== keeper);
      movers.forEach((record, k) => {
        const order = next === undefined ? keeper.order + (k + 1) / (movers.length + 1) : keeper.order + ((next - keeper.order) * (k + 1)) / (movers.length + 1);
        const docId = docIdOf(kind, record.id);
        puts.set(docId, { ...record, order } as AnyRecord);
        pending.add(docId);
      });
    }
  }
}

async function readRecords(db: QuadroDatabase, docIds: string[]): Promise<LocalWorld> {
  const byTable = new Map<ChangeTable, string[]>();
  for (const docId of docIds) {
    const parsed = recordKind(docId);
    if (!parsed) continue;
    const table = TABLE_OF[parsed.kind];
    byTable.set(table, [...(byTable.get(table) ?? []), parsed.id]);
  }
  const world: LocalWorld = new Map();
  await Promise.all(
    [...byTable].map(async ([table, ids]) => {
      const records = (await db.table(table).bulkGet(ids)) as (AnyRecord | undefined)[];
      ids.forEach((id, i) => world.set(docIdOf(KIND_OF[table], id), records[i]));
    }),
  );
  return world;
}

function conflictRecord(planId: string, docId: string, kind: DocKind, id: string, draft: ConflictDraft, theirs: Fields | null, local: AnyRecord | undefined): StoredSyncConflict {
  const columnId = draft.field ? columnOfField(draft.field) : null;
  const areaId = kind === 'row' || kind === 'column' ? ((local ?? {}) as Row).areaId ?? String(theirs?.['areaId']?.value ?? '') : kind === 'area' ? id : null;
  const record: StoredSyncConflict = {
    id: `${planId}|${docId}|${draft.field ?? ''}`,
    planId,
    docId,
    field: draft.field,
    kind: draft.kind,
    mine: draft.mine,
    theirs: draft.theirs,
    theirsBy: draft.theirsBy,
    theirsAt: draft.theirsAt,
    areaId: areaId || null,
    rowId: kind === 'row' ? id : null,
    columnId,
    label: draft.field ?? kind,
  };
  if (theirs) record.theirsFields = theirs;
  return record;
}

// ---------------------------------------------------------------------------------------------
// Push

/** A document to send: its body (or a deletion), on top of the revision this device knows. */
export interface OutgoingDoc {
  docId: string;
  rev?: string;
  deleted: boolean;
  body: SyncDocBody | null;
  /** The fields sent: what this device and the server agree on once it is accepted. */
  hashes: Record<string, string>;
}

export interface PushSet {
  docs: OutgoingDoc[];
  /** Losing revisions to delete (concurrent writes already merged here). */
  losers: { docId: string; rev: string }[];
  /** The change log's last position when the set was read: pushedSeq once it is all sent. */
  upToSeq: number;
  /** Documents held back by an open question: they stay pending. */
  held: string[];
}

/** The documents touched since the last push (or every record of the plan, the first time), that differ from what the server has. */
export async function readPushSet(db: QuadroDatabase, planId: string): Promise<PushSet> {
  return db.transaction('r', [db.plans, db.areas, db.columns, db.rows, db.changeLog, db.syncPlans, db.syncDocs, db.syncConflicts], async () => {
    const state = await db.syncPlans.get(planId);
    if (!state) return { docs: [], losers: [], upToSeq: 0, held: [] };
    const upToSeq = (((await db.changeLog.orderBy('seq').lastKey()) as number | undefined) ?? 0);
    const docIds = new Set<string>(state.pendingDocIds);
    // Nothing sent yet, or a change log that no longer reaches the last push (a backup restored over it): look at every record.
    if (state.pushedSeq === null || state.pushedSeq > upToSeq) {
      docIds.add(docIdOf('plan', planId));
      const [areas, columns, rows] = await Promise.all([
        db.areas.where('planId').equals(planId).primaryKeys(),
        db.columns.where('planId').equals(planId).primaryKeys(),
        db.rows.where('planId').equals(planId).primaryKeys(),
      ]);
      for (const id of areas) docIds.add(docIdOf('area', id));
      for (const id of columns) docIds.add(docIdOf('column', id));
      for (const id of rows) docIds.add(docIdOf('row', id));
      // Records deleted before sync was turned on may still be on the server (another device sent them): their states say so.
      for (const known of await db.syncDocs.where('planId').equals(planId).toArray()) docIds.add(known.docId);
    } else {
      const entries = await db.changeLog.where('seq').between(state.pushedSeq ?? 0, upToSeq, false, true).filter((entry) => entry.planId === planId).toArray();
      for (const entry of expandEntries(entries)) docIds.add(docIdOf(KIND_OF[entry.table], entry.key));
    }
    const held = new Set((await db.syncConflicts.where('planId').equals(planId).toArray()).map((c) => c.docId));
    const ids = [...docIds].filter((docId) => parseDocId(docId) !== null);
    const [world, states] = await Promise.all([readRecords(db, ids), db.syncDocs.bulkGet(ids.map((docId) => stateId(planId, docId)))]);
    const docs: OutgoingDoc[] = [];
    const losers: { docId: string; rev: string }[] = [];
    ids.forEach((docId, i) => {
      if (held.has(docId)) return;
      const { kind } = parseDocId(docId)!;
      const known = states[i];
      for (const rev of known?.losers ?? []) losers.push({ docId, rev });
      const record = world.get(docId);
      if (!record) {
        if (known && !known.deleted) docs.push({ docId, rev: known.rev, deleted: true, body: null, hashes: {} });
        return;
      }
      const fields = fieldsOfRecord(kind, record);
      const hashes = hashFields(fields);
      if (known && !known.deleted && sameHashes(hashes, known.hashes) && (known.losers ?? []).length === 0) return;
      const doc: OutgoingDoc = { docId, deleted: false, body: bodyOfFields(kind, planId, fields), hashes };
      if (known) doc.rev = known.rev;
      docs.push(doc);
    });
    docs.sort((a, b) => KIND_ORDER[parseDocId(a.docId)!.kind] - KIND_ORDER[parseDocId(b.docId)!.kind]);
    return { docs, losers, upToSeq, held: [...held] };
  });
}

function sameHashes(a: Record<string, string>, b: Record<string, string>): boolean {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  const empty = hashField(undefined);
  for (const name of names) if ((a[name] ?? empty) !== (b[name] ?? empty)) return false;
  return true;
}

/** What the server said of one sent document. */
export interface PushOutcome {
  docId: string;
  /** The new revision, when accepted. */
  rev?: string;
  /** Refused because the server has a newer revision (409): merged by the next pull, then sent again. */
  conflict?: boolean;
  deleted: boolean;
  hashes: Record<string, string>;
}

/**
 * Records a push's answers: accepted documents agree on what was sent; refused ones stay pending.
 * `upToSeq` (the whole set went) moves the change log's position.
 */
export async function recordPushed(db: QuadroDatabase, planId: string, outcomes: PushOutcome[], sentLosers: { docId: string; rev: string }[], upToSeq: number | null): Promise<void> {
  await db.transaction('rw', [db.syncPlans, db.syncDocs], async () => {
    const state = await db.syncPlans.get(planId);
    if (!state) return;
    const pending = new Set(state.pendingDocIds);
    const accepted = outcomes.filter((o) => o.rev !== undefined);
    const known = await db.syncDocs.bulkGet(accepted.map((o) => stateId(planId, o.docId)));
    const clearedLosers = new Set(sentLosers.map((l) => `${l.docId}|${l.rev}`));
    await db.syncDocs.bulkPut(
      accepted.map((o, i) => {
        const next: SyncDocState = { id: stateId(planId, o.docId), planId, docId: o.docId, rev: o.rev as string, deleted: o.deleted, hashes: o.hashes };
        const left = (known[i]?.losers ?? []).filter((rev) => !clearedLosers.has(`${o.docId}|${rev}`));
        if (left.length > 0) next.losers = left;
        return next;
      }),
    );
    for (const o of accepted) pending.delete(o.docId);
    for (const o of outcomes) if (o.conflict) pending.add(o.docId);
    await db.syncPlans.put({ ...state, pendingDocIds: [...pending], pushedSeq: upToSeq ?? state.pushedSeq });
  });
}

/** How many documents wait to go up ("3 modifiche da inviare"): records touched since the last push, and those held back. */
export async function countPending(db: QuadroDatabase, planId: string): Promise<number> {
  const set = await readPushSet(db, planId);
  return set.docs.length + set.held.length;
}

// ---------------------------------------------------------------------------------------------
// Answers to the questions

export type SyncChoice = 'mine' | 'theirs' | 'both';

/**
 * The user's answers to a sync's questions, as one batch (one undo step): "theirs" and "both" write
 * the text here; "mine" writes nothing here. Every answered document goes up with the next push, on
 * top of the server's revision the question was about.
 */
export async function resolveSyncConflicts(db: QuadroDatabase, planId: string, answers: { id: string; choice: SyncChoice }[], author: { by: string }, now: string): Promise<WriteResult<number>> {
  return write(
    db,
    planId,
    { by: author.by, origin: 'edit' },
    async (recorder) => {
      const state = await db.syncPlans.get(planId);
      const conflicts = (await db.syncConflicts.bulkGet(answers.map((a) => a.id))).filter((c): c is StoredSyncConflict => c !== undefined);
      const docIds = [...new Set(conflicts.map((c) => c.docId))];
      const world = await readRecords(db, docIds);
      const states = new Map((await db.syncDocs.bulkGet(docIds.map((docId) => stateId(planId, docId)))).filter((s): s is SyncDocState => s !== undefined).map((s) => [s.docId, s]));
      const choiceOf = new Map(answers.map((a) => [a.id, a.choice]));
      const puts = new Map<string, AnyRecord>();
      const deletes: { table: ChangeTable; key: string }[] = [];
      for (const conflict of conflicts) {
        const choice = choiceOf.get(conflict.id) ?? 'mine';
        const { kind, id } = parseDocId(conflict.docId)!;
        const known = states.get(conflict.docId);
        const current = puts.get(conflict.docId) ?? world.get(conflict.docId);
        // A question about a cell of a record deleted here since: it is the deletion against the server's version (as listed).
        const deletedSince = conflict.field !== null && !world.get(conflict.docId);
        if (conflict.field === null || deletedSince) {
          if (deletedSince) {
            if (choice !== 'mine' && conflict.theirsFields) puts.set(conflict.docId, recordOfFields(kind, id, planId, conflict.theirsFields, undefined, now));
            if (known) states.set(conflict.docId, { ...known, deleted: false, hashes: conflict.theirsFields ? hashFields(conflict.theirsFields) : known.hashes });
            continue;
          }
          if (conflict.kind === 'edit-vs-delete') {
            // Keep: it goes back up over the deletion. Theirs: delete it here.
            if (choice === 'theirs' && current) deletes.push({ table: TABLE_OF[kind], key: id });
            if (known) states.set(conflict.docId, { ...known, deleted: true, hashes: {} });
          } else {
            // delete-vs-edit. Mine: stays deleted, and the deletion goes up. Theirs (or both: nothing is lost): it comes back as the server has it.
            if (choice !== 'mine' && conflict.theirsFields) puts.set(conflict.docId, recordOfFields(kind, id, planId, conflict.theirsFields, undefined, now));
            if (known) states.set(conflict.docId, { ...known, deleted: false, hashes: conflict.theirsFields ? hashFields(conflict.theirsFields) : known.hashes });
          }
        } else {
          const theirsField = conflict.theirsFields?.[conflict.field] ?? { value: conflict.theirs, by: conflict.theirsBy, at: conflict.theirsAt };
          if (known) states.set(conflict.docId, { ...known, hashes: { ...known.hashes, [conflict.field]: hashField(conflict.theirs === '' ? undefined : theirsField) } });
          if (current && choice !== 'mine') {
            const fields = fieldsOfRecord(kind, current);
            const text = choice === 'theirs' ? conflict.theirs : bothTexts(currentMine(conflict, current), conflict.theirs, conflict.theirsBy);
            if (text === '') delete fields[conflict.field];
            else fields[conflict.field] = choice === 'theirs' ? theirsField : { value: text, by: author.by, at: now };
            puts.set(conflict.docId, recordOfFields(kind, id, planId, fields, current, now));
          }
        }
      }
      for (const kind of ['plan', 'area', 'column', 'row'] as DocKind[]) {
        for (const [docId, record] of puts) if (parseDocId(docId)!.kind === kind) await recorder.put(TABLE_OF[kind], record);
      }
      for (const { table, key } of deletes) await recorder.delete(table, key);
      await db.syncDocs.bulkPut([...states.values()]);
      // Answered: the listed questions, and for a record deleted here every question about its cells.
      const answered = new Set(conflicts.map((c) => c.id));
      const ofDeleted = conflicts.filter((c) => c.field !== null && !world.get(c.docId)).map((c) => c.docId);
      for (const other of await db.syncConflicts.where('planId').equals(planId).toArray()) if (ofDeleted.includes(other.docId)) answered.add(other.id);
      await db.syncConflicts.bulkDelete([...answered]);
      if (state) await db.syncPlans.put({ ...state, pendingDocIds: [...new Set([...state.pendingDocIds, ...docIds])] });
      return conflicts.length;
    },
    { tables: [...PLAN_TABLES, ...SYNC_TABLES] },
  );
}
