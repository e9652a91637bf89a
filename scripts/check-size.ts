// Issue 25: the size gate of `npm test` (run after the build in test:e2e): the first visit's JavaScript may not grow
// more than bench/budget.json allows. A size, not a time: the same on every machine. Raise the budget only in a
// commit that says why. `tsx scripts/check-size.ts [dist]`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { measureStaticFirstVisit } from './first-visit-size.ts';

export interface SizeBudget {
  /** gzip (level 6) bytes of the first visit's JavaScript, counted as scripts/first-visit-size.ts counts it. */
  firstVisitGzipBytes: number;
  /** What it may grow past the budget before the check fails. */
  toleranceBytes: number;
}

const ROOT = join(import.meta.dirname, '..');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** null when within the budget, else what is wrong, in words. */
export function judgeSize(gzip: number, budget: SizeBudget): string | null {
  const limit = budget.firstVisitGzipBytes + budget.toleranceBytes;
  if (gzip <= limit) return null;
  return (
    `The first visit's JavaScript is ${kb(gzip)} gzipped, ${kb(gzip - budget.firstVisitGzipBytes)} over the budget of ` +
    `${kb(budget.firstVisitGzipBytes)} in bench/budget.json (${kb(budget.toleranceBytes)} allowed). Load the new code on ` +
    `demand (a dynamic import after the first screen, see src/lib/state/first-screen.ts), or raise the budget in a ` +
    `commit that says why.`
  );
}

async function main(): Promise<void> {
  const distDir = process.argv[2] ?? join(ROOT, 'dist');
  const budget = JSON.parse(await readFile(join(ROOT, 'bench', 'budget.json'), 'utf8')) as SizeBudget;
  const size = await measureStaticFirstVisit(distDir);
  const problem = judgeSize(size.gzip, budget);
  const largest = [...size.files].sort((a, b) => b.gzip - a.gzip).slice(0, 5);
  console.log(
    `First visit: ${kb(size.gzip)} gzipped in ${size.files.length} files (budget ${kb(budget.firstVisitGzipBytes)} + ${kb(budget.toleranceBytes)}); ` +
      `largest: ${largest.map((f) => `${f.file.replace(/^assets\//, '')} ${kb(f.gzip)}`).join(', ')}`,
  );
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
