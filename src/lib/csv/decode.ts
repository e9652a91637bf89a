// Import, first step: bytes to text — refuse what is not a CSV, then UTF-16 (BOM), UTF-8 (BOM, strict, or damaged) or Windows-1252.
import { fail, ok, problem, type Result } from '../model/errors.ts';
import { MAX_FILE_BYTES } from './format.ts';

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
/** Encodings that hold one byte per character: what they cannot hold comes back as "?". */
export const SINGLE_BYTE_ENCODINGS: readonly CsvEncoding[] = ['windows-1252'];
export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  hadBom: boolean;
  /**
   * Byte sequences that are not valid in the file's encoding (UTF-8 or UTF-16), each decoded as
   * U+FFFD: the file was damaged on the way. Zero for a clean file.
   */
  invalidSequences: number;
}

/** What damaged bytes become: the Unicode replacement character. */
export const REPLACEMENT_CHAR = '\uFFFD';

/** A name people recognise for an encoding (the one Excel and LibreOffice show). */
export function encodingLabel(encoding: CsvEncoding, hadBom: boolean): string {
  switch (encoding) {
    case 'utf-8':
      return hadBom ? 'UTF-8 (BOM)' : 'UTF-8';
    case 'windows-1252':
      return 'Windows-1252';
    case 'utf-16le':
      return 'UTF-16 LE';
    case 'utf-16be':
      return 'UTF-16 BE';
  }
}

/** A file kind recognized by its first bytes, with what to say to the user. */
interface Signature {
  bytes: readonly number[];
  kind: string;
  it: string;
  en: string;
}

const SAVE_AS_CSV_IT = 'in Excel usa File › Salva con nome › CSV (delimitato dal separatore di elenco)';
const SAVE_AS_CSV_EN = 'in Excel use File › Save As › CSV (Comma delimited)';

const SIGNATURES: readonly Signature[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    kind: 'xlsx',
    it: `È un file Excel (.xlsx), non un CSV: ${SAVE_AS_CSV_IT}, poi importa quel file.`,
    en: `This is an Excel file (.xlsx), not a CSV: ${SAVE_AS_CSV_EN}, then import that file.`,
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
    kind: 'xls',
    it: `È un file Excel 97-2003 (.xls), non un CSV: ${SAVE_AS_CSV_IT}, poi importa quel file.`,
    en: `This is an Excel 97-2003 file (.xls), not a CSV: ${SAVE_AS_CSV_EN}, then import that file.`,
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    kind: 'pdf',
    it: 'È un PDF, non un CSV: chiedi a chi te l’ha mandato il file CSV esportato da Quadro o da Excel.',
    en: 'This is a PDF, not a CSV: ask the sender for the CSV file exported from Quadro or Excel.',
  },
  {
    bytes: [0x89, 0x50, 0x4e, 0x47],
    kind: 'png',
    it: 'È un’immagine PNG, non un CSV: scegli il file .csv esportato da Quadro o da Excel.',
    en: 'This is a PNG image, not a CSV: choose the .csv file exported from Quadro or Excel.',
  },
  {
    bytes: [0xff, 0xd8, 0xff],
    kind: 'jpeg',
    it: 'È un’immagine JPEG, non un CSV: scegli il file .csv esportato da Quadro o da Excel.',
    en: 'This is a JPEG image, not a CSV: choose the .csv file exported from Quadro or Excel.',
  },
  {
    bytes: [0x47, 0x49, 0x46, 0x38],
    kind: 'gif',
    it: 'È un’immagine GIF, non un CSV: scegli il file .csv esportato da Quadro o da Excel.',
    en: 'This is a GIF image, not a CSV: choose the .csv file exported from Quadro or Excel.',
  },
];

const REFUSED_UTF32_IT =
  'Il file è in UTF-32, una codifica che Quadro non legge: salvalo come «CSV UTF-8» (in Excel: File › Salva con nome › CSV UTF-8) e importa quel file.';
const REFUSED_UTF32_EN =
  'The file is UTF-32, an encoding Quadro does not read: save it as “CSV UTF-8” (in Excel: File › Save As › CSV UTF-8) and import that file.';

