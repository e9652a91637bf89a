// Backups with holes: each mutation of the issue is refused in words or restored (everything else) with integrity holding.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { addRow, dumpDatabase, openDatabase, saveCell, seedDefaultPlanOnce, undoBatch, type QuadroDatabase } from '../../src/lib/db/repository.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup, type BackupFile } from '../../src/lib/backup/format.ts';
import { checkBackup, plansEmptiedByRestore } from '../../src/lib/backup/check.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { copyPlanDocument } from '../../src/lib/model/plan.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

let counter = 0;
const opened: QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});
function freshDatabase(): QuadroDatabase {
  const db = openDatabase(`backup-check-${counter++}`);
  opened.push(db);
  return db;
}
const options = { now: '2026-11-26T10:00:00.000Z', newId: () => `fresh-${counter++}`, copySuffix: ' (dal backup)', by: 'Test', fileName: 'b.json' };

/** Two plans (the 2012 plan and a copy, "Piano B"), a few edits: a realistic backup as JSON. */
async function backupJson(): Promise<Record<string, unknown>> {
  const db = freshDatabase();
  await seedDefaultPlanOnce(db, loadDefaultPlan);
  const doc = await loadDefaultPlan();
  const row = doc.rows[0]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId)!;
  await saveCell(db, doc.plan.id, { rowId: row.id, columnId: column.id, text: 'Modificato' }, { by: 'Anna' });
  await addRow(db, row.areaId, row.id, { by: 'Anna' });
  let n = 0;
  const copy = copyPlanDocument(doc, 'Piano B', '2026-11-26T09:00:00.000Z', () => `b-${n++}`);
  await db.transaction('rw', [db.plans, db.areas, db.columns, db.rows], async () => {
    await db.plans.add(copy.plan);
    await db.areas.bulkAdd(copy.areas);
    await db.columns.bulkAdd(copy.columns);
    await db.rows.bulkAdd(copy.rows);
  });
  return JSON.parse(serializeBackup(await exportBackup(db, { appVersion: 't', exportedAt: '2026-11-26T09:30:00.000Z' }))) as Record<string, unknown>;
}

type Json = { plans: { id: string; name: string }[]; areas: { id: string; planId: string; order: number }[]; columns: { id: string; areaId: string; planId: string }[]; rows: { id: string; areaId: string; planId: string; order: number; cells: Record<string, unknown> }[]; changeLog: Record<string, unknown>[] };

