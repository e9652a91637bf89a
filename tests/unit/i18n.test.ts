// The interface's words: counts agree with their number, numbers and dates read as each language writes them,
// and English is a table loaded on demand.
import { describe, expect, it } from 'vitest';
import { it as italian } from '../../src/lib/i18n/it.ts';
import { en as english } from '../../src/lib/i18n/en.ts';
import { loadStrings, strings } from '../../src/lib/i18n/index.ts';
import { formatCount, formatDate, formatDateTime, formatNumber, formatPercent, formatSize, localeOf } from '../../src/lib/i18n/format.ts';
import { plural, pluralForm } from '../../src/lib/i18n/plural.ts';

describe('counts', () => {
  it('take the form their language chooses for the number', () => {
    expect(plural('it', 1, 'riga', 'righe')).toBe('1 riga');
    expect(plural('it', 0, 'riga', 'righe')).toBe('0 righe');
    expect(plural('en', 0, 'row', 'rows')).toBe('0 rows');
    expect(pluralForm('en', 1, 'Delete the row', 'Delete the rows')).toBe('Delete the row');
    expect(italian.rowCount(5)).toBe('5 righe');
    expect(english.rowCount(1)).toBe('1 row');
    expect(italian.importCounts(1, 1, 1, 1)).toBe('1 riga nuova · 1 riga cambiata · 1 riga non presente nel file · 1 conflitto');
    expect(english.cellsChanged(3)).toBe('3 cells changed');
  });

  it('group their thousands in both languages, four-digit counts too', () => {
    expect(plural('it', 5_000, 'riga', 'righe')).toBe('5.000 righe');
    expect(plural('en', 5_000, 'row', 'rows')).toBe('5,000 rows');
    expect(italian.rowFilterCount(1_200, 2_500)).toBe('1.200 di 2.500 righe');
    expect(italian.importApplyProgress(5_000, 50_000)).toBe('Importazione: 5.000 di 50.000 righe…');
  });

  it('make the whole sentence agree, not only the number', () => {
    expect(italian.undoKept(1)).toBe('Annullato. Una modifica fatta dopo è rimasta com’era.');
    expect(italian.undoKept(3)).toBe('Annullato. 3 modifiche fatte dopo sono rimaste com’erano.');
    expect(english.deleteRowsAction(2)).toBe('Delete 2 rows');
    expect(italian.confirmDeleteRows(1, 'Tirocini')).toBe('Eliminare la riga «Tirocini»?');
    expect(italian.backupChanges(1)).toBe('1 modifica nella cronologia');
    expect(italian.backupPlanLine('P', 1, 0)).toBe('P: 1 area, 0 righe');
    expect(english.backupRestored(1)).toBe('Restore complete: 1 plan.');
    expect(italian.reminderTitle(9)).toBe('Modifiche non salvate altrove da 9 giorni');
  });
});

describe('formats', () => {
  it('writes sizes in decimal units with the language’s decimal mark', () => {
    expect(formatSize('it', 0)).toBe('0 B');
    expect(formatSize('it', 1_234_567)).toBe('1,2 MB');
    expect(formatSize('en', 1_234_567)).toBe('1.2 MB');
    expect(formatSize('it', 512_000_000)).toBe('512 MB');
  });

  it('writes quantities with grouped thousands and the language’s decimal mark, never "-0"', () => {
    expect(formatNumber('it', 2030)).toBe('2.030');
    expect(formatNumber('en', 2030)).toBe('2,030');
    expect(formatNumber('it', 1.25, 1)).toMatch(/^1,[23]$/);
    expect(formatNumber('en', 12.345)).toBe('12.35');
    expect(formatNumber('it', -0)).toBe('0');
    expect(formatNumber('it', Number.NaN)).toBe('');
  });

  it('writes counts and percentages', () => {
    expect(formatCount('it', 100_000)).toBe('100.000');
    expect(formatCount('en', 999)).toBe('999');
    expect(formatPercent('it', 1.015)).toBe('101,5%');
    expect(italian.textSize(80)).toBe('Dimensione del testo: 80%');
  });

  it('writes dates day first in English too, never the US order', () => {
    // Built from local parts, so the expectation holds in any time zone.
    const day = new Date(2026, 10, 26, 14, 34);
    expect(formatDate('en', day, 'long')).toBe('26 November 2026');
    expect(formatDate('it', day, 'long')).toBe('26 novembre 2026');
    expect(formatDate('it', day)).toBe('26/11/2026');
    expect(formatDateTime('it', day)).toBe('26/11/2026, 14:34');
    expect(formatDateTime('en', day.getTime())).toBe('26/11/2026, 14:34');
    expect(formatDateTime('it', 'not a time')).toBe('not a time');
    expect(localeOf('en')).toBe('en-GB');
  });
});

describe('the tables', () => {
  it('keeps undo apart from cancel in both languages, and the delete-plan question names the undo button as it reads', () => {
    // Not a restatement of the table: two words that must differ, and a sentence that must quote another key.
    for (const table of [italian, english]) {
      expect(table.undo).not.toBe(table.cancel);
      expect(table.confirmDeletePlan('P')).toContain(table.undo);
      expect(table.introductionPlaceholder).toContain(table.editIntroduction);
    }
  });

  it('gives English once its table has loaded', async () => {
    expect(await loadStrings('en')).toBe(english);
    expect(strings('en').appTagline).toBe('Operational plan matrices');
    expect(strings('it')).toBe(italian);
  });
});
