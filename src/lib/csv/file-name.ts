// The name of an exported file: says plan, area, day and author, so a mailbox of attachments sorts itself.

export interface CsvFileNameParts {
  planName: string;
  /** Absent for a whole-plan export. */
  areaTitle?: string;
  /** A Date (its local calendar day) or a "YYYY-MM-DD" string. */
  date: Date | string;
  author: string;
  /** `xlsx` for a workbook; `perArea`: a workbook with each area on a sheet of its own. Default: a CSV. */
  extension?: 'csv' | 'xlsx';
  perArea?: boolean;
}

/** e.g. `quadro_piano-operativo-2012_area-immigrazione_2026-11-26_mario-rossi.csv` (`…_aree_…xlsx` for a sheet per area). */
export function csvFileName(parts: CsvFileNameParts): string {
  const plan = slugify(parts.planName) || 'piano';
  const scope = parts.perArea ? 'aree' : parts.areaTitle === undefined ? 'piano-completo' : slugify(parts.areaTitle) || 'area';
  const author = slugify(parts.author) || 'anonimo';
  return `quadro_${plan}_${scope}_${formatDay(parts.date)}_${author}.${parts.extension ?? 'csv'}`;
}

/** Longest slug of one part: file names stay readable in a mailbox and under every file system's limit. */
const MAX_SLUG_CHARS = 60;

/**
 * Lower case, Latin accents stripped, any other letter kept (Arabic, Greek, Chinese…), emoji kept;
 * everything else (spaces, punctuation, invisible direction marks) turned into single dashes.
 * "Ufficio Città" → "ufficio-citta", "مريم" → "مريم", "Team 🚀" → "team-🚀".
 */
export function slugify(text: string): string {
  const slug = Array.from(
    text
      .normalize('NFD')
      // Only combining marks on Latin letters go (è → e); other scripts need theirs (Devanagari, Arabic vowels).
      .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Extended_Pictographic}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  );
  return slug.slice(0, MAX_SLUG_CHARS).join('').replace(/-+$/, '');
}

/** Latin letters a plain accent strip does not reach. */
const TRANSLITERATIONS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/**
 * A slug in plain ASCII, where only that is safe (a header, an old mail client): accents stripped,
 * a few letters transliterated, and any letter left over written as its code (u0645), so a name in
 * another script never vanishes.
 */
export function asciiSlug(text: string): string {
  const slug = slugify(text);
  let out = '';
  for (const char of slug) {
    if (/^[a-z0-9-]$/.test(char)) out += char;
    else if (TRANSLITERATIONS[char] !== undefined) out += TRANSLITERATIONS[char];
    else out += `u${(char.codePointAt(0) as number).toString(16)}`;
  }
  return out;
}

function formatDay(date: Date | string): string {
  if (typeof date === 'string') return date.slice(0, 10);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
