// Issue 24: the small helpers the import's and the gathering's dialogs now share — an ambito as a heading, a side's time.
import { describe, expect, it } from 'vitest';
import { firstLineOf } from '../../src/lib/model/first-line.ts';
import { formatKnownDateTime } from '../../src/lib/i18n/import-words.ts';

describe('firstLineOf', () => {
  it('keeps the first line, trimmed', () => {
    expect(firstLineOf('  GOVERNANCE NAZIONALE  \n- punto uno')).toBe('GOVERNANCE NAZIONALE');
    expect(firstLineOf('')).toBe('');
  });
  it('cuts a long line to 60 characters, the last one "…"', () => {
    const cut = firstLineOf('a'.repeat(61));
    expect(cut).toHaveLength(60);
    expect(cut.endsWith('…')).toBe(true);
    expect(firstLineOf('b'.repeat(60))).toBe('b'.repeat(60));
  });
});

describe('formatKnownDateTime', () => {
  it('leaves out no time and an unreadable one', () => {
    expect(formatKnownDateTime('it', null)).toBeNull();
    expect(formatKnownDateTime('it', '')).toBeNull();
    expect(formatKnownDateTime('it', 'ieri')).toBeNull();
  });
  it('writes a readable time with its year, in the reader’s language', () => {
    // A local time (no offset): the same day in whatever time zone the tests run in.
    expect(formatKnownDateTime('it', '2026-06-15T12:00:00')).toContain('15/06/2026');
    expect(formatKnownDateTime('en', '2026-06-15T12:00:00')).toContain('15/06/2026');
  });
});
