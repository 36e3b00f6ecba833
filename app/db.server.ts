import { openDatabase, type DatabaseHandle } from "../db/client";
import { getEnv } from "./env.server";

/*
 * The one connection of the running app. Kept on globalThis so `remix dev` rebuilds do not open a
 * new pool each time. Tests and scripts open their own handles with openDatabase().
 */
declare global {
  // eslint-disable-next-line no-var
  var __cairnDatabase: DatabaseHandle | undefined;
}

export function getDatabase(): DatabaseHandle {
  globalThis.__cairnDatabase ??= openDatabase({ url: getEnv().DATABASE_URL });
  return globalThis.__cairnDatabase;
}

/** Shorthand for the kysely instance, for services. */
export function db() {
  return getDatabase().db;
}
