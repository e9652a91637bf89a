// The import preview's word diff: a difference in the 4th bullet of a long cell is highlighted and in view.
import { describe, expect, it } from 'vitest';
import { diffTexts, foldUnchanged } from '../../src/lib/csv/word-diff.ts';

const BULLETS = [
  "• Stipulare l'accordo nazionale (Ministero lavoro e Ministero interno) per migliorare la programmazione e la gestione dell'inserimento socio-lavorativo degli immigrati.",
  '• Realizzare 1 modello previsionale relativo al fabbisogno di manodopera straniera.',
  '• Sviluppo di 1 modello di monitoraggio della presenza degli stranieri nel mercato del lavoro sulla base delle fonti statistiche istituzionali.',
  '• Realizzare i piani di integrazione in 7 Paesi di origine dei flussi migratori.',
  '• Redazione di un report annuale sul mercato del lavoro dei lavoratori stranieri.',
];
const mine = BULLETS.join('\n');
const theirs = BULLETS.map((line, i) => (i === 3 ? line.replace('7 Paesi', '8 Paesi') : line)).join('\n');

describe('word diff', () => {
  it('two versions that differ in the 4th bullet: only "7"/"8" is marked, the rest is the same text', () => {
    const parts = diffTexts(mine, theirs);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(['7']);
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(['8']);
    // Nothing lost: the parts rebuild both texts.
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(mine);
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(theirs);
  });

  it('folds the three bullets before and the one after, keeping a few words of context around the change', () => {
    const folded = foldUnchanged(diffTexts(mine, theirs));
    expect(folded.map((p) => p.kind)).toEqual(['fold', 'same', 'removed', 'added', 'same', 'fold']);
    const shown = folded.filter((p) => p.kind !== 'fold').map((p) => p.text).join('');
    expect(shown).toContain('piani di integrazione in');
    expect(shown).not.toContain('Stipulare');
    const first = folded[0] as { kind: 'fold'; words: number; text: string };
    expect(first.text.startsWith(BULLETS[0]!)).toBe(true);
    expect(first.words).toBeGreaterThan(40);
    // Unfolding everything gives the full text back.
    expect(folded.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(mine);
  });

  it('a short or unchanged text is never folded', () => {
    expect(foldUnchanged(diffTexts('10 corsi', '12 corsi')).some((p) => p.kind === 'fold')).toBe(false);
    expect(foldUnchanged(diffTexts(mine, mine))).toEqual([{ kind: 'same', text: mine }]);
  });
});
