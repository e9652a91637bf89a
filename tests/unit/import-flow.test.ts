// The import flow end to end on fake-indexeddb: bad files change nothing, a good file applies all or nothing, undo in one step.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { ImportSession, PREVIEW_LIST_LIMIT } from '../../src/lib/exchange/import-session.ts';
import { createImportRunner, ImportUnsupportedError } from '../../src/lib/exchange/import-runner.ts';
import { resolveImport, serializePlanCsv } from '../../src/lib/csv/index.ts';
import type { PlanDocument } from '../../src/lib/model/types.ts';
import { clock, steppingClock, useClock } from '../../src/lib/model/clock.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';
import { problem } from '../../src/lib/model/errors.ts';

const opened: repo.QuadroDatabase[] = [];
// Every "now" of these imports comes from a clock the test sets, never from the machine's.
let restoreClock: () => void = () => {};
beforeEach(() => {
  restoreClock = useClock(steppingClock('2026-11-26T09:00:00.000Z'));
});
afterEach(async () => {
  restoreClock();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

let databaseCount = 0;
async function seededDb(): Promise<{ db: repo.QuadroDatabase; doc: PlanDocument }> {
  const db = repo.openDatabase(`quadro-import-${++databaseCount}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return { db, doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))! };
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const header = 'AMBITO;Risultati previsti al 2012\r\n';

/** The bad inputs of the issue, as bytes a user could pick. */
function badInputs(): [string, Uint8Array][] {
  const bigField = 'x'.repeat(5 * 1024 * 1024);
  return [
    ['an .xlsx file', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00])],
    ['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['an empty file', new Uint8Array()],
    ['a header that matches nothing', encode('Nome;Cognome;Telefono\r\nMario;Rossi;123\r\n')],
    ['ragged rows', encode(`${header}GOVERNANCE NAZIONALE;testo;in più\r\n`)],
    ['an unbalanced quote', encode(`${header}GOVERNANCE NAZIONALE;"testo senza fine\r\n`)],
    ['duplicate IDs', encode('AMBITO;ID Quadro v1\r\nA;same-id\r\nB;same-id\r\n')],
    ['duplicate column titles', encode('AMBITO;AMBITO\r\nA;B\r\n')],
    ['an empty column title', encode('AMBITO;;Risultati al 2011\r\nA;B;C\r\n')],
    ['a __proto__ title', encode('AMBITO;__proto__\r\nA;{"polluted":true}\r\n')],
    ['a constructor title', encode('AMBITO;constructor\r\nA;B\r\n')],
    ['a prototype title', encode('AMBITO;prototype\r\nA;B\r\n')],
    ['a 50 MB file', new Uint8Array(50 * 1024 * 1024).fill(0x41)],
    ['a single 5 MB field', encode(`${header}GOVERNANCE NAZIONALE;${bigField}\r\n`)],
    ['a row of 10,000 columns', encode(Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(';') + '\r\n')],
  ];
}

describe('bad input', () => {
  it.each(badInputs())('%s is refused with a bilingual message and the database is unchanged', async (_name, bytes) => {
    const { db, doc } = await seededDb();
    const before = await repo.dumpDatabase(db);
    const result = analyzeImport({ bytes, fileName: 'file.csv', doc, areaId: doc.areas[0]!.id });
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.preview).toBeNull();
    for (const problem of result.problems) {
      expect(describeProblem(problem, 'it').length).toBeGreaterThan(10);
      expect(describeProblem(problem, 'en').length).toBeGreaterThan(10);
    }
    expect(await repo.dumpDatabase(db)).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('apply', () => {
  it('writes a merged file in one batch and undoes it in one step', async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const column = doc.columns.find((c) => c.areaId === area.id && c.order === 5)!;
    const row = doc.rows.find((r) => r.areaId === area.id)!;
    // A colleague's file: same plan, one cell changed, one row added.
    const theirs: PlanDocument = structuredClone(doc);
    const theirRow = theirs.rows.find((r) => r.id === row.id)!;
    theirRow.cells[column.id] = { text: 'Realizzare 9 piani esecutivi', changedAt: '2026-11-20T10:00:00.000Z', changedBy: 'Bruno' };
    const csv = serializePlanCsv(theirs, { kind: 'area', areaId: area.id }, { delimiter: ';' }).replace(
      /\r\n$/,
      '\r\nNUOVO AMBITO;;;;Da fare;;\r\n',
    );

    const before = await repo.dumpDatabase(db);
    const result = analyzeImport({ bytes: encode(csv), fileName: 'bruno.csv', doc, areaId: area.id });
    expect(result.problems).toEqual([]);
    const changes = resolveImport(result.preview!, { conflicts: {} }, { now: clock().now(), importer: 'Anna', fileName: 'bruno.csv' });
    expect(changes.summary).toMatchObject({ added: 1, changed: 1 });
    const { batchId } = await repo.applyImport(db, DEFAULT_PLAN_ID, changes, { by: 'Anna', fileName: 'bruno.csv' });

    const view = (await repo.loadAreaView(db, area.id))!;
    expect(view.rows.find((r) => r.id === row.id)!.cells[column.id]).toMatchObject({ text: 'Realizzare 9 piani esecutivi', changedBy: 'Bruno' });
    expect(view.rows.at(-1)!.cells[view.columns[0]!.id]!.text).toBe('NUOVO AMBITO');
    const log = await db.changeLog.where('batchId').equals(batchId!).toArray();
    expect(new Set(log.map((e) => e.origin))).toEqual(new Set(['import']));
    expect(log.every((e) => e.note === 'bruno.csv')).toBe(true);

    // The same file again: nothing to do.
    const again = analyzeImport({ bytes: encode(csv), fileName: 'bruno.csv', doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!, areaId: area.id });
    const second = resolveImport(again.preview!, { conflicts: {} }, { now: clock().now(), importer: 'Anna', fileName: 'bruno.csv' });
    expect(second.summary).toMatchObject({ added: 0, changed: 0 });

    await repo.undoBatch(db, batchId!, { by: 'Anna' });
    const after = await repo.dumpDatabase(db);
    expect({ ...after, changeLog: [], plans: [] }).toEqual({ ...before, changeLog: [], plans: [] });
  });

  it('is all or nothing: a write that fails half-way leaves the database as it was', async () => {
    const { db, doc } = await seededDb();
    const before = await repo.dumpDatabase(db);
    const good = { ...doc.rows[0]!, cells: { ...doc.rows[0]!.cells } };
    const firstColumn = Object.keys(good.cells)[0]!;
    good.cells[firstColumn] = { text: 'scritto?', changedAt: 'x', changedBy: 'y' };
    // A new column is written first; then a row record without a key is refused by IndexedDB.
    const newColumn = { id: 'new-column', areaId: doc.areas[0]!.id, planId: DEFAULT_PLAN_ID, title: 'Risultati al 2012', order: 99 };
    const broken = { ...doc.rows[1]!, id: undefined } as unknown as typeof good;
    await expect(
      repo.applyImport(
        db,
        DEFAULT_PLAN_ID,
        { newAreas: [], newColumns: [newColumn], rowsToPut: [good, broken], rowIdsToDelete: [] },
        { by: 'Anna', fileName: 'x.csv' },
      ),
    ).rejects.toThrow();
    expect(await repo.dumpDatabase(db)).toEqual(before);
  });
});

describe('rolling the plan forward between two consultants', () => {
  it("a column added by one and edited by the other comes back as a change, not a conflict", async () => {
    const anna = await seededDb();
    const bruno = await seededDb();
    const area = anna.doc.areas[0]!;
    const now = () => clock().now();

    // Anna adds "Risultati al 2012" and fills one cell, then exports the area.
    const { value: column } = await repo.addColumn(anna.db, area.id, 'Risultati al 2012', { by: 'Anna' });
    const rowId = anna.doc.rows.find((r) => r.areaId === area.id)!.id;
    await repo.saveCell(anna.db, DEFAULT_PLAN_ID, { rowId, columnId: column.id, text: 'Stipulati 3 accordi' }, { by: 'Anna' });
    const annaFile = serializePlanCsv((await repo.recordExportBases(anna.db, DEFAULT_PLAN_ID, [area.id]))!, { kind: 'area', areaId: area.id }, { delimiter: ';' });

    // Bruno imports it (a new column for him), corrects the figure, and sends the area back.
    const atBruno = analyzeImport({ bytes: encode(annaFile), fileName: 'anna.csv', doc: bruno.doc, areaId: area.id });
    expect(atBruno.preview!.areas[0]!.columnsAdded.map((c) => c.title)).toEqual(['Risultati al 2012']);
    await repo.applyImport(bruno.db, DEFAULT_PLAN_ID, resolveImport(atBruno.preview!, { conflicts: {} }, { now: now(), importer: 'Bruno', fileName: 'anna.csv' }), { by: 'Bruno', fileName: 'anna.csv' });
    const brunoView = (await repo.loadAreaView(bruno.db, area.id))!;
    const brunoColumn = brunoView.columns.find((c) => c.title === 'Risultati al 2012')!;
    await repo.saveCell(bruno.db, DEFAULT_PLAN_ID, { rowId, columnId: brunoColumn.id, text: 'Stipulati 4 accordi' }, { by: 'Bruno' });
    const brunoFile = serializePlanCsv((await repo.recordExportBases(bruno.db, DEFAULT_PLAN_ID, [area.id]))!, { kind: 'area', areaId: area.id }, { delimiter: ';' });

    // Anna did not touch the cell since her export: Bruno's correction merges by itself.
    const atAnna = analyzeImport({ bytes: encode(brunoFile), fileName: 'bruno.csv', doc: (await repo.loadPlanDocument(anna.db, DEFAULT_PLAN_ID))!, areaId: area.id });
    const preview = atAnna.preview!.areas[0]!;
    expect(preview.conflicts).toEqual([]);
    expect(preview.rowsChanged.flatMap((r) => r.changes.map((c) => [c.before, c.after]))).toEqual([['Stipulati 3 accordi', 'Stipulati 4 accordi']]);
  });
});

describe('the import session (what the worker runs)', () => {
  it('has no main-thread path: without module workers the runner refuses, and the user is told to update the browser', () => {
    expect(typeof Worker).toBe('undefined'); // Node, like a browser without workers
    expect(() => createImportRunner()).toThrow(ImportUnsupportedError);
    const refusal = problem('import.needs-workers', {});
    expect(describeProblem(refusal, 'it')).toContain('Aggiorna il browser');
    expect(describeProblem(refusal, 'en')).toContain('Update the browser');
  });

  it('shows a trimmed preview with full counts, and writes every row in one batch, telling how far it has got', async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[2]!;
    const lines = Array.from({ length: 1200 }, (_, i) => `PROGETTO ${i + 1};Descrizione ${i + 1}`);
    const csv = `Progetto;Descrizione\r\n${lines.join('\r\n')}\r\n`;
    const session = new ImportSession();
    // The session reads the plan itself from IndexedDB, as the worker does: the page sends only bytes.
    const view = await session.analyze({ bytes: encode(csv), fileName: 'progetti.csv', databaseName: db.name, planId: doc.plan.id, areaId: area.id });
    expect(view.problems).toEqual([]);
    const areaView = view.preview!.areas[0]!;
    expect(areaView.rowsAdded).toHaveLength(PREVIEW_LIST_LIMIT);
    expect(view.totals[area.id]).toEqual({ added: 1200, changed: 0, missing: 12 });
    expect(view.match!.parsed.records).toEqual([]);

    const progress: { written: number; total: number }[] = [];
    const { batchId, summary } = await session.apply(
      { databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { conflicts: {} }, now: clock().now(), importer: 'Anna' },
      (p) => progress.push(p),
    );
    expect(summary.added).toBe(1200);
    // After each slice of 500 rows, inside the one transaction.
    expect(progress).toEqual([
      { written: 500, total: 1200 },
      { written: 1000, total: 1200 },
      { written: 1200, total: 1200 },
    ]);
    expect((await repo.loadAreaView(db, area.id))!.rows).toHaveLength(12 + 1200);
    // One log record per slice of new rows, not one per row.
    expect(await db.changeLog.where('batchId').equals(batchId!).count()).toBeLessThan(5);
    await repo.undoBatch(db, batchId!, { by: 'Anna' });
    expect((await repo.loadAreaView(db, area.id))!.rows).toHaveLength(12);
  });
});

describe('observed point 5: apply re-validates inside its transaction', () => {
  it('an edit made after the preview is never overwritten: nothing is written and the cell comes back as a conflict', async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const column = doc.columns.find((c) => c.areaId === area.id && c.order === 5)!;
    const row = doc.rows.find((r) => r.areaId === area.id)!;
    const theirs: PlanDocument = structuredClone(doc);
    theirs.rows.find((r) => r.id === row.id)!.cells[column.id] = { text: 'Testo di Bruno', changedAt: '2026-11-20T10:00:00.000Z', changedBy: 'Bruno' };
    const csv = serializePlanCsv(theirs, { kind: 'area', areaId: area.id }, { delimiter: ';' });

    const session = new ImportSession();
    const view = await session.analyze({ bytes: encode(csv), fileName: 'bruno.csv', databaseName: db.name, planId: DEFAULT_PLAN_ID, areaId: area.id });
    expect(view.preview!.areas[0]!.conflicts).toEqual([]);
    // Meanwhile (another tab) Anna edits the very cell the file changes.
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: row.id, columnId: column.id, text: 'Testo di Anna' }, { by: 'Anna' });
    const before = await repo.dumpDatabase(db);

    const result = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { conflicts: {} }, now: '2026-11-26T12:00:00.000Z', importer: 'Anna' });
    expect(result.batchId).toBeNull();
    expect(await repo.dumpDatabase(db)).toEqual(before);
    const conflicts = result.refreshed!.preview!.areas[0]!.conflicts;
    expect(conflicts.map((c) => [c.mine, c.theirs])).toEqual([['Testo di Anna', 'Testo di Bruno']]);
  });

  it('a row deleted after the preview is not written back as an orphan', async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const column = doc.columns.find((c) => c.areaId === area.id && c.order === 5)!;
    const row = doc.rows.find((r) => r.areaId === area.id)!;
    const theirs: PlanDocument = structuredClone(doc);
    theirs.rows.find((r) => r.id === row.id)!.cells[column.id] = { text: 'Testo di Bruno', changedAt: '2026-11-20T10:00:00.000Z', changedBy: 'Bruno' };
    const csv = serializePlanCsv(theirs, { kind: 'area', areaId: area.id }, { delimiter: ';' });
    const session = new ImportSession();
    await session.analyze({ bytes: encode(csv), fileName: 'bruno.csv', databaseName: db.name, planId: DEFAULT_PLAN_ID, areaId: area.id });
    await repo.deleteArea(db, area.id, { by: 'Anna' });
    const before = await repo.dumpDatabase(db);
    const result = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { conflicts: {} }, now: '2026-11-26T12:00:00.000Z', importer: 'Anna' });
    expect(result.batchId).toBeNull();
    expect(await repo.dumpDatabase(db)).toEqual(before);
  });
});
