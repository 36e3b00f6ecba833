import { describe, expect, it } from "vitest";
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "~/domain/dimensions";
import type { Disposition } from "~/domain/dispositions";
import { findPerceptionGaps } from "~/domain/perception-gap";
import type { Application } from "~/domain/portfolio";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { scoreAssessment, type AssessmentScores } from "~/domain/scoring";
import { OUTCOME_KPIS, STEPPING_STONE_RULES, generatePlan, type SteppingStonePlan } from "~/domain/stepping-stones";
import { getTeachingCatalogue } from "~/domain/teaching-catalogue.server";
import { planWaves, type WavePlan } from "~/domain/waves";

/*
 * Fixture diagnoses are scored by the real engine: one question per dimension, five choices scoring
 * 0–4, so choice a → 0 points, b → 25, c → 50, d → 75, e → 100 (100 × score / 4).
 * Levels (rule 7): 25 → level 2, 50 → level 3, 62.5 and 75 → level 4. Shadow-IT risk: 0 → low, 50 → high, 75 → critical.
 * Four respondents, two IT and two business answering alike (a group of one is never compared, rule
 * 11); the assessment score is the mean of the two group scores. With one question per dimension a
 * gap rests on one shared item, so planFor lowers the shared-item minimum to 1 (rule 9); the
 * minimums themselves are tested in plan-findings.test.ts with a questionnaire of several questions.
 */
const fixtureQuestionnaire = compileScoringModel({
  elements: DIMENSIONS.map(({ key }) => ({
    type: "radiogroup",
    name: `q_${key}`,
    dimension: key,
    choices: ["a", "b", "c", "d", "e"].map((value, score) => ({ value, score })),
  })),
});

type Choice = "a" | "b" | "c" | "d" | "e";
type Answers = Partial<Record<DimensionKey, Choice | null>>;

/** Healthy by default: every maturity dimension d (75, level 4), shadow-IT a (0, low risk). A null leaves it unanswered. */
function answersOf(overrides: Answers): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const { key, kind } of DIMENSIONS) {
    const choice = key in overrides ? overrides[key] : kind === "risk" ? "a" : "d";
    if (choice) answers[`q_${key}`] = choice;
  }
  return answers;
}

function assess(it: Answers, business: Answers = it): AssessmentScores {
  return scoreAssessment(fixtureQuestionnaire, [
    { id: "it-1", group: "it", answers: answersOf(it) },
    { id: "it-2", group: "it", answers: answersOf(it) },
    { id: "business-1", group: "business", answers: answersOf(business) },
    { id: "business-2", group: "business", answers: answersOf(business) },
  ]);
}

/* Two moving applications, one per wave, and one retained. */
const portfolio: Application[] = [
  {
    id: "intranet",
    name: "Intranet",
    owningDepartment: "HR",
    businessProcesses: ["Staff news"],
    criticality: 1,
    users: 900,
    hourlyTransactions: 300,
    peakHourlyTransactions: 1200,
    peakWindow: "Mon 09:00–11:00",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "internal",
    dependsOn: [],
    traits: ["virtualised"],
    notes: "",
  },
  {
    id: "ledger",
    name: "Ledger",
    owningDepartment: "Finance",
    businessProcesses: ["Close the books"],
    criticality: 3,
    users: 40,
    hourlyTransactions: 500,
    peakHourlyTransactions: 4000,
    peakWindow: "Month end",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "confidential",
    dependsOn: [],
    traits: ["database-heavy"],
    notes: "",
  },
  {
    id: "archive",
    name: "Archive",
    owningDepartment: "Legal",
    businessProcesses: [],
    criticality: 2,
    users: 3,
    hourlyTransactions: 2,
    peakHourlyTransactions: 2,
    peakWindow: "",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "restricted",
    dependsOn: [],
    traits: [],
    notes: "",
  },
];
const dispositions: { applicationId: string; disposition: Disposition }[] = [
  { applicationId: "intranet", disposition: "relocate" },
  { applicationId: "ledger", disposition: "replatform" },
  { applicationId: "archive", disposition: "retain" },
];
const waves: WavePlan = planWaves(portfolio, dispositions);
const catalogue = getTeachingCatalogue(1);

