// The .xlsx export worker: turns a plan into workbook bytes off the main thread and hands them back without a copy.
import { buildPlanWorkbook } from '../xlsx/plan-workbook.ts';
import type { XlsxExportReply, XlsxExportRequest } from './xlsx-export.ts';

self.onmessage = (event: MessageEvent<XlsxExportRequest>) => {
  let reply: XlsxExportReply;
  try {
    reply = { ok: true, workbook: buildPlanWorkbook(event.data.doc, event.data.scope) };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const transfer = reply.ok ? [reply.workbook.bytes.buffer as ArrayBuffer] : [];
  self.postMessage(reply, { transfer });
};
