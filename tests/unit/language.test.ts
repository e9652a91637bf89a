// The interface's language on a device: English is loaded when chosen and remembered; a table that cannot be
// loaded (offline before the first precache finished) leaves the words as they were and says why.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { DEFAULT_PLAN_ID } from '../../src/lib/seed/default-plan.ts';

const opened: repo.QuadroDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
  vi.doUnmock('../../src/lib/i18n/en.ts');
  vi.resetModules();
  vi.restoreAllMocks();
});

async function startedApp(name: string) {
  // Imported afresh each time: the tables loaded by one test are not there for the next.
  const { AppState } = await import('../../src/lib/state/app.svelte.ts');
  const db = repo.openDatabase(name);
  opened.push(db);
  const app = new AppState(db);
  await app.start({ planId: DEFAULT_PLAN_ID });
  app.dispose();
  return { app, db };
}

describe('the language', () => {
  it('switches to English, is remembered, and the next start opens in English', async () => {
    const name = `quadro-lang-${Math.random()}`;
    const { app } = await startedApp(name);
    expect(app.t.addRow).toBe('Aggiungi riga');
    await app.setLang('en');
    expect(app.lang).toBe('en');
    expect(app.t.addRow).toBe('Add row');

    vi.resetModules();
    const again = await startedApp(name);
    expect(again.app.lang).toBe('en');
    expect(again.app.t.addRow).toBe('Add row');
  });

  it('stays in Italian and says why when the English table cannot be loaded', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.doMock('../../src/lib/i18n/en.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { app, db } = await startedApp(`quadro-lang-${Math.random()}`);
    await app.setLang('en');
    expect(app.lang).toBe('it');
    expect(app.t.addRow).toBe('Aggiungi riga');
    expect(app.notice).toBe('L’inglese non è ancora su questo dispositivo: collegati alla rete una volta e riprova.');
    expect(await repo.readSetting(db, 'lang')).toBe('it');
  });
});
