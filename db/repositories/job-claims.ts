import { sql, type Kysely } from "kysely";
import type { Dialect } from "../client";
import type { Database } from "../schema";

/*
 * A small, general job claim, for any table with the claim columns
 *   next_attempt_at  (text, ISO; null = nothing to do)
 *   lease_owner      (text; the worker holding the claim)
 *   lease_expires_at (text, ISO; the claim lapses then)
 *   attempts         (integer; claims made so far)
 * The outbox is the first such table; issue 20's scheduled jobs can be another (a job's completion
 * sets next_attempt_at to its next run).
 *
 * A row is due when next_attempt_at <= now and no live lease holds it. Claiming sets a lease (owner
 * and expiry) and counts the attempt in one UPDATE. On PostgreSQL the due rows are picked with
 * FOR UPDATE SKIP LOCKED, so several instances claim disjoint rows without waiting for each other;
 * on SQLite the same statement without it runs in a write transaction (BEGIN IMMEDIATE, see
 * db/client.ts), which is serialised anyway. A worker that dies holding a claim simply stops
 * renewing nothing: its lease expires and the row is due again for any worker. Every later write
 * about a claimed row names the owner (see recordAccepted in outbox.ts), so a worker whose lease lapsed and whose row
 * was claimed again cannot overwrite the newer claim's outcome.
 */

export type ClaimableTable = "outbox";

export interface ClaimOptions {
  dialect: Dialect;
  table: ClaimableTable;
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
}

/** Claims up to `limit` due rows for `owner`; returns their ids, oldest due first. */
export async function claimDueRows(db: Kysely<Database>, options: ClaimOptions): Promise<string[]> {
  const now = options.now.toISOString();
  const leaseExpiresAt = new Date(options.now.getTime() + options.leaseMs).toISOString();
  const table = sql.table(options.table);
  const skipLocked = options.dialect === "postgres" ? sql`for update skip locked` : sql``;
  const claim = async (trx: Kysely<Database>) => {
    const result = await sql<{ id: string; next_attempt_at: string }>`
      update ${table}
      set lease_owner = ${options.owner}, lease_expires_at = ${leaseExpiresAt}, attempts = attempts + 1
      where id in (
        select id from ${table}
        where next_attempt_at is not null and next_attempt_at <= ${now}
          and (lease_expires_at is null or lease_expires_at <= ${now})
        order by next_attempt_at, id
        limit ${options.limit}
        ${skipLocked}
      )
      returning id, next_attempt_at`.execute(trx);
    return result.rows.sort((a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id)).map((r) => r.id);
  };
  return db.isTransaction ? claim(db) : db.transaction().execute(claim);
}

/** Lets every claim of `owner` go at once (a worker that stops cleanly), so the rows are due again now. */
export async function releaseClaims(db: Kysely<Database>, { table, owner }: { table: ClaimableTable; owner: string }): Promise<void> {
  await db.updateTable(table).set({ lease_owner: null, lease_expires_at: null }).where("lease_owner", "=", owner).execute();
}
