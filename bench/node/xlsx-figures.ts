// Issue 19: what the .xlsx exchange costs on the bench's plans, beside the CSV's: `npx tsx bench/node/xlsx-figures.ts [rows…]`
// (standalone, not part of `npm run bench`; run it under the shared lock). Prints, per size, the CSV serialize, the
// workbook (XML + deflate at the level Quadro uses), its size, the deflate alone at levels 1 and 6, and reading it
// back (unzip + XML + formats). Medians of 3 runs after a warm-up.
import { zipSync, unzipSync } from 'fflate';
import { makePlanDocument } from '../lib/fixtures.ts';
import { serializePlanCsv } from '../../src/lib/csv/serialize.ts';
import { buildPlanWorkbook } from '../../src/lib/xlsx/plan-workbook.ts';
import { readXlsxWorkbook } from '../../src/lib/xlsx/read.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const RUNS = 3;

/** The median of `RUNS` timed calls, in ms, after one warm-up. */
function time<T>(run: () => T): { ms: number; value: T } {
  let value = run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    value = run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] as number, value };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
console.log('rows | CSV chars | CSV serialize | .xlsx write (XML + level 1) | size | deflate only, level 1 | deflate only, level 6 | size at level 6 | .xlsx read');
for (const rows of sizes.length > 0 ? sizes : [2_000, 20_000]) {
  const doc = makePlanDocument({ rows, variant: 'one-byte' });
  const areaId = doc.areas[0]!.id;
  const csv = time(() => serializePlanCsv(doc, { kind: 'area', areaId }, { delimiter: ';' }));
  const xlsx = time(() => buildPlanWorkbook(doc, { kind: 'area', areaId }, { offsetAt: () => 60 }).bytes);
  const parts = unzipSync(xlsx.value);
  const level1 = time(() => zipSync(parts, { level: 1 }));
  const level6 = time(() => zipSync(parts, { level: 6 }));
  const read = time(() => readXlsxWorkbook(xlsx.value));
  if (!read.value.ok) throw new Error(JSON.stringify(read.value.errors));
  console.log(
    `${rows} | ${(csv.value.length / 1e6).toFixed(1)} M | ${csv.ms.toFixed(0)} ms | ${xlsx.ms.toFixed(0)} ms | ${mb(xlsx.value.length)} | ${level1.ms.toFixed(0)} ms | ${level6.ms.toFixed(0)} ms | ${mb(level6.value.length)} | ${read.ms.toFixed(0)} ms`,
  );
}
