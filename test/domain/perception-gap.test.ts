import { describe, expect, it } from "vitest";
import { findPerceptionGap, findPerceptionGaps, type PerceptionGapOptions } from "~/domain/perception-gap";
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

/*
 * The threshold and spread tests below use one-person groups and one or two questions, so they
 * switch off the minimum group size and shared-item count (rules 9 and 11), which have tests of
 * their own further down.
 */
const THRESHOLD_ONLY: PerceptionGapOptions = { minGroupSize: 1, minSharedItems: 1 };

function gapBetween(itAnswer: string, businessAnswer: string, threshold?: number) {
  const assessment = scoreAssessment(gapModel, [
    { group: "it", answers: { it_asks_business: itAnswer } },
    { group: "business", answers: { it_asks_business: businessAnswer } },
  ]);
  return findPerceptionGap(assessment, "partnership", threshold === undefined ? THRESHOLD_ONLY : { ...THRESHOLD_ONLY, threshold });
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
    expect(gap.highest).toEqual({ group: "business", score: 100, respondents: 1, ownScore: 100 });
    expect(gap.lowest).toEqual({ group: "it", score: 0, respondents: 1, ownScore: 0 });
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
    const gap = findPerceptionGap(assessment, "partnership", THRESHOLD_ONLY);
    expect(gap).toMatchObject({ gap: null, flagged: false, groupScores: [{ group: "it", score: 50, respondents: 2 }] });
  });

  it("a group without a score in the dimension does not count as a second group", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } },
      { group: "business", answers: {} },
    ]);
    expect(findPerceptionGap(assessment, "partnership", THRESHOLD_ONLY)).toMatchObject({ gap: null, flagged: false });
  });

  it("is the widest pair among three groups", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } }, // 100
      { group: "engineering", answers: { it_asks_business: "c" } }, // 20
      { group: "business", answers: { it_asks_business: "d" } }, // 20.01
    ]);
    const gap = findPerceptionGap(assessment, "partnership", THRESHOLD_ONLY);
    // pairs: IT–engineering 100 − 20 = 80, IT–business 100 − 20.01 = 79.99, engineering–business 0.01: widest 80
    expect(gap.gap).toBe(80);
    expect(gap.groupScores.map((g) => g.group)).toEqual(["it", "business", "engineering"]);
    expect([gap.highest?.group, gap.lowest?.group]).toEqual(["it", "engineering"]);
  });

  it("reports every dimension, with no gap where nothing was measured", () => {
    const assessment = scoreAssessment(gapModel, [
      { group: "it", answers: { it_asks_business: "e" } },
      { group: "business", answers: { it_asks_business: "a" } },
    ]);
    const gaps = findPerceptionGaps(assessment, THRESHOLD_ONLY);
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
    const gap = findPerceptionGap(assessment, "culture", THRESHOLD_ONLY);
    expect(gap.groupScores[0]).toEqual({ group: "it", score: 75, respondents: 2, belowMinimumSize: false });
    expect(gap.sharedItems).toBe(9);
    expect(gap.groupScores[1].score).toBeCloseTo(250 / 9, 10);
    expect(gap.gap).toBeCloseTo(425 / 9, 10); // 47.22
    expect(gap.flagged).toBe(true);
  });

  it("lists the five items with the widest spread of group-mean points, widest first, ties in questionnaire order", () => {
    const gap = findPerceptionGap(assessment, "culture", THRESHOLD_ONLY);
    expect(gap.disagreements.map((d) => [d.itemKey, d.spread])).toEqual([
      ["q1", 100],
      ["q4", 100],
      ["attitudes/change", 75],
      ["q2", 50],
      ["q5", 50],
    ]);
  });

  it("lists each group's mean points for a question, and names a matrix row", () => {
    const gap = findPerceptionGap(assessment, "culture", THRESHOLD_ONLY);
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
    expect(findPerceptionGap(assessment, "culture", { ...THRESHOLD_ONLY, topQuestions: 2 }).disagreements.map((d) => d.itemKey)).toEqual([
      "q1",
      "q4",
    ]);
    // only six items have any spread: q3, q6 and q7 are answered alike
    expect(findPerceptionGap(assessment, "culture", { ...THRESHOLD_ONLY, topQuestions: 20 }).disagreements.map((d) => d.itemKey)).toEqual([
      "q1",
      "q4",
      "attitudes/change",
      "q2",
      "q5",
      "attitudes/standard",
    ]);
  });
});

