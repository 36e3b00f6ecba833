import { describe, expect, it } from "vitest";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { validateQuestionnaire } from "~/domain/questionnaire-validation";
import {
  MATURITY_LEVELS,
  RISK_BANDS,
  isLowConfidence,
  maturityLevelFor,
  overallReadiness,
  riskBandFor,
  scoreAssessment,
  scoreGroup,
  scoreRespondent,
  type Respondent,
} from "~/domain/scoring";

/*
 * Every expected number below is worked out by hand from the fixture's scores, with the arithmetic
 * in a comment. Points = 100 × (score − min) / (max − min) per item (README rule 1).
 */

/** One questionnaire with every scorable question type, small enough to score by hand. */
const everyTypeQuestionnaire = {
  title: "Every question type",
  pages: [
    {
      name: "main",
      elements: [
        {
          type: "radiogroup",
          name: "change_response",
          dimension: "culture",
          weight: 2,
          showDontKnowItem: true,
          choices: [
            { value: "resist", text: "We resist it", score: 0 },
            { value: "adapt", text: "We adapt", score: 2 },
            { value: "embrace", text: "We embrace it", score: 4 },
          ],
        },
        {
          type: "dropdown",
          name: "standard_implementations",
          dimension: "culture",
          choices: [
            { value: "never", text: "Never", score: 1 },
            { value: "sometimes", text: "Sometimes", score: 2 },
            { value: "always", text: "Always", score: 5 },
          ],
        },
        // A rating without scored rateValues is scored on its own range, 1–5.
        { type: "rating", name: "training_time", dimension: "skills" },
        {
          type: "rating",
          name: "partner_reliance",
          dimension: "skills",
          rateValues: [
            { value: 1, text: "Entirely", score: 0 },
            { value: 2, text: "Mostly", score: 10 },
            { value: 3, text: "Partly", score: 30 },
            { value: 4, text: "Hardly", score: 40 },
          ],
        },
        {
          type: "matrix",
          name: "team_skills",
          dimension: "skills",
          weight: 0.5,
          columns: [
            { value: "none", text: "None", score: 0 },
            { value: "basic", text: "Basic", score: 1 },
            { value: "expert", text: "Expert", score: 3 },
            { value: "dontknow", text: "Don't know" },
          ],
          rows: [
            { value: "network", text: "Networking" },
            { value: "security", text: "Security" },
            { value: "data", text: "Data" },
          ],
        },
        {
          type: "checkbox",
          name: "unmanaged_tools",
          dimension: "shadow-it",
          showNoneItem: true,
          choices: [
            { value: "saas", text: "Departmental SaaS", score: 3 },
            { value: "sheets", text: "Spreadsheets", score: 1 },
            { value: "catalogue", text: "A service catalogue", score: -2 },
          ],
        },
        { type: "boolean", name: "late_discovery", dimension: "shadow-it", weight: 2, scoreTrue: 5, scoreFalse: 0 },
        { type: "text", name: "role", title: "Your role" },
      ],
    },
  ],
};

const everyTypeModel = compileScoringModel(everyTypeQuestionnaire);

const fullAnswers = {
  change_response: "adapt",
  standard_implementations: "always",
  training_time: 4,
  partner_reliance: 2,
  team_skills: { network: "expert", security: "basic", data: "dontknow" },
  unmanaged_tools: ["sheets", "catalogue"],
  late_discovery: true,
  role: "Operations lead",
};

/** A one-question questionnaire: radiogroup in `dimension` with the given scores (values a, b, c…). */
function oneQuestion(dimension: string, scores: number[]) {
  return compileScoringModel({
    elements: [
      {
        type: "radiogroup",
        name: "q",
        dimension,
        showDontKnowItem: true,
        choices: scores.map((score, index) => ({ value: String.fromCharCode(97 + index), score })),
      },
    ],
  });
}

describe("the fixture questionnaire", () => {
  it("is itself a valid questionnaire", () => {
    expect(validateQuestionnaire(everyTypeQuestionnaire).problems).toEqual([]);
  });

  it("compiles one item per question and one per matrix row, leaving the text question unscored", () => {
    expect(everyTypeModel.items.map((item) => item.key)).toEqual([
      "change_response",
      "standard_implementations",
      "training_time",
      "partner_reliance",
      "team_skills/network",
      "team_skills/security",
      "team_skills/data",
      "unmanaged_tools",
      "late_discovery",
    ]);
    expect(everyTypeModel.unscoredQuestionNames).toEqual(["role"]);
  });
});

