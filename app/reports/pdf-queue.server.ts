/*
 * Report PDFs are built and rendered off the HTTP process, in a small pool of low-priority child
 * processes, so a burst of downloads never stalls survey autosaves: the request only reads the
 * report's rows (ReportSources) and the renderer does the rest (scoring, charts, the PDF). At most
 * `concurrency` renders run at once and at most `maxWaiting` wait; beyond that the caller gets a
 * "busy" result (the route answers 503 with Retry-After) instead of an ever-growing queue.
 *
 * Why processes, not worker threads: a render allocates ~32 MB, and V8 collects a worker thread's
 * garbage on its process-wide helper threads, at the server's normal priority, so lowering the
 * worker thread alone left about 40% of a core competing with the HTTP thread. A child process has
 * its own V8 and helper threads. On Linux a nice value is per thread and inherited by threads
 * created later, so the renderer is started through `nice -n 15` (before V8 starts any thread);
 * where there is no `nice` it starts plainly and lowers its threads itself (see pdf-renderer.ts).
 * Its memory also stays its own: `--max-old-space-size` ends a runaway render's process, not the
 * server, and the server's RSS does not carry pdfkit's fonts and buffers.
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
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { availableParallelism } from "node:os";
import { delimiter, join, resolve } from "node:path";
import type { PdfRendererMessage, PdfRenderRequest } from "./pdf-renderer";
import type { ReportModelOptions, ReportSources } from "./report-model.server";

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

export interface PdfQueue {
  /** Builds the report from its rows (scoring, charts) and renders it, all in a renderer process. */
  render(sources: ReportSources, options?: ReportModelOptions): Promise<PdfRenderResult>;
  /** Starts one renderer ahead of need (it takes a second or two to load), unless one is running. */
  warm(): void;
  stats(): PdfQueueStats;
  /** Stops taking renders, lets those already taken finish (up to graceMs), then ends every renderer. */
  close(options?: { graceMs?: number }): Promise<void>;
}

interface Job {
  id: number;
  sources: ReportSources;
  options: ReportModelOptions;
  resolve: (result: PdfRenderResult) => void;
  reject: (error: Error) => void;
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

let niceCommand: string | null | undefined;
/** The `nice` program on PATH, or null (Windows, minimal containers). Looked up once. */
function findNice(): string | null {
  if (niceCommand !== undefined) return niceCommand;
  niceCommand = null;
  if (process.platform === "win32") return niceCommand;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, "nice");
    try {
      accessSync(candidate, constants.X_OK);
      niceCommand = candidate;
      break;
    } catch {
      // Not here.
    }
  }
  return niceCommand;
}

function startRendererProcess(entry: string, maxHeapMb: number): ChildProcess {
  const nodeArgs = [`--max-old-space-size=${maxHeapMb}`, "--import", "tsx", entry, String(RENDERER_NICE)];
  const nice = findNice();
  const [command, args] = nice ? [nice, ["-n", String(RENDERER_NICE), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
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
      finish(renderer);
      if (message.type === "rendered") {
        counts.rendered += 1;
        meanRenderMs = meanRenderMs * 0.8 + message.renderMs * 0.2;
        // Structured clone hands over a view of the message's own buffer: no copy.
        const pdf = new Uint8Array(message.pdf.buffer as ArrayBuffer, message.pdf.byteOffset, message.pdf.byteLength);
        job.resolve({ status: "rendered", pdf, fileName: message.fileName });
      } else {
        counts.failed += 1;
        job.reject(new Error(`The PDF could not be rendered: ${message.error}`));
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

  function start(renderer: Renderer, job: Job) {
    renderer.job = job;
    busy(renderer);
    renderer.timer = setTimeout(() => retire(renderer, new Error(`The PDF took longer than ${timeoutMs} ms to render.`)), timeoutMs);
    const request: PdfRenderRequest = { id: job.id, sources: job.sources, options: job.options };
    renderer.child.send(request, (error) => {
      if (error) retire(renderer, error);
    });
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

  return {
    render(sources, options = {}) {
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
        waiting.push({ id: nextId++, sources, options, resolve: resolvePromise, reject: rejectPromise });
        pump();
      });
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

/** Builds and renders a report from its rows in a renderer process, or answers busy when the queue is full. */
export function renderReportInWorker(sources: ReportSources, options?: ReportModelOptions): Promise<PdfRenderResult> {
  return getPdfQueue().render(sources, options);
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
