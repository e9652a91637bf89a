// For the first screen's few problems (a refused title when renaming): the tables are loaded only when one appears,
// so the first screen's chunk carries this function and not the words.
import type { QuadroProblem } from '../../model/errors.ts';
import type { Lang } from '../lang.ts';

/** `describeProblem`, loading the problems tables first (from the service worker's cache when offline). */
export async function describeProblemLazily(problem: QuadroProblem, lang: Lang): Promise<string> {
  const { describeProblem } = await import('./describe.ts');
  return describeProblem(problem, lang);
}
