import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { DimensionSummary } from "./assessment-summaries";

/** What the rule for the assessment that counts reads of an assessment (app/domain/counted-assessment.ts). */
export interface CountCandidateRow {
  id: string;
  customerId: string;
  title: string;
  status: "open" | "closed";
  mode: string;
  questionnaireKey: string;
  questionnaireVersion: number;
  createdAt: string;
  closedAt: string | null;
  /** Live counts of its respondents. */
  invited: number;
  completed: number;
  summary: { readiness: number | null; respondentsAnswered: number; dimensions: Record<string, DimensionSummary> } | null;
}

/**
 * A provider's assessments (optionally one customer's), oldest first, with live respondent counts
 * (index-only counts, migration 004) and their stored headline scores.
 */
export async function listCountCandidates(db: Kysely<Database>, { organisationId, customerId }: { organisationId: string; customerId?: string }): Promise<CountCandidateRow[]> {
  let query = db
    .selectFrom("assessments")
    .leftJoin("assessment_summaries", "assessment_summaries.assessment_id", "assessments.id")
    .select([
      "assessments.id",
      "assessments.customer_id",
      "assessments.title",
      "assessments.status",
      "assessments.mode",
      "assessments.questionnaire_key",
      "assessments.questionnaire_version",
      "assessments.created_at",
      "assessments.closed_at",
      "assessment_summaries.readiness",
      "assessment_summaries.dimensions_json",
      "assessment_summaries.respondents_answered",
    ])
    .select((eb) => [
      eb.selectFrom("respondents").select((sub) => sub.fn.countAll().as("count")).whereRef("respondents.assessment_id", "=", "assessments.id").as("invited"),
      eb
        .selectFrom("respondents")
        .select((sub) => sub.fn.countAll().as("count"))
        .whereRef("respondents.assessment_id", "=", "assessments.id")
        .where("respondents.status", "=", "completed")
        .as("completed"),
    ])
    .where("assessments.organisation_id", "=", organisationId)
    .orderBy("assessments.created_at")
    .orderBy("assessments.id");
  if (customerId) query = query.where("assessments.customer_id", "=", customerId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    status: r.status,
    mode: r.mode,
    questionnaireKey: r.questionnaire_key,
    questionnaireVersion: Number(r.questionnaire_version),
    createdAt: r.created_at,
    closedAt: r.closed_at,
    invited: Number(r.invited ?? 0),
    completed: Number(r.completed ?? 0),
    summary:
      r.dimensions_json === null
        ? null
        : { readiness: r.readiness === null ? null : Number(r.readiness), respondentsAnswered: Number(r.respondents_answered), dimensions: JSON.parse(r.dimensions_json) as Record<string, DimensionSummary> },
  }));
}
