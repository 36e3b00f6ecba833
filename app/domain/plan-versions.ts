/*
 * A stepping-stone plan as the consultant keeps it: the generated plan (generatePlan) turned into a
 * document that is saved as numbered versions, edited by the consultant, compared version with
 * version, drawn as a timeline and measured against.
 *
 * The rules:
 *   - Version 1 is the generated plan, every stone "planned". Each save is a whole new document;
 *     a saved version is never changed (the storage has no update).
 *   - An edit lists the stones in their new order. A stone that was in the base version keeps what
 *     the consultant cannot edit (its rule, rationale, workloads, and each activity's audience and
 *     reason); a new stone gets an id of its own (`added-v<version>-<n>`) that no other version uses,
 *     so a comparison never mistakes one stone for another.
 *   - Entry conditions follow the order: the first stone starts from the plan's opening condition,
 *     each later one "builds on the previous stone" and names its goal. Moving a stone re-links them.
 *   - Activities come from the plan's teaching catalogue; a module is taught in one stone only, as in
 *     the generated plan. A module moved from another stone keeps its audience; an added one is
 *     taught to the module's whole audience.
 *   - Outcome measures come from OUTCOME_KPIS. A target the consultant types becomes a fixed level;
 *     a target left as the rule set it ("50% lower than the baseline") is worked out again from a
 *     changed baseline.
 *   - A comparison reports stones added, removed, moved (their order among the stones both versions
 *     share changed: the fewest moves that explain the new order) and every field changed.
 */
import type { DimensionKey } from "./dimensions";
import {
  OUTCOME_KPIS,
  type KpiTarget,
  type OutcomeKpi,
  type OutcomeKpiId,
  type PlannedActivity,
  type SteppingStone,
  type SteppingStonePlan,
  type SteppingStoneRuleId,
  type StoneWorkloads,
} from "./stepping-stones";
import { findModule, type TeachingCatalogue } from "./teaching-catalogue";

export const STONE_STATUSES = [
  { key: "planned", name: "Planned" },
  { key: "in-progress", name: "In progress" },
  { key: "completed", name: "Completed" },
] as const;
export type StoneStatus = (typeof STONE_STATUSES)[number]["key"];

export function isStoneStatus(value: unknown): value is StoneStatus {
  return typeof value === "string" && STONE_STATUSES.some((status) => status.key === value);
}

export function isOutcomeKpiId(value: unknown): value is OutcomeKpiId {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(OUTCOME_KPIS, value);
}

export const OUTCOME_KPI_IDS = Object.keys(OUTCOME_KPIS) as OutcomeKpiId[];

export const MAX_PLAN_STONES = 40;
export const MAX_STONE_WEEKS = 104;
const ENTRY_PREFIX = "Builds on the previous stone: ";

export interface PlanStone extends Omit<SteppingStone, "ruleId" | "answers"> {
  /** The rule that generated it; null for a stone the consultant added. */
  ruleId: SteppingStoneRuleId | null;
  status: StoneStatus;
  /** The findings the stone answers; absent in plans generated under rules version 1, empty for an added stone. */
  answers?: SteppingStone["answers"];
}

/** What a plan version stores. */
export interface PlanDocument {
  /** The plan rules it was generated under; absent: version 1 (before gaps over shared items). Kept by every edit. */
  rulesVersion?: number;
  catalogueVersion: number;
  /** The first stone's entry condition, whichever stone is first. */
  openingCondition: string;
  stones: PlanStone[];
  totalWeeks: number;
  unmeasuredDimensions: DimensionKey[];
}

/** Version 1: the generated plan, every stone planned. */
export function planDocumentFrom(plan: SteppingStonePlan): PlanDocument {
  return {
    rulesVersion: plan.rulesVersion,
    catalogueVersion: plan.catalogueVersion,
    openingCondition: plan.stones[0]?.entryCondition ?? "",
    stones: plan.stones.map((stone) => ({ ...stone, status: "planned" })),
    totalWeeks: plan.totalWeeks,
    unmeasuredDimensions: [...plan.unmeasuredDimensions],
  };
}

// ---------------------------------------------------------------------------------------------
// Outcome measures and their targets

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-GB") : value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

export function withUnit(value: number, unit: string): string {
  return unit === "%" ? `${formatNumber(value)}%` : `${formatNumber(value)} ${unit}`;
}

