// This device's preferences as the area view and the first-start sheet dispatch them: they are kept
// on the device (a fresh state reads them back) and text size stays within its steps.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as repo from '../../src/lib/db/repository.ts';
import { DeviceSettings } from '../../src/lib/state/device-settings.svelte.ts';

const opened: repo.QuadroDatabase[] = [];
let count = 0;
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function database(): repo.QuadroDatabase {
  const db = repo.openDatabase(`quadro-device-${++count}`);
  opened.push(db);
  return db;
}

/** What the next start of the app reads: a new state on the same database. */
async function reopened(db: repo.QuadroDatabase): Promise<DeviceSettings> {
  const again = new DeviceSettings(db);
  await again.load();
  return again;
}

describe('device settings', () => {
  it('start as a first start: no name, text at 100%, rows unfolded', async () => {
    const settings = await reopened(database());
    expect(settings.author).toBe('');
    expect(settings.textScale).toBe(1);
    expect(settings.collapseTall).toBe(false);
  });

  it('keep the name given, trimmed, for the next start', async () => {
    const db = database();
    const settings = new DeviceSettings(db);
    await settings.setAuthor('  Anna Bianchi ');
    expect(settings.signature).toBe('Anna Bianchi');
    expect((await reopened(db)).author).toBe('Anna Bianchi');
  });

  it('step the text size one step at a time and stop at either end (80% and 160%)', async () => {
    const db = database();
    const settings = new DeviceSettings(db);
    await settings.load();
    await settings.stepTextScale(1);
    expect(settings.textScale).toBe(1.1);
    for (let i = 0; i < 10; i++) await settings.stepTextScale(1);
    expect(settings.textScale).toBe(1.6);
    expect((await reopened(db)).textScale).toBe(1.6);
    for (let i = 0; i < 10; i++) await settings.stepTextScale(-1);
    expect(settings.textScale).toBe(0.8);
    expect((await reopened(db)).textScale).toBe(0.8);
  });

  it('keep folded tall rows folded at the next start, and unfolded once unfolded', async () => {
    const db = database();
    const settings = new DeviceSettings(db);
    await settings.setCollapseTall(true);
    expect((await reopened(db)).collapseTall).toBe(true);
    await settings.setCollapseTall(false);
    expect((await reopened(db)).collapseTall).toBe(false);
  });
});
