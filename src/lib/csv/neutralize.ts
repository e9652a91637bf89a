// Formula-injection guard (OWASP CSV injection): spreadsheets must show a cell's text, never run it.

/** A field a spreadsheet would treat as a formula or control input. */
const FORMULA_START = /^[=+\-@\t\r\n\0]/;
/** A field that is quotes followed by a formula start: already-escaped looking, so escaped once more. */
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r\n\0]/;

/**
 * The field as written to a file: a leading `'` before anything a spreadsheet would evaluate.
 * Fields that already look escaped get one more `'`, so {@link restoreField} gives back the exact text.
 */
export function neutralizeField(text: string): string {
  return FORMULA_START.test(text) || QUOTED_FORMULA_START.test(text) ? `'${text}` : text;
}

/** Inverse of {@link neutralizeField} for fields of a Quadro file: removes exactly one leading `'`. */
export function restoreField(text: string): string {
  return QUOTED_FORMULA_START.test(text) ? text.slice(1) : text;
}
