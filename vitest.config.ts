// Unit tests: the pure core and the repository (on fake-indexeddb), in Node; no browser, no service worker.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  define: {
    __HOT_LICENSE_KEY__: JSON.stringify('non-commercial-and-evaluation'),
    __APP_VERSION__: JSON.stringify('test'),
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup-elsewhere.ts'],
    environment: 'node',
    pool: 'threads',
  },
});
