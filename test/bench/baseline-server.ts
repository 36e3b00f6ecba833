/*
 * The autosave baseline: the least a server can do for one autosave with Cairn's durability. A bare
 * `node:http` server, one prepared better-sqlite3 UPSERT per request (newest sequence wins, as in
 * db/repositories/answers.ts) into a table shaped like `answers`, with the SAME settings as
 * db/client.ts: WAL and synchronous=FULL, so every acknowledged save has been flushed to disk.
 * No framework, no session, no validation, no batching: one commit (one fsync) per request.
 *
 * Run as a child process (startBaselineServer) so it has its own event loop and core, like Cairn.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import SQLite from "../../db/sqlite-driver";
import { freePort } from "../e2e/support/cairn-server";

const THIS_FILE = fileURLToPath(import.meta.url);
const READY_LINE = "baseline listening on";

export interface RunningBaseline {
  baseUrl: string;
  databasePath: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * The command line that runs this file as a server: the same tsx loader as Cairn's own process
 * (`node --import tsx`), so neither side has a different start-up or module loader.
 */
export function baselineCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: ["--import", "tsx", THIS_FILE] };
}

/** Starts the baseline server on a free loopback port with a fresh database in a temporary folder. */
export async function startBaselineServer(options: { dataDir?: string; timeoutMs?: number } = {}): Promise<RunningBaseline> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "cairn-bench-baseline-"));
  const databasePath = join(dataDir, "baseline.db");
  const port = await freePort();
  const { command, args } = baselineCommand();
  const child = spawn(command, args, {
    cwd: resolve("."),
    env: { ...process.env, BASELINE_PORT: String(port), BASELINE_DATABASE: databasePath },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = () => new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once("exit", () => r())));
  const cleanUp = () => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  try {
    while (!output.includes(READY_LINE)) {
      if (child.exitCode !== null) throw new Error(`The baseline server exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`The baseline server did not start in time:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    child.kill("SIGKILL");
    await exited();
    cleanUp();
    throw error;
  }

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databasePath,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited();
        clearTimeout(timer);
      }
      cleanUp();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The server itself (when this file is the process's entry point)

function serve(port: number, databasePath: string) {
  const sqlite = new SQLite(databasePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.exec(`
    create table if not exists answers (
      respondent_id text not null,
      question_name text not null,
      value_json text not null,
      client_seq integer not null,
      updated_at text not null,
      constraint answers_pk primary key (respondent_id, question_name)
    )
  `);
  const upsert = sqlite.prepare(`
    insert into answers (respondent_id, question_name, value_json, client_seq, updated_at)
    values (?, ?, ?, ?, ?)
    on conflict (respondent_id, question_name) do update set
      value_json = excluded.value_json, client_seq = excluded.client_seq, updated_at = excluded.updated_at
    where answers.client_seq < excluded.client_seq
  `);
  const ping = sqlite.prepare("select 1 as ok");

  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      ping.get();
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    const match = req.method === "POST" ? /^\/survey\/([^/]+)\/answers$/.exec(req.url ?? "") : null;
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const respondentId = decodeURIComponent(match[1]);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let answer: { question: string; value: unknown; seq: number };
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { answers: { question: string; value: unknown; seq: number }[] };
        answer = body.answers[0];
        if (typeof answer?.question !== "string" || typeof answer.seq !== "number") throw new Error("bad save");
      } catch {
        res.writeHead(400, { "Content-Type": "application/json" }).end('{"error":"bad save"}');
        return;
      }
      // One statement outside a transaction is one commit: with synchronous=FULL, flushed before we answer.
      upsert.run(respondentId, answer.question, JSON.stringify(answer.value), answer.seq, new Date().toISOString());
      res
        .writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" })
        .end(JSON.stringify({ saved: [{ question: answer.question, seq: answer.seq }], notes: 0 }));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, "127.0.0.1", () => console.log(`${READY_LINE} ${port}`));

  const shutdown = () => {
    server.close(() => {
      sqlite.close();
      process.exit(0);
    });
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const port = Number(process.env.BASELINE_PORT);
  const databasePath = process.env.BASELINE_DATABASE;
  if (!Number.isInteger(port) || port <= 0 || !databasePath) {
    console.error("BASELINE_PORT and BASELINE_DATABASE must be set.");
    process.exit(2);
  }
  serve(port, databasePath);
}