function parsed(json: unknown): BackupFile {
  const result = parseBackup(JSON.stringify(json));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('guard: required collections', () => {
  for (const key of ['plans', 'areas', 'columns', 'rows', 'changeLog']) {
    it(`"${key}" missing is refused, naming the list`, async () => {
      const json = await backupJson();
      delete json[key];
      const result = parseBackup(JSON.stringify(json));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(describeProblem(result.errors[0]!, 'it')).toMatch(/manca l’elenco (dei piani|delle aree|delle colonne|delle righe|della cronologia)/);
      expect(describeProblem(result.errors[0]!, 'en')).toMatch(/the list of .* is missing/);
    });
  }

  it('a record without its id is named by list and position', async () => {
    const json = (await backupJson()) as unknown as Json;
    delete (json.rows[4] as Partial<Json['rows'][number]>).id;
    const result = parseBackup(JSON.stringify(json));
    expect(!result.ok && describeProblem(result.errors[0]!, 'it')).toContain('l’elemento n. 5 dell’elenco delle righe non ha il campo «id»');
  });

  it('the app’s own backup holds together', async () => {
    const check = checkBackup(parsed(await backupJson()));
    expect(check.problems).toEqual([]);
    expect(check.notes).toEqual([]);
  });

  it('a backup with no plan says so', () => {
    const result = parseBackup(JSON.stringify({ format: 'quadro-backup', formatVersion: 2, plans: [], areas: [], columns: [], rows: [], changeLog: [] }));
    expect(result.ok && result.warnings.map((w) => describeProblem(w, 'it'))).toEqual(['Il backup non contiene nessun piano.']);
  });
});

describe('check: references, in words, and "everything else"', () => {
  const cases: [string, (json: Json) => void, RegExp][] = [
    ['a row of an unknown area', (j) => void (j.rows[3]!.areaId = 'no-such-area'), /in un’area che non c’è/],
    ['a column of an unknown area', (j) => void (j.columns[2]!.areaId = 'no-such-area'), /colonna .* appartiene a un’area che non c’è/],
    ['an area of an unknown plan', (j) => void (j.areas[1]!.planId = 'no-such-plan'), /appartiene a un piano che non c’è/],
    [
      'a cell keyed by an unknown column',
      // A row with an ambito (the row added by addRow is empty, and its random id may sort first).
      (j) => void (j.rows.find((r) => Object.keys(r.cells).length > 1)!.cells['ghost'] = { text: 'x' }),
      /La riga «.+» nell’area «.+» del piano «.+» ha un testo in una colonna/,
    ],
    [
      'a cell keyed by a column of another area',
      (j) => {
        const other = j.columns.find((c) => c.areaId !== j.rows[0]!.areaId)!;
        j.rows[0]!.cells[other.id] = { text: 'x' };
      },
      /ha un testo in una colonna che quell’area non ha/,
    ],
    [
      'a change-log entry of plan A that would empty a row of plan B',
      (j) => {
        const planA = j.plans[0]!.id;
        const rowB = j.rows.find((r) => r.planId !== planA)!;
        j.changeLog.push({ batchId: 'crafted', planId: planA, table: 'rows', key: rowB.id, before: { ...rowB, cells: {} }, at: 'x', by: 'x', origin: 'import' });
      },
      /tocca dati di un altro piano/,
    ],
  ];

  it.each(cases)('%s: named in words; the rest restores with integrity holding', async (_name, mutate, words) => {
    const json = (await backupJson()) as unknown as Json;
    mutate(json);
    const backup = parsed(json);
    const check = checkBackup(backup);
    expect(check.problems.length).toBeGreaterThan(0);
    expect(check.problems[0]!.message.it).toMatch(words);
    expect(check.problems[0]!.message.en.length).toBeGreaterThan(20);
    expect(checkIntegrity(check.repaired)).toEqual([]);
    const db = freshDatabase();
    await restoreBackup(db, check.repaired, 'replace', options);
    expect(checkIntegrity(await dumpDatabase(db))).toEqual([]);
  });

  it('undoing the crafted batch after a restore leaves plan B untouched (it was left out)', async () => {
    const json = (await backupJson()) as unknown as Json;
    const planB = json.plans.find((p) => p.name === 'Piano B')!.id;
    const planA = json.plans.find((p) => p.id !== planB)!.id;
    const rowB = json.rows.find((r) => r.planId === planB)!;
    json.changeLog.push({ batchId: 'crafted', planId: planA, table: 'rows', key: rowB.id, before: { ...rowB, planId: planA, cells: {} }, at: 'x', by: 'x', origin: 'import' });
    const check = checkBackup(parsed(json));
    const db = freshDatabase();
    await restoreBackup(db, check.repaired, 'replace', options);
    const before = await db.rows.get(rowB.id);
    expect((await undoBatch(db, 'crafted', { by: 'Anna' })).batchId).toBeNull();
    expect(await db.rows.get(rowB.id)).toEqual(before);
  });

  it('duplicate or unreadable orders are renumbered in their order, said as a note', async () => {
    const json = (await backupJson()) as unknown as Json;
    const areaId = json.rows[0]!.areaId;
    for (const row of json.rows.filter((r) => r.areaId === areaId)) row.order = 7;
    (json.areas[0] as { order: unknown }).order = 'primo';
    const check = checkBackup(parsed(json));
    expect(check.problems).toEqual([]);
    expect(check.notes[0]!.message.it).toMatch(/due righe hanno la stessa posizione/);
    const orders = check.repaired.rows.filter((r) => r.areaId === areaId).map((r) => r.order);
    expect(orders).toEqual(orders.map((_, i) => i + 1));
    expect(checkIntegrity(check.repaired)).toEqual([]);
  });

  it('duplicate change-log numbers are renumbered: the restore succeeds, no database error', async () => {
    const json = (await backupJson()) as unknown as Json;
    json.changeLog.push({ ...json.changeLog[0]! });
    const check = checkBackup(parsed(json));
    expect(check.notes.map((n) => n.code)).toContain('backup.history-renumbered');
    const db = freshDatabase();
    await restoreBackup(db, check.repaired, 'replace', options);
    expect(await db.changeLog.count()).toBe(json.changeLog.length);
  });

  it('unknown fields are dropped', async () => {
    const json = (await backupJson()) as unknown as Json;
    (json.rows[0] as Record<string, unknown>).evil = '<img src=x onerror=alert(1)>';
    (json.plans[0] as Record<string, unknown>).extra = 1;
    const backup = parsed(json);
    expect(Object.keys(backup.rows[0]!)).not.toContain('evil');
    expect(Object.keys(backup.plans[0]!)).not.toContain('extra');
  });

  it('a restore that would empty a plan says so first', async () => {
    const json = (await backupJson()) as unknown as Json;
    const planB = json.plans.find((p) => p.name === 'Piano B')!.id;
    for (const row of json.rows) if (row.planId === planB) row.areaId = 'gone';
    const backup = parsed(json);
    const check = checkBackup(backup);
    expect(plansEmptiedByRestore(check, backup, new Map(), 'add').map((p) => p.name)).toEqual(['Piano B']);
    // A plan whose rows the backup lacks while the device has them: only "replace" empties it.
    const emptyBackup = parsed({ ...json, rows: json.rows.filter((r) => r.planId !== planB) });
    const emptyCheck = checkBackup(emptyBackup);
    const device = new Map([[planB, 12]]);
    expect(plansEmptiedByRestore(emptyCheck, emptyBackup, device, 'replace').map((p) => p.name)).toEqual(['Piano B']);
    expect(plansEmptiedByRestore(emptyCheck, emptyBackup, device, 'add')).toEqual([]);
  });
});
