// A cell's text as a heading: what the import's and the gathering's lists show of an ambito. Its own module, so
// that only the dialogs that use it load it (names.ts is on the first screen).

/** The first line of a cell's text (an ambito), trimmed and cut to a heading's length with "…". */
export function firstLineOf(text: string, max = 60): string {
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
