// Pure: the words two versions of a cell differ by, with long unchanged stretches folded; loaded with the import dialog only.
import { diffWordsWithSpace } from 'diff';

export type DiffPart =
  | { kind: 'same' | 'added' | 'removed'; text: string }
  /** Unchanged text hidden between changes: `words` counts it, `text` shows it on request. */
  | { kind: 'fold'; words: number; text: string };

/** Unchanged words kept on each side of a change: enough to recognise the place, little enough to see the change. */
export const DIFF_CONTEXT_WORDS = 6;

/** The two texts as a list of unchanged, removed and added runs, word by word (line breaks count as words). */
export function diffTexts(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffWordsWithSpace(before, after)) {
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

/** Words and the spaces after them: folding never splits a word. */
function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function wordCount(list: readonly string[]): number {
  return list.filter((token) => /\S/.test(token)).length;
}

/**
 * Keeps `context` unchanged words next to each change and folds the rest, so a difference in the
 * fourth bullet of a long cell is on screen at once. Text with no change at all stays whole.
 */
export function foldUnchanged(parts: readonly DiffPart[], context = DIFF_CONTEXT_WORDS): DiffPart[] {
  if (!parts.some((part) => part.kind === 'added' || part.kind === 'removed')) return [...parts];
  const result: DiffPart[] = [];
  parts.forEach((part, i) => {
    if (part.kind !== 'same') {
      result.push(part);
      return;
    }
    const list = tokens(part.text);
    const keepHead = i > 0 ? context : 0;
    const keepTail = i < parts.length - 1 ? context : 0;
    // Fold only when it hides more than it costs (a fold line for two words is noise).
    if (wordCount(list) <= keepHead + keepTail + 3) {
      result.push(part);
      return;
    }
    let head = 0;
    for (let words = 0; head < list.length && words < keepHead; head++) if (/\S/.test(list[head] as string)) words++;
    let tail = list.length;
    for (let words = 0; tail > head && words < keepTail; ) if (/\S/.test(list[--tail] as string)) words++;
    const hidden = list.slice(head, tail);
    if (head > 0) result.push({ kind: 'same', text: list.slice(0, head).join('') });
    result.push({ kind: 'fold', words: wordCount(hidden), text: hidden.join('') });
    if (tail < list.length) result.push({ kind: 'same', text: list.slice(tail).join('') });
  });
  return result;
}
