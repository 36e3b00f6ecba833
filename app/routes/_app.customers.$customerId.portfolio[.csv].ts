import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCustomer } from "../../db/repositories/customers";
import { listApplications } from "../../db/repositories/portfolio";
import { found, requireUser } from "~/auth/access.server";
import { db } from "~/db.server";
import { portfolioToCsv } from "~/domain/portfolio";
import { audit } from "~/services/audit.server";
import { csvResponse, exportFileStem } from "~/services/exports.server";

/** The portfolio as the import reads it back: every column, formula-like cells neutralised. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const applications = await listApplications(db(), { organisationId: user.organisationId, customerId: customer.id });
  await audit(user, context, "export.portfolio", { type: "customer", id: customer.id, detail: { applications: applications.length } });
  return csvResponse(portfolioToCsv(applications), `${exportFileStem(customer.name, new Date().toISOString())}-portfolio.csv`);
}
