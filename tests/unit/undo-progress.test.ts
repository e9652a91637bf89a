// Issue 14: a large undo says how far it is, in the words of the strings table; a small one says nothing.
import { describe, expect, it } from 'vitest';
import { History, UNDO_PROGRESS_MIN_RECORDS } from '../../src/lib/state/history.svelte.ts';
import { it as italian } from '../../src/lib/i18n/it.ts';
import { en as english } from '../../src/lib/i18n/en.ts';

describe('undo progress', () => {
  it('is shown for a large undo until it ends, and not for a small one', () => {
    const history = new History();
    history.reportProgress('undo', 10, UNDO_PROGRESS_MIN_RECORDS - 1);
    expect(history.progress).toBeNull();
    history.reportProgress('undo', 20_000, 50_000);
    expect(history.progress).toEqual({ origin: 'undo', done: 20_000, total: 50_000 });
    history.endProgress();
    expect(history.progress).toBeNull();
  });

  it('reads as the user sees it, in Italian and English', () => {
    expect(italian.undoProgress(20_000, 50_000)).toBe('Annullamento: 20.000 di 50.000 righe…');
    expect(english.undoProgress(20_000, 50_000)).toBe('Undoing: 20,000 of 50,000 rows…');
    expect(italian.redoProgress(15_000, 20_000)).toBe('Ripetizione: 15.000 di 20.000 righe…');
  });

  it('groups both counts alike, also below 10,000 (Italian leaves "5000" ungrouped by its own rule)', () => {
    expect(italian.undoProgress(5_000, 50_000)).toBe('Annullamento: 5.000 di 50.000 righe…');
    expect(english.redoProgress(1_000, 2_500)).toBe('Redoing: 1,000 of 2,500 rows…');
  });
});
