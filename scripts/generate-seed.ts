// Regenerates the bundled default plan from the 2012 source document: `npm run seed:generate`. Writes the whole plan
// pretty-printed (src/lib/seed/plan-2012.json: the readable, reviewed form, not shipped) and the compact chunks the app
// ships (plan-2012-first.json, plan-2012-rest.json: words only; compact-plan.ts rebuilds ids, bases and stamps).
import { readFileSync, writeFileSync } from 'node:fs';
import { expandSeedPlan, splitSeedWords } from '../src/lib/seed/compact-plan.ts';
import { parseSeedAreas } from '../src/lib/seed/parse-seed.ts';
import { describeProblem } from '../src/lib/i18n/problems/describe.ts';

const SEED_DIR = new URL('../src/lib/seed/', import.meta.url);
const SOURCE_URL = new URL('source/piano-operativo-2012.txt', SEED_DIR);
/** The first screen shows the first area: its rows come with the head, the other areas' after the grid. */
const HEAD_AREAS = 1;

const result = parseSeedAreas(readFileSync(SOURCE_URL, 'utf8'));
if (!result.ok) {
  for (const error of result.errors) console.error(`${error.code}: ${describeProblem(error, 'en')}`, error.internal ?? '');
  process.exit(1);
}
const { head, rest } = splitSeedWords(result.value, HEAD_AREAS);
const doc = expandSeedPlan(head, rest);
// Pretty-printed so that a change to the parser shows up as a readable diff of the committed plan.
writeFileSync(new URL('plan-2012.json', SEED_DIR), `${JSON.stringify(doc, null, 2)}\n`);
// The shipped parts are minified: plan-2012.json above is the form to review.
const compact = (value: unknown): string => `${JSON.stringify(value)}\n`;
writeFileSync(new URL('plan-2012-first.json', SEED_DIR), compact(head));
writeFileSync(new URL('plan-2012-rest.json', SEED_DIR), compact(rest));
console.log(`Wrote src/lib/seed/plan-2012{,-first,-rest}.json: ${doc.areas.length} areas, ${doc.columns.length} columns, ${doc.rows.length} rows.`);
