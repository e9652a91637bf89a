// The import worker: analyses, merges and writes a file off the main thread, so a large import never freezes the page.
import { ImportSession } from './import-session.ts';
import type { ImportRequest, ImportReply } from './import-runner.ts';

const session = new ImportSession();

self.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const { id } = event.data;
  let reply: ImportReply;
  try {
    const request = event.data;
    // Progress is posted from inside the write's transaction: a message, not an await, so it never commits it early.
    const progress = (value: { written: number; total: number }): void => self.postMessage({ id, progress: value } satisfies ImportReply);
    const value =
      request.kind === 'analyze'
        ? await session.analyze(request.payload)
        : request.kind === 'rematch'
          ? session.rematch(request.payload.areaId, request.payload.fileColumn, request.payload.target)
          : await session.apply(request.payload, progress);
    reply = { id, ok: true, value };
  } catch (error) {
    // Errors cross the worker boundary as data: name (e.g. QuotaExceededError) and message.
    const inner = (error as { inner?: { name?: string } }).inner;
    reply = { id, ok: false, name: error instanceof Error ? error.name : 'Error', innerName: inner?.name, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
