import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrateToLatestOrThrow } from "../../db/migrate";

export type TestDialect = "sqlite" | "postgres";

export function currentTestDialect(): TestDialect {
  return process.env.CAIRN_TEST_DIALECT === "postgres" ? "postgres" : "sqlite";
}

/** True when this project's database is not available here (PostgreSQL suites on a machine without it). */
export function databaseUnavailable(): boolean {
  return currentTestDialect() === "postgres" && !inject("postgresUrl");
}

export interface TestDatabase extends DatabaseHandle {
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or a PostgreSQL schema
 * of its own that is dropped afterwards (the server outlives the run).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (currentTestDialect() === "postgres") {
    const url = inject("postgresUrl");
    if (!url) throw new Error("PostgreSQL is not available for this run");
    const schema = `cairn_test_${Date.now()}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = openDatabase({ url, postgresSchema: schema, poolSize: 5 });
    await migrateToLatestOrThrow(handle.db, { schema });
    return {
      ...handle,
      async destroy() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "cairn-test-"));
  const handle = openDatabase({ url: join(dir, "cairn.db") });
  await migrateToLatestOrThrow(handle.db);
  return {
    ...handle,
    async destroy() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
