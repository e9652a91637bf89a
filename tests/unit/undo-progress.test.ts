// Issue 14: a large undo says how far it is, in the words of the strings table; a small one says nothing.
import { describe, expect, it } from 'vitest';
import { History, UNDO_PROGRESS_MIN_RECORDS } from '../../src/lib/state/history.svelte.ts';
import { strings } from '../../src/lib/i18n/strings.ts';

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
    expect(strings('it').undoProgress(20_000, 50_000)).toBe('Annullamento: 20.000 di 50.000 righe…');
    expect(strings('en').undoProgress(20_000, 50_000)).toBe('Undoing: 20,000 of 50,000 rows…');
    expect(strings('it').redoProgress(15_000, 20_000)).toBe('Ripetizione: 15.000 di 20.000 righe…');
  });
});
