/*
 * Pages at scale: the production server (startCairn, express + Remix, SQLite in WAL with
 * synchronous=FULL) on a copy of the generated database (generate-data.ts), signed in as the
 * benchmark provider's consultant, asked for three pages:
 *
 *   dashboard  /dashboard                        the provider's customers with their latest scores
 *   customer   /customers/<id>                   the customer with most assessments: trend, benchmark
 *   results    /assessments/<id>/results         10 respondents, about 500 answers, scored live
 *
 * Timing: after a warm-up, rounds of one request to each page in turn, sequential, over ONE
 * keep-alive connection (a browser asking for a document, gzip accepted), so every figure is one
 * request's own latency. Server CPU per request is read from /proc (utime+stime of the server
 * process, all its threads) around each request and summed per page: a shared, busy machine
 * disturbs that far less than wall time.
 *
 * Query plans: the same pages' loaders (the _app layout's and the page's own: what a document
 * request runs) are called in this process against a copy of the database through a kysely plugin
 * that records every compiled query; each recorded query is then explained on its own database:
 * `EXPLAIN QUERY PLAN` on SQLite (the generated file), `EXPLAIN` on PostgreSQL (the same data at a
 * tenth of the full scale, in a schema of its own, dropped afterwards). Where PostgreSQL plans a Seq
 * Scan, the query is explained again with enable_seqscan = off, to tell a missing index from a
 * planner that priced the scan cheaper. A plan that reads all of
 * answers, respondents or assessments is a full scan:
 *   SQLite:      `SCAN <table>` (with or without `USING [COVERING] INDEX`: no constraint, so every row)
 *   PostgreSQL:  `Seq Scan on <table>`
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from "kysely";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { startCairn, type RunningCairn } from "../e2e/support/cairn-server";
import { copyDatasetTo, DEFAULT_POSTGRES_URL, ensureSqliteDataset, generatePostgresDataset, type DatasetManifest, type SqliteDataset } from "./generate-data";

export const PAGE_TARGET_P95_MS = 50;
/** Tables a page must never read in full. */
export const GUARDED_TABLES = ["answers", "respondents", "assessments"] as const;

export interface PagesOptions {
  /** Scale of the SQLite data (1: 10,000 assessments, 5,000,000 answers; quick: 0.1). */
  scale: number;
  /** Measured requests per page (at least 50). */
  requests?: number;
  /** Unmeasured requests per page first. */
  warmup?: number;
  /** Scale of the PostgreSQL data; null skips PostgreSQL. Default 0.1 (a tenth of full scale), or `scale` when smaller. */
  postgresScale?: number | null;
  postgresUrl?: string;
  log?: (line: string) => void;
}

export interface PageFigures {
  page: PageName;
  path: string;
  requests: number;
  statusCodes: Record<string, number>;
  /** Compressed bytes on the wire, median. */
  bytes: number;
  latencyMs: { p50: number; p95: number; max: number; mean: number };
  /** Server CPU (all threads) per request, ms; null without /proc. */
  serverCpuMsPerRequest: number | null;
}

export interface ExplainedQuery {
  page: PageName;
  /** The loader that ran it: the _app layout's or the page's own. */
  loader: "layout" | "page";
  sql: string;
  parameters: unknown[];
  plan: string[];
  fullScans: string[];
  /**
   * PostgreSQL only, when the plan has a Seq Scan of a guarded table: the plan with
   * enable_seqscan = off, which tells whether an index could serve the query at all.
   */
  planWithoutSeqScan?: string[];
}

export interface PlanReport {
  dialect: "sqlite" | "postgres";
  scale: number;
  counts: DatasetManifest["counts"];
  queries: ExplainedQuery[];
  /** Distinct queries (by SQL text) per page. */
  distinctQueries: Record<PageName, number>;
  fullScans: { page: PageName; detail: string; sql: string; indexPathExists?: boolean }[];
}

