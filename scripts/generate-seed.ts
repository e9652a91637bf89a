// Regenerates the bundled default plan (src/lib/seed/plan-2012.json) from the 2012 source document: `npm run seed:generate`.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseSeedDocument } from '../src/lib/seed/parse-seed.ts';
import { describeProblem } from '../src/lib/i18n/problems/describe.ts';

const SOURCE_URL = new URL('../src/lib/seed/source/piano-operativo-2012.txt', import.meta.url);
const OUTPUT_URL = new URL('../src/lib/seed/plan-2012.json', import.meta.url);

const result = parseSeedDocument(readFileSync(SOURCE_URL, 'utf8'));
if (!result.ok) {
  for (const error of result.errors) console.error(`${error.code}: ${describeProblem(error, 'en')}`, error.internal ?? '');
  process.exit(1);
}
// Pretty-printed so that a change to the parser shows up as a readable diff of the committed plan.
writeFileSync(OUTPUT_URL, `${JSON.stringify(result.value, null, 2)}\n`);
const { areas, columns, rows } = result.value;
console.log(`Wrote ${OUTPUT_URL.pathname}: ${areas.length} areas, ${columns.length} columns, ${rows.length} rows.`);
