// The few sentences the import's review builds from several table entries: why a cell is left out, and a side's time.
import type { DamageKind, InvisibleKind } from '../csv/index.ts';
import type { Strings } from './it.ts';
import type { Lang } from './lang.ts';
import { formatDateTime } from './format.ts';

/** Why a cell is left out unless ticked, in words. */
export function describeDamage(t: Strings, kind: DamageKind, invisible: readonly InvisibleKind[] | undefined): string {
  if (kind === 'invisible') return t.invisibleChange(invisible ?? []);
  if (kind === 'encoding') return t.encodingDamagedCell;
  return t.damagedCell[kind];
}

/** "26/11/2026, 14:34" in the reader's language; no time, or an unreadable one, is left out (null). */
export function formatKnownDateTime(lang: Lang, at: string | null | undefined): string | null {
  if (!at || Number.isNaN(Date.parse(at))) return null;
  return formatDateTime(lang, at);
}
