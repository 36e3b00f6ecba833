import { describe, expect, it } from "vitest";
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import { findPerceptionGaps } from "~/domain/perception-gap";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { findKeyFindings, rankFindings } from "~/domain/report-findings";
import { scoreAssessment } from "~/domain/scoring";

/*
 * One question per dimension whose choices are worth exactly their number in points (p0 → 0,
 * p35 → 35, …), so every score below can be checked by hand: a group's score is the mean of its
 * respondents' answers, the assessment's the mean of its groups'.
 */
const POINTS = [0, 10, 15, 20, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 100];
const model = compileScoringModel({
  elements: DIMENSIONS.map((d) => ({
    type: "radiogroup",
    name: `q_${d.key}`,
    title: `How is ${d.key}?`,
    dimension: d.key,
    choices: POINTS.map((p) => ({ value: `p${p}`, score: p })),
  })),
});

type Answers = Partial<Record<DimensionKey, number>>;

/** Every dimension at `base` unless given; a dimension set to null is left unanswered (coverage 0). */
function respondent(group: RespondentGroup, answers: Partial<Record<DimensionKey, number | null>>, base = 50) {
  const values: Record<string, unknown> = {};
  for (const d of DIMENSIONS) {
    const value = d.key in answers ? answers[d.key] : base;
    if (value !== null && value !== undefined) values[`q_${d.key}`] = `p${value}`;
  }
  return { group, answers: values };
}

/*
 * Each respondent given is counted twice (two people answering alike: the same means), so every
 * group meets the minimum group size of 2 (rule 11); with one question per dimension, gaps here rest
 * on one shared item, so the shared-item minimum is set to 1 (rule 9). Both minimums have their own
 * tests below and in perception-gap.test.ts.
 */
function findingsFor(respondents: ReturnType<typeof respondent>[], { twice = true } = {}) {
  const scores = scoreAssessment(model, twice ? respondents.flatMap((r) => [r, r]) : respondents);
  const gaps = findPerceptionGaps(scores, { minSharedItems: 1 });
  return { scores, ranked: rankFindings(scores, gaps), key: findKeyFindings(scores, gaps) };
}

const calm: Answers = { "shadow-it": 20 };

