import { describe, expect, it } from "vitest";
import type { Disposition } from "~/domain/dispositions";
import type { Application } from "~/domain/portfolio";
import { planWaves, type PlannedDisposition } from "~/domain/waves";

function app(id: string, name: string, overrides: Partial<Application> = {}): Application {
  return {
    id,
    name,
    owningDepartment: "IT",
    businessProcesses: [],
    criticality: 3,
    users: 100,
    hourlyTransactions: 10,
    peakHourlyTransactions: 20,
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

/*
 * The fixture portfolio, with each application's tier worked out by hand (waves.ts rule 3):
 *   Intranet   crit 1, no dependents                       → tier 1 (quick win)
 *   Reports    crit 2, needs Old fax (retired) and "ghost"  → tier 1: neither is a moving dependency
 *   Expenses   crit 2, needs Ledger                         → own tier 1, raised to Ledger's tier 2 (rule 4)
 *   Ledger     crit 3, confidential, 1 dependent            → tier 2
 *   Pricing ⇄ Stock, crit 3 each, a cycle                  → one move group, tier 2
 *   Orders     crit 4, needs Pricing and Stock              → tier 3
 *   Payments   crit 5, restricted, needs Ledger             → tier 4
 *   Old fax retire, HR portal retain, Drafts undecided      → not placed
 */
const portfolio: Application[] = [
  app("payments", "Payments", { criticality: 5, dataSensitivity: "restricted", dependsOn: ["ledger"], peakWindow: "month  END" }),
  app("orders", "Orders", { criticality: 4, dependsOn: ["pricing", "stock"], peakWindow: "Black Friday" }),
  app("stock", "Stock", { dependsOn: ["pricing"] }),
  app("pricing", "Pricing", { dependsOn: ["stock"] }),
  app("ledger", "Ledger", { dataSensitivity: "confidential", peakWindow: "Month end" }),
  app("expenses", "Expenses", { criticality: 2, dependsOn: ["ledger"], peakWindow: "Month end" }),
  app("reports", "Reports", { criticality: 2, dependsOn: ["old-fax", "ghost"] }),
  app("intranet", "Intranet", { criticality: 1, peakWindow: "Mon 09:00–11:00" }),
  app("old-fax", "Old fax", { criticality: 1 }),
  app("hr", "HR portal", { hosting: "saas" }),
  app("drafts", "Drafts", { criticality: 1 }),
];

const dispositions: PlannedDisposition[] = [
  ["payments", "rehost"],
  ["orders", "replatform"],
  ["stock", "rehost"],
  ["pricing", "rehost"],
  ["ledger", "relocate"],
  ["expenses", "repurchase"],
  ["reports", "rehost"],
  ["intranet", "rehost"],
  ["old-fax", "retire"],
  ["hr", "retain"],
].map(([applicationId, disposition]) => ({ applicationId, disposition: disposition as Disposition }));

const plan = planWaves(portfolio, dispositions);
const waveNames = (p = plan) => p.waves.map((wave) => wave.applications.map((a) => a.name));

describe("planning waves", () => {
  it("orders waves quick wins first, then by risk, each application no earlier than what it depends on", () => {
    expect(waveNames()).toEqual([["Intranet", "Reports"], ["Expenses", "Ledger", "Pricing", "Stock"], ["Orders"], ["Payments"]]);
    expect(plan.waves.map((wave) => [wave.number, wave.riskTier, wave.label])).toEqual([
      [1, 1, "Quick wins"],
      [2, 2, "Moderate risk"],
      [3, 3, "Business-critical or restricted data"],
      [4, 4, "Most critical"],
    ]);
  });

  it("never places an application before a dependency", () => {
    const waveOf = new Map(plan.waves.flatMap((wave) => wave.applications.map((a) => [a.applicationId, wave.number] as const)));
    for (const wave of plan.waves) {
      for (const application of wave.applications) {
        for (const dependency of application.dependsOn) {
          if (waveOf.has(dependency)) expect(waveOf.get(dependency)!).toBeLessThanOrEqual(wave.number);
        }
      }
    }
  });

  it("keeps a dependency cycle together as one move group and reports it", () => {
    expect(plan.moveGroups).toEqual([{ id: "move-group-1", wave: 2, applicationIds: ["pricing", "stock"], applicationNames: ["Pricing", "Stock"] }]);
    expect(plan.waves[1].moveGroupIds).toEqual(["move-group-1"]);
    expect(plan.waves[1].applications.filter((a) => a.moveGroupId === "move-group-1").map((a) => a.name)).toEqual(["Pricing", "Stock"]);
  });

  it("reports a dependency on an unknown application instead of throwing", () => {
    expect(plan.unknownDependencies).toEqual([{ applicationId: "reports", applicationName: "Reports", dependsOn: "ghost" }]);
  });

  it("reports a dependency on an application being retired", () => {
    expect(plan.dependsOnRetired).toEqual([{ applicationId: "reports", applicationName: "Reports", dependsOn: "old-fax", dependsOnName: "Old fax" }]);
  });

  it("lists retire and retain apart, and applications without a disposition as undecided", () => {
    expect(plan.notMoving).toEqual([
      { applicationId: "hr", name: "HR portal", disposition: "retain" },
      { applicationId: "old-fax", name: "Old fax", disposition: "retire" },
    ]);
    expect(plan.undecided).toEqual([{ applicationId: "drafts", name: "Drafts" }]);
    const placed = plan.waves.flatMap((wave) => wave.applications.map((a) => a.applicationId));
    expect(placed).not.toContain("hr");
    expect(placed).not.toContain("old-fax");
    expect(placed).not.toContain("drafts");
  });

  it("lists each wave's peak windows as windows to avoid, merging the same window written differently", () => {
    expect(plan.waves.map((wave) => wave.windowsToAvoid.map((w) => [w.window, w.applicationNames]))).toEqual([
      [["Mon 09:00–11:00", ["Intranet"]]],
      [["Month end", ["Expenses", "Ledger"]]],
      [["Black Friday", ["Orders"]]],
      [["month  END", ["Payments"]]],
    ]);
  });

  it("describes each application's own tier and dependents", () => {
    const expenses = plan.waves[1].applications.find((a) => a.applicationId === "expenses")!;
    expect(expenses).toMatchObject({ riskTier: 1, dependentCount: 0, disposition: "repurchase", dependsOn: ["ledger"] });
    const ledger = plan.waves[1].applications.find((a) => a.applicationId === "ledger")!;
    // Expenses and Payments depend on Ledger.
    expect(ledger.dependentCount).toBe(2);
  });

  it("gives the same plan whatever order the portfolio and dispositions come in", () => {
    const shuffled = planWaves([...portfolio].reverse(), [...dispositions].reverse());
    expect(shuffled).toEqual(plan);
  });
});

describe("what counts as a quick win", () => {
  const onlyWave = (application: Application, others: Application[] = []) => {
    const all = [application, ...others];
    const result = planWaves(all, all.map((a) => ({ applicationId: a.id, disposition: "rehost" as const })));
    return result.waves.find((wave) => wave.applications.some((a) => a.applicationId === application.id))!.riskTier;
  };

  it("low criticality with few dependents is a quick win", () => {
    expect(onlyWave(app("a", "A", { criticality: 2 }), [app("b", "B", { criticality: 2, dependsOn: ["a"] })])).toBe(1);
  });

  it("two dependents make it moderate risk", () => {
    const dependants = [app("b", "B", { criticality: 2, dependsOn: ["a"] }), app("c", "C", { criticality: 2, dependsOn: ["a"] })];
    expect(onlyWave(app("a", "A", { criticality: 2 }), dependants)).toBe(2);
  });

  it("restricted data is never a quick win, whatever its criticality", () => {
    expect(onlyWave(app("a", "A", { criticality: 1, dataSensitivity: "restricted" }))).toBe(3);
  });

  it("criticality 5 goes last", () => {
    expect(onlyWave(app("a", "A", { criticality: 5 }))).toBe(4);
  });
});

describe("wave size", () => {
  it("splits a tier into waves of at most the given size, dependencies first, never splitting a move group", () => {
    const apps = [
      app("e", "E", { criticality: 2 }),
      app("d", "D", { criticality: 2, dependsOn: ["e"] }),
      app("a", "A", { criticality: 2 }),
      app("b", "B", { criticality: 2, dependsOn: ["c"] }),
      app("c", "C", { criticality: 2, dependsOn: ["b"] }),
    ];
    const result = planWaves(apps, apps.map((a) => ({ applicationId: a.id, disposition: "rehost" as const })), { maxApplicationsPerWave: 2 });
    // Tier 1: A, D, E (E has one dependent, D, so it is still a quick win). In order, dependencies first and
    // then by name among those ready: A, E, then D (ready once E is placed); cut into twos: [A, E], [D].
    // Tier 2: the move group {B, C}, which is never a quick win.
    expect(waveNames(result)).toEqual([["A", "E"], ["D"], ["B", "C"]]);
  });

  it("handles a 5,000-application dependency chain without running out of stack", () => {
    const apps = Array.from({ length: 5000 }, (_, i) =>
      app(`a${i}`, `App ${String(i).padStart(4, "0")}`, { criticality: 2, dependsOn: i > 0 ? [`a${i - 1}`] : [] }),
    );
    const result = planWaves(apps, apps.map((a) => ({ applicationId: a.id, disposition: "rehost" as const })));
    expect(result.waves).toHaveLength(250);
    expect(result.waves[0].applications[0].name).toBe("App 0000");
    expect(result.waves[249].applications[19].name).toBe("App 4999");
  });
});

describe("mistakes in the input", () => {
  it("throws on two applications with one id: that is a programming error, not data to report", () => {
    expect(() => planWaves([app("a", "A"), app("a", "B")], [])).toThrow(/share the id "a"/);
  });

  it("ignores a disposition for an application not in the portfolio", () => {
    expect(planWaves([app("a", "A")], [{ applicationId: "zz", disposition: "rehost" }]).undecided).toEqual([{ applicationId: "a", name: "A" }]);
  });
});
