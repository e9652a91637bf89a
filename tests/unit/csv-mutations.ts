// A deterministic, seeded generator of damaged and hostile CSV files made from the plan's own exports (the battery of issue 9).
import { WINDOWS_1252_HIGH } from '../../src/lib/csv/decode.ts';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Mutant {
  /** The mutation's name, for the figures and for a failing test's message. */
  kind: string;
  bytes: Uint8Array;
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const int = (random: Random, max: number): number => Math.floor(random() * max);

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const BOM = '\uFEFF';

export function encodeWindows1252(text: string): Uint8Array {
  const high = new Map(WINDOWS_1252_HIGH.map((code, i) => [code, 0x80 + i]));
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out.push(code);
    else out.push(high.get(code) ?? 0x3f); // "?", as Excel and LibreOffice write what the encoding cannot hold
  }
  return Uint8Array.from(out);
}

export function encodeUtf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + i * 2, text.charCodeAt(i), littleEndian);
  return out;
}

function encodeUtf32(text: string): Uint8Array {
  const codes = [0xfeff, ...Array.from(text, (char) => char.codePointAt(0) as number)];
  const out = new Uint8Array(codes.length * 4);
  const view = new DataView(out.buffer);
  codes.forEach((code, i) => view.setUint32(i * 4, code, true));
  return out;
}

/** Splits a CSV text into records, honouring quotes (enough for files Quadro wrote). */
function records(text: string): string[] {
  const list: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\n') {
      list.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) list.push(text.slice(start));
  return list;
}

/** The fields of one record (quotes kept), and a way back. */
function fields(record: string, delimiter: string): string[] {
  const list: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) {
      list.push(record.slice(start, i));
      start = i + 1;
    }
  }
  list.push(record.slice(start));
  return list;
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;

const PAYLOADS = [
  '=HYPERLINK("http://x.invalid","clic")',
  '=1+1',
  '+cmd|\' /C calc\'!A0',
  '-2+3',
  '@SUM(A1:A2)',
  '<img src=x onerror=alert(1)>',
  '<script>alert("x")</script>',
  '{{constructor.constructor("alert(1)")()}}',
  '__proto__',
  'constructor',
  '"; DROP TABLE rows; --',
  '\u202Egnp.exe',
  'riga 1\nriga 2\r\n=ALTRO()',
];

/** Rewrites one data field (record ≥ 1, any column) with `make(old)`. */
function withField(text: string, delimiter: string, random: Random, make: (old: string) => string, column?: number): string {
  const list = records(text);
  if (list.length < 2) return text;
  const r = 1 + int(random, list.length - 1);
  const record = list[r] as string;
  const ending = record.endsWith('\r\n') ? '\r\n' : record.endsWith('\n') ? '\n' : '';
  const parts = fields(record.slice(0, record.length - ending.length), delimiter);
  const c = column ?? int(random, parts.length);
  if (c >= parts.length) return text;
  parts[c] = make(parts[c] as string);
  list[r] = parts.join(delimiter) + ending;
  return list.join('');
}

function withHeader(text: string, delimiter: string, make: (titles: string[]) => string[]): string {
  const list = records(text);
  const header = list[0] as string;
  const ending = header.endsWith('\r\n') ? '\r\n' : '\n';
  list[0] = make(fields(header.slice(0, header.length - ending.length), delimiter)).join(delimiter) + ending;
  return list.join('');
}

const unquote = (field: string): string => (field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field);

