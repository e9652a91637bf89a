// Talks to the gather worker (one per gathering): files out (their bytes moved, not copied), progress and replies back.
import type { GatherAnalyzeRequest, GatherApplyRequest, GatherApplyResult, GatherProgress, GatherView } from './gather-session.ts';
import { ImportUnsupportedError } from './import-runner.ts';

/** Files one gathering takes (issue 23: up to 30). */
export const GATHER_MAX_FILES = 30;

export type GatherRequest = { id: number; kind: 'analyze'; payload: GatherAnalyzeRequest } | { id: number; kind: 'apply'; payload: GatherApplyRequest };

export type GatherReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; name: string; innerName: string | undefined; message: string }
  | { id: number; progress: GatherProgress };

export interface GatherRunner {
  analyze(request: GatherAnalyzeRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherView>;
  apply(request: GatherApplyRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherApplyResult>;
  close(): void;
}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ((progress: GatherProgress) => void) | undefined;
}

/** Starts the gather worker; throws ImportUnsupportedError where the browser has no workers. */
export function createGatherRunner(): GatherRunner {
  if (typeof Worker === 'undefined') throw new ImportUnsupportedError();
  const worker = new Worker(new URL('./gather.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<GatherReply>) => {
    const reply = event.data;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    if ('progress' in reply) {
      pending.onProgress?.(reply.progress);
      return;
    }
    waiting.delete(reply.id);
    if (reply.ok) pending.resolve(reply.value);
    else {
      // The name (and a wrapped one) survive, for isQuotaError.
      const error = Object.assign(new Error(reply.message), { name: reply.name });
      if (reply.innerName) Object.assign(error, { inner: Object.assign(new Error(reply.message), { name: reply.innerName }) });
      pending.reject(error);
    }
  };
  worker.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(event.message || 'gather worker failed'));
    waiting.clear();
  };
  const send = <T>(request: Omit<GatherRequest, 'id'>, transfer: Transferable[], onProgress?: (progress: GatherProgress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ ...request, id }, transfer);
    });
  return {
    // The files' bytes are moved to the worker: copying 30 files would hold the main thread.
    analyze: (payload, onProgress) => send({ kind: 'analyze', payload }, [...new Set(payload.files.map((file) => file.bytes.buffer as ArrayBuffer))], onProgress),
    apply: (payload, onProgress) => send({ kind: 'apply', payload }, [], onProgress),
    close: () => worker.terminate(),
  };
}
