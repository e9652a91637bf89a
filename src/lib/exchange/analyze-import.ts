// The import analysis, from a file's bytes to a preview: pure steps chained, run inside the import worker.
import type { PlanDocument } from '../model/types.ts';
import type { QuadroProblem } from '../model/errors.ts';
import {
  buildImportPreview,
  decodeCsvBytes,
  matchCsvToPlan,
  parseCsvText,
  type CsvDelimiter,
  type CsvEncoding,
  type CsvMatch,
  type ImportPreview,
} from '../csv/index.ts';

export interface AnalyzeRequest {
  bytes: Uint8Array;
  fileName: string;
  doc: PlanDocument;
  /** The area on screen: where rows go when the file has no Area column. */
  areaId?: string;
  encoding?: CsvEncoding;
  delimiter?: CsvDelimiter;
}

export interface AnalyzeResult {
  /** What was detected (or forced), shown to the user, who may change it. */
  encoding: CsvEncoding | null;
  hadBom: boolean;
  delimiter: CsvDelimiter | null;
  isQuadroFile: boolean;
  problems: QuadroProblem[];
  warnings: QuadroProblem[];
  match: CsvMatch | null;
  preview: ImportPreview | null;
}

/** Decode → parse → match → preview; stops at the first step that finds problems, returning them. */
export function analyzeImport(request: AnalyzeRequest): AnalyzeResult {
  const result: AnalyzeResult = {
    encoding: null,
    hadBom: false,
    delimiter: null,
    isQuadroFile: false,
    problems: [],
    warnings: [],
    match: null,
    preview: null,
  };
  const decoded = decodeCsvBytes(request.bytes, request.encoding);
  if (!decoded.ok) return { ...result, problems: decoded.errors };
  result.encoding = decoded.value.encoding;
  result.hadBom = decoded.value.hadBom;
  result.warnings.push(...decoded.warnings);

  const parsed = parseCsvText(decoded.value.text, request.delimiter ? { delimiter: request.delimiter } : {});
  if (!parsed.ok) return { ...result, problems: parsed.errors };
  result.delimiter = parsed.value.delimiter;
  result.isQuadroFile = parsed.value.quadroVersion !== null;
  result.warnings.push(...parsed.warnings);

  const matched = matchCsvToPlan(parsed.value, request.doc, request.areaId ? { areaId: request.areaId } : {});
  if (!matched.ok) return { ...result, problems: matched.errors };
  result.warnings.push(...matched.warnings);
  result.match = matched.value;
  result.preview = buildImportPreview(matched.value, request.doc, { fileName: request.fileName });
  return result;
}
