// End-to-end tests: Debian's Chromium driven by Playwright against the production build (dist/).
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.QUADRO_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
