// Several colleagues' files imported at once (issue 23): the merge of N files against an oracle written
// here, one transaction with one batch per file (all or nothing), refusal when the plan changed since
// the preview, and each file's batch undone on its own.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { applyGather } from '../../src/lib/db/gather.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';
import { analyzeImport } from '../../src/lib/exchange/analyze-import.ts';
import { GatherSession } from '../../src/lib/exchange/gather-session.ts';
import { gatherImports, resolveGather, serializePlanCsv, type GatherChoice } from '../../src/lib/csv/index.ts';
import { resolveImport } from '../../src/lib/csv/merge.ts';
import { gatherStrings } from '../../src/lib/i18n/gather-strings.ts';
import { noteHash } from '../../src/lib/model/notes.ts';
import type { Note, PlanDocument, Row } from '../../src/lib/model/types.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function seededDb(): Promise<{ db: repo.QuadroDatabase; doc: PlanDocument }> {
  const db = repo.openDatabase(`quadro-gather-${Date.now()}-${opened.length}-${Math.random()}`);
  opened.push(db);
  await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
  return { db, doc: (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))! };
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const NOW = '2026-11-30T12:00:00.000Z';
const fixedOffset = () => 60;

interface Edit {
  rowId: string;
  columnId: string;
  text: string;
}

/** A colleague's export of one area of `doc` after their own edits (their name in "Ultima modifica"), and notes they wrote. */
function colleagueFile(
  doc: PlanDocument,
  areaId: string,
  name: string,
  at: string,
  edits: readonly Edit[],
  notes: readonly { rowId: string; columnId: string; note: Note }[] = [],
): Uint8Array {
  const theirs = structuredClone(doc);
  for (const edit of edits) {
    const row = theirs.rows.find((r) => r.id === edit.rowId)!;
    row.cells[edit.columnId] = { text: edit.text, changedAt: at, changedBy: name };
  }
  for (const { rowId, columnId, note } of notes) {
    const row = theirs.rows.find((r) => r.id === rowId)!;
    row.notes = { ...row.notes, [columnId]: [...(row.notes?.[columnId] ?? []), note] };
  }
  return encode(serializePlanCsv(theirs, { kind: 'area', areaId }, { delimiter: ';', offsetAt: fixedOffset }));
}

/** Anna's, Bruno's and Carla's files gathered into one area of the bundled plan, as the dialog's session does. */
async function gatherThree(db: repo.QuadroDatabase, areaId: string, files: { anna: Uint8Array; bruno: Uint8Array; carla: Uint8Array }) {
  const session = new GatherSession();
  const view = await session.analyze({
    databaseName: db.name,
    planId: DEFAULT_PLAN_ID,
    areaId,
    files: [
      { bytes: files.anna, fileName: 'anna.csv' },
      { bytes: files.bruno, fileName: 'bruno.csv' },
      { bytes: files.carla, fileName: 'carla.csv' },
    ],
  });
  return { session, view };
}

function previewOf(doc: PlanDocument, areaId: string, fileName: string, bytes: Uint8Array) {
  const result = analyzeImport({ bytes, fileName, doc, areaId });
  expect(result.problems).toEqual([]);
  return { fileName, preview: result.preview! };
}

/** The cells of the rows as the change sets leave them, file after file (what the one transaction writes). */
function applyInMemory(doc: PlanDocument, files: readonly { rowsToPut: Row[] }[]): Map<string, Row> {
  const rows = new Map(doc.rows.map((row) => [row.id, row]));
  for (const file of files) for (const row of file.rowsToPut) rows.set(row.id, row);
  return rows;
}

