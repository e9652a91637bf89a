// The order of a safe app update: commit open editors, wait for IndexedDB, then let the new worker take over and reload.

/** The edits a reload must not lose: open editors and writes on their way to IndexedDB (src/lib/state/pending-writes.ts). */
export interface PendingWork {
  /** Commits any open cell editor; its edit then goes through the normal, tracked save path. */
  commitOpenEditors(): void;
  /** Resolves once every write in flight has settled. */
  flushPendingWrites(): Promise<void>;
}

export interface SafeReloadSteps extends PendingWork {
  reload(): void;
}

export interface UpdateSteps extends SafeReloadSteps {
  /** Tells the waiting worker to activate (workbox-window `messageSkipWaiting`). */
  messageSkipWaiting(): void;
  /** Resolves when the new worker controls the page (workbox-window `controlling`). */
  whenControlling(): Promise<void>;
}

/** Lets handlers that run right after an editor commits (Handsontable's afterChange → save) register their write. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

async function saveEverything(steps: SafeReloadSteps): Promise<void> {
  steps.commitOpenEditors();
  await nextTask();
  await steps.flushPendingWrites();
}

/** Reloads without losing an edit: for "updated in another tab" and a database upgrade elsewhere. */
export async function reloadSafely(steps: SafeReloadSteps): Promise<void> {
  await saveEverything(steps);
  steps.reload();
}

/**
 * Applies a waiting update only after every edit is in IndexedDB. The reload waits for
 * `controlling`, so the page never reloads into the old worker's half-replaced cache.
 */
export async function applyUpdateSafely(steps: UpdateSteps): Promise<void> {
  await saveEverything(steps);
  const controlling = steps.whenControlling();
  steps.messageSkipWaiting();
  await controlling;
  steps.reload();
}
