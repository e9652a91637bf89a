// Device settings: one typed list of keys, read and written one at a time outside the change log.
import type { IsoTime } from '../model/types.ts';
import type { QuadroDatabase } from './schema.ts';

/** Every setting Quadro keeps on the device, with the type of its value. */
export interface SettingValues {
  author: string;
  lang: string;
  csvDelimiter: string;
  /** The export's file format, 'csv' or 'xlsx' (issue 19). */
  exportFormat: string;
  /** Set once the bundled plan was written: it is never written again, even if deleted. */
  seededDefaultPlan: IsoTime;
  lastExportAt: IsoTime | null;
  lastBackupAt: IsoTime | null;
  /**
   * The change log's last position when the last export / backup read the data: what came after
   * is decided by this order, not by comparing the times above (a device's clock can be set back).
   */
  lastExportSeq: number | null;
  lastBackupSeq: number | null;
  exportReminderDays: number;
  /** A−/A+: the grid's text size as a factor of the default. */
  textScale: number;
  /** Tall rows show only their first lines. */
  collapseTallRows: boolean;
}

export type SettingKey = keyof SettingValues;

/** The stored value, or `fallback` when the device has none. Values are checked by their callers: a setting may predate its type. */
export async function readSetting<T>(db: QuadroDatabase, key: SettingKey, fallback: T): Promise<T> {
  const setting = await db.settings.get(key);
  return setting === undefined ? fallback : (setting.value as T);
}

export async function saveSetting<K extends SettingKey>(db: QuadroDatabase, key: K, value: SettingValues[K]): Promise<void> {
  await db.settings.put({ key, value });
}
