// The backup battery of issues 9 and 18: the app's own backup (every store: plans, history with bulk and attached entries,
// indicator decisions, drafts, settings) and the backups earlier builds wrote, mutated by a seeded generator; each mutant is
// refused with a message in words (nothing written) or restored — everything else, after the check — with integrity holding
// and an undo of each plan's last change that does not throw. QUADRO_BATTERY=full: 1,200.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPlanDocument, deleteArea, deletePlan, draftId, dumpDatabase, keepPendingSave, openDatabase, readUndoHistory, saveCell, saveSetting, seedDefaultPlanOnce, undoBatch, type QuadroDatabase } from '../../src/lib/db/repository.ts';
import { saveIndicatorRecord } from '../../src/lib/db/indicators.ts';
import { saveDraft } from '../../src/lib/db/drafts.ts';
import { OLDER_BACKUPS, olderBackup } from './backup-fixtures.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { checkBackup } from '../../src/lib/backup/check.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { copyPlanDocument } from '../../src/lib/model/plan.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { seededRandom } from './csv-mutations.ts';
import { describeProblem } from '../../src/lib/i18n/problems/describe.ts';

const FULL = process.env.QUADRO_BATTERY === 'full';
const COUNT = FULL ? 1200 : 360;
const SEED = 4242;

type Json = Record<string, unknown> & { [K in 'plans' | 'areas' | 'columns' | 'rows' | 'changeLog' | 'indicators' | 'drafts']: Record<string, unknown>[] };
type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const COLLECTIONS = ['plans', 'areas', 'columns', 'rows', 'changeLog', 'indicators', 'drafts'] as const;
const RECORDS = ['plans', 'areas', 'columns', 'rows', 'indicators', 'drafts'] as const;
/** Names every object answers to before anything is put in it (issue 18: a column id `hasOwnProperty` made undo throw). */
const PROTOTYPE_NAMES = ['hasOwnProperty', 'toString', 'valueOf', 'constructor', '__proto__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];
const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, 'x', '', [], {}, true, '__proto__', { __proto__: { polluted: true } }, 'NaN'];

