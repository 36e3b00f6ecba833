import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAssessments } from "../../db/repositories/assessments";
import { listCustomers } from "../../db/repositories/customers";
import { countAnsweredRespondents } from "../../db/repositories/respondents";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { db } from "~/db.server";
import { pageOf } from "~/domain/paging";
import { warmPdfQueue } from "~/reports/pdf-queue.server";

export const meta: MetaFunction = () => [{ title: "Reports · Cairn" }];

const DATE = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Customers shown a page: each lists every one of its assessments. */
export const REPORTS_PAGE_SIZE = 20;

/**
 * The provider's customers, a page at a time and searchable by name, each with its assessments and
 * a PDF for each one that has answers. Archived customers are listed only while they have assessments.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "reports:download" });
  const organisationId = user.organisationId;
  warmPdfQueue();
  const url = new URL(request.url);
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const needle = query.trim().toLowerCase();
  const listed = (await listCustomers(db(), { organisationId, includeArchived: true })).filter(
    (c) => (!c.archived_at || c.assessmentCount > 0) && (!needle || c.name.toLowerCase().includes(needle)),
  );
  const { offset, ...paging } = pageOf(listed.length, REPORTS_PAGE_SIZE, Number.parseInt(url.searchParams.get("page") ?? "1", 10));
  const shown = listed.slice(offset, offset + REPORTS_PAGE_SIZE);
  const assessments = await listAssessments(db(), { organisationId, customerIds: shown.map((c) => c.id), limit: null });
  // Who has answered, per assessment: the same count the results page shows as "answered".
  const answered = await countAnsweredRespondents(db(), { organisationId, assessmentIds: assessments.map((a) => a.id) });
  const byCustomer = new Map<string, typeof assessments>();
  for (const a of assessments) {
    const ofCustomer = byCustomer.get(a.customer_id);
    if (ofCustomer) ofCustomer.push(a);
    else byCustomer.set(a.customer_id, [a]);
  }
  return json({
    query,
    paging,
    customers: shown.map((c) => ({
      id: c.id,
      name: c.name,
      archived: c.archived_at !== null,
      assessments: (byCustomer.get(c.id) ?? []).map((a) => ({
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
  const { customers, query, paging } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${new URLSearchParams({ ...(query ? { q: query } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;
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
      <Form method="get" className="card filters" role="search">
        <div className="field">
          <label htmlFor="q">Customer</label>
          <input id="q" name="q" type="search" defaultValue={query} />
        </div>
        <button type="submit" className="secondary">
          Search
        </button>
      </Form>
      {customers.length === 0 ? <p className="card">{query ? "No customers match." : "No customers yet."}</p> : null}
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
      <Pagination paging={paging} shown={customers.length} label="Pages of customers" testId="reports-pages" pageLink={pageLink} />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
