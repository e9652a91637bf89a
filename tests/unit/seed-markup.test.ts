// Tests of the seed's small pieces: cell markup to lines, item dashes, page-break joins, narrative lines, stable ids.
import { describe, expect, it } from 'vitest';
import { convertCellMarkup, isItemDash } from '../../src/lib/seed/cell-markup.ts';
import { convertNarrative, convertNarrativeLine } from '../../src/lib/seed/narrative.ts';
import { appendContinuation, isCutSentence, joinCutParagraphs } from '../../src/lib/seed/page-breaks.ts';
import { stableId } from '../../src/lib/seed/stable-id.ts';

const UL = '<ul style="list-style-type: none">';

describe('convertCellMarkup', () => {
  it('keeps plain text as one trimmed line, with whitespace collapsed', () => {
    expect(convertCellMarkup('  Testo   semplice.  ')).toEqual(['Testo semplice.']);
    expect(convertCellMarkup('')).toEqual([]);
    expect(convertCellMarkup('   ')).toEqual([]);
  });

  it('writes list items with a bullet, one per line', () => {
    expect(convertCellMarkup(`${UL} - Primo punto. - Secondo punto.`)).toEqual(['• Primo punto.', '• Secondo punto.']);
  });

  it('writes nested items indented with their check mark', () => {
    expect(convertCellMarkup(`${UL} - Report relativi a: ${UL} ✓ Uno (ISTAT) ✓ Due (INPS) `)).toEqual([
      '• Report relativi a:',
      '    ✓ Uno (ISTAT)',
      '    ✓ Due (INPS)',
    ]);
  });

  it('puts paragraphs and underlined sub-headings on their own lines, and ends the list at them', () => {
    expect(
      convertCellMarkup(`<p>Intro:</p> ${UL} - punto uno; - punto due. <p><u>Titolo</u></p> <p>Chiusura.</p>`),
    ).toEqual(['Intro:', '• punto uno;', '• punto due.', 'Titolo', 'Chiusura.']);
    expect(convertCellMarkup('Prima. <u>Azione di sistema</u> dopo il titolo')).toEqual([
      'Prima.',
      'Azione di sistema',
      'dopo il titolo',
    ]);
    // After the list ends, a capitalised " - " is a sentence dash again.
    expect(convertCellMarkup(`${UL} - voce <p>fine</p> Testo - Altro`)).toEqual(['• voce', 'fine', 'Testo - Altro']);
  });

  it('reads a cell that starts with "- " as a list, and only then', () => {
    expect(convertCellMarkup('- Promozione di 3.000 voucher')).toEqual(['• Promozione di 3.000 voucher']);
    expect(convertCellMarkup('Transizione pena - lavoro')).toEqual(['Transizione pena - lavoro']);
    expect(convertCellMarkup('-5 gradi')).toEqual(['-5 gradi']);
  });

  it('keeps the text after a list start without a dash as a plain line (the rest of a cut item)', () => {
    expect(convertCellMarkup(`${UL} monitoraggio, controllo. - Gestite le attività.`)).toEqual([
      'monitoraggio, controllo.',
      '• Gestite le attività.',
    ]);
  });

  it('drops items with no text', () => {
    expect(convertCellMarkup(`${UL} - - Unico.`)).toEqual(['• Unico.']);
  });

  it('strips every tag, known or not', () => {
    expect(convertCellMarkup('<b>Grassetto</b><br/>a capo <span class="x">fine</span>')).toEqual([
      'Grassetto',
      'a capo',
      'fine',
    ]);
  });
});

describe('isItemDash', () => {
  /** Whether the first dash of `text` (in an open list) separates items. */
  const firstDashSeparates = (text: string, atListStart = false): boolean => isItemDash(text, text.indexOf('-'), atListStart);

  it('separates at the start of a list', () => {
    expect(firstDashSeparates(' - Stipulare', true)).toBe(true);
    expect(firstDashSeparates(' - Stipulare', false)).toBe(true); // capital after a lone dash
    expect(firstDashSeparates(' - stipulare', true)).toBe(true);
  });

  it('separates at a dash glued to the next word', () => {
    expect(firstDashSeparates('integrazione: -Elaborati documenti')).toBe(true);
    expect(firstDashSeparates('animazione di rete -operazioni di sportello')).toBe(true);
  });

  it('separates after a sentence end and before a capital', () => {
    expect(firstDashSeparates('migratori. - realizzare')).toBe(true);
    expect(firstDashSeparates('workshop); - co - progettazione')).toBe(true);
    expect(firstDashSeparates('che prevede di: - realizzare')).toBe(true);
    expect(firstDashSeparates('lavoratori immigrati - Predisposizione di report')).toBe(true);
    expect(firstDashSeparates('del Lavoro - Informare e aggiornare')).toBe(true);
  });

  it('keeps dashes inside sentences', () => {
    expect(firstDashSeparates('transizione pena - lavoro')).toBe(false);
    expect(firstDashSeparates('co - progettazione')).toBe(false);
    expect(firstDashSeparates('soggetti pubblici e privati - responsabili di CPI')).toBe(false);
    expect(firstDashSeparates('Case Circondariali - di Piani')).toBe(false);
    expect(firstDashSeparates('17 - 18 novembre')).toBe(false);
    expect(firstDashSeparates(`dall'Europa"- Bologna`)).toBe(false);
    expect(firstDashSeparates('socio-lavorativo')).toBe(false);
    expect(firstDashSeparates('pena-lavoro; - i workshop')).toBe(false);
  });
});

