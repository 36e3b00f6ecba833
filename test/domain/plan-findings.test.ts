import { describe, expect, it } from "vitest";
import type { DimensionKey, RespondentGroup } from "~/domain/dimensions";
import { findPerceptionGaps } from "~/domain/perception-gap";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { scoreAssessment } from "~/domain/scoring";
import { PLAN_RULES_VERSION, generatePlan } from "~/domain/stepping-stones";
import { getTeachingCatalogue } from "~/domain/teaching-catalogue.server";

/*
 * Group-aware plan rules (questionnaires/README.md, "Plan rules"), with the default minimums: a gap
 * needs 3 shared items and groups of at least 2 people. Booleans: yes = 100 points, no = 0.
 * Operations o1–o4, partnership p1–p3 and skills s1–s3, asked of everyone; other dimensions unmeasured.
 */
const boolean = (dimension: DimensionKey, name: string) => ({ type: "boolean", name, title: `Question ${name}`, dimension, scoreTrue: 1, scoreFalse: 0 });
const model = compileScoringModel({
  elements: [
    ...["o1", "o2", "o3", "o4"].map((n) => boolean("operations", n)),
    ...["p1", "p2", "p3"].map((n) => boolean("partnership", n)),
    ...["s1", "s2", "s3"].map((n) => boolean("skills", n)),
  ],
});
const catalogue = getTeachingCatalogue(1);
const all = (names: string[], value: boolean) => Object.fromEntries(names.map((n) => [n, value]));
const OPS = ["o1", "o2", "o3", "o4"];
const PARTNERSHIP = ["p1", "p2", "p3"];
const SKILLS = ["s1", "s2", "s3"];
const healthy = { ...all(OPS, true), ...all(PARTNERSHIP, true), ...all(SKILLS, true) };

function planOf(respondents: { id: string; group: RespondentGroup; answers: Record<string, unknown> }[]) {
  const scores = scoreAssessment(model, respondents);
  return { scores, plan: generatePlan({ scores, gaps: findPerceptionGaps(scores), waves: null, catalogue }) };
}
const ids = (plan: ReturnType<typeof planOf>["plan"]) => plan.stones.map((s) => s.id);

describe("a contested low fires its stone, naming the group", () => {
  /*
   * Operations:        o1   o2   o3   o4   score
   *   IT A             yes  yes  yes  yes  100
   *   IT B             yes  yes  yes  no   75        IT 87.5
   *   business C       yes  no   no   no   25
   *   business D       no   no   no   no   0         business 12.5 (level 1)
   * Assessment (87.5 + 12.5) / 2 = 50, level 3: the old rule fired no house-in-order stone.
   * Gap over the 4 shared items: 87.5 − 12.5 = 75, flagged. Item differences: o1 100 − 50 = 50,
   * o2 100, o3 100, o4 50 − 0 = 50; widest first, ties in questionnaire order: o2, o3, o1.
   */
  const { scores, plan } = planOf([
    { id: "a", group: "it", answers: { ...healthy } },
    { id: "b", group: "it", answers: { ...healthy, o4: false } },
    { id: "c", group: "business", answers: { ...healthy, ...all(OPS, false), o1: true } },
    { id: "d", group: "business", answers: { ...healthy, ...all(OPS, false) } },
  ]);

  it("averages to level 3, yet puts IT's house in order first", () => {
    expect(scores.dimensions.operations.score).toBe(50);
    expect(ids(plan)[0]).toBe("house-in-order");
    expect(plan.rulesVersion).toBe(PLAN_RULES_VERSION);
  });

  it("names the group, its size, its score, the gap and the shared questions", () => {
    const house = plan.stones.find((s) => s.id === "house-in-order")!;
    expect(house.answers).toEqual([
      {
        dimension: "operations",
        group: "business",
        respondents: 2,
        score: 12.5,
        level: 1,
        gap: 75,
        sharedItems: 4,
        against: { group: "it", score: 87.5, respondents: 2 },
        questions: ["Question o2", "Question o3", "Question o1"],
        text: "Business (2 people) scores Operational health 13 (level 1); on the 4 shared questions both answered, IT (2 people) scores 88 and Business 13, a gap of 75 points (“Question o2”, “Question o3”, “Question o1”).",
      },
    ]);
    expect(house.rationale).toMatch(/^Business \(2 people\) scores Operational health 13 \(level 1\);/);
    expect(house.rationale).toContain("The assessment's average, 50 (level 3, Defined), hides this, so IT's own house comes first.");
  });

  it("opens the joint roadmap too, since operations is about working together", () => {
    const roadmap = plan.stones.find((s) => s.id === "joint-roadmap")!;
    expect(roadmap.answers.map((a) => [a.dimension, a.group, a.gap])).toEqual([["operations", "business", 75]]);
  });
});

describe("what does not fire", () => {
  it("a healthy organisation whose groups agree gets no joint roadmap", () => {
    // Partnership 100 for all four people, operations and skills 100: nothing is low, no gap.
    const { plan } = planOf([
      { id: "a", group: "it", answers: healthy },
      { id: "b", group: "it", answers: healthy },
      { id: "c", group: "business", answers: healthy },
      { id: "d", group: "business", answers: healthy },
    ]);
    expect(ids(plan)).toEqual(["map-the-portfolio", "measure-and-reassess"]);
  });

  it("a flagged gap in skills fires the teaching stone for the low group, but no joint roadmap", () => {
    // Skills: IT 100 (two people); business s1 yes, s2 and s3 no → 33.33 each, so 33.33 (level 2).
    // Assessment (100 + 33.33) / 2 = 66.67, level 4; gap 66.67 over 3 shared items, flagged.
    const low = { ...healthy, s2: false, s3: false };
    const { plan } = planOf([
      { id: "a", group: "it", answers: healthy },
      { id: "b", group: "it", answers: healthy },
      { id: "c", group: "business", answers: low },
      { id: "d", group: "business", answers: low },
    ]);
    expect(ids(plan)).toEqual(["teach-before-moving", "map-the-portfolio", "measure-and-reassess"]);
    const teach = plan.stones.find((s) => s.id === "teach-before-moving")!;
    expect(teach.answers[0]).toMatchObject({ dimension: "skills", group: "business", respondents: 2, level: 2, sharedItems: 3 });
    expect(teach.answers[0].score).toBeCloseTo(100 / 3, 10);
    expect(teach.answers[0].gap).toBeCloseTo(200 / 3, 10);
  });

  it("a one-person group at level 1 is never the reason a stone fires", () => {
    // Operations: IT 100 (two people), business 0 (one person). Assessment 50, level 3; the gap is not compared.
    const { scores, plan } = planOf([
      { id: "a", group: "it", answers: healthy },
      { id: "b", group: "it", answers: healthy },
      { id: "c", group: "business", answers: { ...healthy, ...all(OPS, false) } },
    ]);
    expect(scores.dimensions.operations.score).toBe(50);
    expect(ids(plan)).toEqual(["map-the-portfolio", "measure-and-reassess"]);
  });
});
