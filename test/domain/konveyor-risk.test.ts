import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convertKonveyorYaml } from "../../app/domain/konveyor-import";
import { assessmentRisk, compileRiskModel, riskVerdict, type RiskColour } from "../../app/domain/konveyor-risk";

const yamlText = readFileSync("test/fixtures/konveyor/cloud-native.yaml", "utf8");

/*
 * Konveyor's rule, written out plainly from its source (tackle2-hub assessment/assessment.go,
 * Assessment.Risk, Question.Risk) over Konveyor's own data: sections → questions → answers with a
 * `selected` flag. Floats and the same order of checks as the Go code; nothing of Cairn's.
 */
interface KonveyorAnswer { text: string; risk: string; selected?: boolean }
interface KonveyorQuestionnaire { sections: { questions: { text: string; answers: KonveyorAnswer[] }[] }[]; thresholds: { red: number; yellow: number; unknown: number } }

function konveyorQuestionRisk(question: { answers: KonveyorAnswer[] }): string {
  for (const a of question.answers) if (a.selected) return a.risk;
  return "unknown";
}

function konveyorAssessmentRisk(assessment: KonveyorQuestionnaire): string {
  let total = 0;
  const colors: Record<string, number> = {};
  for (const s of assessment.sections) {
    for (const q of s.questions) {
      const risk = konveyorQuestionRisk(q);
      colors[risk] = (colors[risk] ?? 0) + 1;
      total++;
    }
  }
  if (total === 0) return "unknown";
  if ((colors.red ?? 0) / total >= assessment.thresholds.red / 100) return "red";
  if ((colors.yellow ?? 0) / total >= assessment.thresholds.yellow / 100) return "yellow";
  if ((colors.unknown ?? 0) / total >= assessment.thresholds.unknown / 100) return "unknown";
  return "green";
}

/** An answer set: for the question at section s, position q (1-based, file order), the answer's text. */
type AnswerSet = Record<string, string>;

function konveyorVerdict(answers: AnswerSet, thresholds?: KonveyorQuestionnaire["thresholds"]): string {
  const questionnaire = parse(yamlText) as KonveyorQuestionnaire;
  if (thresholds) questionnaire.thresholds = thresholds;
  questionnaire.sections.forEach((section, s) =>
    section.questions.forEach((question, q) => {
      const chosen = answers[`s${s + 1}_q${q + 1}`];
      for (const answer of question.answers) answer.selected = answer.text === chosen;
    }),
  );
  return konveyorAssessmentRisk(questionnaire);
}

/** Cairn's side: the converted questionnaire, answered with the choice values a respondent would store. */
function cairnVerdict(answerSets: AnswerSet[], thresholds?: KonveyorQuestionnaire["thresholds"]): RiskColour {
  const converted = convertKonveyorYaml(yamlText);
  if (!converted.ok) throw new Error("fixture must convert");
  const model = compileRiskModel({ ...converted.model, ...(thresholds ? { riskThresholds: thresholds } : {}) });
  if (!model) throw new Error("the converted questionnaire must keep its thresholds");
  const stored = answerSets.map((set) =>
    Object.fromEntries(
      Object.entries(set).map(([name, text]) => {
        const choice = model.questions.find((q) => q.name === name)!.choices.find((c) => c.label === text)!;
        return [name, choice.value];
      }),
    ),
  );
  return assessmentRisk(model, stored).verdict;
}

const allGreen: AnswerSet = { s1_q1: "Quarkus", s1_q2: "7", s1_q3: "No", s1_q4: "Apache CXF", s2_q1: "Spring Boot", s2_q2: "7", s2_q3: "No", s2_q4: "Apache CXF" };

