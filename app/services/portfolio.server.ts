import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createImportPreview, listApplications, listDispositionOverrides, type ImportPreview } from "../../db/repositories/portfolio";
import { db } from "~/db.server";
import { computeAssessmentResults } from "~/domain/assessment-results";
import { parsePortfolioCsv, type PortfolioProblem } from "~/domain/portfolio";
import { decidePortfolio, type PortfolioDecisions } from "~/domain/portfolio-decisions";
import { readCountedSources } from "./assessment-sources.server";
import { getSourceQuestionnaire } from "./questionnaires.server";
import type { AssessmentResults, LoadedAssessmentSources } from "./results.server";

export type { PortfolioDecision, PortfolioDecisions } from "~/domain/portfolio-decisions";

/**
 * The rows of the assessment that counts for the customer (database reads only, nothing scored):
 * the one source of the numbers dispositions and plans are made from. Null when none counts.
 */
export function loadCountedSources(
  scope: { organisationId: string; customerId: string; alreadyLoaded?: LoadedAssessmentSources },
  database: Kysely<Database> = db(),
): Promise<LoadedAssessmentSources | null> {
  return readCountedSources(database, scope, getSourceQuestionnaire);
}

/** The assessment that counts for the customer, scored (see loadCountedSources). */
export async function loadCountedResults(
  scope: { organisationId: string; customerId: string },
  database: Kysely<Database> = db(),
): Promise<AssessmentResults | null> {
  const sources = await loadCountedSources(scope, database);
  return sources ? computeAssessmentResults(sources) : null;
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
    results === undefined ? loadCountedResults({ organisationId, customerId }, database) : Promise.resolve(results),
  ]);
  return decidePortfolio(applications, overrides, latest);
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
