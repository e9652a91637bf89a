// Talks to the import worker (one per import): requests out, replies and apply progress back.
import type { ApplyProgress, ApplyRequest, ApplyResult, ImportView, RematchTarget, SessionAnalyzeRequest } from './import-session.ts';

export type ImportRequest =
  | { id: number; kind: 'analyze'; payload: SessionAnalyzeRequest }
  | { id: number; kind: 'rematch'; payload: { areaId: string; fileColumn: number; target: RematchTarget } }
  | { id: number; kind: 'apply'; payload: ApplyRequest };

export type ImportReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; name: string; innerName: string | undefined; message: string }
  | { id: number; progress: ApplyProgress };

export interface ImportRunner {
  analyze(request: SessionAnalyzeRequest): Promise<ImportView>;
  rematch(areaId: string, fileColumn: number, target: RematchTarget): Promise<ImportView>;
  /** `onProgress` hears how many rows the one transaction has written so far, slice by slice. */
  apply(request: ApplyRequest, onProgress?: (progress: ApplyProgress) => void): Promise<ApplyResult>;
  close(): void;
}

/**
 * The browser has no module workers. Every browser Quadro supports has them (iPad Safari 15+,
 * Chrome, Firefox 114+), so the import has no main-thread path, which would freeze the page for
 * seconds on a large file: the user is told to update the browser instead.
 */
export class ImportUnsupportedError extends Error {
  constructor() {
    super('Module workers are not available: the import runs only in a worker');
    this.name = 'ImportUnsupportedError';
  }
}

/** An Error rebuilt from the worker's reply, keeping the name (and a wrapped one) for isQuotaError. */
function rebuildError(reply: Extract<ImportReply, { ok: false }>): Error {
  const error = Object.assign(new Error(reply.message), { name: reply.name });
  if (reply.innerName) Object.assign(error, { inner: Object.assign(new Error(reply.message), { name: reply.innerName }) });
  return error;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ((progress: ApplyProgress) => void) | undefined;
}

/** Starts the import worker; throws ImportUnsupportedError where the browser has no workers. */
export function createImportRunner(): ImportRunner {
  if (typeof Worker === 'undefined') throw new ImportUnsupportedError();
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<ImportReply>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    if ('progress' in reply) {
      pending.onProgress?.(reply.progress);
      return;
    }
    waiting.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(rebuildError(reply));
  };
  worker.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(event.message || 'import worker failed'));
    waiting.clear();
  };
  const send = <T>(request: Omit<ImportRequest, 'id'>, onProgress?: (progress: ApplyProgress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ ...request, id });
    });
  return {
    analyze: (payload) => send({ kind: 'analyze', payload }),
    rematch: (areaId, fileColumn, target) => send({ kind: 'rematch', payload: { areaId, fileColumn, target } }),
    apply: (payload, onProgress) => send({ kind: 'apply', payload }, onProgress),
    close: () => worker.terminate(),
  };
}
