import type { Kysely } from "kysely";
import { answerWriterFor, type AuditRow } from "../answer-writer";
import type { DatabaseHandle } from "../client";
import { newId, nowIso } from "../ids";
import type { AuditLogEntry, Database } from "../schema";

export interface AuditEvent {
  organisationId: string | null;
  userId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

function auditRow(event: AuditEvent): AuditRow {
  return {
    id: newId(),
    organisation_id: event.organisationId,
    user_id: event.userId,
    action: event.action,
    target_type: event.targetType ?? null,
    target_id: event.targetId ?? null,
    detail_json: event.detail ? JSON.stringify(event.detail) : null,
    ip: event.ip ?? null,
    created_at: nowIso(),
  };
}

export async function recordAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  await db.insertInto("audit_log").values(auditRow(event)).execute();
}

/**
 * recordAuditEvent for the app's own database: on a SQLite file the writer thread inserts the row
 * (db/answer-writer.ts), so a report download or an export does not stop every other request
 * while the disk flushes. Resolves once the row is committed, either way.
 */
export async function recordAuditEventFor(handle: DatabaseHandle, event: AuditEvent): Promise<void> {
  const writer = handle.sqlite ? answerWriterFor(handle.sqlite) : null;
  if (writer) await writer.recordAudit(auditRow(event));
  else await recordAuditEvent(handle.db, event);
}

export async function listAuditLog(
  db: Kysely<Database>,
  { organisationId, limit = 200 }: { organisationId: string; limit?: number },
): Promise<(AuditLogEntry & { userName: string | null })[]> {
  return db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .selectAll("audit_log")
    .select("users.name as userName")
    .where("audit_log.organisation_id", "=", organisationId)
    .orderBy("audit_log.created_at", "desc")
    .limit(limit)
    .execute();
}
