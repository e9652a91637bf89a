// Team sync against a real CouchDB-protocol server (pouchdb-server, started and stopped here): merges, conflicts, failures.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCouchServer, type CouchServer } from '../support/couch-server.ts';
import { seededDevice, type Device } from './sync-helpers.ts';

let server: CouchServer;
let dbCounter = 0;
const devices: Device[] = [];

beforeAll(async () => {
  server = await startCouchServer();
  await server.addUser('mario', 'pw-mario');
  await server.addUser('lucia', 'pw-lucia');
}, 120_000);

afterAll(async () => {
  await server?.dispose();
}, 60_000);

afterEach(async () => {
  for (const device of devices.splice(0)) await device.close();
});

async function freshDatabase(members = ['mario', 'lucia']): Promise<string> {
  const name = `piano-${dbCounter++}`;
  await server.createDatabase(name, members);
  return name;
}

async function device(name: 'mario' | 'lucia', database: string, extra: { password?: string } = {}): Promise<Device> {
  const made = await seededDevice(name, { url: server.url, database, user: name, password: extra.password ?? `pw-${name}` });
  devices.push(made);
  return made;
}

/** A row of the 2012 plan with two text columns: [rowId, firstColumnId, secondColumnId]. */
async function someCells(d: Device): Promise<{ rowId: string; a: string; b: string }> {
  const rows = await d.rows();
  const row = rows.find((r) => Object.keys(r.cells).length >= 3) ?? rows[0]!;
  const columns = await d.db.columns.where('areaId').equals(row.areaId).sortBy('order');
  return { rowId: row.id, a: columns[1]!.id, b: columns[2]!.id };
}

describe('two devices on the same plan', () => {
  it('merge edits of different cells of the same row without a question', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    const lucia = await device('lucia', database);
    await mario.sync();
    await lucia.sync();
    expect(await lucia.conflicts()).toEqual([]);
    const { rowId, a, b } = await someCells(mario);
    // Both offline: each changes a different cell of the same row.
    await mario.edit(rowId, a, 'Testo di Mario');
    await lucia.edit(rowId, b, 'Testo di Lucia');
    await mario.sync();
    await lucia.sync();
    await mario.sync();
    for (const d of [mario, lucia]) {
      expect(await d.text(rowId, a)).toBe('Testo di Mario');
      expect(await d.text(rowId, b)).toBe('Testo di Lucia');
      expect(await d.conflicts()).toEqual([]);
    }
    expect(await lucia.content()).toEqual(await mario.content());
  });

  it('ask about the same cell changed to different text on the device that syncs second, and lose neither text', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    const lucia = await device('lucia', database);
    await mario.sync();
    await lucia.sync();
    const { rowId, a } = await someCells(mario);
    await mario.edit(rowId, a, 'Versione di Mario');
    await lucia.edit(rowId, a, 'Versione di Lucia');
    await mario.sync();
    const report = await lucia.sync();
    expect(report.conflicts).toBe(1);
    const [conflict] = await lucia.conflicts();
    expect(conflict).toMatchObject({ kind: 'both-changed', mine: 'Versione di Lucia', theirs: 'Versione di Mario', rowId, columnId: a });
    // Until Lucia answers, her text stays here and does not go to the server.
    expect(await lucia.text(rowId, a)).toBe('Versione di Lucia');
    await lucia.sync();
    await mario.sync();
    expect(await mario.text(rowId, a)).toBe('Versione di Mario');
    expect(await mario.conflicts()).toEqual([]);
    // "Tieni entrambe": both texts reach both devices.
    await lucia.resolveAll('both');
    await lucia.sync();
    await mario.sync();
    for (const d of [mario, lucia]) {
      const text = await d.text(rowId, a);
      expect(text).toContain('Versione di Lucia');
      expect(text).toContain('Versione di Mario');
    }
    expect(await lucia.content()).toEqual(await mario.content());
  });
});