describe("item points (rule 1)", () => {
  const scores = scoreRespondent(everyTypeModel, { group: "it", answers: fullAnswers });
  const pointsOf = (dimension: keyof typeof scores.dimensions) =>
    Object.fromEntries(scores.dimensions[dimension].explanation.answers.map((answer) => [answer.itemKey, answer.points]));

  it("a radiogroup choice scores its place between the lowest and highest choice", () => {
    // adapt: 100 × (2 − 0) / (4 − 0) = 50
    expect(pointsOf("culture").change_response).toBe(50);
  });

  it("a dropdown choice is normalised from its lowest score, not from zero", () => {
    // always: 100 × (5 − 1) / (5 − 1) = 100
    expect(pointsOf("culture").standard_implementations).toBe(100);
  });

  it("a rating without scored rateValues is scored on its own 1–5 range", () => {
    // 4: 100 × (4 − 1) / (5 − 1) = 75
    expect(pointsOf("skills").training_time).toBe(75);
  });

  it("a rating with scored rateValues uses the scores, not the values", () => {
    // value 2 scores 10: 100 × (10 − 0) / (40 − 0) = 25
    expect(pointsOf("skills").partner_reliance).toBe(25);
  });

  it("each matrix row is its own item, scored on the columns' range", () => {
    // expert: 100 × 3 / 3 = 100; basic: 100 × 1 / 3 = 33.33
    expect(pointsOf("skills")["team_skills/network"]).toBe(100);
    expect(pointsOf("skills")["team_skills/security"]).toBeCloseTo(33.3333333333, 8);
  });

  it("a checkbox sums its chosen scores between the sum of the negatives and the sum of the positives", () => {
    // min = −2, max = 3 + 1 = 4; chosen sheets + catalogue = 1 − 2 = −1 → 100 × (−1 + 2) / (4 + 2) = 16.67
    expect(pointsOf("shadow-it").unmanaged_tools).toBeCloseTo(16.6666666667, 8);
  });

  it("a boolean scores yes and no between scoreFalse and scoreTrue", () => {
    // yes: 100 × (5 − 0) / (5 − 0) = 100
    expect(pointsOf("shadow-it").late_discovery).toBe(100);
    const no = scoreRespondent(everyTypeModel, { group: "it", answers: { late_discovery: false } });
    expect(no.dimensions["shadow-it"].explanation.answers[0].points).toBe(0);
  });

  it("a text question contributes to no dimension", () => {
    const all = Object.values(scores.dimensions).flatMap((d) => [...d.explanation.answers, ...d.explanation.notCounted]);
    expect(all.some((answer) => answer.questionName === "role")).toBe(false);
  });
});

describe("respondent dimension score (rule 3)", () => {
  const scores = scoreRespondent(everyTypeModel, { id: "r1", group: "it", answers: fullAnswers });

  it("is the weighted mean of the item points", () => {
    // culture: (50 × 2 + 100 × 1) / (2 + 1) = 200 / 3 = 66.67
    expect(scores.dimensions.culture.score).toBeCloseTo(200 / 3, 10);
    expect(scores.dimensions.culture.score).toBeCloseTo(66.6666666667, 8);
    // skills: (75 × 1 + 25 × 1 + 100 × 0.5 + 33.33 × 0.5) / (1 + 1 + 0.5 + 0.5) = 166.67 / 3 = 55.56
    expect(scores.dimensions.skills.score).toBeCloseTo(55.5555555556, 8);
  });

  it("scores risk so that 100 is the worst", () => {
    // shadow-it: (16.67 × 1 + 100 × 2) / (1 + 2) = 216.67 / 3 = 72.22, high risk
    expect(scores.dimensions["shadow-it"].score).toBeCloseTo(72.2222222222, 8);
    expect(scores.dimensions["shadow-it"].riskBand?.key).toBe("high");
    expect(scores.dimensions["shadow-it"].maturityLevel).toBeNull();
  });

  it("gives a maturity dimension its level", () => {
    expect(scores.dimensions.culture.maturityLevel?.level).toBe(4); // 66.67 → Managed
    expect(scores.dimensions.skills.maturityLevel?.name).toBe("Defined"); // 55.56
    expect(scores.dimensions.culture.riskBand).toBeNull();
  });

  it("coverage is the answered weight over the weight shown", () => {
    expect(scores.dimensions.culture.coverage).toBe(1); // 3 / 3
    // skills: the data row was "don't know": answered 1 + 1 + 0.5 + 0.5 = 3 of 3.5 shown → 0.857
    expect(scores.dimensions.skills.answeredWeight).toBe(3);
    expect(scores.dimensions.skills.shownWeight).toBe(3.5);
    expect(scores.dimensions.skills.coverage).toBeCloseTo(0.8571428571, 8);
  });

  it("a dimension with no questions has no score and low confidence", () => {
    expect(scores.dimensions.governance).toMatchObject({ score: null, coverage: null, answeredItems: 0, lowConfidence: true });
  });
});

