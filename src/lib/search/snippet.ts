// Highlighted snippets and the row filter: where a query's words occur in a cell's text, as plain parts.
import { foldText, foldWithMap, isWordChar, queryTerms } from './fold.ts';

/** A piece of a snippet: `hit` pieces are the words that matched. Rendered as text, never as HTML. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Characters of context shown around the first match. */
export const SNIPPET_CONTEXT_CHARS = 60;
/** Longest snippet, in characters, before ellipses. */
export const SNIPPET_MAX_CHARS = 180;

interface Range {
  start: number;
  end: number;
}

/**
 * Where the terms occur at the start of a word (prefix matching, as the search does), in original
 * text positions, sorted and merged.
 */
export function findMatches(text: string, terms: readonly string[]): Range[] {
  if (terms.length === 0 || text.length === 0) return [];
  const { folded, origin } = foldWithMap(text);
  const ranges: Range[] = [];
  for (const term of terms) {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      if (at > 0 && isWordChar(folded[at - 1])) continue;
      // Extend to the end of the word: "attivita" highlights all of "attività,".
      let end = at + term.length;
      while (end < folded.length && isWordChar(folded[end])) end++;
      ranges.push({ start: origin[at] as number, end: origin[end] as number });
    }
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** A short excerpt of the text around its first match, split into plain and matching parts. */
export function buildSnippet(text: string, terms: readonly string[]): SnippetPart[] {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const matches = findMatches(oneLine, terms);
  const first = matches[0];
  if (!first) return [{ text: oneLine.length > SNIPPET_MAX_CHARS ? `${oneLine.slice(0, SNIPPET_MAX_CHARS)}…` : oneLine, hit: false }];
  let start = Math.max(0, first.start - SNIPPET_CONTEXT_CHARS);
  // Start at a word boundary, not in the middle of a word.
  if (start > 0) {
    const space = oneLine.indexOf(' ', start);
    if (space >= 0 && space < first.start) start = space + 1;
  }
  const end = Math.min(oneLine.length, start + SNIPPET_MAX_CHARS);
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', hit: false });
  let at = start;
  for (const match of matches) {
    if (match.start >= end) break;
    if (match.start > at) parts.push({ text: oneLine.slice(at, match.start), hit: false });
    const hitEnd = Math.min(match.end, end);
    if (hitEnd > Math.max(at, match.start)) parts.push({ text: oneLine.slice(Math.max(at, match.start), hitEnd), hit: true });
    at = Math.max(at, hitEnd);
  }
  if (at < end) parts.push({ text: oneLine.slice(at, end), hit: false });
  if (end < oneLine.length) parts.push({ text: '…', hit: false });
  return parts;
}

/**
 * The row filter's test: every word of the query begins a word somewhere in the row's cells.
 * An empty query keeps every row.
 */
export function rowMatchesQuery(cellTexts: readonly string[], query: string): boolean {
  const terms = queryTerms(query);
  if (terms.length === 0) return true;
  const folded = foldText(cellTexts.join('\n'));
  return terms.every((term) => hasWordStartingWith(folded, term));
}

/** True when a word of the folded text starts with the folded term. */
export function hasWordStartingWith(folded: string, term: string): boolean {
  for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + 1)) {
    if (at === 0 || !isWordChar(folded[at - 1])) return true;
  }
  return false;
}
