// The backups earlier Quadro builds wrote themselves (tests/fixtures/backup, see its README): for the version tests and the battery.
import { readFileSync } from 'node:fs';

export const OLDER_BACKUPS = ['v2-written-by-c099f2a', 'v2-written-by-44585c5', 'v2-written-by-1240518', 'v2-written-by-cb85cf2'] as const;

export function olderBackup(name: (typeof OLDER_BACKUPS)[number]): string {
  return readFileSync(new URL(`../fixtures/backup/${name}.json`, import.meta.url), 'utf8');
}
