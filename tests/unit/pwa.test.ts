// The service-worker bridge's pure parts: update order, strings, iPad detection, storage helpers, database upgrades.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { Dexie } from 'dexie';
import { applyUpdateSafely, reloadSafely } from '../../src/lib/pwa/update-flow.ts';
import { it as italian } from '../../src/lib/i18n/it.ts';
import { isIosSafari } from '../../src/lib/pwa/install.ts';
import { describeStorageError, isDataLost } from '../../src/lib/pwa/storage.ts';
import { watchDatabaseVersion } from '../../src/lib/pwa/db-version.ts';
import { createQuadroDatabase, declareVersion1 } from '../../src/lib/db/schema.ts';
import { createStore } from '../../src/lib/pwa/store.ts';

describe('applying an update', () => {
  it('commits editors and waits for every write before the new worker takes over, then reloads on controlling', async () => {
    const log: string[] = [];
    let finishWrite = (): void => {};
    let controlled = (): void => {};
    const done = applyUpdateSafely({
      commitOpenEditors: () => log.push('commit'),
      flushPendingWrites: () =>
        new Promise<void>((resolve) => {
          log.push('flush');
          finishWrite = () => {
            log.push('written');
            resolve();
          };
        }),
      messageSkipWaiting: () => log.push('skipWaiting'),
      whenControlling: () => new Promise<void>((resolve) => (controlled = resolve)),
      reload: () => log.push('reload'),
    });
    await vi.waitFor(() => expect(log).toContain('flush'));
    expect(log).toEqual(['commit', 'flush']);
    finishWrite();
    await vi.waitFor(() => expect(log).toContain('skipWaiting'));
    expect(log).not.toContain('reload');
    controlled();
    await done;
    expect(log).toEqual(['commit', 'flush', 'written', 'skipWaiting', 'reload']);
  });

  it('reloads after saving', async () => {
    const log: string[] = [];
    await reloadSafely({
      commitOpenEditors: () => log.push('commit'),
      flushPendingWrites: async () => void log.push('flush'),
      reload: () => log.push('reload'),
    });
    expect(log).toEqual(['commit', 'flush', 'reload']);
  });
});

describe('iPad Safari detection', () => {
  const IPAD_SAFARI =
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
  it('recognises iPadOS Safari, which claims to be a Mac, by its touch points', () => {
    expect(isIosSafari(IPAD_SAFARI, 5)).toBe(true);
    expect(isIosSafari(IPAD_SAFARI, 0)).toBe(false);
  });
  it('leaves out Chrome on iPad and Android tablets', () => {
    expect(isIosSafari('Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 CriOS/124.0 Mobile/15E148 Safari/604.1', 5)).toBe(false);
    expect(isIosSafari('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/124.0 Safari/537.36', 5)).toBe(false);
  });
});

describe('storage helpers', () => {
  it('reports lost data only when the device had a plan and the database is empty', () => {
    expect(isDataLost(true, 0)).toBe(true);
    expect(isDataLost(true, 2)).toBe(false);
    expect(isDataLost(false, 0)).toBe(false);
  });

  it('gives the quota message for a QuotaExceededError, also wrapped in an AbortError', () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    const wrapped = Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota });
    expect(describeStorageError(quota, italian)).toBe(italian.storageFull);
    expect(describeStorageError(wrapped, italian)).toBe(italian.storageFull);
    expect(describeStorageError(new Error('other'), italian)).toBeNull();
  });

  it('has a store that notifies subscribers at once and on change', () => {
    const store = createStore(1);
    const seen: number[] = [];
    const stop = store.subscribe((v) => seen.push(v));
    store.set(2);
    stop();
    store.set(3);
    expect(seen).toEqual([1, 2]);
  });
});

describe('a database upgrade from another tab', () => {
  it('saves, closes and reports, so the other tab’s upgrade goes through', async () => {
    const name = `pwa-version-${Date.now()}`;
    const db = createQuadroDatabase(name);
    await db.open();
    const events: string[] = [];
    watchDatabaseVersion(db, {
      save: async () => void events.push('saved'),
      onVersionChange: () => events.push(`closed:${db.isOpen()}`),
      onBlocked: () => events.push('blocked'),
    });
    const newer = new Dexie(name);
    newer.version(3).stores({ plans: 'id, name' });
    await newer.open();
    await vi.waitFor(() => expect(events).toContain('closed:false'));
    expect(events).toEqual(['saved', 'closed:false']);
    newer.close();
    await Dexie.delete(name);
  });

  it('reports when its own upgrade is blocked by an older tab that does not close', async () => {
    const name = `pwa-blocked-${Date.now()}`;
    const older = new Dexie(name);
    declareVersion1(older);
    await older.open();
    // The older tab ignores versionchange (as a tab with an old Quadro build might).
    older.on('versionchange', () => false);
    const db = createQuadroDatabase(name);
    const blocked = vi.fn();
    watchDatabaseVersion(db, { save: async () => {}, onVersionChange: () => {}, onBlocked: blocked });
    const opening = db.open();
    await vi.waitFor(() => expect(blocked).toHaveBeenCalled());
    older.close();
    await opening;
    expect(db.verno).toBe(6);
    db.close();
    await Dexie.delete(name);
  });
});