describe("excluded answers (rule 2)", () => {
  it("a don't-know answer is left out of the score but lowers coverage", () => {
    const scores = scoreRespondent(everyTypeModel, {
      group: "it",
      answers: { change_response: "dontknow", standard_implementations: "sometimes" },
    });
    // only sometimes counts: 100 × (2 − 1) / (5 − 1) = 25; coverage 1 of (2 + 1) = 0.33
    expect(scores.dimensions.culture.score).toBe(25);
    expect(scores.dimensions.culture.coverage).toBeCloseTo(1 / 3, 10);
    expect(scores.dimensions.culture.explanation.notCounted).toMatchObject([
      { questionName: "change_response", reason: "dont-know", answerValue: "dontknow", answerLabel: "Don't know", weight: 2 },
    ]);
  });

  it("an unanswered question is left out of the score but lowers coverage", () => {
    const scores = scoreRespondent(everyTypeModel, { group: "it", answers: { change_response: "embrace" } });
    // embrace: 100; coverage 2 of 3
    expect(scores.dimensions.culture.score).toBe(100);
    expect(scores.dimensions.culture.coverage).toBeCloseTo(2 / 3, 10);
    expect(scores.dimensions.culture.explanation.notCounted).toMatchObject([
      { questionName: "standard_implementations", reason: "unanswered" },
    ]);
  });

  it("an unscored none choice is left out of the score", () => {
    const scores = scoreRespondent(everyTypeModel, {
      group: "it",
      answers: { unmanaged_tools: ["none"], late_discovery: false },
    });
    // only late_discovery counts: no → 0 points; coverage 2 of (1 + 2) = 0.67
    expect(scores.dimensions["shadow-it"].score).toBe(0);
    expect(scores.dimensions["shadow-it"].coverage).toBeCloseTo(2 / 3, 10);
    expect(scores.dimensions["shadow-it"].explanation.notCounted).toMatchObject([
      { questionName: "unmanaged_tools", reason: "unscored-answer", answerLabel: "None" },
    ]);
  });

  it("a stored value that is not one of the choices is left out of the score", () => {
    const scores = scoreRespondent(everyTypeModel, {
      group: "it",
      answers: { change_response: "embrace", standard_implementations: "retired_choice" },
    });
    // only embrace counts: 100; coverage 2 of 3
    expect(scores.dimensions.culture.score).toBe(100);
    expect(scores.dimensions.culture.explanation.notCounted).toMatchObject([
      { questionName: "standard_implementations", reason: "unscored-answer", answerValue: "retired_choice" },
    ]);
  });

  it("a checkbox answer that includes don't-know is don't-know as a whole", () => {
    const model = compileScoringModel({
      elements: [
        {
          type: "checkbox",
          name: "tools",
          dimension: "shadow-it",
          showDontKnowItem: true,
          choices: [
            { value: "saas", score: 2 },
            { value: "sheets", score: 1 },
          ],
        },
      ],
    });
    const scores = scoreRespondent(model, { group: "it", answers: { tools: ["saas", "dontknow"] } });
    expect(scores.dimensions["shadow-it"]).toMatchObject({ score: null, coverage: 0 });
    expect(scores.dimensions["shadow-it"].explanation.notCounted[0].reason).toBe("dont-know");
  });

  it("a respondent who answered nothing has no score, zero coverage and low confidence", () => {
    const scores = scoreRespondent(everyTypeModel, { group: "it", answers: {} });
    expect(scores.dimensions.culture).toMatchObject({ score: null, coverage: 0, answeredItems: 0, lowConfidence: true });
    expect(scores.readiness).toBeNull();
  });
});

