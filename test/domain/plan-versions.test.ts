import { describe, expect, it } from "vitest";
import { DIMENSIONS, type DimensionKey } from "~/domain/dimensions";
import { findPerceptionGaps } from "~/domain/perception-gap";
import {
  applyPlanEdit,
  comparePlanDocuments,
  editOf,
  measuresOf,
  planDocumentFrom,
  progressTowardsTarget,
  timelineOf,
  type PlanDocument,
  type PlanEdit,
} from "~/domain/plan-versions";
import { compileScoringModel } from "~/domain/questionnaire-model";
import { scoreAssessment } from "~/domain/scoring";
import { generatePlan } from "~/domain/stepping-stones";
import { getTeachingCatalogue } from "~/domain/teaching-catalogue.server";

/* One question per dimension scoring 0–4 (a → 0 … e → 100); low skills (b → 25, level 2) and low operations. */
const questionnaire = compileScoringModel({
  elements: DIMENSIONS.map(({ key }) => ({ type: "radiogroup", name: `q_${key}`, dimension: key, choices: ["a", "b", "c", "d", "e"].map((value, score) => ({ value, score })) })),
});
const answers = (low: DimensionKey[]) => Object.fromEntries(DIMENSIONS.map(({ key, kind }) => [`q_${key}`, low.includes(key) ? "b" : kind === "risk" ? "a" : "d"]));
const scores = scoreAssessment(questionnaire, [
  { id: "it-1", group: "it", answers: answers(["skills", "operations"]) },
  { id: "business-1", group: "business", answers: answers(["skills", "operations"]) },
]);
const catalogue = getTeachingCatalogue(1);
const generated = generatePlan({ scores, gaps: findPerceptionGaps(scores), waves: null, catalogue });
const v1 = planDocumentFrom(generated);

function edited(change: (edit: PlanEdit) => void, base: PlanDocument = v1, version = 2): PlanDocument {
  const edit = structuredClone(editOf(base));
  change(edit);
  const result = applyPlanEdit(base, edit, catalogue, version);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.document;
}

function problemsOf(change: (edit: PlanEdit) => void) {
  const edit = structuredClone(editOf(v1));
  change(edit);
  const result = applyPlanEdit(v1, edit, catalogue, 2);
  return result.ok ? [] : result.problems;
}

describe("the first version", () => {
  it("is the generated plan with every stone planned", () => {
    expect(v1.stones.map((s) => s.id)).toEqual(["house-in-order", "teach-before-moving", "map-the-portfolio", "measure-and-reassess"]);
    expect(v1.stones.every((s) => s.status === "planned")).toBe(true);
    expect(v1.openingCondition).toBe(generated.stones[0].entryCondition);
    expect(v1.totalWeeks).toBe(generated.totalWeeks);
  });

  it("comes back unchanged from an edit that changes nothing", () => {
    const same = edited(() => {});
    expect(same).toEqual(v1);
    expect(comparePlanDocuments(v1, same).identical).toBe(true);
  });
});

