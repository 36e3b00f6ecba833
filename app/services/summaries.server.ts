import type { Kysely } from "kysely";
import { getAssessmentSummary, saveAssessmentSummary, type AssessmentSummary } from "../../db/repositories/assessment-summaries";
import type { Database } from "../../db/schema";
import { nowIso } from "../../db/ids";
import { db } from "~/db.server";
import { DIMENSIONS } from "~/domain/dimensions";
import { loadAssessmentResults, type AssessmentResults } from "./results.server";

export function summariseResults(results: AssessmentResults): AssessmentSummary {
  return {
    assessmentId: results.assessment.id,
    customerId: results.assessment.customer_id,
    questionnaireKey: results.assessment.questionnaire_key,
    readiness: results.scores.readiness,
    dimensions: Object.fromEntries(
      DIMENSIONS.map((d) => {
        const score = results.scores.dimensions[d.key];
        return [d.key, { score: score.score, coverage: score.coverage, lowConfidence: score.lowConfidence, respondents: score.respondentsScored }];
      }),
    ),
    respondentsAnswered: results.participation.answered,
    respondentsInvited: results.participation.invited,
    respondentsCompleted: results.participation.completed,
    computedAt: nowIso(),
  };
}

/** Stores the headline figures of results just computed, for dashboards and trends. */
export async function rememberSummary(results: AssessmentResults, database: Kysely<Database> = db()): Promise<void> {
  const summary = summariseResults(results);
  // Viewing results is frequent and mostly changes nothing: skip the write (and its disk flush) then.
  const stored = await getAssessmentSummary(database, { assessmentId: summary.assessmentId });
  const same = (a: AssessmentSummary) => JSON.stringify({ ...a, computedAt: null });
  if (stored && same(stored) === same(summary)) return;
  await saveAssessmentSummary(database, { ...summary, organisationId: results.assessment.organisation_id });
}

export async function refreshAssessmentSummary(
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
  database: Kysely<Database> = db(),
): Promise<void> {
  await rememberSummary(await loadAssessmentResults({ organisationId, assessmentId }, database), database);
}


