// Import: the text of a cell as Quadro keeps it, and the one rule for "the same text" — line breaks, Unicode forms, invisible characters.
import { neutralizeField } from './neutralize.ts';

/**
 * What is normalised on import, silently, because it never carries meaning in a cell:
 * - CR and CRLF line breaks become LF (Excel for Mac's classic CSV writes CR, a mail gateway or an
 *   end-of-line conversion CRLF; Quadro stores LF, which every spreadsheet reads back as a line break);
 * - the text is put in Unicode NFC (a Mac's file names and some editors write "è" as "e" + a combining
 *   accent: the same letter, canonically equivalent, and search and matching need one form);
 * - U+FEFF (a byte-order mark glued into the text when files are concatenated) is removed.
 */
export function normalizeImportedText(text: string): string {
  // Most fields are short ASCII or Latin-1 text without CR: decided by one scan, no copy.
  if (!MAY_NEED_NORMALIZING.test(text)) return text;
  let out = text;
  if (out.includes('\r')) out = out.replace(CR_LINE_BREAK, '\n');
  if (out.includes(BOM)) out = out.replaceAll(BOM, '');
  return out.normalize('NFC');
}

/**
 * Combining marks and every code unit above them (NFC can only change text holding one; the BOM and
 * surrogates are there too), and CR: one scan of one class decides for most fields.
 */
const MAY_NEED_NORMALIZING = /[\u0300-\uffff\r]/;
const CR_LINE_BREAK = /\r\n?/g;
const BOM = '\uFEFF';

/**
 * The import's one rule for "no change": a file text that is the local text after normalisation
 * ({@link normalizeImportedText}), or the local text with the formula guard `'` Quadro put before it
 * on export (a Quadro file whose ID and "Ultima modifica" columns were both deleted still carries it).
 */
export function isSameImportedText(local: string, fromFile: string): boolean {
  if (local === fromFile) return true;
  const normalizedFile = normalizeImportedText(fromFile);
  const normalizedLocal = normalizeImportedText(local);
  return normalizedLocal === normalizedFile || neutralizeField(normalizedLocal) === normalizedFile;
}

/**
 * Differences a person cannot see in the preview, by kind. They are shown, not silently dropped and not
 * silently applied: the change is listed as "solo spazi/caratteri invisibili" and left out unless ticked.
 * - `zero-width`: U+200B–U+200D, U+2060, soft hyphen — removing them would break emoji (U+200D joins 👨‍👩‍👧)
 *   and words that need them, so they are never stripped, only recognised;
 * - `no-break-space`: U+00A0 and the other Unicode spaces — a no-break space may be meant ("5 €" kept on one line);
 * - `edge-spaces`: spaces or tabs at the end of a line, or at the start or end of the cell — what a
 *   spreadsheet's "trim spaces" option, or a stray tap, adds or removes;
 * - `quotes`: typographic quotes for ASCII ones (“ ” ‘ ’ « »: the autocorrect of Numbers, Excel for Mac
 *   and iPad keyboards), doubled double quotes, and a stray one at the start or end left by a broken CSV quote.
 */
export type InvisibleKind = 'zero-width' | 'no-break-space' | 'edge-spaces' | 'quotes';
export const INVISIBLE_KINDS: readonly InvisibleKind[] = ['zero-width', 'no-break-space', 'edge-spaces', 'quotes'];

const FOLD: Record<InvisibleKind, (text: string) => string> = {
  'zero-width': (text) => text.replace(/[\u200B-\u200D\u2060\u00AD]/g, ''),
  'no-break-space': (text) => text.replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' '),
  'edge-spaces': (text) => text.replace(/[ \t]+$/gm, '').replace(/^[ \t\n]+|[ \t\n]+$/g, ''),
  quotes: foldQuotes,
};

/** Typographic quotes as ASCII ones, doubled double quotes as one, and a stray one at either end of an odd count dropped. */
function foldQuotes(text: string): string {
  let out = text.replace(/[“”„‟«»″]/g, '"').replace(/[‘’‚‛′]/g, "'").replace(/"{2,}/g, '"');
  if ((out.split('"').length - 1) % 2 === 1) out = out.endsWith('"') ? out.slice(0, -1) : out.startsWith('"') ? out.slice(1) : out;
  return out;
}

function foldExcept(text: string, kept: InvisibleKind | null): string {
  let out = normalizeImportedText(text);
  // Zero-width and no-break spaces first: a no-break space at the end of a line is an edge space too.
  for (const kind of INVISIBLE_KINDS) if (kind !== kept) out = FOLD[kind](out);
  return out;
}

/**
 * The kinds of invisible or look-alike difference between two texts that differ only in those
 * (e.g. `['no-break-space', 'edge-spaces']`); null when they are the same after normalisation or
 * differ in anything a person can see — text where the other side has none is always visible, quotes included.
 */
export function findInvisibleDifference(local: string, fromFile: string): InvisibleKind[] | null {
  if (isSameImportedText(local, fromFile)) return null;
  if (foldExcept(local, null) !== foldExcept(fromFile, null)) return null;
  if ((foldExcept(local, 'quotes') === '') !== (foldExcept(fromFile, 'quotes') === '')) return null;
  const kinds = INVISIBLE_KINDS.filter((kind) => foldExcept(local, kind) !== foldExcept(fromFile, kind));
  // Differences that only show when several kinds combine (rare) are still invisible ones.
  return kinds.length > 0 ? kinds : [...INVISIBLE_KINDS];
}
