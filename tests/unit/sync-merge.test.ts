// The pure parts of team sync: the per-field three-way merge, the document mapping, the protocol's words, the allowed origins.
import { describe, expect, it } from 'vitest';
import { mergeDoc, type DocBase } from '../../src/lib/sync/merge.ts';
import { bodyOfFields, fieldsOfBody, fieldsOfRecord, hashFields, isReadableBody, parseDocId, recordOfFields, type Fields } from '../../src/lib/sync/docs.ts';
import { checkServerInfo, checkServerUrl, parseChanges, problemOfStatus } from '../../src/lib/sync/protocol.ts';
import { isOriginAllowed, parseSyncOrigins } from '../../src/lib/sync/origins.ts';
import type { Row } from '../../src/lib/model/types.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const row = (cells: Record<string, string>, order = 1): Fields => {
  const fields: Fields = { areaId: { value: 'a1' }, order: { value: order } };
  for (const [column, text] of Object.entries(cells)) fields[`cell:${column}`] = { value: text, by: 'x', at: '2026-01-01T00:00:00.000Z' };
  return fields;
};
const baseOf = (fields: Fields): DocBase => ({ rev: '1-a', deleted: false, hashes: hashFields(fields) });

describe('mergeDoc', () => {
  const base = row({ c1: 'uno', c2: 'due' });

  it('takes the server’s change of one cell and keeps mine of another, without a question', () => {
    const merged = mergeDoc(row({ c1: 'uno mio', c2: 'due' }), row({ c1: 'uno', c2: 'due loro' }), baseOf(base));
    expect(merged.conflicts).toEqual([]);
    expect(merged.local).toMatchObject({ action: 'put' });
    const fields = (merged.local as { fields: Fields }).fields;
    expect(fields['cell:c1']?.value).toBe('uno mio');
    expect(fields['cell:c2']?.value).toBe('due loro');
  });

  it('asks when both changed the same cell to different text, and leaves mine in place', () => {
    const merged = mergeDoc(row({ c1: 'mio', c2: 'due' }), row({ c1: 'loro', c2: 'due' }), baseOf(base));
    expect(merged.conflicts).toEqual([expect.objectContaining({ field: 'cell:c1', kind: 'both-changed', mine: 'mio', theirs: 'loro' })]);
    expect(merged.local).toEqual({ action: 'keep' });
  });

  it('agrees silently when both made the same change', () => {
    expect(mergeDoc(row({ c1: 'uguale', c2: 'due' }), row({ c1: 'uguale', c2: 'due' }), baseOf(base))).toEqual({ local: { action: 'keep' }, conflicts: [] });
  });

  it('a cell emptied on one side and changed on the other is a question, not a silent loss', () => {
    const merged = mergeDoc(row({ c1: 'cambiato', c2: 'due' }), row({ c2: 'due' }), baseOf(base));
    expect(merged.conflicts).toEqual([expect.objectContaining({ field: 'cell:c1', mine: 'cambiato', theirs: '' })]);
  });

  it('a position moved on both sides takes the server’s (no words are lost)', () => {
    const merged = mergeDoc(row({ c1: 'uno', c2: 'due' }, 5), row({ c1: 'uno', c2: 'due' }, 7), baseOf(base));
    expect(merged.conflicts).toEqual([]);
    expect((merged.local as { fields: Fields }).fields['order']?.value).toBe(7);
  });

  it('a deletion against an unchanged record wins; against an edited one it asks', () => {
    expect(mergeDoc(base, null, baseOf(base)).local).toEqual({ action: 'delete' });
    expect(mergeDoc(row({ c1: 'modificato', c2: 'due' }), null, baseOf(base)).conflicts).toEqual([expect.objectContaining({ field: null, kind: 'edit-vs-delete' })]);
    expect(mergeDoc(null, row({ c1: 'loro', c2: 'due' }), baseOf(base)).conflicts).toEqual([expect.objectContaining({ field: null, kind: 'delete-vs-edit' })]);
    expect(mergeDoc(null, base, baseOf(base))).toEqual({ local: { action: 'keep' }, conflicts: [] });
  });

  it('with no base (a first sync) only different non-empty texts ask', () => {
    const merged = mergeDoc(row({ c1: 'qui', c2: '' }), row({ c1: 'là', c2: 'solo là' }), undefined);
    expect(merged.conflicts.map((c) => c.kind)).toEqual(['no-common-base']);
    expect((merged.local as { fields: Fields }).fields['cell:c2']?.value).toBe('solo là');
  });
});

