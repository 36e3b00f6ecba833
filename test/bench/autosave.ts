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
 * Load is spread over many respondents (default BENCH_RESPONDENTS) because Cairn limits one
 * respondent to 1200 saves a minute (app/auth/rate-limit.server.ts): this measures the server, not
 * the limiter. 200 were enough at 7,000 saves/s; at 14,000/s half the saves met the limit (429).
 * Each measurement alternates between the two servers in rounds, and the server processes' CPU time
 * per save is recorded (from /proc), which a busy shared machine disturbs far less than wall time.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import SQLite from "../../db/sqlite-driver";
import { RESPONDENT_GROUP_KEYS } from "../../app/domain/dimensions";
import { openDatabase } from "../../db/client";
import { startCairn, type RunningCairn } from "../e2e/support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { startBaselineServer, type RunningBaseline } from "./baseline-server";
import type { ClientGcPauses, PacedClientMessage, PacedRun, PacedRunResult } from "./paced-client";

export type { ClientGcPauses } from "./paced-client";

const PACED_CLIENT_FILE = fileURLToPath(new URL("./paced-client.ts", import.meta.url));

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

/** Respondents the autosave load rotates over: 1,000 × 1,200 saves a minute each is 20,000 saves/s before the limiter. */
export const BENCH_RESPONDENTS = 1000;

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
  /** Each measurement is split into this many rounds, alternating Cairn and baseline (default 2). */
  rounds?: number;
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
  rounds: number;
  /** Durable commits/s of the disk itself (probeDurableCommits), measured in the same run. */
  disk: { commitsPerSecond: number; meanCommitMs: number };
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

/** One measured stretch of load on one server; several are added up into a figure. */
interface Segment {
  saves: number;
  durationSeconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencies: number[];
  /** The latencies again, by the phase of pacedLoad's `phases` each save was sent in (saves sent while a phase settled are left out). */
  labelled: Record<string, number[]>;
  cpuMs: number | null;
  elapsedMs: number;
  /**
   * Garbage-collection pauses of the paced client during its run: a pause delays the saves in
   * flight as a server stall would, so the report names them.
   */
  clientGcPauses?: ClientGcPauses;
}

async function autocannonSegment(
  baseUrl: string,
  pid: number | undefined,
  rotation: SaveRotation,
  load: { seconds: number; connections: number; overallRate?: number },
): Promise<Segment> {
  const cpuBefore = processCpuMs(pid);
  const started = performance.now();
  const { result, latencies } = await autocannonLoad(baseUrl, rotation, load);
  const elapsedMs = performance.now() - started;
  const cpuAfter = processCpuMs(pid);
  return {
    saves: result["2xx"],
    durationSeconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
    latencies,
    labelled: {},
    cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
    elapsedMs,
  };
}