/** A small deterministic generator (mulberry32): the same scenarios on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the merge of N files (oracle written here)', () => {
  it('classifies every cell and takes what the user chose, for 150 random gatherings', async () => {
    const { doc: seeded } = await seededDb();
    const area = seeded.areas[0]!;
    const columns = seeded.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order).slice(1, 4);
    const rows = seeded.rows.filter((r) => r.areaId === area.id).slice(0, 3);
    const next = random(20261130);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

    for (let scenario = 0; scenario < 150; scenario++) {
      // The local plan: some cells edited here since the last exchange (text moved, base kept).
      const doc = structuredClone(seeded);
      const cellsUnderTest: { rowId: string; columnId: string; base: string; local: string }[] = [];
      for (const row of rows) {
        for (const column of columns) {
          const base = row.cells[column.id]?.text ?? '';
          const local = next() < 0.3 ? `locale ${scenario}` : base;
          if (local !== base) doc.rows.find((r) => r.id === row.id)!.cells[column.id] = { text: local, changedAt: NOW, changedBy: 'Io' };
          cellsUnderTest.push({ rowId: row.id, columnId: column.id, base, local });
        }
      }
      // Each colleague's file: per cell the base text, our local text, or one of two new texts.
      const fileCount = 2 + Math.floor(next() * 4);
      const fileTexts: Map<string, string>[] = [];
      const inputs = [];
      for (let f = 0; f < fileCount; f++) {
        const texts = new Map<string, string>();
        const edits: Edit[] = [];
        for (const cell of cellsUnderTest) {
          const roll = next();
          const text = roll < 0.45 ? cell.base : roll < 0.6 ? cell.local : pick(['versione X', 'versione Y']);
          texts.set(`${cell.rowId}|${cell.columnId}`, text);
          edits.push({ rowId: cell.rowId, columnId: cell.columnId, text });
        }
        fileTexts.push(texts);
        const original = structuredClone(seeded);
        inputs.push(previewOf(doc, area.id, `collega-${f}.csv`, colleagueFile(original, area.id, `Collega ${f}`, '2026-11-25T09:00:00.000Z', edits)));
      }

      const gathered = gatherImports(doc, inputs);
      const decisions: Record<string, GatherChoice> = {};
      const expected = new Map<string, { text?: string; contains?: string[] }>();
      for (const cell of cellsUnderTest) {
        const key = `${cell.rowId}|${cell.columnId}`;
        const id = `${area.id}|${key}`;
        // The oracle: a file changes the cell when its text is neither ours nor the base.
        const versions = fileTexts.map((texts, file) => ({ file, text: texts.get(key)! })).filter((v) => v.text !== cell.local && v.text !== cell.base);
        const distinct = [...new Set(versions.map((v) => v.text))];
        const found = gathered.cells.find((c) => c.id === id);
        if (versions.length === 0) {
          expect(found, `scenario ${scenario}: ${key} untouched`).toBeUndefined();
          expected.set(key, { text: cell.local });
          continue;
        }
        const kind = distinct.length > 1 ? 'colleagues' : cell.local !== cell.base ? 'local' : versions.length > 1 ? 'agreement' : 'single';
        expect(found?.kind, `scenario ${scenario}: ${key}`).toBe(kind);
        expect(found!.versions.map((v) => [v.file, v.text])).toEqual(versions.map((v) => [v.file, v.text]));
        expect(found!.mine).toBe(cell.local);
        // The base is known here: it is the seed's text, which the local side or a file still holds.
        if (cell.local === cell.base || versions.some((v) => v.text === cell.base)) expect(found!.base).toBe(cell.base);
        if (kind === 'single' || kind === 'agreement') {
          expected.set(key, { text: distinct[0]! });
          continue;
        }
        const roll = next();
        if (roll < 0.25) {
          expected.set(key, { text: cell.local }); // unanswered: ours stays
        } else if (roll < 0.5) {
          const chosen = pick(versions);
          decisions[id] = { kind: 'file', file: chosen.file };
          expected.set(key, { text: chosen.text });
        } else if (roll < 0.75) {
          decisions[id] = { kind: 'both' };
          expected.set(key, { contains: [...(cell.local ? [cell.local] : []), ...distinct] });
        } else {
          decisions[id] = { kind: 'edit', text: `scritto a mano ${scenario}` };
          expected.set(key, { text: `scritto a mano ${scenario}` });
        }
      }

      const changes = resolveGather(gathered, { cells: decisions }, { now: NOW, importer: 'Io' });
      const after = applyInMemory(doc, changes.files);
      for (const cell of cellsUnderTest) {
        const key = `${cell.rowId}|${cell.columnId}`;
        const text = after.get(cell.rowId)!.cells[cell.columnId]?.text ?? '';
        const want = expected.get(key)!;
        if (want.text !== undefined) expect(text, `scenario ${scenario}: ${key}`).toBe(want.text);
        for (const part of want.contains ?? []) expect(text).toContain(part);
      }

      // Importing any one of the files again never silently changes what the gathering decided.
      const afterDoc: PlanDocument = { ...doc, rows: doc.rows.map((row) => after.get(row.id) ?? row) };
      for (let f = 0; f < fileCount; f++) {
        const edits = cellsUnderTest.map((cell) => ({ rowId: cell.rowId, columnId: cell.columnId, text: fileTexts[f]!.get(`${cell.rowId}|${cell.columnId}`)! }));
        const again = previewOf(afterDoc, area.id, `collega-${f}.csv`, colleagueFile(structuredClone(seeded), area.id, `Collega ${f}`, '2026-11-25T09:00:00.000Z', edits));
        const silent = again.preview.areas.flatMap((a) => a.rowsChanged.flatMap((row) => row.changes.map((change) => `${row.rowId}|${change.columnKey}`)));
        expect(silent, `scenario ${scenario}, file ${f} again`).toEqual([]);
      }
    }
  });
});

describe('new rows', () => {
  it('come in with the file that adds them; the same new row in two files is added once', async () => {
    const { doc } = await seededDb();
    const area = doc.areas[0]!;
    // A colleague's new row, with the ID their Quadro gave it; a second colleague got it and passes it on.
    const withNewRow = (name: string, id: string, text: string): Uint8Array => {
      const theirs = structuredClone(doc);
      const first = theirs.rows.find((r) => r.areaId === area.id)!;
      theirs.rows.push({ ...first, id, order: 9_999, cells: { [Object.keys(first.cells)[0]!]: { text, changedAt: '2026-11-24T10:00:00.000Z', changedBy: name } } });
      return encode(serializePlanCsv(theirs, { kind: 'area', areaId: area.id }, { delimiter: ';', offsetAt: fixedOffset }));
    };
    const inputs = [
      previewOf(doc, area.id, 'anna.csv', withNewRow('Anna', 'riga-di-anna', 'NUOVO AMBITO DI ANNA')),
      previewOf(doc, area.id, 'bruno.csv', withNewRow('Bruno', 'riga-di-anna', 'NUOVO AMBITO DI ANNA')),
      previewOf(doc, area.id, 'carla.csv', withNewRow('Carla', 'riga-di-carla', 'NUOVO AMBITO DI CARLA')),
    ];
    const gathered = gatherImports(doc, inputs);
    expect(gathered.rowsAddedTwice).toBe(1);
    const changes = resolveGather(gathered, { cells: {} }, { now: NOW, importer: 'Io' });
    const added = changes.files.map((file) => file.rowsToPut.map((row) => Object.values(row.cells)[0]?.text));
    expect(added).toEqual([['NUOVO AMBITO DI ANNA'], [], ['NUOVO AMBITO DI CARLA']]);
    expect(changes.files.map((file) => file.summary.rowsAdded)).toEqual([1, 0, 1]);
  });
});

describe('three colleagues in one go', () => {
  async function threeColleagues() {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const columns = doc.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order);
    const [r1, r2, r3] = doc.rows.filter((r) => r.areaId === area.id);
    const shared = { rowId: r1!.id, columnId: columns[2]!.id };
    const anna = colleagueFile(doc, area.id, 'Anna Bianchi', '2026-11-24T10:00:00.000Z', [
      { ...shared, text: 'Versione di Anna' },
      { rowId: r2!.id, columnId: columns[3]!.id, text: 'Solo Anna' },
    ]);
    const bruno = colleagueFile(doc, area.id, 'Bruno Verdi', '2026-11-25T10:00:00.000Z', [{ ...shared, text: 'Versione di Bruno' }]);
    const carla = colleagueFile(doc, area.id, 'Carla Neri', '2026-11-26T10:00:00.000Z', [{ rowId: r3!.id, columnId: columns[1]!.id, text: 'Solo Carla' }]);
    const { session, view } = await gatherThree(db, area.id, { anna, bruno, carla });
    const original = (id: string, columnId: string) => doc.rows.find((r) => r.id === id)!.cells[columnId]?.text ?? '';
    return { db, doc, area, columns, r1: r1!, r2: r2!, r3: r3!, shared, session, view, original };
  }

  const textOf = async (db: repo.QuadroDatabase, rowId: string, columnId: string) => (await db.rows.get(rowId))!.cells[columnId]?.text ?? '';

  it('shows one conflict with the local text, the base and both colleagues, and writes one batch per file', async () => {
    const { db, columns, r1, r2, r3, shared, session, view, original } = await threeColleagues();
    expect(view.reports.map((r) => r.problems)).toEqual([[], [], []]);
    expect(view.preview!.files.map((f) => f.author)).toEqual(['Anna Bianchi', 'Bruno Verdi', 'Carla Neri']);
    expect(view.conflictCount).toBe(1);
    const conflict = view.preview!.cells[0]!;
    expect(conflict).toMatchObject({ kind: 'colleagues', rowId: r1.id, columnId: shared.columnId, mine: original(r1.id, shared.columnId), base: original(r1.id, shared.columnId) });
    expect(conflict.versions.map((v) => [v.file, v.text, v.changedBy])).toEqual([
      [0, 'Versione di Anna', 'Anna Bianchi'],
      [1, 'Versione di Bruno', 'Bruno Verdi'],
    ]);

    const result = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { cells: { [conflict.id]: { kind: 'file', file: 1 } } }, now: NOW, importer: 'Io' });
    expect(result.refreshed).toBeUndefined();
    expect(result.batchIds.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(result.batchIds).size).toBe(3);
    expect(await textOf(db, r1.id, shared.columnId)).toBe('Versione di Bruno');
    expect(await textOf(db, r2.id, columns[3]!.id)).toBe('Solo Anna');
    expect(await textOf(db, r3.id, columns[1]!.id)).toBe('Solo Carla');
    // Each batch is an import named after its file, logged in file order.
    const imports = await repo.listImports(db, DEFAULT_PLAN_ID);
    expect(imports.map((i) => i.fileName)).toEqual(['carla.csv', 'bruno.csv', 'anna.csv']);
    // Each keeps, in the import history, who it came from and what it did.
    expect(imports.map((i) => [i.summary?.author, i.summary?.cellsChanged, i.summary?.conflicts, i.summary?.keptOther])).toEqual([
      ['Carla Neri', 1, 0, 0],
      ['Bruno Verdi', 1, 1, 0],
      ['Anna Bianchi', 1, 1, 1],
    ]);
    expect(result.summaries.map((s) => [s.cellsChanged, s.conflicts, s.keptThisFile, s.keptOther])).toEqual([
      [1, 1, 0, 1],
      [1, 1, 1, 0],
      [1, 0, 0, 0],
    ]);
  });

  it("undoes each colleague's batch on its own", async () => {
    const { db, columns, r1, r2, r3, shared, session, view, original } = await threeColleagues();
    const conflict = view.preview!.cells[0]!;
    const { batchIds } = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { cells: { [conflict.id]: { kind: 'file', file: 1 } } }, now: NOW, importer: 'Io' });
    const [anna, bruno, carla] = batchIds as string[];

    // Anna's file (written first) undone alone: her own cell goes back; Bruno's and Carla's stay.
    await repo.undoBatch(db, anna!, { by: 'Io' });
    expect(await textOf(db, r2.id, columns[3]!.id)).toBe(original(r2.id, columns[3]!.id));
    expect(await textOf(db, r1.id, shared.columnId)).toBe('Versione di Bruno');
    expect(await textOf(db, r3.id, columns[1]!.id)).toBe('Solo Carla');

    // Carla's alone: hers goes back, Bruno's stays.
    await repo.undoBatch(db, carla!, { by: 'Io' });
    expect(await textOf(db, r3.id, columns[1]!.id)).toBe(original(r3.id, columns[1]!.id));
    expect(await textOf(db, r1.id, shared.columnId)).toBe('Versione di Bruno');

    await repo.undoBatch(db, bruno!, { by: 'Io' });
    expect(await textOf(db, r1.id, shared.columnId)).toBe(original(r1.id, shared.columnId));
    const imports = await repo.listImports(db, DEFAULT_PLAN_ID);
    expect(imports.map((i) => i.inEffect)).toEqual([false, false, false]);
  });

  it('is all or nothing: a failure in the last file leaves the database as it was', async () => {
    const { db, doc, area, columns, r1, shared } = await threeColleagues();
    const before = await repo.dumpDatabase(db);
    const inputs = [
      previewOf(doc, area.id, 'anna.csv', colleagueFile(doc, area.id, 'Anna', '2026-11-24T10:00:00.000Z', [{ ...shared, text: 'A' }])),
      previewOf(doc, area.id, 'carla.csv', colleagueFile(doc, area.id, 'Carla', '2026-11-24T10:00:00.000Z', [{ rowId: r1.id, columnId: columns[1]!.id, text: 'C' }])),
    ];
    const changes = resolveGather(gatherImports(doc, inputs), { cells: {} }, { now: NOW, importer: 'Io' });
    expect(changes.files[0]!.rowsToPut.length).toBe(1);
    // The second file's write is refused by IndexedDB (a row without a key) after the first was written.
    const broken = { ...changes.files[1]!.rowsToPut[0]!, id: undefined } as unknown as Row;
    const files = [
      { fileName: 'anna.csv', rowsToPut: changes.files[0]!.rowsToPut },
      { fileName: 'carla.csv', rowsToPut: [broken] },
    ];
    await expect(applyGather(db, DEFAULT_PLAN_ID, files, 'Io', new Map(doc.rows.map((r) => [r.id, r])))).rejects.toThrow();
    expect(await repo.dumpDatabase(db)).toEqual(before);
  });

  it('never overwrites a cell changed since the preview: nothing is written and the preview is made again', async () => {
    const { db, r1, r2, columns, shared, session, view } = await threeColleagues();
    // After the preview, someone edits here the cell Anna's file alone would change.
    await repo.saveCell(db, DEFAULT_PLAN_ID, { rowId: r2.id, columnId: columns[3]!.id, text: 'Scritto qui dopo' }, { by: 'Io' });
    const before = await repo.dumpDatabase(db);
    const conflict = view.preview!.cells[0]!;
    const result = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { cells: { [conflict.id]: { kind: 'file', file: 0 } } }, now: NOW, importer: 'Io' });
    expect(result.batchIds).toEqual([]);
    expect(await repo.dumpDatabase(db)).toEqual(before);
    expect(await textOf(db, r2.id, columns[3]!.id)).toBe('Scritto qui dopo');
    expect(await textOf(db, r1.id, shared.columnId)).not.toBe('Versione di Anna');
    // The new preview asks about that cell: it changed here and in Anna's file.
    const asked = result.refreshed!.preview!.cells.find((c) => c.rowId === r2.id && c.columnId === columns[3]!.id);
    expect(asked).toMatchObject({ kind: 'local', mine: 'Scritto qui dopo' });
  });
});

describe('notes in a gathering', () => {
  it("a colleague's note comes in with her file's batch, once, and goes with it", async () => {
    const { db, doc } = await seededDb();
    const area = doc.areas[0]!;
    const columns = doc.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order);
    const [r1, r2, r3] = doc.rows.filter((r) => r.areaId === area.id);
    const original = (id: string, columnId: string) => doc.rows.find((r) => r.id === id)!.cells[columnId]?.text ?? '';
    const shared = { rowId: r1!.id, columnId: columns[2]!.id };
    const noted = { rowId: r2!.id, columnId: columns[1]!.id };
    const note: Note = { id: 'nota-di-carla', by: 'Carla Neri', at: '2026-11-26T10:00:00.000Z', text: 'Dato da confermare con la Regione' };
    expect(doc.rows.find((r) => r.id === noted.rowId)!.notes).toBeUndefined();
    const anna = colleagueFile(doc, area.id, 'Anna Bianchi', '2026-11-24T10:00:00.000Z', [
      { ...shared, text: 'Versione di Anna' },
      { rowId: r3!.id, columnId: columns[3]!.id, text: 'Solo Anna' },
    ]);
    const bruno = colleagueFile(doc, area.id, 'Bruno Verdi', '2026-11-25T10:00:00.000Z', [{ ...shared, text: 'Versione di Bruno' }]);
    // Carla changes no text: her file only carries a note, in the notes column Quadro exports.
    const carla = colleagueFile(doc, area.id, 'Carla Neri', '2026-11-26T10:00:00.000Z', [], [{ ...noted, note }]);
    const { session, view } = await gatherThree(db, area.id, { anna, bruno, carla });
    expect(view.reports.map((r) => r.problems)).toEqual([[], [], []]);
    expect(view.preview!.files.map((f) => f.notes)).toEqual([0, 0, 1]);
    const conflict = view.preview!.cells.find((c) => c.kind === 'colleagues')!;
    expect(conflict.rowId).toBe(r1!.id);

    const result = await session.apply({ databaseName: db.name, planId: DEFAULT_PLAN_ID, decisions: { cells: { [conflict.id]: { kind: 'file', file: 1 } } }, now: NOW, importer: 'Io' });
    expect(result.refreshed).toBeUndefined();
    const notesOn = async (rowId: string, columnId: string) => (await db.rows.get(rowId))!.notes?.[columnId] ?? [];
    const textOf = async (rowId: string, columnId: string) => (await db.rows.get(rowId))!.cells[columnId]?.text ?? '';
    expect(await notesOn(noted.rowId, noted.columnId)).toEqual([note]);
    expect(await textOf(shared.rowId, shared.columnId)).toBe('Versione di Bruno');
    expect(await textOf(r3!.id, columns[3]!.id)).toBe('Solo Anna');
    // The summary, and the history line it becomes, say 1 note for Carla and none for the others.
    expect(result.summaries.map((s) => s.notesAdded)).toEqual([0, 0, 1]);
    const imports = await repo.listImports(db, DEFAULT_PLAN_ID);
    expect(imports.map((i) => [i.fileName, i.summary?.notesAdded])).toEqual([
      ['carla.csv', 1],
      ['bruno.csv', 0],
      ['anna.csv', 0],
    ]);
    expect(gatherStrings('it').gatherSummary(result.summaries[2]!)).toBe('0 celle cambiate, 0 righe aggiunte, 0 conflitti, 1 nota portata');
    expect(gatherStrings('en').gatherSummary(result.summaries[2]!)).toBe('0 cells changed, 0 rows added, 0 conflicts, 1 note brought');
    expect(gatherStrings('it').gatherSummary(result.summaries[1]!)).not.toMatch(/not/);

    // Carla's file imported again alone: the note is there already, nothing is added.
    const now = (await repo.loadPlanDocument(db, DEFAULT_PLAN_ID))!;
    const again = previewOf(now, area.id, 'carla.csv', carla).preview;
    const changes = resolveImport(again, { conflicts: {} }, { now: NOW, importer: 'Io', fileName: 'carla.csv' });
    expect(changes.summary.notes ?? 0).toBe(0);
    expect(changes.rowsToPut.filter((row) => row.id === noted.rowId)).toEqual([]);
    // ... and gathered again with Bruno's: no note either.
    const regathered = resolveGather(
      gatherImports(now, [previewOf(now, area.id, 'bruno.csv', bruno), previewOf(now, area.id, 'carla.csv', carla)]),
      { cells: {} },
      { now: NOW, importer: 'Io' },
    );
    expect(regathered.files.map((f) => f.summary.notesAdded)).toEqual([0, 0]);
    expect(regathered.files[1]!.rowsToPut).toEqual([]);

    // Carla's batch undone alone: the note goes; Anna's and Bruno's cells stay.
    await repo.undoBatch(db, result.batchIds[2]!, { by: 'Io' });
    expect(await notesOn(noted.rowId, noted.columnId)).toEqual([]);
    expect(await textOf(shared.rowId, shared.columnId)).toBe('Versione di Bruno');
    expect(await textOf(r3!.id, columns[3]!.id)).toBe('Solo Anna');
    expect(await textOf(noted.rowId, noted.columnId)).toBe(original(noted.rowId, noted.columnId));
  });

  it('a stale file after one that changed a note does not take the note back, now or when imported again', async () => {
    const { doc: seeded } = await seededDb();
    const area = seeded.areas[0]!;
    const columns = seeded.columns.filter((c) => c.areaId === area.id).sort((a, b) => a.order - b.order);
    const row = seeded.rows.find((r) => r.areaId === area.id)!;
    const note: Note = { id: 'nota-scambiata', by: 'Anna Bianchi', at: '2026-11-20T10:00:00.000Z', text: 'Da verificare' };
    // The plan holds a note last exchanged as it is (its base is its own hash).
    const doc = structuredClone(seeded);
    const local = doc.rows.find((r) => r.id === row.id)!;
    local.notes = { [columns[1]!.id]: [note] };
    local.noteBase = { [note.id]: noteHash(note) };

    const changed: Note = { ...note, text: 'Verificato: confermato', resolved: true };
    const withoutNote = structuredClone(doc);
    delete withoutNote.rows.find((r) => r.id === row.id)!.notes;
    // Anna changed the note; Bruno, later in the gathering, changed a text of the row and still holds the old note.
    const anna = colleagueFile(withoutNote, area.id, 'Anna Bianchi', '2026-11-24T10:00:00.000Z', [], [{ rowId: row.id, columnId: columns[1]!.id, note: changed }]);
    const bruno = colleagueFile(doc, area.id, 'Bruno Verdi', '2026-11-25T10:00:00.000Z', [{ rowId: row.id, columnId: columns[2]!.id, text: 'Testo di Bruno' }]);
    const files = [
      { name: 'anna.csv', bytes: anna, notes: 1 },
      { name: 'bruno.csv', bytes: bruno, notes: 0 },
    ];
    // In either order of the files.
    for (const order of [files, [...files].reverse()]) {
      const inputs = order.map((f) => previewOf(doc, area.id, f.name, f.bytes));
      const changes = resolveGather(gatherImports(doc, inputs), { cells: {} }, { now: NOW, importer: 'Io' });
      const after = applyInMemory(doc, changes.files).get(row.id)!;
      expect(after.notes?.[columns[1]!.id]).toEqual([changed]);
      expect(after.cells[columns[2]!.id]?.text).toBe('Testo di Bruno');
      expect(changes.files.map((f) => f.summary.notesAdded)).toEqual(order.map((f) => f.notes));

      // Each file imported again alone changes no note.
      const docAfter = { ...doc, rows: doc.rows.map((r) => (r.id === row.id ? after : r)) };
      for (const { name, bytes } of files) {
        const again = resolveImport(previewOf(docAfter, area.id, name, bytes).preview, { conflicts: {} }, { now: NOW, importer: 'Io', fileName: name });
        const put = again.rowsToPut.find((r) => r.id === row.id);
        expect(put?.notes?.[columns[1]!.id] ?? [changed]).toEqual([changed]);
        expect(again.summary.notes ?? 0).toBe(0);
      }
    }
  });
});
