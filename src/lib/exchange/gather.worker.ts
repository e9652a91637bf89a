// The gather worker: reads, merges and writes several colleagues' files off the main thread (issue 23).
import { GatherSession, type GatherProgress } from './gather-session.ts';
import type { GatherReply, GatherRequest } from './gather-runner.ts';

const session = new GatherSession();

self.onmessage = async (event: MessageEvent<GatherRequest>) => {
  const { id } = event.data;
  let reply: GatherReply;
  // Progress is a message, not an await: inside the write's transaction it never commits it early.
  const progress = (value: GatherProgress): void => self.postMessage({ id, progress: value } satisfies GatherReply);
  try {
    const request = event.data;
    const value = request.kind === 'analyze' ? await session.analyze(request.payload, progress) : await session.apply(request.payload, progress);
    reply = { id, ok: true, value };
  } catch (error) {
    const inner = (error as { inner?: { name?: string } }).inner;
    reply = { id, ok: false, name: error instanceof Error ? error.name : 'Error', innerName: inner?.name, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(reply);
};
