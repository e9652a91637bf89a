// Lint: TypeScript and Svelte rules, plus Quadro's boundaries (lint/boundaries.js): each runtime library has one
// owner module, and each layer of src/ imports only what is below it. The map is in docs/ARCHITECTURE.md.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import boundaries from './lint/boundaries.js';

/**
 * Every runtime library (package.json "dependencies") and the one place that may import it, with where to go
 * instead. A new library gets its line here in the same commit that adds it (the .xlsx and sync clients too).
 */
const LIBRARIES = [
  {
    packages: ['dexie'],
    owner: ['src/lib/db/'],
    message: 'Only src/lib/db/ talks to IndexedDB: call a function of src/lib/db/repository.ts (loadAreaView, saveCells, …) instead.',
  },
  {
    packages: ['papaparse'],
    owner: ['src/lib/csv/parse.ts'],
    message: 'Only src/lib/csv/parse.ts runs papaparse: call parseCsvText (to read) or serializePlanCsv (to write) from src/lib/csv/index.ts instead.',
  },
  {
    packages: ['flexsearch'],
    owner: ['src/lib/search/engine.ts'],
    message: 'Only src/lib/search/engine.ts uses FlexSearch: search with PlanSearchIndex (src/lib/search/plan-index.ts) instead.',
  },
  {
    packages: ['handsontable'],
    owner: ['src/components/MatrixGrid.svelte'],
    message: 'Only src/components/MatrixGrid.svelte owns Handsontable: pass rows, columns and callbacks to <MatrixGrid> instead.',
  },
  {
    packages: ['workbox-window'],
    owner: ['src/lib/pwa/sw-bridge.ts'],
    message: 'Only src/lib/pwa/sw-bridge.ts talks to the service worker: use startServiceWorkerBridge, applyUpdate or serviceWorkerState from it instead.',
  },
  {
    packages: ['chart.js'],
    owner: ['src/components/IndicatorsDashboard.svelte'],
    message: 'Only src/components/IndicatorsDashboard.svelte draws charts (Chart.js loads with that panel): show the figures there instead.',
  },
  {
    packages: ['diff'],
    owner: ['src/lib/csv/word-diff.ts'],
    message: 'Only src/lib/csv/word-diff.ts compares texts: call diffTexts / foldUnchanged from it (or show <DiffView>) instead.',
  },
  {
    packages: ['fflate'],
    owner: ['src/lib/xlsx/zip.ts'],
    message: 'Only src/lib/xlsx/zip.ts zips and unzips: use readXlsxWorkbook / writeXlsxWorkbook from src/lib/xlsx instead.',
  },
];

const COMPONENTS = ['src/components/', 'src/App.svelte'];
const CORE = ['src/lib/model/', 'src/lib/seed/', 'src/lib/csv/', 'src/lib/indicators/', 'src/lib/backup/', 'src/lib/search/', 'src/lib/grid/', 'src/lib/i18n/'];

/** Each layer of src/ and what it must not import (see "Boundaries" in docs/ARCHITECTURE.md). */
const LAYERS = [
  {
    files: COMPONENTS,
    restrictions: [
      {
        // Components present and dispatch; the database, files, exchange and CSV machinery are reached through state.
        deny: ['src/'],
        except: [
          ...COMPONENTS,
          'src/lib/state/',
          'src/lib/pwa/',
          'src/lib/grid/',
          'src/lib/i18n/',
          'src/lib/model/',
          'src/lib/indicators/',
          'src/lib/search/fold.ts',
          'src/lib/search/snippet.ts',
          'src/lib/csv/word-diff.ts',
          'src/lib/csv/decode.ts',
          'src/lib/backup/reminder.ts',
        ],
        // A type passed through opaquely (the database handle, a preview's shape) is not a dependency.
        allowTypes: true,
        message:
          'Components import only src/lib/state, src/lib/pwa, src/lib/grid, src/lib/i18n, src/lib/model and the pure helpers listed in eslint.config.js: call a rune module of src/lib/state/ (or add a function there) instead',
      },
    ],
  },
  {
    files: ['src/lib/pwa/'],
    restrictions: [
      {
        deny: ['src/lib/state/', 'src/lib/exchange/', 'src/lib/files/', ...COMPONENTS],
        message: 'src/lib/pwa/ sits beside src/lib/state/, never above it: take what it needs as a parameter (main.ts hands it the pending writes) instead',
      },
    ],
  },
  {
    files: ['src/lib/state/'],
    restrictions: [
      {
        deny: ['src/lib/db/'],
        // backup-store, sync-store and usage are the repositories of the full backup, of the team sync and of
        // the free-space hints, kept out of the first chunk (loaded on demand with their features).
        except: ['src/lib/db/repository.ts', 'src/lib/db/backup-store.ts', 'src/lib/db/sync-store.ts', 'src/lib/db/usage.ts'],
        message: 'State modules reach IndexedDB through src/lib/db/repository.ts: re-export the function there and call it as repo.<name> instead',
      },
      { deny: ['src/lib/pwa/', ...COMPONENTS], message: 'src/lib/state/ never imports the pwa bridge or a component: they use state, not the other way round' },
    ],
  },
  {
    files: ['src/lib/exchange/'],
    restrictions: [{ deny: ['src/lib/state/', 'src/lib/pwa/', 'src/lib/files/', ...COMPONENTS], message: 'src/lib/exchange/ (the import worker) sits below the state: it is handed what it needs in its request instead' }],
  },
  {
    files: ['src/lib/db/'],
    restrictions: [{ deny: ['src/lib/state/', 'src/lib/pwa/', 'src/lib/exchange/', 'src/lib/files/', ...COMPONENTS], message: 'src/lib/db/ is below every rune module and component: return values to the state layer instead' }],
  },
  {
    files: ['src/lib/files/'],
    restrictions: [{ deny: ['src/lib/db/', 'src/lib/state/', 'src/lib/pwa/', 'src/lib/exchange/', ...COMPONENTS], message: 'src/lib/files/ only reads and saves files: the state layer decides what goes in them' }],
  },
  {
    files: CORE,
    restrictions: [
      {
        deny: ['src/lib/db/', 'src/lib/files/', 'src/lib/state/', 'src/lib/pwa/', 'src/lib/exchange/', ...COMPONENTS],
        message: 'The pure core (model, seed, csv, indicators, backup, search, grid, i18n) takes and returns values: leave IndexedDB, files and the UI to the layers above',
      },
    ],
  },
];

const BOUNDARIES = { libraries: LIBRARIES, layers: LAYERS };

export default ts.config(
  { ignores: ['.scratch/', '.*.ts', 'dist/', 'dev-dist/', 'node_modules/', 'bench/results/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { quadro: { rules: { boundaries } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
      // State holds immutable values ($state.raw, replaced whole); a Date or Map built for a moment
      // is never reactive state, so the rule only adds noise here.
      'svelte/prefer-svelte-reactivity': 'off',
      'quadro/boundaries': ['error', BOUNDARIES],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // Issue 22: the network is reached in one place, the sync's HTTP client.
    files: ['src/**'],
    ignores: ['src/lib/sync/http.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Only src/lib/sync/http.ts talks to the network: use CouchClient instead.' },
        { name: 'XMLHttpRequest', message: 'Only src/lib/sync/http.ts talks to the network: use CouchClient instead.' },
        { name: 'WebSocket', message: 'Only src/lib/sync/http.ts talks to the network: use CouchClient instead.' },
      ],
    },
  },
  {
    // Tests and benchmarks measure the libraries themselves, so they may import them directly.
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: { 'quadro/boundaries': 'off' },
  },
);
