/*
 * What every score carries wherever it is shown (questionnaires/README.md, rule 13; issue 17,
 * "Honest confidence everywhere"): its coverage and the number of people behind it, and "thin
 * evidence" in words when it is low confidence. One wording for the dashboard, the customer page
 * and the chart tooltips, so a customer reads the same caveat everywhere. Pure.
 */
import { READINESS_LEVEL_MIN_DIMENSIONS, thinEvidenceWords } from "./maturity";

export function peopleWords(respondents: number): string {
  return respondents === 1 ? "1 person" : `${respondents} people`;
}

/** "63 % of questions answered": coverage as the pages say it; null when nothing was shown. */
export function coverageWords(coverage: number | null): string {
  return coverage === null ? "no question shown" : `${Math.round(coverage * 100)} % of questions answered`;
}

/**
 * A score's evidence in one line: "63 % of questions answered · 4 people", or for a low-confidence
 * score "Thin evidence: only 23 % of the questions shown were answered, from 2 people".
 * `respondents` may be unknown (a summary stored before it was recorded): then it is left out.
 */
export function evidenceWords(score: { coverage: number | null; lowConfidence: boolean }, respondents: number | null | undefined): string {
  const thin = thinEvidenceWords(score, respondents);
  if (thin) return thin;
  return respondents === null || respondents === undefined ? coverageWords(score.coverage) : `${coverageWords(score.coverage)} · ${peopleWords(respondents)}`;
}

/**
 * Overall readiness has no coverage of its own: its evidence is how many dimensions are answered
 * well enough (rule 12) and how many people answered. Thin below rule 12's bar.
 */
export function readinessEvidence(dimensions: Readonly<Record<string, { score: number | null; lowConfidence: boolean } | undefined>>, respondents: number | null | undefined) {
  const wellAnswered = Object.values(dimensions).filter((d) => d && d.score !== null && !d.lowConfidence).length;
  const thin = wellAnswered < READINESS_LEVEL_MIN_DIMENSIONS;
  // Worded as thinEvidenceWords words a dimension's people, so both caveats read alike.
  const people = respondents === null || respondents === undefined ? "" : respondents === 1 ? ", from one person" : `, from ${respondents} people`;
  return {
    thin,
    wellAnswered,
    words: `${thin ? "Thin evidence: only " : ""}${wellAnswered} of 8 dimensions answered well enough${people}`,
  };
}

/** The same as a sentence, for findings: "Based on 4 people, with 63 % of the questions shown answered." */
export function evidenceSentence(score: { coverage: number | null; lowConfidence: boolean }, respondents: number): string {
  const thin = thinEvidenceWords(score, respondents);
  if (thin) return `${thin}.`;
  return `Based on ${peopleWords(respondents)}, with ${score.coverage === null ? "no" : `${Math.round(score.coverage * 100)} % of the`} questions shown answered.`;
}

/** For a table cell under the score: "63 %, 4 people", or "thin evidence: 23 %, 2 people". */
export function shortEvidence(score: { coverage: number | null; lowConfidence: boolean }, respondents: number): string {
  const words = `${score.coverage === null ? "—" : `${Math.round(score.coverage * 100)} %`}, ${peopleWords(respondents)}`;
  return score.lowConfidence ? `thin evidence: ${words}` : words;
}
