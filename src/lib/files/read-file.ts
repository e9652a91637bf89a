// Side effect: read a File the user picked, as bytes (decoding is the caller's choice: UTF-8, Windows-1252…).

export async function readFileBytes(file: File): Promise<Uint8Array> {
  // Blob.arrayBuffer is missing in Safari before 14; FileReader works everywhere the app runs.
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

/** Reads a File as UTF-8 text (a leading BOM is kept for the caller's parser to strip). */
export async function readFileText(file: File): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await readFileBytes(file));
}
