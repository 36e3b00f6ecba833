import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { hashPassword } from "../app/auth/password.server";
import { getScoringModel } from "../app/domain/questionnaire-catalogue.server";
import { refreshAssessmentSummary } from "../app/services/summaries.server";
import { generateDemoAnswers, seededRandom } from "../app/domain/demo-responses";
import type { RespondentGroup } from "../app/domain/dimensions";
import { nowIso } from "./ids";
import { saveAnswers } from "./repositories/answers";
import { createAssessment } from "./repositories/assessments";
import { createCustomer } from "./repositories/customers";
import { createRespondents, markRespondentCompleted } from "./repositories/respondents";
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
  const seed = await db.transaction().execute(async (trx) => {
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
    const assessmentId = await seedDemoAssessment(trx, { organisationId: organisation.id, customerId: customer.id, createdBy: consultantId });
    return { organisationId: organisation.id, organisationName: organisation.name, customerName: customer.name, logins, assessmentId };
  });
  await refreshAssessmentSummary({ organisationId: seed.organisationId, assessmentId: seed.assessmentId }, db);
  return seed;
}

const DEMO_PANEL: { group: RespondentGroup; name: string }[] = [
  { group: "it", name: "Priya Shah" },
  { group: "it", name: "Tom Okafor" },
  { group: "it", name: "Lena Berg" },
  { group: "engineering", name: "Marco Rossi" },
  { group: "engineering", name: "Aiko Tanaka" },
  { group: "business", name: "Grace Miller" },
  { group: "business", name: "Owen Hughes" },
  { group: "business", name: "Sofia Álvarez" },
  { group: "executive", name: "Hannah Clarke" },
];

/**
 * A completed self-serve assessment answered by nine people, so a new install has results to show.
 * The respondents have no usable links (their token hashes are random): they exist only as answers.
 */
/**
 * The bundled version new assessments start with, so the demo looks like what a consultant will run:
 * version 2 (British English and German). The answers are generated from its scoring model, so
 * nothing here depends on its questions.
 */
export const DEMO_QUESTIONNAIRE = { key: "hybrid-cloud-readiness", version: 2 } as const;

async function seedDemoAssessment(db: Kysely<Database>, input: { organisationId: string; customerId: string; createdBy: string | null }) {
  const model = getScoringModel(DEMO_QUESTIONNAIRE.key, DEMO_QUESTIONNAIRE.version);
  const assessment = await createAssessment(db, {
    organisationId: input.organisationId,
    customerId: input.customerId,
    title: "Readiness baseline (demo)",
    questionnaireKey: DEMO_QUESTIONNAIRE.key,
    questionnaireVersion: DEMO_QUESTIONNAIRE.version,
    mode: "self-serve",
    createdBy: input.createdBy,
  });
  const respondents = await createRespondents(db, {
    organisationId: input.organisationId,
    assessmentId: assessment.id,
    respondents: DEMO_PANEL.map((p) => ({ kind: "person" as const, groupKey: p.group, name: p.name, tokenHash: randomBytes(32).toString("hex"), tokenExpiresAt: nowIso() })),
  });
  const random = seededRandom(20261122);
  for (const [i, respondent] of respondents.entries()) {
    const answers = generateDemoAnswers(model, DEMO_PANEL[i].group, random);
    await saveAnswers(db, { respondentId: respondent.id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    await markRespondentCompleted(db, respondent.id);
  }
  return assessment.id;
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
