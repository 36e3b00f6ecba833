/*
 * The stepping-stone plan: an assessment's scores, perception gaps and migration waves turned into
 * an ordered path of small steps, each reachable from the last and each leaving the customer more
 * capable. The plan is a curriculum as much as a project: teaching comes before moving.
 *
 * The rules, in plan order (STEPPING_STONE_RULES; each fires at most once except later-waves):
 *   1. house-in-order        operational health at level 2 or below: IT's own house first
 *                            (outages, backlogs, desktops), workshops only
 *   2. joint-roadmap         any perception gap flagged: a joint IT–business roadmap workshop,
 *                            naming the dimensions where the groups disagree
 *   3. shadow-it-amnesty     shadow-IT risk high or critical: discovery and an amnesty
 *   4. agree-outcomes        outcome focus or culture at level 2 or below: agree the business
 *                            measures and their baselines, and lead the change
 *   5. teach-before-moving   skills at level 2 or below: labs and fundamentals before any workload
 *                            moves
 *   6. govern-the-platform   governance at level 2 or below: the controls in place before the first move
 *   7. map-the-portfolio     no portfolio yet: know what runs where before planning waves
 *   8. first-workloads       the earliest wave: the lowest-risk applications (quick wins)
 *   9. later-waves           each later wave, in order
 *  10. measure-and-reassess  always last: outcomes against their baselines, and the assessment retaken
 * A dimension that was not measured fires nothing (the plan lists it under unmeasuredDimensions).
 * A healthy organisation gets a short plan: its waves and the final measurement.
 *
 * Activities are teaching-catalogue modules chosen by selectModules for the stone's dimensions, for
 * the groups whose own scores need them, plus the stone's anchor modules. A module appears in one
 * stone only: the stone for its first-listed dimension when that stone is in the plan, otherwise the
 * first stone that needs it (a prerequisite comes with the module that needs it). Hands-on labs are
 * taught only in the teaching, governance and first-workloads stones. Modules the customer has
 * already taken are left out.
 *
 * Outcome KPIs are business measures (outage minutes, lead times, lost orders, calls, share of
 * spend governed), never adoption counts such as workloads moved or users onboarded. A baseline of
 * null means "to be measured at the start of the stone".
 *
 * Estimated weeks are a starting point for the consultant: a stone takes its base weeks, or longer
 * if its workshops and labs need it at about one day (8 hours) of teaching a week; a wave takes 2
 * weeks of preparation, 2 weeks per 5 applications and 1 more per move group.
 */
import { DIMENSIONS, getDimension, groupName, type DimensionKey, type RespondentGroup } from "./dimensions";
import { DEFAULT_PERCEPTION_GAP_THRESHOLD, type DimensionPerceptionGap } from "./perception-gap";
import type { AssessmentScores } from "./scoring";
import {
  describeReading,
  readinessProfileOf,
  selectModules,
  type DimensionReadings,
  type ModuleFormat,
  type ReadinessProfile,
  type SelectedModule,
  type TeachingCatalogue,
} from "./teaching-catalogue";
import { RISK_TIERS, type MigrationWave, type WavePlan } from "./waves";

// ---------------------------------------------------------------------------------------------
// Outcome KPIs

export type KpiDirection = "increase" | "decrease";

export type KpiTarget =
  /** Relative to the baseline; `value` is worked out when the baseline is known. */
  | { kind: "change"; percent: number; value: number | null; text: string }
  /** A level to reach whatever the baseline. */
  | { kind: "level"; value: number; text: string };

export interface OutcomeKpi {
  id: OutcomeKpiId;
  name: string;
  unit: string;
  direction: KpiDirection;
  /** Null: to be measured at the start of the stone. */
  baseline: number | null;
  target: KpiTarget;
  /** How to measure it, from the business's side. */
  measuredBy: string;
  /** What it is measured over (the wave's business processes, the dimensions in question); null for the whole organisation. */
  scope: string | null;
}

type KpiTargetRule = { kind: "change"; percent: number } | { kind: "level"; value: number };

interface OutcomeKpiDefinition {
  name: string;
  unit: string;
  direction: KpiDirection;
  target: KpiTargetRule;
  measuredBy: string;
}

