/*
 * The key findings of a report's executive summary, chosen by a few rules anyone can check by
 * hand. Pure: it reads the scoring engine's scores and perception gaps and computes no score of
 * its own. FINDING_RULES says the same rules in words; the report's appendix prints them.
 */
import { DIMENSIONS, groupName, type DimensionKey } from "./dimensions";
import { DEFAULT_MIN_GROUP_SIZE, peopleInWords, type DimensionPerceptionGap } from "./perception-gap";
import type { AssessmentScores } from "./scoring";
import { evidenceSentence } from "./score-evidence";

export type FindingSeverity = "critical" | "high" | "medium" | "info";
export type FindingRule = "shadow-it-risk" | "perception-gap" | "weakest-dimension" | "low-confidence" | "strongest-dimension";

export interface ReportFinding {
  rule: FindingRule;
  severity: FindingSeverity;
  /** The dimensions the finding is about, for links and highlighting. */
  dimensions: DimensionKey[];
  headline: string;
  detail: string;
}

/** Most severe first; within a severity, rules rank in this order. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = ["critical", "high", "medium", "info"];

/** The rules, in rank order, in the words the report's appendix prints. */
export const FINDING_RULES: readonly { rule: FindingRule; description: string }[] = [
  {
    rule: "shadow-it-risk",
    description: "Shadow-IT risk in the high band is a high finding, in the critical band a critical one. Lower bands are not listed.",
  },
  {
    rule: "perception-gap",
    description:
      "The largest flagged perception gap is a high finding, with the question the groups disagree on most. A gap is flagged when two groups of at least 2 people are 20 or more points apart on the questions both were asked and answered, and it rests on at least 3 such shared questions; a group of one person is shown but never compared.",
  },
  {
    rule: "weakest-dimension",
    description: "The maturity dimension with the lowest score: critical at level 1, high at level 2, medium at level 3, for information at levels 4 and 5.",
  },
  {
    rule: "low-confidence",
    description: "Dimensions whose coverage is below 60 %: a high finding when half or more of the dimensions are affected, otherwise medium.",
  },
  {
    rule: "strongest-dimension",
    description: "The maturity dimension with the highest score, as a strength to build on (for information).",
  },
];

export const KEY_FINDING_COUNT = 3;

const round = (n: number) => Math.round(n);
const dimensionName = (key: DimensionKey) => DIMENSIONS.find((d) => d.key === key)?.name ?? key;

function shadowItFinding(scores: AssessmentScores): ReportFinding | null {
  const shadow = scores.dimensions["shadow-it"];
  if (shadow.score === null || !shadow.riskBand) return null;
  if (shadow.riskBand.key !== "high" && shadow.riskBand.key !== "critical") return null;
  // Only a group of the minimum size is named as reporting the most (rule 11).
  const byGroup = scores.groups
    .filter((g) => g.dimensions["shadow-it"].respondentsScored >= DEFAULT_MIN_GROUP_SIZE)
    .map((g) => ({ group: g.group, score: g.dimensions["shadow-it"].score }))
    .filter((g): g is { group: typeof g.group; score: number } => g.score !== null)
    .sort((a, b) => b.score - a.score);
  const most = byGroup.length > 1 ? ` ${groupName(byGroup[0].group)} respondents report the most (${round(byGroup[0].score)}).` : "";
  const confidence = shadow.lowConfidence ? " Coverage is low, so confirm this in a workshop." : "";
  return {
    rule: "shadow-it-risk",
    severity: shadow.riskBand.key === "critical" ? "critical" : "high",
    dimensions: ["shadow-it"],
    headline: `Shadow-IT risk is ${shadow.riskBand.name.toLowerCase()} (${round(shadow.score)} of 100)`,
    detail: `${shadow.riskBand.meaning}${most}${confidence}`,
  };
}

