// Pure: CouchDB's replication protocol as Quadro uses it — the requests it builds, the answers it reads, and errors in words.
import { problem, type QuadroProblem } from '../model/errors.ts';
import type { SyncDocBody } from './docs.ts';

/** A sequence of CouchDB's `_changes`: an opaque string on CouchDB 3, a number on pouchdb-server. */
export type UpdateSeq = string | number;

/** Documents per `_changes` page and per `_bulk_docs` request: a few MB at most for a plan's rows. */
export const PAGE_SIZE = 1_000;

/** Where Quadro keeps its checkpoint on the server: one `_local` document per device (never replicated). */
export function checkpointPath(database: string, deviceId: string): string {
  return `/${encodeURIComponent(database)}/_local/quadro-${encodeURIComponent(deviceId)}`;
}

export function databasePath(database: string): string {
  return `/${encodeURIComponent(database)}`;
}

/** `_changes` since a checkpoint: every leaf revision (`style=all_docs`), the winning document, its conflicts. */
export function changesPath(database: string, since: UpdateSeq, limit = PAGE_SIZE): string {
  const query = new URLSearchParams({ style: 'all_docs', include_docs: 'true', conflicts: 'true', since: String(since), limit: String(limit) });
  return `/${encodeURIComponent(database)}/_changes?${query.toString()}`;
}

export function bulkDocsPath(database: string): string {
  return `/${encodeURIComponent(database)}/_bulk_docs`;
}

export function bulkGetPath(database: string): string {
  return `/${encodeURIComponent(database)}/_bulk_get?revs=false`;
}

/** The plan document(s) of a database: which plan it holds. */
export function planDocsPath(database: string): string {
  const query = new URLSearchParams({ startkey: JSON.stringify('plan:'), endkey: JSON.stringify('plan:\uffff'), include_docs: 'true' });
  return `/${encodeURIComponent(database)}/_all_docs?${query.toString()}`;
}

/** A document as `_changes`, `_bulk_get` or `_all_docs` give it. */
export interface ServerDoc extends Partial<SyncDocBody> {
  _id: string;
  _rev: string;
  _deleted?: boolean;
  _conflicts?: string[];
}

/** One document that changed on the server: its winning revision (absent if deleted) and its losing leaves. */
export interface ServerChange {
  id: string;
  rev: string;
  deleted: boolean;
  doc: ServerDoc | null;
  /** Revisions that lost CouchDB's choice of a winner (concurrent writes replicated from elsewhere). */
  conflicts: string[];
}

export interface ChangesPage {
  changes: ServerChange[];
  lastSeq: UpdateSeq;
}

/** Reads a `_changes` answer; anything malformed is a problem, not a crash. */
export function parseChanges(json: unknown): ChangesPage | QuadroProblem {
  if (!json || typeof json !== 'object' || !Array.isArray((json as { results?: unknown }).results)) return badAnswer('_changes');
  const { results, last_seq: lastSeq } = json as { results: unknown[]; last_seq?: UpdateSeq };
  const changes: ServerChange[] = [];
  for (const item of results) {
    if (!item || typeof item !== 'object') continue;
    const { id, deleted, doc, changes: revs } = item as { id?: unknown; deleted?: unknown; doc?: unknown; changes?: unknown };
    if (typeof id !== 'string' || id.startsWith('_design/')) continue;
    const serverDoc = doc && typeof doc === 'object' ? (doc as ServerDoc) : null;
    const leaves = Array.isArray(revs) ? revs.map((r) => (r as { rev?: unknown })?.rev).filter((r): r is string => typeof r === 'string') : [];
    const rev = serverDoc?._rev ?? leaves[0] ?? '';
    const conflicts = serverDoc?._conflicts ?? [];
    changes.push({ id, rev, deleted: deleted === true || serverDoc?._deleted === true, doc: serverDoc && serverDoc._deleted !== true ? serverDoc : null, conflicts });
  }
  return { changes, lastSeq: lastSeq ?? 0 };
}

/** What `_bulk_docs` said of each document. */
export interface BulkResult {
  id: string;
  rev?: string;
  error?: string;
  reason?: string;
}

export function parseBulkDocs(json: unknown): BulkResult[] | QuadroProblem {
  if (!Array.isArray(json)) return badAnswer('_bulk_docs');
  return json.filter((item): item is BulkResult => !!item && typeof item === 'object' && typeof (item as BulkResult).id === 'string');
}

