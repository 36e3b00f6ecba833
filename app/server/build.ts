import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const BUILD_ENTRY = resolve("build/index.js");
const SOURCES = ["app", "db", "remix.config.js", "package.json", "tsconfig.json"];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestModification(join(path, entry)));
  return newest;
}

export function buildIfStale() {
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

