// The shape of a problems table: for every problem code of the core, a function from its values to the words.
// Missing a code, or reading a value the code does not have, fails `npm run check`.
import type { ProblemCode, ProblemParams, QuadroProblem } from '../../model/errors.ts';

/** Words for a problem nested in another's values (a title's problem inside a CSV file's), in the same language. */
export type DescribeNested = (problem: QuadroProblem) => string;

export interface ProblemWords {
  /** A problem found in one sheet of a workbook: the sheet, then the problem's words. */
  inSheet: (sheet: string, message: string) => string;
  words: { [C in ProblemCode]: (params: ProblemParams[C], describe: DescribeNested) => string };
}
