import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAssessments } from "../../db/repositories/assessments";
import { getCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { DIMENSIONS } from "~/domain/dimensions";
import { CustomerAction } from "~/forms/customers.server";
import { audit } from "~/services/audit.server";
import { loadCustomerProgress } from "~/services/progress.server";
import { formatDate } from "~/utils/dates";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import { useAppData } from "./_app";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Cairn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const [assessments, progress] = await Promise.all([
    listAssessments(db(), { organisationId: user.organisationId, customerId: customer.id }),
    loadCustomerProgress({ organisationId: user.organisationId, customerId: customer.id }),
  ]);
  const readinessById = Object.fromEntries(progress.assessments.map((a) => [a.id, a.summary?.respondentsAnswered ? a.summary.readiness : null]));
  return json({ customer, assessments, readinessById, progress: { changes: progress.changes, benchmark: progress.benchmark, trendSvg: progress.trendSvg, latest: progress.latest, previous: progress.previous }, canStartAssessment: can(user, "assessments:write") });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await readFormData(request), CustomerAction);
  if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.intent });
  const archived = parsed.data.intent === "archive";
  await setCustomerArchived(db(), { organisationId: user.organisationId, customerId: customer.id, archived });
  await audit(user, context, archived ? "customer.archived" : "customer.restored", { type: "customer", id: customer.id });
  return redirect(`/customers/${customer.id}`);
}

export default function CustomerPage() {
  const { customer, assessments, canStartAssessment, readinessById, progress } = useLoaderData<typeof loader>();
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
          <nav aria-label="Migration planning" style={{ display: "flex", gap: "1rem" }}>
            <Link to={`/customers/${customer.id}/portfolio`}>Portfolio</Link>
            <Link to={`/customers/${customer.id}/plan`}>Plan</Link>
          </nav>
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
            <dd>{formatDate(customer.created_at)}</dd>
          </div>
        </dl>
        {customer.notes ? <p className="pre-wrap">{customer.notes}</p> : null}
      </div>
      <div className="page-head" style={{ marginBottom: 0 }}>
        <h2>Assessments</h2>
        {canStartAssessment ? (
          <div style={{ display: "flex", gap: "0.5rem" }}>
            {assessments.length > 0 ? (
              <Link className="button secondary" to={`/assessments/${assessments[0].id}/reassess`}>
                Re-assess
              </Link>
            ) : null}
            <Link className="button" to={`/customers/${customer.id}/assessments/new`}>
              Start assessment
            </Link>
          </div>
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
              <th className="num">Readiness</th>
            </tr>
          </thead>
          <tbody>
            {assessments.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/assessments/${a.id}`}>{a.title}</Link>
                </td>
                <td>{formatDate(a.created_at)}</td>
                <td>{a.mode}</td>
                <td>
                  <span className={`badge ${a.status}`}>{a.status}</span>
                </td>
                <td>
                  {a.completedCount} of {a.respondentCount} completed
                </td>
                <td className="num">
                  {readinessById[a.id] === null || readinessById[a.id] === undefined ? "—" : <Link to={`/assessments/${a.id}/results`}>{Math.round(readinessById[a.id]!)}</Link>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ProgressSection progress={progress} />
    </main>
  );
}

const signed = (n: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${Math.abs(Math.round(n))}`;

function ProgressSection({ progress }: { progress: ReturnType<typeof useLoaderData<typeof loader>>["progress"] }) {
  if (!progress.latest) return null;
  const { changes, benchmark, trendSvg, latest, previous } = progress;
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      {changes && previous ? (
        <div className="card">
          <h3 style={{ marginTop: 0 }}>
            What moved since {previous.title}
          </h3>
          <table className="data">
            <thead>
              <tr>
                <th>Measure</th>
                <th className="num">Before</th>
                <th className="num">Now</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.key} data-testid={`change-${c.key}`}>
                  <td>{c.label}</td>
                  <td className="num">{c.before === null ? "—" : Math.round(c.before)}</td>
                  <td className="num">{c.after === null ? "—" : Math.round(c.after)}</td>
                  <td className="num">
                    {c.change === null ? "—" : (
                      <span className={c.better === null ? "" : c.better ? "change-better" : "change-worse"}>
                        {signed(c.change)} {c.better === null ? "" : c.better ? "▲ better" : "▼ worse"}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {trendSvg ? <div className="chart" aria-label="Trend of scores across assessments" dangerouslySetInnerHTML={{ __html: trendSvg }} /> : null}
        </div>
      ) : (
        <p className="muted">After a re-assessment this page shows what moved, dimension by dimension.</p>
      )}
      {benchmark ? (
        <div className="card">
          <h3 style={{ marginTop: 0 }}>Compared with other customers</h3>
          <p className="muted small">The anonymised average of the latest assessments of {benchmark.customers} other customers of your practice.</p>
          <table className="data">
            <thead>
              <tr>
                <th>Measure</th>
                <th className="num">{latest.title}</th>
                <th className="num">Average of others</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>Overall readiness</td>
                <td className="num">{latest.values.readiness === null ? "—" : Math.round(latest.values.readiness)}</td>
                <td className="num">{benchmark.readiness === null ? "—" : Math.round(benchmark.readiness)}</td>
              </tr>
              {DIMENSIONS.map((d) => {
                const own = latest.values[d.key as keyof typeof latest.values];
                const others = benchmark.dimensions[d.key];
                return (
                  <tr key={d.key}>
                    <td>{d.name}</td>
                    <td className="num">{own === null || own === undefined ? "—" : Math.round(own)}</td>
                    <td className="num">{others === null || others === undefined ? "—" : Math.round(others)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
