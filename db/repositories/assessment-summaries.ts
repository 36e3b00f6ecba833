import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface DimensionSummary {
  score: number | null;
  coverage: number | null;
  lowConfidence: boolean;
  /**
   * Respondents whose answers entered the score (rule 4), so every page can say how many people a
   * score rests on. Absent in summaries stored before it was recorded, until they are next refreshed.
   */
  respondents?: number;
}

export interface AssessmentSummary {
  assessmentId: string;
  customerId: string;
  questionnaireKey: string;
  readiness: number | null;
  dimensions: Record<string, DimensionSummary>;
  respondentsAnswered: number;
  respondentsInvited: number;
  respondentsCompleted: number;
  computedAt: string;
}

export async function saveAssessmentSummary(db: Kysely<Database>, summary: AssessmentSummary & { organisationId: string }): Promise<void> {
  const row = {
    assessment_id: summary.assessmentId,
    organisation_id: summary.organisationId,
    customer_id: summary.customerId,
    questionnaire_key: summary.questionnaireKey,
    readiness: summary.readiness,
    dimensions_json: JSON.stringify(summary.dimensions),
    respondents_answered: summary.respondentsAnswered,
    respondents_invited: summary.respondentsInvited,
    respondents_completed: summary.respondentsCompleted,
    computed_at: summary.computedAt,
  };
  const { assessment_id: _key, ...changes } = row;
  await db.insertInto("assessment_summaries").values(row).onConflict((oc) => oc.column("assessment_id").doUpdateSet(changes)).execute();
}

function fromRow(row: Database["assessment_summaries"]): AssessmentSummary {
  return {
    assessmentId: row.assessment_id,
    customerId: row.customer_id,
    questionnaireKey: row.questionnaire_key,
    readiness: row.readiness === null ? null : Number(row.readiness),
    dimensions: JSON.parse(row.dimensions_json) as Record<string, DimensionSummary>,
    respondentsAnswered: Number(row.respondents_answered),
    respondentsInvited: Number(row.respondents_invited),
    respondentsCompleted: Number(row.respondents_completed),
    computedAt: row.computed_at,
  };
}

export async function listAssessmentSummaries(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId?: string },
): Promise<AssessmentSummary[]> {
  let query = db.selectFrom("assessment_summaries").selectAll().where("organisation_id", "=", organisationId);
  if (customerId) query = query.where("customer_id", "=", customerId);
  return (await query.execute()).map(fromRow);
}

export interface AssessmentWithSummary {
  id: string;
  customerId: string;
  title: string;
  status: "open" | "closed";
  mode: string;
  questionnaireKey: string;
  questionnaireVersion: number;
  createdAt: string;
  closedAt: string | null;
  previousAssessmentId: string | null;
  summary: AssessmentSummary | null;
}

const ASSESSMENT_WITH_SUMMARY_COLUMNS = [
  "assessments.id",
  "assessments.customer_id",
  "assessments.title",
  "assessments.status",
  "assessments.mode",
  "assessments.questionnaire_key",
  "assessments.questionnaire_version",
  "assessments.created_at",
  "assessments.closed_at",
  "assessments.previous_assessment_id",
  "assessment_summaries.assessment_id as summary_assessment_id",
  "assessment_summaries.organisation_id as summary_organisation_id",
  "assessment_summaries.customer_id as summary_customer_id",
  "assessment_summaries.questionnaire_key as summary_questionnaire_key",
  "assessment_summaries.readiness",
  "assessment_summaries.dimensions_json",
  "assessment_summaries.respondents_answered",
  "assessment_summaries.respondents_invited",
  "assessment_summaries.respondents_completed",
  "assessment_summaries.computed_at",
] as const;

interface AssessmentWithSummaryRow {
  id: string;
  customer_id: string;
  title: string;
  status: "open" | "closed";
  mode: string;
  questionnaire_key: string;
  questionnaire_version: number;
  created_at: string;
  closed_at: string | null;
  previous_assessment_id: string | null;
  summary_assessment_id: string | null;
  summary_organisation_id: string | null;
  summary_customer_id: string | null;
  summary_questionnaire_key: string | null;
  readiness: number | null;
  dimensions_json: string | null;
  respondents_answered: number | null;
  respondents_invited: number | null;
  respondents_completed: number | null;
  computed_at: string | null;
}

function toAssessmentWithSummary(r: AssessmentWithSummaryRow): AssessmentWithSummary {
  return {
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    status: r.status,
    mode: r.mode,
    questionnaireKey: r.questionnaire_key,
    questionnaireVersion: r.questionnaire_version,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    previousAssessmentId: r.previous_assessment_id,
    summary:
      r.summary_assessment_id && r.dimensions_json && r.computed_at
        ? fromRow({
            assessment_id: r.summary_assessment_id,
            organisation_id: r.summary_organisation_id!,
            customer_id: r.summary_customer_id!,
            questionnaire_key: r.summary_questionnaire_key!,
            readiness: r.readiness,
            dimensions_json: r.dimensions_json,
            respondents_answered: r.respondents_answered!,
            respondents_invited: r.respondents_invited!,
            respondents_completed: r.respondents_completed!,
            computed_at: r.computed_at,
          })
        : null,
  };
}

