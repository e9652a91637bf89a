// Y1–Y4 (issue 22): team sync against pouchdb-server on this machine (Node, fake-indexeddb), each against its raw-HTTP floor:
// the same _bulk_docs / _changes calls made by a bare script with the documents already built.
import 'fake-indexeddb/auto';
import { readFile } from 'node:fs/promises';
import * as repo from '../../src/lib/db/repository.ts';
import { saveSyncConnection } from '../../src/lib/db/sync-store.ts';
import { CouchClient } from '../../src/lib/sync/http.ts';
import { syncPlan } from '../../src/lib/sync/engine.ts';
import { bodyOfFields, docIdOf, fieldsOfRecord } from '../../src/lib/sync/docs.ts';
import { PAGE_SIZE } from '../../src/lib/sync/protocol.ts';
import type { PlanDocument, Row } from '../../src/lib/model/types.ts';
import { startCouchServer, type CouchServer } from '../../tests/support/couch-server.ts';
import { makePlanDocument } from '../lib/fixtures.ts';
import { statsOf, timeOnce, type Stats } from '../lib/measure.ts';
import { formatCount, formatStats, type FigureRow } from '../lib/report.ts';

const NOW = '2026-03-02T09:30:00.000Z';
const USER = { user: 'bench', password: 'bench-pw' };
let counter = 0;

interface Device {
  db: repo.QuadroDatabase;
  planId: string;
  sync(): Promise<unknown>;
  close(): Promise<void>;
}

async function device(server: CouchServer, database: string, doc: PlanDocument): Promise<Device> {
  const db = repo.openDatabase(`bench-sync-${Date.now()}-${counter++}`);
  await repo.addPlanDocument(db, doc, { by: 'bench', origin: 'import' });
  await saveSyncConnection(db, doc.plan.id, { url: server.url, database, ...USER }, () => `bench-device-${counter++}`);
  const client = new CouchClient({ url: server.url, database, ...USER });
  return {
    db,
    planId: doc.plan.id,
    sync: () => syncPlan(db, doc.plan.id, client, () => NOW),
    async close() {
      db.close();
      await indexedDB.deleteDatabase(db.name);
    },
  };
}