export interface PagesResult {
  scale: number;
  dataset: { file: string; cached: boolean; generateSeconds: number; fileBytes: number; counts: DatasetManifest["counts"]; bench: DatasetManifest["bench"] };
  serverStartMs: number;
  pages: PageFigures[];
  plans: PlanReport[];
  postgres: { scale: number; generateSeconds: number; schema: string } | { skipped: string } | null;
}

export type PageName = "dashboard" | "customer" | "results";

function pagePaths(bench: DatasetManifest["bench"]): Record<PageName, string> {
  return {
    dashboard: "/dashboard",
    customer: `/customers/${bench.customerId}`,
    results: `/assessments/${bench.assessmentId}/results`,
  };
}

// ---------------------------------------------------------------------------------------------
// Timing against the real server

function processCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ 100
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Response1 {
  status: number;
  bytes: number;
  ms: number;
  location: string | null;
}

function getPage(agent: Agent, baseUrl: string, path: string, cookie: string): Promise<Response1> {
  const url = new URL(baseUrl);
  return new Promise((resolveResponse, reject) => {
    const started = performance.now();
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: "GET",
        path,
        headers: { Cookie: cookie, Accept: "text/html", "Accept-Encoding": "gzip, deflate" },
        timeout: 30_000,
      },
      (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => resolveResponse({ status: res.statusCode ?? 0, bytes, ms: performance.now() - started, location: res.headers.location ?? null }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on("error", reject);
    req.end();
  });
}

async function signInOverHttp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "/dashboard" }),
  });
  await response.arrayBuffer();
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  if (response.status !== 302 || !cookie.startsWith("cairn_session=")) throw new Error(`Signing in as ${email} answered ${response.status} without a session cookie`);
  return cookie;
}

