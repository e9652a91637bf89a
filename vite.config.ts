// Build configuration: Svelte, and the Workbox service worker that makes Quadro work offline.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { connectSources, parseSyncOrigins } from './src/lib/sync/origins.ts';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Handsontable licence key, fixed at build time: `QUADRO_HOT_LICENSE_KEY=... npm run build`.
 * The default is Handsontable's evaluation key (see README: it does not cover production use by an organisation).
 */
const HOT_LICENSE_KEY = process.env.QUADRO_HOT_LICENSE_KEY ?? 'non-commercial-and-evaluation';

/**
 * Issue 22: the CouchDB servers this build may sync with, e.g.
 * `QUADRO_SYNC_ORIGINS=https://couch.agency.example npm run build`. They are written into the
 * content-security policy's connect-src (so the browser itself refuses any other server) and given to
 * the app (which says so in words before trying). Empty: sync cannot be turned on.
 */
const SYNC_ORIGINS = parseSyncOrigins(process.env.QUADRO_SYNC_ORIGINS);

/**
 * Issue 25: Handsontable's JavaScript theme engine and built-in theme objects, which a grid with a CSS
 * `themeName` never runs, are replaced by src/lib/grid/no-theme-engine.ts (its comment says why that holds).
 */
const HOT_THEME_MODULES = ['themes/index.mjs', 'themes/registry.mjs', 'themes/engine/index.mjs'];
const NO_THEME_ENGINE = resolve(dirname(fileURLToPath(import.meta.url)), 'src/lib/grid/no-theme-engine.ts');

export default defineConfig({
  define: {
    __SYNC_ORIGINS__: JSON.stringify(SYNC_ORIGINS),
    __HOT_LICENSE_KEY__: JSON.stringify(HOT_LICENSE_KEY),
    __APP_VERSION__: JSON.stringify(process.env.QUADRO_APP_VERSION ?? process.env.npm_package_version ?? 'dev'),
  },
  plugins: [
    svelte(),
    {
      name: 'quadro-no-theme-engine',
      enforce: 'pre',
      resolveId(source: string, importer: string | undefined): string | null {
        if (!importer?.includes('/node_modules/handsontable/') || !source.startsWith('.')) return null;
        const target = resolve(dirname(importer), source).replace(/\\/g, '/');
        return HOT_THEME_MODULES.some((module) => target.endsWith(`/node_modules/handsontable/${module}`)) ? NO_THEME_ENGINE : null;
      },
    },
    {
      name: 'quadro-sync-csp',
      transformIndexHtml(html: string): string {
        const from = "connect-src 'self';";
        if (!html.includes(from)) throw new Error(`index.html: the CSP no longer holds "${from}"`);
        return html.replace(from, `connect-src ${connectSources(SYNC_ORIGINS)};`);
      },
    },
    VitePWA({
      registerType: 'prompt',
      // The page registers the worker itself through workbox-window (src/lib/pwa), never an injected inline script.
      injectRegister: false,
      // No service worker under `npm run dev`: it would serve stale modules over hot reload and hide
      // edits to the code; offline behaviour is tested against the production build instead.
      devOptions: { enabled: false },
      // The icons are committed PNGs drawn by scripts/make-icons.mjs: nothing is generated at build time.
      // globPatterns below already precache them (and everything else in public/), so no second list.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Quadro — Piano operativo',
        short_name: 'Quadro',
        description: 'Matrici di pianificazione del piano operativo: consultabili e modificabili sul tablet, anche senza rete.',
        lang: 'it',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#1f4e79',
        background_color: '#ffffff',
        categories: ['productivity', 'business'],
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,json,woff2}'],
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // One stylesheet, linked from index.html, as before the grid became a chunk of its own (issue 14):
    // with the grid's CSS loaded beside its chunk instead, Firefox's offline reload (cross-engine smoke)
    // showed a grid with no rows in 2 of 3 runs; with one stylesheet, 3 of 3 passed.
    cssCodeSplit: false,
  },
});
