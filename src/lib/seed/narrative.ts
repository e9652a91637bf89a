// Turns the narrative paragraphs of the source document (area introductions, project descriptions) into plain-text lines.
import { ITEM_PREFIX, normalizeSpaces } from './cell-markup.ts';
import { joinCutParagraphs } from './page-breaks.ts';

/** A narrative list line: "- " at the very start. A dash inside a sentence ("Ministero del Lavoro - Direzione Generale") is text. */
const LIST_LINE = /^-\s+/;

/**
 * One line per paragraph or list item, in order: paragraphs cut by a page break joined back,
 * list lines written with a bullet (never "-", which a spreadsheet would read as a formula).
 */
export function convertNarrative(sourceLines: readonly string[]): string[] {
  const lines = sourceLines.map(convertNarrativeLine).filter((line) => line !== '');
  return joinCutParagraphs(lines);
}

/** One source line as plain text: whitespace tidied, a leading "- " turned into a bullet. */
export function convertNarrativeLine(sourceLine: string): string {
  const text = normalizeSpaces(sourceLine);
  return LIST_LINE.test(text) ? ITEM_PREFIX + text.replace(LIST_LINE, '') : text;
}
