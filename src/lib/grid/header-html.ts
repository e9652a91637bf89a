// A column header's markup. Handsontable puts header titles through innerHTML: they are escaped, so a title shows as text.

/** `&`, `<`, `>`, `"` and `'` as numeric character references. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A header shows at most three lines of its title (MatrixGrid's CSS clamps the span); a tap shows it whole. */
export function headerHtml(title: string): string {
  return `<span class="quadro-header">${escapeHtml(title)}</span>`;
}
