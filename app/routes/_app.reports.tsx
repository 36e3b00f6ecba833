import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAssessments } from "../../db/repositories/assessments";
import { listCustomers } from "../../db/repositories/customers";
import { countAnsweredRespondents } from "../../db/repositories/respondents";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { warmPdfQueue } from "~/reports/pdf-queue.server";

export const meta: MetaFunction = () => [{ title: "Reports · Cairn" }];

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Every customer of the provider with its assessments, and a PDF for each one that has answers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  const organisationId = user.organisationId;
  warmPdfQueue();
  const [customers, assessments] = await Promise.all([
    listCustomers(db(), { organisationId, includeArchived: true }),
    listAssessments(db(), { organisationId, limit: 1000 }),
  ]);
  // Who has answered, per assessment: the same count the results page shows as "answered".
  const answered = await countAnsweredRespondents(db(), { organisationId, assessmentIds: assessments.map((a) => a.id) });
  return json({
    customers: customers
      .filter((c) => !c.archived_at || assessments.some((a) => a.customer_id === c.id))
      .map((c) => ({
        id: c.id,
        name: c.name,
        archived: c.archived_at !== null,
        assessments: assessments
          .filter((a) => a.customer_id === c.id)
          .map((a) => ({
            id: a.id,
            title: a.title,
            date: DATE.format(new Date(a.closed_at ?? a.created_at)),
            status: a.status,
            invited: a.respondentCount,
            answered: answered.get(a.id) ?? 0,
            completed: a.completedCount,
          })),
      })),
  });
}

export default function Reports() {
  const { customers } = useLoaderData<typeof loader>();
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <h1>Reports</h1>
          <p className="muted" style={{ margin: 0 }}>
            The customer report of every assessment with answers: read it here or download the branded PDF.
          </p>
        </div>
      </div>
      {customers.length === 0 ? <p className="card">No customers yet.</p> : null}
      {customers.map((customer) => (
        <section key={customer.id} className="card" aria-labelledby={`customer-${customer.id}`}>
          <h2 id={`customer-${customer.id}`} style={{ marginTop: 0 }}>
            <Link to={`/customers/${customer.id}`}>{customer.name}</Link> {customer.archived ? <span className="badge archived">archived</span> : null}
          </h2>
          {customer.assessments.length === 0 ? (
            <p className="muted">No assessments yet.</p>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th>Assessment</th>
                  <th>Date</th>
                  <th>Status</th>
                  <th className="num">Responses</th>
                  <th>Report</th>
                </tr>
              </thead>
              <tbody>
                {customer.assessments.map((a) => (
                  <tr key={a.id} data-testid={`report-row-${a.id}`}>
                    <td>
                      <Link to={`/assessments/${a.id}/results`}>{a.title}</Link>
                    </td>
                    <td>{a.date}</td>
                    <td>
                      <span className={`badge ${a.status}`}>{a.status}</span>
                    </td>
                    <td className="num">
                      {a.answered} of {a.invited}
                      {a.completed > 0 ? <span className="muted small"> ({a.completed} completed)</span> : null}
                    </td>
                    <td>
                      {a.answered > 0 ? (
                        <span style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
                          <Link to={`/assessments/${a.id}/report`}>View</Link>
                          <a href={`/assessments/${a.id}/report.pdf`} download aria-label={`Download PDF: ${a.title}`}>
                            Download PDF
                          </a>
                        </span>
                      ) : (
                        <span className="muted small">No answers yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
