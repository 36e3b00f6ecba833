import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssessments } from "../../db/repositories/assessments";
import { listCustomers } from "../../db/repositories/customers";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { useAppData } from "./_app";

export const meta: MetaFunction = () => [{ title: "Dashboard · Cairn" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const [customers, assessments] = await Promise.all([
    listCustomers(db(), { organisationId: user.organisationId }),
    listAssessments(db(), { organisationId: user.organisationId, limit: 10 }),
  ]);
  return json({
    customers,
    recentAssessments: assessments,
    totals: {
      customers: customers.length,
      assessments: customers.reduce((sum, c) => sum + c.assessmentCount, 0),
      openAssessments: customers.reduce((sum, c) => sum + c.openAssessmentCount, 0),
    },
  });
}

export default function Dashboard() {
  const { customers, recentAssessments, totals } = useLoaderData<typeof loader>();
  const { permissions } = useAppData();
  return (
    <main className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        {permissions.writeCustomers ? (
          <Link className="button" to="/customers/new">
            New customer
          </Link>
        ) : null}
      </div>
      <div className="grid">
        <div className="card">
          <div className="muted">Customers</div>
          <div className="stat">{totals.customers}</div>
        </div>
        <div className="card">
          <div className="muted">Assessments</div>
          <div className="stat">{totals.assessments}</div>
        </div>
        <div className="card">
          <div className="muted">Open assessments</div>
          <div className="stat">{totals.openAssessments}</div>
        </div>
      </div>
      <h2>Customers</h2>
      {customers.length === 0 ? (
        <p className="muted">No customers yet.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Industry</th>
              <th>Assessments</th>
              <th>Last assessment</th>
            </tr>
          </thead>
          <tbody>
            {customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/customers/${c.id}`}>{c.name}</Link>
                </td>
                <td>{c.industry}</td>
                <td>
                  {c.assessmentCount} {c.openAssessmentCount > 0 ? <span className="badge open">{c.openAssessmentCount} open</span> : null}
                </td>
                <td>{c.lastAssessmentAt ? new Date(c.lastAssessmentAt).toLocaleDateString("en-GB") : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Recent assessments</h2>
      {recentAssessments.length === 0 ? (
        <p className="muted">No assessments yet. Open a customer to start one.</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>Assessment</th>
              <th>Customer</th>
              <th>Status</th>
              <th>Responses</th>
            </tr>
          </thead>
          <tbody>
            {recentAssessments.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/assessments/${a.id}`}>{a.title}</Link>
                </td>
                <td>{a.customerName}</td>
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
