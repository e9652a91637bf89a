// Playwright fixture: the production build (dist/) served by a static server of the test's own.
import { test as base } from '@playwright/test';
import { startStaticServer, type StaticServer } from './static-server.ts';
import { QuadroPage } from './quadro-page.ts';

export const test = base.extend<{ quadro: QuadroPage }, { server: StaticServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer('dist');
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  quadro: async ({ page }, use) => {
    await use(new QuadroPage(page));
  },
});

export { expect } from '@playwright/test';