/** The target an OUTCOME_KPIS rule sets from a baseline (the same wording generatePlan uses). */
function ruleTarget(id: OutcomeKpiId, baseline: number | null): KpiTarget {
  const definition = OUTCOME_KPIS[id];
  const rule: { kind: "change"; percent: number } | { kind: "level"; value: number } = definition.target;
  if (rule.kind === "level") return levelTarget(definition.direction, rule.value, definition.unit);
  return changeTarget(rule.percent, baseline, definition.unit);
}

function changeTarget(percent: number, baseline: number | null, unit: string): KpiTarget {
  const value = baseline === null ? null : baseline * (1 + percent / 100);
  const change = percent === 0 ? "No worse than the baseline" : `${Math.abs(percent)}% ${percent < 0 ? "lower" : "higher"} than the baseline`;
  return { kind: "change", percent, value, text: value === null ? change : `${change} (${withUnit(value, unit)})` };
}

function levelTarget(direction: "increase" | "decrease", value: number, unit: string): KpiTarget {
  return { kind: "level", value, text: `${direction === "decrease" ? "At most" : "At least"} ${withUnit(value, unit)}` };
}

/** A new measure from OUTCOME_KPIS, for a stone the consultant edits. */
export function newOutcomeKpi(id: OutcomeKpiId, baseline: number | null = null): OutcomeKpi {
  const definition = OUTCOME_KPIS[id];
  return {
    id,
    name: definition.name,
    unit: definition.unit,
    direction: definition.direction,
    baseline,
    target: ruleTarget(id, baseline),
    measuredBy: definition.measuredBy,
    scope: null,
  };
}

/**
 * A measure with the consultant's baseline and target. A target equal to the current one (or
 * empty, for a target relative to the baseline) keeps the rule and is worked out from the new
 * baseline; any other target becomes a fixed level.
 */
export function retargetKpi(kpi: OutcomeKpi, baseline: number | null, target: number | null): OutcomeKpi | { problem: string } {
  const sameTarget = target === null || (kpi.target.value !== null && Math.abs(target - kpi.target.value) < 1e-9);
  if (sameTarget) {
    if (kpi.target.kind === "change") return { ...kpi, baseline, target: changeTarget(kpi.target.percent, baseline, kpi.unit) };
    if (target === null) return { problem: "Give a target: this measure's target is a level to reach." };
    return { ...kpi, baseline };
  }
  return { ...kpi, baseline, target: levelTarget(kpi.direction, target, kpi.unit) };
}

// ---------------------------------------------------------------------------------------------
// Editing

export interface KpiEdit {
  id: string;
  baseline: number | null;
  target: number | null;
}

export interface StoneEdit {
  /** A stone of the base version, or null for a new one. */
  id: string | null;
  title: string;
  goal: string;
  /** Only read for a new stone: why the consultant added it. */
  rationale: string;
  status: StoneStatus;
  estimatedWeeks: number;
  owners: { customer: string; provider: string };
  /** Teaching-catalogue module ids, in order. */
  activityIds: string[];
  kpis: KpiEdit[];
}

export interface PlanEdit {
  stones: StoneEdit[];
}

export interface PlanEditProblem {
  /** Where, e.g. `stones.2.kpis.0.target`; `stones` for the list as a whole. */
  path: string;
  message: string;
}

export type PlanEditResult = { ok: true; document: PlanDocument } | { ok: false; problems: PlanEditProblem[] };

/**
 * The document an edit makes of a base version. `newVersion` names the stones it adds. Every
 * problem is reported, each with its place in the edit.
 */