function planFor(scores: AssessmentScores, options: { waves?: WavePlan | null; deliveredModules?: string[] } = {}): SteppingStonePlan {
  return generatePlan({
    scores,
    gaps: findPerceptionGaps(scores, { minSharedItems: 1 }),
    waves: options.waves === undefined ? waves : options.waves,
    catalogue,
    options: { deliveredModules: options.deliveredModules },
  });
}

const stoneIds = (plan: SteppingStonePlan) => plan.stones.map((stone) => stone.id);
const stone = (plan: SteppingStonePlan, id: string) => plan.stones.find((s) => s.id === id)!;
const moduleIds = (plan: SteppingStonePlan, id: string) => stone(plan, id).activities.map((a) => a.moduleId);

const healthy = planFor(assess({}));
const lowSkills = planFor(assess({ skills: "b" }));
const gapInPartnership = planFor(assess({ partnership: "e" }, { partnership: "b" }));
const highShadowIt = planFor(assess({ "shadow-it": "c" }));
const lowOperations = planFor(assess({ operations: "b" }));
const everythingLow = planFor(
  assess(
    { operations: "b", skills: "b", governance: "b", outcomes: "b", culture: "b", "shadow-it": "d", partnership: "e" },
    { operations: "b", skills: "b", governance: "b", outcomes: "b", culture: "b", "shadow-it": "d", partnership: "a" },
  ),
);
const allFixtures = { healthy, lowSkills, gapInPartnership, highShadowIt, lowOperations, everythingLow };

describe("the rule table", () => {
  it("is published in plan order", () => {
    expect(STEPPING_STONE_RULES.map((rule) => rule.id)).toEqual([
      "house-in-order",
      "joint-roadmap",
      "shadow-it-amnesty",
      "agree-outcomes",
      "teach-before-moving",
      "govern-the-platform",
      "map-the-portfolio",
      "first-workloads",
      "later-waves",
      "measure-and-reassess",
    ]);
  });

  it("names only anchor modules that the bundled catalogue has", () => {
    const ids = new Set(catalogue.modules.map((m) => m.id));
    for (const rule of STEPPING_STONE_RULES) for (const id of rule.anchorModules) expect(ids.has(id), id).toBe(true);
  });
});

describe("a healthy organisation", () => {
  it("gets a short plan: its waves in order, then measure and re-assess", () => {
    expect(stoneIds(healthy)).toEqual(["first-workloads", "wave-2", "measure-and-reassess"]);
  });

  it("is taught nothing it does not need", () => {
    expect(healthy.stones.flatMap((s) => s.activities)).toEqual([]);
  });

  it("moves the quick win first, then the next wave, each with its peak windows to avoid", () => {
    expect(stone(healthy, "first-workloads").workloads).toEqual({
      waves: [1],
      applicationIds: ["intranet"],
      applicationNames: ["Intranet"],
      moveGroupIds: [],
      windowsToAvoid: ["Mon 09:00–11:00"],
    });
    expect(stone(healthy, "wave-2").workloads).toMatchObject({ waves: [2], applicationIds: ["ledger"], windowsToAvoid: ["Month end"] });
    expect(stone(healthy, "measure-and-reassess").workloads.applicationIds).toEqual([]);
  });

  it("measures each wave over its business processes", () => {
    expect(stone(healthy, "first-workloads").outcomeKpis.map((k) => [k.id, k.scope])).toEqual([
      ["unplanned-outage-minutes", "Business processes: Staff news"],
      ["peak-transaction-time", "Business processes: Staff news"],
    ]);
  });

  it("estimates weeks: a one-application wave is 2 + 2 weeks, the final stone 2", () => {
    expect(healthy.stones.map((s) => s.estimatedWeeks)).toEqual([4, 4, 2]);
    expect(healthy.totalWeeks).toBe(10);
  });
});

