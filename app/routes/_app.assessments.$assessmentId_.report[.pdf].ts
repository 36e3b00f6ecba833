import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { downloadAssessmentReport, reportDownloadResponse } from "~/reports/report-download.server";

/**
 * `/assessments/<id>/report.pdf`: the customer report. A GET is normally answered by the HTTP
 * layer's direct endpoint with the same code (app/reports/report-download.server.ts); this route
 * serves HEAD and any spelling of the path that endpoint does not match.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  return reportDownloadResponse(await downloadAssessmentReport(user, String(params.assessmentId), context));
}
