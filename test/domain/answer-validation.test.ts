import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileAnswerValidator } from "../../app/domain/answer-validation";

const fixture = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "single", choices: [{ value: "a", score: 1 }, { value: "b", score: 2 }], showDontKnowItem: true },
        { type: "checkbox", name: "multi", choices: ["x", "y", "z"], showOtherItem: true },
        { type: "rating", name: "stars", rateMin: 1, rateMax: 5 },
        { type: "rating", name: "scored", rateValues: [{ value: 0, text: "Never", score: 0 }, { value: 2, text: "Always", score: 4 }] },
        { type: "boolean", name: "yesno" },
        { type: "matrix", name: "likert", rows: ["r1", "r2"], columns: [{ value: 1, score: 0 }, { value: 2, score: 1 }, { value: "dontknow" }] },
        { type: "text", name: "short", maxLength: 10 },
        { type: "comment", name: "long" },
        { type: "html", name: "intro", html: "<p>hello</p>" },
        { type: "panel", name: "inner", elements: [{ type: "dropdown", name: "nested", choices: [1, 2, 3] }] },
      ],
    },
  ],
};

describe("answer validation", () => {
  const validator = compileAnswerValidator(fixture);

  it("accepts answers of the right shape for every question type", () => {
    expect(validator.check("single", "b")).toEqual({ ok: true });
    expect(validator.check("single", "dontknow")).toEqual({ ok: true });
    expect(validator.check("multi", ["x", "z", "other"])).toEqual({ ok: true });
    expect(validator.check("multi-Comment", "our own tool")).toEqual({ ok: true });
    expect(validator.check("stars", 4)).toEqual({ ok: true });
    expect(validator.check("scored", 2)).toEqual({ ok: true });
    expect(validator.check("yesno", false)).toEqual({ ok: true });
    expect(validator.check("likert", { r1: 2, r2: "dontknow" })).toEqual({ ok: true });
    expect(validator.check("short", "0123456789")).toEqual({ ok: true });
    expect(validator.check("long", "a\nb")).toEqual({ ok: true });
    expect(validator.check("nested", 3)).toEqual({ ok: true });
    expect(validator.check("single", null)).toEqual({ ok: true });
  });

  it("refuses unknown questions, display-only elements and comments nobody asked for", () => {
    expect(validator.check("nope", null)).toMatchObject({ ok: false });
    expect(validator.has("single")).toBe(true);
    expect(validator.has("nope")).toBe(false);
    expect(validator.check("nope", "a")).toMatchObject({ ok: false, message: "There is no such question in this survey." });
    expect(validator.check("intro", "x")).toMatchObject({ ok: false });
    expect(validator.check("single-Comment", "x")).toMatchObject({ ok: false });
  });

  it("refuses values that are not among the choices or of the wrong type", () => {
    expect(validator.check("single", "c")).toMatchObject({ ok: false, message: "That is not one of the answers offered." });
    expect(validator.check("single", ["a"])).toMatchObject({ ok: false });
    expect(validator.check("multi", "x")).toMatchObject({ ok: false });
    expect(validator.check("multi", ["x", "x"])).toMatchObject({ ok: false, message: "An answer was chosen twice." });
    expect(validator.check("multi", ["w"])).toMatchObject({ ok: false });
    expect(validator.check("stars", 6)).toMatchObject({ ok: false, message: "That rating is not on the scale." });
    expect(validator.check("scored", 1)).toMatchObject({ ok: false });
    expect(validator.check("yesno", "true")).toMatchObject({ ok: false });
    expect(validator.check("likert", { r3: 1 })).toMatchObject({ ok: false });
    expect(validator.check("likert", { r1: 7 })).toMatchObject({ ok: false });
    expect(validator.check("likert", [1, 2])).toMatchObject({ ok: false });
    expect(validator.check("short", "01234567890")).toMatchObject({ ok: false });
    expect(validator.check("short", { text: "x" })).toMatchObject({ ok: false });
    expect(validator.check("long", "x".repeat(10_001))).toMatchObject({ ok: false });
    expect(validator.check("long", "nul\u0000byte")).toMatchObject({ ok: false });
  });

  it("accepts a real answer to every question of the bundled questionnaire", () => {
    const json = JSON.parse(readFileSync("questionnaires/hybrid-cloud-readiness/1/survey.json", "utf8"));
    const bundled = compileAnswerValidator(json);
    const questions = json.pages.flatMap((p: { elements: Record<string, unknown>[] }) => p.elements);
    for (const q of questions) {
      const choices = q.choices as ({ value: unknown } | string)[] | undefined;
      const firstChoice = choices ? (typeof choices[0] === "object" ? choices[0].value : choices[0]) : undefined;
      let value: unknown;
      if (q.type === "radiogroup" || q.type === "dropdown") value = firstChoice;
      else if (q.type === "checkbox") value = [firstChoice];
      else if (q.type === "boolean") value = true;
      else if (q.type === "rating") value = (q.rateValues as { value: unknown }[] | undefined)?.[0]?.value ?? q.rateMin ?? 1;
      else if (q.type === "matrix") value = { [String(((q.rows as ({ value: unknown } | string)[])[0] as { value?: unknown }).value ?? (q.rows as string[])[0])]: ((q.columns as { value: unknown }[])[0]).value };
      else value = "Some words";
      expect(bundled.check(String(q.name), value), String(q.name)).toEqual({ ok: true });
    }
  });

  it("compiles a real-world SurveyJS file whose question names are whole sentences", () => {
    const json = JSON.parse(readFileSync("../shared/corpus/surveyjs/medical-service-en-de.json", "utf8"));
    const corpus = compileAnswerValidator(json);
    const names: string[] = [];
    JSON.stringify(json, (key, value) => {
      if (key === "name" && typeof value === "string") names.push(value);
      return value;
    });
    const spaced = names.find((n) => n.includes(" "));
    expect(spaced).toBeTruthy();
    expect(corpus.check("no such question", "x")).toMatchObject({ ok: false });
  });
});

