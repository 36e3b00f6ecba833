import type { Kysely } from "kysely";
import { nowIso } from "../ids";
import type { Database, UserRole } from "../schema";

export interface SessionWithUser {
  sessionId: string;
  expiresAt: string;
  lastSeenAt: string;
  createdAt: string;
  user: {
    id: string;
    organisationId: string;
    email: string;
    name: string;
    role: UserRole;
  };
}

export async function createSession(
  db: Kysely<Database>,
  input: { id: string; userId: string; expiresAt: string },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto("sessions")
    .values({ id: input.id, user_id: input.userId, created_at: now, last_seen_at: now, expires_at: input.expiresAt })
    .execute();
}

/** A session of a disabled user is no session. */
export async function findSessionWithUser(db: Kysely<Database>, sessionId: string): Promise<SessionWithUser | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.expires_at as expiresAt",
      "sessions.last_seen_at as lastSeenAt",
      "sessions.created_at as createdAt",
      "users.id as userId",
      "users.organisation_id as organisationId",
      "users.email as email",
      "users.name as name",
      "users.role as role",
    ])
    .where("sessions.id", "=", sessionId)
    .where("users.disabled", "=", 0)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    sessionId: row.sessionId,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    createdAt: row.createdAt,
    user: { id: row.userId, organisationId: row.organisationId, email: row.email, name: row.name, role: row.role },
  };
}

export async function touchSession(db: Kysely<Database>, input: { sessionId: string; lastSeenAt: string }): Promise<void> {
  await db.updateTable("sessions").set({ last_seen_at: input.lastSeenAt }).where("id", "=", input.sessionId).execute();
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<", nowIso(now)).execute();
}
