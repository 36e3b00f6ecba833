/*
 * The stepping-stone plan: an assessment's scores, perception gaps and migration waves turned into
 * an ordered path of small steps, each reachable from the last and each leaving the customer more
 * capable. The plan is a curriculum as much as a project: teaching comes before moving.
 *
 * The rules, in plan order (STEPPING_STONE_RULES; each fires at most once except later-waves):
 *   1. house-in-order        operational health at level 2 or below, or contested low (below):
 *                            IT's own house first (outages, backlogs, desktops), workshops only
 *   2. joint-roadmap         a flagged perception gap in a dimension about working together
 *                            (partnership, culture, operations, outcomes), or partnership at
 *                            level 2 or below: a joint IT–business roadmap workshop, naming the
 *                            gaps it answers. Not for gaps in skills, governance, visibility or
 *                            shadow-IT, where groups mostly describe their own teams' work.
 *   3. shadow-it-amnesty     shadow-IT risk high or critical: discovery and an amnesty
 *   4. agree-outcomes        outcome focus or culture at level 2 or below (or contested low):
 *                            agree the business measures and their baselines, and lead the change
 *   5. teach-before-moving   skills at level 2 or below (or contested low): labs and fundamentals
 *                            before any workload moves
 *   6. govern-the-platform   governance at level 2 or below (or contested low): the controls in
 *                            place before the first move
 *   7. map-the-portfolio     no portfolio yet: know what runs where before planning waves
 *   8. first-workloads       the earliest wave: the lowest-risk applications (quick wins)
 *   9. later-waves           each later wave, in order
 *  10. measure-and-reassess  always last: outcomes against their baselines, and the assessment retaken
 * A contested low: the dimension's perception gap is flagged (over shared items, both groups of the
 * minimum size) and its lower group's own score is at level 2 or below, whatever the average says
 * ("the business sees operations at level 1" while IT says 87). The stone then names that group.
 * Every stone lists the findings it answers (plan-findings.ts); the plan records PLAN_RULES_VERSION.
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
import { outcomeKpi, type OutcomeKpi } from "./outcome-kpis";
import type { DimensionPerceptionGap } from "./perception-gap";
import { JOINT_ROADMAP_DIMENSIONS, PLAN_RULES_VERSION, contestedLow, gapFinding, overallFinding, type StoneFinding } from "./plan-findings";
import type { AssessmentScores } from "./scoring";
import { STEPPING_STONE_RULES, ruleOf, type SteppingStoneRule, type SteppingStoneRuleId } from "./stepping-stone-rules";
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

// Split out of this file; re-exported so callers keep one import.
export { OUTCOME_KPIS, type KpiDirection, type KpiTarget, type OutcomeKpi, type OutcomeKpiId } from "./outcome-kpis";
export { STEPPING_STONE_RULES, type SteppingStoneRule, type SteppingStoneRuleId } from "./stepping-stone-rules";
export { JOINT_ROADMAP_DIMENSIONS, PLAN_RULES_VERSION, type StoneFinding } from "./plan-findings";

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
  /** The findings the stone answers: dimension, group, people, score, gap, shared questions. */
  answers: StoneFinding[];
}