describe("answer validation: every SurveyJS question type", () => {
  const json = JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.json", "utf8"));
  const validator = compileAnswerValidator(json);

  /** One answer per question in the shape survey-core stores it (shared with the route and browser tests). */
  const realAnswers: Record<string, unknown> = JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.answers.json", "utf8"));


  it("accepts the answer of every answerable type, in the shape survey-core stores it", () => {
    for (const [name, value] of Object.entries(realAnswers)) expect(validator.check(name, value), name).toEqual({ ok: true });
  });

  it("takes a dynamic panel's answer whole: a list of panels answering the template's questions", () => {
    expect(validator.has("teams")).toBe(true);
    expect(validator.check("teams", [])).toEqual({ ok: true });
    expect(validator.check("teams", [{ teamSkill: "Expert" }])).toMatchObject({ ok: false, message: "That is not one of the answers offered." });
    expect(validator.check("teams", [{ notInTemplate: "x" }])).toMatchObject({ ok: false });
    expect(validator.check("teams", { teamName: "x" })).toMatchObject({ ok: false });
    expect(validator.check("teams", Array.from({ length: 6 }, () => ({ teamName: "x" })))).toMatchObject({ ok: false, message: "This question takes at most 5 entries." });
    // The template's questions exist only inside a panel, never as answers of their own.
    expect(validator.has("teamName")).toBe(false);
    expect(validator.check("teamName", "Platform")).toMatchObject({ ok: false });
  });

  it("checks a dropdown matrix's cells by their column's type and refuses unknown rows and columns", () => {
    expect(validator.check("systems", { erp: { owner: "Nobody" } })).toMatchObject({ ok: false, message: "That is not one of the answers offered." });
    expect(validator.check("systems", { erp: { critical: "yes" } })).toMatchObject({ ok: false, message: "Answer yes or no." });
    expect(validator.check("systems", { erp: { moves: "Wave 1" } })).toMatchObject({ ok: false });
    expect(validator.check("systems", { hr: { owner: "IT" } })).toMatchObject({ ok: false, message: "That row is not part of this question." });
    expect(validator.check("systems", { erp: { colour: "red" } })).toMatchObject({ ok: false, message: "That column is not part of this question." });
    expect(validator.check("owner", "IT")).toMatchObject({ ok: false });
    expect(validator.check("vendors", [{ tier: 4 }])).toMatchObject({ ok: false });
    expect(validator.check("vendors", Array.from({ length: 11 }, () => ({ tier: 1 })))).toMatchObject({ ok: false, message: "This table takes at most 10 rows." });
  });

  it("never stores what the survey computes itself: expressions and matrix totals", () => {
    expect(validator.check("budgetTotal", 200)).toMatchObject({ ok: false, message: "This value is worked out by the survey itself and is not saved as an answer." });
    expect(validator.check("systems-total", { users: 435 })).toMatchObject({ ok: false });
  });

  it("refuses what the page cannot produce: an exclusive choice with others, more than the maximum", () => {
    expect(validator.check("clouds", ["none"])).toEqual({ ok: true });
    expect(validator.check("clouds", ["none", "AWS"])).toMatchObject({ ok: false, message: "That answer cannot be chosen together with others." });
    expect(validator.check("clouds", ["AWS", "Azure", "Google Cloud", "IBM Cloud"])).toMatchObject({ ok: false, message: "Choose at most 3." });
    expect(validator.check("clouds", ["AWS", "Azure", "Google Cloud"])).toEqual({ ok: true });
    expect(validator.check("tools", "terraform")).toMatchObject({ ok: false });
    expect(validator.check("diagram", ["hub"])).toMatchObject({ ok: false });
    expect(validator.check("priorities", ["Cost", "Cost"])).toMatchObject({ ok: false });
    expect(validator.check("priorities", ["Cost", "Price"])).toMatchObject({ ok: false });
    expect(validator.check("mood", 6)).toMatchObject({ ok: false });
    expect(validator.check("recommend", 0)).toEqual({ ok: true });
    expect(validator.check("budget", { capex: 1, total: 2 })).toMatchObject({ ok: false, message: "That box is not part of this question." });
    expect(validator.check("welcome", "x")).toMatchObject({ ok: false });
    expect(validator.check("logo", "x")).toMatchObject({ ok: false });
  });

  it("knows which questions a respondent's group or answers hide", () => {
    const conditional = compileAnswerValidator({
      pages: [
        { name: "all", elements: [{ type: "radiogroup", name: "uses", choices: ["yes", "no"] }, { type: "text", name: "which", visibleIf: "{uses} = 'yes'" }] },
        { name: "it", visibleIf: "{group} = 'it'", elements: [{ type: "text", name: "itOnly" }] },
      ],
    });
    const context = (answers: Record<string, unknown>, group: string) => ({ answers, group, values: null, results: new Map() });
    expect(conditional.isShown("uses", context({}, "business"))).toBe(true);
    expect(conditional.isShown("itOnly", context({}, "business"))).toBe(false);
    expect(conditional.isShown("itOnly", context({}, "it"))).toBe(true);
    expect(conditional.visibilityReadsAnswers("itOnly")).toBe(false);
    expect(conditional.visibilityReadsAnswers("which")).toBe(true);
    expect(conditional.isShown("which", context({ uses: "no" }, "it"))).toBe(false);
    expect(conditional.isShown("which", context({ uses: "yes" }, "it"))).toBe(true);
  });

  it("leaves to the page a condition on a value the server does not know (a calculated value)", () => {
    const calculated = compileAnswerValidator({
      calculatedValues: [{ name: "bigTeam", expression: "{size} > 10" }],
      elements: [{ type: "text", name: "size", inputType: "number" }, { type: "text", name: "teamLead", visibleIf: "{bigTeam} = true" }],
    });
    expect(calculated.isShown("teamLead", { answers: { size: 50 }, group: "it", values: null, results: new Map() })).toBe(true);
    expect(calculated.isShown("teamLead", { answers: { size: 2 }, group: "it", values: null, results: new Map() })).toBe(true);
  });
});
