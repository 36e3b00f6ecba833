/*
 * Dispositions: which of the 7 Rs suits each application, suggested by transparent rules over the
 * portfolio and the assessment's scores. The rules are an ordered table (DISPOSITION_RULES, first
 * match wins) so a page can show "how dispositions are suggested" exactly as they are applied:
 *
 *   1. very-low-use                  → retire      at most 5 users and under 1 transaction a normal hour,
 *                                                  criticality 1–2, and nothing depends on it
 *   2. departmental-saas             → repurchase  SaaS a department runs outside IT: re-contract it
 *                                                  through IT so it is governed (nothing moves)
 *   3. governed-saas                 → retain      SaaS IT already governs
 *   4. already-in-public-cloud       → retain      already in the public cloud
 *   5. critical-while-not-ready      → retain      criticality 4–5 while skills or operational
 *                                                  health is at level 2 or below: for now
 *   6. restricted-data-weak-controls → retain      restricted data while governance is at level 2 or below
 *   7. standard-saas-available       → repurchase  a standard SaaS product could do its job
 *   8. database-heavy                → replatform  most of its work is in a database: a managed database
 *   9. custom-built-skills-high      → refactor    custom-built, skills at level 4 or above, and not a
 *                                                  large migration (large-migration guidance advises
 *                                                  against refactoring during a large migration)
 *  10. virtualised-modest-criticality→ relocate    a virtualised (VMware-style) estate, criticality 1–3
 *  11. lift-and-shift                → rehost      everything else
 *
 * A dimension that was not measured never counts as low or high: a rule that needs it does not fire.
 * The suggestion is a starting point for the consultant, who overrides it with a reason
 * (applyOverride); the suggestion is kept beside the decision so the two can be compared.
 */
import type { Application } from "./portfolio";
import { describeReading, type DimensionReadings, type ReadinessProfile } from "./teaching-catalogue";

export const DISPOSITIONS = [
  { key: "retire", name: "Retire", meaning: "Switch it off." },
  { key: "retain", name: "Retain", meaning: "Keep it where it is, for now." },
  { key: "rehost", name: "Rehost", meaning: "Lift and shift it as it is." },
  { key: "relocate", name: "Relocate", meaning: "Move the platform as it is, e.g. a VMware estate." },
  { key: "replatform", name: "Replatform", meaning: "Lift, tinker and shift: a managed database, say." },
  { key: "repurchase", name: "Repurchase", meaning: "Replace it with SaaS, or buy the SaaS properly." },
  { key: "refactor", name: "Refactor", meaning: "Re-architect it for the cloud." },
] as const;
export type Disposition = (typeof DISPOSITIONS)[number]["key"];

export const DISPOSITION_KEYS: readonly Disposition[] = DISPOSITIONS.map((d) => d.key);

/** Dispositions that move or change an application, and so belong in a migration wave. */
export const MOVING_DISPOSITIONS: readonly Disposition[] = ["rehost", "relocate", "replatform", "repurchase", "refactor"];

export function isDisposition(value: unknown): value is Disposition {
  return typeof value === "string" && (DISPOSITION_KEYS as readonly string[]).includes(value);
}

/** "Very low use": at most this many users… */
export const VERY_LOW_USE_MAX_USERS = 5;
/** …and fewer than this many transactions in a normal hour. */
export const VERY_LOW_USE_MAX_HOURLY_TRANSACTIONS = 1;
/** A migration moving at least this many applications is large, and refactoring is deferred. */
export const LARGE_MIGRATION_APPLICATIONS = 30;

export interface DispositionContext {
  /** The assessment's overall readings per dimension. */
  readiness: DimensionReadings;
  /** Whether this is a large migration (then nothing is refactored during it). */
  largeMigration: boolean;
  /** Application id → how many applications in the portfolio depend on it. */
  dependentCounts: Readonly<Record<string, number>>;
}

/**
 * The context for a portfolio: a large migration is one with at least LARGE_MIGRATION_APPLICATIONS
 * applications still on premises or in colocation (what could move), unless `largeMigration` says otherwise.
 */
export function dispositionContextFor(
  profile: ReadinessProfile,
  portfolio: readonly Application[],
  options: { largeMigration?: boolean } = {},
): DispositionContext {
  const dependentCounts: Record<string, number> = {};
  for (const application of portfolio) dependentCounts[application.id] = 0;
  for (const application of portfolio) {
    for (const dependency of application.dependsOn) {
      if (dependency in dependentCounts && dependency !== application.id) dependentCounts[dependency] += 1;
    }
  }
  const movable = portfolio.filter((a) => a.hosting === "on-premises" || a.hosting === "colocation").length;
  return {
    readiness: profile.overall,
    largeMigration: options.largeMigration ?? movable >= LARGE_MIGRATION_APPLICATIONS,
    dependentCounts,
  };
}