describe('a deletion against an edit', () => {
  it('asks the device that edited, and "keep" brings the row back to the one that deleted it', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    const lucia = await device('lucia', database);
    await mario.sync();
    await lucia.sync();
    const { rowId, a } = await someCells(mario);
    await (await import('../../src/lib/db/repository.ts')).deleteRows(mario.db, mario.planId, [rowId], { by: 'mario' });
    await lucia.edit(rowId, a, 'Lucia la sta ancora scrivendo');
    await mario.sync();
    await lucia.sync();
    const [conflict] = await lucia.conflicts();
    expect(conflict).toMatchObject({ kind: 'edit-vs-delete', field: null, rowId });
    expect(await lucia.text(rowId, a)).toBe('Lucia la sta ancora scrivendo');
    await lucia.resolveAll('mine');
    await lucia.sync();
    await mario.sync();
    expect(await mario.text(rowId, a)).toBe('Lucia la sta ancora scrivendo');
    expect(await lucia.content()).toEqual(await mario.content());
  });

  it('an unchanged row deleted on the other device goes here too, with no question', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    const lucia = await device('lucia', database);
    await mario.sync();
    await lucia.sync();
    const { rowId } = await someCells(mario);
    await (await import('../../src/lib/db/repository.ts')).deleteRows(mario.db, mario.planId, [rowId], { by: 'mario' });
    await mario.sync();
    await lucia.sync();
    expect(await lucia.db.rows.get(rowId)).toBeUndefined();
    expect(await lucia.conflicts()).toEqual([]);
  });
});

describe('errors in words, nothing lost', () => {
  it('a wrong password is said as such', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database, { password: 'sbagliata' });
    await expect(mario.sync()).rejects.toMatchObject({ problem: { code: 'sync.unauthorized' } });
  });

  it('access revoked on the server is "no access", and the edits stay queued', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    await mario.sync();
    const { rowId, a } = await someCells(mario);
    await mario.edit(rowId, a, 'Scritto dopo la revoca');
    await server.setMembers(database, ['lucia']);
    await expect(mario.sync()).rejects.toMatchObject({ problem: { code: 'sync.forbidden' } });
    expect(await mario.text(rowId, a)).toBe('Scritto dopo la revoca');
    await server.setMembers(database, ['mario', 'lucia']);
    await mario.sync();
    const lucia = await device('lucia', database);
    await lucia.sync();
    expect(await lucia.text(rowId, a)).toBe('Scritto dopo la revoca');
  });

  it('a database deleted on the server is said, and once made again the device sends the whole plan back', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    await mario.sync();
    const { rowId, a } = await someCells(mario);
    await mario.edit(rowId, a, 'Scritto mentre il database spariva');
    expect((await server.admin('DELETE', `/${database}`)).status).toBe(200);
    await expect(mario.sync()).rejects.toMatchObject({ problem: { code: 'sync.no-database' } });
    await server.createDatabase(database, ['mario', 'lucia']);
    await mario.sync();
    const lucia = await device('lucia', database);
    await lucia.sync();
    expect(await lucia.text(rowId, a)).toBe('Scritto mentre il database spariva');
    expect(await lucia.content()).toEqual(await mario.content());
  });
});

