// Import, first step: bytes to text — refuse what is not a CSV, then UTF-16 (BOM or zero bytes), UTF-8 (BOM, strict, or damaged),
// Windows-1252 or Mac Roman; and say when the text looks read in the wrong encoding.
import { fail, ok, problem, type QuadroProblem, type Result } from '../model/errors.ts';
import { MAX_FILE_BYTES } from './format.ts';

/** `macintosh` is Mac Roman (its WHATWG name): Excel for Mac's "CSV (Macintosh)", LibreOffice's "Western Europe (Apple Macintosh)". */
export type CsvEncoding = 'utf-8' | 'windows-1252' | 'macintosh' | 'utf-16le' | 'utf-16be';
/** Encodings that hold one byte per character: what they cannot hold comes back as "?". */
export const SINGLE_BYTE_ENCODINGS: readonly CsvEncoding[] = ['windows-1252', 'macintosh'];
export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  hadBom: boolean;
  /**
   * Byte sequences that are not valid in the file's encoding (UTF-8 or UTF-16), each decoded as
   * U+FFFD: the file was damaged on the way. Zero for a clean file.
   */
  invalidSequences: number;
  /**
   * Set when the text holds what a wrong encoding produces (C1 control characters, "giˆ", "Ã¨"):
   * a sample of it, and the encodings that read the same bytes without it (best first; may be empty).
   */
  wrongEncoding: WrongEncoding | null;
  /** No U+FFFD, C1 character or sign of mojibake anywhere in the text: no cell needs a damage check. */
  clean: boolean;
}

export interface WrongEncoding {
  sample: string;
  alternatives: CsvEncoding[];
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
    case 'macintosh':
      return 'Mac Roman';
    case 'utf-16le':
      return 'UTF-16 LE';
    case 'utf-16be':
      return 'UTF-16 BE';
  }
}

/** A file kind recognized by its first bytes: the problem's code says which (its words are in the strings tables). */
interface Signature {
  bytes: readonly number[];
  kind: 'xlsx' | 'xls' | 'pdf' | 'png' | 'jpeg' | 'gif';
}

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'xlsx' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'xls' },
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'pdf' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'png' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'jpeg' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'gif' },
];

/** An OpenDocument spreadsheet is a zip too; its first entry names the mimetype. */
const ODS_MIMETYPE = 'mimetypeapplication/vnd.oasis.opendocument.spreadsheet';

/**
 * The text of a CSV file. Refuses files that are too large, binary (office documents, images, PDF),
 * or empty. Without a BOM, a file that is not valid UTF-8 is read as Windows-1252 (what Excel writes
 * for "CSV (delimitato dal separatore di elenco)" on an Italian Windows). `forced` overrides the guess.
 */
export function decodeCsvBytes(bytes: Uint8Array, forced?: CsvEncoding): Result<DecodedCsv> {
  if (bytes.length > MAX_FILE_BYTES) {
    return fail(
      problem('csv.file-too-large', { bytes: bytes.length, max: MAX_FILE_BYTES }, { cause: `${bytes.length} bytes` }),
    );
  }

  if (isOdsZip(bytes)) {
    return fail(
      problem('csv.not-csv.ods', {}, { cause: 'ods' }),
    );
  }
  const signature = findSignature(bytes);
  if (signature) return fail(problem(`csv.not-csv.${signature.kind}`, {}, { cause: signature.kind }));

  // UTF-32 first: its little-endian BOM begins with UTF-16 LE's.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return fail(problem('csv.utf-32', {}, { cause: 'utf-32 BOM' }));
  }
  const utf16: CsvEncoding | null = startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : null;
  if (utf16) return decodeUtf16(bytes.subarray(2), utf16, true, bytes.length);

  const hadBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hadBom ? bytes.subarray(3) : bytes;

  // UTF-16 without its BOM (or after a UTF-8 BOM a program glued on): every other byte of Latin text is zero.
  const bomUnder = startsWith(body, [0xff, 0xfe]) ? 'utf-16le' : startsWith(body, [0xfe, 0xff]) ? 'utf-16be' : null;
  if (hadBom && bomUnder) return decodeUtf16(body.subarray(2), bomUnder, true, bytes.length);
  const zeros = guessUtf16ByZeros(body);
  if (zeros) return decodeUtf16(body, zeros, hadBom, bytes.length);

  const nul = body.indexOf(0);
  if (nul !== -1) {
    let line = 1;
    for (let i = 0; i < nul; i++) if (body[i] === 0x0a) line++;
    return fail(
      problem('csv.binary', { line, byte: nul + 1 }, { row: line, cause: `NUL at byte ${nul}` }),
    );
  }

  const decoded = decodeText(body, hadBom ? 'utf-8' : forced);
  if (decoded.text.trim() === '') return fail(emptyFile(bytes.length));
  const clean = !MAY_BE_DAMAGED.test(decoded.text);
  const wrongEncoding = clean ? null : findWrongEncoding(body, decoded.text, decoded.encoding);
  return ok({ text: decoded.text, encoding: decoded.encoding, hadBom, invalidSequences: decoded.invalidSequences, wrongEncoding, clean });
}

