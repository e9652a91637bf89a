// Build of the benchmark page (bench/page → bench/results/page): the real src modules beside the bare libraries.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  root: 'bench/page',
  base: './',
  define: {
    __HOT_LICENSE_KEY__: JSON.stringify('non-commercial-and-evaluation'),
    __APP_VERSION__: JSON.stringify('bench'),
  },
  plugins: [svelte()],
  logLevel: 'warn',
  build: {
    // Under bench/results/, which git and eslint ignore.
    outDir: '../results/page',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 10_000,
  },
  worker: { format: 'es' },
});
