// Side effect: offer a Blob to the user as a downloaded file.

/** How long the object URL lives: long enough for Safari to start the download, which it does asynchronously. */
const REVOKE_DELAY_MS = 60_000;

/**
 * Saves `blob` as a download named `fileName`. On iPad Safari this opens the "Download" sheet,
 * which lets the user put the file in Files or share it; in an installed iPad app likewise.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_DELAY_MS);
}