/** An OpenDocument spreadsheet is a zip too; its first entry names the mimetype. */
const ODS_MIMETYPE = 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet';

/**
 * The text of a CSV file. Refuses files that are too large, binary (office documents, images, PDF),
 * or empty. Without a BOM, a file that is not valid UTF-8 is read as Windows-1252 (what Excel writes
 * for "CSV (delimitato dal separatore di elenco)" on an Italian Windows). `forced` overrides the guess.
 */
export function decodeCsvBytes(bytes: Uint8Array, forced?: CsvEncoding): Result<DecodedCsv> {
  if (bytes.length > MAX_FILE_BYTES) {
    const size = bytes.length / 1024 / 1024;
    const max = MAX_FILE_BYTES / 1024 / 1024;
    // "46,7 MB" in Italian, "46.7 MB" in English: numbers as each language writes them.
    const mb = (locale: string, n: number): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
    return fail(
      problem(
        'csv.file-too-large',
        `Il file è troppo grande (${mb('it-IT', size)} MB; il massimo è ${mb('it-IT', max)} MB): un piano esportato da Quadro pesa pochi kB. Controlla di aver scelto il file giusto.`,
        `The file is too large (${mb('en-GB', size)} MB; the limit is ${mb('en-GB', max)} MB): a plan exported by Quadro is a few kB. Check that you chose the right file.`,
        { cause: `${bytes.length} bytes` },
      ),
    );
  }

  if (isOdsZip(bytes)) {
    return fail(
      problem(
        'csv.not-csv.ods',
        'È un foglio di calcolo LibreOffice (.ods), non un CSV: in LibreOffice usa File › Salva con nome › Testo CSV, poi importa quel file.',
        'This is a LibreOffice spreadsheet (.ods), not a CSV: in LibreOffice use File › Save As › Text CSV, then import that file.',
        { cause: 'ods' },
      ),
    );
  }
  const signature = findSignature(bytes);
  if (signature) return fail(problem(`csv.not-csv.${signature.kind}`, signature.it, signature.en, { cause: signature.kind }));

  // UTF-32 first: its little-endian BOM begins with UTF-16 LE's.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return fail(problem('csv.utf-32', REFUSED_UTF32_IT, REFUSED_UTF32_EN, { cause: 'utf-32 BOM' }));
  }
  const utf16: CsvEncoding | null = startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : null;
  if (utf16) return decodeUtf16(bytes, utf16);

  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;

  const nul = body.indexOf(0);
  if (nul !== -1) {
    let line = 1;
    for (let i = 0; i < nul; i++) if (body[i] === 0x0a) line++;
    return fail(
      problem(
        'csv.binary',
        `Il file contiene dati binari (un byte nullo alla riga ${line}, byte ${nul + 1}), quindi non è un CSV: ${SAVE_AS_CSV_IT}.`,
        `The file contains binary data (a NUL byte on line ${line}, byte ${nul + 1}), so it is not a CSV: ${SAVE_AS_CSV_EN}.`,
        { row: line, cause: `NUL at byte ${nul}` },
      ),
    );
  }

  const decoded = decodeText(body, hadBom ? 'utf-8' : forced);
  if (decoded.text.trim() === '') return fail(emptyFile(bytes.length));
  return ok({ text: decoded.text, encoding: decoded.encoding, hadBom, invalidSequences: decoded.invalidSequences });
}

