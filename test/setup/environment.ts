import type {} from "vitest";
import { existsSync } from "node:fs";
import pg from "pg";
import type { TestProject } from "vitest/node";

export const POSTGRES_TEST_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    chromiumPath: string | null;
  }
}

async function postgresReachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
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

/**
 * Finds out once per run which external services the suites can use. On a developer's machine a
 * missing service skips its suites with a loud banner; in CI (CI=true) nothing may skip.
 */
export default async function setup(project: TestProject) {
  const skipped: string[] = [];
  const postgresError = await postgresReachable(POSTGRES_TEST_URL);
  if (postgresError) skipped.push(`PostgreSQL suites: cannot reach ${POSTGRES_TEST_URL} (${postgresError})`);
  const chromiumPresent = existsSync(CHROMIUM_PATH);
  if (!chromiumPresent) skipped.push(`browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

  project.provide("postgresUrl", postgresError ? null : POSTGRES_TEST_URL);
  project.provide("chromiumPath", chromiumPresent ? CHROMIUM_PATH : null);

  if (skipped.length > 0) {
    const banner = ["", "!".repeat(78), "!! SKIPPING:", ...skipped.map((s) => `!!   - ${s}`), "!".repeat(78), ""].join("\n");
    if (process.env.CI === "true") {
      throw new Error(`CI=true and a required test service is missing; nothing may skip in CI.${banner}`);
    }
    console.warn(banner);
  }
}