export function applyPlanEdit(base: PlanDocument, edit: PlanEdit, catalogue: TeachingCatalogue, newVersion: number): PlanEditResult {
  const problems: PlanEditProblem[] = [];
  const report = (path: string, message: string) => problems.push({ path, message });
  if (catalogue.version !== base.catalogueVersion) {
    report("stones", `The plan was made with teaching catalogue version ${base.catalogueVersion}, not ${catalogue.version}.`);
  }
  if (edit.stones.length === 0) report("stones", "A plan needs at least one stone.");
  if (edit.stones.length > MAX_PLAN_STONES) report("stones", `A plan has at most ${MAX_PLAN_STONES} stones.`);

  const baseStones = new Map(base.stones.map((stone) => [stone.id, stone]));
  const baseActivities = new Map(base.stones.flatMap((stone) => stone.activities.map((activity) => [activity.moduleId, activity] as const)));
  const seenStones = new Set<string>();
  const moduleStone = new Map<string, number>();
  let added = 0;

  const stones = edit.stones.map((stoneEdit, index): PlanStone | null => {
    const at = `stones.${index}`;
    let previous: PlanStone | null = null;
    if (stoneEdit.id !== null) {
      previous = baseStones.get(stoneEdit.id) ?? null;
      if (!previous) report(`${at}.id`, "This stone is not in the version being edited. Reload the plan and edit again.");
      else if (seenStones.has(stoneEdit.id)) report(`${at}.id`, "This stone is listed twice.");
      seenStones.add(stoneEdit.id);
    }
    if (stoneEdit.title.trim() === "") report(`${at}.title`, "A stone needs a title.");
    if (stoneEdit.goal.trim() === "") report(`${at}.goal`, "A stone needs a goal: what is true once it is done.");
    if (previous === null && stoneEdit.rationale.trim() === "") report(`${at}.rationale`, "Say why this stone is added: the customer should learn the reason too.");
    if (!Number.isInteger(stoneEdit.estimatedWeeks) || stoneEdit.estimatedWeeks < 1 || stoneEdit.estimatedWeeks > MAX_STONE_WEEKS) {
      report(`${at}.estimatedWeeks`, `Weeks must be a whole number from 1 to ${MAX_STONE_WEEKS}.`);
    }
    if (stoneEdit.owners.customer.trim() === "") report(`${at}.owners.customer`, "Name the customer's owner (a role is enough).");
    if (stoneEdit.owners.provider.trim() === "") report(`${at}.owners.provider`, "Name the provider's owner (a role is enough).");

    const activities: PlannedActivity[] = [];
    stoneEdit.activityIds.forEach((moduleId, activityIndex) => {
      const where = `${at}.activities.${activityIndex}`;
      const module = findModule(catalogue, moduleId);
      if (!module) return report(where, `"${moduleId}" is not in teaching catalogue version ${catalogue.version}.`);
      const earlier = moduleStone.get(moduleId);
      if (earlier !== undefined) {
        return report(where, earlier === index ? `${module.title} is listed twice in this stone.` : `${module.title} is already taught in stone ${earlier + 1}; a module is taught in one stone only.`);
      }
      moduleStone.set(moduleId, index);
      activities.push(
        baseActivities.get(moduleId) ?? {
          moduleId: module.id,
          title: module.title,
          format: module.format,
          durationHours: module.durationHours,
          audience: [...module.audience],
          learningObjectives: [...module.learningObjectives],
          why: module.why,
          reason: "Added by the consultant.",
        },
      );
    });

    const outcomeKpis: OutcomeKpi[] = [];
    const seenKpis = new Set<string>();
    stoneEdit.kpis.forEach((kpiEdit, kpiIndex) => {
      const where = `${at}.kpis.${kpiIndex}`;
      if (!isOutcomeKpiId(kpiEdit.id)) return report(`${where}.id`, `"${kpiEdit.id}" is not an outcome measure.`);
      if (seenKpis.has(kpiEdit.id)) return report(`${where}.id`, "This measure is listed twice in this stone.");
      seenKpis.add(kpiEdit.id);
      for (const [field, value] of [["baseline", kpiEdit.baseline], ["target", kpiEdit.target]] as const) {
        if (value !== null && (!Number.isFinite(value) || value < 0 || value > 1e9)) report(`${where}.${field}`, "A number from 0 to 1,000,000,000.");
      }
      const existing = previous?.outcomeKpis.find((kpi) => kpi.id === kpiEdit.id) ?? newOutcomeKpi(kpiEdit.id);
      const retargeted = retargetKpi(existing, kpiEdit.baseline, kpiEdit.target);
      if ("problem" in retargeted) return report(`${where}.target`, retargeted.problem);
      outcomeKpis.push(retargeted);
    });

    const workloads: StoneWorkloads = previous?.workloads ?? { waves: [], applicationIds: [], applicationNames: [], moveGroupIds: [], windowsToAvoid: [] };
    if (previous === null) added += 1;
    return {
      id: previous?.id ?? `added-v${newVersion}-${added}`,
      ruleId: previous?.ruleId ?? null,
      title: stoneEdit.title.trim(),
      goal: stoneEdit.goal.trim(),
      entryCondition: "",
      activities,
      workloads,
      outcomeKpis,
      owners: { customer: stoneEdit.owners.customer.trim(), provider: stoneEdit.owners.provider.trim() },
      estimatedWeeks: stoneEdit.estimatedWeeks,
      rationale: previous?.rationale ?? stoneEdit.rationale.trim(),
      // What the stone answers is the generator's, like its rationale: the consultant cannot edit it.
      ...(previous?.answers ? { answers: previous.answers } : {}),
      status: stoneEdit.status,
    };
  });

  if (problems.length > 0) return { ok: false, problems };
  const linked = relinkStones(stones.filter((stone): stone is PlanStone => stone !== null), base.openingCondition);
  return {
    ok: true,
    document: {
      ...(base.rulesVersion !== undefined ? { rulesVersion: base.rulesVersion } : {}),
      catalogueVersion: base.catalogueVersion,
      openingCondition: base.openingCondition,
      stones: linked,
      totalWeeks: linked.reduce((sum, stone) => sum + stone.estimatedWeeks, 0),
      unmeasuredDimensions: [...base.unmeasuredDimensions],
    },
  };
}