describe('a connection that fails half way', () => {
  it('a push whose answer is lost changes nothing when sent again', async () => {
    const { startLossyProxy } = await import('../support/couch-server.ts');
    const proxy = await startLossyProxy(() => server.url);
    try {
      const database = await freshDatabase();
      const mario = await seededDevice('mario', { url: proxy.url, database, user: 'mario', password: 'pw-mario' });
      devices.push(mario);
      await mario.sync();
      const { rowId, a } = await someCells(mario);
      await mario.edit(rowId, a, 'Inviato due volte');
      const dropped = proxy.dropNextAnswer((method, path) => method === 'POST' && path.includes('/_bulk_docs'));
      await expect(mario.sync()).rejects.toMatchObject({ problem: { code: 'sync.unreachable' } });
      await dropped;
      const before = (await server.admin('GET', `/${database}/row:${rowId}`)).json as { _rev: string; cells: Record<string, { text: string }> };
      // The server has the edit, the device does not know it yet.
      expect(before.cells[a]?.text).toBe('Inviato due volte');
      const report = await mario.sync();
      const after = (await server.admin('GET', `/${database}/row:${rowId}?conflicts=true`)).json as { _rev: string; _conflicts?: string[] };
      expect(after._rev).toBe(before._rev);
      expect(after._conflicts).toBeUndefined();
      expect(report.conflicts).toBe(0);
      expect(await mario.conflicts()).toEqual([]);
      expect(await mario.text(rowId, a)).toBe('Inviato due volte');
      // Nothing left to send.
      const again = await mario.sync();
      expect(again.pushed).toBe(0);
    } finally {
      await proxy.close();
    }
  });

  it('the server stopped in the middle of a push or a pull: the edits wait, and go once it is back', async () => {
    const { startCouchServer: start } = await import('../support/couch-server.ts');
    const disk = await start({ persistent: true });
    try {
      await disk.addUser('mario', 'pw-mario');
      await disk.addUser('lucia', 'pw-lucia');
      await disk.createDatabase('piano', ['mario', 'lucia']);
      // Stops the server as the `skip`+1-th request whose address holds `stopOn` is sent.
      let stopOn: string | null = null;
      let skip = 0;
      const stopping: typeof fetch = async (input, init) => {
        const url = String(input);
        if (stopOn && url.includes(stopOn) && skip-- === 0) {
          stopOn = null;
          await disk.stop();
        }
        return fetch(input, init);
      };
      const options = { url: disk.url, database: 'piano', fetchImpl: stopping };
      const mario = await seededDevice('mario', { ...options, user: 'mario', password: 'pw-mario' });
      const lucia = await seededDevice('lucia', { ...options, user: 'lucia', password: 'pw-lucia' });
      devices.push(mario, lucia);
      await mario.sync();
      await lucia.sync();
      const { rowId, a, b } = await someCells(mario);
      await mario.edit(rowId, a, 'Mario, durante il guasto');
      stopOn = '/_bulk_docs';
      await expect(mario.sync()).rejects.toMatchObject({ problem: { code: 'sync.unreachable' } });
      await disk.start();
      await mario.sync();
      await lucia.edit(rowId, b, 'Lucia, durante il guasto');
      // Mid-pull: the changes came and were applied (one batch), the checkpoint could not be saved on the server.
      stopOn = '/_local/';
      skip = 1;
      await expect(lucia.sync()).rejects.toMatchObject({ problem: { code: 'sync.unreachable' } });
      expect(await lucia.text(rowId, a)).toBe('Mario, durante il guasto');
      await disk.start();
      await lucia.sync();
      await mario.sync();
      for (const d of [mario, lucia]) {
        expect(await d.text(rowId, a)).toBe('Mario, durante il guasto');
        expect(await d.text(rowId, b)).toBe('Lucia, durante il guasto');
        expect(await d.conflicts()).toEqual([]);
      }
      expect(await lucia.content()).toEqual(await mario.content());
    } finally {
      await disk.dispose();
    }
  });
});

