import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: a file path or the PostgreSQL URL without its password. */
  description: string;
  /** The raw SQLite connection (for online backups); null on PostgreSQL. */
  sqlite: SQLite.Database | null;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = "./data/cairn.db";

export interface OpenDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; a file path, `file:…` or nothing selects SQLite. */
  url?: string;
  /** PostgreSQL schema to use (tests give each run its own). */
  postgresSchema?: string;
  poolSize?: number;
}

export function openDatabase(options: OpenDatabaseOptions = {}): DatabaseHandle {
  const url = options.url?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  return openSqlite(url.replace(/^file:/, ""));
}

function openSqlite(path: string): DatabaseHandle {
  const file = path === ":memory:" ? path : resolve(path);
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an answer acknowledged to a respondent survives power loss, not only a crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    dialect: "sqlite",
    description: file,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenDatabaseOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.postgresSchema ? { options: `-c search_path=${quoteIdentifier(options.postgresSchema)}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    description: url.replace(/\/\/([^:@/]+):[^@]*@/, "//$1:***@") + (options.postgresSchema ? ` (schema ${options.postgresSchema})` : ""),
    sqlite: null,
    async close() {
      await db.destroy();
    },
  };
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe PostgreSQL schema name: ${name}`);
  return name;
}