/** Every measure a plan can set. Business outcomes only: no adoption counts. */
export const OUTCOME_KPIS = {
  "unplanned-outage-minutes": {
    name: "Unplanned outage minutes a month",
    unit: "minutes a month",
    direction: "decrease",
    target: { kind: "change", percent: -50 },
    measuredBy: "Minutes in which the business could not work, from the business's own incident reports, not server uptime.",
  },
  "standard-request-time": {
    name: "Time to fulfil a standard request",
    unit: "working days",
    direction: "decrease",
    target: { kind: "change", percent: -50 },
    measuredBy: "From the request being raised to the requester confirming it is done, averaged over the month.",
  },
  "service-calls": {
    name: "Calls to the service desk about slow or failed service",
    unit: "calls a month",
    direction: "decrease",
    target: { kind: "change", percent: -30 },
    measuredBy: "Service desk calls classified as slow or failed service, counted each month.",
  },
  "perception-gap": {
    name: "Gap between the groups' views",
    unit: "points",
    direction: "decrease",
    target: { kind: "level", value: DEFAULT_PERCEPTION_GAP_THRESHOLD },
    measuredBy: "The widest gap between respondent groups' scores when the assessment is retaken.",
  },
  "business-rating-of-it": {
    name: "The business's own rating of IT's service",
    unit: "out of 10",
    direction: "increase",
    target: { kind: "change", percent: 20 },
    measuredBy: "A two-question monthly pulse survey of business teams.",
  },
  "governed-saas-spend": {
    name: "Share of SaaS spend under IT governance",
    unit: "%",
    direction: "increase",
    target: { kind: "level", value: 90 },
    measuredBy: "SaaS spend bought through the governed route, over all SaaS spend in the accounts.",
  },
  "systems-with-owner": {
    name: "Systems the business relies on with a named owner and a known data location",
    unit: "%",
    direction: "increase",
    target: { kind: "level", value: 100 },
    measuredBy: "Systems found in discovery and the amnesty that have both recorded.",
  },
  "order-lead-time": {
    name: "Order lead time",
    unit: "days",
    direction: "decrease",
    target: { kind: "change", percent: -20 },
    measuredBy: "From order to delivery, as the customer sees it, from the order system.",
  },
  "lost-orders": {
    name: "Orders lost or delayed by IT problems",
    unit: "orders a month",
    direction: "decrease",
    target: { kind: "change", percent: -50 },
    measuredBy: "Orders the business records as lost or late because a system was down or slow.",
  },
  "environment-lead-time": {
    name: "Time to provide a standard environment for a business change",
    unit: "working days",
    direction: "decrease",
    target: { kind: "change", percent: -50 },
    measuredBy: "From the request for an environment to it being ready for the project team.",
  },
  "disruptive-changes": {
    name: "Changes that disrupted the business",
    unit: "changes a quarter",
    direction: "decrease",
    target: { kind: "change", percent: -50 },
    measuredBy: "Changes followed by a business-reported incident within 48 hours.",
  },
  "cloud-spend-with-owner": {
    name: "Share of cloud spend with a named business owner",
    unit: "%",
    direction: "increase",
    target: { kind: "level", value: 95 },
    measuredBy: "Tagged spend with an owning department and service, over all cloud spend.",
  },
  "leaver-access-removal": {
    name: "Time to remove a leaver's access to every system",
    unit: "hours",
    direction: "decrease",
    target: { kind: "level", value: 24 },
    measuredBy: "From the leaving date to the last account being disabled, sampled monthly.",
  },
  "outage-cost-known": {
    name: "Critical business processes with a known cost of an hour's outage",
    unit: "%",
    direction: "increase",
    target: { kind: "level", value: 100 },
    measuredBy: "Critical processes whose owners have agreed what an hour's outage costs in payments, calls and delayed orders.",
  },
  "peak-transaction-time": {
    name: "Time to complete a key business transaction at peak",
    unit: "seconds",
    direction: "decrease",
    target: { kind: "change", percent: 0 },
    measuredBy: "Timed from the business's side (a synthetic transaction or a stopwatch) in the busiest hour.",
  },
} as const satisfies Record<string, OutcomeKpiDefinition>;

