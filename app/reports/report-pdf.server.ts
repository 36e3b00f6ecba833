/*
 * The PDF of one of the provider's assessments, as the download route serves it. This thread checks
 * access and queues the report by name; the renderer process reads the rows on its own connection
 * and does everything else (pdf-queue.server.ts), so a download costs the HTTP thread one indexed
 * read, not thousands of answer rows and the garbage they leave behind.
 */
import { getAssessment } from "../../db/repositories/assessments";
import { found } from "~/auth/access.server";
import { getDatabase } from "~/db.server";
import { getSourceQuestionnaire } from "~/services/questionnaires.server";
import { getPdfQueue, type PdfRenderResult } from "./pdf-queue.server";
import type { ReportScope } from "./report-reads.server";
import { loadReportSources } from "./report-sources.server";

/** The access check of a report: one indexed read of the assessment, scoped to the provider. 404 (thrown) for anyone else's. */
export async function requireReportAssessment(scope: ReportScope): Promise<void> {
  found(await getAssessment(getDatabase().db, scope), "Assessment");
}

/** Renders the report, or answers busy when the queue is full. 404 (thrown) for anyone else's assessment. */
export async function renderAssessmentReportPdf(scope: ReportScope): Promise<PdfRenderResult> {
  const database = getDatabase();
  await requireReportAssessment(scope);
  // An in-memory database cannot be opened by another process: its rows are read here and handed over.
  if (!database.shareableAs) return getPdfQueue().render(await loadReportSources(scope));
  return getPdfQueue().renderAssessment({ database: database.shareableAs, scope, questionnaireFor: getSourceQuestionnaire });
}
