// Storage the browser keeps: persistent-storage request, usage and quota, "data gone" detection, quota-error message.
import { isQuotaError } from '../db/repository.ts';
import { createStore, type Readable } from './store.ts';
import type { Strings } from '../i18n/index.ts';

/** 'unsupported': the browser has no StorageManager (older Safari) and decides on its own. */
export type Persistence = 'persisted' | 'not-persisted' | 'unsupported';

export interface StorageInfo {
  persistence: Persistence;
  /** Bytes; null when the browser does not say. */
  usage: number | null;
  quota: number | null;
}

const info = createStore<StorageInfo>({ persistence: 'unsupported', usage: null, quota: null });
export const storageInfo: Readable<StorageInfo> = info;

function storageManager(): StorageManager | undefined {
  return typeof navigator !== 'undefined' && navigator.storage && typeof navigator.storage.persisted === 'function'
    ? navigator.storage
    : undefined;
}

export async function readPersistence(): Promise<Persistence> {
  const manager = storageManager();
  if (!manager) return 'unsupported';
  try {
    return (await manager.persisted()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'unsupported';
  }
}

/**
 * Asks the browser to keep Quadro's data under storage pressure. Chromium decides silently (more
 * likely once installed or used often), Firefox asks the user, Safari grants it to Home Screen apps.
 */
export async function requestPersistence(): Promise<Persistence> {
  const manager = storageManager();
  if (!manager || typeof manager.persist !== 'function') return 'unsupported';
  try {
    return (await manager.persist()) ? 'persisted' : 'not-persisted';
  } catch {
    return 'unsupported';
  }
}

export async function readEstimate(): Promise<{ usage: number | null; quota: number | null }> {
  const manager = storageManager();
  if (!manager || typeof manager.estimate !== 'function') return { usage: null, quota: null };
  try {
    const estimate = await manager.estimate();
    return { usage: estimate.usage ?? null, quota: estimate.quota ?? null };
  } catch {
    return { usage: null, quota: null };
  }
}

/** Reads persistence and usage into `storageInfo`, for the storage panel. */
export async function refreshStorageInfo(): Promise<StorageInfo> {
  const [persistence, estimate] = await Promise.all([readPersistence(), readEstimate()]);
  const next = { persistence, ...estimate };
  info.set(next);
  return next;
}

let askedThisSession = false;

/**
 * Asks for persistent storage at a moment that makes sense: after the first edit of a session or
 * when the app gets installed. Asks at most once per page load, and not at all when already granted.
 */
export async function askPersistenceOnce(): Promise<Persistence> {
  if (askedThisSession) return info.get().persistence;
  askedThisSession = true;
  const current = await readPersistence();
  const persistence = current === 'not-persisted' ? await requestPersistence() : current;
  info.set({ ...info.get(), persistence, ...(await readEstimate()) });
  return persistence;
}

// ---------------------------------------------------------------------------------------------
// Data that should be there but is gone

/** localStorage marker: this device has held a plan. Survives a database that was emptied or evicted alone. */
export const HAD_DATA_KEY = 'quadro.hadData';

export function markHadData(): void {
  try {
    if (localStorage.getItem(HAD_DATA_KEY) === null) localStorage.setItem(HAD_DATA_KEY, new Date().toISOString());
  } catch {
    // Storage blocked (private mode): detection is simply unavailable.
  }
}

export function readHadData(): boolean {
  try {
    return localStorage.getItem(HAD_DATA_KEY) !== null;
  } catch {
    return false;
  }
}

/**
 * True when the device has a record of earlier use but the database holds no plan. Call on start,
 * before seeding the default plan (which would refill the empty database and hide the loss).
 */
export function isDataLost(hadData: boolean, planCount: number): boolean {
  return hadData && planCount === 0;
}

// ---------------------------------------------------------------------------------------------
// Quota errors

/** The message to show when a write failed for lack of space (in the language of `t`), or null for any other error. */
export function describeStorageError(error: unknown, t: Pick<Strings, 'storageFull'>): string | null {
  return isQuotaError(error) ? t.storageFull : null;
}
