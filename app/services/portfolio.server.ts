import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listAssessments } from "../../db/repositories/assessments";
import {
  createImportPreview,
  listApplications,
  listDispositionOverrides,
  type ImportPreview,
  type StoredDispositionOverride,
} from "../../db/repositories/portfolio";
import { db } from "~/db.server";
import { DIMENSIONS } from "~/domain/dimensions";
import { applyOverride, dispositionContextFor, suggestDispositions, type DispositionDecision } from "~/domain/dispositions";
import { parsePortfolioCsv, type Application, type PortfolioProblem } from "~/domain/portfolio";
import { readinessProfileOf, type DimensionReadings, type ReadinessProfile } from "~/domain/teaching-catalogue";
import { planWaves, type WavePlan } from "~/domain/waves";
import { loadAssessmentResults, type AssessmentResults } from "./results.server";

/**
 * The customer's latest assessment that has answers, scored: the one source of the numbers
 * dispositions and plans are made from. Null when no assessment has answers yet.
 */
export async function loadLatestAssessedResults(
  { organisationId, customerId }: { organisationId: string; customerId: string },
  database: Kysely<Database> = db(),
): Promise<AssessmentResults | null> {
  const assessments = await listAssessments(database, { organisationId, customerId });
  for (const assessment of assessments) {
    if (assessment.respondentCount === 0) continue;
    const results = await loadAssessmentResults({ organisationId, assessmentId: assessment.id }, database);
    if (results.participation.answered > 0) return results;
  }
  return null;
}

/** Readings with nothing measured: the disposition rules that need a score then do not fire. */
function unmeasuredProfile(): ReadinessProfile {
  const overall = {} as DimensionReadings;
  for (const { key } of DIMENSIONS) overall[key] = { score: null, level: null, riskBand: null, lowConfidence: false };
  return { overall, byGroup: {} };
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

/**
 * The portfolio with a disposition for every application (the rules' suggestion, or the
 * consultant's override) and the migration waves they make.
 */
export async function loadPortfolioDecisions(
  { organisationId, customerId, results }: { organisationId: string; customerId: string; results?: AssessmentResults | null },
  database: Kysely<Database> = db(),
): Promise<PortfolioDecisions> {
  const [applications, overrides, latest] = await Promise.all([
    listApplications(database, { organisationId, customerId }),
    listDispositionOverrides(database, { organisationId, customerId }),
    results === undefined ? loadLatestAssessedResults({ organisationId, customerId }, database) : Promise.resolve(results),
  ]);
  return decide(applications, overrides, latest);
}

function decide(applications: Application[], overrides: StoredDispositionOverride[], results: AssessmentResults | null): PortfolioDecisions {
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

export type ImportCheck =
  | { ok: true; preview: ImportPreview }
  | { ok: false; fileName: string; problems: PortfolioProblem[] };

/**
 * Reads an uploaded portfolio file. A file with any problem is reported in full and nothing is
 * stored; a good one is kept as a preview for this user to confirm (see replacePortfolioFromPreview).
 */
export async function checkPortfolioImport(
  input: { organisationId: string; customerId: string; userId: string; file: File },
  database: Kysely<Database> = db(),
): Promise<ImportCheck> {
  const fileName = input.file.name.slice(0, 200) || "portfolio.csv";
  const bytes = new Uint8Array(await input.file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      fileName,
      problems: [{ line: 1, column: null, message: 'The file is not UTF-8 text. In Excel, save it as "CSV UTF-8 (Comma delimited)".' }],
    };
  }
  const parsed = parsePortfolioCsv(text);
  if (parsed.problems.length > 0) return { ok: false, fileName, problems: parsed.problems };
  const preview = await createImportPreview(database, {
    organisationId: input.organisationId,
    customerId: input.customerId,
    userId: input.userId,
    fileName,
    fileSha256: createHash("sha256").update(bytes).digest("hex"),
    applications: parsed.rows,
  });
  return { ok: true, preview };
}
