// Confirmed indicators on fake-indexeddb: stored linked to their cells, read back through the versioned payload, forgotten on request.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { deleteIndicatorRecord, deleteIndicatorRecords, listIndicatorRecords, saveIndicatorRecord } from '../../src/lib/db/indicators.ts';
import { applyDecisions, confirmDecision, describePair, kindDecision, proposePairs, restoreDecision } from '../../src/lib/indicators/index.ts';
import { loadDefaultPlan, DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';

const opened: repo.QuadroDatabase[] = [];
let counter = 0;

afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('indicators store', () => {
  it('keeps a confirmed, corrected indicator across a reopening of the database, and forgets it', async () => {
    const name = `quadro-indicators-${counter++}`;
    const db = repo.openDatabase(name);
    opened.push(db);
    await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
    const doc = await repo.loadPlanDocument(db, DEFAULT_PLAN_ID);
    if (!doc) throw new Error('seed missing');
    const pair = proposePairs(doc).find((p) => p.planned.quote.startsWith('oltre 2.000 percorsi'));
    if (!pair) throw new Error('pair missing');

    const decision = confirmDecision(pair, '2026-11-26T10:00:00.000Z', 'Mario Rossi', { achieved: 2100 });
    await saveIndicatorRecord(db, { id: 'i1', planId: doc.plan.id, areaId: pair.areaId, rowId: pair.rowId, value: decision });
    db.close();

    const again = repo.openDatabase(name);
    opened.push(again);
    const records = await listIndicatorRecords(again, doc.plan.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ areaId: pair.areaId, rowId: pair.rowId });
    const decisions = records.map((r) => restoreDecision(r.value)).filter((d) => d !== undefined);
    const shown = applyDecisions(proposePairs(doc), decisions).find((p) => p.key === pair.key);
    expect(shown && describePair(shown)).toBe('oltre 2.000 percorsi di politica attiva → 2.100 (105%)');
    expect(shown?.state).toBe('confirmed');

    await deleteIndicatorRecord(again, 'i1');
    expect(await listIndicatorRecords(again, doc.plan.id)).toEqual([]);
  });

  it('"Riapri" forgets a pair decision and the kind decision of its quantity in one write', async () => {
    const db = repo.openDatabase(`quadro-indicators-${counter++}`);
    opened.push(db);
    await repo.seedDefaultPlanOnce(db, loadDefaultPlan);
    const doc = await repo.loadPlanDocument(db, DEFAULT_PLAN_ID);
    if (!doc) throw new Error('seed missing');
    const pair = proposePairs(doc).find((p) => p.achieved) as ReturnType<typeof proposePairs>[number];
    const at = '2026-11-26T10:00:00.000Z';
    const base = { planId: doc.plan.id, areaId: pair.areaId, rowId: pair.rowId };
    await saveIndicatorRecord(db, { ...base, id: 'pair', value: confirmDecision(pair, at, 'Mario') });
    await saveIndicatorRecord(db, { ...base, id: 'kind', value: kindDecision(pair, 'target', at, 'Mario') });
    await saveIndicatorRecord(db, { ...base, id: 'other', value: confirmDecision(pair, at, 'Mario') });
    let transactions = 0;
    const original = db.transaction.bind(db);
    (db as unknown as { transaction: typeof db.transaction }).transaction = ((...args: Parameters<typeof db.transaction>) => {
      transactions++;
      return original(...args);
    }) as typeof db.transaction;
    await deleteIndicatorRecords(db, ['pair', 'kind']);
    expect(transactions).toBe(1);
    expect((await listIndicatorRecords(db, doc.plan.id)).map((r) => r.id)).toEqual(['other']);
  });
});
