// A plain table as an Excel-ready CSV string, in the plan export's conventions (BOM, `;`, CRLF, quoting, no formulas).
import { CSV_NEEDS_QUOTES, CSV_RECORD_SEPARATOR, UTF8_BOM, type ExportDelimiter } from './format.ts';
import { neutralizeField } from './neutralize.ts';
import { writeCsvHeader } from './serialize.ts';

/**
 * The CSV text of a header and records of strings, for files that are not plans (the indicator
 * exports): every field neutralized against formulas, quoted only when needed; the header as the
 * plan export writes it (serialize.ts `writeCsvHeader`).
 */
export function serializeCsvTable(
  header: readonly string[],
  records: readonly (readonly string[])[],
  delimiter: ExportDelimiter,
): string {
  const writeField = (text: string): string => {
    const safe = neutralizeField(text);
    return CSV_NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  let csv = UTF8_BOM + writeCsvHeader(header, delimiter) + CSV_RECORD_SEPARATOR;
  for (const record of records) csv += record.map(writeField).join(delimiter) + CSV_RECORD_SEPARATOR;
  return csv;
}