describe("hidden questions (rule 2)", () => {
  const hiddenModel = compileScoringModel({
    pages: [
      {
        name: "everyone",
        elements: [
          {
            type: "radiogroup",
            name: "uses_saas",
            dimension: "shadow-it",
            choices: [
              { value: "yes", score: 4 },
              { value: "no", score: 0 },
            ],
          },
          {
            type: "radiogroup",
            name: "saas_known_to_it",
            dimension: "shadow-it",
            visibleIf: "{uses_saas} = 'yes'",
            choices: [
              { value: "all", score: 0 },
              { value: "some", score: 2 },
              { value: "none", score: 4 },
            ],
          },
          {
            type: "boolean",
            name: "asked_by_it",
            dimension: "partnership",
            visibleIf: "{group} anyof ['business', 'executive']",
            scoreTrue: 1,
            scoreFalse: 0,
          },
          {
            type: "panel",
            name: "it_panel",
            visibleIf: "{group} = 'it'",
            elements: [{ type: "rating", name: "it_backlog", dimension: "operations" }],
          },
          {
            type: "matrix",
            name: "inventory",
            dimension: "visibility",
            columns: [
              { value: "no", score: 0 },
              { value: "yes", score: 1 },
            ],
            rows: ["apps", { value: "peaks", visibleIf: "{group} = 'it'" }],
          },
        ],
      },
      {
        name: "engineering_page",
        visibleIf: "{group} = 'engineering'",
        elements: [{ type: "boolean", name: "on_call", dimension: "operations", scoreTrue: 1, scoreFalse: 0 }],
      },
    ],
  });

  it("a question hidden by another answer is neither scored nor counted against coverage", () => {
    const scores = scoreRespondent(hiddenModel, {
      group: "it",
      // saas_known_to_it holds a stale answer from before uses_saas changed to "no": it was hidden.
      answers: { uses_saas: "no", saas_known_to_it: "none" },
    });
    // only uses_saas counts: no → 0; coverage 1 / 1
    expect(scores.dimensions["shadow-it"]).toMatchObject({ score: 0, coverage: 1, answeredItems: 1 });
  });

  it("a question shown by another answer is scored", () => {
    const scores = scoreRespondent(hiddenModel, { group: "it", answers: { uses_saas: "yes", saas_known_to_it: "some" } });
    // (100 + 50) / 2 = 75
    expect(scores.dimensions["shadow-it"].score).toBe(75);
  });

  it("a question hidden from the respondent's group is neither scored nor counted against coverage", () => {
    const it = scoreRespondent(hiddenModel, { group: "it", answers: { asked_by_it: true } });
    expect(it.dimensions.partnership).toMatchObject({ score: null, coverage: null });
    const business = scoreRespondent(hiddenModel, { group: "business", answers: { asked_by_it: true } });
    expect(business.dimensions.partnership).toMatchObject({ score: 100, coverage: 1 });
  });

  it("a question in a panel or page hidden from the group is not counted", () => {
    const answers = { it_backlog: 5, on_call: true };
    const it = scoreRespondent(hiddenModel, { group: "it", answers });
    // it sees the panel (5 on 1–5 → 100) but not the engineering page
    expect(it.dimensions.operations).toMatchObject({ score: 100, coverage: 1, answeredItems: 1 });
    const engineering = scoreRespondent(hiddenModel, { group: "engineering", answers: { it_backlog: 1, on_call: true } });
    // engineering sees the page (yes → 100) but not the panel, so the stale it_backlog 1 (→ 0) is ignored
    expect(engineering.dimensions.operations).toMatchObject({ score: 100, coverage: 1, answeredItems: 1 });
  });

  it("each respondent in an assessment sees what their own answers and group show", () => {
    const respondents: Respondent[] = Array.from({ length: 12 }, (_, index) => ({
      id: String(index),
      group: index % 3 === 0 ? "business" : "it",
      answers: { uses_saas: index % 2 === 0 ? "yes" : "no", saas_known_to_it: "none", asked_by_it: true },
    }));
    const assessment = scoreAssessment(hiddenModel, respondents);
    for (const group of assessment.groups) {
      for (const respondent of group.respondents) {
        const index = Number(respondent.respondentId);
        // "yes" shows the follow-up: (100 + 100) / 2 = 100 over 2 items; "no" hides it: 0 over 1 item
        expect(respondent.dimensions["shadow-it"].answeredItems).toBe(index % 2 === 0 ? 2 : 1);
        expect(respondent.dimensions["shadow-it"].score).toBe(index % 2 === 0 ? 100 : 0);
        // asked_by_it is shown to business only
        expect(respondent.dimensions.partnership.score).toBe(respondent.group === "business" ? 100 : null);
      }
    }
  });

  it("matches question names in conditions without regard to case, as SurveyJS does", () => {
    const model = compileScoringModel({
      elements: [
        { type: "boolean", name: "uses_saas", scoreTrue: 1, scoreFalse: 0 },
        { type: "boolean", name: "follow_up", dimension: "outcomes", visibleIf: "{Uses_SaaS} = true", scoreTrue: 1, scoreFalse: 0 },
      ],
    });
    const shown = scoreRespondent(model, { group: "it", answers: { uses_saas: true, follow_up: true } });
    const hidden = scoreRespondent(model, { group: "it", answers: { uses_saas: false, follow_up: true } });
    expect(shown.dimensions.outcomes.score).toBe(100);
    expect(hidden.dimensions.outcomes.score).toBeNull();
  });

  it("a question switched off with visible: false is never counted", () => {
    const model = compileScoringModel({
      elements: [
        { type: "boolean", name: "shown", dimension: "outcomes", scoreTrue: 1, scoreFalse: 0 },
        { type: "boolean", name: "retired", dimension: "outcomes", visible: false, scoreTrue: 1, scoreFalse: 0 },
      ],
    });
    const scores = scoreRespondent(model, { group: "it", answers: { shown: true, retired: false } });
    // only shown counts: yes → 100, coverage 1 / 1
    expect(scores.dimensions.outcomes).toMatchObject({ score: 100, coverage: 1, answeredItems: 1 });
  });

  it("a matrix row hidden from the group is not counted", () => {
    const answers = { inventory: { apps: "yes", peaks: "no" } };
    // it sees both rows: (100 + 0) / 2 = 50; business sees only apps: 100
    expect(scoreRespondent(hiddenModel, { group: "it", answers }).dimensions.visibility.score).toBe(50);
    expect(scoreRespondent(hiddenModel, { group: "business", answers }).dimensions.visibility.score).toBe(100);
  });
});

