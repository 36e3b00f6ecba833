/*
 * The paced autosave client, run as a child process of the benchmark (see pacedLoad in autosave.ts).
 *
 * Why a process of its own: a pause of the client delays the saves in flight as a server stall
 * would. In the benchmark process, whose heap holds the bench's own modules and earlier benchmarks'
 * data (44 MB and more), a full collection took 27-36 ms, and the full run met up to 80 pauses in
 * one minute, the longest 20 ms. This process imports node builtins only and keeps a few MB, so it
 * only ever collects its young generation; started with `--min-semi-space-size=16` (pacedLoad), it
 * does so about 8 times a minute instead of 82, each pause 0.5-2 ms.
 *
 * Protocol (IPC, "advanced" serialisation): it says { type: "ready" }; it is sent one PacedRun; it
 * says { type: "phase", label } as each phase begins, then { type: "done", ...PacedRunResult } and
 * exits.
 */
import { Agent, request as httpRequest } from "node:http";
import { constants, performance, PerformanceObserver } from "node:perf_hooks";

export interface PacedSave {
  path: string;
  cookie: string;
  body: string;
}

export interface PacedRun {
  type: "run";
  baseUrl: string;
  /** Sent in order, one every 1000/rate ms from the start, whatever the responses do. */
  saves: PacedSave[];
  rate: number;
  maxSockets: number;
  /**
   * Phases that take turns every `phaseMs` from the start (the first label first). Each save's
   * latency is also filed under the phase it was sent in, except in a phase's first `settleMs`.
   */
  phases?: { labels: string[]; phaseMs: number; settleMs: number };
}

export interface ClientGcPauses {
  count: number;
  maxMs: number;
  totalMs: number;
}

export interface PacedRunResult {
  latencies: number[];
  labelled: Record<string, number[]>;
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  elapsedMs: number;
  gcPauses: ClientGcPauses;
}

export type PacedClientMessage = { type: "ready" } | { type: "phase"; label: string } | ({ type: "done" } & PacedRunResult);

async function run({ baseUrl, saves, rate, maxSockets, phases }: PacedRun): Promise<PacedRunResult> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  const labelled: Record<string, number[]> = {};
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];

  const send = (save: PacedSave, filedUnder: number[] | null) => {
    const body = Buffer.from(save.body);
    return new Promise<void>((resolveSave) => {
      const sent = performance.now();
      const req = httpRequest(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: save.path,
          headers: { "Content-Type": "application/json", "Content-Length": body.length, Cookie: save.cookie },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) {
              const latency = performance.now() - sent;
              latencies.push(latency);
              filedUnder?.push(latency);
            } else non2xx++;
            resolveSave();
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors++;
        resolveSave();
      });
      req.end(body);
    });
  };

  let phase = -1;
  const phaseOf = (elapsedMs: number): string | null => {
    if (!phases) return null;
    const current = Math.floor(elapsedMs / phases.phaseMs);
    const label = phases.labels[current % phases.labels.length];
    if (current !== phase) {
      phase = current;
      process.send?.({ type: "phase", label } satisfies PacedClientMessage);
    }
    return elapsedMs - current * phases.phaseMs < phases.settleMs ? null : label;
  };

  (globalThis as { gc?: () => void }).gc?.();
  const gcPauses: number[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR || kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcPauses.push(entry.duration);
    }
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  const started = performance.now();
  try {
    for (const [i, save] of saves.entries()) {
      const wait = started + i * intervalMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const label = phaseOf(performance.now() - started);
      inFlight.push(send(save, label === null ? null : (labelled[label] ??= [])));
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
    gcObserver.disconnect();
  }
  return {
    latencies,
    labelled,
    statusCodes,
    non2xx,
    errors,
    elapsedMs: performance.now() - started,
    gcPauses: { count: gcPauses.length, maxMs: Math.max(0, ...gcPauses), totalMs: gcPauses.reduce((sum, ms) => sum + ms, 0) },
  };
}

if (process.send) {
  process.once("message", (message: PacedRun) => {
    void run(message).then((result) => process.send!({ type: "done", ...result } satisfies PacedClientMessage, () => process.disconnect()));
  });
  process.send({ type: "ready" } satisfies PacedClientMessage);
}
