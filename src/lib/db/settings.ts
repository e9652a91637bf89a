// Device settings: the one typed list of keys, each with its default and the guard its stored value must pass;
// read and written one at a time, outside the change log.
import type { IsoTime } from '../model/types.ts';
import type { ExportDelimiter, ExportFormat } from '../csv/format.ts';
import { isLang, type Lang } from '../i18n/lang.ts';
import { DEFAULT_EXPORT_REMINDER_DAYS, normalizeReminderDays } from '../backup/reminder.ts';
import type { QuadroDatabase } from './schema.ts';

/** A−/A+ steps, as factors of the default text size. */
export const TEXT_SCALES = [0.8, 0.9, 1, 1.1, 1.25, 1.4, 1.6] as const;

/** Every setting Quadro keeps on the device, with the type of its value. */
export interface SettingValues {
  /** The name that signs changes; empty until the user gives one. */
  author: string;
  lang: Lang;
  /** The CSV export's separator (a tab is offered for reading only). */
  csvDelimiter: ExportDelimiter;
  /** The export's file format (issue 19). */
  exportFormat: ExportFormat;
  /** Set once the bundled plan was written: it is never written again, even if deleted. */
  seededDefaultPlan: IsoTime | null;
  /**
   * Issue 25: the bundled plan's areas whose rows are still to be written (the first start writes the first area's
   * rows before the grid, the others' after it). Null once they are written; a start that finds ids here completes it.
   */
  seedRestPending: string[] | null;
  lastExportAt: IsoTime | null;
  lastBackupAt: IsoTime | null;
  /**
   * The change log's last position when the last export / backup read the data: what came after
   * is decided by this order, not by comparing the times above (a device's clock can be set back).
   */
  lastExportSeq: number | null;
  lastBackupSeq: number | null;
  /** Days without an export or backup before the reminder; 0 turns it off. */
  exportReminderDays: number;
  /** A−/A+: the grid's text size as a factor of the default (one of TEXT_SCALES). */
  textScale: number;
  /** Tall rows show only their first lines. */
  collapseTallRows: boolean;
}

export type SettingKey = keyof SettingValues;

interface SettingSpec<T> {
  /** The value when the device has none, or has one that does not pass `read`. */
  fallback: T;
  /** The stored value as this version reads it, or undefined when it is not one (written by an older version, a restored backup, another tool). */
  read(stored: unknown): T | undefined;
}

const text = (stored: unknown): string | undefined => (typeof stored === 'string' ? stored : undefined);
const timeOrNull = (stored: unknown): IsoTime | null | undefined =>
  stored === null || (typeof stored === 'string' && !Number.isNaN(Date.parse(stored))) ? stored : undefined;
const positionOrNull = (stored: unknown): number | null | undefined =>
  stored === null || (typeof stored === 'number' && Number.isSafeInteger(stored) && stored >= 0) ? stored : undefined;

/** The one list: every key, its default, and what a stored value must be. */
export const SETTINGS: { readonly [K in SettingKey]: SettingSpec<SettingValues[K]> } = {
  author: { fallback: '', read: text },
  lang: { fallback: 'it', read: (stored) => (isLang(stored) ? stored : undefined) },
  csvDelimiter: { fallback: ';', read: (stored) => (stored === ';' || stored === ',' ? stored : undefined) },
  exportFormat: { fallback: 'csv', read: (stored) => (stored === 'csv' || stored === 'xlsx' ? stored : undefined) },
  seededDefaultPlan: { fallback: null, read: timeOrNull },
  seedRestPending: {
    fallback: null,
    read: (stored) => (stored === null || (Array.isArray(stored) && stored.every((id) => typeof id === 'string')) ? (stored as string[] | null) : undefined),
  },
  lastExportAt: { fallback: null, read: timeOrNull },
  lastBackupAt: { fallback: null, read: timeOrNull },
  lastExportSeq: { fallback: null, read: positionOrNull },
  lastBackupSeq: { fallback: null, read: positionOrNull },
  exportReminderDays: { fallback: DEFAULT_EXPORT_REMINDER_DAYS, read: normalizeReminderDays },
  textScale: { fallback: 1, read: (stored) => TEXT_SCALES.find((scale) => scale === stored) },
  collapseTallRows: { fallback: false, read: (stored) => (typeof stored === 'boolean' ? stored : undefined) },
};

/** A value as the setting `key` reads it: itself when it passes the key's guard, else the key's default. */
export function settingValue<K extends SettingKey>(key: K, stored: unknown): SettingValues[K] {
  const spec: SettingSpec<SettingValues[K]> = SETTINGS[key];
  return spec.read(stored) ?? spec.fallback;
}

/** The stored value of `key`, or its default when the device has none or has one of the wrong kind. */
export async function readSetting<K extends SettingKey>(db: QuadroDatabase, key: K): Promise<SettingValues[K]> {
  const setting = await db.settings.get(key);
  return settingValue(key, setting?.value);
}

export async function saveSetting<K extends SettingKey>(db: QuadroDatabase, key: K, value: SettingValues[K]): Promise<void> {
  await db.settings.put({ key, value });
}
