/*
 * Autosave under load: the real production server (startCairn: express + Remix, SQLite in WAL with
 * synchronous=FULL, group commit) against a bare node:http + better-sqlite3 server with the same
 * durability (baseline-server.ts), in the same run, on the same disk.
 *
 * (1) Throughput: autocannon, 50 connections for N seconds, every request a save of a distinct
 *     respondent/sequence number (rotating over many respondents' cookies).
 * (2) Latency at 200 saves/s: autocannon's `overallRate: 200`, and an evenly paced open-loop
 *     client at the same rate (see `pacedLoad` for why both).
 *
 * Load is spread over many respondents (default 200) because Cairn limits one respondent to 1200
 * saves a minute (app/auth/rate-limit.server.ts): this measures the server, not the limiter.
 */
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { RESPONDENT_GROUP_KEYS } from "../../app/domain/dimensions";
import { openDatabase } from "../../db/client";
import { startCairn, type RunningCairn } from "../e2e/support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { startBaselineServer, type RunningBaseline } from "./baseline-server";

// autocannon ships no types; this is the part of its API used here.
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  overallRate?: number;
  ignoreCoordinatedOmission?: boolean;
  requests: AutocannonRequest[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; mean: number; max: number };
  requests: { average: number; total: number };
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: "response", listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: AutocannonOptions) => AutocannonInstance;

/** The autosave question every request answers: a free-text question every group is shown. */
export const BENCH_QUESTION = "about_hybrid_meaning";

export interface AutosaveOptions {
  /** Seconds of the throughput run (quick: 5, full: 15). */
  throughputSeconds: number;
  /** Seconds of each 200 saves/s latency run; 0 skips the latency runs. */
  latencySeconds: number;
  connections?: number;
  /** Target rate of the latency runs, saves/s. */
  rate?: number;
  /** Respondents the load is spread over (Cairn allows 1200 saves/min per respondent). */
  respondents?: number;
  /** Seconds of unmeasured load on each server before measuring (JIT, caches, first WAL growth). */
  warmupSeconds?: number;
  log?: (line: string) => void;
}

export interface ThroughputFigures {
  /** Acknowledged (2xx) saves per second. */
  savesPerSecond: number;
  durationSeconds: number;
  saves: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: LatencySummary;
  /** CPU seconds the server process used per 1000 saves (Linux /proc), null elsewhere. */
  serverCpuMsPerSave: number | null;
  /** Server CPU utilisation during the run, 1.0 = one core. */
  serverCpuCores: number | null;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface RateFigures {
  /** How the load was generated. */
  method: "autocannon-overallRate" | "paced";
  targetRate: number;
  achievedRate: number;
  non2xx: number;
  errors: number;
  latencyMs: LatencySummary;
}

export interface ServerFigures {
  throughput: ThroughputFigures;
  rateAutocannon: RateFigures | null;
  ratePaced: RateFigures | null;
}

export interface AutosaveResult {
  respondents: number;
  connections: number;
  cairn: ServerFigures;
  baseline: ServerFigures;
  /** Cairn saves/s ÷ baseline saves/s. */
  throughputRatio: number;
}

export interface Target {
  path: string;
  cookie: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summariseLatencies(samples: number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** CPU time (ms) a process has used so far, from /proc; null where there is no /proc. */
function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/** Hands out requests: each a save by the next respondent in turn, with a sequence number higher than any before. */
export class SaveRotation {
  private next = 0;
  private seq = 0;
  constructor(private readonly targets: Target[]) {}

  take(): { path: string; cookie: string; body: string } {
    const target = this.targets[this.next++ % this.targets.length];
    const seq = ++this.seq;
    return {
      path: target.path,
      cookie: target.cookie,
      body: JSON.stringify({ answers: [{ question: BENCH_QUESTION, value: `bench answer ${seq}`, seq }] }),
    };
  }
}

export async function autocannonLoad(
  baseUrl: string,
  rotation: SaveRotation,
  { seconds, connections, overallRate }: { seconds: number; connections: number; overallRate?: number },
) {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const save = rotation.take();
          return {
            ...request,
            method: "POST",
            path: save.path,
            headers: { "Content-Type": "application/json", Cookie: save.cookie },
            body: save.body,
          };
        },
      },
    ],
  });
  // Our own record of every 2xx response time, in fractional milliseconds: autocannon's histogram
  // keeps whole milliseconds, and with a rate set it back-fills "coordinated omission" samples at
  // an expected interval it computes as ceil(1 / rate) = 1 ms, which is not this load's interval.
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return { result, latencies };
}