export interface DispositionRule {
  id: string;
  disposition: Disposition;
  /** The condition in plain English, as a page shows it. */
  when: string;
  applies(application: Application, context: DispositionContext): boolean;
  /** Why, for this application, in plain English citing its facts and the scores. */
  reason(application: Application, context: DispositionContext): string;
}

function isAtOrBelow(context: DispositionContext, dimension: "skills" | "operations" | "governance", level: number): boolean {
  const reading = context.readiness[dimension];
  return reading.level !== null && reading.level <= level;
}

function onPremises(application: Application): boolean {
  return application.hosting === "on-premises" || application.hosting === "colocation";
}

function dependentCount(application: Application, context: DispositionContext): number {
  return context.dependentCounts[application.id] ?? 0;
}

/** The rules, in the order they are tried. First match wins; the last always matches. */
export const DISPOSITION_RULES: readonly DispositionRule[] = [
  {
    id: "very-low-use",
    disposition: "retire",
    when: `At most ${VERY_LOW_USE_MAX_USERS} users and fewer than ${VERY_LOW_USE_MAX_HOURLY_TRANSACTIONS} transaction in a normal hour, criticality 1–2, and no other application depends on it.`,
    applies: (a, context) =>
      a.users !== null &&
      a.users <= VERY_LOW_USE_MAX_USERS &&
      a.hourlyTransactions !== null &&
      a.hourlyTransactions < VERY_LOW_USE_MAX_HOURLY_TRANSACTIONS &&
      a.criticality <= 2 &&
      dependentCount(a, context) === 0,
    reason: (a) =>
      `${a.name} has ${a.users} user${a.users === 1 ? "" : "s"} and ${a.hourlyTransactions} transactions in a normal hour, criticality ${a.criticality}, and nothing depends on it: ` +
      "confirm with its owners and switch it off rather than pay to move it.",
  },
  {
    id: "departmental-saas",
    disposition: "repurchase",
    when: "SaaS that a department runs outside IT.",
    applies: (a) => a.hosting === "saas" && !a.managedByIt,
    reason: (a) =>
      `${a.name} is SaaS that ${a.owningDepartment} runs outside IT. Nothing needs to move: re-contract it through IT's standard SaaS route ` +
      "so its spend, access and data are governed, and learn why it was bought outside IT.",
  },
  {
    id: "governed-saas",
    disposition: "retain",
    when: "SaaS that IT already governs.",
    applies: (a) => a.hosting === "saas" && a.managedByIt,
    reason: (a) => `${a.name} is already SaaS under IT's governance: there is nothing to move.`,
  },
  {
    id: "already-in-public-cloud",
    disposition: "retain",
    when: "Already runs in the public cloud.",
    applies: (a) => a.hosting === "public-cloud",
    reason: (a) =>
      `${a.name} already runs in the public cloud` +
      (a.managedByIt ? "." : `, but ${a.owningDepartment} runs it outside IT: keep it there and bring it under IT's governance.`),
  },
  {
    id: "critical-while-not-ready",
    disposition: "retain",
    when: "Criticality 4–5 while skills or operational health is at maturity level 2 or below: keep it where it is for now.",
    applies: (a, context) => a.criticality >= 4 && (isAtOrBelow(context, "skills", 2) || isAtOrBelow(context, "operations", 2)),
    reason: (a, context) => {
      const low = (["skills", "operations"] as const)
        .filter((dimension) => isAtOrBelow(context, dimension, 2))
        .map((dimension) => describeReading(dimension, context.readiness[dimension]));
      return (
        `${a.name} has criticality ${a.criticality} and ${low.join(" and ")}: keep it where it is for now, ` +
        "and move it once the team has practised on less critical systems and the house is in order."
      );
    },
  },
  {
    id: "restricted-data-weak-controls",
    disposition: "retain",
    when: "Holds restricted data while governance, security and the hybrid platform are at maturity level 2 or below.",
    applies: (a, context) => a.dataSensitivity === "restricted" && isAtOrBelow(context, "governance", 2),
    reason: (a, context) =>
      `${a.name} holds restricted data and ${describeReading("governance", context.readiness.governance)}: ` +
      "keep it where it is until identity, encryption and logging controls are in place for the hybrid estate.",
  },
  {
    id: "standard-saas-available",
    disposition: "repurchase",
    when: "A standard SaaS product could do its job (trait saas-alternative).",
    applies: (a) => a.traits.includes("saas-alternative"),
    reason: (a) =>
      `A standard SaaS product could do ${a.name}'s job. Standard beats bespoke: replacing it brings new capabilities sooner than moving it would.`,
  },
  {
    id: "database-heavy",
    disposition: "replatform",
    when: "Most of its work happens in a database it owns (trait database-heavy): move the database to a managed service.",
    applies: (a) => a.traits.includes("database-heavy"),
    reason: (a) =>
      `Most of ${a.name}'s work happens in its database: move it to a managed database service (lift, tinker and shift), ` +
      "so backups, patching and failover stop being the customer's chores.",
  },
  {
    id: "custom-built-skills-high",
    disposition: "refactor",
    when: `Custom-built, skills at maturity level 4 or above, and not a large migration (fewer than ${LARGE_MIGRATION_APPLICATIONS} applications to move).`,
    applies: (a, context) =>
      a.traits.includes("custom-built") &&
      context.readiness.skills.level !== null &&
      context.readiness.skills.level >= 4 &&
      !context.largeMigration,
    reason: (a, context) =>
      `${a.name} is custom-built, ${describeReading("skills", context.readiness.skills)}, and the migration is small enough ` +
      "to re-architect it for the cloud without putting the rest at risk.",
  },
  {
    id: "virtualised-modest-criticality",
    disposition: "relocate",
    when: "Runs on a virtualised (VMware-style) platform on premises or in colocation, criticality 1–3: move the platform as it is.",
    applies: (a) => a.traits.includes("virtualised") && onPremises(a) && a.criticality <= 3,
    reason: (a) =>
      `${a.name} runs on a virtualised platform with criticality ${a.criticality}: relocate it as it is, ` +
      "with no change to the application and the least risk.",
  },
  {
    id: "lift-and-shift",
    disposition: "rehost",
    when: "Anything else: lift and shift it as it is.",
    applies: () => true,
    reason: (a, context) => {
      const deferred = a.traits.includes("custom-built")
        ? context.largeMigration
          ? " It is custom-built, but large-migration guidance advises against refactoring during a large migration: revisit it once the migration is done."
          : ` It is custom-built, but ${describeReading("skills", context.readiness.skills)}: refactor later, once skills are at level 4.`
        : "";
      return `${a.name}: lift and shift it as it is, the simplest move with the least change.${deferred}`;
    },
  },
];

