// A newer Quadro in another tab upgrades the database: this tab saves, closes its connection and reports, instead of breaking.
import type { QuadroDatabase } from '../db/repository.ts';

/** Long enough for any real write to commit; short enough that the other tab's upgrade is not held up for long. */
export const VERSIONCHANGE_FLUSH_LIMIT_MS = 5000;

export interface DatabaseVersionHandlers {
  /** The connection is closed after saving: reload (with a notice) to run the new version. */
  onVersionChange(event: { newVersion: number | null }): void;
  /** This tab's upgrade waits for another tab still holding the old version open. */
  onBlocked(event: { oldVersion: number; newVersion: number | null }): void;
  /** Saves what is pending (the caller's open editors and tracked writes: this module does not know the state). */
  save(): Promise<void>;
}

async function saveWithin(save: () => Promise<void>, limitMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, limitMs);
  });
  try {
    await Promise.race([save().catch(() => undefined), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Replaces Dexie's default `versionchange` handling (an immediate close, after which the page's
 * next write fails) with: save, close, report. Returns a function that stops watching.
 */
export function watchDatabaseVersion(db: QuadroDatabase, handlers: DatabaseVersionHandlers): () => void {
  const { save } = handlers;
  const onVersionChange = (event: IDBVersionChangeEvent): false => {
    void saveWithin(save, VERSIONCHANGE_FLUSH_LIMIT_MS).then(() => {
      db.close();
      handlers.onVersionChange({ newVersion: event.newVersion });
    });
    // Dexie runs the newest subscriber first; false keeps its default handler from closing before we saved.
    return false;
  };
  const onBlocked = (event: IDBVersionChangeEvent): void => {
    handlers.onBlocked({ oldVersion: event.oldVersion, newVersion: event.newVersion });
  };
  db.on('versionchange', onVersionChange);
  db.on('blocked', onBlocked);
  return () => {
    db.on('versionchange').unsubscribe(onVersionChange);
    db.on('blocked').unsubscribe(onBlocked);
  };
}

/** Where the notice waits across the reload ("updated in another tab, your changes are safe"). */
const RELOAD_NOTICE_KEY = 'quadro.reloadNotice';

/** What the page says after a reload it did not ask for, or one that ended an action (a restore: how many plans). */
export type ReloadNotice = 'database-upgraded' | 'app-updated' | `backup-restored:${number}`;

export function leaveReloadNotice(kind: ReloadNotice): void {
  try {
    sessionStorage.setItem(RELOAD_NOTICE_KEY, kind);
  } catch {
    // Without sessionStorage the reload happens without the notice.
  }
}

/** Reads and clears the notice left before a reload, once. */
export function takeReloadNotice(): ReloadNotice | null {
  try {
    const kind = sessionStorage.getItem(RELOAD_NOTICE_KEY);
    sessionStorage.removeItem(RELOAD_NOTICE_KEY);
    if (kind === 'database-upgraded' || kind === 'app-updated') return kind;
    return kind !== null && /^backup-restored:\d+$/.test(kind) ? (kind as ReloadNotice) : null;
  } catch {
    return null;
  }
}