async function timePages(cairn: RunningCairn, cookie: string, paths: Record<PageName, string>, { requests, warmup }: { requests: number; warmup: number }): Promise<PageFigures[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const names = Object.keys(paths) as PageName[];
  const pid = cairn.process.pid;
  try {
    for (const name of names) {
      const first = await getPage(agent, cairn.baseUrl, paths[name], cookie);
      if (first.status !== 200) throw new Error(`GET ${paths[name]} answered ${first.status}${first.location ? ` (to ${first.location})` : ""}`);
    }
    for (let i = 0; i < warmup; i++) for (const name of names) await getPage(agent, cairn.baseUrl, paths[name], cookie);
    const samples = Object.fromEntries(names.map((n) => [n, { ms: [] as number[], bytes: [] as number[], cpuMs: 0 as number | null, status: {} as Record<string, number> }]));
    for (let i = 0; i < requests; i++) {
      for (const name of names) {
        const cpuBefore = processCpuMs(pid);
        const response = await getPage(agent, cairn.baseUrl, paths[name], cookie);
        const cpuAfter = processCpuMs(pid);
        const s = samples[name];
        s.ms.push(response.ms);
        s.bytes.push(response.bytes);
        s.status[response.status] = (s.status[response.status] ?? 0) + 1;
        s.cpuMs = s.cpuMs === null || cpuBefore === null || cpuAfter === null ? null : s.cpuMs + (cpuAfter - cpuBefore);
      }
    }
    return names.map((name) => {
      const s = samples[name];
      const sorted = [...s.ms].sort((a, b) => a - b);
      return {
        page: name,
        path: paths[name],
        requests,
        statusCodes: s.status,
        bytes: percentile([...s.bytes].sort((a, b) => a - b), 50),
        latencyMs: { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted[sorted.length - 1], mean: sorted.reduce((a, b) => a + b, 0) / sorted.length },
        serverCpuMsPerRequest: s.cpuMs === null ? null : s.cpuMs / requests,
      };
    });
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// The queries a page runs, and their plans

/** Records every query compiled through the handle it is plugged into. */
class RecordQueries implements KyselyPlugin {
  readonly queries: CompiledQuery[] = [];
  constructor(private readonly compile: (node: RootOperationNode, args: PluginTransformQueryArgs) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.queries.push(this.compile(args.node, args));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/**
 * Runs each page's loaders (the _app layout's and the page's) in this process on `handle`, as the
 * app's database, and returns the queries each ran.
 */
export async function recordPageQueries(handle: DatabaseHandle, manifest: DatasetManifest): Promise<{ page: PageName; loader: "layout" | "page"; query: CompiledQuery }[]> {
  const executor = handle.db.getExecutor();
  const recorder = new RecordQueries((node, args) => executor.compileQuery(node, args.queryId));
  const recording: DatabaseHandle = { ...handle, db: handle.db.withPlugin(recorder) };
  const previousDatabase = globalThis.__cairnDatabase;
  const previousSecret = process.env.SESSION_SECRET;
  process.env.SESSION_SECRET ??= "bench-session-secret-that-is-long-enough-0123456789";
  globalThis.__cairnDatabase = recording;
  try {
    const [{ signIn }, layout, dashboard, customer, results] = await Promise.all([
      import("../../app/auth/session.server"),
      import("../../app/routes/_app"),
      import("../../app/routes/_app.dashboard"),
      import("../../app/routes/_app.customers.$customerId._index"),
      import("../../app/routes/_app.assessments.$assessmentId_.results/route"),
    ]);
    const context = { cspNonce: "bench", clientAddress: "127.0.0.1" };
    const signedIn = await signIn(new Request("http://cairn.bench/login", { method: "POST" }), context, { email: manifest.bench.consultantEmail, password: manifest.password });
    if (!signedIn.ok) throw new Error(`in-process sign-in failed: ${signedIn.message}`);
    const cookie = (signedIn.headers.get("Set-Cookie") ?? "").split(";")[0];
    const paths = pagePaths(manifest.bench);
    const pages: { page: PageName; loader: Loader; params: Record<string, string> }[] = [
      { page: "dashboard", loader: dashboard.loader as unknown as Loader, params: {} },
      { page: "customer", loader: customer.loader as unknown as Loader, params: { customerId: manifest.bench.customerId } },
      { page: "results", loader: results.loader as unknown as Loader, params: { assessmentId: manifest.bench.assessmentId } },
    ];
    const recorded: { page: PageName; loader: "layout" | "page"; query: CompiledQuery }[] = [];
    for (const { page, loader, params } of pages) {
      for (const [which, run] of [["layout", layout.loader as unknown as Loader], ["page", loader]] as const) {
        recorder.queries.length = 0;
        const request = new Request(`http://cairn.bench${paths[page]}`, { headers: { Cookie: cookie } });
        const result = await run({ request, params, context }).catch((thrown: unknown) => thrown);
        if (result instanceof Response && result.status !== 200) throw new Error(`${page} ${which} loader answered ${result.status}`);
        if (result instanceof Error) throw result;
        recorded.push(...recorder.queries.map((query) => ({ page, loader: which, query })));
      }
    }
    return recorded;
  } finally {
    globalThis.__cairnDatabase = previousDatabase;
    if (previousSecret === undefined) delete process.env.SESSION_SECRET;
  }
}

const SQLITE_SCAN = /^SCAN (\w+)(?: AS \w+)?( USING (?:COVERING )?INDEX \w+)?/;
const POSTGRES_SEQ_SCAN = /Seq Scan on (\w+)/;

/** The full scans of guarded tables in one plan. */
export function fullScansIn(dialect: "sqlite" | "postgres", plan: string[]): string[] {
  const found: string[] = [];
  for (const line of plan) {
    const match = dialect === "sqlite" ? SQLITE_SCAN.exec(line.trim()) : POSTGRES_SEQ_SCAN.exec(line);
    if (match && (GUARDED_TABLES as readonly string[]).includes(match[1])) found.push(line.trim());
  }
  return found;
}

async function explain(handle: DatabaseHandle, query: CompiledQuery): Promise<string[]> {
  if (handle.sqlite) {
    const rows = handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { id: number; parent: number; detail: string }[];
    // Indented as the sqlite3 shell does, so nested loops read as a tree.
    const depth = new Map<number, number>([[0, 0]]);
    return rows.map((row) => {
      const level = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, level);
      return `${"  ".repeat(level - 1)}${row.detail}`;
    });
  }
  const result = await handle.db.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]));
  return result.rows.map((row) => row["QUERY PLAN"]);
}

