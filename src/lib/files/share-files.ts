// Side effect: hand files to the system share sheet (mail on iPad and Android), where the browser can.

/** True when this browser can share these files (iPad Safari, Android Chrome; not most desktops). */
export function canShareFiles(files: File[]): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.canShare === 'function' && navigator.canShare({ files });
}

/**
 * Opens the share sheet with only the files (a title or text beside them makes some mail apps drop
 * the attachment). Must run inside the user's tap. Resolves false when the user closed the sheet.
 */
export async function shareFiles(files: File[]): Promise<boolean> {
  try {
    await navigator.share({ files });
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
