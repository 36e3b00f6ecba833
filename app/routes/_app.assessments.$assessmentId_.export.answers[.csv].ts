import type { LoaderFunctionArgs } from "@remix-run/node";
import { listAnswerRowsForExport } from "../../db/repositories/answers";
import { getAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { found, requireUser } from "~/auth/access.server";
import { toCsv } from "~/domain/csv";
import { db } from "~/db.server";
import { audit } from "~/services/audit.server";
import { csvResponse, exportFileStem } from "~/services/exports.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "results:export" });
  const assessment = found(await getAssessment(db(), { organisationId: user.organisationId, assessmentId: String(params.assessmentId) }), "Assessment");
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: assessment.customer_id }), "Customer");
  const rows = await listAnswerRowsForExport(db(), { organisationId: user.organisationId, assessmentId: assessment.id });
  const csv = toCsv(
    ["respondent_id", "respondent", "group", "status", "question", "answer", "answered_at"],
    rows.map((r) => {
      const value = JSON.parse(r.valueJson) as unknown;
      return [r.respondentId, r.respondentName ?? r.sessionLabel ?? "", r.groupKey, r.status, r.questionName, typeof value === "string" ? value : JSON.stringify(value), r.updatedAt];
    }),
  );
  await audit(user, context, "export.answers", { type: "assessment", id: assessment.id });
  return csvResponse(csv, `${exportFileStem(customer.name, assessment.created_at)}-answers.csv`);
}
