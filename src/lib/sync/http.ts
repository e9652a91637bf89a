// The only code that talks to the network: JSON requests to a CouchDB server through fetch, failures turned into problems.
import type { QuadroProblem } from '../model/errors.ts';
import { problemOfStatus, unreachableProblem } from './protocol.ts';

/** Where and as whom: the password stays in memory and on this device only (never in exports, backups or logs). */
export interface CouchConnection {
  /** The server's base address, without a trailing slash (https://couch.agency.example). */
  url: string;
  database: string;
  user: string;
  password: string;
}

/** A request that went wrong, in words. Thrown by the client, caught by the engine, shown by the bar. */
export class SyncError extends Error {
  constructor(readonly problem: QuadroProblem) {
    super(problem.internal?.cause ? `${problem.code}: ${problem.internal.cause}` : problem.code);
    this.name = 'SyncError';
  }
}

export interface CouchAnswer {
  status: number;
  json: unknown;
}

/** A request that takes longer than this is given up (the bar says the server does not answer). */
const REQUEST_TIMEOUT_MS = 60_000;

function basicAuth(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * JSON over HTTP with basic authentication on every request (CouchDB's `_session` cookie would be a
 * third-party cookie on another origin, which Safari blocks). No cookies are sent (`credentials:
 * omit`). `fetchImpl` is injectable so tests can count or drop requests.
 */
export class CouchClient {
  private authenticated = false;

  constructor(
    readonly connection: CouchConnection,
    private readonly fetchImpl: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** The answer, whatever its status; network failures become a SyncError. */
  async send(method: string, path: string, body?: unknown): Promise<CouchAnswer> {
    const { url, user, password } = this.connection;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (user !== '') headers['authorization'] = basicAuth(user, password);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.fetchImpl(url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (error) {
      throw new SyncError(unreachableProblem(url, describe(error)));
    } finally {
      clearTimeout(timer);
    }
    let json: unknown = null;
    try {
      const text = await response.text();
      json = text === '' ? null : JSON.parse(text);
    } catch (error) {
      // A proxy's HTML error page, or a body cut off: the status still says what happened.
      if (response.ok) throw new SyncError(unreachableProblem(url, describe(error)));
    }
    if (response.ok && user !== '') this.authenticated = true;
    return { status: response.status, json };
  }

  /** The answer's body when the status is 2xx; any other status becomes a SyncError in words. */
  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.send(method, path, body);
    if (answer.status >= 200 && answer.status < 300) return answer.json;
    throw this.errorOf(answer);
  }

  errorOf(answer: CouchAnswer): SyncError {
    const reason = String((answer.json as { reason?: unknown } | null)?.reason ?? '');
    return new SyncError(problemOfStatus(answer.status, reason, { database: this.connection.database, authenticated: this.authenticated || this.connection.user !== '' }));
  }

  /** Marks the user as recognised (after `_session` named them): a later 401 then means "no access". */
  markAuthenticated(): void {
    this.authenticated = true;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' ? String((cause as { code?: unknown }).code ?? (cause as Error).message ?? '') : '';
  return [error.name, error.message, code].filter(Boolean).join(': ');
}
