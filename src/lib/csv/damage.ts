// Import: texts a file changed by accident — characters a single-byte encoding could not hold, bytes damaged on the way, mojibake.
import { MAC_ROMAN_HIGH, MAY_BE_DAMAGED, REPLACEMENT_CHAR, WINDOWS_1252_HIGH, type CsvEncoding } from './decode.ts';

/**
 * Why a file cell is not taken unless ticked: a replacement character (broken bytes), mojibake (text
 * read in the wrong encoding: "Ã¨", "giˆ"), C1 control characters (`encoding`: Mac Roman read as
 * Windows-1252), or a difference only in invisible or look-alike characters (`invisible`, normalize.ts).
 */
export type DamageKind = 'replacement' | 'mojibake' | 'encoding' | 'invisible';

/** Code points Windows-1252 holds (besides ASCII and U+00A0–U+00FF, which are their own bytes). */
const WINDOWS_1252_EXTRA = new Set(WINDOWS_1252_HIGH);
const MAC_ROMAN = new Set(MAC_ROMAN_HIGH);

/** Whether a single-byte encoding can write a character (what it cannot comes back as "?"). */
function fitsEncoding(code: number, encoding: 'windows-1252' | 'macintosh'): boolean {
  if (code < 0x80) return true;
  if (encoding === 'macintosh') return MAC_ROMAN.has(code);
  return (code >= 0xa0 && code <= 0xff) || WINDOWS_1252_EXTRA.has(code);
}

function isSingleByte(encoding: CsvEncoding): encoding is 'windows-1252' | 'macintosh' {
  return encoding === 'windows-1252' || encoding === 'macintosh';
}

/**
 * The characters a single-byte save substitutes can come back as "?" (LibreOffice, Excel) or as
 * their plain letter (Windows' "best fit": "ő" → "o"). Returns how many characters of `local` were
 * substituted when `fromFile` is exactly `local` after such a save, else null (a real edit).
 */
export function countLossySubstitutions(local: string, fromFile: string, encoding: CsvEncoding): number | null {
  if (!isSingleByte(encoding) || local === fromFile) return null;
  const mine = Array.from(local);
  const theirs = Array.from(fromFile);
  if (mine.length !== theirs.length) return null;
  let substituted = 0;
  for (let i = 0; i < mine.length; i++) {
    const a = mine[i] as string;
    const b = theirs[i] as string;
    if (a === b) continue;
    if (fitsEncoding(a.codePointAt(0) as number, encoding)) return null;
    const plain = a.normalize('NFD').replace(/\p{M}+/gu, '');
    if (b !== '?' && b !== plain) return null;
    substituted++;
  }
  return substituted > 0 ? substituted : null;
}

/** Whether a file character is what a single-byte save writes for a local one it cannot hold. */
function isSubstituteFor(local: string, fromFile: string, encoding: 'windows-1252' | 'macintosh'): boolean {
  if (local === fromFile) return true;
  if (fitsEncoding(local.codePointAt(0) as number, encoding)) return false;
  return fromFile === '?' || fromFile === local.normalize('NFD').replace(/\p{M}+/gu, '');
}

/**
 * A real edit in a single-byte file still carries "?" for the characters around it that the
 * encoding could not hold. Keeps the local characters in the unchanged text before and after the
 * edited stretch (common prefix and suffix), so an edited cell does not lose its "✓" either.
 * Returns null when nothing was restored.
 */
export function restoreLossyCharacters(local: string, fromFile: string, encoding: CsvEncoding): { text: string; restored: number } | null {
  if (!isSingleByte(encoding) || local === fromFile) return null;
  const mine = Array.from(local);
  const theirs = Array.from(fromFile);
  const shortest = Math.min(mine.length, theirs.length);
  let prefix = 0;
  while (prefix < shortest && isSubstituteFor(mine[prefix] as string, theirs[prefix] as string, encoding)) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    isSubstituteFor(mine[mine.length - 1 - suffix] as string, theirs[theirs.length - 1 - suffix] as string, encoding)
  ) {
    suffix++;
  }
  let restored = 0;
  for (let i = 0; i < prefix; i++) if (mine[i] !== theirs[i]) restored++;
  for (let i = 1; i <= suffix; i++) if (mine[mine.length - i] !== theirs[theirs.length - i]) restored++;
  if (restored === 0) return null;
  const text = [...mine.slice(0, prefix), ...theirs.slice(prefix, theirs.length - suffix), ...mine.slice(mine.length - suffix)].join('');
  return { text, restored };
}

/**
 * Text read in the wrong encoding: UTF-8 read as Windows-1252 ("è" → "Ã¨", "•" → "â€¢", "à" → "Ã\u00a0")
 * or as Mac Roman ("√®", "‚Ä¢"); Mac Roman read as Windows-1252 ("giˆ", "perchŽ", a "¥ " bullet);
 * Windows-1252 read as Mac Roman ("gi‡", "pi˘", "perchÈ").
 */
const MOJIBAKE = /Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€|Â[\u00a0-\u00bf]|√[^\s\p{N}]|‚Ä|\p{Ll}[ˆŽ˜‡˘ÈÚÏ]|(?:^|\n)[ \t]*¥[ \t]/u;
/** C1 control characters: no program types them; Mac Roman's "è" and "ù" read as Windows-1252 become two of them. */
const C1_CONTROL = /[\u0080-\u009f]/;
/**
 * Whether a file cell carries damage the local text does not: a U+FFFD (bytes that were not valid
 * in the file's encoding), C1 control characters, or typical mojibake. Text the local cell already had is not damage.
 */
export function findDamage(fromFile: string, local: string): DamageKind | null {
  if (!MAY_BE_DAMAGED.test(fromFile)) return null;
  if (fromFile.includes(REPLACEMENT_CHAR) && !local.includes(REPLACEMENT_CHAR)) return 'replacement';
  const control = C1_CONTROL.exec(fromFile);
  if (control && !local.includes(control[0])) return 'encoding';
  const match = MOJIBAKE.exec(fromFile);
  if (match && !local.includes(match[0])) return 'mojibake';
  return null;
}