describe("editing", () => {
  it("moves a stone and re-links every entry condition to the new order", () => {
    const moved = edited((edit) => {
      const [teach] = edit.stones.splice(1, 1);
      edit.stones.unshift(teach);
    });
    expect(moved.stones.map((s) => s.id)).toEqual(["teach-before-moving", "house-in-order", "map-the-portfolio", "measure-and-reassess"]);
    expect(moved.stones[0].entryCondition).toBe(v1.openingCondition);
    expect(moved.stones[1].entryCondition).toBe(`Builds on the previous stone: ${moved.stones[0].goal}`);
    const comparison = comparePlanDocuments(v1, moved);
    // One stone moved explains the new order; the others kept theirs.
    expect(comparison.moved).toEqual([{ id: "teach-before-moving", title: moved.stones[0].title, from: 2, to: 1 }]);
    expect(comparison.changed).toEqual([]);
  });

  it("adds a stone with an id no other version uses, and asks why it was added", () => {
    const stone = { id: null, title: "Pilot the service desk tool", goal: "The new tool runs for one team.", rationale: "", status: "planned" as const, estimatedWeeks: 3, owners: { customer: "Service desk lead", provider: "Consultant" }, activityIds: [], kpis: [] };
    expect(problemsOf((edit) => edit.stones.splice(1, 0, { ...stone }))).toEqual([{ path: "stones.1.rationale", message: expect.stringContaining("why") }]);
    const withStone = edited((edit) => edit.stones.splice(1, 0, { ...stone, rationale: "The customer asked for a pilot." }), v1, 5);
    expect(withStone.stones[1]).toMatchObject({ id: "added-v5-1", ruleId: null, rationale: "The customer asked for a pilot.", status: "planned" });
    expect(withStone.totalWeeks).toBe(v1.totalWeeks + 3);
    expect(comparePlanDocuments(v1, withStone)).toMatchObject({ added: [{ id: "added-v5-1", position: 2 }], removed: [], moved: [] });
  });

  it("removes a stone", () => {
    const without = edited((edit) => edit.stones.splice(2, 1));
    const comparison = comparePlanDocuments(v1, without);
    expect(comparison.removed).toEqual([{ id: "map-the-portfolio", title: v1.stones[2].title, position: 3 }]);
    expect(comparison.totalWeeks).toEqual({ before: v1.totalWeeks, after: v1.totalWeeks - v1.stones[2].estimatedWeeks });
  });

  it("adds an activity from the catalogue for the module's whole audience, and keeps a moved one's audience", () => {
    const teach = v1.stones[1];
    const movedModule = teach.activities[0];
    const result = edited((edit) => {
      edit.stones[0].activityIds.push("saas-governance", movedModule.moduleId);
      edit.stones[1].activityIds = edit.stones[1].activityIds.filter((id) => id !== movedModule.moduleId);
    });
    const added = result.stones[0].activities.find((a) => a.moduleId === "saas-governance")!;
    expect(added).toMatchObject({ audience: ["it", "business"], reason: "Added by the consultant.", format: "workshop" });
    expect(result.stones[0].activities.find((a) => a.moduleId === movedModule.moduleId)).toEqual(movedModule);
    const changes = comparePlanDocuments(v1, result).changed;
    expect(changes.map((c) => c.id)).toEqual(["house-in-order", "teach-before-moving"]);
    expect(changes[1].changes).toEqual([{ field: "Activity removed", before: movedModule.title, after: "" }]);
  });

  it("refuses a module the catalogue does not have, and a module taught in two stones", () => {
    const already = v1.stones[1].activities[0];
    const next = v1.stones[0].activities.length;
    expect(problemsOf((edit) => edit.stones[0].activityIds.push("no-such-module", already.moduleId))).toEqual([
      { path: `stones.0.activities.${next}`, message: '"no-such-module" is not in teaching catalogue version 1.' },
      { path: "stones.1.activities.0", message: `${already.title} is already taught in stone 1; a module is taught in one stone only.` },
    ]);
  });

  it("works a relative target out again from a new baseline, and fixes a typed target as a level", () => {
    const house = v1.stones[0];
    const outage = house.outcomeKpis.find((k) => k.id === "unplanned-outage-minutes")!;
    expect(outage).toMatchObject({ baseline: null, target: { kind: "change", percent: -50, value: null } });
    const result = edited((edit) => {
      edit.stones[0].kpis[0] = { id: "unplanned-outage-minutes", baseline: 400, target: null };
      edit.stones[0].kpis[1] = { ...edit.stones[0].kpis[1], baseline: 10, target: 4 };
    });
    const [newOutage, requests] = result.stones[0].outcomeKpis;
    // 400 minutes less 50 %.
    expect(newOutage.target).toEqual({ kind: "change", percent: -50, value: 200, text: "50% lower than the baseline (200 minutes a month)" });
    expect(requests.target).toEqual({ kind: "level", value: 4, text: "At most 4 working days" });
    const changes = comparePlanDocuments(v1, result).changed[0].changes;
    expect(changes).toContainEqual({ field: "Unplanned outage minutes a month: baseline", before: "to be measured", after: "400 minutes a month" });
    expect(changes).toContainEqual({ field: "Time to fulfil a standard request: target", before: "50% lower than the baseline", after: "At most 4 working days" });
  });

  it("keeps a typed level target when only the baseline changes again", () => {
    const v2 = edited((edit) => (edit.stones[0].kpis[0] = { id: "unplanned-outage-minutes", baseline: 400, target: 150 }));
    const v3 = edited((edit) => (edit.stones[0].kpis[0] = { ...edit.stones[0].kpis[0], baseline: 380 }), v2, 3);
    expect(v3.stones[0].outcomeKpis[0]).toMatchObject({ baseline: 380, target: { kind: "level", value: 150 } });
  });

  it("reports every problem with its place", () => {
    const problems = problemsOf((edit) => {
      edit.stones[0].title = " ";
      edit.stones[0].estimatedWeeks = 0;
      edit.stones[1].owners.customer = "";
      edit.stones[2].kpis.push({ id: "seats-sold", baseline: null, target: null });
      edit.stones[3].id = "house-in-order";
    });
    expect(problems.map((p) => p.path)).toEqual(["stones.0.title", "stones.0.estimatedWeeks", "stones.1.owners.customer", `stones.2.kpis.${v1.stones[2].outcomeKpis.length}.id`, "stones.3.id"]);
  });

  it("records status and weeks, and a comparison names each change", () => {
    const v2 = edited((edit) => {
      edit.stones[0].status = "completed";
      edit.stones[0].estimatedWeeks = 10;
    });
    expect(comparePlanDocuments(v1, v2).changed[0].changes).toEqual([
      { field: "Status", before: "Planned", after: "Completed" },
      { field: "Estimated weeks", before: String(v1.stones[0].estimatedWeeks), after: "10" },
    ]);
  });
});

