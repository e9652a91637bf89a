// Runs the import analysis in a Web Worker (falling back to the main thread where workers are missing).
import type { AnalyzeRequest, AnalyzeResult } from './analyze-import.ts';

type WorkerReply = { ok: true; result: AnalyzeResult } | { ok: false; error: string };

export async function runImportAnalysis(request: AnalyzeRequest): Promise<AnalyzeResult> {
  if (typeof Worker === 'undefined') {
    const { analyzeImport } = await import('./analyze-import.ts');
    return analyzeImport(request);
  }
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<AnalyzeResult>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        if (event.data.ok) resolve(event.data.result);
        else reject(new Error(event.data.error));
      };
      worker.onerror = (event) => reject(new Error(event.message || 'import worker failed'));
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}
