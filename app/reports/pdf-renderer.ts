/*
 * Renderer process entry: builds and renders report PDFs for app/reports/pdf-queue.server.ts, one
 * at a time, for as long as the queue keeps the process. Started by the queue under `nice` and tsx
 * (`node --import tsx app/reports/pdf-renderer.ts <nice>`), with an IPC channel using structured
 * clone ("advanced" serialisation), so the report's rows come in and the PDF bytes go back as is.
 *
 * It receives the report's rows (ReportSources), not a finished model: scoring, perception gaps,
 * chart SVG and the PDF are all CPU work, and all of it happens here, off the HTTP process. Its
 * imports must stay free of the database and of the Remix build (relative imports only).
 */
import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { preloadReportFonts, renderReportPdf } from "./render-pdf";
import { computeReportModel, reportFileName, type ReportModelOptions, type ReportSources } from "./report-model.server";

export interface PdfRenderRequest {
  id: number;
  sources: ReportSources;
  options: ReportModelOptions;
}

export type PdfRendererMessage =
  | { type: "ready" }
  | { type: "rendered"; id: number; pdf: Uint8Array; fileName: { ascii: string; utf8: string }; renderMs: number }
  | { type: "failed"; id: number; error: string };

const send = process.send?.bind(process);
if (!send) throw new Error("pdf-renderer.ts must be started by the PDF queue, with an IPC channel");

/*
 * The queue starts this process under `nice`, so every thread V8 starts (its garbage-collection
 * helpers too) already runs at low priority. Where it could not (no `nice` on PATH), lower the
 * threads that exist now: on Linux each one is listed in /proc/self/task and has its own nice
 * value, and threads started later inherit it from their creator. Elsewhere this is a no-op.
 */
function lowerEveryThreadsPriority(target: number) {
  try {
    if (getPriority() >= target) return;
    for (const tid of readdirSync("/proc/self/task")) setPriority(Number(tid), target);
  } catch {
    // No /proc (not Linux) or not permitted: only the queue's concurrency cap protects the server.
    try {
      setPriority(target);
    } catch {
      // Not permitted: run at normal priority.
    }
  }
}
const targetNice = Number(process.argv[2] ?? 0);
if (Number.isInteger(targetNice) && targetNice > 0) lowerEveryThreadsPriority(targetNice);

// The server is gone (even by kill -9: its end of the channel closes): no orphaned renderers. It
// may have gone while this process was still loading, before the listener existed.
process.on("disconnect", () => process.exit(0));
if (!process.connected) process.exit(0);

// Fonts are read and indexed once per process, not once per report.
preloadReportFonts();

process.on("message", async ({ id, sources, options }: PdfRenderRequest) => {
  const started = performance.now();
  let reply: PdfRendererMessage;
  try {
    const model = computeReportModel(sources, options);
    const pdf = await renderReportPdf(model);
    reply = { type: "rendered", id, pdf, fileName: reportFileName(model), renderMs: performance.now() - started };
  } catch (error) {
    reply = { type: "failed", id, error: error instanceof Error ? error.message : String(error) };
  }
  // The channel may have closed mid-render (the server stopped): then there is no one to answer.
  if (process.connected) send(reply);
});

send({ type: "ready" });
