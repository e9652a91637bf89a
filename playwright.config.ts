// End-to-end tests: Debian's Chromium driven by Playwright against the production build (dist/).
import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/support/chromium.ts';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: one worker keeps runs repeatable; each spec starts its own server on its own port.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    viewport: { width: 1180, height: 820 },
    locale: 'it-IT',
    trace: 'off',
    acceptDownloads: true,
  },
});
