// Pure: the size limits a user meets, in one place, and the counting that enforces them before any work.

/**
 * The most rows one area may hold. Above it the grid, undo and the merge take tens of seconds on a
 * tablet (1,000,000 one-column rows: 82 s to import, 51 s to open), so Quadro refuses, with a
 * message naming the area, before reading further: an import, a row added by hand, a backup restore.
 */
export const MAX_AREA_ROWS = 100_000;

/** One area that would hold more rows than the limit. */
export interface AreaOverLimit {
  /** The area's title, as the user knows it. */
  title: string;
  /** The rows it would hold. */
  count: number;
  limit: number;
}

/** Adds one to the count of `key`, remembering the first title seen for it. */
export class AreaRowCounter {
  private readonly counts = new Map<string, { title: string; count: number }>();

  add(key: string, title: string, n = 1): void {
    const known = this.counts.get(key);
    if (known) known.count += n;
    else this.counts.set(key, { title, count: n });
  }

  /** The areas over `limit`, in the order they were first counted. */
  overLimit(limit = MAX_AREA_ROWS): AreaOverLimit[] {
    const over: AreaOverLimit[] = [];
    for (const { title, count } of this.counts.values()) if (count > limit) over.push({ title, count, limit });
    return over;
  }
}
