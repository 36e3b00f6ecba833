/*
 * Renderer process entry: builds and renders report PDFs for app/reports/pdf-queue.server.ts, one
 * at a time, for as long as the queue keeps the process. Started by the queue under `nice` and tsx
 * (`node --import tsx app/reports/pdf-renderer.ts <nice>`), with an IPC channel using structured
 * clone ("advanced" serialisation), so the report's rows come in and the PDF bytes go back as is.
 *
 * For a report of the app's database it reads the report's rows itself, on a connection of its own
 * (read-only on SQLite), and asks the server only for the questionnaire, once per version: the
 * server's HTTP thread then neither reads thousands of answer rows nor serialises them. Tests and
 * benchmarks may send the rows instead (ReportSources). Scoring, perception gaps, chart SVG and the
 * PDF are all CPU work, and all of it happens here, off the HTTP process. Its imports must stay free
 * of SurveyJS and of the Remix build (relative imports only).
 */
import { readdirSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from "../../db/client";
import type { QuestionnaireLookup, SourceQuestionnaire } from "../services/assessment-sources.server";
import { preloadReportFonts, renderReportPdf } from "./render-pdf";
import { computeReportModel, reportFileName, type ReportModelOptions, type ReportSources } from "./report-model.server";
import { readReportSources, type ReportScope } from "./report-reads.server";

/** From the server. */
export type PdfRenderRequest =
  /** Render from rows the caller read. */
  | { type: "render"; id: number; sources: ReportSources; options: ReportModelOptions }
  /** Read the rows of `scope` from `database`, then render. */
  | { type: "render-assessment"; id: number; database: OpenDatabaseOptions; scope: ReportScope; options: ReportModelOptions }
  /** The answer to a "questionnaire-wanted". */
  | { type: "questionnaire"; requestId: number; questionnaire: SourceQuestionnaire | null; error?: string };

/** To the server. */
export type PdfRendererMessage =
  | { type: "ready" }
  | { type: "rendered"; id: number; pdf: Uint8Array; fileName: { ascii: string; utf8: string }; renderMs: number }
  /** `notFound`: the assessment (or its customer or provider) was not there to read. */
  | { type: "failed"; id: number; error: string; notFound?: boolean }
  | { type: "questionnaire-wanted"; id: number; requestId: number; organisationId: string; key: string; version: number };

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

/*
 * One connection, opened on the first report of the app's database and kept: the same database is
 * asked for every time. On SQLite it is read-only (query_only), so a renderer can never write.
 */
let database: { key: string; handle: DatabaseHandle } | null = null;
function databaseFor(options: OpenDatabaseOptions) {
  const key = JSON.stringify(options);
  if (database?.key !== key) {
    void database?.handle.close();
    const handle = openDatabase({ ...options, poolSize: 1 });
    handle.sqlite?.pragma("query_only = ON");
    database = { key, handle };
  }
  return database.handle.db;
}

/*
 * Questionnaire versions never change once published or stored, so each is asked of the server once
 * and kept (per provider: an upload is reachable only from its own provider's assessments).
 */
const MAX_QUESTIONNAIRES = 64;
const questionnaires = new Map<string, Promise<SourceQuestionnaire>>();
const unanswered = new Map<number, { resolve: (questionnaire: SourceQuestionnaire) => void; reject: (error: Error) => void }>();
let nextQuestion = 1;

function askServer(id: number): QuestionnaireLookup {
  return ({ organisationId, key, version }) => {
    const cacheKey = `${organisationId}:${key}@${version}`;
    let questionnaire = questionnaires.get(cacheKey);
    if (!questionnaire) {
      const requestId = nextQuestion++;
      questionnaire = new Promise<SourceQuestionnaire>((resolve, reject) => unanswered.set(requestId, { resolve, reject }));
      questionnaire.catch(() => questionnaires.delete(cacheKey));
      questionnaires.set(cacheKey, questionnaire);
      if (questionnaires.size > MAX_QUESTIONNAIRES) questionnaires.delete(questionnaires.keys().next().value!);
      send!({ type: "questionnaire-wanted", id, requestId, organisationId, key, version } satisfies PdfRendererMessage);
    }
    return questionnaire;
  };
}

async function render(request: Extract<PdfRenderRequest, { type: "render" | "render-assessment" }>): Promise<PdfRendererMessage> {
  const started = performance.now();
  const { id, options } = request;
  try {
    const sources = request.type === "render" ? request.sources : await readReportSources(databaseFor(request.database), request.scope, askServer(id), { withPlan: !options.plan });
    const model = computeReportModel(sources, options);
    const pdf = await renderReportPdf(model);
    return { type: "rendered", id, pdf, fileName: reportFileName(model), renderMs: performance.now() - started };
  } catch (error) {
    if (error instanceof Response) return { type: "failed", id, error: `${error.status} ${await error.text()}`, notFound: error.status === 404 };
    return { type: "failed", id, error: error instanceof Error ? error.message : String(error) };
  }
}

process.on("message", async (request: PdfRenderRequest) => {
  if (request.type === "questionnaire") {
    const waiting = unanswered.get(request.requestId);
    unanswered.delete(request.requestId);
    if (request.questionnaire) waiting?.resolve(request.questionnaire);
    else waiting?.reject(new Error(request.error ?? "The server could not find the questionnaire."));
    return;
  }
  const reply = await render(request);
  // The channel may have closed mid-render (the server stopped): then there is no one to answer.
  if (process.connected) send(reply);
});

send({ type: "ready" });
