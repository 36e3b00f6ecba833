/*
 * Report PDFs are built and rendered off the HTTP process, in a small pool of low-priority child
 * processes, so a burst of downloads never stalls survey autosaves: the request only checks access
 * and names the assessment, and the renderer does the rest (reading its rows on a connection of its
 * own, scoring, charts, the PDF), asking back only for questionnaires it has not seen. At most
 * `concurrency` renders run at once and at most `maxWaiting` wait; beyond that the caller gets a
 * "busy" result (the route answers 503 with Retry-After) instead of an ever-growing queue.
 *
 * Why processes, not worker threads: a render allocates ~32 MB, and V8 collects a worker thread's
 * garbage on its process-wide helper threads, at the server's normal priority, so lowering the
 * worker thread alone left about 40% of a core competing with the HTTP thread. A child process has
 * its own V8 and helper threads. On Linux a scheduling class and a nice value are per thread and
 * inherited by threads created later, so the renderer is started through `chrt --idle 0` and
 * `nice -n 15` (before V8 starts any thread); where there is neither it starts plainly and lowers
 * its threads itself (see pdf-renderer.ts). SCHED_IDLE matters more than the nice value: a core
 * running only SCHED_IDLE work counts as idle when the kernel places a thread that wakes up, so an
 * autosave's threads go to the renderer's core at once and preempt it. With nice alone they queued
 * on the other core behind each other (under two looping downloads, the server's threads migrated
 * ~110 times in 7 s instead of ~1,000, and autosave p99 rose from 8 to 11-13 ms).
 * Its memory also stays its own: `--max-old-space-size` ends a runaway render's process, not the
 * server, and the server's RSS does not carry pdfkit's fonts and buffers. `--max-semi-space-size=8`
 * halves the young generation V8 would grow to (peak RSS 246 -> 230 MB, render time unchanged).
 * `--v8-pool-size=1` gives V8 one helper thread instead of four. SCHED_IDLE does not keep idle
 * threads off a core while a normal thread waits: on Linux 6.18 (EEVDF), a perf sched trace showed
 * a waking nice-0 thread waiting 2-12 ms in the run queue behind the renderer's main thread and its
 * GC helpers, which then held both cores. With one helper, a sleeping nice-0 probe thread waited
 * more than 2 ms 13-15 times in 10 s instead of 31-37 (2 with no render), autosave p90 under two
 * looping downloads fell from 2.8-3.1 to 2.2-2.4 ms, and as many reports were rendered.
 *
 * The renderer runs TypeScript (app/reports/pdf-renderer.ts) under `--import tsx`. Its path comes
 * from process.cwd(), not import.meta.url: this module is bundled into build/index.js, where
 * import.meta.url points at the bundle. The IPC channel uses "advanced" (structured clone)
 * serialisation, so the rows and the PDF bytes cross without JSON. A renderer exits when its
 * channel closes, so one is never left behind when the server dies, even by kill -9.
 *
 * The pool lives on globalThis: `remix dev` rebuilds and app/server/start.ts (which loads this file
 * from source, not from the bundle) then see one pool, and closePdfQueue() ends its renderers.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { availableParallelism } from "node:os";
import { delimiter, join, resolve } from "node:path";
import type { OpenDatabaseOptions } from "../../db/client";
import { notFound } from "../auth/not-found";
import type { QuestionnaireLookup } from "../services/assessment-sources.server";
import type { PdfRendererMessage, PdfRenderRequest } from "./pdf-renderer";
import type { ReportModelOptions, ReportSources } from "./report-model.server";
import type { ReportScope } from "./report-reads.server";

export const PDF_RENDERER_ENTRY = "app/reports/pdf-renderer.ts";
/** The renderers' nice value: the scheduler serves the HTTP process first whenever both want a core. */
const RENDERER_NICE = 15;

export type PdfRenderResult =
  | { status: "rendered"; pdf: Uint8Array<ArrayBuffer>; fileName: { ascii: string; utf8: string } }
  | { status: "busy"; retryAfterSeconds: number };

