import { readFileSync } from "node:fs";
import { Model } from "survey-core";
import { describe, expect, it } from "vitest";
import { canonicalJson, checkQuestionnaireText } from "~/domain/questionnaire-import";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/questionnaires/${name}`, import.meta.url), "utf8");

/** Files written outside Cairn, in strict JSON: each must be accepted and load in survey-core. */
const REAL_WORLD = [
  { file: "medical-service-en-de.json", questions: 5 },
  { file: "product-feedback.json", questions: 8 },
  { file: "winforms-skins.json", questions: 8 },
  { file: "movie-ratings-en-de.json", questions: 1 },
  { file: "production-checklist-de.json", questions: 5 },
];

describe("SurveyJS files written outside Cairn", () => {
  for (const { file, questions } of REAL_WORLD) {
    it(`accepts ${file}, and survey-core renders every question it counts`, () => {
      const result = checkQuestionnaireText(fixture(file));
      if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
      expect(result.summary.questionCount).toBe(questions);
      const survey = new Model(result.model);
      const answerable = survey.getAllQuestions().filter((q) => q.getType() !== "html");
      expect(answerable).toHaveLength(questions);
      // Every page has something to show.
      expect(survey.pages.every((page) => page.elements.length > 0)).toBe(true);
    });
  }

  it("lists no warnings for the survey-library files: survey-core knows every property in them", () => {
    for (const { file } of REAL_WORLD.filter((f) => f.file !== "production-checklist-de.json")) {
      const result = checkQuestionnaireText(fixture(file));
      expect(result.warnings, file).toEqual([]);
    }
  });

  it("accepts the German production checklist with a warning, at its line and column, for each part SurveyJS ignores", () => {
    const result = checkQuestionnaireText(fixture("production-checklist-de.json"));
    expect(result.ok).toBe(true);
    expect(result.warnings.map(({ path, line, column }) => ({ path, line, column }))).toEqual([
      { path: "pages[0].elements[2].isAllRowRequired", line: 26, column: 11 },
      { path: "pages[0].elements[2].rows[0].cellType", line: 45, column: 68 },
      { path: "pages[0].elements[2].rows[1].cells", line: 46, column: 71 },
      { path: "pages[0].elements[3]", line: 51, column: 9 },
      { path: "pages[1].elements[3]", line: 80, column: 9 },
    ]);
    expect(result.warnings[0]).toMatchObject({ questionName: "pruefpunkte_anlage", message: expect.stringContaining('"isAllRowRequired"') });
    expect(result.warnings[3].message).toContain('"hinweis" is already used at pages[0].elements[0]');
    // What SurveyJS ignores, Cairn stores untouched: the file is kept as written.
    expect(result.ok && result.model).toEqual(JSON.parse(fixture("production-checklist-de.json")));
  });
});

describe("files that are refused, each with a line and column", () => {
  it("a trailing comma after the last question, at the bracket that follows it", () => {
    const result = checkQuestionnaireText(fixture("malformed-trailing-comma.json"));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { path: "$", line: 9, column: 7, message: expect.stringMatching(/^Not valid JSON at line 9, column 7: .*a comma after the last element is not allowed/) },
    ]);
  });

  it("survey-library's product feedback file as published (a JavaScript object, not JSON), at its first unquoted key", () => {
    const result = checkQuestionnaireText(fixture("product-feedback.as-published.json"));
    expect(!result.ok && result.problems).toEqual([{ path: "$", line: 1, column: 3, message: expect.stringContaining("a property name in double quotes") }]);
  });

  it("a YAML file, saying that only JSON is imported", () => {
    const result = checkQuestionnaireText("kind: questionnaire\nname: Cloud readiness\nsections:\n  - order: 1\n");
    expect(!result.ok && result.problems[0].message).toMatch(/line 1, column 1: .*This looks like YAML: this upload takes SurveyJS JSON; a Konveyor questionnaire goes in "Import a Konveyor questionnaire"\./);
  });

  it("a problem in valid JSON, at the line of the element it is about", () => {
    const text = ['{', '  "pages": [', '    {', '      "name": "p1",', '      "elements": [', '        { "type": "text", "name": "site" },', '        { "type": "file", "name": "floor_plan" }', "      ]", "    }", "  ]", "}"].join("\n");
    const result = checkQuestionnaireText(text);
    expect(!result.ok && result.problems).toEqual([
      { path: "pages[0].elements[1]", questionName: "floor_plan", line: 7, column: 9, message: expect.stringContaining("Cairn does not store uploaded files") },
    ]);
  });

  it("a key written twice is a warning: SurveyJS, like JSON.parse, keeps the last", () => {
    const result = checkQuestionnaireText('{\n  "title": "Entwurf",\n  "title": "Final",\n  "elements": [{ "type": "text", "name": "q" }]\n}');
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([{ path: "title", line: 3, column: 3, message: expect.stringContaining("written twice") }]);
  });
});

describe("canonical JSON, by which an identical re-upload is recognised", () => {
  it("is the same for the same questionnaire with other key order and spacing, and differs when a title changes", () => {
    const a = JSON.parse('{"title":"T","pages":[{"name":"p","elements":[{"type":"text","name":"q"}]}]}');
    const b = JSON.parse('{\n  "pages": [ { "elements": [ { "name": "q", "type": "text" } ], "name": "p" } ],\n  "title": "T"\n}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson({ ...a, title: "T2" })).not.toBe(canonicalJson(b));
    // Element order is meaning (question order), so it is kept.
    expect(canonicalJson({ elements: [1, 2] })).not.toBe(canonicalJson({ elements: [2, 1] }));
  });
});
