import { describe, expect, it } from "vitest";
import { DIMENSIONS, type DimensionKey } from "~/domain/dimensions";
import {
  DISPOSITION_RULES,
  LARGE_MIGRATION_APPLICATIONS,
  applyOverride,
  dispositionContextFor,
  suggestDisposition,
  suggestDispositions,
  type DispositionContext,
} from "~/domain/dispositions";
import type { Application } from "~/domain/portfolio";
import { maturityLevelFor, riskBandFor } from "~/domain/scoring";
import type { DimensionReadings, ReadinessProfile } from "~/domain/teaching-catalogue";

/** Overall readings: every maturity dimension at `score` (default 50, level 3) except those given; shadow-IT low. */
function readiness(scores: Partial<Record<DimensionKey, number | null>> = {}, score = 50): DimensionReadings {
  const result = {} as DimensionReadings;
  for (const { key, kind } of DIMENSIONS) {
    const value = key in scores ? (scores[key] ?? null) : kind === "risk" ? 10 : score;
    result[key] = {
      score: value,
      level: value === null || kind === "risk" ? null : maturityLevelFor(value).level,
      riskBand: value === null || kind === "maturity" ? null : riskBandFor(value).key,
      lowConfidence: false,
    };
  }
  return result;
}

function context(scores: Partial<Record<DimensionKey, number | null>> = {}, extra: Partial<DispositionContext> = {}): DispositionContext {
  return { readiness: readiness(scores), largeMigration: false, dependentCounts: {}, ...extra };
}

function app(overrides: Partial<Application> = {}): Application {
  return {
    id: "app",
    name: "Stock control",
    owningDepartment: "Logistics",
    businessProcesses: ["Pick and pack"],
    criticality: 3,
    users: 80,
    hourlyTransactions: 200,
    peakHourlyTransactions: 600,
    peakWindow: "",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "internal",
    dependsOn: [],
    traits: [],
    notes: "",
    ...overrides,
  };
}

const ruleOf = (application: Application, ctx = context()) => suggestDisposition(application, ctx).ruleId;
const dispositionOf = (application: Application, ctx = context()) => suggestDisposition(application, ctx).disposition;

describe("the rule table", () => {
  it("is tried in this order, and its last rule matches anything", () => {
    expect(DISPOSITION_RULES.map((rule) => `${rule.id} → ${rule.disposition}`)).toEqual([
      "very-low-use → retire",
      "departmental-saas → repurchase",
      "governed-saas → retain",
      "already-in-public-cloud → retain",
      "critical-while-not-ready → retain",
      "restricted-data-weak-controls → retain",
      "standard-saas-available → repurchase",
      "database-heavy → replatform",
      "custom-built-skills-high → refactor",
      "virtualised-modest-criticality → relocate",
      "lift-and-shift → rehost",
    ]);
    expect(DISPOSITION_RULES.every((rule) => rule.when.length > 0)).toBe(true);
  });
});

describe("each rule fires on an application that fits it", () => {
  it("very low use → retire", () => {
    const suggestion = suggestDisposition(app({ users: 3, hourlyTransactions: 0.2, criticality: 1 }), context());
    expect(suggestion).toMatchObject({ applicationId: "app", disposition: "retire", ruleId: "very-low-use" });
    expect(suggestion.reason).toContain("3 users");
  });

  it("SaaS a department runs outside IT → repurchase, to bring it under governance", () => {
    const suggestion = suggestDisposition(app({ hosting: "saas", managedByIt: false, owningDepartment: "Marketing" }), context());
    expect(suggestion).toMatchObject({ disposition: "repurchase", ruleId: "departmental-saas" });
    expect(suggestion.reason).toContain("Marketing runs outside IT");
  });

  it("SaaS that IT governs → retain", () => {
    expect(ruleOf(app({ hosting: "saas" }))).toBe("governed-saas");
  });

  it("already in the public cloud → retain, noting when IT does not run it", () => {
    expect(ruleOf(app({ hosting: "public-cloud" }))).toBe("already-in-public-cloud");
    expect(suggestDisposition(app({ hosting: "public-cloud", managedByIt: false }), context()).reason).toContain("bring it under IT's governance");
  });

  it("critical while skills are low → retain for now, citing the score", () => {
    const suggestion = suggestDisposition(app({ criticality: 5 }), context({ skills: 31 }));
    expect(suggestion).toMatchObject({ disposition: "retain", ruleId: "critical-while-not-ready" });
    expect(suggestion.reason).toContain("Skills & learning scored 31 (level 2, Developing)");
  });

  it("critical while operations are low → retain for now", () => {
    expect(ruleOf(app({ criticality: 4 }), context({ operations: 15 }))).toBe("critical-while-not-ready");
  });

  it("restricted data while governance is low → retain", () => {
    expect(ruleOf(app({ dataSensitivity: "restricted" }), context({ governance: 30 }))).toBe("restricted-data-weak-controls");
  });

  it("a standard SaaS could do its job → repurchase", () => {
    expect(dispositionOf(app({ traits: ["saas-alternative"] }))).toBe("repurchase");
    expect(ruleOf(app({ traits: ["saas-alternative"] }))).toBe("standard-saas-available");
  });

  it("database-heavy → replatform", () => {
    expect(ruleOf(app({ traits: ["database-heavy"] }))).toBe("database-heavy");
    expect(dispositionOf(app({ traits: ["database-heavy"] }))).toBe("replatform");
  });

  it("custom-built with high skills in a small migration → refactor", () => {
    expect(ruleOf(app({ traits: ["custom-built"] }), context({ skills: 65 }))).toBe("custom-built-skills-high");
  });

  it("a virtualised estate of modest criticality → relocate", () => {
    expect(ruleOf(app({ traits: ["virtualised"], hosting: "colocation", criticality: 3 }))).toBe("virtualised-modest-criticality");
  });

  it("anything else → rehost", () => {
    expect(suggestDisposition(app(), context())).toMatchObject({ disposition: "rehost", ruleId: "lift-and-shift" });
  });
});