describe("timeline and measures", () => {
  it("places each stone after the previous one", () => {
    const weeks = v1.stones.map((s) => s.estimatedWeeks);
    const timeline = timelineOf(v1);
    expect(timeline.map((t) => [t.startWeek, t.endWeek])).toEqual(weeks.map((_, i) => [weeks.slice(0, i).reduce((a, b) => a + b, 0), weeks.slice(0, i + 1).reduce((a, b) => a + b, 0)]));
  });

  it("lists each measure once, compared against the first stone that sets a baseline and a target", () => {
    const v2 = edited((edit) => (edit.stones[3].kpis[0] = { id: "unplanned-outage-minutes", baseline: 300, target: null }));
    const measures = measuresOf(v2);
    expect(new Set(measures.map((m) => m.id)).size).toBe(measures.length);
    const outage = measures.find((m) => m.id === "unplanned-outage-minutes")!;
    expect(outage.settings.map((s) => s.stoneId)).toEqual(["house-in-order", "measure-and-reassess"]);
    expect(outage.reference).toMatchObject({ stoneId: "measure-and-reassess", baseline: 300, target: 150 });
  });

  it("measures progress from the baseline towards the target, either direction", () => {
    // 400 → 200 minutes: at 300 halfway there; at 450 a quarter of the way backwards.
    expect(progressTowardsTarget(300, 400, 200)).toBe(0.5);
    expect(progressTowardsTarget(450, 400, 200)).toBe(-0.25);
    // 5 → 6 out of 10: at 6.5 past the target.
    expect(progressTowardsTarget(6.5, 5, 6)).toBe(1.5);
    expect(progressTowardsTarget(6, null, 6)).toBeNull();
  });
});
