/*
 * Maturity levels, risk bands and the other constants of the scoring rules (questionnaires/README.md).
 * Kept apart from scoring.ts, which needs survey-core, so that pages can name a level or band
 * without shipping SurveyJS to the browser.
 */
import type { DimensionKey } from "./dimensions";

export type DimensionKind = "maturity" | "risk";

/**
 * Scores that are mathematically on a boundary (a mean that should be exactly 60) can come out of
 * floating-point arithmetic a hair below it (59.99999999999999). Boundaries are compared with this
 * tolerance so such a score lands where a person checking by hand would put it.
 */
export const BOUNDARY_TOLERANCE = 1e-9;

/** Coverage below this is low confidence (rule 6). */
export const LOW_CONFIDENCE_COVERAGE = 0.6;

export interface MaturityLevel {
  level: 1 | 2 | 3 | 4 | 5;
  name: string;
  meaning: string;
  /** Lowest score (inclusive) at this level. */
  minScore: number;
}

/** Rule 7: the five maturity levels, lowest first. Pages and reports show these words. */
export const MATURITY_LEVELS: readonly MaturityLevel[] = [
  {
    level: 1,
    name: "Initial",
    meaning: "Little is in place yet; what happens depends on individuals and goodwill.",
    minScore: 0,
  },
  {
    level: 2,
    name: "Developing",
    meaning: "Some good practice exists, but it is patchy and not yet something the organisation relies on.",
    minScore: 20,
  },
  {
    level: 3,
    name: "Defined",
    meaning: "Agreed ways of working are in place and mostly followed.",
    minScore: 40,
  },
  {
    level: 4,
    name: "Managed",
    meaning: "Practice is consistent, measured and acted on.",
    minScore: 60,
  },
  {
    level: 5,
    name: "Optimised",
    meaning: "Strong and continually improving: a foundation the migration can build on.",
    minScore: 80,
  },
];

export type RiskBandKey = "low" | "moderate" | "high" | "critical";

export interface RiskBand {
  key: RiskBandKey;
  name: string;
  meaning: string;
  /** Lowest risk score (inclusive) in this band. */
  minScore: number;
}

/** Rule 7: the shadow-IT risk bands, lowest first. Pages and reports show these words. */
export const RISK_BANDS: readonly RiskBand[] = [
  {
    key: "low",
    name: "Low",
    meaning: "Little sign of systems or spend outside IT's sight.",
    minScore: 0,
  },
  {
    key: "moderate",
    name: "Moderate",
    meaning: "Some systems or spend sit outside IT's sight; map them before migrating.",
    minScore: 25,
  },
  {
    key: "high",
    name: "High",
    meaning: "Significant shadow IT: expect surprises during migration unless it is brought into view.",
    minScore: 50,
  },
  {
    key: "critical",
    name: "Critical",
    meaning: "Much of what the business relies on is outside IT's sight; deal with this before migrating.",
    minScore: 75,
  },
];

/** Rule 8: weights of the dimensions in overall readiness (shadow-IT enters as 100 − risk). */
export const READINESS_WEIGHTS: Readonly<Record<DimensionKey, number>> = {
  culture: 2,
  partnership: 1,
  skills: 2,
  "shadow-it": 2,
  operations: 1,
  visibility: 1,
  outcomes: 1,
  governance: 1,
};

export function maturityLevelFor(score: number): MaturityLevel {
  let found = MATURITY_LEVELS[0];
  for (const level of MATURITY_LEVELS) if (score >= level.minScore - BOUNDARY_TOLERANCE) found = level;
  return found;
}

export function riskBandFor(score: number): RiskBand {
  let found = RISK_BANDS[0];
  for (const band of RISK_BANDS) if (score >= band.minScore - BOUNDARY_TOLERANCE) found = band;
  return found;
}

export function isLowConfidence(coverage: number | null, answeredItems: number): boolean {
  return coverage === null || coverage < LOW_CONFIDENCE_COVERAGE - BOUNDARY_TOLERANCE || answeredItems < 1;
}

/** Rule 12: overall readiness is given a maturity level only when this many dimensions are answered well enough. */
export const READINESS_LEVEL_MIN_DIMENSIONS = 5;

export interface ReadinessLevelReading {
  /** Null when readiness is empty or too few dimensions are answered well enough. */
  level: MaturityLevel | null;
  /** Dimensions with a score that is not low confidence. */
  wellAnswered: number;
  required: number;
}

/** Rule 12: the maturity level overall readiness may carry. */
export function readinessLevelOf(
  readiness: number | null,
  dimensions: Readonly<Record<DimensionKey, { score: number | null; lowConfidence: boolean }>>,
): ReadinessLevelReading {
  const wellAnswered = Object.values(dimensions).filter((d) => d.score !== null && !d.lowConfidence).length;
  const enough = wellAnswered >= READINESS_LEVEL_MIN_DIMENSIONS;
  return { level: readiness !== null && enough ? maturityLevelFor(readiness) : null, wellAnswered, required: READINESS_LEVEL_MIN_DIMENSIONS };
}

/** Rule 12's "no level", in the words the pages print. */
export function noReadinessLevelWords(reading: ReadinessLevelReading): string {
  return `No level: only ${reading.wellAnswered} of 8 dimensions answered well enough (a level needs ${reading.required})`;
}

/** Rule 13: a low-confidence score in words a customer understands; null when the evidence is sound. */
export function thinEvidenceWords(score: { coverage: number | null; lowConfidence: boolean }, respondents?: number | null): string | null {
  if (!score.lowConfidence) return null;
  const people = respondents === undefined || respondents === null ? "" : respondents === 1 ? ", from one person" : `, from ${respondents} people`;
  if (score.coverage === null) return "Thin evidence: no question of it was shown";
  return `Thin evidence: only ${Math.round(score.coverage * 100)} % of the questions shown were answered${people}`;
}
