// Turns the HTML-like markup of one table cell of the source document into readable plain-text lines.
//
// The PDF conversion left a few tags in the cells: `<ul style="…">` opens a list whose items are
// introduced by dashes (and, in a nested list, by "✓"), but no `</ul>` ever closes it; `<p>…</p>`
// are paragraphs and `<u>…</u>` underlined sub-headings. The steps are small on purpose:
// tokenize the markup → group the text into blocks (paragraph, item, sub-item) → render lines.

/** Prefix of a list item. A bullet, never "-": a cell starting with "-" is a formula to a spreadsheet. */
export const ITEM_PREFIX = '• ';
/** Prefix of a nested list item: indented, with the source's own check mark. */
export const SUB_ITEM_PREFIX = '    ✓ ';

const SUB_ITEM_MARK = '✓';

export type Token =
  | { kind: 'list-start' }
  /** `<p>`, `</p>`, `<u>`, `</u>` and any other tag: a line boundary that also ends an open list. */
  | { kind: 'break' }
  | { kind: 'text'; text: string };

export type BlockKind = 'text' | 'item' | 'sub-item';

export interface Block {
  kind: BlockKind;
  text: string;
}

/** A piece of list text: the text after an item marker (or before the first marker, `kind: 'text'`). */
interface ListPiece {
  kind: BlockKind;
  text: string;
}

const TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi;

/** The plain-text lines of a cell: no tag left, no empty line, each line trimmed. */
export function convertCellMarkup(markup: string): string[] {
  return renderBlocks(groupIntoBlocks(tokenizeMarkup(markup)));
}

/** Splits markup into tags and text. A cell starting with "- " but without `<ul>` is a list too. */
export function tokenizeMarkup(markup: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (const match of markup.matchAll(TAG)) {
    pushText(tokens, markup.slice(position, match.index));
    const isListStart = match[1] === '' && match[2]?.toLowerCase() === 'ul';
    tokens.push(isListStart ? { kind: 'list-start' } : { kind: 'break' });
    position = match.index + match[0].length;
  }
  pushText(tokens, markup.slice(position));
  return openImplicitList(tokens);
}

function pushText(tokens: Token[], text: string): void {
  if (text !== '') tokens.push({ kind: 'text', text });
}

/** The source writes some one-item lists as a bare "- item" (no `<ul>`): give them their list start. */
function openImplicitList(tokens: Token[]): Token[] {
  const first = tokens[0];
  if (first?.kind === 'text' && /^\s*-\s/.test(first.text)) return [{ kind: 'list-start' }, ...tokens];
  return tokens;
}

/** Groups the text of the tokens into paragraphs, list items and nested list items. */
export function groupIntoBlocks(tokens: readonly Token[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let inList = false;
  let atListStart = false;
  for (const token of tokens) {
    if (token.kind === 'list-start') {
      inList = true;
      atListStart = true;
      current = undefined;
    } else if (token.kind === 'break') {
      inList = false;
      current = undefined;
    } else if (!inList) {
      current = appendToBlock(blocks, current, 'text', token.text);
    } else {
      for (const piece of splitListText(token.text, atListStart)) {
        // Text before the first marker continues the block in progress (a page break can cut an item).
        const reuse = piece.kind === 'text' ? current : undefined;
        current = appendToBlock(blocks, reuse, piece.kind, piece.text);
      }
      if (token.text.trim() !== '') atListStart = false;
    }
  }
  return blocks;
}

function appendToBlock(blocks: Block[], current: Block | undefined, kind: BlockKind, text: string): Block {
  if (current) {
    current.text += text;
    return current;
  }
  const block: Block = { kind, text };
  blocks.push(block);
  return block;
}

/**
 * Splits the text of an open list at its item markers: every "✓" starts a nested item, and a
 * dash starts an item only where the source uses it so (see `isItemDash`).
 */
export function splitListText(text: string, atListStart: boolean): ListPiece[] {
  const pieces: ListPiece[] = [];
  let kind: BlockKind = 'text';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const marker: BlockKind | undefined =
      char === SUB_ITEM_MARK ? 'sub-item' : char === '-' && isItemDash(text, i, atListStart) ? 'item' : undefined;
    if (!marker) continue;
    pieces.push({ kind, text: text.slice(start, i) });
    kind = marker;
    start = i + 1;
  }
  pieces.push({ kind, text: text.slice(start) });
  // Drop the empty text before a leading marker, but keep empty items: they are dropped on render.
  return pieces.filter((piece) => piece.kind !== 'text' || piece.text !== '');
}

/**
 * Whether the dash at `index` introduces a list item rather than belonging to the sentence. The
 * source separates items with dashes but also writes dashes inside sentences ("transizione
 * pena - lavoro", "co - progettazione", "17 - 18 novembre"); an item dash is one that
 * - opens the list ("<ul> - Stipulare"), or
 * - is glued to the next word after a space (" -Elaborati", "rete -operazioni"), or
 * - stands alone after a sentence end (". - ", "; - ", ": - "), or
 * - stands alone before a capital ("lavoratori immigrati - Predisposizione").
 */
export function isItemDash(text: string, index: number, atListStart: boolean): boolean {
  const before = text.slice(0, index);
  const after = text.slice(index + 1);
  if (atListStart && before.trim() === '') return true;
  if (!/\s$/.test(before)) return false;
  if (/^\p{L}/u.test(after)) return true;
  if (!/^\s/.test(after)) return false;
  return /[.;:]\s*$/.test(before) || /^\s+\p{Lu}/u.test(after);
}

/** One line per non-empty block, with its list prefix and its whitespace tidied. */
export function renderBlocks(blocks: readonly Block[]): string[] {
  const lines: string[] = [];
  for (const block of blocks) {
    const text = normalizeSpaces(block.text);
    if (text === '') continue;
    lines.push(prefixOf(block.kind) + text);
  }
  return lines;
}

function prefixOf(kind: BlockKind): string {
  if (kind === 'item') return ITEM_PREFIX;
  if (kind === 'sub-item') return SUB_ITEM_PREFIX;
  return '';
}

/** Collapses runs of whitespace to one space and trims: the PDF conversion leaves stray spaces. */
export function normalizeSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