function addUp(segments: Segment[]) {
  const statusCodes: Record<string, number> = {};
  for (const segment of segments) for (const [code, count] of Object.entries(segment.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const sum = (pick: (segment: Segment) => number) => segments.reduce((total, segment) => total + pick(segment), 0);
  const cpuKnown = segments.every((segment) => segment.cpuMs !== null);
  return {
    saves: sum((s) => s.saves),
    durationSeconds: sum((s) => s.durationSeconds),
    non2xx: sum((s) => s.non2xx),
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    statusCodes,
    latencies: segments.flatMap((s) => s.latencies),
    cpuMs: cpuKnown ? sum((s) => s.cpuMs ?? 0) : null,
    elapsedMs: sum((s) => s.elapsedMs),
  };
}

function throughputFigures(segments: Segment[]): ThroughputFigures {
  const total = addUp(segments);
  return {
    savesPerSecond: total.saves / total.durationSeconds,
    durationSeconds: total.durationSeconds,
    saves: total.saves,
    non2xx: total.non2xx,
    errors: total.errors,
    timeouts: total.timeouts,
    statusCodes: total.statusCodes,
    latencyMs: summariseLatencies(total.latencies),
    serverCpuMsPerSave: total.cpuMs !== null && total.saves > 0 ? total.cpuMs / total.saves : null,
    serverCpuCores: total.cpuMs !== null ? total.cpuMs / total.elapsedMs : null,
  };
}

function rateFigures(method: RateFigures["method"], targetRate: number, segments: Segment[]): RateFigures {
  const total = addUp(segments);
  return {
    method,
    targetRate,
    achievedRate: total.saves / total.durationSeconds,
    non2xx: total.non2xx,
    errors: total.errors + total.timeouts,
    latencyMs: summariseLatencies(total.latencies),
  };
}

/**
 * Durable commits per second on the benchmark's disk, without any server: one-row upserts, each
 * its own transaction, WAL + synchronous=FULL, for `seconds`. The baseline server cannot beat this;
 * when it is low, the disk (or another tenant's fsyncs) is the bottleneck, not the code under test.
 */
export function probeDurableCommits(seconds = 1): { commitsPerSecond: number; meanCommitMs: number } {
  const dir = mkdtempSync(join(tmpdir(), "cairn-bench-disk-"));
  try {
    const sqlite = new SQLite(join(dir, "probe.db"));
    try {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
      sqlite.exec("create table t (k integer primary key, v text not null)");
      const upsert = sqlite.prepare("insert into t (k, v) values (?, ?) on conflict (k) do update set v = excluded.v");
      const started = performance.now();
      let commits = 0;
      while (performance.now() - started < seconds * 1000) upsert.run(commits++ % 200, `value ${commits}`);
      const elapsed = performance.now() - started;
      return { commitsPerSecond: (commits * 1000) / elapsed, meanCommitMs: elapsed / commits };
    } finally {
      sqlite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An open-loop client that starts one save every 1/rate seconds, evenly spaced, whatever the
 * responses do. autocannon's `overallRate` is not that: each connection sends its share of the
 * second's requests back to back when the second starts and then waits for the next second, so
 * 200 saves/s over 50 connections arrive as a burst of 200 at the top of every second.
 *
 * The client runs in a small process of its own (paced-client.ts), not in this one, so that its
 * garbage collections are short: see there. The saves are taken from the rotation here, up front.
 */
export async function pacedLoad(
  baseUrl: string,
  pid: number | undefined,
  rotation: SaveRotation,
  seconds: number,
  rate: number,
  maxSockets: number,
  /** Phases that take turns during the run; `onPhase` is told as each begins (see PacedRun). */
  phases?: PacedRun["phases"] & { onPhase: (label: string) => void },
): Promise<Segment> {
  const total = Math.max(1, Math.round(seconds * rate));
  const saves = Array.from({ length: total }, () => rotation.take());
  const client = spawn(process.execPath, ["--expose-gc", "--min-semi-space-size=16", "--import", "tsx", PACED_CLIENT_FILE], {
    cwd: process.cwd(),
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    serialization: "advanced",
  });
  let cpuBefore: number | null = null;
  try {
    const result = await new Promise<PacedRunResult>((resolveRun, rejectRun) => {
      client.on("message", (message: PacedClientMessage) => {
        if (message.type === "ready") {
          cpuBefore = processCpuMs(pid);
          const sentPhases = phases && { labels: phases.labels, phaseMs: phases.phaseMs, settleMs: phases.settleMs };
          client.send({ type: "run", baseUrl, saves, rate, maxSockets, phases: sentPhases } satisfies PacedRun);
        } else if (message.type === "phase") phases?.onPhase(message.label);
        else resolveRun(message);
      });
      client.once("error", rejectRun);
      client.once("exit", (code, signal) => rejectRun(new Error(`The paced client stopped before it finished (${signal ?? `exit code ${code}`}).`)));
    });
    const cpuAfter = processCpuMs(pid);
    return {
      saves: result.latencies.length,
      durationSeconds: result.elapsedMs / 1000,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: 0,
      statusCodes: result.statusCodes,
      latencies: result.latencies,
      labelled: result.labelled,
      cpuMs: cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null,
      elapsedMs: result.elapsedMs,
      clientGcPauses: result.gcPauses,
    };
  } finally {
    if (client.exitCode === null && client.signalCode === null) client.kill();
  }
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
  const respondents = options.respondents ?? BENCH_RESPONDENTS;
  const warmupSeconds = options.warmupSeconds ?? 1;
  const rounds = Math.max(1, options.rounds ?? 2);
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
    const disk = probeDurableCommits(1);
    log(`autosave: this disk takes ${disk.commitsPerSecond.toFixed(0)} durable SQLite commits/s (${disk.meanCommitMs.toFixed(2)} ms each)`);

    // Each measurement is split into rounds that alternate between the servers, so a burst of
    // someone else's work on this shared machine lands on both rather than on one.
    const segments = {
      throughput: { cairn: [] as Segment[], baseline: [] as Segment[] },
      autocannonRate: { cairn: [] as Segment[], baseline: [] as Segment[] },
      paced: { cairn: [] as Segment[], baseline: [] as Segment[] },
    };
    for (let round = 0; round < rounds; round++) {
      for (const server of servers) {
        segments.throughput[server.name].push(await autocannonSegment(server.baseUrl, server.pid, server.rotation, { seconds: options.throughputSeconds / rounds, connections }));
      }
    }
    const throughput = { cairn: throughputFigures(segments.throughput.cairn), baseline: throughputFigures(segments.throughput.baseline) };
    for (const server of servers) log(`autosave: ${server.name} throughput ${throughput[server.name].savesPerSecond.toFixed(0)} saves/s, non-2xx ${throughput[server.name].non2xx}`);

    const rateAutocannon: Record<"cairn" | "baseline", RateFigures | null> = { cairn: null, baseline: null };
    const ratePaced: Record<"cairn" | "baseline", RateFigures | null> = { cairn: null, baseline: null };
    if (options.latencySeconds > 0) {
      const seconds = options.latencySeconds / rounds;
      for (let round = 0; round < rounds; round++) {
        for (const server of servers) {
          segments.autocannonRate[server.name].push(await autocannonSegment(server.baseUrl, server.pid, server.rotation, { seconds, connections, overallRate: rate }));
          segments.paced[server.name].push(await pacedLoad(server.baseUrl, server.pid, server.rotation, seconds, rate, connections));
        }
      }
      for (const server of servers) {
        rateAutocannon[server.name] = rateFigures("autocannon-overallRate", rate, segments.autocannonRate[server.name]);
        ratePaced[server.name] = rateFigures("paced", rate, segments.paced[server.name]);
        log(`autosave: ${server.name} at ${rate}/s p99 ${rateAutocannon[server.name]!.latencyMs.p99.toFixed(2)} ms (autocannon overallRate), ${ratePaced[server.name]!.latencyMs.p99.toFixed(2)} ms (paced)`);
      }
    }

    return {
      respondents,
      connections,
      rounds,
      disk,
      cairn: { throughput: throughput.cairn, rateAutocannon: rateAutocannon.cairn, ratePaced: ratePaced.cairn },
      baseline: { throughput: throughput.baseline, rateAutocannon: rateAutocannon.baseline, ratePaced: ratePaced.baseline },
      throughputRatio: throughput.cairn.savesPerSecond / throughput.baseline.savesPerSecond,
    };
  } finally {
    await Promise.allSettled([cairn?.stop(), baseline?.stop()]);
  }
}
