import { describe, expect, it } from "vitest";
import { findPerceptionGap, findPerceptionGaps } from "~/domain/perception-gap";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { scoreAssessment, type Respondent } from "~/domain/scoring";

/*
 * One partnership question whose choices land on exact points: 100 × score / 10000.
 * a → 0, b → 19.99, c → 20, d → 20.01, e → 100.
 */
const gapModel = compileScoringModel({
  elements: [
    {
      type: "radiogroup",
      name: "it_asks_business",
      dimension: "partnership",
      choices: [
        { value: "a", score: 0 },
        { value: "b", score: 1999 },
        { value: "c", score: 2000 },
        { value: "d", score: 2001 },
        { value: "e", score: 10000 },
      ],
    },
  ],
});

function gapBetween(itAnswer: string, businessAnswer: string, threshold?: number) {
  const assessment = scoreAssessment(gapModel, [
    { group: "it", answers: { it_asks_business: itAnswer } },
    { group: "business", answers: { it_asks_business: businessAnswer } },
  ]);
  return findPerceptionGap(assessment, "partnership", threshold === undefined ? {} : { threshold });
}

describe("perception gap flagging (rule 9)", () => {
  it("is flagged at exactly 20 points", () => {
    const gap = gapBetween("c", "a"); // 20 − 0
    expect(gap.gap).toBe(20);
    expect(gap.flagged).toBe(true);
  });

  it("is not flagged at 19.99 points", () => {
    const gap = gapBetween("b", "a"); // 19.99 − 0
    expect(gap.gap).toBeCloseTo(19.99, 10);
    expect(gap.flagged).toBe(false);
    expect(gap.disagreements).toEqual([]);
  });

  it("is flagged at 20.01 points", () => {
    const gap = gapBetween("d", "a"); // 20.01 − 0
    expect(gap.gap).toBeCloseTo(20.01, 10);
    expect(gap.flagged).toBe(true);
  });

  it("is the highest group score minus the lowest, whichever group is higher", () => {
    const gap = gapBetween("a", "e"); // business 100, it 0
    expect(gap.gap).toBe(100);
    expect(gap.highest).toEqual({ group: "business", score: 100 });
    expect(gap.lowest).toEqual({ group: "it", score: 0 });
  });

  it("takes a configurable threshold", () => {
    // 19.99 is flagged at a threshold of 15; 20.01 is not at 30
    expect(gapBetween("b", "a", 15).flagged).toBe(true);
    expect(gapBetween("d", "a", 30).flagged).toBe(false);
  });

  it("with one group there is no gap", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } },
      { group: "it", answers: { it_asks_business: "a" } },
    ]);
    const gap = findPerceptionGap(assessment, "partnership");
    expect(gap).toMatchObject({ gap: null, flagged: false, groupScores: [{ group: "it", score: 50 }] });
  });

  it("a group without a score in the dimension does not count as a second group", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } },
      { group: "business", answers: {} },
    ]);
    expect(findPerceptionGap(assessment, "partnership")).toMatchObject({ gap: null, flagged: false });
  });

  it("spans all groups with a score: highest minus lowest of three", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } }, // 100
      { group: "engineering", answers: { it_asks_business: "c" } }, // 20
      { group: "business", answers: { it_asks_business: "d" } }, // 20.01
    ]);
    const gap = findPerceptionGap(assessment, "partnership");
    // 100 − 20 = 80
    expect(gap.gap).toBe(80);
    expect(gap.groupScores.map((g) => g.group)).toEqual(["it", "business", "engineering"]);
  });

  it("reports every dimension, with no gap where nothing was measured", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } },
      { group: "business", answers: { it_asks_business: "a" } },
    ]);
    const gaps = findPerceptionGaps(assessment);
    expect(gaps.map((g) => g.dimension)).toEqual([
      "culture",
      "partnership",
      "skills",
      "shadow-it",
      "operations",
      "visibility",
      "outcomes",
      "governance",
    ]);
    expect(gaps.filter((g) => g.flagged).map((g) => g.dimension)).toEqual(["partnership"]);
  });
});

