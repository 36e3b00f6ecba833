import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listAssessments } from "../../db/repositories/assessments";
import { getCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScoreEvidence } from "~/components/score-evidence";
import { db } from "~/db.server";
import { DIMENSIONS } from "~/domain/dimensions";
import { CustomerAction } from "~/forms/customers.server";
import { audit } from "~/services/audit.server";
import { chooseCountedAssessmentFor, countedLabel, loadCountedAssessment } from "~/services/counted-assessment.server";
import { evidenceOf, loadCustomerProgress } from "~/services/progress.server";
import { formatDate } from "~/utils/dates";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import { useAppData } from "./_app";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Cairn` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const scope = { organisationId: user.organisationId, customerId: customer.id };
  const [assessments, counted] = await Promise.all([listAssessments(db(), scope), loadCountedAssessment(scope)]);
  const progress = await loadCustomerProgress({ ...scope, counted });
  const readinessById = Object.fromEntries(counted.candidates.map((a) => [a.id, a.summary?.respondentsAnswered ? a.summary.readiness : null]));
  // Every readiness figure with the evidence it rests on (rule 13), from the stored summaries.
  const readinessEvidenceById = Object.fromEntries(counted.candidates.map((a) => [a.id, a.summary?.respondentsAnswered ? (evidenceOf(a).readiness ?? null) : null]));
  return json({
    customer,
    assessments,
    readinessById,
    readinessEvidenceById,
    counted: {
      ...countedLabel(counted.choice),
      chosenId: counted.chosenId,
      options: counted.candidates.map((c) => ({ id: c.id, title: c.title, createdAt: c.createdAt, usable: c.eligibility.usable, eligible: c.eligibility.eligible, reason: c.eligibility.reason })),
    },
    progress: { changes: progress.changes, benchmark: progress.benchmark, trendSvg: progress.trendSvg, latest: progress.latest, previous: progress.previous },
    canStartAssessment: can(user, "assessments:write"),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await readFormData(request), CustomerAction);
  if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.intent ?? parsed.fieldErrors.assessmentId });
  if (parsed.data.intent === "count") {
    const chosen = await chooseCountedAssessmentFor({ organisationId: user.organisationId, customerId: customer.id, assessmentId: parsed.data.assessmentId || null });
    if (!chosen.ok) return badRequest({ formError: chosen.message });
    await audit(user, context, "customer.counted-assessment-set", { type: "customer", id: customer.id, detail: { assessmentId: chosen.assessmentId, title: chosen.title } });
    return redirect(`/customers/${customer.id}`);
  }
  const archived = parsed.data.intent === "archive";
  await setCustomerArchived(db(), { organisationId: user.organisationId, customerId: customer.id, archived });
  await audit(user, context, archived ? "customer.archived" : "customer.restored", { type: "customer", id: customer.id });
  return redirect(`/customers/${customer.id}`);
}

export default function CustomerPage() {
  const { customer, assessments, canStartAssessment, readinessById, readinessEvidenceById, progress, counted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
                  <ScoreEvidence evidence={readinessEvidenceById[a.id] ?? null} testId={`readiness-evidence-${a.id}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {assessments.length > 0 ? <CountedSection counted={counted} canChoose={permissions.writeCustomers} formError={actionData && "formError" in actionData ? actionData.formError : undefined} /> : null}
      <ProgressSection progress={progress} />
    </main>
  );
}

function CountedSection({ counted, canChoose, formError }: { counted: ReturnType<typeof useLoaderData<typeof loader>>["counted"]; canChoose: boolean; formError?: string }) {
  return (
    <section aria-labelledby="counted-title" className="card">
      <h2 id="counted-title" style={{ marginTop: 0 }}>
        The assessment that counts
      </h2>
      <p data-testid="figures-from">
        Figures from: {counted.id ? <Link to={`/assessments/${counted.id}/results`}>{counted.words}</Link> : counted.words}.
      </p>
      <p className="muted small">
        The dashboard, progress, benchmark, dispositions and plan of this customer use this assessment's answers only: each assessment stands alone, workshops and
        surveys are not combined. By default it is the newest assessment that is closed or fully answered, on a scored questionnaire, with at least 5 of 8
        dimensions answered well enough.
      </p>
      <ul className="small" data-testid="counted-options">
        {counted.options.map((o) => (
          <li key={o.id}>
            {o.title} ({formatDate(o.createdAt)}): {o.reason}
            {o.id === counted.id ? " — counts now" : ""}
          </li>
        ))}
      </ul>
      {canChoose ? (
        <Form method="post" className="actions">
          <label htmlFor="counted-assessment">Count</label>
          <select id="counted-assessment" name="assessmentId" defaultValue={counted.chosenId ?? ""}>
            <option value="">The default rule</option>
            {counted.options.map((o) => (
              <option key={o.id} value={o.id} disabled={!o.usable}>
                {o.title} ({formatDate(o.createdAt)}){o.usable ? "" : ": cannot count"}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="count" className="secondary">
            Save choice
          </button>
        </Form>
      ) : null}
      {formError ? (
        <p className="error" role="alert">
          {formError}
        </p>
      ) : null}
    </section>
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
                  <td className="num">
                    {c.before === null ? "—" : Math.round(c.before)}
                    <ScoreEvidence evidence={c.beforeEvidence} />
                  </td>
                  <td className="num">
                    {c.after === null ? "—" : Math.round(c.after)}
                    <ScoreEvidence evidence={c.afterEvidence} testId={`change-evidence-${c.key}`} />
                  </td>
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
                <td className="num">
                  {latest.values.readiness === null ? "—" : Math.round(latest.values.readiness)}
                  <ScoreEvidence evidence={latest.evidence.readiness ?? null} />
                </td>
                <td className="num">{benchmark.readiness === null ? "—" : Math.round(benchmark.readiness)}</td>
              </tr>
              {DIMENSIONS.map((d) => {
                const own = latest.values[d.key as keyof typeof latest.values];
                const others = benchmark.dimensions[d.key];
                return (
                  <tr key={d.key}>
                    <td>{d.name}</td>
                    <td className="num">
                      {own === null || own === undefined ? "—" : Math.round(own)}
                      <ScoreEvidence evidence={latest.evidence[d.key] ?? null} />
                    </td>
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
