// Errors as data with two faces: what the user reads (Italian and English) and what a developer needs.

/** A message in both languages of the app. */
export interface LocalizedText {
  it: string;
  en: string;
}

/** A problem found in input (a file, a backup, a form), never thrown across the core's boundary. */
export interface QuadroProblem {
  /** Stable machine code, e.g. "csv.ragged-row". */
  code: string;
  /** What is wrong, where, and what to do, for the user. */
  message: LocalizedText;
  /** Details for a developer or a bug report: row, column, cause. */
  internal?: { row?: number; column?: number | string; cause?: string };
}

/** The result of a pure operation that may fail on its input. */
export type Result<T> = { ok: true; value: T; warnings: QuadroProblem[] } | { ok: false; errors: QuadroProblem[] };

export function ok<T>(value: T, warnings: QuadroProblem[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(...errors: QuadroProblem[]): Result<T> {
  return { ok: false, errors };
}

/**
 * Left as it is (issue 24, point 2): a problem still carries its words in both languages, written where it is
 * found. Moving them into the i18n tables as a code and parameters touches ~86 call sites (csv, xlsx, seed,
 * exchange, sync, model) and every reader of `message[lang]` (9 places), and must keep en.ts loaded on demand
 * (the words resolved at display time, `strings(lang).problem(p)`): one change for all of them, not half of one.
 */
export function problem(code: string, it: string, en: string, internal?: QuadroProblem['internal']): QuadroProblem {
  return internal ? { code, message: { it, en }, internal } : { code, message: { it, en } };
}
