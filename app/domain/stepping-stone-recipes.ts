/*
 * Each stepping-stone rule as one object: when it fires (`fires`) and the stone(s) it drafts
 * (`draft`), in plan order. What the rules read is worked out once per plan (PlanContext): the
 * readings of the assessment as a whole, the contested lows (a group of the minimum size at level 2
 * or below where its gap is flagged) and the flagged gaps about working together. The rule data
 * (when, then, dimensions, measures, owners) is in stepping-stone-rules.ts; the rules in words in
 * the header of stepping-stones.ts and in questionnaires/README.md ("Plan rules").
 */
import { getDimension, type DimensionKey } from "./dimensions";
import { outcomeKpi } from "./outcome-kpis";
import type { DimensionPerceptionGap } from "./perception-gap";
import { JOINT_ROADMAP_DIMENSIONS, contestedLow, gapFinding, overallFinding, type StoneFinding } from "./plan-findings";
import {
  NO_WORKLOADS,
  atOrBelow,
  listInWords,
  teachingStone,
  waveStone,
  type PlanState,
  type StoneDraft,
} from "./stepping-stone-drafting";
import { ruleOf, type SteppingStoneRuleId } from "./stepping-stone-rules";
import type { GeneratePlanInput } from "./stepping-stones";
import { describeReading, readinessProfileOf, type DimensionReadings, type ReadinessProfile } from "./teaching-catalogue";
import type { WavePlan } from "./waves";

/** What the rules read, worked out once per plan. */
export interface PlanContext {
  input: GeneratePlanInput;
  profile: ReadinessProfile;
  overall: DimensionReadings;
  /** The reading of the assessment as a whole, as a finding. */
  everyone: (dimension: DimensionKey) => StoneFinding;
  /** What fires a "level 2 or below" rule: the average, else a contested low; empty when neither. */
  low: Record<"operations" | "outcomes" | "culture" | "skills" | "governance", StoneFinding[]>;
  /** Flagged gaps in the dimensions about working together. */
  jointGaps: DimensionPerceptionGap[];
  lowPartnership: boolean;
  /** The waves, when there is a portfolio with any application in it. */
  portfolio: WavePlan | null;
}

export function planContextOf(input: GeneratePlanInput): PlanContext {
  const profile = readinessProfileOf(input.scores);
  const overall = profile.overall;
  const gapOf = (dimension: DimensionKey) => input.gaps.find((gap) => gap.dimension === dimension);
  const everyone = (dimension: DimensionKey) => overallFinding(dimension, overall[dimension], input.scores.dimensions[dimension].respondentsScored, gapOf(dimension));
  const lowIn = (dimension: DimensionKey): StoneFinding[] => {
    if (atOrBelow(overall, dimension, 2)) return [everyone(dimension)];
    const contested = contestedLow(gapOf(dimension));
    return contested ? [contested] : [];
  };
  const waves = input.waves;
  const hasPortfolio = waves !== null && (waves.waves.length > 0 || waves.notMoving.length > 0 || waves.undecided.length > 0);
  return {
    input,
    profile,
    overall,
    everyone,
    low: { operations: lowIn("operations"), outcomes: lowIn("outcomes"), culture: lowIn("culture"), skills: lowIn("skills"), governance: lowIn("governance") },
    jointGaps: input.gaps.filter((gap) => gap.flagged && gap.gap !== null && gap.highest && gap.lowest && JOINT_ROADMAP_DIMENSIONS.includes(gap.dimension)),
    lowPartnership: atOrBelow(overall, "partnership", 2),
    portfolio: hasPortfolio ? waves : null,
  };
}

/** Why a "level 2 or below" rule fired: the average, or the named group the average hides. */
function whyLow(context: PlanContext, dimension: DimensionKey, findings: StoneFinding[], because: string): string {
  const reading = describeReading(dimension, context.overall[dimension]);
  const [finding] = findings;
  if (finding.group === null) return `${reading}: at or below level 2, so ${because}`;
  return `${finding.text} The assessment's average, ${reading.replace(`${getDimension(dimension).name} scored `, "")}, hides this, so ${because}`;
}

/** A finding in the words of a rationale: the average's reading, or the named group's finding. */
function cite(context: PlanContext, dimension: DimensionKey, finding: StoneFinding): string {
  return finding.group === null ? describeReading(dimension, context.overall[dimension]) : finding.text.replace(/\.$/, "");
}

export interface StoneRecipe {
  id: SteppingStoneRuleId;
  fires: (context: PlanContext) => boolean;
  /** The rule's stones, in order; called only when it fires, and in plan order (modules are taken as drafted). */
  draft: (state: PlanState, context: PlanContext) => StoneDraft[];
}