/** PostgreSQL: the plan the planner falls back to when sequential scans are (nearly) forbidden. */
async function explainWithoutSeqScan(handle: DatabaseHandle, query: CompiledQuery): Promise<string[]> {
  return handle.db.connection().execute(async (connection) => {
    await connection.executeQuery(CompiledQuery.raw("set enable_seqscan = off"));
    try {
      const result = await connection.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]));
      return result.rows.map((row) => row["QUERY PLAN"]);
    } finally {
      await connection.executeQuery(CompiledQuery.raw("reset enable_seqscan"));
    }
  });
}

export async function explainPages(handle: DatabaseHandle, manifest: DatasetManifest, dialect: "sqlite" | "postgres", scale: number): Promise<PlanReport> {
  const recorded = await recordPageQueries(handle, manifest);
  const queries: ExplainedQuery[] = [];
  for (const { page, loader, query } of recorded) {
    const plan = await explain(handle, query);
    const fullScans = fullScansIn(dialect, plan);
    const planWithoutSeqScan = dialect === "postgres" && fullScans.length > 0 ? await explainWithoutSeqScan(handle, query) : undefined;
    queries.push({ page, loader, sql: query.sql, parameters: [...query.parameters], plan, fullScans, ...(planWithoutSeqScan ? { planWithoutSeqScan } : {}) });
  }
  const distinctQueries = Object.fromEntries((["dashboard", "customer", "results"] as const).map((page) => [page, new Set(queries.filter((q) => q.page === page).map((q) => q.sql)).size])) as Record<PageName, number>;
  const fullScans = queries.flatMap((q) =>
    q.fullScans.map((detail) => {
      const table = POSTGRES_SEQ_SCAN.exec(detail)?.[1];
      // Still a Seq Scan of the table with sequential scans priced out: no index can serve it.
      const indexPathExists = q.planWithoutSeqScan && table ? !q.planWithoutSeqScan.some((line) => POSTGRES_SEQ_SCAN.exec(line)?.[1] === table) : undefined;
      return { page: q.page, detail, sql: q.sql, ...(indexPathExists === undefined ? {} : { indexPathExists }) };
    }),
  );
  return { dialect, scale, counts: manifest.counts, queries, distinctQueries, fullScans };
}

