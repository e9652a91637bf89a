// Errors as data with two faces: what the user reads (a code and its values, worded by the strings tables) and what a
// developer needs.
import type { ProblemCode, ProblemParams } from './problem-codes.ts';

export type { ProblemCode, ProblemParams } from './problem-codes.ts';

/** Details for a developer or a bug report: row, column, cause. Never shown as the message. */
export interface ProblemInternal {
  row?: number;
  column?: number | string;
  cause?: string;
}

/** One problem of one code: its values typed by `ProblemParams`. */
export type ProblemOf<C extends ProblemCode> = {
  /** Stable machine code, e.g. "csv.ragged-row": the strings tables word it. */
  code: C;
  /** The values the message is made of (rows, titles, counts), plain data. */
  params: ProblemParams[C];
  /** The sheet of a workbook it was found in: the message says which ("Foglio «Area 1»: …"). */
  sheet?: string;
  internal?: ProblemInternal;
};

/**
 * A problem found in input (a file, a backup, a form), never thrown across the core's boundary. It holds no words:
 * `describeProblem(problem, lang)` (src/lib/i18n/problems/describe.ts) says what is wrong, where, and what to do.
 * Plain data, so it crosses the import and gather workers' channel as it is.
 */
export type QuadroProblem = { [C in ProblemCode]: ProblemOf<C> }[ProblemCode];

/** The result of a pure operation that may fail on its input. */
export type Result<T> = { ok: true; value: T; warnings: QuadroProblem[] } | { ok: false; errors: QuadroProblem[] };

export function ok<T>(value: T, warnings: QuadroProblem[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(...errors: QuadroProblem[]): Result<T> {
  return { ok: false, errors };
}

/**
 * A problem as the core raises it: its code and values, no words (issue 24). The words are in the strings tables,
 * one per language (`src/lib/i18n/problems/it.ts`, `en.ts`), chosen when the problem is shown, so a problem on screen
 * follows a change of language and the core stays free of Italian and English.
 */
export function problem<C extends ProblemCode>(code: C, params: ProblemParams[C], internal?: ProblemInternal): QuadroProblem {
  return (internal ? { code, params, internal } : { code, params }) as QuadroProblem;
}
