/*
 * The stepping-stone plan: an assessment's scores, perception gaps and migration waves turned into
 * an ordered path of small steps, each reachable from the last and each leaving the customer more
 * capable. The plan is a curriculum as much as a project: teaching comes before moving.
 *
 * Where things are: the rules as data (stepping-stone-rules.ts), each rule's `fires` and `draft`
 * (stepping-stone-recipes.ts), how a stone's modules, measures and weeks are drafted
 * (stepping-stone-drafting.ts), the findings stones answer (plan-findings.ts), the measures
 * (outcome-kpis.ts). This file holds the plan's types and generatePlan.
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
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "./dimensions";
import type { OutcomeKpi } from "./outcome-kpis";
import type { DimensionPerceptionGap } from "./perception-gap";
import { PLAN_RULES_VERSION, type StoneFinding } from "./plan-findings";
import type { AssessmentScores } from "./scoring";
import { FIRST_ENTRY_CONDITION, activitiesOf, type PlanState } from "./stepping-stone-drafting";
import { STONE_RECIPES, planContextOf } from "./stepping-stone-recipes";
import type { SteppingStoneRuleId } from "./stepping-stone-rules";
import type { ModuleFormat, TeachingCatalogue } from "./teaching-catalogue";
import type { WavePlan } from "./waves";

// Split out of this file; re-exported so callers keep one import.
export { OUTCOME_KPIS, type KpiDirection, type KpiTarget, type OutcomeKpi, type OutcomeKpiId } from "./outcome-kpis";
export { STEPPING_STONE_RULES, type SteppingStoneRule, type SteppingStoneRuleId } from "./stepping-stone-rules";
export { JOINT_ROADMAP_DIMENSIONS, PLAN_RULES_VERSION, type StoneFinding } from "./plan-findings";
export { TEACHING_HOURS_PER_WEEK } from "./stepping-stone-drafting";
export { STONE_RECIPES, type PlanContext, type StoneRecipe } from "./stepping-stone-recipes";

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

/**
 * The stepping-stone plan for an assessment. Pure and deterministic: the same scores, gaps, waves,
 * catalogue and options give the same plan. Each rule (STONE_RECIPES, in plan order) says when it
 * fires and drafts its stones; modules are taken by the stones in the order they are drafted.
 */
export function generatePlan(input: GeneratePlanInput): SteppingStonePlan {
  const context = planContextOf(input);
  const firing = STONE_RECIPES.filter((recipe) => recipe.fires(context));
  const state: PlanState = {
    profile: context.profile,
    catalogue: input.catalogue,
    taken: new Set(input.options?.deliveredModules ?? []),
    firing: firing.map((recipe) => recipe.id),
  };
  const drafts = firing.flatMap((recipe) => recipe.draft(state, context));

  const stones = drafts.map((draft, index): SteppingStone => {
    const previous = drafts[index - 1];
    return {
      id: draft.id,
      ruleId: draft.rule.id,
      title: draft.title,
      goal: draft.goal,
      entryCondition: previous ? `Builds on the previous stone: ${previous.goal}` : FIRST_ENTRY_CONDITION,
      activities: activitiesOf(draft.selected, context.profile),
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
    unmeasuredDimensions: DIMENSIONS.flatMap(({ key }) => (context.overall[key].score === null ? [key] : [])),
  };
}