function emptyFile(length: number): QuadroProblem {
  return problem('csv.empty', {}, { cause: `${length} bytes` });
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * UTF-16 (Excel's "Testo Unicode" has a BOM; some exports do not): damage is counted like UTF-8's.
 * `body` is the text's bytes after any BOM.
 */
function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be', hadBom: boolean, fileLength: number): Result<DecodedCsv> {
  const odd = body.length % 2;
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  let invalidSequences = odd;
  try {
    new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    invalidSequences = Math.max(1, countChar(text, REPLACEMENT_CHAR));
  }
  if (text.replace(/\0/g, '').trim() === '') return fail(emptyFile(fileLength));
  if (text.includes('\0')) {
    return fail(
      problem('csv.binary', { utf16: true }, { cause: 'NUL in UTF-16 text' }),
    );
  }
  return ok({ text, encoding, hadBom, invalidSequences, wrongEncoding: null, clean: !MAY_BE_DAMAGED.test(text) });
}

/** How many bytes decide whether a file without a BOM is UTF-16: a few lines are plenty. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * UTF-16 without a BOM, by its zero bytes: text in Latin letters has a zero in every character's
 * high byte (odd positions for little-endian, even for big-endian) and almost none in the other.
 * A text file in a single-byte encoding or UTF-8 has no zero byte at all.
 */
export function guessUtf16ByZeros(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1;
  if (length < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = length / 2;
  if (odd >= pairs * 0.5 && even <= pairs * 0.05) return 'utf-16le';
  if (even >= pairs * 0.5 && odd <= pairs * 0.05) return 'utf-16be';
  return null;
}

function countChar(text: string, char: string): number {
  let count = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) count++;
  return count;
}

/**
 * Without a BOM, valid UTF-8 is UTF-8. A file that is not valid UTF-8 is UTF-8 damaged on the way
 * when it also holds valid multi-byte sequences (at least as many as the broken ones): reading it as
 * Windows-1252 would turn every "•" and "è" into mojibake. Otherwise it is Windows-1252 (Excel's plain
 * "CSV" on an Italian Windows) or Mac Roman (Excel for Mac's "CSV (Macintosh)"), whichever reads
 * its accented letters and punctuation as Italian text ({@link scoreSingleByte}).
 */
function decodeText(body: Uint8Array, forced: CsvEncoding | undefined): { text: string; encoding: CsvEncoding; invalidSequences: number } {
  if (forced === 'windows-1252' || forced === 'macintosh') return { text: decodeSingleByte(body, forced), encoding: forced, invalidSequences: 0 };
  const sequences = countUtf8Sequences(body);
  const lenient = (): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  if (sequences.invalid === 0) return { text: lenient(), encoding: 'utf-8', invalidSequences: 0 };
  if (forced === 'utf-8' || forced === 'utf-16le' || forced === 'utf-16be' || sequences.valid >= sequences.invalid) {
    return { text: lenient(), encoding: 'utf-8', invalidSequences: sequences.invalid };
  }
  const encoding = guessSingleByte(body);
  return { text: decodeSingleByte(body, encoding), encoding, invalidSequences: 0 };
}

/** Windows-1252 unless Mac Roman reads the file's bytes above 0x7F as more plausible Italian text. */
export function guessSingleByte(bytes: Uint8Array): 'windows-1252' | 'macintosh' {
  return scoreSingleByte(bytes, 'macintosh') > scoreSingleByte(bytes, 'windows-1252') ? 'macintosh' : 'windows-1252';
}

function decodeSingleByte(bytes: Uint8Array, encoding: 'windows-1252' | 'macintosh'): string {
  return encoding === 'macintosh' ? decodeMacRoman(bytes) : decodeWindows1252(bytes);
}

/** Accented letters of Italian words; they end words ("città", "perché", "più", "è"). */
const ITALIAN_ACCENTED = new Set([...'àèéìòù'].map((c) => c.codePointAt(0) as number));
const ITALIAN_CAPITALS = new Set([...'ÀÈÉÌÒÙ'].map((c) => c.codePointAt(0) as number));
/** Punctuation and symbols of typed text: typographic quotes, bullet, dashes, ellipsis, euro, degrees, no-break space. */
const TEXT_PUNCTUATION = new Set([...'“”‘’•–—…€«»°·\u00a0'].map((c) => c.codePointAt(0) as number));
const isAsciiLetter = (byte: number | undefined): boolean => byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
const isAsciiLower = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x61 && byte <= 0x7a;

/**
 * How plausible a single-byte decoding is as Italian text, from each byte above 0x7F and its
 * neighbours: an accented vowel ending a word or a typographic mark counts for it; a C1 control
 * character (Windows-1252 has five unassigned bytes, Mac Roman's "è" and "ù" among them), a symbol no
 * plan holds ("‡", "˘", "¥", "ˆ") or a capital in the middle of a lowercase word counts against it.
 */
export function scoreSingleByte(bytes: Uint8Array, encoding: 'windows-1252' | 'macintosh'): number {
  const table = encoding === 'macintosh' ? MAC_ROMAN_HIGH : WINDOWS_1252_FULL_HIGH;
  let score = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x80) continue;
    const code = table[byte - 0x80] as number;
    const next = bytes[i + 1];
    if (code >= 0x80 && code <= 0x9f) score -= 5;
    else if (ITALIAN_ACCENTED.has(code)) score += isAsciiLetter(next) ? 0 : 2;
    else if (TEXT_PUNCTUATION.has(code)) score += 1;
    else if (isLetterCode(code)) score += isAsciiLower(bytes[i - 1]) ? -1 : ITALIAN_CAPITALS.has(code) ? 1 : 0;
    else score -= 2;
  }
  return score;
}

