// The interface's words: counts agree with their number in both languages, and both languages have every label.
import { describe, expect, it } from 'vitest';
import { strings } from '../../src/lib/i18n/strings.ts';

describe('strings', () => {
  it('has every Italian label in English too', () => {
    expect(Object.keys(strings('en')).sort()).toEqual(Object.keys(strings('it')).sort());
  });

  it('says counts with the plural rules of each language', () => {
    const it_ = strings('it');
    const en = strings('en');
    expect(it_.rowCount(1)).toBe('1 riga');
    expect(it_.rowCount(0)).toBe('0 righe');
    expect(it_.rowCount(5)).toBe('5 righe');
    expect(en.rowCount(1)).toBe('1 row');
    expect(it_.rowMatching(2, 0, 1)).toContain('1 riga nuova');
    expect(it_.importCounts(1, 1, 1, 1)).toBe('1 riga nuova · 1 riga cambiata · 1 riga non presente nel file · 1 conflitto');
    expect(it_.cellsChanged(1)).toBe('1 cella cambiata');
    expect(en.cellsChanged(3)).toBe('3 cells changed');
  });

  it('keeps "Annulla modifica" (undo) apart from "Annulla" (cancel), and names destructive actions', () => {
    const it_ = strings('it');
    expect(it_.undo).toBe('Annulla modifica');
    expect(it_.cancel).toBe('Annulla');
    expect(it_.confirmDeletePlan('P')).toContain('«Annulla modifica»');
    expect(it_.deletePlanAction).toBe('Elimina il piano');
    expect(it_.introductionPlaceholder).toContain(it_.editIntroduction);
  });
});
