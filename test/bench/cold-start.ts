/*
 * Cold start: from spawning the server the way `npm start` does (the tsx CLI running
 * app/server/start.ts, here with --no-build and an existing, migrated and seeded database) to the
 * first 200 from /healthz. npm's own start-up (a few hundred ms) is left out: it is not Cairn's.
 *
 * The baseline is the bare autosave server (baseline-server.ts) started by the same tsx CLI and
 * timed the same way: what Node, tsx and better-sqlite3 cost before any of Cairn's code runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SERVER_NODE_FLAGS } from "../../app/server/node-flags";
import { performance } from "node:perf_hooks";
import { DEMO_PASSWORD, freePort, startCairn } from "../e2e/support/cairn-server";
import { baselineCommand } from "./baseline-server";

export interface ColdStartOptions {
  /** Starts of each server (median reported; quick: 1, full: 3). */
  runs?: number;
  /** Give up on one start after this long. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ColdStartResult {
  runs: number;
  cairnMs: number[];
  baselineMs: number[];
  cairnMedianMs: number;
  baselineMedianMs: number;
}

const TSX_CLI = resolve("node_modules/tsx/dist/cli.mjs");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Ends a server started in its own process group (the tsx CLI and the node process it runs). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup("SIGTERM");
  const timer = setTimeout(() => signalGroup("SIGKILL"), 8000);
  await exited;
  clearTimeout(timer);
}

/** Spawns `args` under the tsx CLI and returns the milliseconds until GET /healthz answers 200. */
async function timeStart(name: string, args: string[], env: Record<string, string>, port: number, timeoutMs: number): Promise<number> {
  let output = "";
  const started = performance.now();
  const child = spawn(process.execPath, [TSX_CLI, ...args], {
    cwd: resolve("."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the tsx CLI and its child are stopped together
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  try {
    const url = `http://127.0.0.1:${port}/healthz`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited during start-up:\n${output}`);
      if (performance.now() - started > timeoutMs) throw new Error(`${name} did not answer /healthz in ${timeoutMs} ms:\n${output}`);
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await stopGroup(child);
  }
}

export async function runColdStartBenchmark(options: ColdStartOptions = {}): Promise<ColdStartResult> {
  const runs = options.runs ?? 3;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), "cairn-bench-cold-"));
  try {
    // An existing database: the first start migrates and seeds it, as on a real server's first day.
    const first = await startCairn({ dataDir });
    await first.stop();

    const cairnMs: number[] = [];
    const baselineMs: number[] = [];
    const baseline = baselineCommand();
    for (let run = 0; run < runs; run++) {
      const cairnPort = await freePort();
      cairnMs.push(
        await timeStart(
          "Cairn",
          [...SERVER_NODE_FLAGS, "app/server/start.ts", "--no-build"],
          {
            NODE_ENV: "production",
            CAIRN_SECURE_COOKIES: "false",
            PORT: String(cairnPort),
            DATABASE_URL: join(dataDir, "cairn.db"),
            CAIRN_DATA_DIR: dataDir,
            CAIRN_DEMO_PASSWORD: DEMO_PASSWORD,
          },
          cairnPort,
          timeoutMs,
        ),
      );
      const baselinePort = await freePort();
      // The baseline file run by the same tsx CLI (its args after `--import tsx`).
      baselineMs.push(
        await timeStart("baseline", baseline.args.slice(2), { BASELINE_PORT: String(baselinePort), BASELINE_DATABASE: join(dataDir, "baseline.db") }, baselinePort, timeoutMs),
      );
      log(`cold start ${run + 1}/${runs}: Cairn ${cairnMs[run].toFixed(0)} ms, baseline ${baselineMs[run].toFixed(0)} ms`);
    }
    return { runs, cairnMs, baselineMs, cairnMedianMs: median(cairnMs), baselineMedianMs: median(baselineMs) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
