// Unit tests: the pure core and the repository (on fake-indexeddb), in Node; no browser, no service worker.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  define: {
    __HOT_LICENSE_KEY__: JSON.stringify('non-commercial-and-evaluation'),
    __SYNC_ORIGINS__: JSON.stringify(['http://127.0.0.1:*']),
    __APP_VERSION__: JSON.stringify('test'),
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup-elsewhere.ts'],
    // Property and model-based tests run hundreds of cases; on a busy 2-core machine the default 5 s
    // is a race, not a check. Nothing here asserts speed (that is npm run bench).
    testTimeout: 60_000,
    environment: 'node',
    pool: 'threads',
  },
});