/** Every kind of mutation: text in (a file Quadro wrote, BOM stripped), bytes out. */
const MUTATIONS: Record<string, (text: string, delimiter: string, random: Random) => Uint8Array> = {
  'byte-flip': (text, _d, random) => {
    const bytes = utf8(BOM + text);
    for (let n = 1 + int(random, 3); n > 0; n--) {
      const i = 3 + int(random, bytes.length - 3);
      bytes[i] = (bytes[i] as number) ^ (1 + int(random, 255));
    }
    return bytes;
  },
  'byte-flip-no-bom': (text, _d, random) => {
    const bytes = utf8(text);
    const i = int(random, bytes.length);
    bytes[i] = (bytes[i] as number) ^ (1 + int(random, 255));
    return bytes;
  },
  truncate: (text, _d, random) => utf8(BOM + text).subarray(0, 3 + int(random, utf8(text).length)),
  'drop-delimiter': (text, d, random) => {
    const positions = [...text.matchAll(new RegExp(d === '\t' ? '\t' : `\\${d}`, 'g'))].map((m) => m.index as number);
    const at = pick(random, positions);
    return utf8(BOM + text.slice(0, at) + text.slice(at + 1));
  },
  'double-delimiter': (text, d, random) => {
    const positions = [...text.matchAll(new RegExp(d === '\t' ? '\t' : `\\${d}`, 'g'))].map((m) => m.index as number);
    const at = pick(random, positions);
    return utf8(BOM + text.slice(0, at) + d + text.slice(at));
  },
  'drop-quote': (text, _d, random) => {
    const positions = [...text.matchAll(/"/g)].map((m) => m.index as number);
    if (positions.length === 0) return utf8(BOM + text);
    const at = pick(random, positions);
    return utf8(BOM + text.slice(0, at) + text.slice(at + 1));
  },
  'double-quote': (text, _d, random) => {
    const positions = [...text.matchAll(/"/g)].map((m) => m.index as number);
    if (positions.length === 0) return utf8(BOM + text);
    const at = pick(random, positions);
    return utf8(BOM + text.slice(0, at) + '"' + text.slice(at));
  },
  'windows-1252': (text) => encodeWindows1252(text),
  'windows-1252-edited': (text, d, random) => encodeWindows1252(withField(text, d, random, () => quote('Modificato da un collega con Excel'), 1)),
  'utf-16le-tab': (text, d) => encodeUtf16(d === '\t' ? text : retab(text, d), true),
  'utf-16be': (text) => encodeUtf16(text, false),
  'utf-32': (text) => encodeUtf32(text),
  'no-bom': (text) => utf8(text),
  'double-bom': (text) => utf8(BOM + BOM + text),
  'utf-8-bom-on-utf-16': (text) => {
    const body = encodeUtf16(text, true);
    return Uint8Array.from([0xef, 0xbb, 0xbf, ...body.subarray(2)]);
  },
  'header-renamed': (text, d, random) =>
    utf8(BOM + withHeader(text, d, (titles) => titles.map((title, i) => (i === 1 + int(random, titles.length - 1) ? quote(`${unquote(title)} (rivisto)`) : title)))),
  'header-replaced': (text, d, random) =>
    utf8(BOM + withHeader(text, d, (titles) => titles.map((title, i) => (i === int(random, titles.length) ? quote(pick(random, ['Note', 'Risultati al 2013', 'X', ''])) : title)))),
  'header-duplicated': (text, d, random) =>
    utf8(BOM + withHeader(text, d, (titles) => {
      const i = int(random, titles.length);
      const j = (i + 1) % titles.length;
      return titles.map((title, k) => (k === j ? (titles[i] as string) : title));
    })),
  'header-reserved': (text, d, random) =>
    utf8(BOM + withHeader(text, d, (titles) => titles.map((title, i) => (i === int(random, titles.length) ? pick(random, ['__proto__', 'Constructor', ' PROTOTYPE ']) : title)))),
  'duplicate-id': (text, d, random) => {
    const header = fields(records(text)[0] as string, d).map(unquote);
    const idColumn = header.findIndex((title) => /^ID Quadro v1/.test(title.trim()));
    const list = records(text);
    if (idColumn === -1 || list.length < 3) return utf8(BOM + text);
    const firstId = fields(list[1] as string, d)[idColumn] as string;
    return utf8(BOM + withField(text, d, random, () => firstId, idColumn));
  },
  'foreign-id': (text, d, random) => {
    const header = fields(records(text)[0] as string, d).map(unquote);
    const idColumn = header.findIndex((title) => /^ID Quadro v1/.test(title.trim()));
    const id = `${int(random, 1e8).toString(16)}-0000-4000-8000-000000000000`;
    return utf8(BOM + withField(text, d, random, () => id, idColumn === -1 ? undefined : idColumn));
  },
  'payload-in-cell': (text, d, random) => utf8(BOM + withField(text, d, random, () => quote(pick(random, PAYLOADS)))),
  'payload-as-area': (text, d, random) => utf8(BOM + withField(text, d, random, () => quote(pick(random, ['__proto__', 'constructor', '<b>AREA</b>', 'x'.repeat(250)])), 0)),
  'edit-one-cell': (text, d, random) => utf8(BOM + withField(text, d, random, (old) => quote(`${unquote(old)} — aggiornato`), 1 + int(random, 3))),
  'mojibake-cell': (text, d, random) => utf8(BOM + withField(text, d, random, (old) => quote(unquote(old).replace(/è/g, 'Ã¨').replace(/•/g, 'â€¢') + ' Ã '), 1 + int(random, 3))),
  'blank-lines': (text) => utf8(BOM + text.replace(/\r\n/g, '\r\n\r\n')),
  'lf-only': (text) => utf8(BOM + text.replace(/\r\n/g, '\n')),
  'extra-empty-columns': (text) => utf8(BOM + text.replace(/\r\n(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';;\r\n')),
};

/** Tab-separated from a `;` file, for Excel's "Testo Unicode". */
function retab(text: string, delimiter: string): string {
  return records(text)
    .map((record) => {
      const ending = record.endsWith('\r\n') ? '\r\n' : record.endsWith('\n') ? '\n' : '';
      return fields(record.slice(0, record.length - ending.length), delimiter).join('\t') + ending;
    })
    .join('');
}

export const MUTATION_KINDS = Object.keys(MUTATIONS);

/**
 * `count` mutants of the given exports (texts without BOM, with their delimiter), the same for the
 * same seed: kinds in turn, one in four a second mutation on top of the first.
 */
export function* mutateExports(exports: readonly { text: string; delimiter: string }[], count: number, seed: number): Generator<Mutant> {
  const random = seededRandom(seed);
  for (let n = 0; n < count; n++) {
    const base = exports[n % exports.length] as { text: string; delimiter: string };
    const kind = MUTATION_KINDS[n % MUTATION_KINDS.length] as string;
    let bytes = (MUTATIONS[kind] as (t: string, d: string, r: Random) => Uint8Array)(base.text, base.delimiter, random);
    let name = kind;
    if (random() < 0.25) {
      // A second, text-level mutation on a still-readable UTF-8 file.
      const second = pick(random, ['payload-in-cell', 'edit-one-cell', 'drop-quote', 'header-renamed', 'foreign-id', 'truncate']);
      const decoded = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
      if (bytes[0] === 0xef && !decoded.includes('\uFFFD')) {
        bytes = (MUTATIONS[second] as (t: string, d: string, r: Random) => Uint8Array)(decoded, base.delimiter, random);
        name = `${kind}+${second}`;
      }
    }
    yield { kind: name, bytes };
  }
}