describe("gaps over shared items only (rule 9)", () => {
  /*
   * Seven governance booleans (yes = 100, no = 0). g1–g3 are asked of everyone; g4–g7 only of IT.
   *
   *                 g1   g2   g3 | g4–g7 | own score            over g1–g3
   *   IT A          yes  yes  no | no    | 200/7 = 28.57        200/3 = 66.67
   *   IT B          yes  no   no | no    | 100/7 = 14.29        100/3 = 33.33
   *   business C    yes  yes  yes|  —    | 300/3 = 100          100
   *   business D    yes  no   no |  —    | 100/3 = 33.33        33.33
   * IT own 150/7 = 21.43, business own 200/3 = 66.67: the old rule's gap was 66.67 − 21.43 = 45.24, flagged.
   * Over the three shared items IT is (66.67 + 33.33) / 2 = 50 and business 66.67: a gap of 16.67, not flagged.
   */
  const governance = (name: string, itOnly: boolean) => ({
    type: "boolean",
    name,
    title: `Governance ${name}`,
    dimension: "governance",
    scoreTrue: 1,
    scoreFalse: 0,
    ...(itOnly ? { visibleIf: "{group} anyof ['it']" } : {}),
  });
  const model = compileScoringModel({
    elements: [governance("g1", false), governance("g2", false), governance("g3", false), ...["g4", "g5", "g6", "g7"].map((n) => governance(n, true))],
  });
  const itOnlyNo = { g4: false, g5: false, g6: false, g7: false };
  const respondents: Respondent[] = [
    { id: "a", group: "it", answers: { g1: true, g2: true, g3: false, ...itOnlyNo } },
    { id: "b", group: "it", answers: { g1: true, g2: false, g3: false, ...itOnlyNo } },
    { id: "c", group: "business", answers: { g1: true, g2: true, g3: true } },
    { id: "d", group: "business", answers: { g1: true, g2: false, g3: false } },
  ];
  const assessment = scoreAssessment(model, respondents);

  it("compares the groups over the three questions both answered, not over what each was shown", () => {
    const gap = findPerceptionGap(assessment, "governance");
    expect(gap.groupScores.map((g) => g.group)).toEqual(["business", "it"]);
    expect(gap.groupScores[0].score).toBeCloseTo(200 / 3, 10); // business, own score
    expect(gap.groupScores[1].score).toBeCloseTo(150 / 7, 10); // IT, own score over seven questions
    expect(gap.sharedItems).toBe(3);
    expect(gap.highest).toMatchObject({ group: "business", respondents: 2 });
    expect(gap.highest!.score).toBeCloseTo(200 / 3, 10);
    expect(gap.lowest).toMatchObject({ group: "it", score: 50, respondents: 2 });
    expect(gap.lowest!.ownScore).toBeCloseTo(150 / 7, 10);
    expect(gap.gap).toBeCloseTo(50 / 3, 10); // 16.67, where the old rule said 45.24
    expect(gap.flagged).toBe(false);
  });

  it("lists the questions asked of only one side as context", () => {
    const gap = findPerceptionGap(assessment, "governance");
    expect(gap.oneSided.map((q) => [q.itemKey, q.group, q.meanPoints])).toEqual([
      ["g4", "it", 0],
      ["g5", "it", 0],
      ["g6", "it", 0],
      ["g7", "it", 0],
    ]);
    expect(gap.disagreements).toEqual([]);
  });

  it("lists only shared questions as disagreements of a flagged gap", () => {
    // At a threshold of 15 the 16.67 gap is flagged; only g3 differs (business 50, IT 0), g1 and g2 agree.
    const gap = findPerceptionGap(assessment, "governance", { threshold: 15 });
    expect(gap.flagged).toBe(true);
    expect(gap.disagreements.map((d) => [d.itemKey, d.spread, d.groupMeans])).toEqual([
      ["g3", 50, [{ group: "business", meanPoints: 50 }, { group: "it", meanPoints: 0 }]],
    ]);
  });

  it("never flags a gap that rests on fewer shared items than the minimum", () => {
    // Business asked only g1 and g2: C yes/yes = 100, D yes/yes = 100; IT over g1–g2: A 100, B 50 → 75. Gap 25 over 2 items.
    const two = scoreAssessment(model, [
      respondents[0],
      respondents[1],
      { id: "c", group: "business", answers: { g1: true, g2: true } },
      { id: "d", group: "business", answers: { g1: true, g2: true } },
    ]);
    const gap = findPerceptionGap(two, "governance");
    expect(gap.sharedItems).toBe(2);
    expect(gap.gap).toBe(25);
    expect(gap.flagged).toBe(false);
    expect(findPerceptionGap(two, "governance", { minSharedItems: 2 }).flagged).toBe(true);
  });
});

