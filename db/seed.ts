import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword } from "../app/auth/password.server";
import { createCustomer } from "./repositories/customers";
import { countOrganisations, createOrganisation } from "./repositories/organisations";
import { createUser } from "./repositories/users";
import type { Database, UserRole } from "./schema";

export interface DemoLogin {
  role: UserRole;
  email: string;
  password: string;
}

export interface DemoSeed {
  organisationId: string;
  organisationName: string;
  customerName: string;
  logins: DemoLogin[];
}

export const DEMO_ORGANISATION_NAME = "Northwind Cloud Partners";
export const DEMO_USERS: { role: UserRole; email: string; name: string }[] = [
  { role: "admin", email: "admin@northwind.example", name: "Ada Admin" },
  { role: "consultant", email: "consultant@northwind.example", name: "Cora Consultant" },
  { role: "sales", email: "sales@northwind.example", name: "Sam Sales" },
];

/**
 * Seeds the demo service provider on an empty database; does nothing otherwise. The password is
 * CAIRN_DEMO_PASSWORD when set (tests), else random and printed once: a fresh install never has a
 * well-known admin password.
 */
export async function seedDemoIfEmpty(
  db: Kysely<Database>,
  { password = process.env.CAIRN_DEMO_PASSWORD }: { password?: string } = {},
): Promise<DemoSeed | null> {
  if ((await countOrganisations(db)) > 0) return null;
  const demoPassword = password || randomBytes(9).toString("base64url");
  const passwordHash = await hashPassword(demoPassword);
  return db.transaction().execute(async (trx) => {
    const organisation = await createOrganisation(trx, { name: DEMO_ORGANISATION_NAME, accentColour: "#0f766e" });
    const logins: DemoLogin[] = [];
    let consultantId: string | null = null;
    for (const user of DEMO_USERS) {
      const created = await createUser(trx, { organisationId: organisation.id, ...user, passwordHash });
      if (user.role === "consultant") consultantId = created.id;
      logins.push({ role: user.role, email: user.email, password: demoPassword });
    }
    const customer = await createCustomer(trx, {
      organisationId: organisation.id,
      createdBy: consultantId,
      name: "Contoso Manufacturing",
      industry: "Manufacturing",
      size: "1,000–5,000 employees",
      notes: "Demo customer: three plants, an ageing on-premises ERP and a growing number of departmental SaaS tools.",
    });
    return { organisationId: organisation.id, organisationName: organisation.name, customerName: customer.name, logins };
  });
}

export function formatDemoLogins(seed: DemoSeed): string {
  const lines = [
    "",
    `Seeded demo service provider "${seed.organisationName}" with customer "${seed.customerName}".`,
    "Demo sign-ins (shown once; change them in Settings → Users):",
    ...seed.logins.map((l) => `  ${l.role.padEnd(10)} ${l.email.padEnd(32)} password: ${l.password}`),
    "",
  ];
  return lines.join("\n");
}