describe('concurrent revisions on the server (replicated from elsewhere)', () => {
  it('are merged, and the losing revision is deleted once merged', async () => {
    const database = await freshDatabase();
    const mario = await device('mario', database);
    await mario.sync();
    const { rowId, a, b } = await someCells(mario);
    const docId = `row:${rowId}`;
    const current = (await server.admin('GET', `/${database}/${docId}`)).json as { _rev: string; cells: Record<string, { text: string; by: string; at: string }> };
    const [start, hash] = current._rev.split('-') as [string, string];
    const branch = (id: string, column: string, text: string) => ({
      ...current,
      _rev: `${Number(start) + 1}-${id}`,
      _revisions: { start: Number(start) + 1, ids: [id, hash] },
      cells: { ...current.cells, [column]: { text, by: `ramo ${id}`, at: '2026-11-26T10:00:00.000Z' } },
    });
    // Two writes to the same revision, as a replication from another CouchDB leaves them: a conflict in CouchDB.
    const made = await server.admin('POST', `/${database}/_bulk_docs`, { new_edits: false, docs: [branch('aaaa', a, 'Ramo A'), branch('bbbb', b, 'Ramo B')] });
    expect(made.status).toBe(201);
    expect(((await server.admin('GET', `/${database}/${docId}?conflicts=true`)).json as { _conflicts?: string[] })._conflicts).toHaveLength(1);
    await mario.sync();
    expect(await mario.text(rowId, a)).toBe('Ramo A');
    expect(await mario.text(rowId, b)).toBe('Ramo B');
    expect(await mario.conflicts()).toEqual([]);
    const after = (await server.admin('GET', `/${database}/${docId}?conflicts=true`)).json as { _conflicts?: string[]; cells: Record<string, { text: string }> };
    expect(after._conflicts).toBeUndefined();
    expect(after.cells[a]?.text).toBe('Ramo A');
    expect(after.cells[b]?.text).toBe('Ramo B');
  });
});

describe('a plan made on one tablet', () => {
  it('reaches a tablet that never had it, with the same ids, and edits flow both ways', async () => {
    const repoModule = await import('../../src/lib/db/repository.ts');
    const { syncPlan, planOnServer } = await import('../../src/lib/sync/engine.ts');
    const { saveSyncConnection } = await import('../../src/lib/db/sync-store.ts');
    const { CouchClient } = await import('../../src/lib/sync/http.ts');
    const database = await freshDatabase();
    const mario = await device('mario', database);
    const made = await repoModule.createPlan(mario.db, 'Piano regionale 2013', { by: 'mario' }, { title: 'Nuova area', columnTitles: ['AMBITO', 'Obiettivi'] });
    const planId = made.value.id;
    const connection = { url: server.url, database, user: 'mario', password: 'pw-mario' };
    await saveSyncConnection(mario.db, planId, connection, () => 'mario-device-2');
    const marioClient = new CouchClient(connection);
    await syncPlan(mario.db, planId, marioClient, () => '2026-11-26T09:30:00.000Z');

    const lucia = await device('lucia', database);
    const luciaClient = new CouchClient({ ...connection, user: 'lucia', password: 'pw-lucia' });
    expect(await planOnServer(luciaClient)).toEqual({ planId, name: 'Piano regionale 2013' });
    await saveSyncConnection(lucia.db, planId, { ...connection, user: 'lucia', password: 'pw-lucia' }, () => 'lucia-device-2');
    await syncPlan(lucia.db, planId, luciaClient, () => '2026-11-26T09:30:00.000Z');
    const luciaDoc = await repoModule.loadPlanDocument(lucia.db, planId);
    const marioDoc = await repoModule.loadPlanDocument(mario.db, planId);
    expect(luciaDoc?.plan.name).toBe('Piano regionale 2013');
    expect(luciaDoc?.columns.map((c) => [c.id, c.title])).toEqual(marioDoc?.columns.map((c) => [c.id, c.title]));
    // Lucia adds a row and writes in it; Mario gets it.
    const row = await repoModule.addRow(lucia.db, luciaDoc!.areas[0]!.id, null, { by: 'lucia' });
    await repoModule.saveCells(lucia.db, planId, [{ rowId: row.value.id, columnId: luciaDoc!.columns[1]!.id, text: 'Obiettivo di Lucia' }], { by: 'lucia' });
    await syncPlan(lucia.db, planId, luciaClient, () => '2026-11-26T09:30:00.000Z');
    await syncPlan(mario.db, planId, marioClient, () => '2026-11-26T09:30:00.000Z');
    expect((await mario.db.rows.get(row.value.id))?.cells[luciaDoc!.columns[1]!.id]?.text).toBe('Obiettivo di Lucia');
  });
});