describe('documents', () => {
  it('a row goes to a document and back with its cells, its device-only parts kept', () => {
    const local: Row = { id: 'r1', areaId: 'a1', planId: 'p1', order: 3, cells: { c1: { text: 'testo', changedAt: '2026-01-01T00:00:00.000Z', changedBy: 'Mario' } }, base: { c1: 'h' }, batch: 'b1' };
    const body = bodyOfFields('row', 'p1', fieldsOfRecord('row', local));
    expect(body).toEqual({ type: 'row', v: 1, planId: 'p1', areaId: 'a1', order: 3, cells: { c1: { text: 'testo', by: 'Mario', at: '2026-01-01T00:00:00.000Z' } } });
    const back = recordOfFields('row', 'r1', 'p1', fieldsOfBody(body), local, '2026-02-02T00:00:00.000Z') as Row;
    expect(back).toEqual(local);
  });

  it('ids come from Quadro’s and other documents are not Quadro’s', () => {
    expect(parseDocId('row:abc')).toEqual({ kind: 'row', id: 'abc' });
    expect(parseDocId('_design/x')).toBeNull();
    expect(parseDocId('other:1')).toBeNull();
  });

  it('a document of a newer format or another plan is not read', () => {
    expect(isReadableBody({ type: 'row', v: 2, planId: 'p1' }, 'p1')).toBe(false);
    expect(isReadableBody({ type: 'row', v: 1, planId: 'p2' }, 'p1')).toBe(false);
    expect(isReadableBody({ type: 'row', v: 1, planId: 'p1' }, 'p1')).toBe(true);
  });
});

describe('protocol', () => {
  it('reads _changes with every leaf and the losing revisions', () => {
    const page = parseChanges({ results: [{ id: 'row:1', seq: 4, changes: [{ rev: '2-b' }, { rev: '1-c' }], doc: { _id: 'row:1', _rev: '2-b', _conflicts: ['1-c'] } }, { id: '_design/x', changes: [] }, { id: 'row:2', deleted: true, changes: [{ rev: '3-d' }] }], last_seq: 4 });
    expect(page).toEqual({ lastSeq: 4, changes: [
      { id: 'row:1', rev: '2-b', deleted: false, doc: { _id: 'row:1', _rev: '2-b', _conflicts: ['1-c'] }, conflicts: ['1-c'] },
      { id: 'row:2', rev: '3-d', deleted: true, doc: null, conflicts: [] },
    ] });
  });

  it('says each failure in words: wrong password, no access, missing database, full server', () => {
    const what = { database: 'piano', authenticated: false };
    expect(problemOfStatus(401, 'Name or password is incorrect.', what).code).toBe('sync.unauthorized');
    expect(problemOfStatus(403, 'You are not allowed to access this db.', { ...what, authenticated: true }).code).toBe('sync.forbidden');
    expect(problemOfStatus(401, 'You are not authorized to access this db.', { ...what, authenticated: true }).code).toBe('sync.forbidden');
    expect(describeProblem(problemOfStatus(404, 'Database does not exist.', what), 'it')).toContain('«piano» non esiste');
    expect(problemOfStatus(413, '', what).code).toBe('sync.server-full');
  });

  it('refuses CouchDB 1 as too old and accepts 3', () => {
    expect(checkServerInfo({ couchdb: 'Welcome', version: '1.7.2' })?.code).toBe('sync.too-old');
    expect(checkServerInfo({ couchdb: 'Welcome', version: '3.4.2' })).toBeNull();
    expect(checkServerInfo({ hello: 'world' })?.code).toBe('sync.not-couchdb');
  });

  it('accepts HTTPS, and plain HTTP only on this machine', () => {
    expect(checkServerUrl('https://couch.agenzia.it/')).toEqual({ ok: true, url: 'https://couch.agenzia.it', origin: 'https://couch.agenzia.it' });
    expect(checkServerUrl('http://couch.agenzia.it')).toMatchObject({ ok: false, problem: { code: 'sync.not-https' } });
    expect(checkServerUrl('http://127.0.0.1:5984')).toMatchObject({ ok: true });
    expect(checkServerUrl('https://mario:pw@couch.agenzia.it')).toMatchObject({ ok: false, problem: { code: 'sync.credentials-in-address' } });
  });
});

describe('allowed origins', () => {
  it('reads QUADRO_SYNC_ORIGINS and refuses what is not an origin or not HTTPS', () => {
    expect(parseSyncOrigins('https://couch.agenzia.it, http://127.0.0.1:*')).toEqual(['https://couch.agenzia.it', 'http://127.0.0.1:*']);
    expect(() => parseSyncOrigins('http://couch.agenzia.it')).toThrow(/https/);
    expect(() => parseSyncOrigins('https://couch.agenzia.it/db')).toThrow(/not an origin/);
    expect(parseSyncOrigins(undefined)).toEqual([]);
  });

  it('matches exact origins and a port wildcard of the same host only', () => {
    const allowed = ['https://couch.agenzia.it', 'http://127.0.0.1:*'];
    expect(isOriginAllowed('https://couch.agenzia.it', allowed)).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:40771', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:40771', allowed)).toBe(false);
    expect(isOriginAllowed('https://couch.agenzia.it.evil.example', allowed)).toBe(false);
  });
});
