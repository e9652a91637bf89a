// A number cell of a spreadsheet as the text a person reads in it: the cell's format applied the Italian way (1.250,50 · 101,5% · 30/06/2012).
//
// Quadro's cells are text, so a number or a date a colleague typed in Excel arrives as what the colleague
// saw, written with Italian separators whatever the colleague's Excel language (the plan is Italian):
// - General: up to 15 significant digits, as typed ("1250,5", "2000"), never Excel's narrow-column "1,2E+03";
// - number formats: their decimals, thousands grouping, percent and currency text ("1.250,50 €", "101,5%");
// - dates and times: always "30/06/2012", "30/06/2012 14:05", "14:05" (one form Quadro and people read back,
//   whatever the colleague's date format: "30-giu-12" is written "30/06/2012").
// Formats this does not model (fractions, conditions, digits mixed with text) fall back to General.

/** The formats Excel has built in (ids without a code in styles.xml), in their en-US codes. */
const BUILT_IN_CODES: Readonly<Record<number, string>> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  14: 'dd/mm/yyyy',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'dd/mm/yyyy h:mm',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;(#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;(#,##0.00)',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  48: '##0.0E+0',
  49: '@',
};

/** The code of a built-in format id; East Asian date ids (27–36, 50–58) read as a date. */
export function builtInFormatCode(id: number): string {
  const code = BUILT_IN_CODES[id];
  if (code !== undefined) return code;
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'dd/mm/yyyy';
  return 'General';
}

/** One part of a format section: literal text, or the characters that place digits, dates and times. */
interface Token {
  literal: boolean;
  text: string;
}

/** Splits a format code into its sections (positive;negative;zero;text) at `;` outside quotes and brackets. */
function splitSections(code: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end === -1 ? code.length : end;
      current += code.slice(i, stop + 1);
      i = stop;
    } else if (c === '\\' && i + 1 < code.length) {
      current += code.slice(i, i + 2);
      i++;
    } else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      const stop = end === -1 ? code.length : end;
      current += code.slice(i, stop + 1);
      i = stop;
    } else if (c === ';') {
      sections.push(current);
      current = '';
    } else current += c;
  }
  sections.push(current);
  return sections;
}

interface Section {
  tokens: Token[];
  /** A [>100]-style condition: sections then depend on values, which this does not model. */
  conditional: boolean;
  elapsedHours: boolean;
  general: boolean;
}

function tokenize(section: string): Section {
  const tokens: Token[] = [];
  let conditional = false;
  let elapsedHours = false;
  let general = false;
  const literal = (text: string): void => {
    tokens.push({ literal: true, text });
  };
  for (let i = 0; i < section.length; i++) {
    const c = section[i] as string;
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end === -1 ? section.length : end;
      literal(section.slice(i + 1, stop));
      i = stop;
    } else if (c === '\\') {
      literal(section[i + 1] ?? '');
      i++;
    } else if (c === '_') {
      literal(' '); // room for the next character: a space
      i++;
    } else if (c === '*') {
      i++; // fill with the next character: nothing to fill in text
    } else if (c === '[') {
      const end = section.indexOf(']', i + 1);
      const stop = end === -1 ? section.length : end;
      const inside = section.slice(i + 1, stop);
      if (inside.startsWith('$')) {
        // [$€-410]: a currency symbol and its locale; the symbol is what shows.
        const dash = inside.indexOf('-');
        literal(inside.slice(1, dash === -1 ? undefined : dash));
      } else if (/^[<>=]/.test(inside)) conditional = true;
      else if (/^h+$/i.test(inside)) {
        elapsedHours = true;
        tokens.push({ literal: false, text: 'h' });
      } else if (/^(m+|s+)$/i.test(inside)) tokens.push({ literal: false, text: inside.toLowerCase() });
      // a colour ([Red], [Color10]) or a locale alone changes nothing in the text
      i = stop;
    } else if (section.slice(i, i + 7).toLowerCase() === 'general') {
      general = true;
      i += 6;
    } else if (/[0#?.,%eE+\-dDmMyYhHsSaApP/:@]/.test(c)) {
      tokens.push({ literal: false, text: c });
    } else literal(c);
  }
  return { tokens, conditional, elapsedHours, general };
}