describe("explanations (rule 10)", () => {
  it("list each answer behind a respondent's score with its label, points and weight", () => {
    const scores = scoreRespondent(everyTypeModel, { group: "it", answers: fullAnswers });
    expect(scores.dimensions.culture.explanation.answers).toEqual([
      {
        itemKey: "change_response",
        questionName: "change_response",
        title: "change_response",
        rowValue: null,
        rowLabel: null,
        weight: 2,
        answerValue: "adapt",
        answerLabel: "We adapt",
        score: 2,
        points: 50,
      },
      {
        itemKey: "standard_implementations",
        questionName: "standard_implementations",
        title: "standard_implementations",
        rowValue: null,
        rowLabel: null,
        weight: 1,
        answerValue: "always",
        answerLabel: "Always",
        score: 5,
        points: 100,
      },
    ]);
  });

  it("name the matrix row and the checkbox choices", () => {
    const scores = scoreRespondent(everyTypeModel, { group: "it", answers: fullAnswers });
    expect(scores.dimensions.skills.explanation.answers.find((a) => a.itemKey === "team_skills/security")).toMatchObject({
      questionName: "team_skills",
      rowValue: "security",
      rowLabel: "Security",
      answerValue: "basic",
      answerLabel: "Basic",
      weight: 0.5,
    });
    expect(scores.dimensions["shadow-it"].explanation.answers[0]).toMatchObject({
      questionName: "unmanaged_tools",
      answerValue: ["sheets", "catalogue"],
      answerLabel: "Spreadsheets, A service catalogue",
      score: -1, // 1 − 2
    });
  });
});

