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
import type { ReportModel, ReportSection } from "./report-model.server";

type ReportModelBody = Omit<ReportModel, "sections">;
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

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** Where a customer's progress and plan figures come from, and whether from this assessment. */
export function countedWordsFor(model: ReportModelBody): string {
  const { counted, cover } = model;
  if (!counted) return "";
  if (model.kind === "survey") return `An unscored questionnaire never drives a customer's scores or plan: ${cover.customerName}'s figures come from the assessment that counts. Figures from: ${counted.words}.`;
  if (counted.isThisAssessment) return `This is the assessment that counts for ${cover.customerName}: the customer's progress, benchmark, dispositions and plan figures come from it. Figures from: ${counted.words}.`;
  if (counted.id === null) return `No assessment counts for ${cover.customerName} yet, so this one drives no progress, benchmark or plan figures. ${counted.words}.`;
  return `This is not the assessment that counts for ${cover.customerName}: the customer's progress, benchmark, dispositions and plan figures come from another one. Figures from: ${counted.words}.`;
}

/** A survey report's sections: an overview, Konveyor's verdict if any, every question, notes, participation. */
export function buildSurveySections(model: ReportModelBody): ReportSection[] {
  const { participation, cover } = model;
  const groups = model.appendix.respondentsByGroup.filter((g) => g.answered > 0).map((g) => `${g.groupName} (${g.answered})`);
  const sections: ReportSection[] = [
    {
      id: "overview",
      title: "Summary",
      intro:
        `${cover.providerName} ran the survey “${cover.assessmentTitle}” (${cover.questionnaire.title}) with ${cover.customerName}. ` +
        (participation.answered > 0
          ? `${participation.answered} of ${participation.invited} invited people answered (${participation.completed} completed every page): ${listOf(groups)}. `
          : "Nobody has answered yet. ") +
        "This questionnaire is not scored, so this report summarises the answers question by question; it has no readiness scores or plan. " +
        countedWordsFor(model),
    },
  ];
  if (model.konveyorRisk) sections.push({ id: "konveyor-risk", ...KONVEYOR_SECTION });
  if (participation.answered > 0) sections.push({ id: "questions", ...QUESTIONS_SECTION });
  if (model.voices.notes.length > 0) {
    sections.push({ id: "voices", title: "Facilitator notes", intro: "Notes taken in the workshops, exactly as written." });
  }
  sections.push({ id: "survey-appendix", title: "Appendix: participation", intro: "" });
  return sections;
}
