import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { downloadAssessmentReport, headAssessmentReport, reportDownloadResponse } from "~/reports/report-download.server";

/**
 * `/assessments/<id>/report.pdf`: the customer report. A GET is normally answered by the HTTP
 * layer's direct endpoint with the same code (app/reports/report-download.server.ts); this route
 * serves HEAD (without rendering) and any spelling of the path that endpoint does not match.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  const assessmentId = String(params.assessmentId);
  if (request.method === "HEAD") return reportDownloadResponse(await headAssessmentReport(user, assessmentId));
  return reportDownloadResponse(await downloadAssessmentReport(user, assessmentId, context));
}
