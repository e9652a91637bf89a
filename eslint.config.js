// Lint: TypeScript and Svelte rules, plus the rule that each library has one owner module.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const ONE_OWNER = [
  { name: 'dexie', message: 'Only src/lib/db/ talks to IndexedDB: call a function of src/lib/db/repository.ts instead.' },
  { name: 'papaparse', message: 'Only src/lib/csv/ parses CSV: use parseCsv / serializeCsv from src/lib/csv instead.' },
  { name: 'flexsearch', message: 'Only src/lib/search/ indexes text: use PlanSearchIndex from src/lib/search/plan-index.ts instead.' },
  { name: 'fflate', message: 'Only src/lib/xlsx/zip.ts zips and unzips: use readXlsxWorkbook / writeXlsxWorkbook from src/lib/xlsx instead.' },
];
// Components present and dispatch: they reach IndexedDB through src/lib/state/*, never lib/db (a type
// import of the database handle, passed down opaquely, is allowed).
const NO_DB_IN_COMPONENTS = {
  regex: '(^|/)lib/db(/|$)',
  allowTypeImports: true,
  message: 'Components never import src/lib/db: call a rune module of src/lib/state/ (or add a function there) instead.',
};
const HANDSONTABLE = {
  group: ['handsontable', 'handsontable/*'],
  message: 'Only src/components/MatrixGrid.svelte owns Handsontable: pass data and callbacks to <MatrixGrid> instead.',
};

export default ts.config(
  { ignores: ['.scratch/', '.*.ts', 'dist/', 'dev-dist/', 'node_modules/', 'bench/results/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'svelte/no-at-html-tags': 'error',
      // State holds immutable values ($state.raw, replaced whole); a Date or Map built for a moment
      // is never reactive state, so the rule only adds noise here.
      'svelte/prefer-svelte-reactivity': 'off',
      'no-restricted-imports': ['error', { paths: ONE_OWNER, patterns: [HANDSONTABLE] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src/lib/db/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ONE_OWNER.filter((p) => p.name !== 'dexie'), patterns: [HANDSONTABLE] }] },
  },
  {
    files: ['src/lib/csv/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ONE_OWNER.filter((p) => p.name !== 'papaparse'), patterns: [HANDSONTABLE] }] },
  },
  {
    files: ['src/lib/search/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ONE_OWNER.filter((p) => p.name !== 'flexsearch'), patterns: [HANDSONTABLE] }] },
  },
  {
    files: ['src/lib/xlsx/zip.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ONE_OWNER.filter((p) => p.name !== 'fflate'), patterns: [HANDSONTABLE] }] },
  },
  {
    files: ['src/components/**', 'src/App.svelte'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: ONE_OWNER, patterns: [HANDSONTABLE, NO_DB_IN_COMPONENTS] }],
    },
  },
  {
    files: ['src/components/MatrixGrid.svelte'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: ONE_OWNER, patterns: [NO_DB_IN_COMPONENTS] }] },
  },
  {
    // Still calls lib/db/backup-store directly; its owner moves those calls to src/lib/state, then this exception goes.
    files: ['src/components/BackupPanel.svelte'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: ONE_OWNER, patterns: [HANDSONTABLE] }] },
  },
  {
    // Tests and benchmarks measure the libraries themselves, so they may import them directly.
    files: ['tests/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
