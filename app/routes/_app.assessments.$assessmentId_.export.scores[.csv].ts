import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { audit } from "~/services/audit.server";
import { csvResponse, exportFileStem, scoresCsv } from "~/services/exports.server";
import { loadAssessmentResults } from "~/services/results.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "results:export" });
  const results = await loadAssessmentResults({ organisationId: user.organisationId, assessmentId: String(params.assessmentId) });
  await audit(user, context, "export.scores", { type: "assessment", id: results.assessment.id });
  return csvResponse(scoresCsv(results), `${exportFileStem(results.customer.name, results.assessment.created_at)}-scores.csv`);
}
