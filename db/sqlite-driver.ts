import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";

/*
 * better-sqlite3 comes in two builds, and each Node.js line needs the other one:
 * - 12.x wraps its objects in node::ObjectWrap. From Node 24.19 that header registers an
 *   environment cleanup hook per object, and a statement collected while no environment is
 *   current (at exit, at a worker's end, or during an ordinary GC) aborts the process with
 *   "Assertion failed: (env) != nullptr" (WiseLibs/better-sqlite3#1515, closed without a fix).
 * - 13.x uses node-addon-api with prebuilt binaries, which fixes that, but it requires Node 22 and
 *   crashes with a segmentation fault on Node 20.
 * Both are installed (13.x as the alias better-sqlite3-13) and the one this runtime supports is
 * loaded here; their JavaScript API is the same. Everything that opens a SQLite file imports this.
 */
export const SQLITE_DRIVER_PACKAGE = Number(process.versions.node.split(".")[0]) >= 22 ? "better-sqlite3-13" : "better-sqlite3";

const SQLite = createRequire(import.meta.url)(SQLITE_DRIVER_PACKAGE) as typeof BetterSqlite3;

// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace SQLite {
  type Database = BetterSqlite3.Database;
  type Statement<BindParameters extends unknown[] | {} = unknown[], Result = unknown> = BetterSqlite3.Statement<BindParameters, Result>;
}

export default SQLite;

/**
 * A connection to a Cairn SQLite file with the settings every connection to it must share (the
 * app's own and the answer writer thread's).
 */
export function openSqliteConnection(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an answer acknowledged to a respondent survives power loss, not only a crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}
