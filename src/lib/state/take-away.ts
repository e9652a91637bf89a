// A text that could not be saved, taken off the device as a file (issue 18): the components ask here, never
// lib/files, so where a file goes (share sheet or download) is decided in one place.
import { saveBlob } from '../files/save-blob.ts';
import { canShareFiles, shareFiles } from '../files/share-files.ts';

/** A plain UTF-8 text file, named by the caller in the user's language. */
export function textFile(text: string, name: string): File {
  return new File([text], name, { type: 'text/plain;charset=utf-8' });
}

/** True where the tablet offers its share sheet (mail, notes, Files) for this file; else it is downloaded. */
export function sharesFile(file: File): boolean {
  return canShareFiles([file]);
}

/** Where the tablet can, the share sheet; elsewhere, or when the sheet fails, a download. */
export async function takeAway(file: File): Promise<void> {
  if (canShareFiles([file])) {
    try {
      await shareFiles([file]);
      return;
    } catch {
      // The share sheet failed (or was refused by the browser): download instead.
    }
  }
  saveBlob(file, file.name);
}
