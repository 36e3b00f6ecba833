import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { ScoreEvidence } from "~/components/score-evidence";
import { DASHBOARD_SORTS, loadDashboard, type DashboardSort } from "~/services/dashboard.server";
import { useAppData } from "./_app";

export const meta: MetaFunction = () => [{ title: "Dashboard · Cairn" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const url = new URL(request.url);
  const sortParam = url.searchParams.get("sort") ?? "name";
  const sort: DashboardSort = (DASHBOARD_SORTS as readonly string[]).includes(sortParam) ? (sortParam as DashboardSort) : "name";
  const query = (url.searchParams.get("q") ?? "").slice(0, 200);
  const status = url.searchParams.get("status") ?? "";
  // pageOf (app/domain/paging.ts) shows the first page for one that is not a number.
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  const dashboard = await loadDashboard({ organisationId: user.organisationId, sort, query, status, page });
  return json({ ...dashboard, sort, query, status });
}

const score = (n: number | null) => (n === null ? "—" : String(Math.round(n)));

export default function Dashboard() {
  const { rows, totals, paging, sort, query, status } = useLoaderData<typeof loader>();
  const { permissions } = useAppData();
  const filters = { ...(query ? { q: query } : {}), ...(status ? { status } : {}) };
  const pageLink = (page: number) => `?${new URLSearchParams({ ...filters, sort, ...(page > 1 ? { page: String(page) } : {}) })}`;
  const sortLink = (key: DashboardSort, label: string) => {
    const params = new URLSearchParams({ ...filters, sort: key });
    return (
      <Link to={`?${params}`} aria-current={sort === key ? "true" : undefined} className={sort === key ? "sorted" : undefined}>
        {label}
        {sort === key ? " ▾" : ""}
      </Link>
    );
  };
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
      <Form method="get" className="card filters" role="search">
        <input type="hidden" name="sort" value={sort} />
        <div className="field">
          <label htmlFor="q">Search</label>
          <input id="q" name="q" type="search" defaultValue={query} />
        </div>
        <div className="field">
          <label htmlFor="status">Latest assessment</label>
          <select id="status" name="status" defaultValue={status}>
            <option value="">Any</option>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
            <option value="none">None yet</option>
          </select>
        </div>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {rows.length === 0 ? (
        <p className="muted">No customers match.</p>
      ) : (
        <table className="data" data-testid="dashboard-customers">
          <thead>
            <tr>
              <th>{sortLink("name", "Customer")}</th>
              <th>{sortLink("latest", "Latest assessment")}</th>
              <th className="num">{sortLink("readiness", "Readiness")}</th>
              <th className="num">{sortLink("culture", "Culture")}</th>
              <th className="num">{sortLink("skills", "Skills")}</th>
              <th className="num">{sortLink("shadow-it", "Shadow-IT risk")}</th>
              <th>Next step</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.customerId}>
                <td>
                  <Link to={`/customers/${r.customerId}`}>{r.customerName}</Link>
                  {r.industry ? <div className="muted small">{r.industry}</div> : null}
                </td>
                <td>
                  {r.latest ? (
                    <>
                      <Link to={`/assessments/${r.latest.id}`}>{r.latest.title}</Link> <span className={`badge ${r.latest.status}`}>{r.latest.status}</span>
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="num" title={r.counted ? `Figures from: ${r.counted.words}` : "No assessment counts yet"}>
                  {r.counted && r.readiness !== null ? <Link to={`/assessments/${r.counted.id}/results`}>{score(r.readiness)}</Link> : "—"}
                  <ScoreEvidence evidence={r.evidence.readiness} testId="evidence-readiness" />
                  {r.counted ? <div className="muted small" data-testid="figures-from">from {r.counted.title}</div> : null}
                </td>
                <td className="num">
                  {score(r.culture)}
                  <ScoreEvidence evidence={r.evidence.culture} testId="evidence-culture" />
                </td>
                <td className="num">
                  {score(r.skills)}
                  <ScoreEvidence evidence={r.evidence.skills} testId="evidence-skills" />
                </td>
                <td className="num">
                  {score(r.shadowIt)}
                  <ScoreEvidence evidence={r.evidence.shadowIt} testId="evidence-shadow-it" />
                </td>
                <td>{r.nextStep}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination paging={paging} shown={rows.length} label="Pages of customers" testId="dashboard-pages" pageLink={pageLink} />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
