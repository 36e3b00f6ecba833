/*
 * The stepping-stone rules as data: when each fires, what its stone does, which dimensions it
 * teaches and which measures it sets. The plan order and what fires each rule are documented in the
 * header of stepping-stones.ts and, for the rules that read perception gaps, in questionnaires/README.md.
 */
import type { DimensionKey } from "./dimensions";
import type { OutcomeKpiId } from "./outcome-kpis";
import { JOINT_ROADMAP_DIMENSIONS } from "./plan-findings";
import type { ModuleFormat } from "./teaching-catalogue";
import { getDimension } from "./dimensions";

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
    when: "Operational health is at maturity level 2 or below, on average or for a group of at least 2 people whose flagged gap puts it there.",
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
    when:
      `A perception gap is flagged in a dimension about working together (${JOINT_ROADMAP_DIMENSIONS.map((d) => getDimension(d).name).join(", ")}): ` +
      "two groups of at least 2 people are 20 points or more apart on 3 or more questions both answered. Or IT–business partnership is at maturity level 2 or below.",
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
    when: "Outcome focus or culture is at maturity level 2 or below, on average or for a group of at least 2 people whose flagged gap puts it there.",
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
    when: "Skills are at maturity level 2 or below, on average or for a group of at least 2 people whose flagged gap puts it there.",
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
    when: "Governance, security and the hybrid platform are at maturity level 2 or below, on average or for a group of at least 2 people whose flagged gap puts it there.",
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

export function ruleOf(id: SteppingStoneRuleId): SteppingStoneRule {
  const rule = STEPPING_STONE_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`Unknown stepping-stone rule ${id}`);
  return rule;
}