describe("groups (rule 4) and the assessment (rule 5)", () => {
  const cultureModel = oneQuestion("culture", [0, 1, 2, 3, 4]); // a → 0, b → 25, c → 50, d → 75, e → 100

  it("a group score is the mean of its respondents' scores", () => {
    const group = scoreGroup(cultureModel, "it", [
      { id: "a", group: "it", answers: { q: "e" } },
      { id: "b", group: "it", answers: { q: "e" } },
      { id: "c", group: "it", answers: { q: "b" } },
    ]);
    // (100 + 100 + 25) / 3 = 75
    expect(group.dimensions.culture.score).toBe(75);
    expect(group.dimensions.culture.respondentsScored).toBe(3);
  });

  it("a respondent with nothing answered in the dimension is left out of the group score but not its coverage", () => {
    const group = scoreGroup(cultureModel, "it", [
      { id: "a", group: "it", answers: { q: "e" } },
      { id: "b", group: "it", answers: { q: "dontknow" } },
    ]);
    // score: only a → 100; coverage: (1 + 0) / 2 = 0.5, so low confidence
    expect(group.dimensions.culture).toMatchObject({ score: 100, coverage: 0.5, respondentsScored: 1, lowConfidence: true });
  });

  it("ten IT respondents do not drown two business ones", () => {
    const respondents: Respondent[] = [
      ...Array.from({ length: 10 }, (_, index) => ({ id: `it-${index}`, group: "it" as const, answers: { q: "e" } })),
      { id: "biz-1", group: "business", answers: { q: "a" } },
      { id: "biz-2", group: "business", answers: { q: "a" } },
    ];
    const assessment = scoreAssessment(cultureModel, respondents);
    // groups: it 100, business 0 → (100 + 0) / 2 = 50 (pooling the 12 respondents would give 1000 / 12 = 83.33)
    expect(assessment.dimensions.culture.score).toBe(50);
    expect(assessment.dimensions.culture.groupsScored).toEqual(["it", "business"]);
  });

  it("three IT respondents and one business respondent weigh as two equal groups", () => {
    const assessment = scoreAssessment(cultureModel, [
      { id: "it-1", group: "it", answers: { q: "e" } },
      { id: "it-2", group: "it", answers: { q: "e" } },
      { id: "it-3", group: "it", answers: { q: "b" } },
      { id: "biz-1", group: "business", answers: { q: "a" } },
    ]);
    // it: (100 + 100 + 25) / 3 = 75; business: 0; assessment (75 + 0) / 2 = 37.5 → level 2 Developing
    // (pooled it would be (100 + 100 + 25 + 0) / 4 = 56.25)
    expect(assessment.groups.map((g) => [g.group, g.respondentCount, g.dimensions.culture.score])).toEqual([
      ["it", 3, 75],
      ["business", 1, 0],
    ]);
    expect(assessment.dimensions.culture.score).toBe(37.5);
    expect(assessment.dimensions.culture.maturityLevel?.name).toBe("Developing");
    expect(assessment.respondentCount).toBe(4);
  });

  it("assessment coverage is the mean of the group coverages", () => {
    const twoQuestions = compileScoringModel({
      elements: ["q1", "q2"].map((name) => ({
        type: "boolean",
        name,
        dimension: "outcomes",
        scoreTrue: 1,
        scoreFalse: 0,
      })),
    });
    const assessment = scoreAssessment(twoQuestions, [
      { group: "it", answers: { q1: true, q2: true } },
      { group: "it", answers: { q1: true } },
      { group: "it", answers: { q1: false } },
      { group: "executive", answers: { q1: true, q2: false } },
    ]);
    // it coverage (1 + 0.5 + 0.5) / 3 = 0.6667; executive 1; assessment (0.6667 + 1) / 2 = 0.8333
    expect(assessment.groups[0].dimensions.outcomes.coverage).toBeCloseTo(2 / 3, 10);
    expect(assessment.dimensions.outcomes.coverage).toBeCloseTo(5 / 6, 10);
    // it scores (100, 100, 0) → 66.67; executive (100 + 0) / 2 = 50; assessment (66.67 + 50) / 2 = 58.33
    expect(assessment.dimensions.outcomes.score).toBeCloseTo(175 / 3, 10);
  });

  it("a group that was never shown a dimension does not pull down its score or coverage", () => {
    const model = compileScoringModel({
      elements: [
        {
          type: "boolean",
          name: "it_only",
          dimension: "operations",
          visibleIf: "{group} = 'it'",
          scoreTrue: 1,
          scoreFalse: 0,
        },
      ],
    });
    const assessment = scoreAssessment(model, [
      { group: "it", answers: { it_only: true } },
      { group: "business", answers: {} },
    ]);
    expect(assessment.dimensions.operations).toMatchObject({ score: 100, coverage: 1, groupsScored: ["it"] });
  });

  it("group explanations give each item's answer distribution and mean points", () => {
    const assessment = scoreAssessment(cultureModel, [
      { id: "it-1", group: "it", answers: { q: "e" } },
      { id: "it-2", group: "it", answers: { q: "b" } },
      { id: "it-3", group: "it", answers: { q: "e" } },
      { id: "it-4", group: "it", answers: { q: "dontknow" } },
      { id: "biz-1", group: "business", answers: {} },
    ]);
    const it = assessment.groups[0].dimensions.culture.explanation;
    expect(it.items).toEqual([
      {
        itemKey: "q",
        questionName: "q",
        title: "q",
        rowValue: null,
        rowLabel: null,
        weight: 1,
        group: "it",
        respondentsShown: 4,
        respondentsScored: 3,
        // in the order of the choices; the unanswered business respondent is not in it
        distribution: [
          { value: "b", label: "b", count: 1 },
          { value: "e", label: "e", count: 2 },
          { value: "dontknow", label: "Don't know", count: 1 },
        ],
        meanPoints: 75, // (100 + 25 + 100) / 3
      },
    ]);
    expect(it.respondents.map((r) => [r.respondentId, r.score])).toEqual([
      ["it-1", 100],
      ["it-2", 25],
      ["it-3", 100],
      ["it-4", null],
    ]);
    const item = assessment.dimensions.culture.explanation.items[0];
    expect(item.byGroup.map((g) => [g.group, g.respondentsShown, g.meanPoints])).toEqual([
      ["it", 4, 75],
      ["business", 1, null],
    ]);
  });
});

