// Three devices × 200 random edits with random offline periods, synced through a real pouchdb-server: they end
// identical, and no text anyone typed is lost without a question (every same-cell clash was surfaced).
// Runs at the repository level in Node (fake-indexeddb) rather than in three browsers, to stay fast.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { listSyncConflicts, resolveSyncConflicts, type SyncChoice } from '../../src/lib/db/sync-store.ts';
import { bothTexts } from '../../src/lib/sync/merge.ts';
import { startCouchServer, type CouchServer } from '../support/couch-server.ts';
import { seededDevice, type Device } from './sync-helpers.ts';

const EDITS_PER_DEVICE = Number(process.env['QUADRO_SYNC_EDITS'] ?? 200);
const SEED = Number(process.env['QUADRO_SYNC_SEED'] ?? 20261126);

/** mulberry32: a small seeded generator, so a failure replays with QUADRO_SYNC_SEED. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
  for (const name of ['d0', 'd1', 'd2']) await server.addUser(name, `pw-${name}`);
  await server.createDatabase('piano', ['d0', 'd1', 'd2']);
}, 120_000);
afterAll(async () => {
  await server?.dispose();
}, 60_000);

it(`three devices × ${EDITS_PER_DEVICE} random edits with offline periods converge, and every clash is asked (seed ${SEED})`, async () => {
  const random = generator(SEED);
  // Row ids decide ties (two rows at one place): drawn from the seed too, so a run replays exactly.
  const ids = generator(SEED ^ 0x5eed);
  const hex = (): string => Math.floor(ids() * 0x100000000).toString(16).padStart(8, '0');
  const uuid = vi.spyOn(crypto, 'randomUUID').mockImplementation(() => `${hex()}-${hex().slice(0, 4)}-4${hex().slice(0, 3)}-8${hex().slice(0, 3)}-${hex()}${hex().slice(0, 4)}` as `${string}-${string}-${string}-${string}-${string}`);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const devices: Device[] = [];
  for (const name of ['d0', 'd1', 'd2']) devices.push(await seededDevice(name, { url: server.url, database: 'piano', user: name, password: `pw-${name}` }));
  try {
    const online = devices.map(() => true);
    // The area and two of its text columns where everyone works: small enough that edits collide.
    const first = devices[0]!;
    const area = (await repo.listAreas(first.db, first.planId))[0]!;
    const columns = (await first.db.columns.where('areaId').equals(area.id).sortBy('order')).slice(1, 3).map((c) => c.id);
    /** Every text typed, and what each text knowingly replaced (an edit over it, a choice in a question). */
    const typed = new Set<string>();
    const replaces = new Map<string, Set<string>>();
    const discarded = new Set<string>();
    const link = (newer: string, older: string): void => {
      if (older === '' || newer === older) return;
      replaces.set(newer, (replaces.get(newer) ?? new Set()).add(older));
    };
    let counter = 0;
    let asked = 0;

    const answer = async (device: Device, choose: () => SyncChoice): Promise<void> => {
      const open = await listSyncConflicts(device.db, device.planId);
      if (open.length === 0) return;
      asked += open.length;
      const answers = open.map((conflict) => ({ id: conflict.id, choice: choose() }));
      // What each answer keeps and lets go, for the "nothing lost" check.
      for (const [i, conflict] of open.entries()) {
        const choice = answers[i]!.choice;
        if (conflict.field !== null) {
          if (choice === 'mine') link(conflict.mine, conflict.theirs);
          else if (choice === 'theirs') link(conflict.theirs, conflict.mine);
          else {
            const both = bothTexts(conflict.mine, conflict.theirs, conflict.theirsBy);
            link(both, conflict.mine);
            link(both, conflict.theirs);
          }
        } else if (conflict.kind === 'edit-vs-delete' && choice === 'theirs') {
          const row = conflict.rowId ? await device.db.rows.get(conflict.rowId) : undefined;
          for (const cell of Object.values(row?.cells ?? {})) discarded.add(cell.text);
        } else if (conflict.kind === 'delete-vs-edit' && choice === 'mine') {
          for (const [name, field] of Object.entries(conflict.theirsFields ?? {})) if (name.startsWith('cell:')) discarded.add(String(field.value));
        }
      }
      await resolveSyncConflicts(device.db, device.planId, answers, { by: device.name }, '2026-11-26T10:00:00.000Z');
    };

    for (let step = 0; step < EDITS_PER_DEVICE * 3; step++) {
      const index = Math.floor(random() * devices.length);
      const device = devices[index]!;
      if (random() < 0.08) online[index] = !online[index];
      const rows = (await device.db.rows.where('areaId').equals(area.id).toArray()).sort((a, b) => a.order - b.order);
      const roll = random();
      if (roll < 0.72 && rows.length > 0) {
        const row = pick(rows);
        const columnId = pick(columns);
        const text = `${device.name}-${counter++}`;
        link(text, row.cells[columnId]?.text ?? '');
        typed.add(text);
        await device.edit(row.id, columnId, text);
      } else if (roll < 0.8) {
        await repo.addRow(device.db, area.id, rows.length > 0 ? pick(rows).id : null, { by: device.name });
      } else if (roll < 0.84 && rows.length > 3) {
        const row = pick(rows);
        for (const cell of Object.values(row.cells)) discarded.add(cell.text);
        await repo.deleteRows(device.db, device.planId, [row.id], { by: device.name });
      } else if (roll < 0.9) {
        await answer(device, () => pick(['mine', 'theirs', 'both'] as const));
      } else if (online[index]) {
        await device.sync();
      }
    }

    // Everyone back online: answer, sync, until a whole round brings nothing new.
    for (let round = 0; round < 12; round++) {
      let quiet = true;
      for (const device of devices) {
        if ((await listSyncConflicts(device.db, device.planId)).length > 0) quiet = false;
        await answer(device, () => pick(['mine', 'theirs', 'both'] as const));
        const report = await device.sync();
        if (report.pulled > 0 || report.pushed > 0 || report.conflicts > 0) quiet = false;
      }
      if (quiet) break;
    }
    const contents = await Promise.all(devices.map((d) => d.content()));
    expect(contents[1]).toEqual(contents[0]);
    expect(contents[2]).toEqual(contents[0]);
    for (const device of devices) expect(await listSyncConflicts(device.db, device.planId)).toEqual([]);

    // Nothing lost without a question: every text typed is in the plan, or was knowingly replaced by
    // something that is (an edit over it, an answer to a question), or deleted on purpose.
    const finalTexts = new Set<string>();
    for (const row of await devices[0]!.rows()) for (const cell of Object.values(row.cells)) finalTexts.add(cell.text);
    const reached = new Set<string>();
    const walk = (text: string): void => {
      if (reached.has(text)) return;
      reached.add(text);
      for (const older of replaces.get(text) ?? []) walk(older);
    };
    for (const text of [...finalTexts, ...discarded]) walk(text);
    const lost = [...typed].filter((text) => !reached.has(text));
    expect(lost).toEqual([]);
    // The run made clashes, and they were asked.
    expect(asked).toBeGreaterThan(0);
  } finally {
    uuid.mockRestore();
    for (const device of devices) await device.close();
  }
}, 600_000);
