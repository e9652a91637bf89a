// The little XML that SpreadsheetML needs, both ways: a strict scanner (workers have no DOMParser) and the escapes of text and of Excel's `_xHHHH_` strings.

/** A part of the file is not well-formed XML (or declares a DOCTYPE, which no .xlsx has). */
export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlHandler {
  /** An element opens; `name` without its namespace prefix. `attributes` is a fresh object with prefixed names as written. */
  open(name: string, attributes: Record<string, string>, selfClosing: boolean): void;
  close?(name: string): void;
  /** Raw character data between tags (entities not yet decoded: call {@link decodeXmlText} when it matters). */
  text?(raw: string): void;
  /** A CDATA section's text, literal. */
  cdata?(text: string): void;
}

const NAME_END = /[\s/>]/g;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_TAIL = /\s*(\/?)>/y;

/** The local part of a qualified name: `x:c` → `c`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * Walks `xml`, calling `handler` for each element, end tag and run of text. Throws {@link XmlError}
 * on anything not well-formed (unclosed or mismatched tags, broken attributes, unknown entities,
 * a truncated part), so a damaged file is refused rather than read in part.
 */
export function scanXml(xml: string, handler: XmlHandler): void {
  const stack: string[] = [];
  let i = 0;
  const length = xml.length;
  while (i < length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > i) {
      if (stack.length > 0) handler.text?.(xml.slice(i, textEnd));
      else if (xml.slice(i, textEnd).trim() !== '') throw new XmlError(`text outside the root element at ${i}`);
    }
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 0x3f /* ? */) {
      i = skipPast(xml, '?>', lt);
    } else if (next === 0x21 /* ! */) {
      if (xml.startsWith('<!--', lt)) i = skipPast(xml, '-->', lt);
      else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt + 9);
        if (end === -1) throw new XmlError(`unclosed CDATA at ${lt}`);
        handler.cdata?.(xml.slice(lt + 9, end));
        i = end + 3;
      } else throw new XmlError(`DOCTYPE or declaration at ${lt}`); // no entity of a DTD is ever expanded
    } else if (next === 0x2f /* / */) {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw new XmlError(`unclosed end tag at ${lt}`);
      const name = xml.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (open !== name) throw new XmlError(`</${name}> closes <${open ?? ''}> at ${lt}`);
      handler.close?.(localName(name));
      i = end + 1;
    } else {
      NAME_END.lastIndex = lt + 1;
      const nameEnd = NAME_END.exec(xml)?.index ?? -1;
      if (nameEnd === -1 || nameEnd === lt + 1) throw new XmlError(`broken tag at ${lt}`);
      const name = xml.slice(lt + 1, nameEnd);
      const attributes: Record<string, string> = {};
      let at = nameEnd;
      for (;;) {
        ATTRIBUTE.lastIndex = at;
        const attribute = ATTRIBUTE.exec(xml);
        if (!attribute) break;
        attributes[attribute[1] as string] = decodeXmlText(attribute[2] ?? attribute[3] ?? '');
        at = ATTRIBUTE.lastIndex;
      }
      TAG_TAIL.lastIndex = at;
      const tail = TAG_TAIL.exec(xml);
      if (!tail) throw new XmlError(`broken attributes in <${name}> at ${lt}`);
      const selfClosing = tail[1] === '/';
      if (!selfClosing) stack.push(name);
      handler.open(localName(name), attributes, selfClosing);
      if (selfClosing) handler.close?.(localName(name));
      i = TAG_TAIL.lastIndex;
    }
  }
  if (stack.length > 0) throw new XmlError(`<${stack[stack.length - 1]}> is never closed (the part is cut short)`);
}

function skipPast(xml: string, end: string, from: number): number {
  const at = xml.indexOf(end, from);
  if (at === -1) throw new XmlError(`unclosed ${end} at ${from}`);
  return at + end.length;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Character data as the text it stands for: line ends normalised as XML requires (CRLF and CR read
 * as LF, so only an escaped `&#13;` is a CR) and the five entities and character references decoded.
 */
export function decodeXmlText(raw: string): string {
  const text = raw.indexOf('\r') === -1 ? raw : raw.replace(/\r\n?/g, '\n');
  if (text.indexOf('&') === -1) return text;
  return text.replace(ENTITY, (match, body: string | undefined) => {
    if (body === undefined) throw new XmlError('a bare & in text');
    if (body.charCodeAt(0) === 0x23 /* # */) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!(code >= 0 && code <= 0x10ffff)) throw new XmlError(`bad character reference ${match}`);
      return String.fromCodePoint(code);
    }
    const named = NAMED[body];
    if (named === undefined) throw new XmlError(`unknown entity ${match}`);
    return named;
  });
}

/** Text as XML character data: `&`, `<`, `>` escaped (quotes too, so the same text serves in attributes). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

const ESCAPED_CHAR = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes Excel's escaped strings (ECMA-376 ST_Xstring): `_xHHHH_` is the UTF-16 unit HHHH — how
 * Excel writes characters XML cannot hold (a CR, a control character), and `_x005F_` the "_" that
 * keeps a literal `_x0041_` from being decoded.
 */
export function decodeXstring(text: string): string {
  if (text.indexOf('_x') === -1) return text;
  return text.replace(ESCAPED_CHAR, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Characters XML 1.0 cannot carry (controls other than tab and LF, lone surrogates, U+FFFE/F), plus CR, which a parser would turn into LF. */
// eslint-disable-next-line no-control-regex
const NEEDS_XSTRING = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;

/** Any character {@link NEEDS_XSTRING} could match (tab and LF excluded): a quick no for most cells. */
// eslint-disable-next-line no-control-regex
const MAYBE_XSTRING = /[\u0000-\u0008\u000B-\u001F_\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * A cell's text as Excel escapes it, so every character comes back: controls, CR and lone surrogates
 * as `_xHHHH_`, and the "_" of a literal `_xHHHH_` as `_x005F_` (what Excel and LibreOffice decode).
 */
export function encodeXstring(text: string): string {
  if (!MAYBE_XSTRING.test(text)) return text;
  NEEDS_XSTRING.lastIndex = 0;
  if (!NEEDS_XSTRING.test(text)) return text;
  return text.replace(NEEDS_XSTRING, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}
