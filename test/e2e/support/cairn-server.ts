import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIfStale } from "../../../app/server/build";
import { SERVER_NODE_FLAGS } from "../../../app/server/node-flags";

export const DEMO_PASSWORD = "e2e-demo-password";

export interface RunningCairn {
  baseUrl: string;
  dataDir: string;
  databasePath: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the real production server (`npm start` without the build step) on a free port with a
 * fresh SQLite database and the demo provider seeded with a known password.
 */
export async function startCairn(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningCairn> {
  buildIfStale();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "cairn-e2e-"));
  const port = await freePort();
  const databasePath = join(dataDir, "cairn.db");
  // CAIRN_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server of a test or benchmark.
  const nodeArgs = (process.env.CAIRN_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, "--import", "tsx", resolve("app/server/start.ts"), "--no-build"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      CAIRN_SECURE_COOKIES: "false",
      PORT: String(port),
      DATABASE_URL: databasePath,
      CAIRN_DATA_DIR: dataDir,
      CAIRN_DEMO_PASSWORD: DEMO_PASSWORD,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!output.includes("Cairn is serving at")) {
    if (child.exitCode !== null) throw new Error(`Cairn exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`Cairn did not start in 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const exited = () => new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));
  return {
    baseUrl,
    dataDir,
    databasePath,
    process: child,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      await exited();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async kill9() {
      child.kill("SIGKILL");
      await exited();
    },
  };
}
