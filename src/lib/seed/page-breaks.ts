// Rejoins text that a page break of the PDF cut in two: a table cell continued on the next page, a paragraph split in two.

/**
 * Sentence-ending punctuation, optionally followed by closing quotes or brackets ("… 2012.)").
 * A line ending any other way was interrupted, not finished.
 */
const FINAL_PUNCTUATION = /[.;:!?…]["'”’»)\]]*$/u;
const STARTS_LOWER_CASE = /^\p{Ll}/u;

/**
 * Whether `next` continues the sentence that `previous` left unfinished: the PDF conversion
 * turns a page break into a new paragraph (or a new table row), and only the missing final
 * punctuation plus a lower-case start tell the two halves of one sentence apart from two
 * sentences.
 */
export function isCutSentence(previous: string, next: string): boolean {
  return previous.trim() !== '' && !FINAL_PUNCTUATION.test(previous.trimEnd()) && STARTS_LOWER_CASE.test(next);
}

/**
 * The lines of a table cell followed by the lines of its continuation on the next page: the
 * first continuation line joins the last line with one space when the sentence was cut,
 * otherwise it starts a line of its own. Neither input is modified.
 */
export function appendContinuation(lines: readonly string[], continuation: readonly string[]): string[] {
  const last = lines.at(-1);
  const [first, ...rest] = continuation;
  if (last === undefined || first === undefined) return [...lines, ...continuation];
  if (!isCutSentence(last, first)) return [...lines, ...continuation];
  return [...lines.slice(0, -1), `${last} ${first}`, ...rest];
}

/** Paragraphs with every paragraph cut by a page break joined back to the one it belongs to. */
export function joinCutParagraphs(paragraphs: readonly string[]): string[] {
  const joined: string[] = [];
  for (const paragraph of paragraphs) {
    const last = joined.at(-1);
    if (last !== undefined && isCutSentence(last, paragraph)) joined[joined.length - 1] = `${last} ${paragraph}`;
    else joined.push(paragraph);
  }
  return joined;
}
