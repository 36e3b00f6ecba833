import { describe, expect, it } from "vitest";
import { DIMENSIONS } from "~/domain/dimensions";
import { READINESS_LEVEL_MIN_DIMENSIONS, readinessLevelOf, thinEvidenceWords } from "~/domain/maturity";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { scoreAssessment } from "~/domain/scoring";

/*
 * Rule 12: two booleans per dimension (yes = 100 points; for shadow-IT yes is 100 risk). Answering
 * one of two gives coverage 50 %, below 60 %: low confidence (rule 6).
 */
const model = compileScoringModel({
  elements: DIMENSIONS.flatMap(({ key }) => [1, 2].map((n) => ({ type: "boolean", name: `${key}_${n}`, dimension: key, scoreTrue: 1, scoreFalse: 0 }))),
});
const both = (key: string, value: boolean) => ({ [`${key}_1`]: value, [`${key}_2`]: value });
const one = (key: string, value: boolean) => ({ [`${key}_1`]: value });

function readinessWith(answers: Record<string, unknown>) {
  const scores = scoreAssessment(model, [{ id: "r1", group: "it", answers }]);
  return { scores, reading: readinessLevelOf(scores.readiness, scores.dimensions) };
}

describe("overall readiness level (rule 12)", () => {
  // Culture, partnership, skills, operations: both yes (100). Visibility, outcomes, governance: one of two yes (100, coverage 50 %).
  const base = { ...both("culture", true), ...both("partnership", true), ...both("skills", true), ...both("operations", true), ...one("visibility", true), ...one("outcomes", true), ...one("governance", true) };

  it("has a level when five dimensions are answered well enough", () => {
    // Shadow-IT both no: risk 0, coverage 100 %. Well answered: 4 + shadow-IT = 5.
    // Readiness = (2×100 + 100 + 2×100 + 2×(100 − 0) + 100 + 100 + 100 + 100) / 11 = 100.
    const { scores, reading } = readinessWith({ ...base, ...both("shadow-it", false) });
    expect(scores.readiness).toBe(100);
    expect(READINESS_LEVEL_MIN_DIMENSIONS).toBe(5);
    expect(reading).toMatchObject({ wellAnswered: 5, required: 5, level: { level: 5, name: "Optimised" } });
  });

  it("has no level, though the number stays, when only four are", () => {
    // Shadow-IT one of two no: still risk 0, but coverage 50 %. Readiness is still 100.
    const { scores, reading } = readinessWith({ ...base, ...one("shadow-it", false) });
    expect(scores.readiness).toBe(100);
    expect(reading).toEqual({ wellAnswered: 4, required: 5, level: null });
  });

  it("says what thin evidence means in words", () => {
    const { scores } = readinessWith({ ...base, ...one("shadow-it", false) });
    expect(thinEvidenceWords(scores.dimensions.governance, 1)).toBe("Thin evidence: only 50 % of the questions shown were answered, from one person");
    expect(thinEvidenceWords(scores.dimensions.culture, 1)).toBeNull();
  });
});
