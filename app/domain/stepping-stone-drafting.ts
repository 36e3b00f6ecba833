/*
 * How a stepping stone is drafted once its rule fires: its teaching modules (each taught once in
 * the plan, in the stone for what it is mainly about), its measures and its weeks. The rules that
 * decide what fires, and the words of each stone, are in stepping-stone-recipes.ts.
 */
import type { DimensionKey } from "./dimensions";
import { outcomeKpi, type OutcomeKpi } from "./outcome-kpis";
import type { StoneFinding } from "./plan-findings";
import { ruleOf, type SteppingStoneRule, type SteppingStoneRuleId } from "./stepping-stone-rules";
import type { PlannedActivity, SteppingStone, StoneWorkloads } from "./stepping-stones";
import { describeReading, selectModules, type DimensionReadings, type ReadinessProfile, type SelectedModule, type TeachingCatalogue } from "./teaching-catalogue";
import { RISK_TIERS, type MigrationWave, type WavePlan } from "./waves";

export const TEACHING_HOURS_PER_WEEK = 8;
export const WAVE_PREPARATION_WEEKS = 2;
export const WEEKS_PER_FIVE_APPLICATIONS = 2;
export const FIRST_ENTRY_CONDITION = "The assessment results have been shared with, and discussed by, everyone who took part.";

export function atOrBelow(readings: DimensionReadings, dimension: DimensionKey, level: number): boolean {
  const reading = readings[dimension];
  return reading.level !== null && reading.level <= level;
}

export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A stone before it is linked to the previous one. */
export type StoneDraft = Omit<SteppingStone, "entryCondition" | "estimatedWeeks" | "owners" | "ruleId" | "activities"> & {
  rule: SteppingStoneRule;
  selected: SelectedModule[];
  weeks: number;
};

export interface PlanState {
  profile: ReadinessProfile;
  catalogue: TeachingCatalogue;
  /** Modules planned in earlier stones or already taken. */
  taken: Set<string>;
  /** The rules whose stones are in this plan, in plan order. */
  firing: SteppingStoneRuleId[];
}

/**
 * Modules a stone leaves to a later stone of the plan: those whose first-listed dimension (what the
 * module is mainly about) is not this stone's but a later stone's. A later stone can still be
 * brought forward as a prerequisite.
 */
function deferredModules(state: PlanState, rule: SteppingStoneRule): string[] {
  const later = state.firing.slice(state.firing.indexOf(rule.id) + 1).flatMap((id) => ruleOf(id).dimensions);
  return state.catalogue.modules
    .filter((module) => {
      const primary = module.addresses[0]?.dimension;
      return primary !== undefined && !rule.dimensions.includes(primary) && later.includes(primary);
    })
    .map((module) => module.id);
}

export function selectForStone(state: PlanState, rule: SteppingStoneRule): SelectedModule[] {
  if (rule.dimensions.length === 0 && rule.anchorModules.length === 0) return [];
  const selected = selectModules(state.catalogue, state.profile, {
    dimensions: rule.dimensions,
    formats: rule.formats,
    include: rule.anchorModules,
    exclude: [...state.taken],
    deferred: deferredModules(state, rule),
  });
  for (const { module } of selected) state.taken.add(module.id);
  return selected;
}

function activityReason(selected: SelectedModule, profile: ReadinessProfile): string {
  switch (selected.reason.kind) {
    case "included":
      return "Core to this stone.";
    case "prerequisite":
      return `Needed first for ${listInWords(selected.reason.of)}.`;
    case "fits": {
      const fits = selected.reason.fits.map((fit) => describeReading(fit.dimension, profile.overall[fit.dimension]));
      return `Fits: ${listInWords(fits)}.`;
    }
  }
}

export function activitiesOf(selected: SelectedModule[], profile: ReadinessProfile): PlannedActivity[] {
  return selected.map((entry) => ({
    moduleId: entry.module.id,
    title: entry.module.title,
    format: entry.module.format,
    durationHours: entry.module.durationHours,
    audience: entry.audience,
    learningObjectives: [...entry.module.learningObjectives],
    why: entry.module.why,
    reason: activityReason(entry, profile),
  }));
}

export const NO_WORKLOADS: StoneWorkloads = { waves: [], applicationIds: [], applicationNames: [], moveGroupIds: [], windowsToAvoid: [] };

