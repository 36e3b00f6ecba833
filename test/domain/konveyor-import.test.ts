import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convertKonveyorYaml, suggestDimension } from "../../app/domain/konveyor-import";
import { compileScoringModel } from "../../app/domain/questionnaire-model";
import { validateQuestionnaire } from "../../app/domain/questionnaire-validation";
import { scoreRespondent } from "../../app/domain/scoring";

const cloudNative = readFileSync("test/fixtures/konveyor/cloud-native.yaml", "utf8");

/** The fixture wrapped in Konveyor's seed envelope, as tackle2-seed writes its questionnaires (kind, version, items). */
function asSeed(text: string): string {
  const indented = text
    .trimEnd()
    .split("\n")
    .map((line, i) => (i === 0 ? `  - ${line}` : `    ${line}`))
    .join("\n");
  return `kind: Questionnaire\nversion: 10\nitems:\n${indented}\n`;
}

type Element = { type: string; name: string; title: string; description?: string; dimension?: string; includeFor?: unknown; excludeFor?: unknown; choices: Record<string, unknown>[] };
const pagesOf = (model: Record<string, unknown>) => model.pages as { name: string; title: string; elements: Element[] }[];

describe("converting a Konveyor questionnaire", () => {
  it("makes each section a page and each question a radiogroup whose answers score by risk, with don't know for unknown", () => {
    const converted = convertKonveyorYaml(cloudNative, { 0: "operations" });
    if (!converted.ok) throw new Error(JSON.stringify(converted.problems));
    expect(converted.format).toBe("ui-import");
    expect(converted.title).toBe("Cloud Native");
    const pages = pagesOf(converted.model);
    expect(pages.map((p) => [p.name, p.title, p.elements.length])).toEqual([
      ["section_1", "Application technologies 1", 4],
      ["section_2", "Application technologies", 4],
    ]);
    const first = pages[0].elements[0];
    expect(first).toMatchObject({ type: "radiogroup", name: "s1_q1", title: "What is the main technology in your application?", description: "What would you describe as the main framework used to build your application.", dimension: "operations" });
    expect(first.choices).toEqual([
      { value: "dontknow", text: "Unknown", risk: "unknown", rationale: "This is a problem because of the uncertainty.", mitigation: "Gathering more information about this is required." },
      { value: "a2", text: "Quarkus", score: 2, risk: "green", applyTags: [{ category: "Runtime", tag: "Quarkus" }], autoAnswerFor: [{ category: "Runtime", tag: "Quarkus" }] },
      { value: "a3", text: "Spring Boot", score: 2, risk: "green", applyTags: [{ category: "Runtime", tag: "Spring Boot" }], autoAnswerFor: [{ category: "Runtime", tag: "Spring Boot" }] },
      { value: "a4", text: "Java EE", score: 1, risk: "yellow", rationale: "This might not be the most cloud friendly technology.", mitigation: "Maybe start thinking about migrating to Quarkus or Jakarta EE.", applyTags: [{ category: "Runtime", tag: "Java EE" }], autoAnswerFor: [{ category: "Runtime", tag: "Java EE" }] },
      { value: "a5", text: "J2EE", score: 0, risk: "red", rationale: "This is obsolete.", mitigation: "Maybe start thinking about migrating to Quarkus or Jakarta EE.", applyTags: [{ category: "Runtime", tag: "J2EE" }], autoAnswerFor: [{ category: "Runtime", tag: "J2EE" }] },
    ]);
    // An empty explanation is no description; the tags are kept on the question.
    expect(pages[0].elements[3].description).toBeUndefined();
    expect(pages[0].elements[1].includeFor).toEqual([{ category: "Runtime", tag: "Java EE" }]);
    // Section 2 was left unscored.
    expect(pages[1].elements.every((e) => e.dimension === undefined)).toBe(true);
    expect(converted.model).toMatchObject({ riskThresholds: { red: 1, yellow: 30, unknown: 15 }, riskMessages: { green: "Application is Cloud Native" } });
    expect(validateQuestionnaire(converted.model)).toMatchObject({ ok: true, problems: [], warnings: [], summary: { scoredQuestionCount: 4 } });
  });

  it("lists every tag as a warning at its line and column in the YAML", () => {
    const converted = convertKonveyorYaml(cloudNative);
    if (!converted.ok) throw new Error("must convert");
    // Per section: 4 answers × (applyTags + autoAnswerFor), autoAnswerFor on "Yes", includeFor, excludeFor.
    expect(converted.warnings).toHaveLength(22);
    expect(converted.warnings.slice(0, 2).map((w) => `${w.line}:${w.column} ${w.path}`)).toEqual(["22:13 sections[0].questions[0].answers[1].applyTags", "25:13 sections[0].questions[0].answers[1].autoAnswerFor"]);
    const includeFor = converted.warnings.find((w) => w.path === "sections[0].questions[1].includeFor");
    expect(includeFor).toMatchObject({ line: 64, column: 9, message: expect.stringMatching(/^includeFor \(Runtime: Java EE\) on "What version of Java EE does the application use\?": Cairn has no application tags, so this question is shown to everyone/) });
  });

  it("scores the answers like any Cairn questionnaire: green 100, yellow in between, red 0, unknown left out", () => {
    const converted = convertKonveyorYaml(cloudNative, { 0: "operations" });
    if (!converted.ok) throw new Error("must convert");
    const scores = scoreRespondent(compileScoringModel(converted.model), { group: "it", answers: { s1_q1: "a2", s1_q2: "a2", s1_q3: "a1", s1_q4: "dontknow" } });
    // Quarkus (green, range 0–2) 100; "5 or 6" (yellow, 0–2) 50; caching "Yes" (yellow, but this
    // question's answers run yellow–green only, 1–2) 0; JAX-WS Unknown: don't know, left out.
    // Mean (100 + 50 + 0) / 3 = 50 over 3 of the 4 questions shown.
    expect(scores.dimensions.operations.score).toBe(50);
    expect(scores.dimensions.operations.coverage).toBe(0.75);
  });

  it("reads the seed envelope (kind: Questionnaire) the same way, placing findings under items[0]", () => {
    const converted = convertKonveyorYaml(asSeed(cloudNative), { 0: "operations" });
    if (!converted.ok) throw new Error(JSON.stringify(converted.problems));
    const plain = convertKonveyorYaml(cloudNative, { 0: "operations" });
    expect(converted.format).toBe("seed");
    expect(plain.ok && converted.model).toEqual(plain.ok && plain.model);
    expect(converted.warnings[0]).toMatchObject({ path: "items[0].sections[0].questions[0].answers[1].applyTags", line: 25, column: 17 });
  });

  it("refuses a YAML syntax error at its line and column", () => {
    const broken = cloudNative.replace("    name: Application technologies 1\n", "    name: Application technologies 1\n   stray: [1, 2\n");
    const converted = convertKonveyorYaml(broken);
    expect(converted.ok).toBe(false);
    expect(!converted.ok && converted.problems).toEqual([{ path: "$", line: 7, column: 1, message: expect.stringMatching(/^Not valid YAML: /) }]);
  });

  it("says plainly when a YAML file is not a Konveyor questionnaire", () => {
    for (const text of ["apiVersion: v1\nkind: ConfigMap\n", "- just\n- a list\n", "title: A SurveyJS file\npages: []\n"]) {
      const converted = convertKonveyorYaml(text);
      expect(!converted.ok && converted.problems[0].message).toMatch(/^This YAML file is not a Konveyor questionnaire: /);
    }
  });

  it("refuses what Konveyor itself requires, at its place: thresholds, a risk colour on every answer", () => {
    const noThresholds = cloudNative.slice(0, cloudNative.indexOf("thresholds:"));
    expect(!convertKonveyorYaml(noThresholds).ok && (convertKonveyorYaml(noThresholds) as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(["thresholds"]);
    const badRisk = cloudNative.replace("            risk: red\n            rationale: This is obsolete.", "            risk: orange\n            rationale: This is obsolete.");
    const converted = convertKonveyorYaml(badRisk);
    expect(!converted.ok && converted.problems[0]).toMatchObject({ path: "sections[0].questions[0].answers[4].risk", line: 52, column: 13, message: 'risk must be one of red, yellow, green or unknown, not "orange".' });
  });

  it("leaves a question whose answers all carry one risk unscored, with a warning, rather than refusing the file", () => {
    const oneColour = "name: One colour\nsections:\n  - order: 1\n    name: Deployment\n    questions:\n      - order: 1\n        text: Where is it deployed?\n        answers:\n          - order: 1\n            text: Cloud\n            risk: green\n          - order: 2\n            text: On premises\n            risk: green\nthresholds:\n  red: 5\n  yellow: 30\n  unknown: 5\n";
    const converted = convertKonveyorYaml(oneColour);
    if (!converted.ok) throw new Error("must convert");
    expect(converted.sections[0].suggestedDimension).toBe("operations");
    expect(pagesOf(converted.model)[0].elements[0].dimension).toBeUndefined();
    expect(converted.warnings).toEqual([expect.objectContaining({ path: "sections[0].questions[0].answers", line: 8, message: expect.stringMatching(/carries the same risk/) })]);
    expect(validateQuestionnaire(converted.model).ok).toBe(true);
  });

  it("sorts sections, questions and answers by their order, as Konveyor shows them", () => {
    const shuffled = "name: Order\nsections:\n  - order: 2\n    name: Second\n    questions:\n      - order: 1\n        text: B\n        answers:\n          - {order: 2, text: worse, risk: red}\n          - {order: 1, text: better, risk: green}\n  - order: 1\n    name: First\n    questions:\n      - order: 1\n        text: A\n        answers:\n          - {order: 1, text: fine, risk: green}\n          - {order: 0, text: not sure, risk: unknown}\n          - {order: 2, text: bad, risk: red}\nthresholds: {red: 5, yellow: 30, unknown: 5}\n";
    const converted = convertKonveyorYaml(shuffled);
    if (!converted.ok) throw new Error(JSON.stringify(converted.problems));
    const pages = pagesOf(converted.model);
    expect(pages.map((p) => p.title)).toEqual(["First", "Second"]);
    expect(pages[0].elements[0].choices.map((c) => [c.value, c.text])).toEqual([["dontknow", "not sure"], ["a2", "fine"], ["a3", "bad"]]);
    expect(pages[1].elements[0].choices.map((c) => c.text)).toEqual(["better", "worse"]);
  });

  it("guesses a dimension from a section's name, or none", () => {
    expect([suggestDimension("Application observability"), suggestDimension("Application cross-cutting concerns"), suggestDimension("Application details")]).toEqual(["visibility", "operations", null]);
  });
});
