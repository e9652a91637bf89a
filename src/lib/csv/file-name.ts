// The name of an exported file: says plan, area, day and author, so a mailbox of attachments sorts itself.

export interface CsvFileNameParts {
  planName: string;
  /** Absent for a whole-plan export. */
  areaTitle?: string;
  /** A Date (its local calendar day) or a "YYYY-MM-DD" string. */
  date: Date | string;
  author: string;
}

/** e.g. `quadro_piano-operativo-2012_area-immigrazione_2026-11-26_mario-rossi.csv`. */
export function csvFileName(parts: CsvFileNameParts): string {
  const plan = slugify(parts.planName) || 'piano';
  const scope = parts.areaTitle === undefined ? 'piano-completo' : slugify(parts.areaTitle) || 'area';
  const author = slugify(parts.author) || 'anonimo';
  return `quadro_${plan}_${scope}_${formatDay(parts.date)}_${author}.csv`;
}

/** Lower case, accents stripped, anything else than letters and digits turned into single dashes. */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function formatDay(date: Date | string): string {
  if (typeof date === 'string') return date.slice(0, 10);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
