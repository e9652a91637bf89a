// Talks to the gather worker (one per gathering): files out (their bytes moved, not copied), progress and replies back.
import type { GatherAnalyzeRequest, GatherApplyRequest, GatherApplyResult, GatherProgress, GatherView } from './gather-session.ts';
import { ImportUnsupportedError } from './import-runner.ts';
import { workerChannel, type WorkerReply } from './worker-channel.ts';

/** Files one gathering takes (issue 23: up to 30). */
export const GATHER_MAX_FILES = 30;

export type GatherRequest = { id: number; kind: 'analyze'; payload: GatherAnalyzeRequest } | { id: number; kind: 'apply'; payload: GatherApplyRequest };

export type GatherReply = WorkerReply<GatherProgress>;

export interface GatherRunner {
  analyze(request: GatherAnalyzeRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherView>;
  apply(request: GatherApplyRequest, onProgress?: (progress: GatherProgress) => void): Promise<GatherApplyResult>;
  close(): void;
}

/** Starts the gather worker; throws ImportUnsupportedError where the browser has no workers. */
export function createGatherRunner(): GatherRunner {
  if (typeof Worker === 'undefined') throw new ImportUnsupportedError();
  const worker = new Worker(new URL('./gather.worker.ts', import.meta.url), { type: 'module' });
  const send = workerChannel<Omit<GatherRequest, 'id'>, GatherProgress>(worker, 'gather worker');
  return {
    // The files' bytes are moved to the worker: copying 30 files would hold the main thread.
    analyze: (payload, onProgress) => send({ kind: 'analyze', payload }, [...new Set(payload.files.map((file) => file.bytes.buffer as ArrayBuffer))], onProgress),
    apply: (payload, onProgress) => send({ kind: 'apply', payload }, [], onProgress),
    close: () => worker.terminate(),
  };
}