describe("minimum group size (rule 11)", () => {
  // Three partnership booleans. IT: three people answering yes to all (100). Business: one person, no to all (0).
  const model = compileScoringModel({
    elements: ["p1", "p2", "p3"].map((name) => ({ type: "boolean", name, dimension: "partnership", scoreTrue: 1, scoreFalse: 0 })),
  });
  const yes = { p1: true, p2: true, p3: true };
  const assessment = scoreAssessment(model, [
    { id: "i1", group: "it", answers: yes },
    { id: "i2", group: "it", answers: yes },
    { id: "i3", group: "it", answers: yes },
    { id: "b1", group: "business", answers: { p1: false, p2: false, p3: false } },
  ]);

  it("shows a one-person group, labelled, but never compares or flags it", () => {
    const gap = findPerceptionGap(assessment, "partnership");
    expect(gap.groupScores).toEqual([
      { group: "it", score: 100, respondents: 3, belowMinimumSize: false },
      { group: "business", score: 0, respondents: 1, belowMinimumSize: true },
    ]);
    // 100 points apart on three shared questions, but one person is not a group.
    expect(gap).toMatchObject({ gap: null, flagged: false, highest: null, lowest: null });
  });

  it("takes a configurable minimum", () => {
    const gap = findPerceptionGap(assessment, "partnership", { minGroupSize: 1 });
    expect(gap).toMatchObject({ gap: 100, flagged: true, sharedItems: 3 });
  });
});

describe("own-team questions stay out of gaps (rule 9, perspective)", () => {
  /*
   * Skills: three organisation questions both groups answer, and one own-team question ("your
   * team's practical skills"). Each choice scores its points directly: a → 0, b → 50, c → 100.
   */
  const choices = [
    { value: "a", score: 0 },
    { value: "b", score: 50 },
    { value: "c", score: 100 },
  ];
  const model = compileScoringModel({
    elements: [
      { type: "radiogroup", name: "org_1", dimension: "skills", perspective: "organisation", choices },
      { type: "radiogroup", name: "org_2", dimension: "skills", choices },
      { type: "radiogroup", name: "org_3", dimension: "skills", perspective: "organisation", choices },
      { type: "radiogroup", name: "own_team_skills", dimension: "skills", perspective: "own-team", choices },
    ],
  });
  // IT rates its own team 100, the business rates its own 0; on the shared organisation they agree.
  const itPerson = { group: "it", answers: { org_1: "b", org_2: "b", org_3: "c", own_team_skills: "c" } } as const;
  const business = { group: "business", answers: { org_1: "b", org_2: "b", org_3: "b", own_team_skills: "a" } } as const;
  const assessment = scoreAssessment(model, [itPerson, { ...itPerson }, business, { ...business }]);
  const gap = findPerceptionGap(assessment, "skills");

  it("compares the groups over the organisation questions only", () => {
    // IT over org_1..3: (50 + 50 + 100) / 3 = 66.67; business: 50. Gap 16.67, over 3 shared items.
    expect(gap.sharedItems).toBe(3);
    expect(gap.gap).toBeCloseTo(50 / 3, 10);
    expect(gap.flagged).toBe(false);
    // With the own-team item counted as shared the gap would be (300/4 = 75) − (150/4 = 37.5) = 37.5, flagged.
  });

  it("keeps the own-team item in each group's own score", () => {
    // IT own score: (50 + 50 + 100 + 100) / 4 = 75; business: (50 + 50 + 50 + 0) / 4 = 37.5.
    expect(gap.groupScores).toEqual([
      { group: "it", score: 75, respondents: 2, belowMinimumSize: false },
      { group: "business", score: 37.5, respondents: 2, belowMinimumSize: false },
    ]);
    expect(gap.highest).toMatchObject({ group: "it", ownScore: 75 });
  });

  it("lists the own-team item as how each group sees itself, never as one-sided or disagreement", () => {
    expect(gap.oneSided).toEqual([]);
    expect(gap.ownTeam).toEqual([
      {
        itemKey: "own_team_skills",
        questionName: "own_team_skills",
        title: "own_team_skills",
        rowValue: null,
        rowLabel: null,
        groupMeans: [
          { group: "it", meanPoints: 100, respondents: 2 },
          { group: "business", meanPoints: 0, respondents: 2 },
        ],
      },
    ]);
  });

  it("an own-team question asked of one group only is not a one-sided question either", () => {
    const oneGroupModel = compileScoringModel({
      elements: [
        ...["o1", "o2", "o3"].map((name) => ({ type: "radiogroup", name, dimension: "skills", choices })),
        { type: "radiogroup", name: "it_team_only", dimension: "skills", perspective: "own-team", visibleIf: "{group} = 'it'", choices },
      ],
    });
    const scores = scoreAssessment(oneGroupModel, [
      { group: "it", answers: { o1: "a", o2: "a", o3: "a", it_team_only: "c" } },
      { group: "it", answers: { o1: "a", o2: "a", o3: "a", it_team_only: "c" } },
      { group: "business", answers: { o1: "c", o2: "c", o3: "c" } },
      { group: "business", answers: { o1: "c", o2: "c", o3: "c" } },
    ]);
    const skills = findPerceptionGap(scores, "skills");
    // Shared: o1..o3, IT 0 against business 100: gap 100, flagged; the own-team item is listed apart.
    expect(skills).toMatchObject({ gap: 100, sharedItems: 3, flagged: true, oneSided: [] });
    expect(skills.ownTeam.map((item) => [item.questionName, item.groupMeans.map((m) => m.group)])).toEqual([["it_team_only", ["it"]]]);
  });
});
