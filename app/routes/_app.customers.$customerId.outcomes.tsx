import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getCustomer } from "../../db/repositories/customers";
import { addKpiActual, deleteKpiActual, listKpiActuals } from "../../db/repositories/plans";
import { can, found, requireUser } from "~/auth/access.server";
import { renderKpiChartSvg } from "~/components/charts/chart-svg.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/field";
import { db } from "~/db.server";
import { measuresOf, progressTowardsTarget, STONE_STATUSES, withUnit } from "~/domain/plan-versions";
import { DeleteActual, OutcomeIntent, RecordActual } from "~/forms/outcomes.server";
import { audit } from "~/services/audit.server";
import { findCustomerPlan, loadPlanVersion } from "~/services/plans.server";
import { loadCustomerProgress } from "~/services/progress.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import planStyles from "~/styles/plans.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Outcomes: ${data?.customer.name ?? "Customer"} · Cairn` }];

const statusName = (key: string) => STONE_STATUSES.find((s) => s.key === key)?.name ?? key;

async function currentPlan(organisationId: string, customerId: string) {
  const { plan } = await findCustomerPlan({ organisationId, customerId });
  if (!plan) return null;
  const version = await loadPlanVersion({ organisationId, plan });
  return version ? { plan, version } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const current = await currentPlan(user.organisationId, customer.id);
  const canEdit = can(user, "assessments:write");
  if (!current) return json({ customer: { id: customer.id, name: customer.name }, canEdit, outcome: null });

  const { plan, version } = current;
  const [actuals, progress] = await Promise.all([
    listKpiActuals(db(), { organisationId: user.organisationId, planId: plan.id }),
    loadCustomerProgress({ organisationId: user.organisationId, customerId: customer.id }),
  ]);
  const measures = measuresOf(version.document).map((measure) => {
    const recorded = actuals.filter((a) => a.kpiId === measure.id);
    const latest = recorded.at(-1) ?? null;
    const { baseline, target } = measure.reference;
    return {
      ...measure,
      actuals: recorded,
      latest,
      progress: latest ? progressTowardsTarget(latest.value, baseline, target) : null,
      chartSvg:
        recorded.length > 0 ? renderKpiChartSvg({ points: recorded.map((a) => ({ date: a.measuredAt, value: a.value })), baseline, target, unit: measure.unit }) : null,
    };
  });
  const inPlan = new Set<string>(measures.map((m) => m.id));
  const stones = version.document.stones.map((stone, index) => ({ id: stone.id, position: index + 1, title: stone.title, status: stone.status, goal: stone.goal }));
  // A re-assessment after the plan was made: what the customer finished, and what moved in the scores.
  const reassessed = progress.previous && progress.latest && progress.changes && progress.latest.id !== plan.assessmentId ? progress : null;
  const readiness = reassessed?.changes?.find((c) => c.key === "readiness") ?? null;

  return json({
    customer: { id: customer.id, name: customer.name },
    canEdit,
    outcome: {
      planAssessmentTitle: plan.assessmentTitle,
      version: version.version,
      stones,
      measures,
      otherActuals: actuals.filter((a) => !inPlan.has(a.kpiId)),
      reassessment: reassessed
        ? {
            previousTitle: reassessed.previous!.title,
            latestTitle: reassessed.latest!.title,
            readiness: readiness ? { before: readiness.before, after: readiness.after, change: readiness.change, better: readiness.better } : null,
            improved: reassessed.changes!.filter((c) => c.better === true).map((c) => c.label),
            worsened: reassessed.changes!.filter((c) => c.better === false).map((c) => c.label),
          }
        : null,
      today: new Date().toISOString().slice(0, 10),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const formData = await readFormData(request);
  const intent = parseForm(formData, OutcomeIntent);
  if (!intent.ok) return badRequest({ formError: intent.fieldErrors.intent });
  const current = await currentPlan(user.organisationId, customer.id);
  if (!current) return badRequest({ formError: "Generate a plan first: measures come from its stones." });

  if (intent.data.intent === "delete") {
    const parsed = parseForm(formData, DeleteActual);
    if (!parsed.ok) return badRequest({ formError: "Choose a recorded value." });
    const deleted = await deleteKpiActual(db(), { organisationId: user.organisationId, planId: current.plan.id, actualId: parsed.data.actualId });
    if (!deleted) return badRequest({ formError: "That value was already deleted." });
    await audit(user, context, "kpi.actual-deleted", { type: "plan", id: current.plan.id, detail: { actualId: parsed.data.actualId } });
    return json({ ok: true as const, message: "Deleted." });
  }

  const parsed = parseForm(formData, RecordActual);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  const measure = measuresOf(current.version.document).find((m) => m.id === parsed.data.kpiId);
  if (!measure) return badRequest({ fieldErrors: { kpiId: "That measure is not in the plan." }, values: parsed.values });
  await addKpiActual(db(), { organisationId: user.organisationId, planId: current.plan.id, kpiId: measure.id, measuredAt: parsed.data.measuredAt, value: parsed.data.value, note: parsed.data.note, recordedBy: user.id });
  await audit(user, context, "kpi.actual-recorded", { type: "plan", id: current.plan.id, detail: { kpiId: measure.id, measuredAt: parsed.data.measuredAt } });
  return json({ ok: true as const, message: `Recorded ${withUnit(parsed.data.value, measure.unit)} for ${measure.name} on ${parsed.data.measuredAt}.` });
}

type Outcome = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["outcome"]>;

export default function OutcomesPage() {
  const data = useLoaderData<typeof loader>();
  const base = `/customers/${data.customer.id}`;
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted crumbs">
            <Link to="/customers">Customers</Link> › <Link to={base}>{data.customer.name}</Link>
          </p>
          <h1>Outcomes</h1>
        </div>
        <nav className="sub-nav" aria-label="Plan pages">
          <Link className="button secondary" to={`${base}/plan`}>
            Plan
          </Link>
          <Link className="button secondary" to={`${base}#progress-title`}>
            What moved
          </Link>
        </nav>
      </div>
      {data.outcome ? (
        <OutcomeView outcome={data.outcome} canEdit={data.canEdit} base={base} />
      ) : (
        <p className="card">
          There is no plan yet, so there is nothing to measure against. <Link to={`${base}/plan`}>Generate the plan</Link>: its stones set the business measures.
        </p>
      )}
    </main>
  );
}

