// A plain table as an Excel-ready CSV string, in the plan export's conventions (BOM, `;`, CRLF, quoting, no formulas).
import { UTF8_BOM, type ExportDelimiter } from './format.ts';
import { neutralizeField } from './neutralize.ts';

const RECORD_SEPARATOR = '\r\n';
/** Quoted: any possible delimiter, quotes, line breaks, and white space at either end (spreadsheets trim it). */
const NEEDS_QUOTES = /[;,\t"\r\n]|^\s|\s$/;

/**
 * The CSV text of a header and records of strings, for files that are not plans (the indicator
 * exports): every field neutralized against formulas, quoted only when needed. A first header
 * field starting with "ID" is quoted, because Excel takes such a file for SYLK.
 */
export function serializeCsvTable(
  header: readonly string[],
  records: readonly (readonly string[])[],
  delimiter: ExportDelimiter,
): string {
  const writeField = (text: string, forceQuotes = false): string => {
    const safe = neutralizeField(text);
    return forceQuotes || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  let csv = UTF8_BOM + header.map((title, c) => writeField(title, c === 0 && title.startsWith('ID'))).join(delimiter);
  csv += RECORD_SEPARATOR;
  for (const record of records) csv += record.map((field) => writeField(field)).join(delimiter) + RECORD_SEPARATOR;
  return csv;
}