export interface PdfQueueOptions {
  /** Renders at once (one renderer process each). Default: the number of cores less one, 1 to 4. */
  concurrency?: number;
  /** Renders allowed to wait for a renderer; more are turned away as busy. Default 8. */
  maxWaiting?: number;
  /** A render (or a renderer's start) taking longer fails and its process is replaced. Default 30 s. */
  timeoutMs?: number;
  /** Absolute path of the renderer entry. Default: PDF_RENDERER_ENTRY under process.cwd(). */
  rendererFile?: string;
  /** Heap limit of each renderer, so a runaway render ends its process, not the server. Default 256 MB. */
  maxRendererHeapMb?: number;
}

export interface PdfQueueStats {
  renderers: number;
  /** Process ids of the running renderers (diagnostics and the memory benchmark). */
  rendererPids: number[];
  rendering: number;
  waiting: number;
  rendered: number;
  failed: number;
  turnedAway: number;
}

/** A report of an assessment in a database the renderer can open itself. */
export interface AssessmentReport {
  database: OpenDatabaseOptions;
  scope: ReportScope;
  /** Answers the renderer's questions for questionnaires (each version is asked once per renderer). */
  questionnaireFor: QuestionnaireLookup;
}

export interface PdfQueue {
  /** Builds the report from its rows (scoring, charts) and renders it, all in a renderer process. */
  render(sources: ReportSources, options?: ReportModelOptions): Promise<PdfRenderResult>;
  /**
   * Reads the report's rows, builds and renders it, all in a renderer process. Rejects with a 404
   * Response when the assessment was not there to read.
   */
  renderAssessment(report: AssessmentReport, options?: ReportModelOptions): Promise<PdfRenderResult>;
  /** Starts one renderer ahead of need (it takes a second or two to load), unless one is running. */
  warm(): void;
  stats(): PdfQueueStats;
  /** Stops taking renders, lets those already taken finish (up to graceMs), then ends every renderer. */
  close(options?: { graceMs?: number }): Promise<void>;
}

type JobWork = { type: "render"; sources: ReportSources } | ({ type: "render-assessment" } & AssessmentReport);

interface Job {
  id: number;
  work: JobWork;
  options: ReportModelOptions;
  resolve: (result: PdfRenderResult) => void;
  reject: (error: Error | Response) => void;
}

