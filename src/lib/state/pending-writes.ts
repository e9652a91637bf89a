// Tracks writes still on their way to IndexedDB and open cell editors, so an app update or a
// closing tab can first commit and wait for them: an update must never cost an edit.

const inFlight = new Set<Promise<unknown>>();
const editorCommitters = new Set<() => void>();

/** Registers a write; resolves or rejects exactly as the write does. */
export function trackWrite<T>(write: Promise<T>): Promise<T> {
  inFlight.add(write);
  const forget = (): void => {
    inFlight.delete(write);
  };
  write.then(forget, forget);
  return write;
}

/** Waits until every write started so far (and any they start) has settled. */
export async function flushPendingWrites(): Promise<void> {
  while (inFlight.size > 0) {
    await Promise.allSettled([...inFlight]);
  }
}

/** A component with an open editor registers how to commit it; returns the unregister function. */
export function registerEditorCommitter(commit: () => void): () => void {
  editorCommitters.add(commit);
  return () => editorCommitters.delete(commit);
}

/** Commits every open editor (its edit then goes through the normal, tracked save path). */
export function commitOpenEditors(): void {
  for (const commit of editorCommitters) commit();
}