describe("maturity levels and risk bands (rule 7)", () => {
  it.each([
    [0, 1],
    [19.99, 1],
    [20, 2],
    [39.99, 2],
    [40, 3],
    [59.99, 3],
    [60, 4],
    [79.99, 4],
    [80, 5],
    [100, 5],
  ])("a maturity score of %d is level %d", (score, level) => {
    expect(maturityLevelFor(score).level).toBe(level);
  });

  it("names the levels as the README does", () => {
    expect(MATURITY_LEVELS.map((level) => level.name)).toEqual(["Initial", "Developing", "Defined", "Managed", "Optimised"]);
    expect(MATURITY_LEVELS.every((level) => level.meaning.length > 0)).toBe(true);
  });

  it.each([
    [0, "low"],
    [24.99, "low"],
    [25, "moderate"],
    [49.99, "moderate"],
    [50, "high"],
    [74.99, "high"],
    [75, "critical"],
    [100, "critical"],
  ])("a shadow-IT risk of %d is %s", (score, band) => {
    expect(riskBandFor(score).key).toBe(band);
  });

  it("a score that is 40 on paper but 39.99999999999999 in floating point is level 3", () => {
    const scale = [0, 1, 2, 3, 4, 5].map((score) => ({ value: score, score }));
    const model = compileScoringModel({
      elements: [
        { type: "radiogroup", name: "a", dimension: "outcomes", weight: 0.1, choices: scale },
        { type: "radiogroup", name: "b", dimension: "outcomes", weight: 0.2, choices: scale },
      ],
    });
    // a: 0 points; b: 100 × 3 / 5 = 60 points → (0 × 0.1 + 60 × 0.2) / (0.1 + 0.2) = 12 / 0.3 = 40
    const outcomes = scoreRespondent(model, { group: "it", answers: { a: 0, b: 3 } }).dimensions.outcomes;
    expect(outcomes.score).toBeLessThan(40); // 39.99999999999999: kept unrounded
    expect(outcomes.score).toBeCloseTo(40, 10);
    expect(outcomes.maturityLevel?.level).toBe(3);
  });

  it("a scored respondent at exactly 20 is Developing, and at 19.99 Initial", () => {
    const model = oneQuestion("culture", [0, 1999, 2000, 10000]); // b → 19.99, c → 20
    expect(scoreRespondent(model, { group: "it", answers: { q: "b" } }).dimensions.culture.maturityLevel?.level).toBe(1);
    expect(scoreRespondent(model, { group: "it", answers: { q: "c" } }).dimensions.culture.maturityLevel?.level).toBe(2);
  });

  it("names the risk bands as the README does", () => {
    expect(RISK_BANDS.map((band) => band.name)).toEqual(["Low", "Moderate", "High", "Critical"]);
  });
});