/** Latin letters with diacritics (U+00C0–U+024F without × and ÷), which many words hold in some language. */
function isLetterCode(code: number): boolean {
  return code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7;
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
  return decodeByTable(bytes, (byte) => (byte >= 0x80 && byte <= 0x9f ? (WINDOWS_1252_HIGH[byte - 0x80] as number) : byte));
}

/** A single-byte encoding decoded with its table (`unitOf` a byte's UTF-16 unit), a chunk of units at a time. */
function decodeByTable(bytes: Uint8Array, unitOf: (byte: number) => number): string {
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, DECODE_CHUNK));
  for (let start = 0; start < bytes.length; start += DECODE_CHUNK) {
    const end = Math.min(start + DECODE_CHUNK, bytes.length);
    for (let i = start; i < end; i++) units[i - start] = unitOf(bytes[i] as number);
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

/** Every byte 0x80–0xFF in Windows-1252, for scoring next to Mac Roman. */
const WINDOWS_1252_FULL_HIGH: readonly number[] = Array.from({ length: 128 }, (_, i) => (i < 32 ? (WINDOWS_1252_HIGH[i] as number) : 0x80 + i));

/** Mac Roman bytes 0x80–0xFF (the WHATWG "macintosh" index; 0xDB is €, 0xF0 the Apple logo in the private use area). */
export const MAC_ROMAN_HIGH: readonly number[] = [
  0x00c4, 0x00c5, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00dc, 0x00e1, 0x00e0, 0x00e2, 0x00e4, 0x00e3, 0x00e5, 0x00e7, 0x00e9, 0x00e8,
  0x00ea, 0x00eb, 0x00ed, 0x00ec, 0x00ee, 0x00ef, 0x00f1, 0x00f3, 0x00f2, 0x00f4, 0x00f6, 0x00f5, 0x00fa, 0x00f9, 0x00fb, 0x00fc,
  0x2020, 0x00b0, 0x00a2, 0x00a3, 0x00a7, 0x2022, 0x00b6, 0x00df, 0x00ae, 0x00a9, 0x2122, 0x00b4, 0x00a8, 0x2260, 0x00c6, 0x00d8,
  0x221e, 0x00b1, 0x2264, 0x2265, 0x00a5, 0x00b5, 0x2202, 0x2211, 0x220f, 0x03c0, 0x222b, 0x00aa, 0x00ba, 0x03a9, 0x00e6, 0x00f8,
  0x00bf, 0x00a1, 0x00ac, 0x221a, 0x0192, 0x2248, 0x2206, 0x00ab, 0x00bb, 0x2026, 0x00a0, 0x00c0, 0x00c3, 0x00d5, 0x0152, 0x0153,
  0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0x00f7, 0x25ca, 0x00ff, 0x0178, 0x2044, 0x20ac, 0x2039, 0x203a, 0xfb01, 0xfb02,
  0x2021, 0x00b7, 0x201a, 0x201e, 0x2030, 0x00c2, 0x00ca, 0x00c1, 0x00cb, 0x00c8, 0x00cd, 0x00ce, 0x00cf, 0x00cc, 0x00d3, 0x00d4,
  0xf8ff, 0x00d2, 0x00da, 0x00db, 0x00d9, 0x0131, 0x02c6, 0x02dc, 0x00af, 0x02d8, 0x02d9, 0x02da, 0x00b8, 0x02dd, 0x02db, 0x02c7,
];

/** Mac Roman by table, like Windows-1252: one decoder on every engine, tests on Node included. */
export function decodeMacRoman(bytes: Uint8Array): string {
  return decodeByTable(bytes, (byte) => (byte >= 0x80 ? (MAC_ROMAN_HIGH[byte - 0x80] as number) : byte));
}

/**
 * What a wrong encoding leaves in Italian text: C1 control characters (Mac Roman's "è" and "ù" read as
 * Windows-1252), Mac Roman read as Windows-1252 ("giˆ", "perchŽ", "pu˜", a "¥" bullet), UTF-8 read as
 * Windows-1252 ("Ã¨", "â€¢") or as Mac Roman ("√®", "‚Ä¢"), Windows-1252 read as Mac Roman ("gi‡", "pi˘", "perchÈ").
 */
export const WRONG_ENCODING_SIGNS = /[\u0080-\u009f]|\p{Ll}[ˆŽ˜‡˘ÈÚÏ]|(?:^|\n)[ \t]*¥[ \t]|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€|√[^\s\p{N}]|‚Ä/u;

/**
 * Every character the signs of a wrong encoding or of damaged bytes hinge on (not "È": it is an Italian
 * capital, and a text read wrongly has other signs too). One scan of one class rules out a clean text,
 * or a clean cell, at a fraction of the full patterns' cost.
 */
export const MAY_BE_DAMAGED = /[\uFFFD\u0080-\u009fÃÂâ√‚ˆŽ˜‡˘¥ÚÏ]/;

const SAMPLE_CHARS = 12;

/**
 * When the decoded text shows signs of a wrong encoding, a sample of it and the encodings that read
 * the same bytes without such signs, most plausible first. Null for a clean text.
 */
export function findWrongEncoding(body: Uint8Array, text: string, used: CsvEncoding): WrongEncoding | null {
  if (!MAY_BE_DAMAGED.test(text)) return null;
  const sign = WRONG_ENCODING_SIGNS.exec(text);
  if (!sign) return null;
  const start = Math.max(0, sign.index - SAMPLE_CHARS / 2);
  const sample = text
    .slice(start, sign.index + sign[0].length + SAMPLE_CHARS / 2)
    .replace(/[\u0080-\u009f]/g, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim();
  const candidates: { encoding: CsvEncoding; score: number }[] = [];
  if (used !== 'utf-8') {
    const sequences = countUtf8Sequences(body);
    if (sequences.invalid === 0 && sequences.valid > 0) candidates.push({ encoding: 'utf-8', score: Number.POSITIVE_INFINITY });
  }
  for (const encoding of ['windows-1252', 'macintosh'] as const) {
    if (encoding === used) continue;
    const score = scoreSingleByte(body, encoding);
    if (score > 0 && !WRONG_ENCODING_SIGNS.test(decodeSingleByte(body, encoding))) candidates.push({ encoding, score });
  }
  candidates.sort((a, b) => b.score - a.score);
  return { sample, alternatives: candidates.map((candidate) => candidate.encoding) };
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