async function throughputRun(baseUrl: string, pid: number | undefined, rotation: SaveRotation, seconds: number, connections: number): Promise<ThroughputFigures> {
  const cpuBefore = processCpuMs(pid);
  const started = performance.now();
  const { result, latencies } = await autocannonLoad(baseUrl, rotation, { seconds, connections });
  const elapsedMs = performance.now() - started;
  const cpuAfter = processCpuMs(pid);
  const saves = result["2xx"];
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  return {
    savesPerSecond: saves / result.duration,
    durationSeconds: result.duration,
    saves,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
    latencyMs: summariseLatencies(latencies),
    serverCpuMsPerSave: cpuMs !== null && saves > 0 ? cpuMs / saves : null,
    serverCpuCores: cpuMs !== null ? cpuMs / elapsedMs : null,
  };
}

async function autocannonRateRun(baseUrl: string, rotation: SaveRotation, seconds: number, connections: number, rate: number): Promise<RateFigures> {
  const { result, latencies } = await autocannonLoad(baseUrl, rotation, { seconds, connections, overallRate: rate });
  return {
    method: "autocannon-overallRate",
    targetRate: rate,
    achievedRate: result["2xx"] / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: summariseLatencies(latencies),
  };
}

/**
 * An open-loop client that starts one save every 1/rate seconds, evenly spaced, whatever the
 * responses do. autocannon's `overallRate` is not that: each connection sends its share of the
 * second's requests back to back when the second starts and then waits for the next second, so
 * 200 saves/s over 50 connections arrive as a burst of 200 at the top of every second.
 */
export async function pacedLoad(baseUrl: string, rotation: SaveRotation, seconds: number, rate: number, maxSockets: number): Promise<RateFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  const total = Math.max(1, Math.round(seconds * rate));
  const intervalMs = 1000 / rate;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const send = () => {
    const save = rotation.take();
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
            if (status >= 200 && status < 300) latencies.push(performance.now() - sent);
            else non2xx++;
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
  const started = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(send());
    }
    await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  return { method: "paced", targetRate: rate, achievedRate: latencies.length / elapsedSeconds, non2xx, errors, latencyMs: summariseLatencies(latencies) };
}

/** Creates `count` link respondents on Cairn's database and swaps each link for its survey cookie. */
export async function prepareCairnTargets(cairn: RunningCairn, count: number): Promise<Target[]> {
  const handle = openDatabase({ url: cairn.databasePath });
  let survey: Awaited<ReturnType<typeof createSurveyAssessment>>;
  try {
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").where("organisation_id", "=", organisation.id).executeTakeFirstOrThrow();
    const groups = Array.from({ length: count }, (_, i) => RESPONDENT_GROUP_KEYS[i % 4]);
    survey = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups });
  } finally {
    await handle.close();
  }
  const targets: Target[] = [];
  for (let i = 0; i < survey.respondents.length; i += 20) {
    const batch = survey.respondents.slice(i, i + 20);
    targets.push(
      ...(await Promise.all(
        batch.map(async (respondent) => {
          const response = await fetch(`${cairn.baseUrl}/s/${respondent.token}`, { redirect: "manual" });
          const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
          if (response.status !== 302 || !cookie.startsWith("cairn_survey=")) {
            throw new Error(`Opening a survey link answered ${response.status} without a survey cookie`);
          }
          return { path: `/survey/${respondent.id}/answers`, cookie };
        }),
      )),
    );
  }
  return targets;
}