/** A provider's assessments (optionally one customer's), oldest first, each with its stored headline scores. */
export async function listAssessmentsWithSummaries(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId?: string },
): Promise<AssessmentWithSummary[]> {
  let query = db
    .selectFrom("assessments")
    .leftJoin("assessment_summaries", "assessment_summaries.assessment_id", "assessments.id")
    .select(ASSESSMENT_WITH_SUMMARY_COLUMNS)
    .where("assessments.organisation_id", "=", organisationId)
    .orderBy("assessments.created_at")
    .orderBy("assessments.id");
  if (customerId) query = query.where("assessments.customer_id", "=", customerId);
  return (await query.execute()).map(toAssessmentWithSummary);
}

/** A customer as the dashboard lists it: its assessment counts and its newest assessment's headline. */
export interface DashboardCustomer {
  id: string;
  name: string;
  industry: string;
  archivedAt: string | null;
  /** The consultant's choice of the assessment that counts (migration 006), or null. */
  countedAssessmentId: string | null;
  assessmentCount: number;
  openAssessmentCount: number;
  /** The newest assessment (the latest created_at, ties to the highest id), or null when there is none. */
  latest: {
    id: string;
    title: string;
    status: "open" | "closed";
    createdAt: string;
    closedAt: string | null;
    /** Live counts of its respondents (a new assessment has no stored summary yet). */
    respondentCount: number;
    completedCount: number;
    /** Its stored headline scores, or null before the first computation. */
    summary: { readiness: number | null; dimensions: Record<string, DimensionSummary>; respondentsAnswered: number } | null;
  } | null;
}

/**
 * Every customer of a provider (archived ones too, for the totals) with what the dashboard shows of
 * it, in one query: per customer, index-only counts of its assessments, one index seek to its newest
 * assessment, and index-only counts of that assessment's respondents (migration 004). Only the
 * columns shown are read: at 182 customers this took 3.5-4.4 ms where a customer listing and a
 * latest-assessments query took 5-6.5 ms between them, most of it building JavaScript rows.
 */
export async function listDashboardCustomers(db: Kysely<Database>, { organisationId }: { organisationId: string }): Promise<DashboardCustomer[]> {
  const rows = await db
    .selectFrom("customers")
    .leftJoin("assessments as latest", (join) =>
      join
        .on((eb) =>
          eb(
            "latest.id",
            "=",
            eb.selectFrom("assessments as newest").select("newest.id").whereRef("newest.customer_id", "=", "customers.id").orderBy("newest.created_at", "desc").orderBy("newest.id", "desc").limit(1),
          ),
        )
        .on("latest.organisation_id", "=", organisationId),
    )
    .leftJoin("assessment_summaries", "assessment_summaries.assessment_id", "latest.id")
    .select([
      "customers.id",
      "customers.name",
      "customers.industry",
      "customers.archived_at",
      "customers.counted_assessment_id",
      "latest.id as latest_id",
      "latest.title as latest_title",
      "latest.status as latest_status",
      "latest.created_at as latest_created_at",
      "latest.closed_at as latest_closed_at",
      "assessment_summaries.readiness",
      "assessment_summaries.dimensions_json",
      "assessment_summaries.respondents_answered",
    ])
    .select((eb) => [
      eb.selectFrom("assessments as counted").select((sub) => sub.fn.countAll().as("count")).whereRef("counted.customer_id", "=", "customers.id").as("assessment_count"),
      eb
        .selectFrom("assessments as counted")
        .select((sub) => sub.fn.countAll().as("count"))
        .whereRef("counted.customer_id", "=", "customers.id")
        .where("counted.status", "=", "open")
        .as("open_assessment_count"),
      eb.selectFrom("respondents").select((sub) => sub.fn.countAll().as("count")).whereRef("respondents.assessment_id", "=", "latest.id").as("respondent_count"),
      eb
        .selectFrom("respondents")
        .select((sub) => sub.fn.countAll().as("count"))
        .whereRef("respondents.assessment_id", "=", "latest.id")
        .where("respondents.status", "=", "completed")
        .as("completed_count"),
    ])
    .where("customers.organisation_id", "=", organisationId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    industry: r.industry,
    archivedAt: r.archived_at,
    countedAssessmentId: r.counted_assessment_id,
    assessmentCount: Number(r.assessment_count ?? 0),
    openAssessmentCount: Number(r.open_assessment_count ?? 0),
    latest:
      r.latest_id === null
        ? null
        : {
            id: r.latest_id,
            title: r.latest_title!,
            status: r.latest_status!,
            createdAt: r.latest_created_at!,
            closedAt: r.latest_closed_at,
            respondentCount: Number(r.respondent_count ?? 0),
            completedCount: Number(r.completed_count ?? 0),
            summary:
              r.dimensions_json === null
                ? null
                : { readiness: r.readiness === null ? null : Number(r.readiness), dimensions: JSON.parse(r.dimensions_json) as Record<string, DimensionSummary>, respondentsAnswered: Number(r.respondents_answered) },
          },
  }));
}

export async function getAssessmentSummary(db: Kysely<Database>, { assessmentId }: { assessmentId: string }): Promise<AssessmentSummary | undefined> {
  const row = await db.selectFrom("assessment_summaries").selectAll().where("assessment_id", "=", assessmentId).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}
