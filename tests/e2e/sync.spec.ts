// Team sync in the browser (issue 22): two consultants (two browser profiles) on the same plan, each syncing
// with a real CouchDB-protocol server the test starts and stops; offline edits merge, a same-cell clash is asked.
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { test, expect } from './support/server-fixture.ts';
import { QuadroPage } from './support/quadro-page.ts';
import { startCouchServer, type CouchServer } from '../support/couch-server.ts';

const SHOTS = process.env['QUADRO_SHOTS'] ?? '';
let couch: CouchServer;

test.beforeAll(async () => {
  couch = await startCouchServer();
  await couch.addUser('mario', 'pw-mario');
  await couch.addUser('lucia', 'pw-lucia');
  await couch.createDatabase('piano-2012', ['mario', 'lucia']);
});

test.afterAll(async () => {
  await couch?.dispose();
});

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function consultant(browser: Browser, url: string, name: string): Promise<QuadroPage> {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, locale: 'it-IT' });
  const quadro = new QuadroPage(await context.newPage());
  await quadro.open(url);
  await quadro.setAuthor(name);
  return quadro;
}

async function connect(quadro: QuadroPage, user: string, password: string, url = couch.url): Promise<void> {
  await quadro.menuCommand('plan-menu', /^Sincronizzazione/);
  const panel = quadro.page.getByTestId('sync-panel');
  await panel.getByTestId('sync-url').fill(url);
  await panel.getByTestId('sync-database').fill('piano-2012');
  await panel.getByTestId('sync-user').fill(user);
  await panel.getByTestId('sync-password').fill(password);
  await panel.getByTestId('sync-connect').click();
}

function status(quadro: QuadroPage) {
  return quadro.page.getByTestId('sync-status');
}

test('two consultants edit offline, come back online and get one merged plan; the same cell is asked on the second', async ({ browser, server }) => {
  const mario = await consultant(browser, server.url, 'Mario Rossi');
  const lucia = await consultant(browser, server.url, 'Lucia Bianchi');

  await connect(mario, 'mario', 'pw-mario');
  await expect(status(mario)).toContainText('Sincronizzato alle');
  await expect(mario.page.getByTestId('sync-state')).toContainText('Sincronizzato alle');
  await shot(mario.page, 'sync-settings');
  await mario.page.getByTestId('sync-close').click();
  await connect(lucia, 'lucia', 'pw-lucia');
  await expect(status(lucia)).toContainText('Sincronizzato alle');
  await lucia.page.getByTestId('sync-close').click();
  await shot(mario.page, 'bar-synced');

  // Both offline: different cells of one row, and one cell both change.
  await mario.page.context().setOffline(true);
  await lucia.page.context().setOffline(true);
  await mario.editInLargeEditor(0, 3, 'Mario: nuovo obiettivo');
  await mario.editInLargeEditor(1, 3, 'Mario: stessa cella');
  await lucia.editInLargeEditor(0, 4, 'Lucia: nuovo risultato');
  await lucia.editInLargeEditor(1, 3, 'Lucia: stessa cella');
  await mario.expectStatusSaved();
  await expect(status(mario)).toContainText('· 2 modifiche da inviare');
  // "Sincronizza ora" offline: nothing is lost, the bar says what waits.
  await mario.page.getByTestId('sync-status').click();
  await mario.page.getByTestId('sync-now').click();
  await mario.page.getByTestId('sync-close').click();
  await expect(status(mario)).toHaveAttribute('data-phase', 'offline');
  await expect(status(mario)).toContainText(/Sincronizzato alle \d\d:\d\d · 2 modifiche da inviare · in attesa della rete/);
  await shot(mario.page, 'bar-pending-offline');

  // Mario comes back first (the "online" event syncs), then Lucia.
  await mario.page.context().setOffline(false);
  await expect(status(mario)).toContainText(/Sincronizzato alle \d\d:\d\d$/);
  await lucia.page.context().setOffline(false);
  await expect(status(lucia)).toContainText('1 domanda');
  await expect(lucia.cell(0, 3)).toHaveText('Mario: nuovo obiettivo');
  await expect(lucia.cell(0, 4)).toHaveText('Lucia: nuovo risultato');
  await expect(lucia.cell(1, 3)).toHaveText('Lucia: stessa cella');

  await status(lucia).click();
  const conflict = lucia.page.getByTestId('sync-conflict');
  await expect(conflict.getByTestId('sync-mine')).toHaveText('Lucia: stessa cella');
  await expect(conflict.getByTestId('sync-theirs')).toHaveText('Mario: stessa cella');
  await shot(lucia.page, 'sync-conflict');
  await conflict.getByLabel('Tieni entrambe').check();
  await lucia.page.getByTestId('sync-apply').click();
  await expect(lucia.page.getByTestId('sync-conflicts')).toBeHidden();
  await lucia.page.getByTestId('sync-close').click();
  await expect(status(lucia)).toContainText(/Sincronizzato alle \d\d:\d\d$/);

  await status(mario).click();
  await mario.page.getByTestId('sync-now').click();
  await mario.page.getByTestId('sync-close').click();
  for (const quadro of [mario, lucia]) {
    await expect(quadro.cell(0, 3)).toHaveText('Mario: nuovo obiettivo');
    await expect(quadro.cell(0, 4)).toHaveText('Lucia: nuovo risultato');
    await expect(quadro.cell(1, 3)).toContainText('Lucia: stessa cella');
    await expect(quadro.cell(1, 3)).toContainText('Mario: stessa cella');
  }
  // Access revoked on the server: said in words in the bar; Mario's text stays on his tablet.
  await couch.setMembers('piano-2012', ['lucia']);
  await status(mario).click();
  await mario.page.getByTestId('sync-now').click();
  await mario.page.getByTestId('sync-close').click();
  await expect(status(mario)).toHaveAttribute('data-phase', 'error');
  await expect(status(mario)).toContainText('Non hai accesso al database «piano-2012»');
  await shot(mario.page, 'bar-error-no-access');
  await expect(mario.cell(0, 3)).toHaveText('Mario: nuovo obiettivo');
  await couch.setMembers('piano-2012', ['mario', 'lucia']);
  await mario.page.context().close();
  await lucia.page.context().close();
});