async function raw(server: CouchServer, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${USER.user}:${USER.password}`).toString('base64')}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

/** Every document of a plan, as Quadro sends them: the floor's payload. */
function documentsOf(doc: PlanDocument): Record<string, unknown>[] {
  return [
    { _id: docIdOf('plan', doc.plan.id), ...bodyOfFields('plan', doc.plan.id, fieldsOfRecord('plan', doc.plan)) },
    ...doc.areas.map((a) => ({ _id: docIdOf('area', a.id), ...bodyOfFields('area', doc.plan.id, fieldsOfRecord('area', a)) })),
    ...doc.columns.map((c) => ({ _id: docIdOf('column', c.id), ...bodyOfFields('column', doc.plan.id, fieldsOfRecord('column', c)) })),
    ...doc.rows.map((r) => ({ _id: docIdOf('row', r.id), ...bodyOfFields('row', doc.plan.id, fieldsOfRecord('row', r)) })),
  ];
}

/** Posts documents in Quadro's slices; the revisions the server gave, by id. */
async function postAll(server: CouchServer, database: string, docs: Record<string, unknown>[]): Promise<Map<string, string>> {
  const revs = new Map<string, string>();
  for (let start = 0; start < docs.length; start += PAGE_SIZE) {
    const answer = (await raw(server, 'POST', `/${database}/_bulk_docs`, { docs: docs.slice(start, start + PAGE_SIZE) })) as { id: string; rev?: string }[];
    for (const item of answer) if (item.rev) revs.set(item.id, item.rev);
  }
  return revs;
}

async function changesSince(server: CouchServer, database: string, since: unknown): Promise<unknown> {
  let seq = since;
  for (;;) {
    const page = (await raw(server, 'GET', `/${database}/_changes?style=all_docs&include_docs=true&conflicts=true&since=${encodeURIComponent(String(seq))}&limit=${PAGE_SIZE}`)) as { results: unknown[]; last_seq: unknown };
    seq = page.last_seq;
    if (page.results.length < PAGE_SIZE) return seq;
  }
}

async function newDatabase(server: CouchServer): Promise<string> {
  const name = `bench-${counter++}`;
  await server.createDatabase(name, [USER.user]);
  return name;
}

/** Runs `setup` untimed and `work` timed, `runs` times. */
async function timed<T>(runs: number, setup: () => Promise<T>, work: (state: T) => Promise<unknown>, teardown: (state: T) => Promise<void> = async () => {}): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const state = await setup();
    (globalThis as { gc?: () => void }).gc?.();
    const ms = await timeOnce(() => work(state));
    if (i > 0) samples.push(ms); // the first is a warm-up
    await teardown(state);
  }
  return statsOf(samples);
}

function row(id: string, figure: string, caseText: string, quadro: Stats, floor: Stats, note: string): FigureRow {
  return {
    id,
    figure,
    case: caseText,
    quadro: formatStats(quadro),
    baseline: formatStats(floor),
    ratio: `${(quadro.median / floor.median).toFixed(2)}×`,
    target: '—',
    pass: null,
    note,
    data: { quadro, floor },
  };
}

export async function runSyncFigures(options: { runs: number; quick: boolean; wants: (id: string) => boolean; log: (line: string) => void }): Promise<FigureRow[]> {
  const server = await startCouchServer();
  const rows: FigureRow[] = [];
  try {
    await server.addUser(USER.user, USER.password);
    const plan2012 = JSON.parse(await readFile(new URL('../../src/lib/seed/plan-2012.json', import.meta.url), 'utf8')) as PlanDocument;
    const big = makePlanDocument({ rows: 10_000, variant: 'one-byte' });
    const runs = Math.max(3, Math.min(options.runs, 5));

    for (const [id, doc, label] of [['Y1', plan2012, 'the 2012 plan'], ['Y2', big, '10,000-row plan']] as const) {
      if (!options.wants(id)) continue;
      const docs = documentsOf(doc);
      options.log(`${id}: first sync of ${label} (${formatCount(docs.length)} documents)`);
      const quadro = await timed(id === 'Y2' ? Math.min(runs, 3) : runs, async () => device(server, await newDatabase(server), doc), (d) => d.sync(), (d) => d.close());
      const floor = await timed(id === 'Y2' ? Math.min(runs, 3) : runs, () => newDatabase(server), async (database) => {
        await changesSince(server, database, 0);
        await postAll(server, database, docs);
      });
      rows.push(row(id, `first sync of ${label}`, `${formatCount(docs.length)} documents · pouchdb-server on 127.0.0.1 · Node + fake-indexeddb`, quadro, floor, 'floor: the same _changes and _bulk_docs calls from a bare script'));
    }

    if (options.wants('Y3')) {
      options.log('Y3: one edit from one device to another');
      const database = await newDatabase(server);
      const a = await device(server, database, plan2012);
      const b = await device(server, database, plan2012);
      await a.sync();
      await b.sync();
      const target = plan2012.rows[3] as Row;
      const columnId = Object.keys(target.cells)[1] as string;
      let n = 0;
      const quadro = await timed(runs, async () => undefined, async () => {
        await repo.saveCells(a.db, a.planId, [{ rowId: target.id, columnId, text: `modifica ${n++}` }], { by: 'bench' });
        await a.sync();
        await b.sync();
      });
      const rawDoc = { _id: 'row:raw-floor', ...bodyOfFields('row', plan2012.plan.id, fieldsOfRecord('row', target)) };
      let rev: string | undefined;
      let since: unknown = await changesSince(server, database, 0);
      const floor = await timed(runs, async () => undefined, async () => {
        const answer = (await raw(server, 'POST', `/${database}/_bulk_docs`, { docs: [{ ...rawDoc, ...(rev ? { _rev: rev } : {}) }] })) as { rev: string }[];
        rev = answer[0]?.rev;
        since = await changesSince(server, database, since);
      });
      await a.close();
      await b.close();
      rows.push(row('Y3', "one edit's round trip to a second device", 'cell edit → push → the other device pulls and applies · 2012 plan', quadro, floor, 'floor: one _bulk_docs and one _changes'));
    }

    if (options.wants('Y4')) {
      options.log('Y4: pull of 1,000 changes');
      const changes = 1_000;
      const doc = makePlanDocument({ rows: changes, variant: 'one-byte', seed: 7 });
      const quadro = await timed(runs, async () => {
        const database = await newDatabase(server);
        const a = await device(server, database, doc);
        const b = await device(server, database, doc);
        await a.sync();
        await b.sync();
        await repo.saveCells(a.db, a.planId, doc.rows.map((r) => ({ rowId: r.id, columnId: 'col-2', text: `cambiato ${r.id}` })), { by: 'bench' });
        await a.sync();
        await a.close();
        return b;
      }, (b) => b.sync(), (b) => b.close());
      const floor = await timed(runs, async () => {
        const database = await newDatabase(server);
        const revs = await postAll(server, database, documentsOf(doc));
        const since = await changesSince(server, database, 0);
        const changed = documentsOf({ ...doc, rows: doc.rows.map((r) => ({ ...r, cells: { ...r.cells, 'col-2': { text: `cambiato ${r.id}`, changedAt: NOW, changedBy: 'bench' } } })) });
        await postAll(server, database, changed.filter((d) => String(d['_id']).startsWith('row:')).map((d) => ({ ...d, _rev: revs.get(String(d['_id'])) })));
        return { database, since };
      }, ({ database, since }) => changesSince(server, database, since));
      rows.push(row('Y4', 'pull of 1,000 changes', `${formatCount(changes)} changed rows on the server · applied as one batch`, quadro, floor, 'floor: the same _changes pages from a bare script'));
    }
  } finally {
    await server.dispose();
  }
  return rows;
}
