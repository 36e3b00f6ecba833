/*
 * Konveyor's verdict as the report prints it, in words shared by the HTML report and the PDF.
 * Types and text only, so the report page's browser bundle stays free of the scoring engine.
 */
import type { RiskColour, RiskQuestionBreakdown, RiskThresholds } from "../domain/konveyor-risk";

/** Konveyor's verdict over everyone who answered, as the results page shows it (KonveyorRiskData). */
export interface ReportKonveyorRisk {
  verdict: RiskColour;
  message: string | null;
  counts: Record<RiskColour, number>;
  total: number;
  answerSets: number;
  thresholds: RiskThresholds;
  questions: RiskQuestionBreakdown[];
}

export const RISK_COLOUR_NAMES: Record<RiskColour, string> = { red: "Red", yellow: "Yellow", green: "Green", unknown: "Unknown" };

const share = (count: number, total: number) => (total === 0 ? "—" : `${Math.round((count / total) * 100)} %`);

/** "Red 2 (10 %) · Yellow 5 (25 %) · … of 20 answers from 4 respondents": the counts in one line. */
export function konveyorCountsWords(risk: ReportKonveyorRisk): string {
  const counts = (["red", "yellow", "green", "unknown"] as const).map((c) => `${RISK_COLOUR_NAMES[c]} ${risk.counts[c]} (${share(risk.counts[c], risk.total)})`).join(" · ");
  return `${counts} of ${risk.total} answers from ${risk.answerSets === 1 ? "1 respondent" : `${risk.answerSets} respondents`}; a question left unanswered counts as unknown.`;
}

/** Konveyor's rule with this questionnaire's thresholds, in words. */
export function konveyorRuleWords(thresholds: RiskThresholds): string {
  return `Konveyor's rule, with this questionnaire's thresholds: red when at least ${thresholds.red} % of the answers are red, else yellow when at least ${thresholds.yellow} % are yellow, else unknown when at least ${thresholds.unknown} % are unknown, else green. Each respondent's answers count once.`;
}
