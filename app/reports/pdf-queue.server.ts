/*
 * Report PDFs are built and rendered off the request thread, in a small pool of worker threads, so
 * a burst of downloads never stalls survey autosaves on the main event loop: the request only reads
 * the report's rows (ReportSources) and the worker does the rest (scoring, charts, the PDF). At most
 * `concurrency` renders run at once and at most `maxWaiting` wait; beyond that the caller gets a
 * "busy" result (the route answers 503 with Retry-After) instead of an ever-growing queue.
 *
 * The worker runs TypeScript (app/reports/pdf-worker.ts). Its path comes from process.cwd(), not
 * import.meta.url: this module is bundled into build/index.js, where import.meta.url points at the
 * bundle. Node 20 ignores `--import tsx` in a worker's execArgv (the .ts entry then fails with
 * ERR_UNKNOWN_FILE_EXTENSION), so each worker starts from a two-line bootstrap that registers tsx's
 * loader in that thread and then imports the entry; this works the same on Node 20, 22 and 24.
 *
 * The pool lives on globalThis: `remix dev` rebuilds and app/server/start.ts (which loads this file
 * from source, not from the bundle) then see one pool, and closePdfQueue() ends its workers.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { PdfRenderReply, PdfRenderRequest } from "./pdf-worker";
import type { ReportModelOptions, ReportSources } from "./report-model.server";

export const PDF_WORKER_ENTRY = "app/reports/pdf-worker.ts";

export type PdfRenderResult =
  | { status: "rendered"; pdf: Uint8Array<ArrayBuffer>; fileName: { ascii: string; utf8: string } }
  | { status: "busy"; retryAfterSeconds: number };

export interface PdfQueueOptions {
  /** Renders at once (one worker each). Default: the number of cores, at most 4. */
  concurrency?: number;
  /** Renders allowed to wait for a worker; more are turned away as busy. Default 8. */
  maxWaiting?: number;
  /** A render taking longer fails and its worker is replaced. Default 30 s. */
  timeoutMs?: number;
  /** Absolute path of the worker entry. Default: PDF_WORKER_ENTRY under process.cwd(). */
  workerFile?: string;
  /** Heap limit of each worker, so a runaway render ends its worker, not the server. Default 256 MB. */
  maxWorkerHeapMb?: number;
}

export interface PdfQueueStats {
  workers: number;
  rendering: number;
  waiting: number;
  rendered: number;
  failed: number;
  turnedAway: number;
}

export interface PdfQueue {
  /** Builds the report from its rows (scoring, charts) and renders it, all in a worker. */
  render(sources: ReportSources, options?: ReportModelOptions): Promise<PdfRenderResult>;
  /** Starts one worker ahead of need (it takes a second or two to load), unless one is running. */
  warm(): void;
  stats(): PdfQueueStats;
  /** Stops taking renders, lets those already taken finish (up to graceMs), then ends every worker. */
  close(options?: { graceMs?: number }): Promise<void>;
}

interface Job {
  id: number;
  sources: ReportSources;
  options: ReportModelOptions;
  resolve: (result: PdfRenderResult) => void;
  reject: (error: Error) => void;
}

