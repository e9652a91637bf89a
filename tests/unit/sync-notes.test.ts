// Notes travel by team sync (issue 23), through a real pouchdb-server: each note its own field of the row's
// document, so notes added on two devices both arrive; a note changed on both keeps both versions, the same on every device.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { startCouchServer, type CouchServer } from '../support/couch-server.ts';
import { seededDevice, type Device } from './sync-helpers.ts';
import { notesOf } from '../../src/lib/model/notes.ts';
import { buildCellHistory } from '../../src/lib/model/cell-history.ts';
import type { Note } from '../../src/lib/model/types.ts';

let server: CouchServer;
beforeAll(async () => {
  server = await startCouchServer();
  for (const name of ['anna', 'bruno']) await server.addUser(name, `pw-${name}`);
  await server.createDatabase('note', ['anna', 'bruno']);
}, 120_000);
afterAll(async () => {
  await server?.dispose();
}, 60_000);

it('a note added on one device reaches the other, answers and notes from both sides all arrive, a note changed on both keeps both versions everywhere', async () => {
  const devices: Device[] = [];
  for (const name of ['anna', 'bruno']) devices.push(await seededDevice(name, { url: server.url, database: 'note', user: name, password: `pw-${name}` }));
  const [anna, bruno] = devices as [Device, Device];
  try {
    const rows = await anna.rows();
    const row = rows.find((r) => Object.keys(r.cells).length > 2)!;
    const columnId = (await anna.db.columns.where('areaId').equals(row.areaId).sortBy('order'))[2]!.id;
    const notes = async (d: Device): Promise<readonly Note[]> => notesOf((await d.db.rows.get(row.id))!, columnId);
    await anna.sync();
    await bruno.sync();

    const added = await repo.saveNote(anna.db, anna.planId, row.id, columnId, { kind: 'add', text: 'dato da confermare con la Regione' }, { by: 'Anna' });
    const noteId = notesOf(added.value, columnId)[0]!.id;
    await anna.sync();
    await bruno.sync();
    expect(await notes(bruno)).toEqual(await notes(anna));
    // Bruno's cell history says the note came by sync.
    const brunoRow = (await bruno.db.rows.get(row.id))!;
    const history = buildCellHistory(await repo.listRowChanges(bruno.db, row.id), row.id, columnId, brunoRow.cells[columnId]?.text ?? '', notesOf(brunoRow, columnId));
    expect(history.at(-1)).toMatchObject({ origin: 'sync', by: 'Anna', note: { text: 'dato da confermare con la Regione' } });

    // Both work offline: Bruno answers and resolves, Anna adds another note. Both arrive on both, no question.
    await repo.saveNote(bruno.db, bruno.planId, row.id, columnId, { kind: 'reply', replyTo: noteId, text: 'confermato' }, { by: 'Bruno' });
    await repo.saveNote(bruno.db, bruno.planId, row.id, columnId, { kind: 'resolve', noteId, resolved: true }, { by: 'Bruno' });
    await repo.saveNote(anna.db, anna.planId, row.id, columnId, { kind: 'add', text: 'aggiornato al 30/6' }, { by: 'Anna' });
    await anna.sync();
    await bruno.sync();
    await anna.sync();
    expect(await anna.conflicts()).toEqual([]);
    expect(await bruno.conflicts()).toEqual([]);
    const view = (list: readonly Note[]): unknown[] => list.map((n) => [n.by, n.text, n.resolved ?? false, n.replyTo === noteId]).sort();
    expect(view(await notes(anna))).toEqual([
      ['Anna', 'aggiornato al 30/6', false, false],
      ['Anna', 'dato da confermare con la Regione', true, false],
      ['Bruno', 'confermato', false, true],
    ]);
    expect(view(await notes(bruno))).toEqual(view(await notes(anna)));

    // The same note changed on both sides: nothing lost, and both devices end with the same notes.
    const second = (await notes(anna)).find((n) => n.text === 'aggiornato al 30/6')!;
    await repo.saveNote(anna.db, anna.planId, row.id, columnId, { kind: 'edit', noteId: second.id, text: 'aggiornato al 31/7' }, { by: 'Anna' });
    await repo.saveNote(bruno.db, bruno.planId, row.id, columnId, { kind: 'edit', noteId: second.id, text: 'aggiornato al 15/7' }, { by: 'Bruno' });
    await anna.sync();
    await bruno.sync();
    await anna.sync();
    const texts = async (d: Device): Promise<string[]> => (await notes(d)).map((n) => n.text).sort();
    expect(await texts(anna)).toEqual(await texts(bruno));
    const all = (await texts(anna)).join('\n');
    expect(all).toContain('aggiornato al 31/7');
    expect(all).toContain('aggiornato al 15/7');
    expect(await anna.content()).toEqual(await bruno.content());
  } finally {
    for (const d of devices) await d.close();
  }
}, 120_000);
