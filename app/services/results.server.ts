import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "~/db.server";
import { computeAssessmentResults } from "~/domain/assessment-results";
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import { thinEvidenceWords } from "~/domain/maturity";
import type { AssessmentScores } from "~/domain/scoring";
import { readAssessmentSources, type LoadedAssessmentSources } from "./assessment-sources.server";
import { summariseQuestions } from "~/domain/question-summaries";
import { answeredRespondents } from "~/domain/assessment-results";
import { assessmentRisk, riskBreakdown } from "~/domain/konveyor-risk";
import { getAssessmentQuestionnaire, getSourceQuestionnaire } from "./questionnaires.server";

/**
 * The rows an assessment's results are computed from (see computeAssessmentResults): database reads
 * only, no scoring. 404 (thrown) for an assessment that is not the organisation's.
 */
export function loadAssessmentResultSources(scope: { organisationId: string; assessmentId: string }, database: Kysely<Database> = db()): Promise<LoadedAssessmentSources> {
  return readAssessmentSources(database, scope, getSourceQuestionnaire);
}

export type { LoadedAssessmentSources };

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
    return {
      ...d,
      score: dimension.score,
      coverage: dimension.coverage,
      lowConfidence: dimension.lowConfidence,
      maturityLevel: dimension.maturityLevel,
      riskBand: dimension.riskBand,
      answeredItems: dimension.answeredItems,
      respondents: dimension.respondentsScored,
      // Rule 13: thin evidence in words, for a score there is.
      evidence: dimension.score === null ? null : thinEvidenceWords(dimension, dimension.respondentsScored),
    };
  });
}

/**
 * The results page's reads: the results, whether the questionnaire is scored (an unscored one, such
 * as an NPS survey or a checklist, has no dimensions, radar or plan), and each question's answers
 * summarised, for everyone or one group, from the same rows.
 */
export async function loadResultsWithQuestionSummaries(scope: { organisationId: string; assessmentId: string }) {
  const sources = await loadAssessmentResultSources(scope);
  const results = computeAssessmentResults(sources);
  const { questionCatalogue, riskModel } = await getAssessmentQuestionnaire({ organisationId: scope.organisationId, key: sources.questionnaire.key, version: sources.questionnaire.version });
  return {
    results,
    // A Konveyor questionnaire's own verdict, over everyone who answered (see konveyor-risk.ts).
    konveyorRiskFor: (group: string | null) => {
      if (!riskModel) return null;
      const answerSets = answeredRespondents(sources)
        .filter((r) => !group || r.group === group)
        .map((r) => r.answers);
      return { thresholds: riskModel.thresholds, ...assessmentRisk(riskModel, answerSets), questions: riskBreakdown(riskModel, answerSets) };
    },
    /** The Konveyor rationale and mitigation of an answer, for the drill-down; null when it has none. */
    riskNoteFor: (questionName: string, value: unknown) => {
      const choice = riskModel?.questions.find((q) => q.name === questionName)?.choices.find((c) => c.value === String(value));
      return choice ? { risk: choice.risk, rationale: choice.rationale, mitigation: choice.mitigation } : null;
    },
    scored: sources.questionnaire.scoringModel.items.length > 0,
    questionSummariesFor: (group: string | null) => summariseQuestions(questionCatalogue, sources.respondents, sources.answers, group),
  };
}
