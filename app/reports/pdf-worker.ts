/*
 * Worker thread entry: builds and renders report PDFs for app/reports/pdf-queue.server.ts, one at a
 * time, for as long as the pool keeps the worker. Runs under tsx (see the queue for how it is started).
 *
 * It receives the report's rows (ReportSources), not a finished model: scoring, perception gaps,
 * chart SVG and the PDF are all CPU work, and all of it happens here, off the HTTP thread. Its
 * imports must stay free of the database and of the Remix build (relative imports only).
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { preloadReportFonts, renderReportPdf } from "./render-pdf";
import { computeReportModel, reportFileName, type ReportModelOptions, type ReportSources } from "./report-model.server";

export interface PdfRenderRequest {
  id: number;
  sources: ReportSources;
  options: ReportModelOptions;
}

export type PdfRenderReply =
  | { id: number; ok: true; pdf: ArrayBuffer; fileName: { ascii: string; utf8: string }; renderMs: number }
  | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("pdf-worker.ts must run as a worker thread");

/*
 * Reports must never stall survey autosaves. On Linux a thread has its own id, and setpriority on
 * it lowers only this thread: the scheduler then serves the HTTP thread first whenever both want
 * a core. (Elsewhere this is skipped; the concurrency cap still applies.)
 */
function lowerThisThreadsPriority() {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 15);
  } catch {
    // No /proc (not Linux) or not permitted: run at normal priority.
  }
}
lowerThisThreadsPriority();

// Fonts are read and indexed once per worker, not once per report.
preloadReportFonts();

port.on("message", async ({ id, sources, options }: PdfRenderRequest) => {
  const started = performance.now();
  try {
    const model = computeReportModel(sources, options);
    const pdf = await renderReportPdf(model);
    // Transfer, not copy. A Buffer can be a view into a shared pool; only a whole ArrayBuffer moves.
    const whole = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength && pdf.buffer instanceof ArrayBuffer;
    const bytes = whole ? pdf.buffer : new Uint8Array(pdf).buffer;
    const reply: PdfRenderReply = { id, ok: true, pdf: bytes, fileName: reportFileName(model), renderMs: performance.now() - started };
    port.postMessage(reply, [bytes]);
  } catch (error) {
    const reply: PdfRenderReply = { id, ok: false, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