export interface SteppingStonePlan {
  /** The plan rules it was generated under (plan-findings.ts); plans stored without one are version 1. */
  rulesVersion: number;
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

export const TEACHING_HOURS_PER_WEEK = 8;
const WAVE_PREPARATION_WEEKS = 2;
const WEEKS_PER_FIVE_APPLICATIONS = 2;
const FIRST_ENTRY_CONDITION = "The assessment results have been shared with, and discussed by, everyone who took part.";

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
export function generatePlan(input: GeneratePlanInput): SteppingStonePlan {
  const profile = readinessProfileOf(input.scores);
  const overall = profile.overall;
  const gapOf = (dimension: DimensionKey) => input.gaps.find((gap) => gap.dimension === dimension);
  const everyone = (dimension: DimensionKey) => overallFinding(dimension, overall[dimension], input.scores.dimensions[dimension].respondentsScored, gapOf(dimension));
  /** What fires a "level 2 or below" rule: the average, else a contested low (a named group); empty when nothing does. */
  const lowIn = (dimension: DimensionKey): StoneFinding[] => {
    if (atOrBelow(overall, dimension, 2)) return [everyone(dimension)];
    const contested = contestedLow(gapOf(dimension));
    return contested ? [contested] : [];
  };
  const lowOperations = lowIn("operations");
  const lowOutcomes = lowIn("outcomes");
  const lowCulture = lowIn("culture");
  const lowSkills = lowIn("skills");
  const lowGovernance = lowIn("governance");
  const jointGaps = input.gaps.filter((gap) => gap.flagged && gap.gap !== null && gap.highest && gap.lowest && JOINT_ROADMAP_DIMENSIONS.includes(gap.dimension));
  const lowPartnership = atOrBelow(overall, "partnership", 2);
  const band = overall["shadow-it"].riskBand;
  const waves = input.waves;
  const hasPortfolio = waves !== null && (waves.waves.length > 0 || waves.notMoving.length > 0 || waves.undecided.length > 0);
  const fires: Record<SteppingStoneRuleId, boolean> = {
    "house-in-order": lowOperations.length > 0,
    "joint-roadmap": jointGaps.length > 0 || lowPartnership,
    "shadow-it-amnesty": band === "high" || band === "critical",
    "agree-outcomes": lowOutcomes.length > 0 || lowCulture.length > 0,
    "teach-before-moving": lowSkills.length > 0,
    "govern-the-platform": lowGovernance.length > 0,
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

  /** Why a "level 2 or below" rule fired: the average, or the named group the average hides. */
  const whyLow = (dimension: DimensionKey, findings: StoneFinding[], because: string): string => {
    const [finding] = findings;
    if (finding.group === null) return `${describeReading(dimension, overall[dimension])}: at or below level 2, so ${because}`;
    return `${finding.text} The assessment's average, ${describeReading(dimension, overall[dimension]).replace(`${getDimension(dimension).name} scored `, "")}, hides this, so ${because}`;
  };

  // 1. House in order.
  if (fires["house-in-order"]) {
    drafts.push(
      teachingStone(state, "house-in-order", {
        title: "Put IT's own house in order",
        goal: "IT's own house is in order: outages, request backlogs and the desktop estate are under control, and the business can see it.",
        rationale:
          whyLow("operations", lowOperations, "IT's own house comes first. ") +
          "Unplanned outages, slow service and long backlogs cost IT the credibility every later step needs.",
        answers: lowOperations,
      }),
    );
  }

  // 2. The gulf: a joint roadmap where groups disagree on working together, or partnership is low.
  if (fires["joint-roadmap"]) {
    const names = jointGaps.map((gap) => getDimension(gap.dimension).name);
    const answers = [...(lowPartnership ? [everyone("partnership")] : []), ...jointGaps.map(gapFinding)];
    const reasons = [
      ...(lowPartnership ? [`${describeReading("partnership", overall.partnership)}: at or below level 2.`] : []),
      ...(jointGaps.length > 0 ? [`The groups see how they work together differently: ${jointGaps.map((gap) => gapFinding(gap).text).join(" ")}`] : []),
    ];
    const widest = jointGaps.length > 0 ? Math.max(...jointGaps.map((gap) => gap.gap ?? 0)) : null;
    const scope = `Dimensions: ${listInWords(names.length > 0 ? names : [getDimension("partnership").name])}`;
    drafts.push(
      teachingStone(
        state,
        "joint-roadmap",
        {
          title: "Close the gulf: a joint IT–business roadmap",
          goal:
            names.length > 0
              ? `IT, engineering and the business share one roadmap, built from where they disagreed (${listInWords(names)}), and a joint team owns it.`
              : "IT, engineering and the business share one roadmap, and a joint team owns it.",
          rationale: `${reasons.join(" ")} Living the business's day and building the roadmap together closes the gap before it derails the plan.`,
          answers,
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
        answers: [everyone("shadow-it")],
      }),
    );
  }

  // 4. Outcomes and the change itself.
  if (fires["agree-outcomes"]) {
    const outcomesLow = lowOutcomes.length > 0;
    const cited = [
      ...(outcomesLow ? [lowOutcomes[0].group === null ? describeReading("outcomes", overall.outcomes) : lowOutcomes[0].text.replace(/\.$/, "")] : []),
      ...(lowCulture.length > 0 ? [lowCulture[0].group === null ? describeReading("culture", overall.culture) : lowCulture[0].text.replace(/\.$/, "")] : []),
    ];
    drafts.push(
      teachingStone(state, "agree-outcomes", {
        title: outcomesLow ? "Agree the outcomes that define success" : "Lead the change from the top",
        goal: outcomesLow
          ? "Three to five business outcome measures are agreed, each with a baseline taken before anything moves, and executives sponsor the change."
          : "Executives sponsor the change visibly, and the organisation has agreed to keep to standard implementations.",
        rationale:
          `${listInWords(cited)}. ` +
          (outcomesLow
            ? "Success must be judged by business results, not by workloads moved, so the measures and their baselines come before the moves."
            : "Most of what decides success sits with the customer's own drive and culture, so the leaders go first."),
        answers: [...lowOutcomes, ...lowCulture],
      }),
    );
  }

  // 5. Teach before moving.
  if (fires["teach-before-moving"]) {
    drafts.push(
      teachingStone(state, "teach-before-moving", {
        title: "Teach before moving: labs and fundamentals",
        goal: "IT and engineering have built a landing zone, hybrid identity and connectivity themselves in hands-on labs, and the business and executives understand what will change.",
        rationale: whyLow("skills", lowSkills, "the people who will run the platform practise in labs before the first workload moves, rather than learning on live systems."),
        answers: lowSkills,
      }),
    );
  }

  // 6. Governance.
  if (fires["govern-the-platform"]) {
    drafts.push(
      teachingStone(state, "govern-the-platform", {
        title: "Put the controls in place",
        goal: "The controls that apply everywhere (identity, encryption, logging, backup, cost ownership) are agreed and in place before the first move.",
        rationale: whyLow("governance", lowGovernance, "the controls come first: controls agreed before the first move cost far less than controls retrofitted after an incident."),
        answers: lowGovernance,
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
        answers: [everyone("visibility")],
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
    answers: [],
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
      answers: draft.answers,
    };
  });

  return {
    rulesVersion: PLAN_RULES_VERSION,
    catalogueVersion: input.catalogue.version,
    stones,
    totalWeeks: stones.reduce((sum, stone) => sum + stone.estimatedWeeks, 0),
    unmeasuredDimensions: DIMENSIONS.flatMap(({ key }) => (overall[key].score === null ? [key] : [])),
  };
}
