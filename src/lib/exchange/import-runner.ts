// Talks to the import worker (one per import), or runs the same session on the main thread where workers are missing.
import type { ApplyRequest, ApplyResult, ImportView, RematchTarget, SessionAnalyzeRequest } from './import-session.ts';

export type ImportRequest =
  | { id: number; kind: 'analyze'; payload: SessionAnalyzeRequest }
  | { id: number; kind: 'rematch'; payload: { areaId: string; fileColumn: number; target: RematchTarget } }
  | { id: number; kind: 'apply'; payload: ApplyRequest };

export type ImportReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; name: string; innerName: string | undefined; message: string };

export interface ImportRunner {
  analyze(request: SessionAnalyzeRequest): Promise<ImportView>;
  rematch(areaId: string, fileColumn: number, target: RematchTarget): Promise<ImportView>;
  apply(request: ApplyRequest): Promise<ApplyResult>;
  close(): void;
}

/** An Error rebuilt from the worker's reply, keeping the name (and a wrapped one) for isQuotaError. */
function rebuildError(reply: Extract<ImportReply, { ok: false }>): Error {
  const error = Object.assign(new Error(reply.message), { name: reply.name });
  if (reply.innerName) Object.assign(error, { inner: Object.assign(new Error(reply.message), { name: reply.innerName }) });
  return error;
}

function workerRunner(): ImportRunner {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<ImportReply>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    waiting.delete(reply.id);
    if (!pending) return;
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(rebuildError(reply));
  };
  worker.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(event.message || 'import worker failed'));
    waiting.clear();
  };
  const send = <T>(request: Omit<ImportRequest, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  return {
    analyze: (payload) => send({ kind: 'analyze', payload }),
    rematch: (areaId, fileColumn, target) => send({ kind: 'rematch', payload: { areaId, fileColumn, target } }),
    apply: (payload) => send({ kind: 'apply', payload }),
    close: () => worker.terminate(),
  };
}

async function inThreadRunner(): Promise<ImportRunner> {
  const { ImportSession } = await import('./import-session.ts');
  const session = new ImportSession();
  return {
    analyze: (request) => session.analyze(request),
    rematch: async (areaId, fileColumn, target) => session.rematch(areaId, fileColumn, target),
    apply: (request) => session.apply(request),
    close: () => undefined,
  };
}

export async function createImportRunner(): Promise<ImportRunner> {
  return typeof Worker === 'undefined' ? inThreadRunner() : workerRunner();
}
