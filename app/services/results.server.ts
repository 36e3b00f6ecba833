import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listAssessmentAnswers, listAssessmentNotes } from "../../db/repositories/answers";
import { getAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { listRespondentProgress } from "../../db/repositories/respondents";
import { found } from "~/auth/access.server";
import { db } from "~/db.server";
import { DIMENSIONS, isRespondentGroup, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import { findPerceptionGaps } from "~/domain/perception-gap";
import { scoreAssessment, type AssessmentScores, type Respondent } from "~/domain/scoring";
import { getAssessmentQuestionnaire } from "./questionnaires.server";

const FREE_TEXT_TYPES = new Set(["text", "comment"]);

/**
 * Everything the results page, exports and reports show, from one run of the scoring engine over
 * the answers as stored. Nothing here computes a score of its own.
 */
export async function loadAssessmentResults(
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
  database: Kysely<Database> = db(),
) {
  const assessment = found(await getAssessment(database, { organisationId, assessmentId }), "Assessment");
  const [customer, respondentRows, answerRows, notes] = await Promise.all([
    getCustomer(database, { organisationId, customerId: assessment.customer_id }),
    listRespondentProgress(database, { organisationId, assessmentId }),
    listAssessmentAnswers(database, { organisationId, assessmentId }),
    listAssessmentNotes(database, { organisationId, assessmentId }),
  ]);
  const questionnaire = await getAssessmentQuestionnaire({ organisationId, key: assessment.questionnaire_key, version: assessment.questionnaire_version });

  const answersByRespondent = new Map<string, Record<string, unknown>>();
  for (const row of answerRows) {
    const answers = answersByRespondent.get(row.respondentId) ?? {};
    answers[row.questionName] = row.value;
    answersByRespondent.set(row.respondentId, answers);
  }
  const respondents: Respondent[] = respondentRows
    .filter((r) => answersByRespondent.has(r.id) && isRespondentGroup(r.group_key))
    .map((r) => ({ id: r.id, group: r.group_key as RespondentGroup, answers: answersByRespondent.get(r.id)! }))
    // A canonical order: floating-point sums then come out the same to the last bit on every
    // database and on every re-run, so a score is exactly reproducible.
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const scores = scoreAssessment(questionnaire.scoringModel, respondents);
  const gaps = findPerceptionGaps(scores);

  const groupOf = new Map(respondentRows.map((r) => [r.id, r.group_key]));
  const freeTextQuestions = collectFreeTextQuestions(questionnaire.surveyJson);
  const freeText = freeTextQuestions.map((q) => ({
    questionName: q.name,
    title: q.title,
    answers: answerRows
      .filter((a) => a.questionName === q.name && typeof a.value === "string" && a.value.trim() !== "")
      .map((a) => ({ group: groupOf.get(a.respondentId) ?? "other", text: String(a.value) })),
  }));

  return {
    assessment,
    customer: found(customer, "Customer"),
    questionnaire: { key: questionnaire.key, version: questionnaire.version, title: questionnaire.title },
    scores,
    gaps,
    notes,
    freeText,
    participation: {
      invited: respondentRows.length,
      answered: respondents.length,
      completed: respondentRows.filter((r) => r.status === "completed").length,
    },
  };
}

export type AssessmentResults = Awaited<ReturnType<typeof loadAssessmentResults>>;

function collectFreeTextQuestions(surveyJson: Record<string, unknown>): { name: string; title: string }[] {
  const found: { name: string; title: string }[] = [];
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Record<string, unknown>[]) {
      if (typeof element.type === "string" && FREE_TEXT_TYPES.has(element.type) && typeof element.name === "string") {
        found.push({ name: element.name, title: typeof element.title === "string" ? element.title : element.name });
      }
      visit(element.elements);
    }
  };
  for (const page of (surveyJson.pages as Record<string, unknown>[] | undefined) ?? []) visit(page.elements);
  visit(surveyJson.elements);
  return found;
}

/** The scores a viewer asked for: the whole assessment, or one group. */
export function dimensionScoresFor(scores: AssessmentScores, group: RespondentGroup | null) {
  const source = group ? scores.groups.find((g) => g.group === group) : null;
  return DIMENSIONS.map((d) => {
    const dimension = (source ?? scores).dimensions[d.key as DimensionKey];
    return { ...d, score: dimension.score, coverage: dimension.coverage, lowConfidence: dimension.lowConfidence, maturityLevel: dimension.maturityLevel, riskBand: dimension.riskBand, answeredItems: dimension.answeredItems };
  });
}
