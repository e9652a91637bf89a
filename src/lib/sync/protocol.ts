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
    return problem('sync.not-couchdb', "L'indirizzo risponde, ma non è un server CouchDB. Controlla l'indirizzo.", 'The address answers, but it is not a CouchDB server. Check the address.');
  }
  const major = Number(String(info.version ?? '0').split('.')[0]);
  if (!(major >= 2)) {
    return problem(
      'sync.too-old',
      `Il server è CouchDB ${String(info.version)}: Quadro richiede CouchDB 2 o successivo (consigliato 3). Chiedi all'amministratore di aggiornarlo.`,
      `The server runs CouchDB ${String(info.version)}: Quadro needs CouchDB 2 or later (3 recommended). Ask the administrator to upgrade it.`,
      { cause: String(info.version) },
    );
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
    return { ok: false, problem: problem('sync.bad-address', "L'indirizzo del server non è valido: scrivilo intero, ad esempio https://couch.agenzia.it", 'The server address is not valid: write it in full, e.g. https://couch.agency.example', { cause: text }) };
  }
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1' || parsed.hostname === '[::1]';
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
    return { ok: false, problem: problem('sync.not-https', "Il server deve usare HTTPS (https://…): la password non può viaggiare in chiaro. Solo per prove è ammesso http://localhost.", 'The server must use HTTPS (https://…): the password cannot travel in clear text. Only for testing, http://localhost is allowed.', { cause: text }) };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, problem: problem('sync.credentials-in-address', "Scrivi utente e password nei loro campi, non nell'indirizzo.", 'Put the user and password in their fields, not in the address.') };
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${parsed.origin}${path}`, origin: parsed.origin };
}

/** A CouchDB database name: lower-case letter first, then lower-case letters, digits and _$()+-/ (CouchDB's own rule). */
export function checkDatabaseName(text: string): QuadroProblem | null {
  if (/^[a-z][a-z0-9_$()+/-]*$/.test(text.trim())) return null;
  return problem('sync.bad-database', 'Il nome del database deve iniziare con una lettera minuscola e contenere solo lettere minuscole, cifre e _ $ ( ) + - /.', 'The database name must start with a lower-case letter and hold only lower-case letters, digits and _ $ ( ) + - /.', { cause: text });
}

/**
 * The words for an HTTP answer that is not what was asked for. `authenticated`: credentials were
 * sent. CouchDB answers a wrong password with 401 "Name or password is incorrect"; a user who is not
 * a member gets 403 from CouchDB 3 and 401 "not authorized" from pouchdb-server: both are "no access".
 */
export function problemOfStatus(status: number, reason: string, what: { database: string; authenticated: boolean }): QuadroProblem {
  const internal = { cause: `${status} ${reason}` };
  if (status === 401 && (!what.authenticated || /password|name/i.test(reason))) {
    return problem('sync.unauthorized', 'Utente o password non corretti: il server non ti ha riconosciuto. Controlla e riprova.', 'Wrong user or password: the server did not recognise you. Check them and try again.', internal);
  }
  if (status === 401 || status === 403) {
    return problem('sync.forbidden', `Non hai accesso al database «${what.database}»: chiedi all'amministratore di aggiungerti ai suoi membri.`, `You have no access to the database "${what.database}": ask the administrator to add you to its members.`, internal);
  }
  if (status === 404) {
    return problem('sync.no-database', `Il database «${what.database}» non esiste sul server (forse è stato eliminato). Le tue modifiche restano sul tablet.`, `The database "${what.database}" does not exist on the server (it may have been deleted). Your changes stay on the tablet.`, internal);
  }
  if (status === 413 || status === 507) {
    return problem('sync.server-full', 'Il server non ha più spazio per i dati: le modifiche restano sul tablet. Avvisa l\'amministratore.', 'The server has no room for the data: the changes stay on the tablet. Tell the administrator.', internal);
  }
  return problem('sync.server-error', `Il server ha risposto con un errore (${status}). Le modifiche restano sul tablet; riprova più tardi.`, `The server answered with an error (${status}). The changes stay on the tablet; try again later.`, internal);
}

export function unreachableProblem(url: string, cause: string): QuadroProblem {
  if (/CERT|SSL|TLS|self.signed|certificate/i.test(cause)) return tlsProblem(url, cause);
  const https = url.startsWith('https:');
  return problem(
    'sync.unreachable',
    https ? 'Il server non risponde, oppure il suo certificato HTTPS non è valido. Le modifiche restano sul tablet e partiranno appena possibile.' : 'Il server non risponde. Le modifiche restano sul tablet e partiranno appena possibile.',
    https ? 'The server does not answer, or its HTTPS certificate is not valid. The changes stay on the tablet and go as soon as possible.' : 'The server does not answer. The changes stay on the tablet and go as soon as possible.',
    { cause },
  );
}

export function tlsProblem(url: string, cause: string): QuadroProblem {
  return problem('sync.tls', `Il certificato HTTPS di ${url} non è valido (scaduto o non riconosciuto): la connessione è stata rifiutata. Avvisa l'amministratore.`, `The HTTPS certificate of ${url} is not valid (expired or not trusted): the connection was refused. Tell the administrator.`, { cause });
}

export function originNotAllowedProblem(origin: string): QuadroProblem {
  return problem('sync.origin-not-allowed', `Questa installazione di Quadro non può collegarsi a ${origin}: i server ammessi sono fissati quando l'app viene pubblicata. Chiedi all'amministratore.`, `This installation of Quadro cannot connect to ${origin}: the allowed servers are fixed when the app is published. Ask the administrator.`, { cause: origin });
}

export function otherPlanProblem(name: string): QuadroProblem {
  return problem('sync.other-plan', `Il database contiene un altro piano («${name}»): scegli un altro database per questo piano.`, `The database holds another plan ("${name}"): choose another database for this plan.`, { cause: name });
}

export function badAnswer(what: string): QuadroProblem {
  return problem('sync.bad-answer', 'Il server ha dato una risposta che Quadro non capisce. Le modifiche restano sul tablet.', 'The server gave an answer Quadro does not understand. The changes stay on the tablet.', { cause: what });
}

export function isProblem(value: unknown): value is QuadroProblem {
  return !!value && typeof value === 'object' && typeof (value as QuadroProblem).code === 'string' && typeof (value as QuadroProblem).message === 'object';
}
