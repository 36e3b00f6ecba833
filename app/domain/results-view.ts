/*
 * How scores become the charts and lists that the results page and the report both show. One
 * place, so the web page and the PDF draw the same things in the same words.
 */
import { DIMENSIONS, groupName, type DimensionKey, type RespondentGroup } from "./dimensions";
import { peopleInWords, type DimensionPerceptionGap } from "./perception-gap";
import { evidenceWords } from "./score-evidence";
import type { AssessmentItemSummary, AssessmentScores } from "./scoring";

export function radarAxisLabel(key: DimensionKey, name: string): string {
  return key === "shadow-it" ? "Shadow-IT control" : name.split(" & ")[0].split(",")[0];
}

/** Outward is better on every radar axis: shadow-IT is drawn as control, 100 − risk. */
export function radarValue(dimension: DimensionKey, score: number | null): number | null {
  if (score === null) return null;
  return dimension === "shadow-it" ? 100 - score : score;
}

export function radarAxes(): { key: string; label: string }[] {
  return DIMENSIONS.map((d) => ({ key: d.key, label: radarAxisLabel(d.key, d.name) }));
}

/** The overall series (unless one group is chosen) and one per group. */
export function radarSeriesFor(scores: AssessmentScores, group: RespondentGroup | null = null): { key: string; values: Record<string, number | null>; evidence: Record<string, string> }[] {
  type Dimensions = AssessmentScores["dimensions"] | AssessmentScores["groups"][number]["dimensions"];
  const valuesOf = (dimensions: Dimensions) => Object.fromEntries(DIMENSIONS.map((d) => [d.key, radarValue(d.key, dimensions[d.key].score)]));
  // Each point's tooltip: the score's coverage and people, thin evidence in words (rule 13).
  const evidenceOf = (dimensions: Dimensions) =>
    Object.fromEntries(DIMENSIONS.filter((d) => dimensions[d.key].score !== null).map((d) => [d.key, evidenceWords(dimensions[d.key], dimensions[d.key].respondentsScored)]));
  return [
    ...(group ? [] : [{ key: "overall", values: valuesOf(scores.dimensions), evidence: evidenceOf(scores.dimensions) }]),
    ...scores.groups.filter((g) => !group || g.group === group).map((g) => ({ key: g.group, values: valuesOf(g.dimensions), evidence: evidenceOf(g.dimensions) })),
  ];
}

export function gapBars(gaps: DimensionPerceptionGap[]): { label: string; gap: number | null; flagged: boolean; evidence: string }[] {
  return gaps.map((g) => ({ label: DIMENSIONS.find((d) => d.key === g.dimension)!.name, gap: g.gap, flagged: g.flagged, evidence: gapEvidence(g) }));
}

/** A gap's tooltip: which groups, how many people each, over how many shared questions (rules 9, 11). */
function gapEvidence(g: DimensionPerceptionGap): string {
  if (g.gap === null || !g.highest || !g.lowest) return "no gap: fewer than two groups of enough people share a question";
  const shared = `${g.sharedItems} shared question${g.sharedItems === 1 ? "" : "s"}`;
  const pair = `${groupName(g.highest.group)} (${peopleInWords(g.highest.respondents)}) ${Math.round(g.highest.score)}, ${groupName(g.lowest.group)} (${peopleInWords(g.lowest.respondents)}) ${Math.round(g.lowest.score)}`;
  return `${Math.round(g.gap)} points apart over ${shared}: ${pair}${g.flagged ? ", flagged" : ""}`;
}

/** The shadow-IT questions that drive the risk: highest group-mean risk points first. */
export function rankShadowDrivers(items: AssessmentItemSummary[], count: number): (AssessmentItemSummary & { riskPoints: number })[] {
  return items
    .map((item) => {
      const means = item.byGroup.flatMap((g) => (g.meanPoints === null ? [] : [g.meanPoints]));
      return { ...item, riskPoints: means.length > 0 ? Math.max(...means) : -1 };
    })
    .filter((item) => item.riskPoints >= 0)
    .sort((a, b) => b.riskPoints - a.riskPoints)
    .slice(0, count);
}
