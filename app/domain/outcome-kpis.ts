/*
 * The business measures a stepping-stone plan sets (outcome KPIs): outage minutes, lead times, lost
 * orders, calls, share of spend governed — never adoption counts such as workloads moved. A
 * baseline of null means "to be measured at the start of the stone".
 */
import { DEFAULT_PERCEPTION_GAP_THRESHOLD } from "./perception-gap";

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

export function outcomeKpi(id: OutcomeKpiId, options: { baseline?: number | null; scope?: string | null } = {}): OutcomeKpi {
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

