/*
 * The portfolio's dispositions and waves from its applications, the consultant's overrides and the
 * scores of the customer's latest assessment. Pure: app/services/portfolio.server.ts calls it in the
 * request, and the PDF worker calls it for the report's plan sections.
 *
 * Relative imports only: the PDF worker runs this file under tsx, outside the Remix build's `~` alias.
 */
import { DIMENSIONS } from "./dimensions";
import { applyOverride, dispositionContextFor, suggestDispositions, type Disposition, type DispositionDecision } from "./dispositions";
import type { Application } from "./portfolio";
import type { AssessmentScores } from "./scoring";
import { readinessProfileOf, type DimensionReadings, type ReadinessProfile } from "./teaching-catalogue";
import { planWaves, type WavePlan } from "./waves";

/** A consultant's disposition for one application, as stored. */
export interface DispositionOverrideRecord {
  applicationId: string;
  disposition: Disposition;
  reason: string;
  decidedByName: string | null;
  decidedAt: string;
}

/** The assessment the rules read: its scores, and what the pages say about where they came from. */
export interface DecisionBasis {
  assessment: { id: string; title: string; created_at: string };
  scores: AssessmentScores;
}

export interface PortfolioDecision extends DispositionDecision {
  /** Who overrode the rules, and when; null when the rules decided. */
  overriddenBy: { name: string | null; at: string } | null;
}

export interface PortfolioDecisions {
  applications: Application[];
  decisions: PortfolioDecision[];
  /** The assessment whose scores the rules read; null when there is none with answers. */
  basis: { assessmentId: string; title: string; createdAt: string } | null;
  largeMigration: boolean;
  waves: WavePlan;
}

/** Readings with nothing measured: the disposition rules that need a score then do not fire. */
function unmeasuredProfile(): ReadinessProfile {
  const overall = {} as DimensionReadings;
  for (const { key } of DIMENSIONS) overall[key] = { score: null, level: null, riskBand: null, lowConfidence: false };
  return { overall, byGroup: {} };
}

/**
 * A disposition for every application (the rules' suggestion, or the consultant's override) and the
 * migration waves they make.
 */
export function decidePortfolio(applications: Application[], overrides: readonly DispositionOverrideRecord[], results: DecisionBasis | null): PortfolioDecisions {
  const profile = results ? readinessProfileOf(results.scores) : unmeasuredProfile();
  const context = dispositionContextFor(profile, applications);
  const overrideOf = new Map(overrides.map((override) => [override.applicationId, override]));
  const decisions = suggestDispositions(applications, context).map((suggestion): PortfolioDecision => {
    const override = overrideOf.get(suggestion.applicationId);
    const decision = applyOverride(suggestion, override ? { disposition: override.disposition, reason: override.reason } : null);
    return { ...decision, overriddenBy: override ? { name: override.decidedByName, at: override.decidedAt } : null };
  });
  return {
    applications,
    decisions,
    basis: results ? { assessmentId: results.assessment.id, title: results.assessment.title, createdAt: results.assessment.created_at } : null,
    largeMigration: context.largeMigration,
    waves: planWaves(
      applications,
      decisions.map((d) => ({ applicationId: d.applicationId, disposition: d.disposition })),
    ),
  };
}