describe("questions behind a flagged gap", () => {
  /*
   * Seven culture questions, each a boolean (yes = 100 points, no = 0), and a Likert matrix with two
   * rows (agree = 100, neutral = 50, disagree = 0). Two IT respondents and one executive.
   */
  const cultureModel = compileScoringModel({
    elements: [
      ...["q1", "q2", "q3", "q4", "q5", "q6", "q7"].map((name) => ({
        type: "boolean",
        name,
        title: `Question ${name}`,
        dimension: "culture",
        scoreTrue: 1,
        scoreFalse: 0,
      })),
      {
        type: "matrix",
        name: "attitudes",
        dimension: "culture",
        columns: [
          { value: "disagree", score: 0 },
          { value: "neutral", score: 1 },
          { value: "agree", score: 2 },
        ],
        rows: [
          { value: "standard", text: "We keep to standard implementations" },
          { value: "change", text: "We welcome change" },
        ],
      },
    ],
  });

  const respondents: Respondent[] = [
    {
      group: "it",
      answers: {
        q1: true, q2: true, q3: true, q4: true, q5: true, q6: false, q7: true,
        attitudes: { standard: "agree", change: "agree" },
      },
    },
    {
      group: "it",
      answers: {
        q1: true, q2: false, q3: true, q4: true, q5: false, q6: false, q7: true,
        attitudes: { standard: "agree", change: "neutral" },
      },
    },
    {
      group: "executive",
      answers: {
        q1: false, q2: false, q3: true, q4: false, q5: false, q6: false, q7: true,
        attitudes: { standard: "neutral", change: "disagree" },
      },
    },
  ];
  // Group-mean points:        IT                         executive   spread
  //   q1                      (100 + 100) / 2 = 100      0           100
  //   q2                      (100 + 0) / 2 = 50         0           50
  //   q3                      100                        100         0
  //   q4                      100                        0           100
  //   q5                      50                         0           50
  //   q6                      0                          0           0
  //   q7                      100                        100         0
  //   attitudes/standard      100                        50          50
  //   attitudes/change        (100 + 50) / 2 = 75        0           75
  // IT respondent scores: (6 × 100 + 0 + 100 + 100) / 9 = 800/9 = 88.89 and (4 × 100 + 3 × 0 + 100 + 50) / 9
  // = 550/9 = 61.11, IT group (800/9 + 550/9) / 2 = 75; executive (2 × 100 + 50 + 0) / 9 = 250/9 = 27.78;
  // gap 75 − 27.78 = 425/9 = 47.22.
  const assessment = scoreAssessment(cultureModel, respondents);

  it("scores the groups as worked out by hand", () => {
    const gap = findPerceptionGap(assessment, "culture");
    expect(gap.groupScores[0]).toEqual({ group: "it", score: 75 });
    expect(gap.groupScores[1].score).toBeCloseTo(250 / 9, 10);
    expect(gap.gap).toBeCloseTo(425 / 9, 10); // 47.22
    expect(gap.flagged).toBe(true);
  });

  it("lists the five items with the widest spread of group-mean points, widest first, ties in questionnaire order", () => {
    const gap = findPerceptionGap(assessment, "culture");
    expect(gap.disagreements.map((d) => [d.itemKey, d.spread])).toEqual([
      ["q1", 100],
      ["q4", 100],
      ["attitudes/change", 75],
      ["q2", 50],
      ["q5", 50],
    ]);
  });

  it("lists each group's mean points for a question, and names a matrix row", () => {
    const gap = findPerceptionGap(assessment, "culture");
    expect(gap.disagreements[0]).toEqual({
      itemKey: "q1",
      questionName: "q1",
      title: "Question q1",
      rowValue: null,
      rowLabel: null,
      spread: 100,
      groupMeans: [
        { group: "it", meanPoints: 100 },
        { group: "executive", meanPoints: 0 },
      ],
    });
    expect(gap.disagreements[2]).toMatchObject({
      questionName: "attitudes",
      rowValue: "change",
      rowLabel: "We welcome change",
      groupMeans: [
        { group: "it", meanPoints: 75 },
        { group: "executive", meanPoints: 0 },
      ],
    });
  });

  it("takes a configurable number of questions, and leaves out questions the groups agree on", () => {
    expect(findPerceptionGap(assessment, "culture", { topQuestions: 2 }).disagreements.map((d) => d.itemKey)).toEqual([
      "q1",
      "q4",
    ]);
    // only six items have any spread: q3, q6 and q7 are answered alike
    expect(findPerceptionGap(assessment, "culture", { topQuestions: 20 }).disagreements.map((d) => d.itemKey)).toEqual([
      "q1",
      "q4",
      "attitudes/change",
      "q2",
      "q5",
      "attitudes/standard",
    ]);
  });
});
