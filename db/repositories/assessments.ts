import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Assessment, AssessmentMode, Database } from "../schema";

export async function createAssessment(
  db: Kysely<Database>,
  input: {
    organisationId: string;
    customerId: string;
    title: string;
    questionnaireKey: string;
    questionnaireVersion: number;
    mode: AssessmentMode;
    createdBy: string | null;
    previousAssessmentId?: string | null;
  },
): Promise<Assessment> {
  const now = nowIso();
  const assessment: Assessment = {
    id: newId(),
    organisation_id: input.organisationId,
    customer_id: input.customerId,
    title: input.title,
    questionnaire_key: input.questionnaireKey,
    questionnaire_version: input.questionnaireVersion,
    mode: input.mode,
    status: "open",
    previous_assessment_id: input.previousAssessmentId ?? null,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    closed_at: null,
    invitation_text: null,
    reminder_after_days: null,
    reminder_max: null,
    reminder_origin: null,
  };
  await db.insertInto("assessments").values(assessment).execute();
  return assessment;
}

export async function getAssessment(
  db: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
): Promise<Assessment | undefined> {
  return db
    .selectFrom("assessments")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("id", "=", assessmentId)
    .executeTakeFirst();
}

export interface AssessmentListing extends Assessment {
  customerName: string;
  respondentCount: number;
  completedCount: number;
}

export async function listAssessments(
  db: Kysely<Database>,
  {
    organisationId,
    customerId,
    customerIds,
    limit = 200,
  }: { organisationId: string; customerId?: string; /** Only these customers' assessments (none: no rows). */ customerIds?: string[]; /** null: every one. */ limit?: number | null },
): Promise<AssessmentListing[]> {
  if (customerIds?.length === 0) return [];
  let query = db
    .selectFrom("assessments")
    .innerJoin("customers", "customers.id", "assessments.customer_id")
    .leftJoin("respondents", "respondents.assessment_id", "assessments.id")
    .selectAll("assessments")
    .select((eb) => [
      "customers.name as customerName",
      eb.fn.count("respondents.id").as("respondentCount"),
      eb.fn
        .sum(eb.case().when("respondents.status", "=", "completed").then(1).else(0).end())
        .as("completedCount"),
    ])
    .where("assessments.organisation_id", "=", organisationId)
    .groupBy(["assessments.id", "customers.name"])
    .orderBy("assessments.created_at", "desc");
  if (limit !== null) query = query.limit(limit);
  if (customerId) query = query.where("assessments.customer_id", "=", customerId);
  if (customerIds) query = query.where("assessments.customer_id", "in", customerIds);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...row,
    respondentCount: Number(row.respondentCount),
    completedCount: Number(row.completedCount ?? 0),
  }));
}

export async function setAssessmentStatus(
  db: Kysely<Database>,
  input: { organisationId: string; assessmentId: string; status: "open" | "closed" },
): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("assessments")
    .set({ status: input.status, closed_at: input.status === "closed" ? now : null, updated_at: now })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.assessmentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The consultant's invitation wording; null goes back to Cairn's default. */
export async function setInvitationText(
  db: Kysely<Database>,
  input: { organisationId: string; assessmentId: string; text: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable("assessments")
    .set({ invitation_text: input.text, updated_at: nowIso() })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.assessmentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
