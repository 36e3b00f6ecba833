import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listAssessmentAnswers, listAssessmentNotes } from "../../db/repositories/answers";
import { getAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { listAssessmentRespondents } from "../../db/repositories/respondents";
import { found } from "~/auth/access.server";
import { db } from "~/db.server";
import { collectFreeTextQuestions, computeAssessmentResults } from "~/domain/assessment-results";
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import type { AssessmentScores } from "~/domain/scoring";
import { getAssessmentQuestionnaire } from "./questionnaires.server";
import { yieldToEventLoop } from "~/utils/event-loop";

/**
 * The rows an assessment's results are computed from (see computeAssessmentResults): database reads
 * only, no scoring. 404 (thrown) for an assessment that is not the organisation's. Plain data, so
 * the PDF route can hand it to a renderer process to score.
 */
export async function loadAssessmentResultSources(
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
  database: Kysely<Database> = db(),
) {
  const assessment = found(await getAssessment(database, { organisationId, assessmentId }), "Assessment");
  const [customer, respondents] = await Promise.all([
    getCustomer(database, { organisationId, customerId: assessment.customer_id }),
    listAssessmentRespondents(database, { organisationId, assessmentId }),
  ]);
  // The answers are the big read (thousands of rows for 50 respondents): autosaves go first.
  await yieldToEventLoop();
  const answers = await listAssessmentAnswers(database, { organisationId, assessmentId });
  await yieldToEventLoop();
  const notes = await listAssessmentNotes(database, { organisationId, assessmentId });
  const questionnaire = await getAssessmentQuestionnaire({ organisationId, key: assessment.questionnaire_key, version: assessment.questionnaire_version });
  return {
    assessment,
    customer: found(customer, "Customer"),
    // The compiled scoring model itself (plain data), so whoever scores these rows uses exactly the
    // model this request would: bundled or the provider's own upload.
    questionnaire: {
      key: questionnaire.key,
      version: questionnaire.version,
      title: questionnaire.title,
      scoringModel: questionnaire.scoringModel,
      freeTextQuestions: collectFreeTextQuestions(questionnaire.surveyJson),
    },
    respondents,
    answers,
    notes,
  };
}

export type LoadedAssessmentSources = Awaited<ReturnType<typeof loadAssessmentResultSources>>;

/**
 * Everything the results page, exports and reports show, from one run of the scoring engine over
 * the answers as stored. Nothing here computes a score of its own.
 */
export async function loadAssessmentResults(
  scope: { organisationId: string; assessmentId: string },
  database: Kysely<Database> = db(),
) {
  return computeAssessmentResults(await loadAssessmentResultSources(scope, database));
}

export type AssessmentResults = Awaited<ReturnType<typeof loadAssessmentResults>>;

/** The scores a viewer asked for: the whole assessment, or one group. */
export function dimensionScoresFor(scores: AssessmentScores, group: RespondentGroup | null) {
  const source = group ? scores.groups.find((g) => g.group === group) : null;
  return DIMENSIONS.map((d) => {
    const dimension = (source ?? scores).dimensions[d.key as DimensionKey];
    return { ...d, score: dimension.score, coverage: dimension.coverage, lowConfidence: dimension.lowConfidence, maturityLevel: dimension.maturityLevel, riskBand: dimension.riskBand, answeredItems: dimension.answeredItems };
  });
}
