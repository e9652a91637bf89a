// Extracts PapaParse's own parser cases (CORE_PARSER_TESTS and PARSE_TESTS of its tests/test-cases.js, MIT) into a JSON data
// file for tests/unit/csv-public-suites.test.ts. Usage: node scripts/extract-papaparse-cases.mjs <test-cases.js> <commit> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import vm from 'node:vm';

const [source, commit, out] = process.argv.slice(2);
const noop = () => {};
const context = vm.createContext({ chai: { assert: {} }, Papa: {}, describe: noop, it: Object.assign(noop, { skip: noop }), String });
// The file declares its cases with var: they become properties of the context. Nothing in it runs a test here.
vm.runInContext(readFileSync(source, 'utf8'), context, { filename: 'test-cases.js' });
const cases = (suite, list) =>
  list.map((c) => ({
    suite,
    description: c.description,
    input: c.input,
    // Functions (step, transform…) cannot be data: named, so the test can leave such cases out.
    config: JSON.parse(JSON.stringify(c.config ?? {}, (_key, value) => (typeof value === 'function' ? '[function]' : value instanceof RegExp ? String(value) : value))),
    disabled: Boolean(c.disabled),
    expected: { data: c.expected?.data ?? null, errors: c.expected?.errors ?? [] },
  }));
const all = [...cases('CORE_PARSER_TESTS', context.CORE_PARSER_TESTS), ...cases('PARSE_TESTS', context.PARSE_TESTS)].filter((c) => typeof c.input === 'string');
writeFileSync(out, JSON.stringify({ source: 'https://github.com/mholt/PapaParse/blob/' + commit + '/tests/test-cases.js', licence: 'MIT', cases: all }, null, 1) + '\n');
console.log(`${all.length} cases`);
