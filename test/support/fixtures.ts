import type { Kysely } from "kysely";
import { hashPassword } from "../../app/auth/password.server";
import { createCustomer } from "../../db/repositories/customers";
import { createOrganisation } from "../../db/repositories/organisations";
import { createUser } from "../../db/repositories/users";
import type { Database, UserRole } from "../../db/schema";

export const TEST_PASSWORD = "correct horse battery";

let passwordHash: Promise<string> | undefined;

/** A provider with one user of each role and one customer. Hashing once keeps the suites quick. */
export async function createProvider(db: Kysely<Database>, name: string) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const organisation = await createOrganisation(db, { name });
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const users = {} as Record<UserRole, Awaited<ReturnType<typeof createUser>>>;
  for (const role of ["admin", "consultant", "sales"] as const) {
    users[role] = await createUser(db, {
      organisationId: organisation.id,
      email: `${role}@${slug}.example`,
      name: `${name} ${role}`,
      role,
      passwordHash: hash,
    });
  }
  const customer = await createCustomer(db, {
    organisationId: organisation.id,
    createdBy: users.consultant.id,
    name: `${name} customer`,
    industry: "Retail",
    size: "",
    notes: "",
  });
  return { organisation, users, customer };
}
