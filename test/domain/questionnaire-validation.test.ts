import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validateQuestionnaire } from "~/domain/questionnaire-validation";

/** A valid scored radiogroup; spread and override to make one thing wrong. */
const scoredRadiogroup = {
  type: "radiogroup",
  name: "change_response",
  dimension: "culture",
  choices: [
    { value: "resist", score: 0 },
    { value: "embrace", score: 2 },
  ],
};

/** A questionnaire with one page holding `elements`. */
function onePage(...elements: object[]) {
  return { title: "Fixture", pages: [{ name: "page1", elements }] };
}

/** Problems as [path, question name] pairs, for compact assertions. */
function placesOf(json: unknown) {
  return validateQuestionnaire(json).problems.map((problem) => [problem.path, problem.questionName]);
}

describe("a valid questionnaire", () => {
  it("has no problems and a summary of its questions per dimension", () => {
    const result = validateQuestionnaire(
      onePage(
        scoredRadiogroup,
        { type: "boolean", name: "saas_outside_it", dimension: "shadow-it", scoreTrue: 4, scoreFalse: 0 },
        { type: "rating", name: "training_time", dimension: "skills" },
        { type: "comment", name: "anything_else" },
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({
      title: "Fixture",
      questionCount: 4,
      scoredQuestionCount: 3,
      unscoredQuestions: ["anything_else"],
    });
    expect(result.summary.questionsPerDimension).toMatchObject({ culture: 1, "shadow-it": 1, skills: 1, governance: 0 });
  });

  it("accepts don't-know items and columns without a score, and unscored none/other choices", () => {
    const result = validateQuestionnaire(
      onePage(
        { ...scoredRadiogroup, showDontKnowItem: true, showNoneItem: true, showOtherItem: true },
        {
          type: "checkbox",
          name: "tools",
          dimension: "shadow-it",
          choices: [{ value: "saas", score: 3 }, { value: "sheets", score: 1 }, "none", "other"],
        },
        {
          type: "matrix",
          name: "team_skills",
          dimension: "skills",
          columns: [
            { value: "basic", score: 0 },
            { value: "expert", score: 1 },
            { value: "dontknow", text: "Don't know" },
          ],
          rows: ["network", "security"],
        },
        { type: "rating", name: "peaks_known", dimension: "visibility", rateValues: [1, 2, 3, "dontknow"] },
      ),
    );
    expect(result.problems).toEqual([]);
  });

  it("accepts a survey with top-level elements instead of pages", () => {
    expect(validateQuestionnaire({ elements: [scoredRadiogroup] }).problems).toEqual([]);
  });
});

describe("the real-world SurveyJS corpus file", () => {
  const corpusFile = fileURLToPath(new URL("../../../shared/corpus/surveyjs/medical-service-en-de.json", import.meta.url));
  const corpus: unknown = JSON.parse(readFileSync(corpusFile, "utf8"));

  it("validates with zero problems despite German text, a Likert matrix and sentence-long names", () => {
    const result = validateQuestionnaire(corpus);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("reports all its questions as unscored", () => {
    const { summary } = validateQuestionnaire(corpus);
    expect(summary.questionCount).toBe(5);
    expect(summary.scoredQuestionCount).toBe(0);
    expect(summary.unscoredQuestions).toHaveLength(5);
    expect(summary.unscoredQuestions).toContain("Were you seen within 15 minutes of your scheduled appointment time?");
    expect(summary.unscoredQuestions).toContain("Care Provider");
  });
});

describe("warnings: what survey-core ignores is accepted, as every SurveyJS tool accepts it", () => {
  it("a property survey-core does not know, at the property's own path", () => {
    const result = validateQuestionnaire(onePage(scoredRadiogroup, { type: "comment", name: "notes", colour: "red" }));
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ path: "pages[0].elements[1].colour", questionName: "notes" });
    expect(result.warnings[0].message).toContain('"colour"');
  });

  it("unknown cellType and cells on matrix rows, isAllRowRequired on a matrixdropdown, repeated html names", () => {
    const result = validateQuestionnaire(
      onePage(
        { type: "html", name: "hinweis", html: "<p>Bitte vollständig ausfüllen.</p>" },
        {
          type: "matrixdropdown",
          name: "pruefpunkte",
          isAllRowRequired: true,
          columns: [{ name: "status", cellType: "dropdown", choices: ["ok", "nicht ok"] }],
          rows: [{ value: "druckluft", text: "Druckluft", cellType: "dropdown", cells: { status: "ok" } }, "beleuchtung"],
        },
        { type: "html", name: "hinweis", html: "<p>Danke.</p>" },
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.path)).toEqual([
      "pages[0].elements[1].isAllRowRequired",
      "pages[0].elements[1].rows[0].cellType",
      "pages[0].elements[1].rows[0].cells",
      "pages[0].elements[2]",
    ]);
    expect(result.warnings[3].message).toContain("pages[0].elements[0]");
    expect(result.summary.questionCount).toBe(1);
  });

  it("an element type survey-core does not know is left out, not counted as a question", () => {
    const result = validateQuestionnaire(onePage(scoredRadiogroup, { type: "starrating", name: "stars" }));
    expect(result.ok).toBe(true);
    expect(result.warnings).toMatchObject([{ path: "pages[0].elements[1]" }]);
    expect(result.warnings[0].message).toContain('"starrating"');
    expect(result.summary.questionCount).toBe(1);
  });

  it("but two answer-bearing questions with one name are still refused", () => {
    const result = validateQuestionnaire(onePage({ type: "html", name: "intro", html: "<p>Hi</p>" }, { type: "text", name: "intro" }, { type: "comment", name: "intro" }));
    expect(result.problems.map((p) => p.path)).toEqual(["pages[0].elements[2]"]);
  });
});

describe("problems, each at its place in the JSON", () => {
  it("something that is not an object", () => {
    for (const json of [null, [], "survey", 42]) {
      expect(validateQuestionnaire(json)).toMatchObject({ ok: false, problems: [{ path: "$" }] });
    }
  });


  it("no questions at all", () => {
    expect(placesOf({ pages: [{ name: "empty", elements: [] }] })).toEqual([["$", undefined]]);
  });

  it("a question name used twice, at the second use", () => {
    const problems = validateQuestionnaire(
      onePage(scoredRadiogroup, { type: "panel", name: "more", elements: [{ type: "text", name: "change_response" }] }),
    ).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "pages[0].elements[1].elements[0]", questionName: "change_response" });
    expect(problems[0].message).toContain("pages[0].elements[0]");
  });

  it("a question without a name", () => {
    const problems = validateQuestionnaire(onePage(scoredRadiogroup, { type: "text" })).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "pages[0].elements[1]" });
    expect(problems[0].message).toContain("'name' is required");
  });

  it("an unknown dimension", () => {
    const problems = validateQuestionnaire(onePage({ ...scoredRadiogroup, dimension: "morale" })).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "pages[0].elements[0]", questionName: "change_response" });
    expect(problems[0].message).toContain("morale");
  });

  it("a weight that is not a positive number", () => {
    for (const weight of [0, -1, "2"]) {
      expect(placesOf(onePage({ ...scoredRadiogroup, weight }))).toEqual([["pages[0].elements[0]", "change_response"]]);
    }
  });

  it("a choice without a score", () => {
    const json = onePage(scoredRadiogroup, {
      ...scoredRadiogroup,
      name: "second",
      choices: [{ value: "a", score: 0 }, { value: "b" }, { value: "c", score: 2 }],
    });
    expect(placesOf(json)).toEqual([["pages[0].elements[1].choices[1]", "second"]]);
  });

  it("a plain string choice in a scored question", () => {
    const json = onePage({ ...scoredRadiogroup, choices: [{ value: "a", score: 0 }, { value: "b", score: 1 }, "maybe"] });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].choices[2]", "change_response"]]);
  });

  it("a score that is not a number", () => {
    const json = onePage({ ...scoredRadiogroup, choices: [{ value: "a", score: 0 }, { value: "b", score: "3" }, { value: "c", score: 1 }] });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].choices[1]", "change_response"]]);
  });

  it("a don't-know choice with a score", () => {
    const json = onePage({ ...scoredRadiogroup, choices: [...scoredRadiogroup.choices, { value: "dontknow", score: 1 }] });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].choices[2]", "change_response"]]);
  });

  it("a choice question with fewer than two distinct scores", () => {
    const json = onePage(
      { ...scoredRadiogroup, choices: [{ value: "a", score: 1 }, { value: "b", score: 1 }] },
      { type: "checkbox", name: "tools", dimension: "shadow-it", choices: [{ value: "saas", score: 2 }, "none"] },
    );
    expect(placesOf(json)).toEqual([
      ["pages[0].elements[0]", "change_response"],
      ["pages[0].elements[1]", "tools"],
    ]);
  });

  it("a scored choice question whose choices come from elsewhere", () => {
    const json = onePage(scoredRadiogroup, { type: "dropdown", name: "copy", dimension: "culture", choicesFromQuestion: "change_response" });
    expect(placesOf(json)).toEqual([["pages[0].elements[1]", "copy"]]);
  });

  it("a boolean question without scoreFalse", () => {
    const problems = validateQuestionnaire(onePage({ type: "boolean", name: "uses_saas", dimension: "shadow-it", scoreTrue: 4 })).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "pages[0].elements[0]", questionName: "uses_saas" });
    expect(problems[0].message).toContain("scoreFalse");
  });

  it("a matrix column without a score", () => {
    const json = onePage({
      type: "matrix",
      name: "attitudes",
      dimension: "culture",
      columns: [{ value: "disagree", score: 0 }, { value: "agree", score: 2 }, "neutral"],
      rows: ["change"],
    });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].columns[2]", "attitudes"]]);
  });

  it("a rating with some rateValues scored and one not", () => {
    const json = onePage({
      type: "rating",
      name: "backlog",
      dimension: "operations",
      rateValues: [{ value: 1, score: 0 }, { value: 2 }, { value: 3, score: 10 }],
    });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].rateValues[1]", "backlog"]]);
  });

  it("a rating without scores whose values are not numbers", () => {
    const json = onePage({ type: "rating", name: "backlog", dimension: "operations", rateValues: [1, "lots", 3] });
    expect(placesOf(json)).toEqual([["pages[0].elements[0].rateValues[1]", "backlog"]]);
  });

  it("a dimension on a question type that cannot be scored", () => {
    const problems = validateQuestionnaire(onePage(scoredRadiogroup, { type: "text", name: "role", dimension: "skills" })).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: "pages[0].elements[1]", questionName: "role" });
    expect(problems[0].message).toContain("text");
  });

  it("a problem inside a panel on a later page", () => {
    const json = {
      pages: [
        { name: "first", elements: [scoredRadiogroup] },
        {
          name: "second",
          elements: [
            { type: "html", name: "skills_intro", html: "<p>Next: skills</p>" },
            {
              type: "panel",
              name: "skills_panel",
              elements: [
                { type: "comment", name: "notes" },
                { type: "radiogroup", name: "training", dimension: "skills", choices: [{ value: "none", score: 0 }, { value: "some" }] },
              ],
            },
          ],
        },
      ],
    };
    expect(placesOf(json)).toEqual([
      ["pages[1].elements[1].elements[1].choices[1]", "training"],
      // with "some" unscored only one distinct score is left
      ["pages[1].elements[1].elements[1]", "training"],
    ]);
  });

  it("a condition survey-core cannot parse, on a question, a choice or a row", () => {
    const json = onePage(
      scoredRadiogroup,
      { type: "text", name: "why", visibleIf: "{change_response} = " },
      { type: "comment", name: "how", requiredIf: "{why} ==== 'x'" },
      { type: "checkbox", name: "tools", choices: ["a", { value: "b", visibleIf: "{why} notempty and" }] },
    );
    expect(placesOf(json)).toEqual([
      ["pages[0].elements[1].visibleIf", "why"],
      ["pages[0].elements[2].requiredIf", "how"],
      ["pages[0].elements[3].choices[1].visibleIf", "tools"],
    ]);
  });

  it("file and signature questions, even inside a dynamic panel or as matrix cells, with the reason", () => {
    const result = validateQuestionnaire(
      onePage(
        scoredRadiogroup,
        { type: "file", name: "architecture_diagram" },
        { type: "paneldynamic", name: "sites", templateElements: [{ type: "signaturepad", name: "site_sign_off" }] },
        { type: "matrixdropdown", name: "evidence", columns: [{ name: "scan", cellType: "file" }], rows: ["backup"] },
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.path)).toEqual(["pages[0].elements[1]", "pages[0].elements[2].templateElements[0]", "pages[0].elements[3].columns[0].cellType"]);
    expect(result.problems[0].message).toMatch(/does not store uploaded files.*Remove it/);
    expect(result.problems[1].message).toMatch(/does not store signatures/);
  });

  it("several problems at once, each reported", () => {
    const json = onePage(
      { ...scoredRadiogroup, weight: -2 },
      { type: "boolean", name: "b", dimension: "nope" },
      { type: "text", name: "b" },
    );
    expect(validateQuestionnaire(json).ok).toBe(false);
    expect(placesOf(json)).toEqual([
      ["pages[0].elements[0]", "change_response"],
      ["pages[0].elements[1]", "b"],
      ["pages[0].elements[2]", "b"],
    ]);
  });
});