test('a wrong password is said in words, and nothing else is sent', async ({ browser, server }) => {
  const mario = await consultant(browser, server.url, 'Mario Rossi');
  await connect(mario, 'mario', 'sbagliata');
  await expect(mario.page.getByTestId('sync-problem')).toContainText('Utente o password non corretti');
  await shot(mario.page, 'sync-wrong-password');
  // Sync was not turned on: the plan stays as it was, no state in the bar.
  await mario.page.getByTestId('sync-close').click();
  await expect(status(mario)).toHaveCount(0);
  await mario.page.context().close();
});

test('the content-security policy lets the app reach only the servers of its build', async ({ browser, server }) => {
  const mario = await consultant(browser, server.url, 'Mario Rossi');
  // The build allows http://127.0.0.1:* (the test servers); the same server as http://localhost is another origin.
  const other = couch.url.replace('127.0.0.1', 'localhost');
  const blocked = await mario.page.evaluate(async (target) => {
    const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective), { once: true }));
    const outcome = await fetch(`${target}/`).then(() => 'fetched', () => 'refused');
    return { outcome, directive: await violation };
  }, other);
  expect(blocked).toEqual({ outcome: 'refused', directive: 'connect-src' });
  // The app says so before trying.
  await connect(mario, 'mario', 'pw-mario', other);
  await expect(mario.page.getByTestId('sync-problem')).toContainText('non può collegarsi a http://localhost');
  await mario.page.context().close();
});

test('a missing database is said, and a server admin can create it from the panel', async ({ browser, server }) => {
  const { ADMIN } = await import('../support/couch-server.ts');
  const admin = await consultant(browser, server.url, 'Amministratore');
  await admin.menuCommand('plan-menu', /^Sincronizzazione/);
  const panel = admin.page.getByTestId('sync-panel');
  await panel.getByTestId('sync-url').fill(couch.url);
  await panel.getByTestId('sync-database').fill('piano-nuovo');
  await panel.getByTestId('sync-user').fill(ADMIN.user);
  await panel.getByTestId('sync-password').fill(ADMIN.password);
  await panel.getByTestId('sync-connect').click();
  await expect(panel.getByTestId('sync-problem')).toContainText('«piano-nuovo» non esiste');
  await panel.getByTestId('sync-create').click();
  await expect(status(admin)).toContainText('Sincronizzato alle');
  expect((await couch.admin('GET', '/piano-nuovo')).status).toBe(200);
  await admin.page.context().close();
});

test('a database holding another plan is said, and that plan can be downloaded to the tablet', async ({ browser, server }) => {
  // The team's plan, as another tablet's Quadro wrote it (documents hand-written here, in Quadro's format v1).
  await couch.createDatabase('piano-regionale', ['lucia']);
  const planId = 'piano-regionale-2013';
  const docs = [
    { _id: `plan:${planId}`, type: 'plan', v: 1, planId, name: 'Piano regionale 2013' },
    { _id: 'area:area-1', type: 'area', v: 1, planId, title: 'AREA LAZIO', introduction: '', order: 1 },
    { _id: 'column:col-1', type: 'column', v: 1, planId, areaId: 'area-1', title: 'AMBITO', order: 1 },
    { _id: 'column:col-2', type: 'column', v: 1, planId, areaId: 'area-1', title: 'Obiettivi 2013', order: 2 },
    { _id: 'row:row-1', type: 'row', v: 1, planId, areaId: 'area-1', order: 1, cells: { 'col-1': { text: 'Tirocini', by: 'Mario', at: '2026-11-26T09:30:00.000Z' }, 'col-2': { text: '500 tirocini avviati', by: 'Mario', at: '2026-11-26T09:30:00.000Z' } } },
  ];
  expect((await couch.admin('POST', '/piano-regionale/_bulk_docs', { docs })).status).toBe(201);

  const lucia = await consultant(browser, server.url, 'Lucia Bianchi');
  await lucia.menuCommand('plan-menu', /^Sincronizzazione/);
  const panel = lucia.page.getByTestId('sync-panel');
  await panel.getByTestId('sync-url').fill(couch.url);
  await panel.getByTestId('sync-database').fill('piano-regionale');
  await panel.getByTestId('sync-user').fill('lucia');
  await panel.getByTestId('sync-password').fill('pw-lucia');
  await panel.getByTestId('sync-connect').click();
  await expect(panel.getByTestId('sync-problem')).toContainText('contiene un altro piano («Piano regionale 2013»)');
  await panel.getByTestId('sync-download').click();
  await expect(lucia.page.getByTestId('plan-select')).toHaveValue(planId);
  await expect(lucia.cell(0, 1)).toHaveText('500 tirocini avviati');
  await expect(status(lucia)).toContainText('Sincronizzato alle');
  await lucia.page.context().close();
});