describe("low confidence (rule 6)", () => {
  const fiveQuestions = (weights: number[]) =>
    compileScoringModel({
      elements: weights.map((weight, index) => ({
        type: "boolean",
        name: `q${index + 1}`,
        dimension: "governance",
        weight,
        scoreTrue: 1,
        scoreFalse: 0,
      })),
    });

  it("is not flagged at exactly 60 % coverage", () => {
    const scores = scoreRespondent(fiveQuestions([1, 1, 1, 1, 1]), { group: "it", answers: { q1: true, q2: true, q3: false } });
    // 3 of 5 = 0.6
    expect(scores.dimensions.governance.coverage).toBe(0.6);
    expect(scores.dimensions.governance.lowConfidence).toBe(false);
  });

  it("is flagged just under 60 % coverage", () => {
    const scores = scoreRespondent(fiveQuestions([1, 1, 0.99, 1, 1]), { group: "it", answers: { q1: true, q2: true, q3: false } });
    // (1 + 1 + 0.99) / 4.99 = 0.5992
    expect(scores.dimensions.governance.coverage).toBeCloseTo(2.99 / 4.99, 10);
    expect(scores.dimensions.governance.lowConfidence).toBe(true);
  });

  it("is flagged when nothing was answered, and follows coverage otherwise", () => {
    expect(isLowConfidence(1, 0)).toBe(true);
    expect(isLowConfidence(null, 0)).toBe(true);
    expect(isLowConfidence(0.5999, 3)).toBe(true);
    expect(isLowConfidence(0.6, 3)).toBe(false);
  });
});

describe("overall readiness (rule 8)", () => {
  it("weighs culture, skills and shadow-IT double and turns risk into readiness", () => {
    const scores = scoreRespondent(everyTypeModel, { group: "it", answers: fullAnswers });
    // culture 200/3 (×2), skills 500/9 (×2), shadow-IT 100 − 650/9 = 250/9 (×2):
    // (400/3 + 1000/9 + 500/9) / 6 = (1200/9 + 1500/9) / 6 = 300 / 6 = 50
    expect(scores.readiness).toBeCloseTo(50, 10);
  });

  it("uses only the dimensions with a score", () => {
    const dimensionScores = (values: Partial<Record<string, number>>) =>
      Object.fromEntries(
        ["culture", "partnership", "skills", "shadow-it", "operations", "visibility", "outcomes", "governance"].map((key) => [
          key,
          { score: values[key] ?? null, kind: key === "shadow-it" ? ("risk" as const) : ("maturity" as const) },
        ]),
      ) as Parameters<typeof overallReadiness>[0];
    // (80 × 2 + (100 − 30) × 2 + 50 × 1) / (2 + 2 + 1) = (160 + 140 + 50) / 5 = 70
    expect(overallReadiness(dimensionScores({ culture: 80, "shadow-it": 30, governance: 50 }))).toBe(70);
    expect(overallReadiness(dimensionScores({}))).toBeNull();
  });

  it("for an assessment is taken from the assessment's dimension scores", () => {
    const model = compileScoringModel({
      elements: [
        { type: "boolean", name: "c", dimension: "culture", scoreTrue: 1, scoreFalse: 0 },
        { type: "boolean", name: "o", dimension: "operations", scoreTrue: 1, scoreFalse: 0 },
      ],
    });
    const assessment = scoreAssessment(model, [
      { group: "it", answers: { c: true, o: true } },
      { group: "business", answers: { c: false } },
    ]);
    // culture (100 + 0) / 2 = 50 (×2); operations only it: 100 (×1) → (100 + 100) / 3 = 66.67
    expect(assessment.readiness).toBeCloseTo(200 / 3, 10);
  });
});

describe("determinism", () => {
  it("scoring the same answers twice gives identical results", () => {
    const respondents: Respondent[] = [
      { id: "1", group: "it", answers: fullAnswers },
      { id: "2", group: "business", answers: { change_response: "resist" } },
    ];
    expect(scoreAssessment(everyTypeModel, respondents)).toEqual(scoreAssessment(everyTypeModel, respondents));
  });
});