// cloud-native.yaml: 8 questions; thresholds red 1 %, yellow 30 %, unknown 15 %.
const cases: { name: string; answers: AnswerSet; expected: RiskColour; thresholds?: KonveyorQuestionnaire["thresholds"] }[] = [
  { name: "every answer green: 0 red, 0 yellow, 0 unknown of 8 → green", answers: allGreen, expected: "green" },
  { name: "one red of 8 (12.5 % ≥ 1 %) → red", answers: { ...allGreen, s1_q4: "Apache Axis" }, expected: "red" },
  { name: "three yellow of 8 (37.5 % ≥ 30 %) → yellow", answers: { ...allGreen, s1_q1: "Java EE", s1_q3: "Yes", s2_q1: "Java EE" }, expected: "yellow" },
  { name: "two yellow of 8 (25 % < 30 %) → green", answers: { ...allGreen, s1_q3: "Yes", s2_q3: "Yes" }, expected: "green" },
  { name: "one unknown of 8 (12.5 % < 15 %) → green", answers: { ...allGreen, s1_q3: "Unknown" }, expected: "green" },
  // s2_q3 left out: an unanswered question counts as unknown, like the answer "Unknown".
  { name: "one unknown answer and one unanswered question (25 % ≥ 15 %) → unknown", answers: (({ s2_q3: _, ...rest }) => ({ ...rest, s1_q3: "Unknown" }))(allGreen), expected: "unknown" },
  { name: "red outranks yellow and unknown: 1 red, 4 yellow, 2 unknown → red", answers: { ...allGreen, s1_q1: "J2EE", s1_q2: "5 or 6", s1_q3: "Yes", s2_q1: "Java EE", s2_q2: "5 or 6", s2_q3: "Unknown", s2_q4: "Unknown" }, expected: "red" },
  { name: "nothing answered: 8 of 8 unknown → unknown", answers: {}, expected: "unknown" },
  { name: "exactly on a threshold counts as reaching it: 2 yellow of 8 = 25 % with yellow at 25 % → yellow", answers: { ...allGreen, s1_q3: "Yes", s2_q3: "Yes" }, expected: "yellow", thresholds: { red: 5, yellow: 25, unknown: 5 } },
  { name: "Konveyor's own default thresholds (red 5, yellow 30, unknown 5): 1 unknown of 8 = 12.5 % → unknown", answers: { ...allGreen, s2_q4: "Unknown" }, expected: "unknown", thresholds: { red: 5, yellow: 30, unknown: 5 } },
];

describe("Konveyor's assessment risk on an imported questionnaire", () => {
  for (const { name, answers, expected, thresholds } of cases) {
    it(name, () => {
      expect(konveyorVerdict(answers, thresholds)).toBe(expected);
      expect(cairnVerdict([answers], thresholds)).toBe(expected);
    });
  }

  it("pools respondents: each one's answers count once (3 yellow of 16 = 18.75 % < 30 % → green, though one of them alone is yellow)", () => {
    const yellowOne = { ...allGreen, s1_q1: "Java EE", s1_q3: "Yes", s2_q1: "Java EE" };
    expect(cairnVerdict([yellowOne])).toBe("yellow");
    expect(cairnVerdict([allGreen, yellowOne])).toBe("green");
  });

  it("compares whole-number shares, so 1 red of 20 at a 5 % threshold is red and 1 of 21 is not", () => {
    const risks = (red: number, total: number): RiskColour[] => [...Array<RiskColour>(red).fill("red"), ...Array<RiskColour>(total - red).fill("green")];
    expect(riskVerdict(risks(1, 20), { red: 5, yellow: 30, unknown: 5 }).verdict).toBe("red");
    expect(riskVerdict(risks(1, 21), { red: 5, yellow: 30, unknown: 5 }).verdict).toBe("green");
    expect(riskVerdict([], { red: 5, yellow: 30, unknown: 5 }).verdict).toBe("unknown");
  });

  it("gives the questionnaire's message for the verdict, and counts what it rests on", () => {
    const converted = convertKonveyorYaml(yamlText);
    const model = converted.ok ? compileRiskModel(converted.model) : null;
    const verdict = assessmentRisk(model!, [{ s1_q1: "a5" }]);
    expect(verdict).toEqual({ verdict: "red", message: "Application requires deep changes in architecture or lifecycle", counts: { red: 1, yellow: 0, green: 0, unknown: 7 }, total: 8, answerSets: 1 });
  });

  it("is not offered for a questionnaire without Konveyor thresholds", () => {
    expect(compileRiskModel({ title: "Plain", pages: [] })).toBeNull();
  });
});
