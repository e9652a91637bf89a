// Side effect: hand files to the system share sheet (mail on iPad and Android), where the browser can.

/** True when this browser can share these files (iPad Safari, Android Chrome; not most desktops). */
export function canShareFiles(files: File[]): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.canShare === 'function' && navigator.canShare({ files });
}

/**
 * Opens the share sheet with the files and, where the browser accepts them beside files, a title
 * (the mail's subject in most mail apps) and a short text (its body). Must run inside the user's
 * tap. Resolves false when the user closed the sheet. Some apps take only the text or only the
 * file; the file always goes, and the text says what it is.
 */
export async function shareFiles(files: File[], words?: { title: string; text: string }): Promise<boolean> {
  const withWords = words ? { files, title: words.title, text: words.text } : { files };
  const data = typeof navigator.canShare === 'function' && !navigator.canShare(withWords) ? { files } : withWords;
  try {
    await navigator.share(data);
    return true;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return false;
    throw error;
  }
}

/** A mailto: link whose subject and body name the plan and the attachment to add by hand. */
export function mailtoLink(subject: string, body: string): string {
  return `mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
