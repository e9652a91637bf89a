// After one visit Quadro starts, shows the plan and saves edits with the network off and the server gone.
import { test, expect, type Page, type Response } from '@playwright/test';
import { startStaticServer, type StaticServer } from './support/static-server.ts';
import { appReady, cell, dismissFirstStart, tapTarget } from './support/quadro-page.ts';

let server: StaticServer;

test.beforeEach(async () => {
  server = await startStaticServer('dist');
});

test.afterEach(async () => {
  await server.stop().catch(() => undefined);
});

/** Types into a grid cell as a user would (select, type, Enter) and waits until IndexedDB has it. */
async function typeInCell(page: Page, row: number, column: number, text: string): Promise<void> {
  await tapTarget(page, row, column).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
}

/** The first visit: the worker installs, precaches the shell and says so. */
async function firstVisit(page: Page): Promise<void> {
  await page.goto(server.url);
  await appReady(page);
  await expect(page.getByTestId('offline-ready')).toContainText('Pronto per l’uso offline');
  await dismissFirstStart(page);
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (registration.active?.state !== 'activated') {
      await new Promise<void>((resolve) => registration.active?.addEventListener('statechange', () => resolve()));
    }
  });
}

test('starts, shows the plan and keeps an edit with the network off and the server stopped', async ({ page, context }) => {
  await firstVisit(page);
  await context.setOffline(true);
  await server.stop();

  await page.reload();
  await appReady(page);
  await expect(page.getByRole('tab', { name: 'AREA IMMIGRAZIONE' })).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-online', 'false');
  await expect(cell(page, 0, 0)).toHaveText('GOVERNANCE TRANSNAZIONALE');

  await typeInCell(page, 1, 0, 'Scritto in treno, senza rete');
  await page.reload();
  await appReady(page);
  await expect(cell(page, 1, 0)).toHaveText('Scritto in treno, senza rete');
});

test('a deep link to a plan and area opens offline through the navigation fallback', async ({ page, context }) => {
  await firstVisit(page);
  const firstArea = page.url();
  await page.getByRole('tab', { name: 'AREA INCLUSIONE SOCIALE E LAVORATIVA' }).click();
  await expect(page).not.toHaveURL(firstArea);
  await expect(page).toHaveURL(/\/piano\/.+\/area\/.+/);
  const deepLink = page.url();

  await context.setOffline(true);
  await server.stop();
  await page.goto(server.url);
  await appReady(page);
  await page.goto(deepLink);
  await appReady(page);
  await expect(page.getByRole('tab', { name: 'AREA INCLUSIONE SOCIALE E LAVORATIVA' })).toHaveAttribute('aria-selected', 'true');
  await expect(cell(page, 0, 0)).toHaveText('SUPPORTO AL MINISTERO NELLE ATTIVITÀ DI GOVERNANCE');
});

test('English is loaded only when chosen, and offline it comes from the precache', async ({ page, context }) => {
  await firstVisit(page);
  await context.setOffline(true);
  await server.stop();

  // Every script the page receives from here on, with whether the service worker served it.
  const scripts: Promise<{ english: boolean; fromServiceWorker: boolean }>[] = [];
  const keepScript = (response: Response): void => {
    if (!response.url().endsWith('.js')) return;
    scripts.push(response.text().then((text) => ({ english: text.includes('Operational plan matrices'), fromServiceWorker: response.fromServiceWorker() })));
  };
  page.on('response', keepScript);
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('button', { name: 'Aggiungi riga' })).toBeVisible();
  expect((await Promise.all(scripts)).filter((script) => script.english)).toEqual([]);

  await page.getByTestId('top-more').click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
  expect((await Promise.all(scripts)).filter((script) => script.english)).toEqual([{ english: true, fromServiceWorker: true }]);
  page.off('response', keepScript);

  // The choice is remembered, and the next start offline finds the table in the precache too.
  await page.reload();
  await appReady(page);
  await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-online', 'false');
});