export type OutcomeKpiId = keyof typeof OUTCOME_KPIS;

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-GB") : value.toLocaleString("en-GB", { maximumFractionDigits: 1 });
}

function withUnit(value: number, unit: string): string {
  return unit === "%" ? `${formatNumber(value)}%` : `${formatNumber(value)} ${unit}`;
}

function targetOf(definition: OutcomeKpiDefinition, baseline: number | null): KpiTarget {
  const rule = definition.target;
  if (rule.kind === "level") {
    const text = `${definition.direction === "decrease" ? "At most" : "At least"} ${withUnit(rule.value, definition.unit)}`;
    return { kind: "level", value: rule.value, text };
  }
  const value = baseline === null ? null : baseline * (1 + rule.percent / 100);
  const change =
    rule.percent === 0
      ? "No worse than the baseline"
      : `${Math.abs(rule.percent)}% ${rule.percent < 0 ? "lower" : "higher"} than the baseline`;
  return { kind: "change", percent: rule.percent, value, text: value === null ? change : `${change} (${withUnit(value, definition.unit)})` };
}

function outcomeKpi(id: OutcomeKpiId, options: { baseline?: number | null; scope?: string | null } = {}): OutcomeKpi {
  const definition: OutcomeKpiDefinition = OUTCOME_KPIS[id];
  const baseline = options.baseline ?? null;
  return {
    id,
    name: definition.name,
    unit: definition.unit,
    direction: definition.direction,
    baseline,
    target: targetOf(definition, baseline),
    measuredBy: definition.measuredBy,
    scope: options.scope ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// The plan

export interface PlannedActivity {
  moduleId: string;
  title: string;
  format: ModuleFormat;
  durationHours: number;
  /** The groups to teach. */
  audience: RespondentGroup[];
  learningObjectives: string[];
  why: string;
  /** Why it is in this stone, in plain English. */
  reason: string;
}

export interface StoneWorkloads {
  /** Wave numbers this stone moves; empty for a teaching stone. */
  waves: number[];
  applicationIds: string[];
  applicationNames: string[];
  moveGroupIds: string[];
  /** The business's peak windows to keep clear of. */
  windowsToAvoid: string[];
}

export interface SteppingStone {
  /** Unique in the plan: the rule id, or wave-<n> for later waves. */
  id: string;
  ruleId: SteppingStoneRuleId;
  title: string;
  goal: string;
  /** What it builds on: the previous stone's goal. */
  entryCondition: string;
  activities: PlannedActivity[];
  workloads: StoneWorkloads;
  outcomeKpis: OutcomeKpi[];
  owners: { customer: string; provider: string };
  estimatedWeeks: number;
  /** Which rule fired, citing the scores. */
  rationale: string;
}

export interface SteppingStonePlan {
  catalogueVersion: number;
  /** In order: each stone's entry condition is the previous stone's goal. */
  stones: SteppingStone[];
  totalWeeks: number;
  /** Dimensions with no score: no rule could read them. */
  unmeasuredDimensions: DimensionKey[];
}

export interface PlanOptions {
  /** Module ids the customer has already taken: not planned again; they satisfy prerequisites. */
  deliveredModules?: readonly string[];
}

export interface GeneratePlanInput {
  scores: AssessmentScores;
  gaps: readonly DimensionPerceptionGap[];
  /** Null when there is no portfolio yet. */
  waves: WavePlan | null;
  catalogue: TeachingCatalogue;
  options?: PlanOptions;
}

export type SteppingStoneRuleId =
  | "house-in-order"
  | "joint-roadmap"
  | "shadow-it-amnesty"
  | "agree-outcomes"
  | "teach-before-moving"
  | "govern-the-platform"
  | "map-the-portfolio"
  | "first-workloads"
  | "later-waves"
  | "measure-and-reassess";

export interface SteppingStoneRule {
  id: SteppingStoneRuleId;
  /** When it fires, in plain English, as a "how plans are made" page shows it. */
  when: string;
  /** What the stone does. */
  then: string;
  /** Dimensions whose fitting modules the stone teaches. */
  dimensions: readonly DimensionKey[];
  /** Modules the stone always includes when it fires (unless already taken). */
  anchorModules: readonly string[];
  /** Formats the stone picks by fit (anchors and prerequisites aside). */
  formats: readonly ModuleFormat[];
  kpis: readonly OutcomeKpiId[];
  owners: { customer: string; provider: string };
  /** Weeks before teaching hours are counted; see the header. */
  baseWeeks: number;
}

const ALL_FORMATS: readonly ModuleFormat[] = ["workshop", "hands-on-lab", "briefing"];
/** Hands-on labs belong to the stones that build the platform: teaching, governance and the first moves. */
const WORKSHOPS_AND_BRIEFINGS: readonly ModuleFormat[] = ["workshop", "briefing"];

/** The rules in plan order. */
export const STEPPING_STONE_RULES: readonly SteppingStoneRule[] = [
  {
    id: "house-in-order",
    when: "Operational health is at maturity level 2 or below.",
    then: "Put IT's own house in order first: outages, request backlogs, the service desk and the desktop estate.",
    dimensions: ["operations"],
    anchorModules: [],
    formats: WORKSHOPS_AND_BRIEFINGS,
    kpis: ["unplanned-outage-minutes", "standard-request-time", "service-calls"],
    owners: { customer: "Head of IT operations", provider: "Service management consultant" },
    baseWeeks: 8,
  },
  {
    id: "joint-roadmap",
    when: `A perception gap is flagged: respondent groups' scores in a dimension differ by ${DEFAULT_PERCEPTION_GAP_THRESHOLD} points or more.`,
    then: "Live a day in the business's life, then build one joint IT–business roadmap from where the groups disagreed.",
    dimensions: ["partnership"],
    anchorModules: ["day-in-the-life-of-the-business", "joint-it-business-roadmap"],
    formats: WORKSHOPS_AND_BRIEFINGS,
    kpis: ["perception-gap", "business-rating-of-it"],
    owners: { customer: "CIO with a business-unit director, jointly", provider: "Engagement lead" },
    baseWeeks: 3,
  },
  {
    id: "shadow-it-amnesty",
    when: "Shadow-IT risk is high or critical.",
    then: "Discover the systems the business really runs, hold an amnesty, and open a quick, governed route for SaaS.",
    dimensions: ["shadow-it"],
    anchorModules: ["shadow-it-discovery", "shadow-it-amnesty"],
    formats: WORKSHOPS_AND_BRIEFINGS,
    kpis: ["governed-saas-spend", "systems-with-owner"],
    owners: { customer: "CIO with the finance director", provider: "Governance consultant" },
    baseWeeks: 6,
  },
  {
    id: "agree-outcomes",
    when: "Outcome focus or culture is at maturity level 2 or below.",
    then: "Agree the business outcomes the migration must improve, baseline them, and have executives lead the change.",
    dimensions: ["outcomes", "culture"],
    anchorModules: [],
    formats: WORKSHOPS_AND_BRIEFINGS,
    kpis: ["order-lead-time", "lost-orders"],
    owners: { customer: "Executive sponsor", provider: "Engagement lead" },
    baseWeeks: 3,
  },
  {
    id: "teach-before-moving",
    when: "Skills are at maturity level 2 or below.",
    then: "Teach before moving: hands-on labs for IT and engineering, fundamentals for the business and executives.",
    dimensions: ["skills"],
    anchorModules: [],
    formats: ALL_FORMATS,
    kpis: ["environment-lead-time", "disruptive-changes"],
    owners: { customer: "Head of infrastructure", provider: "Cloud enablement lead" },
    baseWeeks: 4,
  },
  {
    id: "govern-the-platform",
    when: "Governance, security and the hybrid platform are at maturity level 2 or below.",
    then: "Agree and put in place the controls that apply everywhere, and give cloud spend business owners.",
    dimensions: ["governance"],
    anchorModules: [],
    formats: ALL_FORMATS,
    kpis: ["cloud-spend-with-owner", "leaver-access-removal"],
    owners: { customer: "Chief information security officer", provider: "Cloud governance architect" },
    baseWeeks: 4,
  },
  {
    id: "map-the-portfolio",
    when: "There is no application portfolio yet.",
    then: "Map business processes to applications and infrastructure, with volumes, peaks and dependencies.",
    dimensions: ["visibility"],
    anchorModules: ["application-and-service-mapping", "migration-wave-planning"],
    formats: WORKSHOPS_AND_BRIEFINGS,
    kpis: ["outage-cost-known"],
    owners: { customer: "Enterprise architect", provider: "Migration architect" },
    baseWeeks: 4,
  },
  {
    id: "first-workloads",
    when: "The portfolio has applications to move: the earliest wave goes first.",
    then: "Move the lowest-risk applications (wave 1, quick wins) and learn alongside them.",
    dimensions: ["visibility", "skills", "governance"],
    anchorModules: [],
    formats: ALL_FORMATS,
    kpis: ["unplanned-outage-minutes", "peak-transaction-time"],
    owners: { customer: "The wave's application owners, with the head of infrastructure", provider: "Migration lead" },
    baseWeeks: 2,
  },
  {
    id: "later-waves",
    when: "Each further wave, in order.",
    then: "Move the wave, keeping clear of its peak windows.",
    dimensions: [],
    anchorModules: [],
    formats: ALL_FORMATS,
    kpis: ["unplanned-outage-minutes", "peak-transaction-time"],
    owners: { customer: "The wave's application owners, with the head of infrastructure", provider: "Migration lead" },
    baseWeeks: 2,
  },
  {
    id: "measure-and-reassess",
    when: "Always, last.",
    then: "Measure the agreed outcomes against their baselines and retake the assessment to compare.",
    dimensions: [],
    anchorModules: [],
    formats: ALL_FORMATS,
    kpis: ["unplanned-outage-minutes", "order-lead-time", "service-calls", "perception-gap"],
    owners: { customer: "Executive sponsor", provider: "Engagement lead" },
    baseWeeks: 2,
  },
];

export const TEACHING_HOURS_PER_WEEK = 8;
const WAVE_PREPARATION_WEEKS = 2;
const WEEKS_PER_FIVE_APPLICATIONS = 2;
const FIRST_ENTRY_CONDITION = "The assessment results have been shared with, and discussed by, everyone who took part.";

function ruleOf(id: SteppingStoneRuleId): SteppingStoneRule {
  const rule = STEPPING_STONE_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`Unknown stepping-stone rule ${id}`);
  return rule;
}

function atOrBelow(readings: DimensionReadings, dimension: DimensionKey, level: number): boolean {
  const reading = readings[dimension];
  return reading.level !== null && reading.level <= level;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A stone before it is linked to the previous one. */
type StoneDraft = Omit<SteppingStone, "entryCondition" | "estimatedWeeks" | "owners" | "ruleId" | "activities"> & {
  rule: SteppingStoneRule;
  selected: SelectedModule[];
  weeks: number;
};

interface PlanState {
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

function selectForStone(state: PlanState, rule: SteppingStoneRule): SelectedModule[] {
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

function activitiesOf(selected: SelectedModule[], profile: ReadinessProfile): PlannedActivity[] {
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

const NO_WORKLOADS: StoneWorkloads = { waves: [], applicationIds: [], applicationNames: [], moveGroupIds: [], windowsToAvoid: [] };

function teachingStone(
  state: PlanState,
  id: SteppingStoneRuleId,
  text: { title: string; goal: string; rationale: string },
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

function waveStone(state: PlanState, wave: MigrationWave, plan: WavePlan, first: boolean): StoneDraft {
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
export function generatePlan(input: GeneratePlanInput): SteppingStonePlan {
  const profile = readinessProfileOf(input.scores);
  const overall = profile.overall;
  const flagged = input.gaps.filter((gap) => gap.flagged && gap.gap !== null);
  const band = overall["shadow-it"].riskBand;
  const lowOutcomes = atOrBelow(overall, "outcomes", 2);
  const lowCulture = atOrBelow(overall, "culture", 2);
  const waves = input.waves;
  const hasPortfolio = waves !== null && (waves.waves.length > 0 || waves.notMoving.length > 0 || waves.undecided.length > 0);
  const fires: Record<SteppingStoneRuleId, boolean> = {
    "house-in-order": atOrBelow(overall, "operations", 2),
    "joint-roadmap": flagged.length > 0,
    "shadow-it-amnesty": band === "high" || band === "critical",
    "agree-outcomes": lowOutcomes || lowCulture,
    "teach-before-moving": atOrBelow(overall, "skills", 2),
    "govern-the-platform": atOrBelow(overall, "governance", 2),
    "map-the-portfolio": !hasPortfolio,
    "first-workloads": hasPortfolio && waves.waves.length > 0,
    "later-waves": hasPortfolio && waves.waves.length > 1,
    "measure-and-reassess": true,
  };
  const state: PlanState = {
    profile,
    catalogue: input.catalogue,
    taken: new Set(input.options?.deliveredModules ?? []),
    firing: STEPPING_STONE_RULES.filter((rule) => fires[rule.id]).map((rule) => rule.id),
  };
  const drafts: StoneDraft[] = [];

  // 1. House in order.
  if (fires["house-in-order"]) {
    drafts.push(
      teachingStone(state, "house-in-order", {
        title: "Put IT's own house in order",
        goal: "IT's own house is in order: outages, request backlogs and the desktop estate are under control, and the business can see it.",
        rationale:
          `${describeReading("operations", overall.operations)}: at or below level 2, so IT's own house comes first. ` +
          "Unplanned outages, slow service and long backlogs cost IT the credibility every later step needs.",
      }),
    );
  }

  // 2. The gulf: a joint roadmap where groups disagree.
  if (fires["joint-roadmap"]) {
    const names = flagged.map((gap) => getDimension(gap.dimension).name);
    const details = flagged.map((gap) => {
      const { highest, lowest } = gap;
      const sides = highest && lowest ? `${groupName(highest.group)} ${Math.round(highest.score)} against ${groupName(lowest.group)} ${Math.round(lowest.score)}` : "";
      return `${getDimension(gap.dimension).name} (${sides}, a gap of ${Math.round(gap.gap ?? 0)} points)`;
    });
    const widest = Math.max(...flagged.map((gap) => gap.gap ?? 0));
    const scope = `Dimensions: ${listInWords(names)}`;
    drafts.push(
      teachingStone(
        state,
        "joint-roadmap",
        {
          title: "Close the gulf: a joint IT–business roadmap",
          goal: `IT, engineering and the business share one roadmap, built from where they disagreed (${listInWords(names)}), and a joint team owns it.`,
          rationale:
            `The groups see the same organisation differently by ${DEFAULT_PERCEPTION_GAP_THRESHOLD} points or more in: ${listInWords(details)}. ` +
            "Living the business's day and building the roadmap together closes the gap before it derails the plan.",
        },
        [outcomeKpi("perception-gap", { baseline: widest, scope }), outcomeKpi("business-rating-of-it")],
      ),
    );
  }

  // 3. Shadow IT.
  if (fires["shadow-it-amnesty"]) {
    drafts.push(
      teachingStone(state, "shadow-it-amnesty", {
        title: "Bring shadow IT into view: discovery and amnesty",
        goal: "The systems the business really runs are in view, each with an owner, and new SaaS is bought through a quick, governed route.",
        rationale:
          `${describeReading("shadow-it", overall["shadow-it"])}: systems and spend outside IT's sight would surprise the migration. ` +
          "An amnesty without blame brings them into view and shows why departments went their own way.",
      }),
    );
  }

  // 4. Outcomes and the change itself.
  if (fires["agree-outcomes"]) {
    const cited = [
      ...(lowOutcomes ? [describeReading("outcomes", overall.outcomes)] : []),
      ...(lowCulture ? [describeReading("culture", overall.culture)] : []),
    ];
    drafts.push(
      teachingStone(state, "agree-outcomes", {
        title: lowOutcomes ? "Agree the outcomes that define success" : "Lead the change from the top",
        goal: lowOutcomes
          ? "Three to five business outcome measures are agreed, each with a baseline taken before anything moves, and executives sponsor the change."
          : "Executives sponsor the change visibly, and the organisation has agreed to keep to standard implementations.",
        rationale:
          `${listInWords(cited)}. ` +
          (lowOutcomes
            ? "Success must be judged by business results, not by workloads moved, so the measures and their baselines come before the moves."
            : "Most of what decides success sits with the customer's own drive and culture, so the leaders go first."),
      }),
    );
  }

  // 5. Teach before moving.
  if (fires["teach-before-moving"]) {
    drafts.push(
      teachingStone(state, "teach-before-moving", {
        title: "Teach before moving: labs and fundamentals",
        goal: "IT and engineering have built a landing zone, hybrid identity and connectivity themselves in hands-on labs, and the business and executives understand what will change.",
        rationale:
          `${describeReading("skills", overall.skills)}: at or below level 2, so the people who will run the platform practise in labs ` +
          "before the first workload moves, rather than learning on live systems.",
      }),
    );
  }

  // 6. Governance.
  if (fires["govern-the-platform"]) {
    drafts.push(
      teachingStone(state, "govern-the-platform", {
        title: "Put the controls in place",
        goal: "The controls that apply everywhere (identity, encryption, logging, backup, cost ownership) are agreed and in place before the first move.",
        rationale:
          `${describeReading("governance", overall.governance)}: controls agreed before the first move cost far less than controls ` +
          "retrofitted after an incident.",
      }),
    );
  }

  // 7–9. Waves, or the portfolio to plan them from.
  if (!hasPortfolio) {
    drafts.push(
      teachingStone(state, "map-the-portfolio", {
        title: "Know what runs where",
        goal: "The portfolio is known: business processes mapped to applications and infrastructure, with volumes, peaks and dependencies, ready to plan waves.",
        rationale:
          `There is no application portfolio yet, and ${describeReading("visibility", overall.visibility).replace(/^./, (c) => c.toLowerCase())}. ` +
          "Waves are ordered by dependencies and peaks; without them any order is a guess.",
      }),
    );
  } else {
    waves.waves.forEach((wave, index) => drafts.push(waveStone(state, wave, waves, index === 0)));
  }

  // 10. Measure and re-assess.
  const knownGaps = input.gaps.flatMap((gap) => (gap.gap === null ? [] : [gap.gap]));
  const finalRule = ruleOf("measure-and-reassess");
  drafts.push({
    id: "measure-and-reassess",
    rule: finalRule,
    title: "Measure the outcomes and re-assess",
    goal: "The agreed outcome measures are compared with their baselines, the assessment is retaken, and the next stones are chosen from the new results.",
    rationale:
      "Every plan ends by measuring what changed for the business, not how much was moved, and by retaking the assessment so the two " +
      "results can be compared and the next steps chosen from evidence.",
    selected: [],
    workloads: NO_WORKLOADS,
    outcomeKpis: finalRule.kpis.map((kpi) =>
      kpi === "perception-gap"
        ? outcomeKpi(kpi, { baseline: knownGaps.length > 0 ? Math.max(...knownGaps) : null, scope: "Every dimension" })
        : outcomeKpi(kpi),
    ),
    weeks: finalRule.baseWeeks,
  });

  const stones = drafts.map((draft, index): SteppingStone => {
    const previous = drafts[index - 1];
    return {
      id: draft.id,
      ruleId: draft.rule.id,
      title: draft.title,
      goal: draft.goal,
      entryCondition: previous ? `Builds on the previous stone: ${previous.goal}` : FIRST_ENTRY_CONDITION,
      activities: activitiesOf(draft.selected, profile),
      workloads: draft.workloads,
      outcomeKpis: draft.outcomeKpis,
      owners: { ...draft.rule.owners },
      estimatedWeeks: draft.weeks,
      rationale: draft.rationale,
    };
  });

  return {
    catalogueVersion: input.catalogue.version,
    stones,
    totalWeeks: stones.reduce((sum, stone) => sum + stone.estimatedWeeks, 0),
    unmeasuredDimensions: DIMENSIONS.flatMap(({ key }) => (overall[key].score === null ? [key] : [])),
  };
}