function OutcomeView({ outcome, canEdit, base }: { outcome: Outcome; canEdit: boolean; base: string }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const recording = navigation.state === "submitting" && navigation.formData?.get("intent") === "record";
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const completed = outcome.stones.filter((s) => s.status === "completed");
  return (
    <>
      <p className="lede">
        Business measures set by the plan (version {outcome.version}, from {outcome.planAssessmentTitle}), with what has been measured since. Success is what changed for the
        business, not how much moved.
      </p>
      {actionData && "message" in actionData ? (
        <p className="notice" role="status">
          {actionData.message}
        </p>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}

      <section aria-labelledby="stones-title">
        <h2 id="stones-title">Stones</h2>
        {outcome.reassessment ? (
          <div className="card" data-testid="reassessment">
            <h3 style={{ marginTop: 0 }}>
              Since {outcome.reassessment.previousTitle}: {outcome.reassessment.latestTitle}
            </h3>
            <p>
              {completed.length > 0 ? (
                <>
                  Stones marked completed: <strong>{completed.map((s) => `${s.position}. ${s.title}`).join("; ")}</strong>.
                </>
              ) : (
                "No stone is marked completed yet."
              )}
            </p>
            <p>
              {outcome.reassessment.readiness && outcome.reassessment.readiness.change !== null ? (
                <>
                  Overall readiness {Math.round(outcome.reassessment.readiness.before ?? 0)} → {Math.round(outcome.reassessment.readiness.after ?? 0)}.{" "}
                </>
              ) : null}
              {outcome.reassessment.improved.length > 0 ? <>Better: {outcome.reassessment.improved.join(", ")}. </> : null}
              {outcome.reassessment.worsened.length > 0 ? <>Worse: {outcome.reassessment.worsened.join(", ")}. </> : null}
              <Link to={`${base}#progress-title`}>See what moved, dimension by dimension</Link>.
            </p>
          </div>
        ) : null}
        <table className="data compact">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Stone</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {outcome.stones.map((stone) => (
              <tr key={stone.id}>
                <td className="num">{stone.position}</td>
                <td>{stone.title}</td>
                <td>
                  <span className={`status ${stone.status}`}>{statusName(stone.status)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted small">A stone's status is part of the plan: change it in the plan editor, and it is kept in the new version.</p>
      </section>

      {canEdit && outcome.measures.length > 0 ? (
        <section aria-labelledby="record-title" className="card">
          <h2 id="record-title" style={{ marginTop: 0 }}>
            Record a measurement
          </h2>
          {/* A new key after each recording empties the form for the next one. */}
          <Form method="post" className="form-grid" key={actionData && "message" in actionData ? actionData.message : "record"}>
            <input type="hidden" name="intent" value="record" />
            <div className="span-2">
              <SelectField
                name="kpiId"
                label="Measure"
                defaultValue={values?.kpiId ?? outcome.measures[0].id}
                error={fieldErrors?.kpiId}
                options={outcome.measures.map((m) => ({ value: m.id, label: `${m.name} (${m.unit})` }))}
              />
            </div>
            <TextField name="measuredAt" label="Measured on" type="date" defaultValue={values?.measuredAt ?? outcome.today} error={fieldErrors?.measuredAt} required />
            <TextField name="value" label="Value" inputMode="decimal" defaultValue={values?.value} error={fieldErrors?.value} required />
            <div className="wide">
              <TextField name="note" label="Note (optional)" defaultValue={values?.note} error={fieldErrors?.note} maxLength={500} hint="Where the figure came from, or anything unusual about the period." />
            </div>
            <div>
              <button type="submit" disabled={recording}>
                Record
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="measures-title">
        <h2 id="measures-title">Measures</h2>
        {outcome.measures.length === 0 ? <p className="muted">The plan sets no measures.</p> : null}
        {outcome.measures.map((measure) => (
          <article key={measure.id} className="card measure" aria-labelledby={`measure-${measure.id}`} data-testid={`measure-${measure.id}`}>
            <div className="stone-head">
              <h3 id={`measure-${measure.id}`} style={{ margin: 0 }}>
                {measure.name}
              </h3>
              <span className="muted small">
                {measure.unit}, {measure.direction === "decrease" ? "lower is better" : "higher is better"}
              </span>
            </div>
            <p className="muted small">{measure.measuredBy}</p>
            <div className="split">
              <div>
                <table className="data compact">
                  <thead>
                    <tr>
                      <th>Set by</th>
                      <th>Baseline</th>
                      <th>Target</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measure.settings.map((setting) => (
                      <tr key={setting.stoneId} className={setting.stoneId === measure.reference.stoneId ? "selected" : undefined}>
                        <td>
                          {setting.stoneTitle}
                          {setting.scope ? <div className="muted small">{setting.scope}</div> : null}
                        </td>
                        <td>{setting.baseline === null ? <span className="muted">to be measured</span> : withUnit(setting.baseline, measure.unit)}</td>
                        <td>{setting.targetText}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p>
                  {measure.latest ? (
                    <>
                      Latest: <strong>{withUnit(measure.latest.value, measure.unit)}</strong> on {measure.latest.measuredAt}.{" "}
                      {measure.progress === null ? (
                        <span className="muted">Set a baseline and a target in the plan to see progress.</span>
                      ) : (
                        <span>
                          <span className="progress-bar" aria-hidden="true">
                            <span style={{ width: `${Math.max(0, Math.min(1, measure.progress)) * 100}%` }} />
                          </span>
                          {Math.round(measure.progress * 100)}% of the way from the baseline to the target
                          {measure.settings.length > 1 ? <span className="muted small"> (of the highlighted stone)</span> : null}.
                        </span>
                      )}
                    </>
                  ) : (
                    <span className="muted">Nothing recorded yet.</span>
                  )}
                </p>
              </div>
              {measure.chartSvg ? <div className="chart" aria-label={`${measure.name} over time`} dangerouslySetInnerHTML={{ __html: measure.chartSvg }} /> : null}
            </div>
            {measure.actuals.length > 0 ? (
              <details>
                <summary>Recorded values ({measure.actuals.length})</summary>
                <ActualsTable actuals={measure.actuals} unit={measure.unit} canEdit={canEdit} />
              </details>
            ) : null}
          </article>
        ))}
        {outcome.otherActuals.length > 0 ? (
          <details className="card">
            <summary>Values recorded for measures no longer in the plan ({outcome.otherActuals.length})</summary>
            <ActualsTable actuals={outcome.otherActuals} unit="" canEdit={canEdit} showMeasure />
          </details>
        ) : null}
      </section>
    </>
  );
}

function ActualsTable({ actuals, unit, canEdit, showMeasure = false }: { actuals: Outcome["otherActuals"]; unit: string; canEdit: boolean; showMeasure?: boolean }) {
  return (
    <table className="data compact">
      <thead>
        <tr>
          {showMeasure ? <th>Measure</th> : null}
          <th>Measured on</th>
          <th className="num">Value</th>
          <th>Note</th>
          <th>Recorded by</th>
          {canEdit ? <th></th> : null}
        </tr>
      </thead>
      <tbody>
        {actuals.map((actual) => (
          <tr key={actual.id}>
            {showMeasure ? <td>{actual.kpiId}</td> : null}
            <td>{actual.measuredAt}</td>
            <td className="num">{unit ? withUnit(actual.value, unit) : actual.value}</td>
            <td>{actual.note}</td>
            <td>{actual.recordedByName ?? "a former user"}</td>
            {canEdit ? (
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="actualId" value={actual.id} />
                  <button type="submit" className="link">
                    Delete
                  </button>
                </Form>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
