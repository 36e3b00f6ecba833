import type { Kysely } from "kysely";

/**
 * Mail (issue 19): the durable outbox, and who a provider's mail comes from.
 *
 * - outbox: one row per message, written in the same transaction as the change that causes it (a
 *   respondent added, a password reset asked for), so a crash can neither lose a message nor send
 *   one for a change that was rolled back. The claim columns (next_attempt_at, lease_owner,
 *   lease_expires_at, attempts) are the general job mechanism of db/repositories/job-claims.ts: a
 *   row is due when next_attempt_at <= now and no live lease holds it. A survey link is never in the
 *   bodies: it waits, encrypted, in secret_ciphertext, which is cleared once the server accepts it.
 * - organisations.mail_sender_name / mail_reply_to: the name mail is sent under (default: the
 *   provider's name) and the reply-to of mail no consultant caused (password resets).
 *
 * Plain text columns and ISO timestamps: the same on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.references("organisations.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("regarding_type", "text")
    .addColumn("regarding_id", "text")
    .addColumn("to_address", "text", (c) => c.notNull())
    .addColumn("from_name", "text", (c) => c.notNull())
    .addColumn("reply_to", "text")
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("secret_ciphertext", "text")
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("lease_owner", "text")
    .addColumn("lease_expires_at", "text")
    .addColumn("last_reply", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  // The worker's claim: due rows in order; sent and abandoned rows have next_attempt_at null.
  await db.schema.createIndex("outbox_due_idx").on("outbox").columns(["next_attempt_at"]).execute();
  // Delivery state per respondent (the progress table) and per user.
  await db.schema.createIndex("outbox_regarding_idx").on("outbox").columns(["organisation_id", "regarding_id", "created_at"]).execute();
  await db.schema.alterTable("organisations").addColumn("mail_sender_name", "text").execute();
  await db.schema.alterTable("organisations").addColumn("mail_reply_to", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organisations").dropColumn("mail_reply_to").execute();
  await db.schema.alterTable("organisations").dropColumn("mail_sender_name").execute();
  await db.schema.dropTable("outbox").execute();
}