/** Reads a `_bulk_get` answer: the documents found, by id and revision. */
export function parseBulkGet(json: unknown): ServerDoc[] | QuadroProblem {
  const results = (json as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) return badAnswer('_bulk_get');
  const docs: ServerDoc[] = [];
  for (const result of results) {
    for (const entry of ((result as { docs?: unknown[] })?.docs ?? []) as { ok?: ServerDoc }[]) if (entry?.ok && typeof entry.ok._id === 'string') docs.push(entry.ok);
  }
  return docs;
}

/** What the server is, from `GET /`: Apache CouchDB 2 or later, or pouchdb-server (the tests' server). */
export function checkServerInfo(json: unknown): QuadroProblem | null {
  const info = (json ?? {}) as { couchdb?: unknown; version?: unknown; 'express-pouchdb'?: unknown };
  if (info['express-pouchdb'] !== undefined) return null;
  if (info.couchdb === undefined) {
    return problem('sync.not-couchdb', {});
  }
  const major = Number(String(info.version ?? '0').split('.')[0]);
  if (!(major >= 2)) {
    return problem('sync.too-old', { version: String(info.version) }, { cause: String(info.version) });
  }
  return null;
}

/** The user the server sees, from `GET /_session`. */
export interface SessionInfo {
  name: string | null;
  roles: string[];
}

export function parseSession(json: unknown): SessionInfo {
  const ctx = (json as { userCtx?: { name?: unknown; roles?: unknown } } | null)?.userCtx;
  return {
    name: typeof ctx?.name === 'string' ? ctx.name : null,
    roles: Array.isArray(ctx?.roles) ? ctx.roles.filter((r): r is string => typeof r === 'string') : [],
  };
}

/** Only a server admin may create a database in CouchDB 3: the button is offered to them alone. */
export function mayCreateDatabase(session: SessionInfo): boolean {
  return session.roles.includes('_admin');
}

/** The server address the user typed, checked: HTTPS, or plain HTTP on this machine for testing. */
export function checkServerUrl(text: string): { ok: true; url: string; origin: string } | { ok: false; problem: QuadroProblem } {
  let parsed: URL;
  try {
    parsed = new URL(text.trim());
  } catch {
    return { ok: false, problem: problem('sync.bad-address', {}, { cause: text }) };
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    return { ok: false, problem: problem('sync.not-https', {}, { cause: text }) };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, problem: problem('sync.credentials-in-address', {}) };
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${parsed.origin}${path}`, origin: parsed.origin };
}

/** A CouchDB database name: lower-case letter first, then lower-case letters, digits and _$()+-/ (CouchDB's own rule). */
export function checkDatabaseName(text: string): QuadroProblem | null {
  if (/^[a-z][a-z0-9_$()+/-]*$/.test(text.trim())) return null;
  return problem('sync.bad-database', {}, { cause: text });
}

/**
 * The words for an HTTP answer that is not what was asked for. `authenticated`: credentials were
 * sent. CouchDB answers a wrong password with 401 "Name or password is incorrect"; a user who is not
 * a member gets 403 from CouchDB 3 and 401 "not authorized" from pouchdb-server: both are "no access".
 */
export function problemOfStatus(status: number, reason: string, what: { database: string; authenticated: boolean }): QuadroProblem {
  const internal = { cause: `${status} ${reason}` };
  if (status === 401 && (!what.authenticated || /password|name/i.test(reason))) {
    return problem('sync.unauthorized', {}, internal);
  }
  if (status === 401 || status === 403) {
    return problem('sync.forbidden', { database: what.database }, internal);
  }
  if (status === 404) {
    return problem('sync.no-database', { database: what.database }, internal);
  }
  if (status === 413 || status === 507) {
    return problem('sync.server-full', {}, internal);
  }
  return problem('sync.server-error', { status }, internal);
}

export function unreachableProblem(url: string, cause: string): QuadroProblem {
  if (/CERT|SSL|TLS|self.signed|certificate/i.test(cause)) return tlsProblem(url, cause);
  const https = url.startsWith('https:');
  return problem('sync.unreachable', { https }, { cause });
}

export function tlsProblem(url: string, cause: string): QuadroProblem {
  return problem('sync.tls', { url }, { cause });
}

export function originNotAllowedProblem(origin: string): QuadroProblem {
  return problem('sync.origin-not-allowed', { origin }, { cause: origin });
}

export function otherPlanProblem(name: string): QuadroProblem {
  return problem('sync.other-plan', { name }, { cause: name });
}

export function badAnswer(what: string): QuadroProblem {
  return problem('sync.bad-answer', {}, { cause: what });
}

export function isProblem(value: unknown): value is QuadroProblem {
  return !!value && typeof value === 'object' && typeof (value as QuadroProblem).code === 'string' && typeof (value as QuadroProblem).params === 'object';
}
