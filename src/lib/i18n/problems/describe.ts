// The one way to a problem's words: `describeProblem(problem, lang)`, for every place that shows a problem to a user.
// Only code loaded on demand imports it (the import, gathering, backup and sync dialogs and their state), so neither
// table is in the first screen's chunk; a first-screen reader imports this module dynamically when a problem appears.
import type { QuadroProblem } from '../../model/errors.ts';
import type { Lang } from '../lang.ts';
import { problemsEn } from './en.ts';
import { problemsIt } from './it.ts';
import type { ProblemWords } from './types.ts';

const TABLES: Record<Lang, ProblemWords> = { it: problemsIt, en: problemsEn };

/** What is wrong, where, and what to do, in the user's language. */
export function describeProblem(problem: QuadroProblem, lang: Lang): string {
  const table = TABLES[lang];
  const describe = (nested: QuadroProblem): string => describeProblem(nested, lang);
  const say = table.words[problem.code] as (params: QuadroProblem['params'], describe: (p: QuadroProblem) => string) => string;
  const words = say(problem.params, describe);
  return problem.sheet === undefined ? words : table.inSheet(problem.sheet, words);
}

/** Several problems as one paragraph (a refused backup, a refused file of a gathering). */
export function describeProblems(problems: readonly QuadroProblem[], lang: Lang): string {
  return problems.map((problem) => describeProblem(problem, lang)).join(' ');
}
