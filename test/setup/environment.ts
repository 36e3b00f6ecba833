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

/** A busy machine can take seconds to answer: try a few times before calling PostgreSQL missing. */
async function postgresReachable(url: string): Promise<string | null> {
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    try {
      await client.connect();
      await client.query("select 1");
      await dropAbandonedTestSchemas(client);
      return null;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    } finally {
      await client.end().catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return lastError;
}

/** Test schemas are named cairn_test_<ms>_<random>; a run that was killed leaves its own behind. */
async function dropAbandonedTestSchemas(client: pg.Client) {
  const { rows } = await client.query<{ schema_name: string }>("select schema_name from information_schema.schemata where schema_name like 'cairn_test_%'");
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const { schema_name } of rows) {
    const created = Number(schema_name.split("_")[2]);
    if (Number.isFinite(created) && created < dayAgo && /^cairn_test_\d+_[0-9a-f]+$/.test(schema_name)) {
      await client.query(`drop schema if exists ${schema_name} cascade`);
    }
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
