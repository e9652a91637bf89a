// The page's only link to the service worker, through workbox-window: offline-ready, update-waiting, apply-update.
import type { Workbox } from 'workbox-window';
import { createStore, type Readable } from './store.ts';
import { applyUpdateSafely, reloadSafely, type PendingWork } from './update-flow.ts';

export interface ServiceWorkerState {
  /** 'off': no service worker (dev server, or a browser without one); 'error': registration failed. */
  status: 'off' | 'registering' | 'registered' | 'error';
  /** The first install just finished precaching: show "Pronto per l'uso offline" once. */
  offlineReady: boolean;
  /** A new version is installed and waits for the user's consent. */
  updateWaiting: boolean;
  /** The user consented; edits are being saved before the reload. */
  updating: boolean;
  /** Another tab applied an update: this page runs old code on a new worker and should reload. */
  updatedElsewhere: boolean;
}

/** Hourly while online is enough for an app updated a few times a year; focus checks catch the rest. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;
/** Focus and visibility events come in bursts on tablets; one check per minute at most. */
export const MIN_UPDATE_CHECK_GAP_MS = 60 * 1000;

const state = createStore<ServiceWorkerState>({
  status: 'off',
  offlineReady: false,
  updateWaiting: false,
  updating: false,
  updatedElsewhere: false,
});

export const serviceWorkerState: Readable<ServiceWorkerState> = state;

let workbox: Workbox | undefined;
/** What must be saved before any reload: given by main.ts (the state's open editors and writes in flight). */
let pending: PendingWork | undefined;
let started = false;
let registered = false;
let lastCheckAt = 0;

function patch(change: Partial<ServiceWorkerState>): void {
  state.set({ ...state.get(), ...change });
}

/** Asks the server for a newer worker; silent when offline or when the request fails. */
export async function checkForUpdate(now = Date.now()): Promise<void> {
  if (!workbox || !registered || !navigator.onLine) return;
  if (now - lastCheckAt < MIN_UPDATE_CHECK_GAP_MS) return;
  lastCheckAt = now;
  try {
    await workbox.update();
  } catch {
    // Offline or a flaky network: the next focus or interval tries again. Never an error for the user.
  }
}

/**
 * Registers the worker and wires its life cycle into `serviceWorkerState`. Call once from main.ts,
 * with the work an update or a reload must save first (this module sits beside src/lib/state, never
 * above it, so it is handed that work instead of importing it).
 * Under `npm run dev` nothing is registered: the dev server builds no worker (vite.config.ts
 * devOptions), and a worker there would serve stale modules and hide code changes.
 */
export async function startServiceWorkerBridge(work: PendingWork): Promise<void> {
  pending = work;
  if (started || import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  started = true;
  const hadController = navigator.serviceWorker.controller !== null;
  patch({ status: 'registering' });
  // Issue 14: workbox-window loads after the first screen, from the precache once installed.
  let Workbox: typeof import('workbox-window').Workbox;
  try {
    ({ Workbox } = await import('workbox-window'));
  } catch {
    patch({ status: 'error' });
    return;
  }
  workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });

  workbox.addEventListener('installed', (event) => {
    if (!event.isUpdate) patch({ offlineReady: true });
  });
  workbox.addEventListener('waiting', () => patch({ updateWaiting: true }));
  workbox.addEventListener('controlling', () => {
    // Our own consent reloads in applyUpdate; a takeover we did not ask for came from another tab.
    if (!state.get().updating && hadController) patch({ updatedElsewhere: true, updateWaiting: false });
  });

  await workbox
    .register()
    .then(() => {
      registered = true;
      patch({ status: 'registered' });
      window.addEventListener('focus', () => void checkForUpdate());
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void checkForUpdate();
      });
      window.addEventListener('online', () => void checkForUpdate());
      setInterval(() => void checkForUpdate(), UPDATE_CHECK_INTERVAL_MS);
    })
    .catch(() => patch({ status: 'error' }));
}

/** The user said "Aggiorna": save every edit, activate the waiting worker, reload once it controls the page. */
export async function applyUpdate(): Promise<void> {
  const wb = workbox;
  if (!wb || state.get().updating) return;
  patch({ updating: true });
  await applyUpdateSafely({
    ...savingFirst(),
    messageSkipWaiting: () => wb.messageSkipWaiting(),
    whenControlling: () => new Promise<void>((resolve) => wb.addEventListener('controlling', () => resolve())),
    reload: () => window.location.reload(),
  });
}

/** Saves every edit, then reloads (after an update in another tab, or a database upgrade). */
export async function reloadAfterSaving(): Promise<void> {
  await reloadSafely({ ...savingFirst(), reload: () => window.location.reload() });
}

function savingFirst(): PendingWork {
  if (!pending) throw new Error('startServiceWorkerBridge was not called: nothing would be saved before the reload');
  return pending;
}

export function dismissOfflineReady(): void {
  patch({ offlineReady: false });
}
