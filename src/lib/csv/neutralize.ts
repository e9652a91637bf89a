// Formula-injection guard (OWASP CSV injection): spreadsheets must show a cell's text, never run it.

/** First characters a spreadsheet treats as a formula or control input: = + - @ tab CR LF NUL. */
const FORMULA_START_CODES = new Uint8Array(128);
for (const code of [0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0x0a, 0x00]) FORMULA_START_CODES[code] = 1;
const APOSTROPHE = 0x27;
/** A field that is quotes followed by a formula start: already-escaped looking, so escaped once more. */
const QUOTED_FORMULA_START = /^'+[=+\-@\t\r\n\0]/;

/**
 * The field as written to a file: a leading `'` before anything a spreadsheet would evaluate.
 * Fields that already look escaped get one more `'`, so {@link restoreField} gives back the exact text.
 */
export function neutralizeField(text: string): string {
  const first = text.charCodeAt(0);
  // Most fields start with a letter or digit: decide by the first character before any regex.
  if (first === APOSTROPHE) return QUOTED_FORMULA_START.test(text) ? `'${text}` : text;
  return first < 128 && FORMULA_START_CODES[first] === 1 ? `'${text}` : text;
}

/** Inverse of {@link neutralizeField} for fields of a Quadro file: removes exactly one leading `'`. */
export function restoreField(text: string): string {
  // Called on every field of an import: only a field starting with ' can need it, so skip the regex otherwise.
  if (text.charCodeAt(0) !== APOSTROPHE) return text;
  return QUOTED_FORMULA_START.test(text) ? text.slice(1) : text;
}