describe("the order of the rules matters", () => {
  it("very low use is retired before it is noticed as departmental SaaS", () => {
    expect(ruleOf(app({ hosting: "saas", managedByIt: false, users: 2, hourlyTransactions: 0, criticality: 2 }))).toBe("very-low-use");
  });

  it("a low-use application is not retired when it is critical, something depends on it, or its use is not known", () => {
    const lowUse = app({ users: 2, hourlyTransactions: 0, criticality: 2 });
    expect(ruleOf({ ...lowUse, criticality: 3 })).toBe("lift-and-shift");
    expect(ruleOf(lowUse, context({}, { dependentCounts: { app: 1 } }))).toBe("lift-and-shift");
    expect(ruleOf({ ...lowUse, hourlyTransactions: null })).toBe("lift-and-shift");
  });

  it("a critical database-heavy application stays put while skills are low, rather than being replatformed", () => {
    const critical = app({ criticality: 5, traits: ["database-heavy"] });
    expect(ruleOf(critical, context({ skills: 25 }))).toBe("critical-while-not-ready");
    expect(ruleOf(critical, context({ skills: 65 }))).toBe("database-heavy");
  });

  it("a custom-built, database-heavy application is replatformed, not refactored", () => {
    expect(ruleOf(app({ traits: ["custom-built", "database-heavy"] }), context({ skills: 90 }))).toBe("database-heavy");
  });

  it("custom-built is not refactored during a large migration, and the reason says why", () => {
    const suggestion = suggestDisposition(app({ traits: ["custom-built"] }), context({ skills: 90 }, { largeMigration: true }));
    expect(suggestion.ruleId).toBe("lift-and-shift");
    expect(suggestion.reason).toContain("advises against refactoring during a large migration");
  });

  it("custom-built is not refactored while skills are below level 4, nor when skills were not measured", () => {
    const custom = app({ traits: ["custom-built"] });
    expect(ruleOf(custom, context({ skills: 55 }))).toBe("lift-and-shift");
    expect(ruleOf(custom, context({ skills: null }))).toBe("lift-and-shift");
  });

  it("a virtualised, critical application is rehosted, not relocated", () => {
    expect(ruleOf(app({ traits: ["virtualised"], criticality: 4 }))).toBe("lift-and-shift");
  });

  it("unmeasured skills and operations do not hold a critical application back", () => {
    expect(ruleOf(app({ criticality: 5 }), context({ skills: null, operations: null }))).toBe("lift-and-shift");
  });
});

describe("the context of a portfolio", () => {
  const profile: ReadinessProfile = { overall: readiness(), byGroup: {} };

  it("counts each application's dependents, ignoring unknown and self dependencies", () => {
    const portfolio = [app({ id: "a" }), app({ id: "b", dependsOn: ["a", "ghost", "b"] }), app({ id: "c", dependsOn: ["a", "b"] })];
    expect(dispositionContextFor(profile, portfolio).dependentCounts).toEqual({ a: 2, b: 1, c: 0 });
  });

  it(`is a large migration from ${LARGE_MIGRATION_APPLICATIONS} applications on premises or in colocation`, () => {
    const onPremises = (count: number) => Array.from({ length: count }, (_, i) => app({ id: `a${i}`, hosting: i % 2 ? "colocation" : "on-premises" }));
    const saas = Array.from({ length: 10 }, (_, i) => app({ id: `s${i}`, hosting: "saas" }));
    expect(dispositionContextFor(profile, [...onPremises(29), ...saas]).largeMigration).toBe(false);
    expect(dispositionContextFor(profile, onPremises(30)).largeMigration).toBe(true);
    expect(dispositionContextFor(profile, onPremises(30), { largeMigration: false }).largeMigration).toBe(false);
  });

  it("suggests for every application in portfolio order", () => {
    const portfolio = [app({ id: "x", hosting: "saas" }), app({ id: "y" })];
    expect(suggestDispositions(portfolio, context()).map((s) => [s.applicationId, s.disposition])).toEqual([
      ["x", "retain"],
      ["y", "rehost"],
    ]);
  });
});

describe("overriding a suggestion", () => {
  const suggestion = suggestDisposition(app({ traits: ["database-heavy"] }), context());

  it("without an override, the rule decides", () => {
    expect(applyOverride(suggestion)).toEqual({
      applicationId: "app",
      disposition: "replatform",
      reason: suggestion.reason,
      decidedBy: "rule",
      ruleId: "database-heavy",
      suggestion,
      override: null,
    });
  });

  it("the consultant's override wins and the suggestion is kept for reference", () => {
    const decision = applyOverride(suggestion, { disposition: "retire", reason: "  Being replaced by the new ERP in March.  " });
    expect(decision).toMatchObject({
      disposition: "retire",
      reason: "Being replaced by the new ERP in March.",
      decidedBy: "consultant",
      ruleId: null,
      override: { disposition: "retire", reason: "Being replaced by the new ERP in March." },
    });
    expect(decision.suggestion).toBe(suggestion);
  });

  it("an override agreeing with the suggestion is still the consultant's decision", () => {
    expect(applyOverride(suggestion, { disposition: "replatform", reason: "Agreed with the DBA team." }).decidedBy).toBe("consultant");
  });

  it("refuses an override without a reason", () => {
    expect(() => applyOverride(suggestion, { disposition: "retire", reason: "   " })).toThrow(/needs a reason/);
  });
});