describe("low skills", () => {
  it("teaches before anything moves", () => {
    expect(stoneIds(lowSkills)).toEqual(["teach-before-moving", "first-workloads", "wave-2", "measure-and-reassess"]);
  });

  it("teaches every skills module, prerequisites first, labs among them", () => {
    expect(moduleIds(lowSkills, "teach-before-moving")).toEqual([
      "cloud-fundamentals-for-the-business",
      "cloud-and-hybrid-for-executives",
      "cloud-foundations-for-it",
      "landing-zone-lab",
      "hybrid-identity-lab",
      "hybrid-connectivity-lab",
      "infrastructure-as-code-lab",
      "managed-databases-lab",
      "observability-lab",
      "keeping-skills-fresh",
    ]);
  });

  it("teaches each module to its audience: labs to IT and engineering, fundamentals to the business", () => {
    const audiences = Object.fromEntries(stone(lowSkills, "teach-before-moving").activities.map((a) => [a.moduleId, a.audience]));
    expect(audiences["landing-zone-lab"]).toEqual<RespondentGroup[]>(["it", "engineering"]);
    expect(audiences["cloud-fundamentals-for-the-business"]).toEqual<RespondentGroup[]>(["business", "other"]);
    expect(audiences["cloud-and-hybrid-for-executives"]).toEqual<RespondentGroup[]>(["executive"]);
  });

  it("says which rule fired and cites the score", () => {
    expect(stone(lowSkills, "teach-before-moving").rationale).toContain("Skills & learning scored 25 (level 2, Developing)");
  });

  it("takes as long as its teaching needs at a day a week: 57 hours → 8 weeks", () => {
    // 2 + 2 + 8 + 8 + 6 + 8 + 8 + 6 + 6 + 3 = 57 hours; ⌈57 / 8⌉ = 8, more than the base 4.
    expect(stone(lowSkills, "teach-before-moving").estimatedWeeks).toBe(8);
  });

  it("does not plan modules the customer has already taken", () => {
    const plan = planFor(assess({ skills: "b" }), { deliveredModules: ["cloud-foundations-for-it", "landing-zone-lab"] });
    const planned = moduleIds(plan, "teach-before-moving");
    expect(planned).not.toContain("cloud-foundations-for-it");
    expect(planned).not.toContain("landing-zone-lab");
    expect(planned).toContain("hybrid-connectivity-lab");
  });
});

describe("a flagged perception gap", () => {
  it("adds a joint roadmap, and nothing else the scores do not call for", () => {
    // Partnership: IT 100, business 25 → a gap of 75, flagged; the mean 62.5 is level 4, so no partnership modules by level.
    expect(stoneIds(gapInPartnership)).toEqual(["joint-roadmap", "first-workloads", "wave-2", "measure-and-reassess"]);
    expect(moduleIds(gapInPartnership, "joint-roadmap")).toEqual(["day-in-the-life-of-the-business", "joint-it-business-roadmap"]);
  });

  it("names the dimension and the groups on each side", () => {
    const roadmap = stone(gapInPartnership, "joint-roadmap");
    expect(roadmap.rationale).toContain(
      "Business (2 people) scores IT–business partnership & trust 25 (level 2); on the 1 shared question both answered, IT (2 people) scores 100 and Business 25, a gap of 75 points",
    );
    expect(roadmap.goal).toContain("IT–business partnership & trust");
    expect(roadmap.answers).toMatchObject([
      { dimension: "partnership", group: "business", respondents: 2, score: 25, level: 2, gap: 75, sharedItems: 1, against: { group: "it", score: 100, respondents: 2 } },
    ]);
  });

  it("sets the gap itself as a measure, with its baseline known", () => {
    const gapKpi = stone(gapInPartnership, "joint-roadmap").outcomeKpis.find((k) => k.id === "perception-gap")!;
    expect(gapKpi).toMatchObject({ baseline: 75, direction: "decrease", target: { kind: "level", value: 20, text: "At most 20 points" } });
  });
});

