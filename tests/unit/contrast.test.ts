// Issue 20: the palette Quadro ships (one light theme, Handsontable's "main" theme in its light form) meets WCAG 2.1 AA
// contrast, computed from the colours themselves: 4.5:1 for text, 3:1 for large text and for the parts of controls and
// focus rings a user must see (1.4.3, 1.4.11). axe checks what is on screen; this checks every pair, on screen or not.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG 2.1 relative luminance of an sRGB colour written #rgb or #rrggbb. */
function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex;
  const channels = [1, 3, 5].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TEXT = 4.5;
const LARGE_OR_UI = 3;

/** Foreground, background, the minimum, and where the pair is used. */
const PAIRS: [string, string, number, string][] = [
  ['#111111', '#ffffff', TEXT, 'body text'],
  ['#1f2937', '#ffffff', TEXT, 'button text'],
  ['#555555', '#ffffff', TEXT, 'secondary text (row count, hints)'],
  ['#4a5563', '#ffffff', TEXT, 'row filter count, notes'],
  ['#4a5563', '#f5f9fd', TEXT, 'first-start note on its strip'],
  ['#111111', '#f5f9fd', TEXT, 'first-start strip'],
  ['#5b6673', '#ffffff', TEXT, 'app version, install arrow'],
  ['#444444', '#ffffff', TEXT, 'search messages, diff folds'],
  ['#666666', '#f5f7fa', TEXT, 'presentation: an empty period'],
  ['#666666', '#ffffff', TEXT, 'introduction placeholder'],
  ['#ffffff', '#1f4e79', TEXT, 'top bar, primary buttons'],
  ['#ffe08a', '#1f4e79', TEXT, 'save status: saving'],
  ['#c9f2d0', '#1f4e79', TEXT, 'save status: saved'],
  ['#ffffff', '#b3261e', TEXT, 'save status: not saved'],
  ['#1f4e79', '#ffffff', TEXT, 'quiet buttons, selected tab, links'],
  ['#1f2937', '#f3f5f8', TEXT, 'area tabs'],
  ['#5f1410', '#fdecea', TEXT, 'unsaved changes, data lost'],
  ['#5f1410', '#fbd9d5', TEXT, 'diff: removed words'],
  ['#0f4a22', '#cdeed6', TEXT, 'diff: added words'],
  ['#8a1c14', '#ffffff', TEXT, 'diff: the before label'],
  ['#1d6b35', '#ffffff', TEXT, 'diff: the after label'],
  ['#111111', '#ffe08a', TEXT, 'search: the words found'],
  ['#111111', '#eaf7ee', TEXT, 'ready offline'],
  ['#111111', '#fff6e0', TEXT, 'backup reminder'],
  ['#1d4ed8', '#ffffff', TEXT, 'indicators: links'],
  ['#b91c1c', '#ffffff', TEXT, 'indicators: errors'],
  ['#ffffff', '#1f2937', TEXT, 'indicators: the chosen scope, notices'],
  ['#b3261e', '#ffffff', TEXT, 'dangerous menu items'],
  ['#1d1d1f', '#ffffff', TEXT, 'history panels'],
  ['#1a5fb4', '#ffffff', TEXT, '"Cosa è cambiato": where a change is'],
  ['#374151', '#ffffff', TEXT, 'sync hints, the sentence an indicator was read in'],
  ['#14532d', '#ecfdf3', TEXT, 'sync: the state when all is well'],
  ['#4c1d95', '#ffffff', TEXT, 'indicators: why a number is "da verificare"'],
  ['#7a4b00', '#ffffff', TEXT, 'export: a warning (a cell too long for Excel)'],
  // Handsontable's main theme, light: cell text, headers, selection border.
  ['#222222', '#ffffff', TEXT, 'grid cells'],
  ['#222222', '#f7f7f9', TEXT, 'grid headers'],
  ['#333333', '#ffffff', TEXT, 'collapsed tall rows'],
  ['#1a42e8', '#ffffff', LARGE_OR_UI, 'grid: the selected cell’s border'],
  // Controls: borders a user must find, and the focus ring (dark band on light, yellow band on the blue bar).
  ['#6b7785', '#ffffff', LARGE_OR_UI, 'text field borders'],
  ['#102a43', '#ffffff', LARGE_OR_UI, 'focus ring on light backgrounds'],
  ['#f2b705', '#1f4e79', LARGE_OR_UI, 'focus ring on the top bar'],
];

describe('the palette meets WCAG 2.1 AA', () => {
  for (const [fg, bg, minimum, where] of PAIRS) {
    it(`${where}: ${fg} on ${bg}`, () => {
      expect(contrast(fg, bg)).toBeGreaterThanOrEqual(minimum);
    });
  }

  it('every text colour the components declare is one of the pairs above', () => {
    const files = ['src/app.css', ...readdir('src/components')];
    const declared = new Set<string>();
    for (const file of files) {
      const text = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
      for (const match of text.matchAll(/(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b/g)) declared.add(normalize(match[1] as string));
    }
    const known = new Set(PAIRS.map(([fg]) => normalize(fg)));
    // Black and the print-only greys are for paper, where the browser's print colours apply.
    for (const paper of ['#000000', '#444444']) known.add(paper);
    expect([...declared].filter((colour) => !known.has(colour))).toEqual([]);
  });
});

function normalize(hex: string): string {
  const lower = hex.toLowerCase();
  return lower.length === 4 ? `#${[...lower.slice(1)].map((c) => c + c).join('')}` : lower;
}

function readdir(dir: string): string[] {
  return readdirSync(new URL(`../../${dir}`, import.meta.url))
    .filter((name) => name.endsWith('.svelte'))
    .map((name) => `${dir}/${name}`);
}
