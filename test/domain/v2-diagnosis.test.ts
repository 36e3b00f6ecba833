import { describe, expect, it } from "vitest";
import { getQuestionnaire } from "~/domain/questionnaire-catalogue.server";
import type { ScoredItem } from "~/domain/questionnaire-model";
import { findPerceptionGap } from "~/domain/perception-gap";
import { scoreAssessment, type Respondent } from "~/domain/scoring";

/*
 * Questionnaire v2's perspectives, read through the real engine: the contested low of issue 17
 * (IT rates operations well, the business reports outages) must be a flaggable gap, and own-team
 * skills must not be. Respondents answer every single-choice operations and skills question
 * (matrix rows included) at its best or worst score.
 */
const v2 = getQuestionnaire("hybrid-cloud-readiness", 2);

function answersAt(end: "best" | "worst", dimension: "operations" | "skills", group: string): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const item of v2.scoringModel.items as ScoredItem[]) {
    if (item.dimension !== dimension || item.kind !== "single") continue;
    if (item.visibleIf && !item.visibleIf.includes("{group}")) continue; // follow-up questions: left unanswered
    if (item.visibleIf && !item.visibleIf.includes(`'${group}'`)) continue;
    const scored = item.options.filter((o) => o.score !== null);
    const target = end === "best" ? item.maxScore : item.minScore;
    const option = scored.find((o) => o.score === target)!;
    if (item.rowValue === null) answers[item.questionName] = option.value;
    else answers[item.questionName] = { ...((answers[item.questionName] as object) ?? {}), [String(item.rowValue)]: option.value };
  }
  return answers;
}

const people = (group: "it" | "business", end: "best" | "worst", dimension: "operations" | "skills"): Respondent[] =>
  [1, 2].map(() => ({ group, answers: answersAt(end, dimension, group) }));

describe("v2 diagnosis: perspectives", () => {
  it("operations: IT at its best and the business at its worst is a flagged gap over the 4 questions both answer", () => {
    const scores = scoreAssessment(v2.scoringModel, [...people("it", "best", "operations"), ...people("business", "worst", "operations")]);
    const gap = findPerceptionGap(scores, "operations");
    // Shared: outage impact, request turnaround, device, everyday software; IT 100 against business 0.
    expect(gap.sharedItems).toBe(4);
    expect(gap.gap).toBe(100);
    expect(gap.flagged).toBe(true);
    expect(gap.lowest).toMatchObject({ group: "business", score: 0, respondents: 2 });
    expect(gap.ownTeam).toEqual([]);
  });

  it("skills: each group rating its own team at opposite ends is not a disagreement", () => {
    const scores = scoreAssessment(v2.scoringModel, [...people("it", "best", "skills"), ...people("business", "worst", "skills")]);
    const gap = findPerceptionGap(scores, "skills");
    // Every skills question both groups are asked is about their own team or own learning, but one.
    expect(gap.flagged).toBe(false);
    expect(gap.sharedItems).toBeLessThan(3);
    expect(gap.ownTeam.length).toBeGreaterThanOrEqual(5);
    const teamLevel = gap.ownTeam.find((item) => item.questionName === "skills_team_cloud_level")!;
    expect(teamLevel.groupMeans).toEqual([
      { group: "it", meanPoints: 100, respondents: 2 },
      { group: "business", meanPoints: 0, respondents: 2 },
    ]);
  });
});