interface PooledWorker {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

export class PdfQueueClosedError extends Error {
  constructor() {
    super("The PDF queue is shut down.");
    this.name = "PdfQueueClosedError";
  }
}

/** Registers tsx's loader in the new thread, then loads the entry. */
function bootstrapCode(entry: string): string {
  const url = JSON.stringify(pathToFileURL(entry).href);
  return `import("tsx/esm/api").then(({ register }) => { register(); return import(${url}); });`;
}

export function createPdfQueue(options: PdfQueueOptions = {}): PdfQueue {
  // One core is always left to the HTTP thread: on a 2-core machine, one render at a time.
  const concurrency = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism() - 1));
  const maxWaiting = Math.max(0, options.maxWaiting ?? 8);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const workerFile = options.workerFile ?? resolve(process.cwd(), PDF_WORKER_ENTRY);
  const maxWorkerHeapMb = options.maxWorkerHeapMb ?? 256;

  const pool: PooledWorker[] = [];
  const waiting: Job[] = [];
  const counts = { rendered: 0, failed: 0, turnedAway: 0 };
  let nextId = 1;
  let closed = false;
  /** A running mean of render time, for Retry-After. */
  let meanRenderMs = 250;
  let drained: (() => void) | null = null;

  function spawn(): PooledWorker {
    const worker = new Worker(bootstrapCode(workerFile), {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: maxWorkerHeapMb },
    });
    const pooled: PooledWorker = { worker, job: null, timer: null };
    worker.on("message", (reply: PdfRenderReply) => {
      const job = pooled.job;
      if (!job || reply.id !== job.id) return;
      finish(pooled);
      if (reply.ok) {
        counts.rendered += 1;
        meanRenderMs = meanRenderMs * 0.8 + reply.renderMs * 0.2;
        job.resolve({ status: "rendered", pdf: new Uint8Array(reply.pdf), fileName: reply.fileName });
      } else {
        counts.failed += 1;
        job.reject(new Error(`The PDF could not be rendered: ${reply.error}`));
      }
      pump();
    });
    // An uncaught error ends the worker; its render fails and a new worker takes the next one.
    worker.on("error", (error) => retire(pooled, error));
    worker.on("exit", (code) => retire(pooled, new Error(`The PDF worker stopped (exit code ${code}).`)));
    pool.push(pooled);
    return pooled;
  }

  function finish(pooled: PooledWorker) {
    if (pooled.timer) clearTimeout(pooled.timer);
    pooled.timer = null;
    pooled.job = null;
    // An idle worker must not keep the process alive.
    pooled.worker.unref();
  }

  function retire(pooled: PooledWorker, error: Error) {
    const index = pool.indexOf(pooled);
    if (index < 0) return;
    pool.splice(index, 1);
    const job = pooled.job;
    if (pooled.timer) clearTimeout(pooled.timer);
    pooled.job = null;
    if (job) {
      counts.failed += 1;
      job.reject(error);
    }
    void pooled.worker.terminate();
    pump();
  }

  function start(pooled: PooledWorker, job: Job) {
    pooled.job = job;
    pooled.worker.ref();
    pooled.timer = setTimeout(() => retire(pooled, new Error(`The PDF took longer than ${timeoutMs} ms to render.`)), timeoutMs);
    const request: PdfRenderRequest = { id: job.id, sources: job.sources, options: job.options };
    pooled.worker.postMessage(request);
  }

  function pump() {
    while (waiting.length > 0) {
      const idle = pool.find((p) => p.job === null) ?? (pool.length < concurrency ? spawn() : null);
      if (!idle) break;
      start(idle, waiting.shift()!);
    }
    if (drained && waiting.length === 0 && pool.every((p) => p.job === null)) drained();
  }

  return {
    render(sources, options = {}) {
      if (closed) return Promise.reject(new PdfQueueClosedError());
      const rendering = pool.filter((p) => p.job !== null).length;
      if (rendering >= concurrency && waiting.length >= maxWaiting) {
        counts.turnedAway += 1;
        // Roughly when a slot frees up: everything ahead of the caller, shared among the workers.
        const retryAfterSeconds = Math.max(1, Math.ceil(((waiting.length + rendering) * meanRenderMs) / concurrency / 1000));
        return Promise.resolve({ status: "busy", retryAfterSeconds });
      }
      return new Promise<PdfRenderResult>((resolvePromise, rejectPromise) => {
        waiting.push({ id: nextId++, sources, options, resolve: resolvePromise, reject: rejectPromise });
        pump();
      });
    },

    warm() {
      if (closed || pool.length > 0) return;
      spawn().worker.unref();
    },

    stats() {
      return {
        workers: pool.length,
        rendering: pool.filter((p) => p.job !== null).length,
        waiting: waiting.length,
        ...counts,
      };
    },

    async close({ graceMs = 3000 } = {}) {
      closed = true;
      if (waiting.length > 0 || pool.some((p) => p.job !== null)) {
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
      const workers = pool.splice(0);
      for (const pooled of workers) {
        if (pooled.timer) clearTimeout(pooled.timer);
        pooled.job?.reject(new PdfQueueClosedError());
        pooled.job = null;
      }
      await Promise.all(workers.map((p) => p.worker.terminate()));
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

/** Builds and renders a report from its rows in a worker thread, or answers busy when the queue is full. */
export function renderReportInWorker(sources: ReportSources, options?: ReportModelOptions): Promise<PdfRenderResult> {
  return getPdfQueue().render(sources, options);
}

/** For pages that offer a PDF: the first download then does not wait for a worker to start. */
export function warmPdfQueue(): void {
  getPdfQueue().warm();
}

/** Ends the app's PDF workers (server shutdown). Safe to call when no PDF was ever rendered. */
export async function closePdfQueue(): Promise<void> {
  const queue = globalThis.__cairnPdfQueue;
  globalThis.__cairnPdfQueue = undefined;
  await queue?.close();
}