function perceptionGapFinding(gaps: readonly DimensionPerceptionGap[]): ReportFinding | null {
  // A flagged gap already compares only groups of the minimum size over enough shared questions (rules 9, 11).
  const flagged = gaps.filter((g) => g.flagged && g.gap !== null && g.highest && g.lowest);
  if (flagged.length === 0) return null;
  // Largest gap first; a tie keeps DIMENSIONS order (gaps come in that order, and sort is stable).
  const largest = [...flagged].sort((a, b) => b.gap! - a.gap!)[0];
  const highest = largest.highest!;
  const lowest = largest.lowest!;
  const question = largest.disagreements[0];
  const where = question ? ` They disagree most on “${question.title}${question.rowLabel ? ` — ${question.rowLabel}` : ""}”.` : "";
  const others = flagged.length - 1;
  const more = others > 0 ? ` ${others} other dimension${others === 1 ? " has" : "s have"} a flagged gap too.` : "";
  const shared = `${largest.sharedItems} question${largest.sharedItems === 1 ? "" : "s"} both groups answered`;
  return {
    rule: "perception-gap",
    severity: "high",
    dimensions: [largest.dimension],
    headline: `${groupName(highest.group)} and ${groupName(lowest.group)} are ${round(largest.gap!)} points apart on ${dimensionName(largest.dimension)}`,
    detail:
      `On the ${shared}, ${groupName(highest.group)} (${peopleInWords(highest.respondents)}) scores it ${round(highest.score)}, ` +
      `${groupName(lowest.group)} (${peopleInWords(lowest.respondents)}) ${round(lowest.score)}.${where}${more} A joint conversation between the groups is the first step.`,
  };
}

function maturityDimensionsWithScore(scores: AssessmentScores) {
  return DIMENSIONS.filter((d) => d.kind === "maturity")
    .map((d) => ({ key: d.key, summary: d.summary, score: scores.dimensions[d.key] }))
    .filter((d) => d.score.score !== null && d.score.maturityLevel !== null);
}

function weakestDimensionFinding(scores: AssessmentScores): ReportFinding | null {
  const scored = maturityDimensionsWithScore(scores);
  if (scored.length === 0) return null;
  // Lowest first; equal scores keep DIMENSIONS order.
  const weakest = [...scored].sort((a, b) => a.score.score! - b.score.score!)[0];
  const level = weakest.score.maturityLevel!;
  const severity: FindingSeverity = level.level === 1 ? "critical" : level.level === 2 ? "high" : level.level === 3 ? "medium" : "info";
  return {
    rule: "weakest-dimension",
    severity,
    dimensions: [weakest.key],
    headline: `${dimensionName(weakest.key)} is the weakest dimension: ${round(weakest.score.score!)}, level ${level.level} ${level.name}`,
    // Every score carries its evidence, here too (rule 13).
    detail: `${level.meaning} It covers ${weakest.summary.charAt(0).toLowerCase()}${weakest.summary.slice(1)} ${evidenceSentence(weakest.score, weakest.score.respondentsScored)}`,
  };
}

function lowConfidenceFinding(scores: AssessmentScores): ReportFinding | null {
  const low = DIMENSIONS.filter((d) => scores.dimensions[d.key].lowConfidence);
  if (low.length === 0) return null;
  const names = low.map((d) => d.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return {
    rule: "low-confidence",
    severity: low.length * 2 >= DIMENSIONS.length ? "high" : "medium",
    dimensions: low.map((d) => d.key),
    headline: `${low.length} dimension${low.length === 1 ? " rests" : "s rest"} on thin evidence`,
    detail: `${list}: fewer than 60 % of the questions shown were answered with a scored answer (“don't know” and skipped questions do not count). Treat ${low.length === 1 ? "this score" : "these scores"} as indicative and confirm in a workshop.`,
  };
}

function strongestDimensionFinding(scores: AssessmentScores): ReportFinding | null {
  const scored = maturityDimensionsWithScore(scores);
  if (scored.length < 2) return null;
  const strongest = [...scored].sort((a, b) => b.score.score! - a.score.score!)[0];
  const level = strongest.score.maturityLevel!;
  return {
    rule: "strongest-dimension",
    severity: "info",
    dimensions: [strongest.key],
    headline: `${dimensionName(strongest.key)} is the strongest dimension: ${round(strongest.score.score!)}, level ${level.level} ${level.name}`,
    detail: `${level.meaning} A foundation the migration plan can build on. ${evidenceSentence(strongest.score, strongest.score.respondentsScored)}`,
  };
}

/** Every finding the rules produce, most important first. */
export function rankFindings(scores: AssessmentScores, gaps: readonly DimensionPerceptionGap[]): ReportFinding[] {
  if (scores.respondentCount === 0) return [];
  const candidates = [
    shadowItFinding(scores),
    perceptionGapFinding(gaps),
    weakestDimensionFinding(scores),
    lowConfidenceFinding(scores),
    strongestDimensionFinding(scores),
  ].filter((f): f is ReportFinding => f !== null);
  // Stable sort: within a severity the candidates keep rule order.
  return candidates.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** The executive summary's key findings: the first three of rankFindings. */
export function findKeyFindings(scores: AssessmentScores, gaps: readonly DimensionPerceptionGap[], count = KEY_FINDING_COUNT): ReportFinding[] {
  return rankFindings(scores, gaps).slice(0, Math.max(0, count));
}
