// Builds an .xlsx export in a worker of its own: deflating a large plan takes seconds, which would freeze the page.
import type { PlanDocument } from '../model/types.ts';
import type { PlanWorkbook, XlsxScope } from '../xlsx/plan-workbook.ts';

export interface XlsxExportRequest {
  doc: PlanDocument;
  scope: XlsxScope;
}

export type XlsxExportReply = { ok: true; workbook: PlanWorkbook } | { ok: false; message: string };

/**
 * The workbook of `request`, made in a module worker (one per export, ended after it). Every browser
 * Quadro supports has module workers (the import needs them too); no main-thread copy of the writer
 * is shipped, so a browser without them is told so by the error.
 */
export async function exportWorkbook(request: XlsxExportRequest): Promise<PlanWorkbook> {
  if (typeof Worker === 'undefined') throw new Error('Module workers are not available: the .xlsx export runs only in a worker');
  const worker = new Worker(new URL('./xlsx-export.worker.ts', import.meta.url), { type: 'module' });
  try {
    return await new Promise<PlanWorkbook>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<XlsxExportReply>) => {
        if (event.data.ok) resolve(event.data.workbook);
        else reject(new Error(event.data.message));
      };
      worker.onerror = (event) => reject(new Error(event.message || 'xlsx export worker failed'));
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}
