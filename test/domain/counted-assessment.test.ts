import { describe, expect, it } from "vitest";
import { chooseCountedAssessment, countEligibility, progressSeries, type CountCandidate } from "../../app/domain/counted-assessment";

const KEYS = ["culture", "partnership", "skills", "shadow-it", "operations", "visibility", "outcomes", "governance"];
/** Stored headline scores with `well` dimensions answered well enough, the rest thin or empty. */
function summary(well: number, answered = 6) {
  return { respondentsAnswered: answered, dimensions: Object.fromEntries(KEYS.map((k, i) => [k, i < well ? { score: 50, lowConfidence: false } : { score: i % 2 ? 30 : null, lowConfidence: true }])) };
}
function candidate(over: Partial<CountCandidate> & { id: string; createdAt: string }): CountCandidate {
  return { title: over.id, status: "closed", mode: "self-serve", closedAt: over.createdAt, invited: 6, completed: 6, questionnaireScored: true, summary: summary(8), ...over };
}

// A completed 6-person survey, then a one-session workshop with 9 answers (2 dimensions well answered).
const survey = candidate({ id: "survey", createdAt: "2026-11-01T09:00:00.000Z", status: "open", closedAt: null });
const workshop = candidate({ id: "workshop", createdAt: "2026-11-20T09:00:00.000Z", mode: "workshop", invited: 1, completed: 1, summary: summary(2, 1) });
const unscored = candidate({ id: "unscored", createdAt: "2026-11-25T09:00:00.000Z", questionnaireScored: false, summary: summary(0) });

describe("the assessment that counts", () => {
  it("by default is the newest finished, scored assessment with 5 of 8 dimensions answered well enough", () => {
    const choice = chooseCountedAssessment([survey, workshop, unscored], null);
    expect(choice.how).toBe("default");
    expect(choice.assessment?.id).toBe("survey");
  });

  it("a workshop with few answers is finished but not answered well enough, and says so", () => {
    expect(countEligibility(workshop)).toEqual({ usable: true, eligible: false, wellAnswered: 2, reason: "Not eligible by default: only 2 of 8 dimensions answered well enough (needs 5)" });
  });

  it("an assessment on an unscored questionnaire is never usable, even when chosen", () => {
    expect(countEligibility(unscored)).toMatchObject({ usable: false, eligible: false });
    expect(chooseCountedAssessment([survey, unscored], "unscored").assessment?.id).toBe("survey");
  });

  it("an open assessment is eligible only once every invited respondent has completed", () => {
    expect(countEligibility(candidate({ id: "a", createdAt: "2026-11-01T00:00:00.000Z", status: "open", closedAt: null, invited: 6, completed: 5 }))).toMatchObject({
      eligible: false,
      reason: "Not eligible by default: still open with 5 of 6 completed",
    });
    expect(countEligibility(candidate({ id: "b", createdAt: "2026-11-01T00:00:00.000Z", status: "open", closedAt: null, invited: 0, completed: 0 })).eligible).toBe(false);
    expect(countEligibility(survey).eligible).toBe(true);
  });

  it("exactly 5 well-answered dimensions is enough, 4 is not", () => {
    expect(countEligibility(candidate({ id: "five", createdAt: "2026-11-01T00:00:00.000Z", summary: summary(5) })).eligible).toBe(true);
    expect(countEligibility(candidate({ id: "four", createdAt: "2026-11-01T00:00:00.000Z", summary: summary(4) })).eligible).toBe(false);
  });

  it("the consultant's choice wins over the default, even an open or thin one, while it is usable", () => {
    expect(chooseCountedAssessment([survey, workshop], "workshop")).toMatchObject({ how: "chosen", assessment: { id: "workshop" } });
    // A chosen id that is not among the customer's assessments falls back to the default.
    expect(chooseCountedAssessment([survey, workshop], "elsewhere")).toMatchObject({ how: "default", assessment: { id: "survey" } });
  });

  it("none counts when nothing is eligible and nothing is chosen", () => {
    expect(chooseCountedAssessment([workshop, unscored], null)).toEqual({ how: "none", assessment: null, eligibility: null });
    expect(chooseCountedAssessment([], null).how).toBe("none");
  });

  it("of two eligible assessments the newer counts, whatever order they come in", () => {
    const later = candidate({ id: "later", createdAt: "2026-12-01T00:00:00.000Z" });
    expect(chooseCountedAssessment([later, survey], null).assessment?.id).toBe("later");
    expect(chooseCountedAssessment([survey, later], null).assessment?.id).toBe("later");
  });

  it("what moved compares with eligible assessments started before the counted one only", () => {
    const first = candidate({ id: "first", createdAt: "2026-10-01T00:00:00.000Z" });
    const later = candidate({ id: "later", createdAt: "2026-12-01T00:00:00.000Z" });
    expect(progressSeries([later, workshop, survey, first], survey).map((c) => c.id)).toEqual(["first", "survey"]);
    expect(progressSeries([later, workshop, survey, first], later).map((c) => c.id)).toEqual(["first", "survey", "later"]);
  });
});