function emptyFile(length: number): ReturnType<typeof problem> {
  return problem(
    'csv.empty',
    'Il file è vuoto: esporta di nuovo il piano da Quadro o salva il foglio da Excel come CSV, poi riprova.',
    'The file is empty: export the plan from Quadro again or save the sheet from Excel as CSV, then try again.',
    { cause: `${length} bytes` },
  );
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/** UTF-16 with a BOM (Excel's "Testo Unicode"): the BOM decides, and damage is counted like UTF-8's. */
function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Result<DecodedCsv> {
  const body = bytes.subarray(2);
  const odd = body.length % 2;
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  let invalidSequences = odd;
  try {
    new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    invalidSequences = Math.max(1, countChar(text, REPLACEMENT_CHAR));
  }
  if (text.replace(/\0/g, '').trim() === '') return fail(emptyFile(bytes.length));
  if (text.includes('\0')) {
    return fail(
      problem(
        'csv.binary',
        'Il file contiene dati binari (un carattere nullo), quindi non è un CSV: salvalo di nuovo come CSV UTF-8 e riprova.',
        'The file contains binary data (a NUL character), so it is not a CSV: save it again as CSV UTF-8 and try again.',
        { cause: 'NUL in UTF-16 text' },
      ),
    );
  }
  return ok({ text, encoding, hadBom: true, invalidSequences });
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/**
 * Without a BOM, valid UTF-8 is UTF-8. A file that is not valid UTF-8 is UTF-8 damaged on the way
 * when it also holds valid multi-byte sequences (at least as many as the broken ones): reading it as
 * Windows-1252 would turn every "•" and "è" into mojibake. Otherwise it is Windows-1252, the encoding
 * of Excel's plain "CSV" on an Italian Windows.
 */
function decodeText(body: Uint8Array, forced: CsvEncoding | undefined): { text: string; encoding: CsvEncoding; invalidSequences: number } {
  if (forced === 'windows-1252') return { text: decodeWindows1252(body), encoding: forced, invalidSequences: 0 };
  const sequences = countUtf8Sequences(body);
  const lenient = (): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  if (sequences.invalid === 0) return { text: lenient(), encoding: 'utf-8', invalidSequences: 0 };
  if (forced === 'utf-8' || forced === 'utf-16le' || forced === 'utf-16be' || sequences.valid >= sequences.invalid) {
    return { text: lenient(), encoding: 'utf-8', invalidSequences: sequences.invalid };
  }
  return { text: decodeWindows1252(body), encoding: 'windows-1252', invalidSequences: 0 };
}

/** Valid multi-byte UTF-8 sequences and invalid ones (each maximal broken run counted once, as TextDecoder replaces them). */
export function countUtf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  const isCont = (k: number): boolean => k < n && ((bytes[k] as number) & 0xc0) === 0x80;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    }
    let ok = need > 0;
    let code = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    for (let k = 1; ok && k <= need; k++) {
      if (!isCont(i + k)) ok = false;
      else code = (code << 6) | ((bytes[i + k] as number) & 0x3f);
    }
    if (ok && need >= 2 && (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) ok = false;
    if (ok) {
      // Evidence of UTF-8 only where a plan's text would have it: Latin letters, punctuation, symbols
      // (•, ✓, €) and emoji. "è“”" in Windows-1252 is also valid UTF-8 (U+84D4), a character no plan holds.
      if ((code >= 0x80 && code < 0x3000) || code >= 0x1f000) valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
      while (isCont(i)) i++; // stray continuation bytes belong to the same broken run
    }
  }
  return { valid, invalid };
}

/** Windows-1252 bytes 0x80–0x9F (WHATWG index); every other byte is its own code point. */
export const WINDOWS_1252_HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const DECODE_CHUNK = 8192;

/**
 * Windows-1252 by table rather than TextDecoder: Node ≥ 20.18.3 decodes 0x80–0x9F as Latin-1
 * (€ and “ ” become control characters; nodejs/node#56542, #60888), and tests run on Node.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, DECODE_CHUNK));
  for (let start = 0; start < bytes.length; start += DECODE_CHUNK) {
    const end = Math.min(start + DECODE_CHUNK, bytes.length);
    for (let i = start; i < end; i++) {
      const byte = bytes[i] as number;
      units[i - start] = byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_HIGH[byte - 0x80] as number) : byte;
    }
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

function findSignature(bytes: Uint8Array): Signature | undefined {
  return SIGNATURES.find(
    (signature) => bytes.length >= signature.bytes.length && signature.bytes.every((byte, i) => bytes[i] === byte),
  );
}

function isOdsZip(bytes: Uint8Array): boolean {
  if (bytes.length < 30 + ODS_MIMETYPE.length) return false;
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return false;
  for (let i = 0; i < ODS_MIMETYPE.length; i++) if (bytes[30 + i] !== ODS_MIMETYPE.charCodeAt(i)) return false;
  return true;
}
