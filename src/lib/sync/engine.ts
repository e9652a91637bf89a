// One sync of a plan with its CouchDB database: pull what changed there, push what changed here, until both agree.
import type { QuadroProblem } from '../model/errors.ts';
import { problem } from '../model/errors.ts';
import { fieldsOfBody, isReadableBody, parseDocId, type Fields } from './docs.ts';
import { CouchClient, SyncError } from './http.ts';
import {
  PAGE_SIZE,
  badAnswer,
  bulkDocsPath,
  bulkGetPath,
  changesPath,
  checkServerInfo,
  checkpointPath,
  databasePath,
  isProblem,
  otherPlanProblem,
  parseBulkDocs,
  parseBulkGet,
  parseChanges,
  parseSession,
  planDocsPath,
  type ServerDoc,
  type SessionInfo,
  type UpdateSeq,
} from './protocol.ts';
import {
  applyPull,
  readPushSet,
  readSyncPlan,
  recordPushed,
  restartAgreement,
  type IncomingDoc,
  type OutgoingDoc,
  type PushOutcome,
} from '../db/sync-store.ts';
import { isQuotaError, type QuadroDatabase } from '../db/repository.ts';

export interface SyncReport {
  /** The pull's batch (undoable like an import), or null when nothing came. */
  batchIds: string[];
  /** Documents taken from the server, documents sent. */
  pulled: number;
  pushed: number;
  /** New questions for the user. */
  conflicts: number;
}

/** Rounds of pull → push when a push was refused (409): each round merges the newer revision first. */
const MAX_ROUNDS = 4;

function unwrap<T>(value: T | QuadroProblem): T {
  if (isProblem(value)) throw new SyncError(value);
  return value;
}

export function deviceFullProblem(): QuadroProblem {
  return problem('sync.device-full', {});
}

/** The server answers, is CouchDB 2 or later (or pouchdb-server), and knows the user: who they are. */
export async function checkServer(client: CouchClient): Promise<SessionInfo> {
  const info = await client.request('GET', '/');
  const tooOld = checkServerInfo(info);
  if (tooOld) throw new SyncError(tooOld);
  const session = parseSession(await client.request('GET', '/_session'));
  if (client.connection.user !== '' && session.name === null) {
    throw new SyncError(problem('sync.unauthorized', {}));
  }
  client.markAuthenticated();
  return session;
}

/** "Crea il database": a server admin's request (CouchDB 3 lets only them), then the plan's members can be set on the server. */
export async function createDatabase(client: CouchClient): Promise<void> {
  const answer = await client.send('PUT', databasePath(client.connection.database));
  if (answer.status === 201 || answer.status === 202 || answer.status === 412) return;
  throw client.errorOf(answer);
}

/**
 * Syncs one plan: checks the database and this device's checkpoint on it, pulls `_changes` since the
 * checkpoint (applied as one batch), then pushes what changed here in `_bulk_docs` requests; a
 * document refused with 409 is pulled, merged and pushed again. Errors are thrown as SyncError:
 * nothing local is lost by a failure at any point (a pull is all or nothing; a push records only
 * what the server accepted).
 */
export async function syncPlan(db: QuadroDatabase, planId: string, client: CouchClient, now: () => string): Promise<SyncReport> {
  const report: SyncReport = { batchIds: [], pulled: 0, pushed: 0, conflicts: 0 };
  const database = client.connection.database;
  await client.request('GET', databasePath(database));
  let state = await readSyncPlan(db, planId);
  if (!state) throw new Error(`sync of plan ${planId} is off`);
  const checkpoint = await client.send('GET', checkpointPath(database, state.deviceId));
  let checkpointRev: string | undefined;
  if (checkpoint.status === 404) {
    // The server does not know this device's progress: its database was made again (or restored from
    // an older copy). Nothing agreed before holds: start again, merging everything.
    if (state.since !== 0 || state.pushedSeq !== null) await restartAgreement(db, planId);
  } else if (checkpoint.status >= 200 && checkpoint.status < 300) {
    checkpointRev = (checkpoint.json as { _rev?: string } | null)?._rev;
  } else throw client.errorOf(checkpoint);
  state = (await readSyncPlan(db, planId))!;
  if (state.pushedSeq === null) await requireSamePlan(client, planId);

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const pulled = await pull(db, planId, client, now);
    report.pulled += pulled.changed;
    report.conflicts += pulled.conflicts;
    if (pulled.batchId) report.batchIds.push(pulled.batchId);
    const since = (await readSyncPlan(db, planId))!.since;
    checkpointRev = await saveCheckpoint(client, state.deviceId, since, checkpointRev);
    const pushed = await push(db, planId, client);
    report.pushed += pushed.accepted;
    if (pushed.refused === 0) break;
  }
  return report;
}

/** The plan a database holds (its id and name), or null when it holds none yet. */
export async function planOnServer(client: CouchClient): Promise<{ planId: string; name: string } | null> {
  const json = await client.request('GET', planDocsPath(client.connection.database));
  const row = ((json as { rows?: { id?: string; doc?: ServerDoc }[] } | null)?.rows ?? []).find((r) => r.doc && !r.doc._deleted && typeof r.id === 'string');
  return row ? { planId: String(row.id).slice('plan:'.length), name: String(row.doc?.name ?? '') } : null;
}

/** A database holds one plan: another plan's documents there are a mistake of address, said in words. */
async function requireSamePlan(client: CouchClient, planId: string): Promise<void> {
  const json = await client.request('GET', planDocsPath(client.connection.database));
  const rows = ((json as { rows?: { id?: string; doc?: ServerDoc }[] } | null)?.rows ?? []).filter((row) => row.doc && !row.doc._deleted);
  const other = rows.find((row) => row.id !== `plan:${planId}`);
  if (other) throw new SyncError(otherPlanProblem(String(other.doc?.name ?? other.id)));
}

