// A real CouchDB-protocol server for tests and the bench: pouchdb-server from npm, started on a free port of 127.0.0.1 and stopped by the caller.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const BIN = join(require.resolve('pouchdb-server/package.json'), '..', 'bin', 'pouchdb-server');

export const ADMIN = { user: 'admin', password: 'admin-pw' };

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface CouchServer {
  url: string;
  port: number;
  /** Stops the process (as a crash or a power cut would), keeping its data directory when on disk. */
  stop(): Promise<void>;
  /** Starts it again on the same port (its databases come back when it keeps them on disk). */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
  /** A request as the server admin. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** A CouchDB user who may log in. */
  addUser(name: string, password: string): Promise<void>;
  /** Creates a database whose only members are `members` (CouchDB's `_security`). */
  createDatabase(name: string, members: string[]): Promise<void>;
  setMembers(name: string, members: string[]): Promise<void>;
}

async function request(url: string, method: string, path: string, body: unknown, auth: { user: string; password: string } | null): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (auth) headers['authorization'] = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // plain text (e.g. _config answers)
  }
  return { status: response.status, json };
}

/**
 * Starts `pouchdb-server` as a child process: in memory by default, or with its databases in a
 * temporary directory (`persistent`) so that a stop and a start keep them, as a real server's
 * restart would. The server has one admin (ADMIN) and otherwise no one: tests add users and members.
 */
export async function startCouchServer(options: { persistent?: boolean } = {}): Promise<CouchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'quadro-couch-'));
  let port = 0;
  let child: ChildProcess | null = null;
  let url = '';

  const launch = async (): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      if (port === 0 || attempt > 0) port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const args = [BIN, '--host', '127.0.0.1', '--port', String(port), '--dir', join(dir, 'data'), '--config', join(dir, 'config.json'), '--no-stdout-logs'];
      if (!options.persistent) args.push('--in-memory');
      const proc = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      child = proc;
      // A test that times out before it can stop the server (or a crash) must not leave it running.
      const orphan = (): void => void proc.kill('SIGKILL');
      process.once('exit', orphan);
      proc.once('exit', () => process.removeListener('exit', orphan));
      let stderr = '';
      proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<'exited'>((resolve) => proc.once('exit', () => resolve('exited')));
      const up = (async (): Promise<'up'> => {
        for (;;) {
          try {
            const answer = await fetch(`${url}/`);
            if (answer.ok) return 'up';
          } catch {
            // not listening yet
          }
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
      })();
      const outcome = await Promise.race([up, exited]);
      if (outcome === 'up') return;
      // The port was taken between asking and binding: another free port, a few times.
      if (attempt >= 4 || !/EADDRINUSE|already in use/.test(stderr)) throw new Error(`pouchdb-server did not start: ${stderr}`);
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await gone;
  };

  await launch();
  const server: CouchServer = {
    get url() {
      return url;
    },
    get port() {
      return port;
    },
    stop,
    start: launch,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    admin: (method, path, body) => request(url, method, path, body, ADMIN),
    async addUser(name, password) {
      const answer = await request(url, 'PUT', `/_users/org.couchdb.user:${name}`, { name, password, roles: [], type: 'user' }, ADMIN);
      if (answer.status >= 300) throw new Error(`user ${name}: ${JSON.stringify(answer.json)}`);
    },
    async createDatabase(name, members) {
      const created = await request(url, 'PUT', `/${name}`, undefined, ADMIN);
      if (created.status >= 300) throw new Error(`database ${name}: ${JSON.stringify(created.json)}`);
      await server.setMembers(name, members);
    },
    async setMembers(name, members) {
      const answer = await request(url, 'PUT', `/${name}/_security`, { admins: { names: [], roles: [] }, members: { names: members, roles: [] } }, ADMIN);
      if (answer.status >= 300) throw new Error(`_security of ${name}: ${JSON.stringify(answer.json)}`);
    },
  };
  // The admin exists from the start: without one, pouchdb-server lets anyone do anything ("admin party").
  const made = await request(url, 'PUT', `/_config/admins/${ADMIN.user}`, ADMIN.password, null);
  if (made.status >= 300) throw new Error(`admin: ${JSON.stringify(made.json)}`);
  return server;
}

/**
 * A proxy in front of the server that can drop the answer to the next matching request after the
 * server has handled it (the request arrives, the response is lost on the way back), or refuse
 * connections as an unreachable server does.
 */
export interface LossyProxy {
  url: string;
  /** The next request whose method and path match gets no answer: its connection is cut once the server has answered. */
  dropNextAnswer(match: (method: string, path: string) => boolean): Promise<void>;
  /** Every request fails at the connection (`down`), or goes through again. */
  setDown(down: boolean): void;
  /** How many requests reached the server, by method and path prefix. */
  count(match: (method: string, path: string) => boolean): number;
  close(): Promise<void>;
}

export async function startLossyProxy(target: () => string): Promise<LossyProxy> {
  let dropper: { match: (method: string, path: string) => boolean; done: () => void } | null = null;
  let down = false;
  const seen: { method: string; path: string }[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    seen.push({ method, path });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = { ...req.headers };
      delete headers['host'];
      const upstream = http.request(target() + path, { method, headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          if (dropper && dropper.match(method, path)) {
            const { done } = dropper;
            dropper = null;
            req.socket.destroy();
            done();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on('error', () => req.socket.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dropNextAnswer(match) {
      return new Promise<void>((resolve) => (dropper = { match, done: resolve }));
    },
    setDown(value) {
      down = value;
    },
    count(match) {
      return seen.filter((r) => match(r.method, r.path)).length;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
