// The backup battery of issue 9: the app's own backup, mutated by a seeded generator; each mutant is refused with a message in
// words (nothing written) or restored — everything else, after the check — with integrity holding. QUADRO_BATTERY=full: 600.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, openDatabase, saveCell, seedDefaultPlanOnce, type QuadroDatabase } from '../../src/lib/db/repository.ts';
import { exportBackup, restoreBackup } from '../../src/lib/db/backup-store.ts';
import { parseBackup, serializeBackup } from '../../src/lib/backup/format.ts';
import { checkBackup } from '../../src/lib/backup/check.ts';
import { checkIntegrity } from '../../src/lib/model/integrity.ts';
import { copyPlanDocument } from '../../src/lib/model/plan.ts';
import { loadDefaultPlan } from '../../src/lib/seed/default-plan.ts';
import { seededRandom } from './csv-mutations.ts';

const FULL = process.env.QUADRO_BATTERY === 'full';
const COUNT = FULL ? 600 : 120;
const SEED = 4242;

type Json = Record<string, unknown> & { [K in 'plans' | 'areas' | 'columns' | 'rows' | 'changeLog']: Record<string, unknown>[] };
type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const COLLECTIONS = ['plans', 'areas', 'columns', 'rows', 'changeLog'] as const;
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
let original = '';
const figures = { tried: 0, refused: 0, restoredAsIs: 0, restoredRest: 0, failures: [] as string[] };

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
  const copy = copyPlanDocument(doc, 'Piano B', '2026-11-26T09:00:00.000Z', () => `b-${n++}`);
  await source.transaction('rw', [source.plans, source.areas, source.columns, source.rows], async () => {
    await source.plans.add(copy.plan);
    await source.areas.bulkAdd(copy.areas);
    await source.columns.bulkAdd(copy.columns);
    await source.rows.bulkAdd(copy.rows);
  });
  original = serializeBackup(await exportBackup(source, { appVersion: 't', exportedAt: '2026-11-26T09:30:00.000Z' }));
});

afterAll(async () => {
  for (const db of [source, target]) {
    db.close();
    await Dexie.delete(db.name);
  }
  console.info(
    `backup battery: ${figures.tried} mutated backups, ${figures.refused} refused, ${figures.restoredAsIs} restored as they were, ` +
      `${figures.restoredRest} restored without their broken records (after confirmation), ${figures.failures.length} failures`,
  );
});

describe(`the backup battery (${COUNT} mutations, seed ${SEED})`, () => {
  it('each mutant is refused in words with nothing written, or restored with integrity holding', async () => {
    const random = seededRandom(SEED);
    for (let n = 0; n < COUNT; n++) {
      const kind = KINDS[n % KINDS.length] as string;
      const json = JSON.parse(original) as Json;
      mutate(json, kind, random);
      if (random() < 0.3) mutate(json, pick(random, KINDS), random);
      const text = random() < 0.05 ? JSON.stringify(json).slice(0, Math.floor(random() * original.length)) : JSON.stringify(json);
      figures.tried++;
      const before = await dumpDatabase(target);

      const parsed = parseBackup(text);
      if (!parsed.ok) {
        figures.refused++;
        const message = parsed.errors[0]!.message;
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
        figures.failures.push(`${kind}: restore threw ${String(error)}`);
        continue;
      }
      if (check.problems.length > 0) figures.restoredRest++;
      else figures.restoredAsIs++;
      const broken = checkIntegrity(await dumpDatabase(target));
      if (broken.length > 0) figures.failures.push(`${kind}: ${broken[0]!.internal}`);
    }
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
    expect(figures.failures).toEqual([]);
    expect(figures.tried).toBe(COUNT);
    expect(figures.refused).toBeGreaterThan(0);
    expect(figures.restoredRest).toBeGreaterThan(0);
  }, 600_000);
});