describe("key findings of a report", () => {
  it("puts a critical shadow-IT risk first, then the largest flagged gap, then the weakest dimension", () => {
    const { key } = findingsFor([
      // shadow-IT: IT 70, business 90 → assessment 80, critical. Partnership: IT 80, business 30 → gap 50.
      respondent("it", { "shadow-it": 70, partnership: 80, skills: 15 }),
      respondent("business", { "shadow-it": 90, partnership: 30, skills: 15 }),
    ]);
    expect(key.map((f) => [f.rule, f.severity])).toEqual([
      ["shadow-it-risk", "critical"],
      ["weakest-dimension", "critical"],
      ["perception-gap", "high"],
    ]);
    expect(key[0].headline).toBe("Shadow-IT risk is critical (80 of 100)");
    expect(key[0].detail).toContain("Business respondents report the most (90).");
    // Skills 15 is level 1: a critical finding, ranked with the other critical one by rule order.
    expect(key[1].headline).toBe("Skills & learning is the weakest dimension: 15, level 1 Initial");
    expect(key[2].headline).toBe("IT and Business are 50 points apart on IT–business partnership & trust");
    expect(key[2].detail).toContain("On the 1 question both groups answered, IT (2 people) scores it 80, Business (2 people) 30.");
    expect(key[2].detail).toContain("They disagree most on “How is partnership?”.");
    expect(key[2].dimensions).toEqual(["partnership"]);
  });

  it("does not report a moderate or low shadow-IT risk", () => {
    const { ranked } = findingsFor([respondent("it", { "shadow-it": 45 }), respondent("business", { "shadow-it": 45 })]);
    expect(ranked.map((f) => f.rule)).not.toContain("shadow-it-risk");
    const high = findingsFor([respondent("it", { "shadow-it": 50 })]).ranked.find((f) => f.rule === "shadow-it-risk");
    expect(high).toMatchObject({ severity: "high", headline: "Shadow-IT risk is high (50 of 100)" });
  });

  it("names the largest of several flagged gaps and counts the others", () => {
    const { ranked } = findingsFor([
      respondent("it", { ...calm, culture: 70, operations: 85 }),
      respondent("business", { ...calm, culture: 45, operations: 40 }),
    ]);
    const gap = ranked.find((f) => f.rule === "perception-gap")!;
    // culture 25 apart, operations 45 apart: operations is the larger.
    expect(gap.headline).toBe("IT and Business are 45 points apart on Operational health");
    expect(gap.detail).toContain("1 other dimension has a flagged gap too.");
  });

  it("reports no gap below the 20-point flag", () => {
    const { ranked } = findingsFor([respondent("it", { ...calm, culture: 60 }), respondent("business", { ...calm, culture: 45 })]);
    expect(ranked.map((f) => f.rule)).not.toContain("perception-gap");
  });

  it("grades the weakest dimension by its maturity level", () => {
    const severityAt = (score: number) =>
      findingsFor([respondent("it", { ...calm, outcomes: score }, 85)]).ranked.find((f) => f.rule === "weakest-dimension")!.severity;
    expect(severityAt(10)).toBe("critical");
    expect(severityAt(20)).toBe("high"); // level 2 starts at exactly 20
    expect(severityAt(40)).toBe("medium");
    expect(severityAt(60)).toBe("info");
  });

  it("flags thin evidence, as a high finding when half the dimensions are affected", () => {
    const few = findingsFor([respondent("it", { ...calm, visibility: null })]).ranked.find((f) => f.rule === "low-confidence")!;
    expect(few).toMatchObject({ severity: "medium", dimensions: ["visibility"], headline: "1 dimension rests on thin evidence" });
    expect(few.detail).toMatch(/^Service & application visibility: fewer than 60 %/);

    const many = findingsFor([respondent("it", { ...calm, culture: null, partnership: null, skills: null, operations: null })]).ranked.find((f) => f.rule === "low-confidence")!;
    expect(many.severity).toBe("high");
    expect(many.headline).toBe("4 dimensions rest on thin evidence");
    expect(many.detail).toMatch(/^Culture & change appetite, IT–business partnership & trust, Skills & learning and Operational health:/);
  });

  it("offers the strongest dimension when there is little else to say", () => {
    const { key } = findingsFor([respondent("it", { ...calm, governance: 90 }, 70)]);
    // Weakest (70, level 4) and strongest (90, level 5) are both for information; weakest ranks first.
    expect(key.map((f) => f.rule)).toEqual(["weakest-dimension", "strongest-dimension"]);
    expect(key[1].headline).toBe("Governance, security & hybrid platform is the strongest dimension: 90, level 5 Optimised");
  });

  it("breaks ties between equally weak dimensions in dimension order", () => {
    const { ranked } = findingsFor([respondent("it", { ...calm, skills: 30, outcomes: 30 }, 60)]);
    expect(ranked.find((f) => f.rule === "weakest-dimension")!.dimensions).toEqual(["skills"]);
  });

  it("has nothing to say without answers, and never more than three findings", () => {
    expect(findingsFor([]).ranked).toEqual([]);
    const { ranked, key } = findingsFor([
      respondent("it", { "shadow-it": 80, partnership: 90, skills: 10, culture: null, visibility: null, operations: null, outcomes: null }, 60),
      respondent("business", { "shadow-it": 80, partnership: 20, skills: 10, culture: null, visibility: null, operations: null, outcomes: null }, 60),
    ]);
    expect(ranked.length).toBe(5);
    expect(key.length).toBe(3);
    expect(key).toEqual(ranked.slice(0, 3));
  });

  it("never makes a one-person group a high finding, nor names it as reporting the most shadow IT", () => {
    // Business is one person: partnership IT 80 (two people) against Business 0 would be 80 points apart.
    const { ranked } = findingsFor(
      [respondent("it", { "shadow-it": 60, partnership: 80 }), respondent("it", { "shadow-it": 60, partnership: 80 }), respondent("business", { "shadow-it": 90, partnership: 0 })],
      { twice: false },
    );
    expect(ranked.map((f) => f.rule)).not.toContain("perception-gap");
    // Shadow-IT: (IT 60 + Business 90) / 2 = 75, critical; only IT is named, as the only group of two or more.
    const shadow = ranked.find((f) => f.rule === "shadow-it-risk")!;
    expect(shadow.headline).toBe("Shadow-IT risk is critical (75 of 100)");
    expect(shadow.detail).not.toContain("report the most");
  });
});
