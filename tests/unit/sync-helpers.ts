// Devices for the sync tests: each its own Quadro database on fake-indexeddb, synced with a real pouchdb-server.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import * as repo from '../../src/lib/db/repository.ts';
import { saveSyncConnection, listSyncConflicts, resolveSyncConflicts, type SyncChoice } from '../../src/lib/db/sync-store.ts';
import { CouchClient } from '../../src/lib/sync/http.ts';
import { syncPlan, type SyncReport } from '../../src/lib/sync/engine.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import type { Row } from '../../src/lib/model/types.ts';

let counter = 0;
const NOW = '2026-11-26T09:30:00.000Z';

export interface Device {
  name: string;
  db: repo.QuadroDatabase;
  planId: string;
  client: CouchClient;
  sync(): Promise<SyncReport>;
  edit(rowId: string, columnId: string, text: string): Promise<void>;
  text(rowId: string, columnId: string): Promise<string>;
  rows(): Promise<Row[]>;
  conflicts(): ReturnType<typeof listSyncConflicts>;
  resolveAll(choice: SyncChoice): Promise<void>;
  /** Plan content without device-local parts: what must be equal on every device once synced. */
  content(): Promise<unknown>;
  close(): Promise<void>;
}

export async function seededDevice(name: string, options: { url: string; database: string; user: string; password: string; fetchImpl?: typeof fetch; seed?: boolean }): Promise<Device> {
  const db = repo.openDatabase(`quadro-sync-${name}-${Date.now()}-${counter++}`);
  if (options.seed !== false) await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  const planId = DEFAULT_PLAN_ID;
  await saveSyncConnection(db, planId, options, () => `device-${name}-${counter++}`);
  const client = new CouchClient({ url: options.url, database: options.database, user: options.user, password: options.password }, options.fetchImpl);
  const device: Device = {
    name,
    db,
    planId,
    client,
    sync: () => syncPlan(db, planId, client, () => NOW),
    async edit(rowId, columnId, text) {
      await repo.saveCells(db, planId, [{ rowId, columnId, text }], { by: name });
    },
    async text(rowId, columnId) {
      return (await db.rows.get(rowId))?.cells[columnId]?.text ?? '';
    },
    rows: () => db.rows.where('planId').equals(planId).toArray(),
    conflicts: () => listSyncConflicts(db, planId),
    async resolveAll(choice) {
      const open = await listSyncConflicts(db, planId);
      await resolveSyncConflicts(db, planId, open.map((c) => ({ id: c.id, choice })), { by: name }, NOW);
    },
    async content() {
      const doc = await repo.loadPlanDocument(db, planId);
      if (!doc) return null;
      const integrity = checkIntegrity(await repo.dumpDatabase(db));
      if (integrity.length > 0) throw new Error(`${name}: ${JSON.stringify(integrity.slice(0, 3))}`);
      return {
        name: doc.plan.name,
        areas: doc.areas.map((a) => [a.id, a.title, a.introduction, a.order]),
        columns: doc.columns.map((c) => [c.id, c.areaId, c.title, c.order]),
        rows: doc.rows.map((r) => [r.id, r.areaId, r.order, Object.fromEntries(Object.entries(r.cells).filter(([, c]) => c.text !== '').map(([k, c]) => [k, c.text]).sort())]),
      };
    },
    async close() {
      db.close();
      await Dexie.delete(db.name);
    },
  };
  return device;
}