/** Mutations of a parsed backup; each changes the JSON in place. */
const MUTATIONS: Record<string, (json: Json, random: Random) => void> = {
  'drop-collection': (j, r) => void delete j[pick(r, COLLECTIONS)],
  'collection-not-a-list': (j, r) => void (j[pick(r, COLLECTIONS)] = pick(r, [{}, 'rows', 3, null]) as never),
  'drop-field': (j, r) => {
    const record = pick(r, j[pick(r, COLLECTIONS)]);
    if (record) delete record[pick(r, Object.keys(record))];
  },
  'odd-field-value': (j, r) => {
    const record = pick(r, j[pick(r, COLLECTIONS)]);
    if (record) record[pick(r, Object.keys(record))] = pick(r, ODD_VALUES);
  },
  'unknown-area-of-row': (j, r) => void (pick(r, j.rows).areaId = 'no-such-area'),
  'unknown-area-of-column': (j, r) => void (pick(r, j.columns).areaId = 'no-such-area'),
  'unknown-plan-of-area': (j, r) => void (pick(r, j.areas).planId = 'no-such-plan'),
  'row-in-other-plan': (j, r) => {
    const row = pick(r, j.rows);
    row.planId = pick(r, j.plans.filter((p) => p.id !== row.planId)).id;
  },
  'cell-of-unknown-column': (j, r) => void ((pick(r, j.rows).cells as Record<string, unknown>)['ghost-column'] = { text: 'x' }),
  'cell-of-other-area': (j, r) => {
    const row = pick(r, j.rows);
    const other = pick(r, j.columns.filter((c) => c.areaId !== row.areaId));
    (row.cells as Record<string, unknown>)[other.id as string] = { text: 'da un’altra area' };
  },
  'forbidden-cell-key': (j, r) => {
    const row = pick(r, j.rows);
    row.cells = JSON.parse(JSON.stringify(row.cells).replace(/^\{/, '{"__proto__":{"text":"x"},'));
  },
  'duplicate-id': (j, r) => {
    const list = j[pick(r, ['areas', 'columns', 'rows'] as const)];
    if (list.length > 1) (list[1] as Record<string, unknown>).id = list[0]!.id;
  },
  'duplicate-orders': (j, r) => {
    const kind = pick(r, ['areas', 'columns', 'rows'] as const);
    for (const record of j[kind]) record.order = 1;
  },
  'unreadable-orders': (j, r) => void (pick(r, j.rows).order = pick(r, ['primo', null, Number.POSITIVE_INFINITY, -0])),
  'duplicate-seq': (j, r) => void j.changeLog.push({ ...pick(r, j.changeLog) }),
  'missing-seq': (j, r) => void delete pick(r, j.changeLog).seq,
  'foreign-log-entry': (j, r) => {
    const planA = pick(r, j.plans).id as string;
    const rowB = pick(r, j.rows.filter((row) => row.planId !== planA));
    j.changeLog.push({ batchId: `crafted-${r()}`, planId: planA, table: 'rows', key: rowB.id, before: { ...rowB, cells: {} }, at: 'x', by: 'x', origin: 'import' });
  },
  'log-snapshot-of-other-plan': (j, r) => {
    const entry = pick(r, j.changeLog.filter((e) => e.before !== null && e.table === 'rows'));
    if (entry) entry.planId = 'another-plan';
  },
  'unknown-log-table': (j, r) => void (pick(r, j.changeLog).table = pick(r, ['cells', '__proto__', 'settings'])),
  'unknown-fields': (j, r) => {
    const record = pick(r, j[pick(r, COLLECTIONS)]);
    if (record) Object.assign(record, { evil: '<img src=x onerror=alert(1)>', constructor: 'x' });
  },
  'prototype-id': (j, r) => {
    const list = j[pick(r, RECORDS)];
    const record = pick(r, list);
    const name = pick(r, PROTOTYPE_NAMES);
    const old = record.id as string;
    record.id = name;
    // References followed, as a crafted file would: the cells of a column, the children of an area.
    for (const row of j.rows) {
      const cells = row.cells as Record<string, unknown>;
      if (old in cells) {
        cells[name] = cells[old];
        delete cells[old];
      }
      if (row.areaId === old) row.areaId = name;
    }
    for (const column of j.columns) if (column.areaId === old) column.areaId = name;
  },
  'prototype-cell-key': (j, r) => {
    const row = pick(r, j.rows);
    row.cells = JSON.parse(JSON.stringify(row.cells).replace(/^\{/, `{"${pick(r, PROTOTYPE_NAMES.filter((n) => n !== '__proto__'))}":{"text":"x"},`));
  },
  'order-as-string': (j, r) => void (pick(r, j[pick(r, ['areas', 'columns', 'rows'] as const)]).order = pick(r, ['3', '1e3', '', '-'])),
  'id-not-a-string': (j, r) => void (pick(r, j[pick(r, RECORDS)]).id = pick(r, [42, true, { id: 'x' }, ['a'], null])),
  'bad-title': (j, r) => {
    const kind = pick(r, ['plans', 'areas', 'columns'] as const);
    pick(r, j[kind])[kind === 'plans' ? 'name' : 'title'] = pick(r, ['', '   ', '__proto__', 'Constructor', 'x'.repeat(250), 42]);
  },
  'indicator-of-missing-plan': (j, r) => void (pick(r, j.indicators).planId = 'no-such-plan'),
  'indicator-of-missing-row': (j, r) => void (pick(r, j.indicators).rowId = 'no-such-row'),
  'draft-of-missing-row': (j, r) => void (pick(r, j.drafts).rowId = 'no-such-row'),
  'draft-of-missing-plan': (j, r) => void (pick(r, j.drafts).planId = 'no-such-plan'),
  'draft-without-text': (j, r) => void delete pick(r, j.drafts).text,
  'odd-settings': (j, r) => void (j.settings = pick(r, [null, 'x', { lang: 'fr', textScale: -1, author: 42, hasOwnProperty: 'x' }, { exportReminderDays: 'Infinity' }] as unknown[])),
  'damaged-attached': (j, r) => {
    const entry = j.changeLog.find((e) => e.attached !== undefined);
    if (entry) entry.attached = pick(r, [null, { indicators: 'x', drafts: [] }, { indicators: [{ id: 'toString', planId: 'p' }], drafts: [] }]);
  },
  'newer-major': (j) => void (j.formatVersion = 4),
  'newer-minor': (j, r) => {
    j.formatVersion = 3;
    j.formatMinor = 7;
    Object.assign(pick(r, j[pick(r, RECORDS)]), { colour: 'giallo', hasOwnProperty: 'x' });
  },
  'no-plans': (j) => {
    j.plans = [];
    j.areas = [];
    j.columns = [];
    j.rows = [];
  },
  'empty-a-plan': (j, r) => {
    const plan = pick(r, j.plans).id;
    j.rows = j.rows.filter((row) => row.planId !== plan);
  },
};
const KINDS = Object.keys(MUTATIONS);

/** Applies one mutation; one that finds nothing to change (a list already gone) leaves the file as it is. */
function mutate(json: Json, kind: string, random: Random): void {
  try {
    MUTATIONS[kind]!(json, random);
  } catch {
    // e.g. "cell-of-other-area" after "drop-collection" removed the rows
  }
}

let source: QuadroDatabase;
let target: QuadroDatabase;
/** The app's own backup, then each backup an earlier build wrote: every mutant starts from one of them in turn. */
let bases: { name: string; text: string }[] = [];
const figures = { tried: 0, refused: 0, restoredAsIs: 0, restoredRest: 0, undone: 0, throws: [] as string[], failures: [] as string[], byBase: new Map<string, { refused: number; restored: number }>() };

beforeAll(async () => {
  source = openDatabase('quadro-backup-battery-source');
  target = openDatabase('quadro-backup-battery-target');
  await seedDefaultPlanOnce(source, loadDefaultPlan);
  const doc = await loadDefaultPlan();
  const row = doc.rows[0]!;
  const column = doc.columns.find((c) => c.areaId === row.areaId)!;
  // Edits only (no added row: its random id would change the order of records, and so which ones the generator picks).
  await saveCell(source, doc.plan.id, { rowId: row.id, columnId: column.id, text: 'Modificato in treno' }, { by: 'Anna' });
  const second = doc.rows.find((r) => r.areaId === row.areaId && r.id !== row.id)!;
  await saveCell(source, doc.plan.id, { rowId: second.id, columnId: column.id, text: 'Modificato in aereo' }, { by: 'Anna' });
  let n = 0;
  // Two more plans written at once (bulk "created" entries); one loses an area (bulk "deleted" entries), the
  // other is deleted with its decisions and drafts (an "attached" entry), so every kind of log entry travels.
  const copy = copyPlanDocument(doc, 'Piano B', '2026-11-26T09:00:00.000Z', () => `b-${n++}`);
  await addPlanDocument(source, copy, { by: 'Anna' });
  await deleteArea(source, copy.areas[0]!.id, { by: 'Anna' });
  const gone = copyPlanDocument(doc, 'Piano C', '2026-11-26T09:00:00.000Z', () => `c-${n++}`);
  await addPlanDocument(source, gone, { by: 'Anna' });
  await saveIndicatorRecord(source, { id: `${gone.plan.id}:k`, planId: gone.plan.id, areaId: gone.areas[0]!.id, rowId: gone.rows[0]!.id, value: { version: 1 } });
  await deletePlan(source, gone.plan.id, { by: 'Anna' });
  await saveIndicatorRecord(source, { id: `${doc.plan.id}:k1`, planId: doc.plan.id, areaId: row.areaId, rowId: row.id, value: { version: 1, key: 'k1' } });
  await saveIndicatorRecord(source, { id: `${doc.plan.id}:k2`, planId: doc.plan.id, areaId: second.areaId, rowId: second.id, value: { version: 1, key: 'k2' } });
  await saveDraft(source, { id: draftId('editor', doc.plan.id, row.id, column.id), kind: 'editor', planId: doc.plan.id, areaId: row.areaId, rowId: row.id, columnId: column.id, text: 'Bozza', baseText: '', at: '2026-11-26T09:10:00.000Z' });
  await keepPendingSave(source, { planId: doc.plan.id, areaId: row.areaId, rowId: second.id, columnId: column.id, text: 'Non salvato', baseText: '', at: '2026-11-26T09:11:00.000Z' });
  await saveSetting(source, 'author', 'Anna Bianchi');
  await saveSetting(source, 'textScale', 1.25);
  const own = serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:30:00.000Z' }));
  bases = [{ name: 'v3 (this build)', text: own }, ...OLDER_BACKUPS.map((name) => ({ name, text: olderBackup(name) }))];
});

afterAll(async () => {
  for (const db of [source, target]) {
    db.close();
    await Dexie.delete(db.name);
  }
  const byBase = [...figures.byBase].map(([name, f]) => `${name}: ${f.refused} refused, ${f.restored} restored`).join('; ');
  console.info(
    `backup battery: ${figures.tried} mutated backups, ${figures.refused} refused, ${figures.restoredAsIs} restored as they were, ` +
      `${figures.restoredRest} restored without their broken records (after confirmation), ${figures.throws.length} throws ` +
      `(restore or the undo after it), ${figures.undone} undos after a restore, ${figures.failures.length} other failures\n  by base: ${byBase}`,
  );
});

describe(`the backup battery (${COUNT} mutations, seed ${SEED})`, () => {
  it('each mutant is refused in words with nothing written, or restored with integrity holding and an undo that does not throw', async () => {
    const random = seededRandom(SEED);
    for (let n = 0; n < COUNT; n++) {
      const kind = KINDS[n % KINDS.length] as string;
      const base = bases[n % bases.length]!;
      const json = JSON.parse(base.text) as Json;
      mutate(json, kind, random);
      if (random() < 0.3) mutate(json, pick(random, KINDS), random);
      const text = random() < 0.05 ? JSON.stringify(json).slice(0, Math.floor(random() * base.text.length)) : JSON.stringify(json);
      figures.tried++;
      const perBase = figures.byBase.get(base.name) ?? { refused: 0, restored: 0 };
      figures.byBase.set(base.name, perBase);
      const before = await dumpDatabase(target);

      const parsed = parseBackup(text);
      if (!parsed.ok) {
        figures.refused++;
        perBase.refused++;
        const message = { it: describeProblem(parsed.errors[0]!, 'it'), en: describeProblem(parsed.errors[0]!, 'en') };
        if (message.it.length < 30 || message.en.length < 30 || /\bError\b|undefined|\[object|Dexie|bulkAdd/.test(message.it + message.en)) figures.failures.push(`${kind}: message «${message.it}»`);
        if (JSON.stringify(await dumpDatabase(target)) !== JSON.stringify(before)) figures.failures.push(`${kind}: refused but written`);
        continue;
      }
      const check = checkBackup(parsed.value);
      if (check.problems.some((p) => p.message.it.length < 20 || /undefined|\[object/.test(p.message.it))) figures.failures.push(`${kind}: unclear problem`);
      if (checkIntegrity(check.repaired).length > 0) figures.failures.push(`${kind}: repaired backup not whole`);
      try {
        await restoreBackup(target, check.repaired, 'replace', {
          now: '2026-11-26T10:00:00.000Z',
          newId: () => `fresh-${n}-${Math.floor(random() * 1e9)}`,
          copySuffix: ' (dal backup)',
          by: 'Test',
          fileName: `${kind}.json`,
        });
      } catch (error) {
        figures.throws.push(`${base.name} ${kind}: restore threw ${String(error)}`);
        continue;
      }
      perBase.restored++;
      if (check.problems.length > 0) figures.restoredRest++;
      else figures.restoredAsIs++;
      const restored = await dumpDatabase(target);
      const broken = checkIntegrity(restored);
      if (broken.length > 0) figures.failures.push(`${kind}: ${broken[0]!.internal}`);
      // Issue 18: "Annulla" right after the restore (a column id `hasOwnProperty` made it throw DataCloneError).
      for (const plan of restored.plans) {
        const last = (await readUndoHistory(target, plan.id)).undo.at(-1);
        if (!last) continue;
        try {
          await undoBatch(target, last, { by: 'Test' });
          figures.undone++;
        } catch (error) {
          figures.throws.push(`${base.name} ${kind}: undo threw ${String(error)}`);
        }
      }
      const afterUndo = checkIntegrity(await dumpDatabase(target));
      if (afterUndo.length > 0) figures.failures.push(`${kind}: after undo ${afterUndo[0]!.internal}`);
    }
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
    expect(figures.throws).toEqual([]);
    expect(figures.failures).toEqual([]);
    expect(figures.tried).toBe(COUNT);
    expect(figures.refused).toBeGreaterThan(0);
    expect(figures.restoredRest).toBeGreaterThan(0);
    // Every base restored at least once: every older version, and this one.
    for (const base of bases) expect(figures.byBase.get(base.name)?.restored, base.name).toBeGreaterThan(0);
  }, 600_000);
});