/** The rules in plan order, as STEPPING_STONE_RULES lists them. */
export const STONE_RECIPES: readonly StoneRecipe[] = [
  {
    id: "house-in-order",
    fires: (c) => c.low.operations.length > 0,
    draft: (state, c) => [
      teachingStone(state, "house-in-order", {
        title: "Put IT's own house in order",
        goal: "IT's own house is in order: outages, request backlogs and the desktop estate are under control, and the business can see it.",
        rationale:
          whyLow(c, "operations", c.low.operations, "IT's own house comes first. ") +
          "Unplanned outages, slow service and long backlogs cost IT the credibility every later step needs.",
        answers: c.low.operations,
      }),
    ],
  },
  {
    // The gulf: a joint roadmap where groups disagree on working together, or partnership is low.
    id: "joint-roadmap",
    fires: (c) => c.jointGaps.length > 0 || c.lowPartnership,
    draft: (state, c) => {
      const names = c.jointGaps.map((gap) => getDimension(gap.dimension).name);
      const reasons = [
        ...(c.lowPartnership ? [`${describeReading("partnership", c.overall.partnership)}: at or below level 2.`] : []),
        ...(c.jointGaps.length > 0 ? [`The groups see how they work together differently: ${c.jointGaps.map((gap) => gapFinding(gap).text).join(" ")}`] : []),
      ];
      const widest = c.jointGaps.length > 0 ? Math.max(...c.jointGaps.map((gap) => gap.gap ?? 0)) : null;
      const scope = `Dimensions: ${listInWords(names.length > 0 ? names : [getDimension("partnership").name])}`;
      return [
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
            answers: [...(c.lowPartnership ? [c.everyone("partnership")] : []), ...c.jointGaps.map(gapFinding)],
          },
          [outcomeKpi("perception-gap", { baseline: widest, scope }), outcomeKpi("business-rating-of-it")],
        ),
      ];
    },
  },
  {
    id: "shadow-it-amnesty",
    fires: (c) => c.overall["shadow-it"].riskBand === "high" || c.overall["shadow-it"].riskBand === "critical",
    draft: (state, c) => [
      teachingStone(state, "shadow-it-amnesty", {
        title: "Bring shadow IT into view: discovery and amnesty",
        goal: "The systems the business really runs are in view, each with an owner, and new SaaS is bought through a quick, governed route.",
        rationale:
          `${describeReading("shadow-it", c.overall["shadow-it"])}: systems and spend outside IT's sight would surprise the migration. ` +
          "An amnesty without blame brings them into view and shows why departments went their own way.",
        answers: [c.everyone("shadow-it")],
      }),
    ],
  },
  {
    // Outcomes and the change itself.
    id: "agree-outcomes",
    fires: (c) => c.low.outcomes.length > 0 || c.low.culture.length > 0,
    draft: (state, c) => {
      const outcomesLow = c.low.outcomes.length > 0;
      const cited = [...c.low.outcomes.slice(0, 1).map((f) => cite(c, "outcomes", f)), ...c.low.culture.slice(0, 1).map((f) => cite(c, "culture", f))];
      return [
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
          answers: [...c.low.outcomes, ...c.low.culture],
        }),
      ];
    },
  },
  {
    id: "teach-before-moving",
    fires: (c) => c.low.skills.length > 0,
    draft: (state, c) => [
      teachingStone(state, "teach-before-moving", {
        title: "Teach before moving: labs and fundamentals",
        goal: "IT and engineering have built a landing zone, hybrid identity and connectivity themselves in hands-on labs, and the business and executives understand what will change.",
        rationale: whyLow(c, "skills", c.low.skills, "the people who will run the platform practise in labs before the first workload moves, rather than learning on live systems."),
        answers: c.low.skills,
      }),
    ],
  },
  {
    id: "govern-the-platform",
    fires: (c) => c.low.governance.length > 0,
    draft: (state, c) => [
      teachingStone(state, "govern-the-platform", {
        title: "Put the controls in place",
        goal: "The controls that apply everywhere (identity, encryption, logging, backup, cost ownership) are agreed and in place before the first move.",
        rationale: whyLow(c, "governance", c.low.governance, "the controls come first: controls agreed before the first move cost far less than controls retrofitted after an incident."),
        answers: c.low.governance,
      }),
    ],
  },
  {
    id: "map-the-portfolio",
    fires: (c) => c.portfolio === null,
    draft: (state, c) => [
      teachingStone(state, "map-the-portfolio", {
        title: "Know what runs where",
        goal: "The portfolio is known: business processes mapped to applications and infrastructure, with volumes, peaks and dependencies, ready to plan waves.",
        rationale:
          `There is no application portfolio yet, and ${describeReading("visibility", c.overall.visibility).replace(/^./, (ch) => ch.toLowerCase())}. ` +
          "Waves are ordered by dependencies and peaks; without them any order is a guess.",
        answers: [c.everyone("visibility")],
      }),
    ],
  },
  {
    id: "first-workloads",
    fires: (c) => c.portfolio !== null && c.portfolio.waves.length > 0,
    draft: (state, c) => [waveStone(state, c.portfolio!.waves[0], c.portfolio!, true)],
  },
  {
    id: "later-waves",
    fires: (c) => c.portfolio !== null && c.portfolio.waves.length > 1,
    draft: (state, c) => c.portfolio!.waves.slice(1).map((wave) => waveStone(state, wave, c.portfolio!, false)),
  },
  {
    id: "measure-and-reassess",
    fires: () => true,
    draft: (_state, c) => {
      const knownGaps = c.input.gaps.flatMap((gap) => (gap.gap === null ? [] : [gap.gap]));
      const rule = ruleOf("measure-and-reassess");
      return [
        {
          id: "measure-and-reassess",
          rule,
          title: "Measure the outcomes and re-assess",
          goal: "The agreed outcome measures are compared with their baselines, the assessment is retaken, and the next stones are chosen from the new results.",
          rationale:
            "Every plan ends by measuring what changed for the business, not how much was moved, and by retaking the assessment so the two " +
            "results can be compared and the next steps chosen from evidence.",
          answers: [],
          selected: [],
          workloads: NO_WORKLOADS,
          outcomeKpis: rule.kpis.map((kpi) =>
            kpi === "perception-gap"
              ? outcomeKpi(kpi, { baseline: knownGaps.length > 0 ? Math.max(...knownGaps) : null, scope: "Every dimension" })
              : outcomeKpi(kpi),
          ),
          weeks: rule.baseWeeks,
        },
      ];
    },
  },
];