describe('page breaks', () => {
  it('tells a cut sentence from two sentences', () => {
    expect(isCutSentence('procedure di gestione,', 'monitoraggio, controllo')).toBe(true);
    expect(isCutSentence('associazioni datoriali per', 'promuovere la crescita')).toBe(true);
    expect(isCutSentence('"Supporti', 'documentali e informativi')).toBe(true);
    expect(isCutSentence('fine della frase.', 'minuscolo dopo')).toBe(false);
    expect(isCutSentence('elenco:', 'voce')).toBe(false);
    expect(isCutSentence('chiusa (come detto.)', 'minuscolo')).toBe(false);
    expect(isCutSentence('domanda?', 'sì')).toBe(false);
    expect(isCutSentence('senza punto', 'Maiuscolo')).toBe(false);
    expect(isCutSentence('senza punto', '• voce')).toBe(false);
    expect(isCutSentence('', 'minuscolo')).toBe(false);
  });

  it('joins a continuation to the last line when the sentence was cut, else appends it', () => {
    expect(appendContinuation(['• A', '• per'], ['promuovere la crescita.', '• B'])).toEqual([
      '• A',
      '• per promuovere la crescita.',
      '• B',
    ]);
    expect(appendContinuation(['Fine.'], ['nuovo paragrafo'])).toEqual(['Fine.', 'nuovo paragrafo']);
    expect(appendContinuation(['Testo'], [])).toEqual(['Testo']);
    expect(appendContinuation([], ['solo'])).toEqual(['solo']);
  });

  it('does not modify its inputs', () => {
    const lines = ['per'];
    const continuation = ['crescere'];
    appendContinuation(lines, continuation);
    expect(lines).toEqual(['per']);
    expect(continuation).toEqual(['crescere']);
  });

  it('joins every cut paragraph, including chains', () => {
    expect(joinCutParagraphs(['Uno e', 'due e', 'tre.', 'Quattro.', 'cinque'])).toEqual([
      'Uno e due e tre.',
      'Quattro.',
      'cinque',
    ]);
  });
});

describe('narrative', () => {
  it('turns only a leading "- " into a bullet', () => {
    expect(convertNarrativeLine('- favorire l\'occupazione;')).toBe("• favorire l'occupazione;");
    expect(convertNarrativeLine('Ministero del Lavoro - Direzione Generale')).toBe('Ministero del Lavoro - Direzione Generale');
    expect(convertNarrativeLine('  Il progetto - nei suoi obiettivi  ')).toBe('Il progetto - nei suoi obiettivi');
  });

  it('drops blank lines and joins paragraphs cut by a page break', () => {
    expect(convertNarrative(['sistema', '', 'delle Regioni.', '- voce;', 'Fine.'])).toEqual([
      'sistema delle Regioni.',
      '• voce;',
      'Fine.',
    ]);
  });
});

describe('stableId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('is shaped like a version-4 UUID', () => {
    for (let i = 0; i < 200; i++) expect(stableId(`seed-2012/area/1/row/${i}`)).toMatch(UUID_V4);
    expect(stableId('')).toMatch(UUID_V4);
  });

  it('gives the same id for the same key, on every call', () => {
    expect(stableId('seed-2012/area/1/row/3')).toBe(stableId('seed-2012/area/1/row/3'));
    // Pinned: a change here changes the ids of every seeded device, and CSV rows stop matching.
    expect(stableId('seed-2012/plan')).toBe('d89afecf-eabf-4fa3-b49d-6a41ba50d001');
  });

  it('gives different ids for different keys', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `seed-2012/area/${i % 7}/row/${i}`);
    expect(new Set(keys.map(stableId)).size).toBe(new Set(keys).size);
    expect(stableId('seed-2012/area/1/row/1')).not.toBe(stableId('seed-2012/area/1/row/10'));
    expect(stableId('a')).not.toBe(stableId('b'));
  });
});