interface Renderer {
  child: ChildProcess;
  /** False until the renderer has loaded and said so; only then is it sent a job. */
  ready: boolean;
  job: Job | null;
  /** Start-up or render deadline. */
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

export class PdfQueueClosedError extends Error {
  constructor() {
    super("The PDF queue is shut down.");
    this.name = "PdfQueueClosedError";
  }
}

/** A program on PATH, or null (Windows, minimal containers). */
function findProgram(name: string): string | null {
  if (process.platform === "win32") return null;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return null;
}

let lowPriorityPrefix: string[] | undefined;
/**
 * The command words that start a program at low priority: `chrt --idle 0` where the kernel allows
 * it (tried once: a container may forbid it), then `nice -n 15`. Looked up once.
 */
function lowPriorityCommand(): string[] {
  if (lowPriorityPrefix) return lowPriorityPrefix;
  const prefix: string[] = [];
  const chrt = findProgram("chrt");
  if (chrt && spawnSync(chrt, ["--idle", "0", "true"], { stdio: "ignore" }).status === 0) prefix.push(chrt, "--idle", "0");
  const nice = findProgram("nice");
  if (nice) prefix.push(nice, "-n", String(RENDERER_NICE));
  lowPriorityPrefix = prefix;
  return prefix;
}

function startRendererProcess(entry: string, maxHeapMb: number): ChildProcess {
  const nodeArgs = [`--max-old-space-size=${maxHeapMb}`, "--max-semi-space-size=8", "--v8-pool-size=1", "--import", "tsx", entry, String(RENDERER_NICE)];
  const [command, ...args] = [...lowPriorityCommand(), process.execPath, ...nodeArgs];
  return spawn(command, args, {
    cwd: process.cwd(),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
}

export function createPdfQueue(options: PdfQueueOptions = {}): PdfQueue {
  // One core is always left to the HTTP process: on a 2-core machine, one render at a time.
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism() - 1));
  const maxWaiting = Math.max(0, options.maxWaiting ?? 8);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const rendererFile = options.rendererFile ?? resolve(process.cwd(), PDF_RENDERER_ENTRY);
  const maxRendererHeapMb = options.maxRendererHeapMb ?? 256;

  const pool: Renderer[] = [];
  const waiting: Job[] = [];
  const counts = { rendered: 0, failed: 0, turnedAway: 0 };
  let nextId = 1;
  let closed = false;
  /** A running mean of render time, for Retry-After. */
  let meanRenderMs = 250;
  let drained: (() => void) | null = null;

  function startRenderer(): Renderer {
    const child = startRendererProcess(rendererFile, maxRendererHeapMb);
    const renderer: Renderer = {
      child,
      ready: false,
      job: null,
      timer: null,
      exited: new Promise((resolveExit) => child.once("exit", () => resolveExit())),
    };
    renderer.timer = setTimeout(() => retire(renderer, new Error(`The PDF renderer did not start within ${timeoutMs} ms.`)), timeoutMs);
    child.on("message", (message: PdfRendererMessage) => {
      if (message.type === "ready") {
        renderer.ready = true;
        if (renderer.timer) clearTimeout(renderer.timer);
        renderer.timer = null;
        pump();
        if (renderer.job === null) idle(renderer);
        return;
      }
      const job = renderer.job;
      if (!job || message.id !== job.id) return;
      if (message.type === "questionnaire-wanted") {
        answerQuestionnaire(renderer, job, message);
        return;
      }
      finish(renderer);
      if (message.type === "rendered") {
        counts.rendered += 1;
        meanRenderMs = meanRenderMs * 0.8 + message.renderMs * 0.2;
        // Structured clone hands over a view of the message's own buffer: no copy.
        const pdf = new Uint8Array(message.pdf.buffer as ArrayBuffer, message.pdf.byteOffset, message.pdf.byteLength);
        job.resolve({ status: "rendered", pdf, fileName: message.fileName });
      } else {
        counts.failed += 1;
        job.reject(message.notFound ? notFound("Assessment") : new Error(`The PDF could not be rendered: ${message.error}`));
      }
      pump();
    });
    // A crash (or running out of heap) ends the process; its render fails and a new one takes the next.
    child.on("error", (error) => retire(renderer, error));
    child.on("exit", (code, signal) => retire(renderer, new Error(`The PDF renderer stopped (${signal ?? `exit code ${code}`}).`)));
    pool.push(renderer);
    return renderer;
  }

  /** An idle renderer must not keep the server process alive. */
  function idle(renderer: Renderer) {
    renderer.child.unref();
    renderer.child.channel?.unref();
  }

  function busy(renderer: Renderer) {
    renderer.child.ref();
    renderer.child.channel?.ref();
  }

  function finish(renderer: Renderer) {
    if (renderer.timer) clearTimeout(renderer.timer);
    renderer.timer = null;
    renderer.job = null;
    idle(renderer);
  }

  function retire(renderer: Renderer, error: Error) {
    const index = pool.indexOf(renderer);
    if (index < 0) return;
    pool.splice(index, 1);
    const job = renderer.job;
    if (renderer.timer) clearTimeout(renderer.timer);
    renderer.job = null;
    if (job) {
      counts.failed += 1;
      job.reject(error);
    }
    stop(renderer);
    pump();
  }

  /** Ends a renderer: it exits once its channel closes; SIGKILL if it is stuck mid-render. */
  function stop(renderer: Renderer) {
    const { child } = renderer;
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Until it has gone, it keeps this process alive: close() can then be awaited to the end.
    child.ref();
    if (child.connected) child.disconnect();
    const kill = setTimeout(() => child.kill("SIGKILL"), 1000);
    kill.unref();
    void renderer.exited.then(() => clearTimeout(kill));
  }

  function sendTo(renderer: Renderer, request: PdfRenderRequest) {
    renderer.child.send(request, (error) => {
      if (error) retire(renderer, error);
    });
  }

  function start(renderer: Renderer, job: Job) {
    renderer.job = job;
    busy(renderer);
    renderer.timer = setTimeout(() => retire(renderer, new Error(`The PDF took longer than ${timeoutMs} ms to render.`)), timeoutMs);
    const { work, id, options } = job;
    sendTo(renderer, work.type === "render" ? { type: "render", id, sources: work.sources, options } : { type: "render-assessment", id, database: work.database, scope: work.scope, options });
  }

  /** The renderer reads an assessment whose questionnaire it has not seen: this process has it compiled. */
  function answerQuestionnaire(renderer: Renderer, job: Job, question: Extract<PdfRendererMessage, { type: "questionnaire-wanted" }>) {
    const { requestId, organisationId, key, version } = question;
    // A renderer only asks while reading its job's assessment: the provider is the job's own.
    if (job.work.type !== "render-assessment" || organisationId !== job.work.scope.organisationId) {
      sendTo(renderer, { type: "questionnaire", requestId, questionnaire: null, error: "Not this job's provider." });
      return;
    }
    job.work.questionnaireFor({ organisationId, key, version }).then(
      (questionnaire) => renderer.job === job && sendTo(renderer, { type: "questionnaire", requestId, questionnaire }),
      (error: unknown) => renderer.job === job && sendTo(renderer, { type: "questionnaire", requestId, questionnaire: null, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  function pump() {
    while (waiting.length > 0) {
      const free = pool.find((r) => r.ready && r.job === null);
      if (free) {
        start(free, waiting.shift()!);
        continue;
      }
      // Renderers still starting will take the waiting jobs when ready (and keep the process alive
      // until then, or a lone caller awaiting a render would see it exit); start more up to the cap.
      const starting = pool.filter((r) => !r.ready);
      for (const renderer of starting) busy(renderer);
      if (pool.length < concurrency && starting.length < waiting.length) {
        startRenderer();
        continue;
      }
      break;
    }
    if (drained && waiting.length === 0 && pool.every((r) => r.job === null)) drained();
  }

  function take(work: JobWork, options: ReportModelOptions): Promise<PdfRenderResult> {
    if (closed) return Promise.reject(new PdfQueueClosedError());
    // Every render taken counts, including those waiting for a renderer that is still starting:
    // `concurrency` of them hold a slot, the rest wait.
    const taken = pool.filter((r) => r.job !== null).length + waiting.length;
    if (taken >= concurrency + maxWaiting) {
      counts.turnedAway += 1;
      // Roughly when a slot frees up: everything ahead of the caller, shared among the renderers.
      const retryAfterSeconds = Math.max(1, Math.ceil((taken * meanRenderMs) / concurrency / 1000));
      return Promise.resolve({ status: "busy", retryAfterSeconds });
    }
    return new Promise<PdfRenderResult>((resolvePromise, rejectPromise) => {
      waiting.push({ id: nextId++, work, options, resolve: resolvePromise, reject: rejectPromise });
      pump();
    });
  }

  return {
    render(sources, options = {}) {
      return take({ type: "render", sources }, options);
    },

    renderAssessment(report, options = {}) {
      return take({ type: "render-assessment", ...report }, options);
    },

    warm() {
      if (closed || pool.length > 0) return;
      idle(startRenderer());
    },

    stats() {
      return {
        renderers: pool.length,
        rendererPids: pool.flatMap((r) => (r.child.pid === undefined ? [] : [r.child.pid])),
        rendering: pool.filter((r) => r.job !== null).length,
        waiting: waiting.length,
        ...counts,
      };
    },

    async close({ graceMs = 3000 } = {}) {
      closed = true;
      if (waiting.length > 0 || pool.some((r) => r.job !== null)) {
        await new Promise<void>((resolveDrain) => {
          const timer = setTimeout(resolveDrain, graceMs);
          drained = () => {
            clearTimeout(timer);
            resolveDrain();
          };
        });
      }
      drained = null;
      for (const job of waiting.splice(0)) job.reject(new PdfQueueClosedError());
      const renderers = pool.splice(0);
      for (const renderer of renderers) {
        if (renderer.timer) clearTimeout(renderer.timer);
        renderer.job?.reject(new PdfQueueClosedError());
        renderer.job = null;
        stop(renderer);
      }
      await Promise.all(renderers.map((r) => r.exited));
    },
  };
}

declare global {
  // eslint-disable-next-line no-var
  var __cairnPdfQueue: PdfQueue | undefined;
}

/** The app's one queue, created on first use. */
export function getPdfQueue(): PdfQueue {
  globalThis.__cairnPdfQueue ??= createPdfQueue();
  return globalThis.__cairnPdfQueue;
}

/** For pages that offer a PDF: the first download then does not wait for a renderer to start. */
export function warmPdfQueue(): void {
  getPdfQueue().warm();
}

/** Ends the app's PDF renderers (server shutdown). Safe to call when no PDF was ever rendered. */
export async function closePdfQueue(): Promise<void> {
  const queue = globalThis.__cairnPdfQueue;
  globalThis.__cairnPdfQueue = undefined;
  await queue?.close();
}
