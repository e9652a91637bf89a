// The "Ultima modifica" field: written for a person (local date and time first), with the milliseconds and
// the offset after it so the merge gets the exact instant back; read in that form and in the older ISO form.
import type { IsoTime } from '../model/types.ts';
import { LAST_CHANGED_SEPARATOR as SEPARATOR } from './format.ts';

/** The time of the bundled 2012 plan's text (the same instant as SEED_TIME in src/lib/seed/parse-seed.ts). */
export const ORIGINAL_TEXT_TIME: IsoTime = '2012-01-01T00:00:00.000Z';
const ORIGINAL_TEXT_SUFFIX = ' (testo originale)';

/** The offset from UTC, in minutes east, that local time had at an instant (tests pass a fixed one). */
export type OffsetAt = (at: IsoTime) => number;
export const LOCAL_OFFSET: OffsetAt = (at) => -new Date(at).getTimezoneOffset();

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/**
 * `26/11/2026 14:34:31.565 +01:00 · Mario Rossi` (no author: only the time); the untouched 2012 text reads
 * `Piano operativo 2012 (testo originale)`.
 */
export function formatLastChangedField(at: IsoTime, by: string, offsetAt: OffsetAt = LOCAL_OFFSET): string {
  if (at === ORIGINAL_TEXT_TIME) return `${by}${ORIGINAL_TEXT_SUFFIX}`;
  const time = Date.parse(at);
  if (Number.isNaN(time)) return by ? `${at}${SEPARATOR}${by}` : at;
  const offset = offsetAt(at);
  const local = new Date(time + offset * 60_000);
  const date = `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  const ms = local.getUTCMilliseconds();
  const clock = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}`;
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  const when = `${date} ${clock} ${zone}`;
  return by ? `${when}${SEPARATOR}${by}` : when;
}

const WHEN = '(\\d{1,2})\\/(\\d{1,2})\\/(\\d{4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,3}))?)?\\s+([+-])(\\d{2}):?(\\d{2})';
/** Exactly as written (the author kept verbatim, spaces included), then leniently for hand-edited files. */
const LOCAL_FORM = new RegExp(`^${WHEN}(?: · ([\\s\\S]*))?$`);
const LOCAL_FORM_LENIENT = new RegExp(`^\\s*${WHEN}\\s*(?:·\\s*([\\s\\S]*?))?\\s*$`);

/** Reads the person-friendly forms written by formatLastChangedField; null for anything else. */
export function parseLocalLastChanged(field: string): { at: IsoTime; by: string } | null {
  if (field.endsWith(ORIGINAL_TEXT_SUFFIX)) return { at: ORIGINAL_TEXT_TIME, by: field.slice(0, -ORIGINAL_TEXT_SUFFIX.length) };
  const match = LOCAL_FORM.exec(field) ?? LOCAL_FORM_LENIENT.exec(field);
  if (!match) return null;
  const [, day, month, year, hours, minutes, seconds, fraction, sign, offsetHours, offsetMinutes, by] = match;
  const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds ?? 0), Number((fraction ?? '0').padEnd(3, '0'))) - offset * 60_000;
  const check = new Date(utc + offset * 60_000);
  if (Number.isNaN(utc) || check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1) return null;
  return { at: new Date(utc).toISOString(), by: by ?? '' };
}

/** A file's time more than this ahead of the device's clock is in the future, not a clock a little fast. */
export const FILE_TIME_FUTURE_MS = 24 * 60 * 60 * 1000;
/** Before this no Quadro file was written: an earlier time is absurd (a wrong year, "01/01/1900"). */
export const FILE_TIME_EARLIEST: IsoTime = '2000-01-01T00:00:00.000Z';

/**
 * Whether a time a file states can be believed, judged against this device's clock: 'future'
 * (31/12/2099, 01/01/9999), 'absurd' (before 2000, unreadable) or 'ok'. Display only: no order is
 * ever decided by a file's time (issue 18).
 */
export function judgeFileTime(at: IsoTime, now: IsoTime): 'ok' | 'future' | 'absurd' {
  const time = Date.parse(at);
  const current = Date.parse(now);
  if (Number.isNaN(time) || time < Date.parse(FILE_TIME_EARLIEST)) return 'absurd';
  if (!Number.isNaN(current) && time > current + FILE_TIME_FUTURE_MS) return 'future';
  return 'ok';
}

/** The `changedAt` a cell taken from a file stores: the file's time when it can be believed, else the import's. */
export function storedFileTime(at: IsoTime | undefined, now: IsoTime): IsoTime {
  return at !== undefined && judgeFileTime(at, now) === 'ok' ? at : now;
}
