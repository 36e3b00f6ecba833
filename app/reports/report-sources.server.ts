/*
 * A report's rows read in the request, on the app's connection: for the HTML report page, and for a
 * PDF when the database cannot be opened a second time (an in-memory SQLite database). The reads
 * themselves are in report-reads.server.ts, which the PDF renderer shares.
 */
import { db } from "~/db.server";
import { getSourceQuestionnaire } from "~/services/questionnaires.server";
import { readReportSources } from "./report-reads.server";
import { computeReportModel, type BuildReportModelOptions, type ReportModel, type ReportSources } from "./report-model.server";

/** Every row the report of one assessment of the provider's is made from. 404 (thrown) for anyone else's. */
export function loadReportSources(options: Pick<BuildReportModelOptions, "organisationId" | "assessmentId" | "plan">): Promise<ReportSources> {
  const { organisationId, assessmentId } = options;
  return readReportSources(db(), { organisationId, assessmentId }, getSourceQuestionnaire, { withPlan: !options.plan });
}

/** Builds the report of one assessment of the provider's, in the request. 404 (thrown) for anyone else's. */
export async function buildReportModel(options: BuildReportModelOptions): Promise<ReportModel> {
  return computeReportModel(await loadReportSources(options), options);
}
