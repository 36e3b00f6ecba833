import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Database, OutboxMessage } from "../schema";

/*
 * The mail outbox. Messages are inserted by the transaction of the change that causes them and
 * sent by app/mail/outbox-worker.server.ts, which claims due rows through job-claims.ts. Every
 * outcome is written only by the worker that holds the claim (where lease_owner = owner).
 */

export interface NewOutboxMessage {
  organisationId: string | null;
  kind: string;
  regarding?: { type: string; id: string };
  to: string;
  fromName: string;
  replyTo: string | null;
  subject: string;
  textBody: string;
  htmlBody: string;
  secretCiphertext: string | null;
  /** The domain of the Message-ID (MAIL_FROM's). */
  messageIdDomain: string;
}

export async function enqueueMessage(db: Kysely<Database>, message: NewOutboxMessage, now = new Date()): Promise<OutboxMessage> {
  const id = newId();
  const at = nowIso(now);
  const row: OutboxMessage = {
    id,
    organisation_id: message.organisationId,
    kind: message.kind,
    regarding_type: message.regarding?.type ?? null,
    regarding_id: message.regarding?.id ?? null,
    to_address: message.to,
    from_name: message.fromName,
    reply_to: message.replyTo,
    subject: message.subject,
    text_body: message.textBody,
    html_body: message.htmlBody,
    secret_ciphertext: message.secretCiphertext,
    message_id: `<${id}@${message.messageIdDomain}>`,
    status: "queued",
    attempts: 0,
    next_attempt_at: at,
    lease_owner: null,
    lease_expires_at: null,
    last_reply: null,
    created_at: at,
    updated_at: at,
    sent_at: null,
  };
  await db.insertInto("outbox").values(row).execute();
  return row;
}

/** The worker's read of the rows it claimed; only rows `owner` still holds. */
export async function getClaimedMessages(db: Kysely<Database>, { ids, owner }: { ids: string[]; owner: string }): Promise<OutboxMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom("outbox").selectAll().where("id", "in", ids).where("lease_owner", "=", owner).execute();
  const order = new Map(ids.map((id, i) => [id, i]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

/** The SMTP server accepted the message: never due again, and its secret link is forgotten. */
export async function recordAccepted(db: Kysely<Database>, input: { id: string; owner: string; reply: string; now: Date }): Promise<boolean> {
  const at = nowIso(input.now);
  const result = await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: at, updated_at: at, last_reply: input.reply, next_attempt_at: null, lease_owner: null, lease_expires_at: null, secret_ciphertext: null })
    .where("id", "=", input.id)
    .where("lease_owner", "=", input.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The attempt failed: due again at `retryAt`, or never (null) when the worker gives up. */
export async function recordFailure(db: Kysely<Database>, input: { id: string; owner: string; reply: string; now: Date; retryAt: Date | null }): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ status: "failed", updated_at: nowIso(input.now), last_reply: input.reply, next_attempt_at: input.retryAt ? nowIso(input.retryAt) : null, lease_owner: null, lease_expires_at: null })
    .where("id", "=", input.id)
    .where("lease_owner", "=", input.owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A consultant's "retry now" for a failed message of their provider's. */
export async function retryFailedMessage(db: Kysely<Database>, { organisationId, id, now = new Date() }: { organisationId: string; id: string; now?: Date }): Promise<boolean> {
  const result = await db
    .updateTable("outbox")
    .set({ next_attempt_at: nowIso(now), updated_at: nowIso(now) })
    .where("organisation_id", "=", organisationId)
    .where("id", "=", id)
    .where("status", "=", "failed")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface DeliveryState {
  messageId: string;
  kind: string;
  status: OutboxMessage["status"];
  lastReply: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** The newest message about each of these records (respondents, users), for delivery state. */
export async function latestDeliveries(
  db: Kysely<Database>,
  { organisationId, regardingIds }: { organisationId: string; regardingIds: string[] },
): Promise<Map<string, DeliveryState>> {
  const latest = new Map<string, DeliveryState>();
  for (let i = 0; i < regardingIds.length; i += 500) {
    const rows = await db
      .selectFrom("outbox")
      .select(["id", "regarding_id", "kind", "status", "last_reply", "next_attempt_at", "sent_at", "created_at"])
      .where("organisation_id", "=", organisationId)
      .where("regarding_id", "in", regardingIds.slice(i, i + 500))
      .orderBy("created_at")
      .orderBy("id")
      .execute();
    for (const r of rows) {
      if (!r.regarding_id) continue;
      latest.set(r.regarding_id, { messageId: r.id, kind: r.kind, status: r.status, lastReply: r.last_reply, nextAttemptAt: r.next_attempt_at, sentAt: r.sent_at, createdAt: r.created_at });
    }
  }
  return latest;
}
