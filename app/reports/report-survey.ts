/*
 * The parts of the customer report that follow the questionnaire rather than Cairn's readiness
 * model (questionnaires/README.md, "Results for any questionnaire" and "Konveyor questionnaires"):
 * an unscored questionnaire's report is a survey report made of every question's summary, and a
 * Konveyor questionnaire's report carries Konveyor's own risk verdict, scored or not. Both come from
 * the same pure functions the results page calls, over the same stored answers, so the page, the
 * HTML report and the PDF cannot disagree.
 *
 * Pure and free of SurveyJS: the PDF renderer runs this (relative imports only).
 */
import { answeredRespondents, type AssessmentResultSources } from "../domain/assessment-results";
import { assessmentRisk, riskBreakdown, type RiskModel } from "../domain/konveyor-risk";
import type { ReportKonveyorRisk } from "./konveyor-words";
import { summariseQuestions, type QuestionSummary, type SummaryQuestion } from "../domain/question-summary-counts";

/** Konveyor's verdict for the whole assessment; null for a questionnaire without Konveyor thresholds. */
export function buildKonveyorRisk(riskModel: RiskModel | null, sources: Pick<AssessmentResultSources, "respondents" | "answers">): ReportKonveyorRisk | null {
  if (!riskModel) return null;
  // One answer set per respondent who answered anything, pooled: exactly what the results page counts.
  const answerSets = answeredRespondents(sources).map((r) => r.answers);
  return { thresholds: riskModel.thresholds, ...assessmentRisk(riskModel, answerSets), questions: riskBreakdown(riskModel, answerSets) };
}

/** Every question's answers summarised by type, for everyone: the body of a survey report. */
export function buildQuestionSummaries(catalogue: SummaryQuestion[], sources: Pick<AssessmentResultSources, "respondents" | "answers">): QuestionSummary[] {
  return summariseQuestions(catalogue, sources.respondents, sources.answers, null);
}

export const KONVEYOR_SECTION = {
  title: "Konveyor risk",
  intro: "This questionnaire was imported from Konveyor, and its answers carry Konveyor's risk colours. The verdict below is Konveyor's own rule over every answer given.",
};

export const QUESTIONS_SECTION = {
  title: "Question by question",
  intro:
    "Every question's answers, summarised by its type. Shares are of the people who answered that question, not of everyone invited. " +
    "A 0–10 rating also gets its Net Promoter Score: promoters answer 9–10, passives 7–8, detractors 0–6; the score is the percentage of promoters minus the percentage of detractors.",
};
