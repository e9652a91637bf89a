// The page's side of a request/reply worker (the import and the gathering): each request gets an id; a reply
// with that id settles it, progress messages with that id reach its listener, and a failed request comes back
// as an Error with the worker's error name (and a wrapped one), so isQuotaError works across the hop.

export type WorkerReply<Progress> =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; name: string; innerName: string | undefined; message: string }
  | { id: number; progress: Progress };

interface Waiting<Progress> {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ((progress: Progress) => void) | undefined;
}

/** An Error rebuilt from the worker's reply, keeping the name (and a wrapped one) for isQuotaError. */
function rebuildError(reply: { name: string; innerName: string | undefined; message: string }): Error {
  const error = Object.assign(new Error(reply.message), { name: reply.name });
  if (reply.innerName) Object.assign(error, { inner: Object.assign(new Error(reply.message), { name: reply.innerName }) });
  return error;
}

/** The `send` of a worker: posts `request` with a fresh id (moving `transfer`), resolves with the reply's value. */
export function workerChannel<Request extends { kind: string }, Progress>(
  worker: Worker,
  what: string,
): <T>(request: Request, transfer?: Transferable[], onProgress?: (progress: Progress) => void) => Promise<T> {
  const waiting = new Map<number, Waiting<Progress>>();
  let nextId = 1;
  worker.onmessage = (event: MessageEvent<WorkerReply<Progress>>) => {
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
    for (const pending of waiting.values()) pending.reject(new Error(event.message || `${what} failed`));
    waiting.clear();
  };
  return <T>(request: Request, transfer: Transferable[] = [], onProgress?: (progress: Progress) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      worker.postMessage({ ...request, id }, transfer);
    });
}