describe("high shadow-IT risk", () => {
  it("adds discovery and amnesty before any workload moves", () => {
    expect(stoneIds(highShadowIt)).toEqual(["shadow-it-amnesty", "first-workloads", "wave-2", "measure-and-reassess"]);
    expect(moduleIds(highShadowIt, "shadow-it-amnesty")).toEqual(["shadow-it-discovery", "shadow-it-amnesty", "saas-governance"]);
    expect(stone(highShadowIt, "shadow-it-amnesty").rationale).toContain("Shadow-IT risk scored 50 (High)");
  });

  it("is not triggered by moderate risk", () => {
    expect(stoneIds(planFor(assess({ "shadow-it": "b" })))).toEqual(["first-workloads", "wave-2", "measure-and-reassess"]);
  });

  it("measures governed SaaS spend, not systems counted", () => {
    expect(stone(highShadowIt, "shadow-it-amnesty").outcomeKpis.map((k) => k.id)).toEqual(["governed-saas-spend", "systems-with-owner"]);
  });
});

describe("low operational health", () => {
  it("puts the house in order first", () => {
    expect(stoneIds(lowOperations)).toEqual(["house-in-order", "first-workloads", "wave-2", "measure-and-reassess"]);
  });

  it("uses workshops, not labs, to do it", () => {
    expect(moduleIds(lowOperations, "house-in-order")).toEqual([
      "service-desk-the-business-trusts",
      "incident-and-problem-management",
      "desktop-estate-renewal",
      "standard-request-fulfilment",
    ]);
  });

  it("measures outage minutes and request times from the business's side, baselines to be measured", () => {
    const kpis = stone(lowOperations, "house-in-order").outcomeKpis;
    expect(kpis.map((k) => [k.id, k.unit, k.baseline, k.direction])).toEqual([
      ["unplanned-outage-minutes", "minutes a month", null, "decrease"],
      ["standard-request-time", "working days", null, "decrease"],
      ["service-calls", "calls a month", null, "decrease"],
    ]);
    expect(kpis[0].target).toEqual({ kind: "change", percent: -50, value: null, text: "50% lower than the baseline" });
  });
});

describe("everything low at once", () => {
  it("orders the stones house first, then the gulf, shadow IT, outcomes, teaching, controls, waves, measurement", () => {
    expect(stoneIds(everythingLow)).toEqual([
      "house-in-order",
      "joint-roadmap",
      "shadow-it-amnesty",
      "agree-outcomes",
      "teach-before-moving",
      "govern-the-platform",
      "first-workloads",
      "wave-2",
      "measure-and-reassess",
    ]);
  });

  it("plans each module once, in the first stone that needs it", () => {
    const all = everythingLow.stones.flatMap((s) => s.activities.map((a) => a.moduleId));
    expect(new Set(all).size).toBe(all.length);
    // Service desk addresses partnership too, but it is already in the house-in-order stone.
    expect(moduleIds(everythingLow, "house-in-order")).toContain("service-desk-the-business-trusts");
    expect(moduleIds(everythingLow, "joint-roadmap")).not.toContain("service-desk-the-business-trusts");
  });

  it("teaches each module in the stone for what it is mainly about, bringing a prerequisite forward", () => {
    // Culture and outcomes are low, so this stone fits the briefings on cloud and skills too; but those are
    // mainly about skills (first-listed dimension) and wait for the teaching stone, FinOps is mainly about
    // governance and waits for that stone, and the infrastructure-as-code lab is a lab. The executive cloud
    // briefing comes forward all the same: change leadership needs it first.
    expect(moduleIds(everythingLow, "agree-outcomes")).toEqual([
      "cloud-and-hybrid-for-executives",
      "outcome-kpis-workshop",
      "standard-over-bespoke",
      "change-leadership-for-executives",
    ]);
    expect(stone(everythingLow, "agree-outcomes").activities[0].reason).toBe("Needed first for change-leadership-for-executives.");
    // The landing-zone, identity and connectivity labs fit governance too, but are already in the teaching stone.
    expect(moduleIds(everythingLow, "govern-the-platform")).toEqual(["finops-cost-ownership", "governance-and-security-controls"]);
    expect(moduleIds(everythingLow, "teach-before-moving")).toContain("keeping-skills-fresh");
  });

  it("puts every hands-on lab before the first workloads move", () => {
    const firstMove = stoneIds(everythingLow).indexOf("first-workloads");
    everythingLow.stones.forEach((s, index) => {
      if (s.activities.some((a) => a.format === "hands-on-lab")) expect(index).toBeLessThan(firstMove);
    });
  });

  it("explains the outcomes stone by both low scores", () => {
    const rationale = stone(everythingLow, "agree-outcomes").rationale;
    expect(rationale).toContain("Outcome focus scored 25 (level 2, Developing)");
    expect(rationale).toContain("Culture & change appetite scored 25 (level 2, Developing)");
  });
});