// ---------------------------------------------------------------------------------------------

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function runPagesBenchmark(options: PagesOptions): Promise<PagesResult> {
  const log = options.log ?? (() => {});
  const requests = Math.max(1, options.requests ?? 50);
  const warmup = options.warmup ?? 10;
  const dataset: SqliteDataset = await ensureSqliteDataset({ scale: options.scale, log });
  const { manifest } = dataset;
  const paths = pagePaths(manifest.bench);
  log(`pages: provider ${manifest.bench.organisationId}: ${manifest.bench.providerCustomers} customers, ${manifest.bench.providerAssessments} assessments, ${manifest.bench.providerRespondents} respondents; results page: ${manifest.bench.assessmentRespondents} respondents, ${manifest.bench.assessmentAnswers} answers`);

  const dataDir = mkdtempSync(join(tmpdir(), "cairn-bench-pages-"));
  const plans: PlanReport[] = [];
  let pages: PageFigures[];
  let serverStartMs: number;
  try {
    copyDatasetTo(dataset, dataDir);
    const starting = performance.now();
    const cairn = await startCairn({ dataDir });
    serverStartMs = performance.now() - starting;
    try {
      const cookie = await signInOverHttp(cairn.baseUrl, manifest.bench.consultantEmail, manifest.password);
      pages = await timePages(cairn, cookie, paths, { requests, warmup });
      for (const p of pages) log(`pages: ${p.page} p50 ${p.latencyMs.p50.toFixed(1)} ms, p95 ${p.latencyMs.p95.toFixed(1)} ms, server CPU ${p.serverCpuMsPerRequest?.toFixed(1) ?? "n/a"} ms/request, ${(p.bytes / 1024).toFixed(1)} KiB gzipped (${requests} requests)`);
    } finally {
      await cairn.stop();
    }

    // Plans on the same (now stopped) copy.
    const handle = openDatabase({ url: join(dataDir, "cairn.db") });
    try {
      plans.push(await explainPages(handle, manifest, "sqlite", options.scale));
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  let postgres: PagesResult["postgres"] = null;
  const postgresScale = options.postgresScale === undefined ? Math.min(0.1, options.scale) : options.postgresScale;
  if (postgresScale !== null) {
    const url = options.postgresUrl ?? DEFAULT_POSTGRES_URL;
    const unreachable = await postgresReachable(url);
    if (unreachable) {
      postgres = { skipped: `PostgreSQL at ${url.replace(/\/\/([^:@/]+):[^@]*@/, "//$1:***@")} is not reachable: ${unreachable}` };
      log(`pages: SKIPPING PostgreSQL plans: ${postgres.skipped}`);
    } else {
      const pgData = await generatePostgresDataset({ scale: postgresScale, url, log });
      try {
        const handle = openDatabase({ url, postgresSchema: pgData.schema, poolSize: 2 });
        try {
          plans.push(await explainPages(handle, pgData.manifest, "postgres", postgresScale));
        } finally {
          await handle.close();
        }
        postgres = { scale: postgresScale, generateSeconds: pgData.manifest.generateSeconds, schema: pgData.schema };
      } finally {
        await pgData.drop();
      }
    }
  }
  for (const report of plans) {
    log(`pages: ${report.dialect} plans: ${report.queries.length} queries (${Object.entries(report.distinctQueries).map(([p, n]) => `${p} ${n}`).join(", ")} distinct), ${report.fullScans.length} full scans of ${GUARDED_TABLES.join("/")}`);
    for (const scan of report.fullScans) {
      const why = scan.indexPathExists === undefined ? "" : scan.indexPathExists ? " (an index could serve it: the planner priced the scan cheaper)" : " (no index can serve it)";
      log(`pages:   ${report.dialect} ${scan.page}: ${scan.detail}${why}\n             in: ${scan.sql}`);
    }
  }

  return {
    scale: options.scale,
    dataset: { file: dataset.file, cached: dataset.cached, generateSeconds: manifest.generateSeconds, fileBytes: manifest.fileBytes ?? 0, counts: manifest.counts, bench: manifest.bench },
    serverStartMs,
    pages,
    plans,
    postgres,
  };
}

/** Every distinct query with its plan, for reading (npx tsx test/bench/pages.ts --plans). */
export function formatPlans(report: PlanReport): string {
  const seen = new Set<string>();
  const lines: string[] = [`== ${report.dialect} (scale ${report.scale})`];
  for (const q of report.queries) {
    const key = `${q.page}|${q.sql}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(`-- ${q.page} (${q.loader} loader)${q.fullScans.length ? "  FULL SCAN" : ""}`, q.sql, ...q.plan.map((line) => `   ${line}`), "");
    if (q.planWithoutSeqScan) lines.push("   with enable_seqscan = off:", ...q.planWithoutSeqScan.map((line) => `   ${line}`), "");
  }
  return lines.join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const result = await runPagesBenchmark({
    scale: Number(value("--scale") ?? 0.1),
    requests: Number(value("--requests") ?? 50),
    warmup: Number(value("--warmup") ?? 10),
    postgresScale: args.includes("--no-postgres") ? null : value("--postgres-scale") ? Number(value("--postgres-scale")) : undefined,
    log: (line) => console.log(line),
  });
  if (args.includes("--plans")) for (const report of result.plans) console.log(formatPlans(report));
}

if (process.argv[1] && /test\/bench\/pages\.ts$/.test(process.argv[1])) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
