// Import: texts a file changed by accident — characters a single-byte encoding could not hold, bytes damaged on the way, mojibake.
import { REPLACEMENT_CHAR, WINDOWS_1252_HIGH, type CsvEncoding } from './decode.ts';

/** Why a file cell looks damaged: a replacement character (broken bytes) or UTF-8 read as Windows-1252. */
export type DamageKind = 'replacement' | 'mojibake';

/** Code points Windows-1252 holds (besides ASCII and U+00A0–U+00FF, which are their own bytes). */
const WINDOWS_1252_EXTRA = new Set(WINDOWS_1252_HIGH);

function fitsWindows1252(code: number): boolean {
  return code < 0x80 || (code >= 0xa0 && code <= 0xff) || WINDOWS_1252_EXTRA.has(code);
}

/**
 * The characters a single-byte save substitutes can come back as "?" (LibreOffice, Excel) or as
 * their plain letter (Windows' "best fit": "ő" → "o"). Returns how many characters of `local` were
 * substituted when `fromFile` is exactly `local` after such a save, else null (a real edit).
 */
export function countLossySubstitutions(local: string, fromFile: string, encoding: CsvEncoding): number | null {
  if (encoding !== 'windows-1252' || local === fromFile) return null;
  const mine = Array.from(local);
  const theirs = Array.from(fromFile);
  if (mine.length !== theirs.length) return null;
  let substituted = 0;
  for (let i = 0; i < mine.length; i++) {
    const a = mine[i] as string;
    const b = theirs[i] as string;
    if (a === b) continue;
    if (fitsWindows1252(a.codePointAt(0) as number)) return null;
    const plain = a.normalize('NFD').replace(/\p{M}+/gu, '');
    if (b !== '?' && b !== plain) return null;
    substituted++;
  }
  return substituted > 0 ? substituted : null;
}

/** Whether a file character is what a single-byte save writes for a local one it cannot hold. */
function isSubstituteFor(local: string, fromFile: string): boolean {
  if (local === fromFile) return true;
  if (fitsWindows1252(local.codePointAt(0) as number)) return false;
  return fromFile === '?' || fromFile === local.normalize('NFD').replace(/\p{M}+/gu, '');
}

/**
 * A real edit in a single-byte file still carries "?" for the characters around it that the
 * encoding could not hold. Keeps the local characters in the unchanged text before and after the
 * edited stretch (common prefix and suffix), so an edited cell does not lose its "✓" either.
 * Returns null when nothing was restored.
 */
export function restoreLossyCharacters(local: string, fromFile: string, encoding: CsvEncoding): { text: string; restored: number } | null {
  if (encoding !== 'windows-1252' || local === fromFile) return null;
  const mine = Array.from(local);
  const theirs = Array.from(fromFile);
  const shortest = Math.min(mine.length, theirs.length);
  let prefix = 0;
  while (prefix < shortest && isSubstituteFor(mine[prefix] as string, theirs[prefix] as string)) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    isSubstituteFor(mine[mine.length - 1 - suffix] as string, theirs[theirs.length - 1 - suffix] as string)
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

/** What UTF-8 bytes look like when read as Windows-1252: "è" → "Ã¨", "•" → "â€¢", "à" → "Ã\u00a0". */
const MOJIBAKE = /Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€|Â[\u00a0-\u00bf]/u;

/**
 * Whether a cell holds what every damage above starts with. `includes` scans at memory speed (and
 * knows at once that a Latin-1 string holds no "€" or U+FFFD), the regex a character at a time:
 * this rules out nearly every clean cell of a large file for a fraction of the regex's cost.
 */
function mayBeDamaged(text: string): boolean {
  return text.includes(REPLACEMENT_CHAR) || text.includes('Ã') || text.includes('â€') || text.includes('Â');
}

/**
 * Whether a file cell carries damage the local text does not: a U+FFFD (bytes that were not valid
 * in the file's encoding) or typical mojibake. Text the local cell already had is not damage.
 */
export function findDamage(fromFile: string, local: string): DamageKind | null {
  if (!mayBeDamaged(fromFile)) return null;
  if (fromFile.includes(REPLACEMENT_CHAR) && !local.includes(REPLACEMENT_CHAR)) return 'replacement';
  const match = MOJIBAKE.exec(fromFile);
  if (match && !local.includes(match[0])) return 'mojibake';
  return null;
}