/** Date or time placeholders outside literals, and "E+" excluded (scientific numbers). */
function dateParts(section: Section): { date: boolean; time: boolean; seconds: boolean } | null {
  const code = section.tokens
    .filter((t) => !t.literal)
    .map((t) => t.text)
    .join('')
    .replace(/[eE][+-]/g, '');
  const hasDay = /[dDyY]/.test(code);
  const hasTime = /[hHsS]/.test(code) || /am\/pm|a\/p/i.test(code) || section.elapsedHours;
  const hasMonthOrMinute = /[mM]/.test(code);
  if (!hasDay && !hasTime && !hasMonthOrMinute) return null;
  return { date: hasDay || (hasMonthOrMinute && !hasTime), time: hasTime, seconds: /[sS]/.test(code) };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * A serial date (days since 1900, Excel's 1900 leap-year mistake included; or since 1904 for files
 * from the old Mac Excel) as "30/06/2012", "30/06/2012 14:05[:09]" or "14:05[:09]".
 */
function formatSerialDate(serial: number, parts: { date: boolean; time: boolean; seconds: boolean }, elapsedHours: boolean, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return null; // 31/12/9999 is Excel's last day
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86400);
  if (seconds === 86400) {
    days += 1;
    seconds = 0;
  }
  const clock = (hours: number): string => {
    const minutes = Math.floor((seconds % 3600) / 60);
    return `${pad2(hours)}:${pad2(minutes)}${parts.seconds ? `:${pad2(seconds % 60)}` : ''}`;
  };
  if (!parts.date) return clock(elapsedHours ? days * 24 + Math.floor(seconds / 3600) : Math.floor(seconds / 3600));
  let day: string;
  if (!date1904 && days === 60) day = '29/02/1900'; // the day Excel counts and the calendar has not
  else {
    const epoch = date1904 ? Date.UTC(1904, 0, 1) : days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
    const date = new Date(epoch + days * 86_400_000);
    day = `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
  }
  return parts.time ? `${day} ${clock(Math.floor(seconds / 3600))}` : day;
}

/** The digits of |value| rounded to 15 significant digits (Excel's precision), split at the decimal point. */
function decimalDigits(value: number): { integer: string; fraction: string } {
  const [mantissa = '0', exponentText] = Math.abs(value).toPrecision(15).split('e');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const [whole = '0', part = ''] = mantissa.split('.');
  const digits = whole + part;
  const point = whole.length + exponent;
  if (point <= 0) return { integer: '0', fraction: '0'.repeat(-point) + digits };
  if (point >= digits.length) return { integer: digits + '0'.repeat(point - digits.length), fraction: '' };
  return { integer: digits.slice(0, point), fraction: digits.slice(point) };
}

/** `digits` + 1 as a decimal string ("0999" → "1000"). */
function incrementDigits(digits: string): string {
  const chars = digits.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    if (chars[i] === '9') chars[i] = '0';
    else {
      chars[i] = String(Number(chars[i]) + 1);
      return chars.join('');
    }
  }
  return `1${chars.join('')}`;
}

/** |value| rounded half up to `decimals` places, on its decimal digits (so 1,005 → 1,01 as Excel shows it). */
function roundedDigits(value: number, decimals: number): { integer: string; fraction: string } {
  const { integer, fraction } = decimalDigits(value);
  if (fraction.length <= decimals) return { integer: integer.replace(/^0+(?=\d)/, ''), fraction: fraction.padEnd(decimals, '0') };
  let kept = integer + fraction.slice(0, decimals);
  if ((fraction.charCodeAt(decimals) as number) >= 0x35 /* '5' */) kept = incrementDigits(kept);
  const integerLength = kept.length - decimals;
  return { integer: kept.slice(0, integerLength).replace(/^0+(?=\d)/, ''), fraction: kept.slice(integerLength) };
}

function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** A number in Excel's General format, written the Italian way: "1250,5", "-3", "0,3". */
export function formatGeneralNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e15 || abs < 1e-9) {
    const [mantissa = '', exponent = '0'] = abs.toExponential(14).split('e');
    const trimmed = mantissa.replace(/\.?0+$/, '').replace('.', ',');
    const e = Number(exponent);
    return `${sign}${trimmed}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const { integer, fraction } = decimalDigits(value);
  const shown = fraction.replace(/0+$/, '');
  return `${sign}${integer.replace(/^0+(?=\d)/, '')}${shown ? `,${shown}` : ''}`;
}

/** A number with a digit pattern such as `#,##0.00`, `0%` or `0.00E+00`; null when the pattern is beyond this. */
function formatWithPattern(value: number, section: Section, sign: string): string | null {
  const tokens = section.tokens;
  const isDigit = (t: Token): boolean => !t.literal && (t.text === '0' || t.text === '#' || t.text === '?');
  const first = tokens.findIndex(isDigit);
  if (first === -1) return null;
  let last = tokens.length - 1;
  while (last > first && !isDigit(tokens[last] as Token)) last--;
  // Scientific: E+ / E- and the exponent's digits belong to the number.
  let body = tokens.slice(first, last + 1).map((t) => (t.literal ? '\u0000' : t.text)).join('');
  if (body.includes('\u0000')) return null; // text between digits (phone numbers, "# ##0"): not modelled
  let after = last + 1;
  while (after < tokens.length && !tokens[after]?.literal && /^[.,]$/.test(tokens[after]?.text ?? '')) {
    body += tokens[after]?.text;
    after++;
  }
  const outside = [...tokens.slice(0, first), ...tokens.slice(after)];
  if (outside.some((t) => !t.literal && !/^[%+\-/:()$]$/.test(t.text) && t.text !== ' ')) return null;
  const render = (list: Token[]): string => list.map((t) => t.text).join('');
  const prefix = render(tokens.slice(0, first));
  const suffix = render(tokens.slice(after));
  const percents = outside.filter((t) => !t.literal && t.text === '%').length;
  let scaled = Math.abs(value) * 100 ** percents;

  const scientific = /[eE][+-]/.exec(body);
  if (scientific) {
    const mantissaPattern = body.slice(0, scientific.index);
    const exponentDigits = (body.slice(scientific.index + 2).match(/0/g) ?? []).length;
    const decimals = (mantissaPattern.split('.')[1] ?? '').replace(/[^0#?]/g, '').length;
    if (scaled === 0) return `${sign}${prefix}${(0).toFixed(decimals).replace('.', ',')}E+${'0'.repeat(Math.max(exponentDigits, 1))}${suffix}`;
    let exponent = Math.floor(Math.log10(scaled));
    let mantissa = roundedDigits(scaled / 10 ** exponent, decimals);
    if (mantissa.integer.length > 1) {
      exponent += 1;
      mantissa = roundedDigits(scaled / 10 ** exponent, decimals);
    }
    const e = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(Math.max(exponentDigits, 1), '0')}`;
    return `${sign}${prefix}${mantissa.integer}${mantissa.fraction ? `,${mantissa.fraction}` : ''}E${e}${suffix}`;
  }

  const [integerPattern = '', fractionPattern = ''] = body.split('.');
  // Commas after the last integer digit divide by 1,000 each (#,##0, shows thousands).
  const trailingCommas = /,+$/.exec(integerPattern)?.[0].length ?? 0;
  scaled /= 1000 ** trailingCommas;
  const integerDigits = integerPattern.slice(0, integerPattern.length - trailingCommas);
  const grouped = integerDigits.includes(',');
  const minInteger = (integerDigits.match(/0/g) ?? []).length;
  const maxDecimals = fractionPattern.replace(/[^0#?]/g, '').length;
  const minDecimals = (/^0*/.exec(fractionPattern.replace(/[^0#?]/g, ''))?.[0] ?? '').length;
  const rounded = roundedDigits(scaled, maxDecimals);
  let fraction = rounded.fraction;
  while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  let integer = rounded.integer === '0' && minInteger === 0 ? '' : rounded.integer.padStart(minInteger, '0');
  if (grouped) integer = groupThousands(integer);
  const isZero = /^0*$/.test(rounded.integer + rounded.fraction);
  // Padding (`_-`, accounting's spaces) only lines numbers up in a column: no one reads it as text.
  return `${isZero ? '' : sign}${prefix}${integer}${fraction ? `,${fraction}` : ''}${suffix}`.trim();
}

/**
 * The text a person reads in a number cell with format `code` (the cell's value as stored).
 * `date1904`: the workbook counts days from 1904 (Excel for Mac before 2011).
 */
export function formatCellNumber(value: number, code: string, date1904 = false): string {
  const sections = splitSections(code === '' ? 'General' : code);
  const parsed = sections.map(tokenize);
  const conditional = parsed.some((s) => s.conditional);
  let section = parsed[0] as Section;
  let sign = value < 0 ? '-' : '';
  if (!conditional && value < 0 && parsed.length >= 2 && parsed[1]!.tokens.length > 0) {
    section = parsed[1] as Section;
    sign = ''; // the negative section writes its own sign or brackets
  } else if (!conditional && value === 0 && parsed.length >= 3 && parsed[2]!.tokens.length > 0) section = parsed[2] as Section;
  if (section.general || section.tokens.every((t) => t.literal || t.text === '@')) {
    const literalText = section.tokens.filter((t) => t.literal).map((t) => t.text).join('');
    return section.general || literalText.trim() === '' ? formatGeneralNumber(value) : literalText.trim();
  }
  const parts = dateParts(section);
  if (parts) return formatSerialDate(value, parts, section.elapsedHours, date1904) ?? formatGeneralNumber(value);
  return formatWithPattern(value, section, sign) ?? formatGeneralNumber(value);
}