export function teachingStone(
  state: PlanState,
  id: SteppingStoneRuleId,
  text: { title: string; goal: string; rationale: string; answers: StoneFinding[] },
  kpis: OutcomeKpi[] = ruleOf(id).kpis.map((kpi) => outcomeKpi(kpi)),
): StoneDraft {
  const rule = ruleOf(id);
  const selected = selectForStone(state, rule);
  const hours = selected.reduce((sum, entry) => sum + entry.module.durationHours, 0);
  return {
    id,
    rule,
    title: text.title,
    goal: text.goal,
    rationale: text.rationale,
    answers: text.answers,
    selected,
    workloads: NO_WORKLOADS,
    outcomeKpis: kpis,
    weeks: Math.max(rule.baseWeeks, Math.ceil(hours / TEACHING_HOURS_PER_WEEK)),
  };
}

/** What a wave's measures are taken over: its business processes, or its applications when none are recorded. */
function waveScope(wave: MigrationWave): string {
  const processes: string[] = [];
  for (const application of wave.applications) {
    for (const process of application.businessProcesses) if (!processes.includes(process)) processes.push(process);
  }
  return processes.length > 0
    ? `Business processes: ${listInWords(processes)}`
    : `Applications: ${listInWords(wave.applications.map((a) => a.name))}`;
}

export function waveStone(state: PlanState, wave: MigrationWave, plan: WavePlan, first: boolean): StoneDraft {
  const rule = ruleOf(first ? "first-workloads" : "later-waves");
  const selected = selectForStone(state, rule);
  const names = wave.applications.map((a) => a.name);
  const count = `${wave.applications.length} application${wave.applications.length === 1 ? "" : "s"}`;
  const windows = wave.windowsToAvoid.map((w) => w.window);
  const tierLabel = RISK_TIERS.find((t) => t.tier === wave.riskTier)?.label ?? "";
  const groups = plan.moveGroups.filter((group) => group.wave === wave.number);

  const facts: string[] = [];
  if (first) {
    facts.push(
      wave.riskTier === 1
        ? `Wave 1 holds the quick wins: ${listInWords(names)} (criticality 1–2, few dependents, no restricted data).`
        : `There are no quick wins in the portfolio, so the first wave holds the lowest-risk applications there are (${tierLabel.toLowerCase()}): ${listInWords(names)}.`,
    );
    facts.push("Moving them first lets the team practise on systems the business can spare.");
  } else {
    facts.push(`Wave ${wave.number} (${tierLabel.toLowerCase()}) follows wave ${wave.number - 1}: ${listInWords(names)}.`);
  }
  for (const group of groups) facts.push(`${listInWords(group.applicationNames)} depend on each other and move together as ${group.id}.`);
  if (windows.length > 0) facts.push(`Keep clear of: ${listInWords(windows)}.`);

  const scope = waveScope(wave);
  const moveWeeks =
    WAVE_PREPARATION_WEEKS + WEEKS_PER_FIVE_APPLICATIONS * Math.ceil(wave.applications.length / 5) + groups.length;
  const hours = selected.reduce((sum, entry) => sum + entry.module.durationHours, 0);

  return {
    id: first ? "first-workloads" : `wave-${wave.number}`,
    rule,
    title: first ? `First workloads: wave 1, ${count}` : `Wave ${wave.number}: ${count}`,
    goal: first
      ? `The first, lowest-risk workloads (wave 1: ${listInWords(names)}) run in their new home, with the business's measures no worse than before.`
      : `Wave ${wave.number} (${listInWords(names)}) has moved, clear of the business's peak windows, with its measures no worse than before.`,
    rationale: facts.join(" "),
    answers: [],
    selected,
    workloads: {
      waves: [wave.number],
      applicationIds: wave.applications.map((a) => a.applicationId),
      applicationNames: names,
      moveGroupIds: groups.map((group) => group.id),
      windowsToAvoid: windows,
    },
    outcomeKpis: rule.kpis.map((kpi) => outcomeKpi(kpi, { scope })),
    weeks: Math.max(moveWeeks, Math.ceil(hours / TEACHING_HOURS_PER_WEEK)),
  };
}

/**
 * The stepping-stone plan for an assessment. Pure and deterministic: the same scores, gaps, waves,
 * catalogue and options give the same plan.
 */
