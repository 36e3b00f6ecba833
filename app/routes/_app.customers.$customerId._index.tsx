import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAssessments } from "../../db/repositories/assessments";
import { getCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { audit } from "~/services/audit.server";
import { badRequest, parseForm } from "~/utils/forms";
import { useAppData } from "./_app";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Cairn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const assessments = await listAssessments(db(), { organisationId: user.organisationId, customerId: customer.id });
  return json({ customer, assessments, canStartAssessment: can(user, "assessments:write") });
}

const CustomerAction = z.object({ intent: z.enum(["archive", "restore"], { error: "Unknown action." }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await request.formData(), CustomerAction);
  if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.intent });
  const archived = parsed.data.intent === "archive";
  await setCustomerArchived(db(), { organisationId: user.organisationId, customerId: customer.id, archived });
  await audit(user, context, archived ? "customer.archived" : "customer.restored", { type: "customer", id: customer.id });
  return redirect(`/customers/${customer.id}`);
}

export default function CustomerPage() {
  const { customer, assessments, canStartAssessment } = useLoaderData<typeof loader>();
  const { permissions } = useAppData();
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link to="/customers">Customers</Link>
          </p>
          <h1>
            {customer.name} {customer.archived_at ? <span className="badge archived">archived</span> : null}
          </h1>
        </div>
        {permissions.writeCustomers ? (
          <div style={{ display: "flex", gap: "0.5rem" }}>
            <Link className="button secondary" to={`/customers/${customer.id}/edit`}>
              Edit
            </Link>
            <Form method="post">
              <button type="submit" name="intent" value={customer.archived_at ? "restore" : "archive"} className="secondary">
                {customer.archived_at ? "Restore" : "Archive"}
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      <div className="card">
        <dl className="grid">
          <div>
            <dt className="muted">Industry</dt>
            <dd>{customer.industry || "—"}</dd>
          </div>
          <div>
            <dt className="muted">Size</dt>
            <dd>{customer.size || "—"}</dd>
          </div>
          <div>
            <dt className="muted">Customer since</dt>
            <dd>{new Date(customer.created_at).toLocaleDateString("en-GB")}</dd>
          </div>
        </dl>
        {customer.notes ? <p className="pre-wrap">{customer.notes}</p> : null}
      </div>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <h2>Assessments</h2>
        {canStartAssessment ? (
          <Link className="button" to={`/customers/${customer.id}/assessments/new`}>
            Start assessment
          </Link>
        ) : null}
      </div>
      {assessments.length === 0 ? (
        <p className="muted">No assessments yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Assessment</th>
              <th>Started</th>
              <th>Mode</th>
              <th>Status</th>
              <th>Responses</th>
            </tr>
          </thead>
          <tbody>
            {assessments.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/assessments/${a.id}`}>{a.title}</Link>
                </td>
                <td>{new Date(a.created_at).toLocaleDateString("en-GB")}</td>
                <td>{a.mode}</td>
                <td>
                  <span className={`badge ${a.status}`}>{a.status}</span>
                </td>
                <td>
                  {a.completedCount} of {a.respondentCount} completed
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