export interface DispositionSuggestion {
  applicationId: string;
  disposition: Disposition;
  /** The rule that fired (an id in DISPOSITION_RULES). */
  ruleId: string;
  reason: string;
}

/** The first rule that matches this application. */
export function suggestDisposition(application: Application, context: DispositionContext): DispositionSuggestion {
  const rule = DISPOSITION_RULES.find((candidate) => candidate.applies(application, context));
  // The last rule matches everything; this is for the compiler.
  if (!rule) throw new Error("No disposition rule matched; the last rule must match every application.");
  return { applicationId: application.id, disposition: rule.disposition, ruleId: rule.id, reason: rule.reason(application, context) };
}

/** A suggestion for every application, in portfolio order. */
export function suggestDispositions(applications: readonly Application[], context: DispositionContext): DispositionSuggestion[] {
  return applications.map((application) => suggestDisposition(application, context));
}

/** The consultant's decision, which wins over the rules. */
export interface DispositionOverride {
  disposition: Disposition;
  /** Why, in the consultant's words. Required: the customer should learn the reason too. */
  reason: string;
}

export interface DispositionDecision {
  applicationId: string;
  disposition: Disposition;
  reason: string;
  decidedBy: "rule" | "consultant";
  /** The rule that fired when the rule decided; null when the consultant did. */
  ruleId: string | null;
  /** Always kept, for reference: what the rules suggested. */
  suggestion: DispositionSuggestion;
  override: DispositionOverride | null;
}

/**
 * The decision for an application: the override if there is one (even when it agrees with the
 * suggestion, it is then the consultant's decision), else the suggestion. Throws on an override
 * without a reason: the route validates that first.
 */
export function applyOverride(suggestion: DispositionSuggestion, override?: DispositionOverride | null): DispositionDecision {
  if (!override) {
    return {
      applicationId: suggestion.applicationId,
      disposition: suggestion.disposition,
      reason: suggestion.reason,
      decidedBy: "rule",
      ruleId: suggestion.ruleId,
      suggestion,
      override: null,
    };
  }
  const reason = override.reason.trim();
  if (reason === "") throw new Error(`An override of ${suggestion.applicationId}'s disposition needs a reason.`);
  return {
    applicationId: suggestion.applicationId,
    disposition: override.disposition,
    reason,
    decidedBy: "consultant",
    ruleId: null,
    suggestion,
    override: { disposition: override.disposition, reason },
  };
}
