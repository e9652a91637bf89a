// The import worker: parses and merges a file off the main thread, so a large file never freezes the page.
import { analyzeImport, type AnalyzeRequest } from './analyze-import.ts';

self.onmessage = (event: MessageEvent<AnalyzeRequest>) => {
  try {
    self.postMessage({ ok: true, result: analyzeImport(event.data) });
  } catch (error) {
    self.postMessage({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
};
