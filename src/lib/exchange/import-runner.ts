// Talks to the import worker (one per import): requests out, replies and apply progress back.
import type { ApplyProgress, ApplyRequest, ApplyResult, ImportView, RematchTarget, SessionAnalyzeRequest } from './import-session.ts';
import { workerChannel, type WorkerReply } from './worker-channel.ts';

export type ImportRequest =
  | { id: number; kind: 'analyze'; payload: SessionAnalyzeRequest }
  | { id: number; kind: 'rematch'; payload: { areaId: string; fileColumn: number; target: RematchTarget } }
  | { id: number; kind: 'apply'; payload: ApplyRequest };

export type ImportReply = WorkerReply<ApplyProgress>;

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

/** Starts the import worker; throws ImportUnsupportedError where the browser has no workers. */
export function createImportRunner(): ImportRunner {
  if (typeof Worker === 'undefined') throw new ImportUnsupportedError();
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  const send = workerChannel<Omit<ImportRequest, 'id'>, ApplyProgress>(worker, 'import worker');
  return {
    analyze: (payload) => send({ kind: 'analyze', payload }),
    rematch: (areaId, fileColumn, target) => send({ kind: 'rematch', payload: { areaId, fileColumn, target } }),
    apply: (payload, onProgress) => send({ kind: 'apply', payload }, [], onProgress),
    close: () => worker.terminate(),
  };
}
