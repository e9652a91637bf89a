// Issue 14: a row added by hand to a full area is refused and nothing is written. The limit is made
// small here (the real one, 100,000 rows, takes fake-indexeddb seconds to fill); the rule is the same.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { AppState } from '../../src/lib/state/app.svelte.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';

vi.mock('../../src/lib/model/limits.ts', async (original) => ({ ...(await original<object>()), MAX_AREA_ROWS: 3 }));

const PLAN = 'plan-limit';
const AREA = 'area-limit';
const AUTHOR = { by: 'Test' };
const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

describe('adding a row by hand', () => {
  it('works up to the limit, then is refused naming the area, and writes nothing', async () => {
    const db = repo.openDatabase(`quadro-limit-add-${Date.now()}`);
    opened.push(db);
    const at = '2026-01-01T00:00:00.000Z';
    await db.plans.put({ id: PLAN, name: 'Piano', origin: 'user', createdAt: at, updatedAt: at });
    await db.areas.put({ id: AREA, planId: PLAN, title: 'Immigrazione', introduction: '', order: 1 });
    for (let i = 0; i < 3; i++) await repo.addRow(db, AREA, null, AUTHOR);
    const before = await repo.dumpDatabase(db);
    const refused = repo.addRow(db, AREA, null, AUTHOR);
    await expect(refused).rejects.toBeInstanceOf(repo.AreaRowLimitError);
    await expect(refused).rejects.toMatchObject({ areaTitle: 'Immigrazione', count: 3, limit: 3 });
    expect(await repo.dumpDatabase(db)).toEqual(before);
  });
});

describe('keeping a failed text in a new row', () => {
  it('in a full area says so with the limit, writes nothing, and keeps the text listed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const db = repo.openDatabase(`quadro-limit-keep-${Date.now()}`);
    opened.push(db);
    const app = new AppState(db);
    try {
      await app.start({ planId: DEFAULT_PLAN_ID });
      // Every area of the 2012 plan holds more than 3 rows: with this limit each one is full.
      const row = app.nav.rows[0]!;
      const column = app.nav.columns[1]!;
      await repo.deleteRows(db, DEFAULT_PLAN_ID, [row.id], { by: 'Altra scheda' });
      await app.cells.save([{ rowId: row.id, columnId: column.id, text: 'Da non perdere', baseText: '' }]);
      const failure = app.saving.failedWrites[0]!;
      const before = await repo.dumpDatabase(db);
      await app.pending.keepInNewRow(failure.id);
      expect(app.notice).toBe(app.t.areaRowLimitAdd(app.nav.area!.title, 3));
      expect(app.saving.failedWrites.map((f) => f.cell?.text)).toEqual(['Da non perdere']);
      expect(await repo.dumpDatabase(db)).toEqual(before);
    } finally {
      app.dispose();
      vi.restoreAllMocks();
    }
  });
});