async function checkOneSave(baseUrl: string, rotation: SaveRotation, name: string) {
  const save = rotation.take();
  const response = await fetch(`${baseUrl}${save.path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: save.cookie },
    body: save.body,
  });
  if (response.status !== 200) throw new Error(`${name}: a single save answered ${response.status}: ${await response.text()}`);
}

export async function runAutosaveBenchmark(options: AutosaveOptions): Promise<AutosaveResult> {
  const connections = options.connections ?? 50;
  const rate = options.rate ?? 200;
  const respondents = options.respondents ?? 200;
  const warmupSeconds = options.warmupSeconds ?? 1;
  const log = options.log ?? (() => {});

  let cairn: RunningCairn | undefined;
  let baseline: RunningBaseline | undefined;
  try {
    cairn = await startCairn();
    baseline = await startBaselineServer();
    log(`autosave: Cairn at ${cairn.baseUrl}, baseline at ${baseline.baseUrl}; preparing ${respondents} respondents`);
    const cairnTargets = await prepareCairnTargets(cairn, respondents);
    // The baseline gets the same paths and cookies, so both servers parse the same bytes.
    const cairnRotation = new SaveRotation(cairnTargets);
    const baselineRotation = new SaveRotation(cairnTargets);
    await checkOneSave(cairn.baseUrl, cairnRotation, "Cairn");
    await checkOneSave(baseline.baseUrl, baselineRotation, "baseline");

    const servers = [
      { name: "cairn" as const, baseUrl: cairn.baseUrl, pid: cairn.process.pid, rotation: cairnRotation },
      { name: "baseline" as const, baseUrl: baseline.baseUrl, pid: baseline.process.pid, rotation: baselineRotation },
    ];
    if (warmupSeconds > 0) {
      for (const server of servers) await autocannonLoad(server.baseUrl, server.rotation, { seconds: warmupSeconds, connections: Math.min(10, connections) });
    }

    const throughput = {} as Record<"cairn" | "baseline", ThroughputFigures>;
    for (const server of servers) {
      throughput[server.name] = await throughputRun(server.baseUrl, server.pid, server.rotation, options.throughputSeconds, connections);
      log(`autosave: ${server.name} throughput ${throughput[server.name].savesPerSecond.toFixed(0)} saves/s, non-2xx ${throughput[server.name].non2xx}`);
    }

    const rateAutocannon: Record<"cairn" | "baseline", RateFigures | null> = { cairn: null, baseline: null };
    const ratePaced: Record<"cairn" | "baseline", RateFigures | null> = { cairn: null, baseline: null };
    if (options.latencySeconds > 0) {
      for (const server of servers) {
        rateAutocannon[server.name] = await autocannonRateRun(server.baseUrl, server.rotation, options.latencySeconds, connections, rate);
        log(`autosave: ${server.name} at ${rate}/s (autocannon overallRate) p99 ${rateAutocannon[server.name]!.latencyMs.p99.toFixed(2)} ms`);
      }
      for (const server of servers) {
        ratePaced[server.name] = await pacedLoad(server.baseUrl, server.rotation, options.latencySeconds, rate, connections);
        log(`autosave: ${server.name} at ${rate}/s (paced) p99 ${ratePaced[server.name]!.latencyMs.p99.toFixed(2)} ms`);
      }
    }

    return {
      respondents,
      connections,
      cairn: { throughput: throughput.cairn, rateAutocannon: rateAutocannon.cairn, ratePaced: ratePaced.cairn },
      baseline: { throughput: throughput.baseline, rateAutocannon: rateAutocannon.baseline, ratePaced: ratePaced.baseline },
      throughputRatio: throughput.cairn.savesPerSecond / throughput.baseline.savesPerSecond,
    };
  } finally {
    await Promise.allSettled([cairn?.stop(), baseline?.stop()]);
  }
}
