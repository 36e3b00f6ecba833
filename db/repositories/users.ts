import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Database, User, UserRole } from "../schema";

export type PublicUser = Omit<User, "password_hash">;

const publicColumns = [
  "id",
  "organisation_id",
  "email",
  "name",
  "role",
  "disabled",
  "created_at",
  "updated_at",
] as const;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function createUser(
  db: Kysely<Database>,
  input: { organisationId: string; email: string; name: string; role: UserRole; passwordHash: string },
): Promise<PublicUser> {
  const now = nowIso();
  const user: User = {
    id: newId(),
    organisation_id: input.organisationId,
    email: normaliseEmail(input.email),
    name: input.name,
    role: input.role,
    password_hash: input.passwordHash,
    disabled: 0,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("users").values(user).execute();
  const { password_hash: _, ...publicUser } = user;
  return publicUser;
}

/** Sign-in only: the one lookup that is not scoped to an organisation, because the email is the key. */
export async function findUserForSignIn(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

export async function emailIsTaken(db: Kysely<Database>, email: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("email", "=", normaliseEmail(email)).executeTakeFirst();
  return row !== undefined;
}

export async function getUser(
  db: Kysely<Database>,
  { organisationId, userId }: { organisationId: string; userId: string },
): Promise<PublicUser | undefined> {
  return db
    .selectFrom("users")
    .select(publicColumns)
    .where("organisation_id", "=", organisationId)
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function listUsers(
  db: Kysely<Database>,
  { organisationId }: { organisationId: string },
): Promise<PublicUser[]> {
  return db
    .selectFrom("users")
    .select(publicColumns)
    .where("organisation_id", "=", organisationId)
    .orderBy("name")
    .execute();
}

export async function updateUser(
  db: Kysely<Database>,
  input: { organisationId: string; userId: string; name?: string; role?: UserRole; disabled?: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable("users")
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
      updated_at: nowIso(),
    })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.userId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countActiveAdmins(
  db: Kysely<Database>,
  { organisationId }: { organisationId: string },
): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("organisation_id", "=", organisationId)
    .where("role", "=", "admin")
    .where("disabled", "=", 0)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