describe("without a portfolio", () => {
  it("maps what runs where instead of moving anything", () => {
    const plan = planFor(assess({}), { waves: null });
    expect(stoneIds(plan)).toEqual(["map-the-portfolio", "measure-and-reassess"]);
    expect(moduleIds(plan, "map-the-portfolio")).toEqual(["application-and-service-mapping", "migration-wave-planning"]);
  });

  it("plans no waves when nothing moves, and no mapping either: the portfolio is known", () => {
    const allRetained = planWaves(portfolio, portfolio.map((a) => ({ applicationId: a.id, disposition: "retain" as const })));
    expect(stoneIds(planFor(assess({}), { waves: allRetained }))).toEqual(["measure-and-reassess"]);
  });
});

describe("an unmeasured dimension", () => {
  it("fires no rule and is listed", () => {
    const plan = planFor(assess({ governance: null, skills: null }));
    expect(plan.unmeasuredDimensions).toEqual(["skills", "governance"]);
    expect(stoneIds(plan)).toEqual(["first-workloads", "wave-2", "measure-and-reassess"]);
  });
});

describe("every plan", () => {
  for (const [name, plan] of Object.entries(allFixtures)) {
    it(`${name}: each stone is reachable from the previous one`, () => {
      expect(plan.stones[0].entryCondition).toBe("The assessment results have been shared with, and discussed by, everyone who took part.");
      for (let i = 1; i < plan.stones.length; i += 1) {
        expect(plan.stones[i].entryCondition).toBe(`Builds on the previous stone: ${plan.stones[i - 1].goal}`);
      }
    });

    it(`${name}: ends by measuring and re-assessing, with owners on both sides of every stone`, () => {
      expect(plan.stones[plan.stones.length - 1].ruleId).toBe("measure-and-reassess");
      for (const s of plan.stones) {
        expect(s.owners.customer.length).toBeGreaterThan(0);
        expect(s.owners.provider.length).toBeGreaterThan(0);
        expect(s.outcomeKpis.length).toBeGreaterThan(0);
        expect(s.estimatedWeeks).toBeGreaterThan(0);
      }
    });
  }

  it("never measures adoption: no workloads moved, users onboarded, seats or sessions", () => {
    const adoption = /workloads? (moved|migrated)|applications? (moved|migrated)|onboarded|adoption|seats|sessions|logins|number of/i;
    for (const definition of Object.values(OUTCOME_KPIS)) expect(definition.name).not.toMatch(adoption);
    for (const plan of Object.values(allFixtures)) {
      for (const kpi of plan.stones.flatMap((s) => s.outcomeKpis)) expect(kpi.name).not.toMatch(adoption);
    }
  });

  it("is the same plan every time for the same input", () => {
    expect(planFor(assess({ skills: "b" }))).toEqual(lowSkills);
  });

  it("records the catalogue version it was made with", () => {
    expect(lowSkills.catalogueVersion).toBe(1);
  });
});