/** Entry conditions from the order: each stone builds on the previous one's goal. */
export function relinkStones(stones: readonly PlanStone[], openingCondition: string): PlanStone[] {
  return stones.map((stone, index) => ({
    ...stone,
    entryCondition: index === 0 ? openingCondition : `${ENTRY_PREFIX}${stones[index - 1].goal}`,
  }));
}

/** The edit that changes nothing: what an editor starts from. */
export function editOf(document: PlanDocument): PlanEdit {
  return {
    stones: document.stones.map((stone) => ({
      id: stone.id,
      title: stone.title,
      goal: stone.goal,
      rationale: stone.rationale,
      status: stone.status,
      estimatedWeeks: stone.estimatedWeeks,
      owners: { ...stone.owners },
      activityIds: stone.activities.map((activity) => activity.moduleId),
      kpis: stone.outcomeKpis.map((kpi) => ({ id: kpi.id, baseline: kpi.baseline, target: kpi.target.value })),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Comparing two versions

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface StoneChanges {
  id: string;
  title: string;
  changes: FieldChange[];
}

export interface PlanComparison {
  added: { id: string; title: string; position: number }[];
  removed: { id: string; title: string; position: number }[];
  /** Positions from 1. */
  moved: { id: string; title: string; from: number; to: number }[];
  changed: StoneChanges[];
  totalWeeks: { before: number; after: number };
  identical: boolean;
}

/** The longest common subsequence of two id lists: the stones that kept their relative order. */
function keptInOrder(before: readonly string[], after: readonly string[]): Set<string> {
  const lengths: number[][] = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      lengths[i][j] = before[i] === after[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) {
      kept.add(before[i]);
      i += 1;
      j += 1;
    } else if (lengths[i + 1][j] > lengths[i][j + 1]) i += 1;
    // On a tie keep the earlier stone of the old order: of two swapped stones, the one brought forward moved.
    else j += 1;
  }
  return kept;
}

const statusName = (status: StoneStatus) => STONE_STATUSES.find((s) => s.key === status)?.name ?? status;

function kpiText(kpi: OutcomeKpi, part: "baseline" | "target"): string {
  if (part === "baseline") return kpi.baseline === null ? "to be measured" : withUnit(kpi.baseline, kpi.unit);
  return kpi.target.text;
}

function stoneChanges(before: PlanStone, after: PlanStone): FieldChange[] {
  const changes: FieldChange[] = [];
  const field = (name: string, a: string, b: string) => {
    if (a !== b) changes.push({ field: name, before: a, after: b });
  };
  field("Title", before.title, after.title);
  field("Goal", before.goal, after.goal);
  field("Status", statusName(before.status), statusName(after.status));
  field("Estimated weeks", String(before.estimatedWeeks), String(after.estimatedWeeks));
  field("Customer owner", before.owners.customer, after.owners.customer);
  field("Provider owner", before.owners.provider, after.owners.provider);

  const beforeModules = before.activities.map((a) => a.moduleId);
  const afterModules = after.activities.map((a) => a.moduleId);
  for (const activity of after.activities) if (!beforeModules.includes(activity.moduleId)) field("Activity added", "", activity.title);
  for (const activity of before.activities) if (!afterModules.includes(activity.moduleId)) field("Activity removed", activity.title, "");

  for (const kpi of after.outcomeKpis) {
    const earlier = before.outcomeKpis.find((k) => k.id === kpi.id);
    if (!earlier) {
      field("Measure added", "", kpi.name);
      continue;
    }
    field(`${kpi.name}: baseline`, kpiText(earlier, "baseline"), kpiText(kpi, "baseline"));
    field(`${kpi.name}: target`, kpiText(earlier, "target"), kpiText(kpi, "target"));
  }
  for (const kpi of before.outcomeKpis) if (!after.outcomeKpis.some((k) => k.id === kpi.id)) field("Measure removed", kpi.name, "");
  return changes;
}

export function comparePlanDocuments(before: PlanDocument, after: PlanDocument): PlanComparison {
  const beforeIds = before.stones.map((s) => s.id);
  const afterIds = after.stones.map((s) => s.id);
  const shared = afterIds.filter((id) => beforeIds.includes(id));
  const kept = keptInOrder(
    beforeIds.filter((id) => shared.includes(id)),
    shared,
  );
  const added = after.stones.flatMap((stone, index) => (beforeIds.includes(stone.id) ? [] : [{ id: stone.id, title: stone.title, position: index + 1 }]));
  const removed = before.stones.flatMap((stone, index) => (afterIds.includes(stone.id) ? [] : [{ id: stone.id, title: stone.title, position: index + 1 }]));
  const moved = shared
    .filter((id) => !kept.has(id))
    .map((id) => ({ id, title: after.stones.find((s) => s.id === id)!.title, from: beforeIds.indexOf(id) + 1, to: afterIds.indexOf(id) + 1 }));
  const changed = shared.flatMap((id) => {
    const a = before.stones.find((s) => s.id === id)!;
    const b = after.stones.find((s) => s.id === id)!;
    const changes = stoneChanges(a, b);
    return changes.length > 0 ? [{ id, title: b.title, changes }] : [];
  });
  return {
    added,
    removed,
    moved,
    changed,
    totalWeeks: { before: before.totalWeeks, after: after.totalWeeks },
    identical: added.length === 0 && removed.length === 0 && moved.length === 0 && changed.length === 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Timeline and measures

export interface TimelineEntry {
  id: string;
  position: number;
  title: string;
  /** Weeks from the start of the plan. */
  startWeek: number;
  endWeek: number;
  status: StoneStatus;
}

/** Stones one after another, each starting when the previous one ends. */
export function timelineOf(document: PlanDocument): TimelineEntry[] {
  let start = 0;
  return document.stones.map((stone, index) => {
    const entry = { id: stone.id, position: index + 1, title: stone.title, startWeek: start, endWeek: start + stone.estimatedWeeks, status: stone.status };
    start += stone.estimatedWeeks;
    return entry;
  });
}

export interface MeasureSetting {
  stoneId: string;
  stoneTitle: string;
  baseline: number | null;
  target: number | null;
  targetText: string;
  scope: string | null;
}

export interface PlanMeasure {
  id: OutcomeKpiId;
  name: string;
  unit: string;
  direction: "increase" | "decrease";
  measuredBy: string;
  /** Every stone that sets it, in plan order. */
  settings: MeasureSetting[];
  /** What actuals are compared with: the first setting with both a baseline and a target, else the first. */
  reference: MeasureSetting;
}

/** Each outcome measure in the plan once, in the order it first appears. */
export function measuresOf(document: PlanDocument): PlanMeasure[] {
  const measures = new Map<OutcomeKpiId, PlanMeasure>();
  for (const stone of document.stones) {
    for (const kpi of stone.outcomeKpis) {
      const setting: MeasureSetting = { stoneId: stone.id, stoneTitle: stone.title, baseline: kpi.baseline, target: kpi.target.value, targetText: kpi.target.text, scope: kpi.scope };
      const measure = measures.get(kpi.id);
      if (measure) {
        measure.settings.push(setting);
        continue;
      }
      measures.set(kpi.id, { id: kpi.id, name: kpi.name, unit: kpi.unit, direction: kpi.direction, measuredBy: kpi.measuredBy, settings: [setting], reference: setting });
    }
  }
  for (const measure of measures.values()) {
    measure.reference = measure.settings.find((s) => s.baseline !== null && s.target !== null) ?? measure.settings[0];
  }
  return [...measures.values()];
}

/**
 * How far a value has come from the baseline towards the target: 0 at the baseline, 1 at the
 * target, below 0 when it moved the wrong way, above 1 past the target. Null without a baseline and
 * a target that differ.
 */
export function progressTowardsTarget(value: number, baseline: number | null, target: number | null): number | null {
  if (baseline === null || target === null || target === baseline) return null;
  return (value - baseline) / (target - baseline);
}