async function saveCheckpoint(client: CouchClient, deviceId: string, since: UpdateSeq, rev: string | undefined): Promise<string | undefined> {
  const body: Record<string, unknown> = { since, app: 'quadro' };
  if (rev) body['_rev'] = rev;
  const json = await client.request('PUT', checkpointPath(client.connection.database, deviceId), body);
  return (json as { rev?: string } | null)?.rev ?? rev;
}

function fieldsOfServerDoc(doc: ServerDoc | null | undefined, planId: string): Fields | null {
  if (!doc || doc._deleted) return null;
  const { _id: _i, _rev: _r, _deleted: _d, _conflicts: _c, ...body } = doc;
  return isReadableBody(body, planId) ? fieldsOfBody(body) : null;
}

/** Reads `_changes` since the checkpoint, page by page, and applies everything as one batch. */
async function pull(db: QuadroDatabase, planId: string, client: CouchClient, now: () => string): Promise<{ batchId: string | null; changed: number; conflicts: number }> {
  const database = client.connection.database;
  const state = (await readSyncPlan(db, planId))!;
  let since: UpdateSeq = state.since;
  const incoming: IncomingDoc[] = [];
  const withLosers: { id: string; rev: string }[] = [];
  const toRefetch: string[] = [...state.refetchDocIds];
  for (;;) {
    const page = unwrap(parseChanges(await client.request('GET', changesPath(database, since))));
    for (const change of page.changes) {
      if (!parseDocId(change.id)) continue;
      if (change.doc && !change.deleted && fieldsOfServerDoc(change.doc, planId) === null) continue; // not this plan's, or a newer format
      incoming.push({ docId: change.id, rev: change.rev, fields: change.deleted ? null : fieldsOfServerDoc(change.doc, planId), losers: [] });
      for (const rev of change.conflicts) withLosers.push({ id: change.id, rev });
    }
    since = page.lastSeq;
    if (page.changes.length < PAGE_SIZE) break;
  }
  // Losing revisions and documents waiting for their parents, in one request.
  const wanted = [...withLosers.map(({ id, rev }) => ({ id, rev })), ...toRefetch.filter((id) => !incoming.some((doc) => doc.docId === id)).map((id) => ({ id }))];
  if (wanted.length > 0) {
    const docs = unwrap(parseBulkGet(await client.request('POST', bulkGetPath(database), { docs: wanted })));
    for (const doc of docs) {
      const loser = withLosers.find((l) => l.id === doc._id && l.rev === doc._rev);
      const target = incoming.find((i) => i.docId === doc._id);
      if (loser && target) target.losers.push({ rev: doc._rev, fields: fieldsOfServerDoc(doc, planId) });
      else if (!loser) incoming.push({ docId: doc._id, rev: doc._rev, fields: fieldsOfServerDoc(doc, planId), losers: [] });
    }
  }
  try {
    return await applyPull(db, planId, incoming, since, now());
  } catch (error) {
    if (isQuotaError(error)) throw new SyncError(deviceFullProblem());
    throw error;
  }
}

/** Sends what changed here; returns how many documents the server accepted and refused (409). */
async function push(db: QuadroDatabase, planId: string, client: CouchClient): Promise<{ accepted: number; refused: number }> {
  const database = client.connection.database;
  const set = await readPushSet(db, planId);
  let accepted = 0;
  let refused = 0;
  const requests: { docs: OutgoingDoc[]; losers: { docId: string; rev: string }[] }[] = [];
  for (let start = 0; start < set.docs.length; start += PAGE_SIZE) requests.push({ docs: set.docs.slice(start, start + PAGE_SIZE), losers: [] });
  if (set.losers.length > 0) requests.push({ docs: [], losers: set.losers });
  for (const request of requests) {
    const docs = [
      ...request.docs.map((doc) => {
        const body: Record<string, unknown> = doc.body ? { _id: doc.docId, ...doc.body } : { _id: doc.docId, _deleted: true };
        if (doc.rev) body['_rev'] = doc.rev;
        return body;
      }),
      ...request.losers.map((loser) => ({ _id: loser.docId, _rev: loser.rev, _deleted: true })),
    ];
    const results = unwrap(parseBulkDocs(await client.request('POST', bulkDocsPath(database), { docs })));
    const outcomes: PushOutcome[] = [];
    const byId = new Map<string, typeof results>();
    for (const result of results) byId.set(result.id, [...(byId.get(result.id) ?? []), result]);
    for (const doc of request.docs) {
      const answer = byId.get(doc.docId)?.shift();
      if (answer?.rev && !answer.error) {
        outcomes.push({ docId: doc.docId, rev: answer.rev, deleted: doc.deleted, hashes: doc.hashes });
        accepted++;
      } else if (answer?.error === 'conflict') {
        outcomes.push({ docId: doc.docId, conflict: true, deleted: doc.deleted, hashes: doc.hashes });
        refused++;
      } else if (answer?.error === 'forbidden' || answer?.error === 'unauthorized') {
        throw client.errorOf({ status: answer.error === 'forbidden' ? 403 : 401, json: answer });
      } else if (answer?.error) {
        throw new SyncError(badAnswer(`${answer.error}: ${answer.reason ?? ''}`));
      }
    }
    const sentLosers = request.losers.filter((loser) => !(byId.get(loser.docId) ?? []).some((r) => r.error && r.error !== 'not_found'));
    await recordPushed(db, planId, outcomes, sentLosers, null);
  }
  await recordPushed(db, planId, [], [], set.upToSeq);
  return { accepted, refused };
}
