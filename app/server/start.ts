/*
 * `npm start`: builds the app when the build is missing or older than its sources, applies
 * migrations, seeds the demo provider on an empty database, and serves on PORT (default 3000).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { openDatabase } from "../../db/client";
import { migrateToLatestOrThrow } from "../../db/migrate";
import { formatDemoLogins, seedDemoIfEmpty } from "../../db/seed";
import { getEnv } from "../env.server";
import { createHttpApp } from "./http";

const BUILD_ENTRY = resolve("build/index.js");
const SOURCES = ["app", "db", "remix.config.js", "package.json", "tsconfig.json"];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

function buildIfStale() {
  const built = existsSync(BUILD_ENTRY) ? statSync(BUILD_ENTRY).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map(newestModification));
  if (built >= sources) return;
  console.log(built ? "Sources changed since the last build; rebuilding…" : "No build yet; building…");
  const result = spawnSync(process.execPath, [resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error("The build failed; see the output above.");
}

async function main() {
  const env = getEnv();
  if (!process.argv.includes("--no-build")) buildIfStale();

  const handle = openDatabase({ url: env.DATABASE_URL });
  await migrateToLatestOrThrow(handle.db);
  const seed = await seedDemoIfEmpty(handle.db);
  if (seed) console.log(formatDemoLogins(seed));
  // The built app finds this handle through app/db.server.ts instead of opening a second one.
  globalThis.__cairnDatabase = handle;

  const build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;
  const app = createHttpApp(build, { trustProxy: process.env.TRUST_PROXY === "true" });
  const server = app.listen(env.PORT, () => {
    console.log(`Cairn is serving at http://localhost:${env.PORT} (database: ${handle.dialect}, ${handle.description})`);
  });

  const shutdown = () => {
    server.close(() => {
      void handle.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
