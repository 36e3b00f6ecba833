import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getCustomer } from "../../db/repositories/customers";
import { can, found, requireUser } from "~/auth/access.server";
import { renderPlanTimelineSvg } from "~/components/charts/chart-svg.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { getDimension, groupName } from "~/domain/dimensions";
import { comparePlanDocuments, STONE_STATUSES, timelineOf, withUnit, type PlanStone } from "~/domain/plan-versions";
import { STEPPING_STONE_RULES } from "~/domain/stepping-stones";
import { GeneratePlan } from "~/forms/plans.server";
import { audit } from "~/services/audit.server";
import { findCustomerPlan, generateCustomerPlan, listVersions, loadPlanVersion } from "~/services/plans.server";
import { countedLabel, loadCountedAssessment } from "~/services/counted-assessment.server";
import { loadPortfolioDecisions } from "~/services/portfolio.server";
import { loadAssessmentResults } from "~/services/results.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import planStyles from "~/styles/plans.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Plan: ${data?.customer.name ?? "Customer"} · Cairn` }];

const FORMAT_NAMES: Record<string, string> = { workshop: "Workshop", "hands-on-lab": "Hands-on lab", briefing: "Briefing" };
const statusName = (key: string) => STONE_STATUSES.find((s) => s.key === key)?.name ?? key;

/** A positive whole number from a query string, or null. */
function wholeNumber(value: string | null): number | null {
  if (value === null || !/^[1-9][0-9]{0,5}$/.test(value)) return null;
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const url = new URL(request.url);
  const scope = { organisationId: user.organisationId, customerId: customer.id };
  const { plan, plans } = await findCustomerPlan({ ...scope, planId: url.searchParams.get("plan") });
  if (url.searchParams.get("plan") && !plan) throw new Response("Plan not found.", { status: 404 });

  // The plan is generated from the assessment that counts (questionnaires/README.md), named on the page.
  const counted = countedLabel((await loadCountedAssessment(scope)).choice);
  const countedAssessment = counted.id && counted.title ? { id: counted.id, title: counted.title, words: counted.words } : null;
  const canEdit = can(user, "assessments:write");

  if (!plan) {
    const results = countedAssessment ? await loadAssessmentResults({ organisationId: user.organisationId, assessmentId: countedAssessment.id }) : null;
    const portfolio = results ? await loadPortfolioDecisions({ ...scope, results }) : null;
    return json({
      customer: { id: customer.id, name: customer.name },
      canEdit,
      countedAssessment,
      countedWords: counted.words,
      inputs: portfolio ? { applications: portfolio.applications.length, waves: portfolio.waves.waves.length } : null,
      savedVersion: null,
      plan: null,
    });
  }

  const requested = wholeNumber(url.searchParams.get("version"));
  const current = found(await loadPlanVersion({ organisationId: user.organisationId, plan, version: requested }), "Plan version");
  const versions = await listVersions({ organisationId: user.organisationId, planId: plan.id });
  const from = wholeNumber(url.searchParams.get("from"));
  const to = wholeNumber(url.searchParams.get("to"));
  let comparison = null;
  if (from !== null && to !== null) {
    const [before, after] = await Promise.all([
      loadPlanVersion({ organisationId: user.organisationId, plan, version: from }),
      loadPlanVersion({ organisationId: user.organisationId, plan, version: to }),
    ]);
    comparison = before && after ? { from, to, ...comparePlanDocuments(before.document, after.document) } : { from, to, missing: true as const };
  }

  const timeline = timelineOf(current.document);
  return json({
    customer: { id: customer.id, name: customer.name },
    canEdit,
    countedAssessment,
    countedWords: counted.words,
    inputs: null,
    savedVersion: wholeNumber(url.searchParams.get("saved")),
    plan: {
      id: plan.id,
      assessmentId: plan.assessmentId,
      assessmentTitle: plan.assessmentTitle,
      createdAt: plan.createdAt,
      latestVersion: plan.latestVersion,
      isNewest: plans[0]?.id === plan.id,
      version: current.version,
      note: current.note,
      savedBy: current.createdByName,
      savedAt: current.createdAt,
      document: current.document,
      unmeasured: current.document.unmeasuredDimensions.map((key) => getDimension(key).name),
      timelineSvg: renderPlanTimelineSvg({ stones: timeline }),
      versions,
      comparison,
      otherPlans: plans.filter((p) => p.id !== plan.id).map((p) => ({ id: p.id, assessmentTitle: p.assessmentTitle, createdAt: p.createdAt, latestVersion: p.latestVersion })),
    },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await readFormData(request), GeneratePlan);
  if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.intent });
  const generated = await generateCustomerPlan({ organisationId: user.organisationId, customerId: customer.id, userId: user.id });
  if (!generated.ok) return badRequest({ formError: generated.message });
  await audit(user, context, "plan.generated", { type: "plan", id: generated.planId, detail: { customerId: customer.id } });
  return redirect(`/customers/${customer.id}/plan`);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function PlanPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/customers/${data.customer.id}`;
  const plan = data.plan;
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted crumbs">
            <Link to="/customers">Customers</Link> › <Link to={base}>{data.customer.name}</Link>
          </p>
          <h1>Stepping-stone plan</h1>
        </div>
        <nav className="sub-nav" aria-label="Plan pages">
          <Link className="button secondary" to={`${base}/portfolio`}>
            Portfolio
          </Link>
          <Link className="button secondary" to={`${base}/waves`}>
            Waves
          </Link>
          {plan ? (
            <Link className="button secondary" to={`${base}/outcomes`}>
              Outcomes
            </Link>
          ) : null}
          {plan && data.canEdit && plan.isNewest ? (
            <Link className="button" to={`${base}/plan/edit`}>
              Edit plan
            </Link>
          ) : null}
        </nav>
      </div>
      {actionData && "formError" in actionData && actionData.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      {data.savedVersion ? (
        <p className="notice" role="status">
          Saved as version {data.savedVersion}.
        </p>
      ) : null}
      {plan ? <PlanView data={data} plan={plan} /> : <NoPlan data={data} />}
    </main>
  );
}

function GenerateButton({ label }: { label: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "generate";
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="generate" />
      <button type="submit" disabled={busy}>
        {busy ? "Generating…" : label}
      </button>
    </Form>
  );
}

function NoPlan({ data }: { data: LoaderData }) {
  return (
    <div className="card">
      <p style={{ marginTop: 0 }}>
        There is no plan for {data.customer.name} yet. A plan turns an assessment's scores and perception gaps, the portfolio's migration waves and the teaching
        catalogue into an ordered path of small steps, teaching before moving.
      </p>
      {data.countedAssessment ? (
        <>
          <ul>
            <li>
              Scores and gaps from the assessment that counts. <span data-testid="figures-from">Figures from: <Link to={`/assessments/${data.countedAssessment.id}/results`}>{data.countedAssessment.words}</Link>.</span>{" "}
              <Link to={`/customers/${data.customer.id}`}>Choose another on the customer page</Link>.
            </li>
            <li>
              {data.inputs && data.inputs.applications > 0 ? (
                <>
                  Waves from the portfolio: {data.inputs.applications} applications in {data.inputs.waves} waves.
                </>
              ) : (
                <>
                  No portfolio yet: the plan will start by mapping what runs where. <Link to={`/customers/${data.customer.id}/portfolio`}>Import the portfolio first</Link> to
                  plan waves.
                </>
              )}
            </li>
          </ul>
          {data.canEdit ? <GenerateButton label="Generate plan" /> : <p className="muted">A consultant generates the plan.</p>}
        </>
      ) : (
        <p className="muted" data-testid="figures-from">
          {data.countedWords}. A plan is made from the scores of the assessment that counts: <Link to={`/customers/${data.customer.id}`}>choose one on the customer page</Link>.
        </p>
      )}
    </div>
  );
}

function PlanView({ data, plan }: { data: LoaderData; plan: NonNullable<LoaderData["plan"]> }) {
  const base = `/customers/${data.customer.id}`;
  const document = plan.document;
  const newerAssessment = data.countedAssessment && data.countedAssessment.id !== plan.assessmentId && plan.isNewest ? data.countedAssessment : null;
  return (
    <>
      <p className="lede">
        <strong>Version {plan.version}</strong> of {plan.latestVersion} · generated from <Link to={`/assessments/${plan.assessmentId}/results`}>{plan.assessmentTitle}</Link> · teaching
        catalogue version {document.catalogueVersion} · plan rules version {document.rulesVersion ?? 1} · {document.stones.length} stones, about <strong>{document.totalWeeks} weeks</strong>.
        <br />
        <span className="muted small">
          Saved by {plan.savedBy ?? "a former user"} on {formatDateTime(plan.savedAt)}: {plan.note}
        </span>
      </p>
      {plan.version !== plan.latestVersion ? (
        <p className="warning">
          You are looking at version {plan.version}. <Link to={`${base}/plan${plan.isNewest ? "" : `?plan=${plan.id}`}`}>See the latest, version {plan.latestVersion}</Link>.
        </p>
      ) : null}
      {!plan.isNewest ? <p className="warning">This is an earlier plan. <Link to={`${base}/plan`}>See the current plan</Link>.</p> : null}
      {newerAssessment && data.canEdit ? (
        <div className="notice actions">
          <span>
            {newerAssessment.title} now counts for this customer, and it is not the assessment this plan was made from. Keep this plan and mark its stones' progress, or
            generate a new plan from its results (this one stays readable below it).
          </span>
          <GenerateButton label={`Generate a new plan from ${newerAssessment.title}`} />
        </div>
      ) : null}
      <p className="muted small" data-testid="counted-now">
        The assessment that counts now: {data.countedWords}.
      </p>
      {plan.unmeasured.length > 0 ? (
        <p className="muted small">Not measured, so no rule read them: {plan.unmeasured.join(", ")}.</p>
      ) : null}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <div className="card">
          <div className="chart" aria-label="Timeline of the stepping stones" dangerouslySetInnerHTML={{ __html: plan.timelineSvg }} />
          <p className="muted small" style={{ marginBottom: 0 }}>
            Stones one after another by their estimated weeks. Blue: planned; orange: in progress; green: completed.
          </p>
        </div>
      </section>

      <section aria-labelledby="stones-title">
        <h2 id="stones-title">The stepping stones</h2>
        {document.stones.map((stone, index) => (
          <StoneCard key={stone.id} stone={stone} position={index + 1} />
        ))}
      </section>

      <Versions data={data} plan={plan} />

      {plan.otherPlans.length > 0 ? (
        <section aria-labelledby="other-plans-title">
          <h2 id="other-plans-title">{plan.isNewest ? "Earlier plans" : "Other plans"}</h2>
          <ul>
            {plan.otherPlans.map((other) => (
              <li key={other.id}>
                <Link to={`${base}/plan?plan=${other.id}`}>From {other.assessmentTitle}</Link>, generated {formatDate(other.createdAt)} ({other.latestVersion}{" "}
                version{other.latestVersion === 1 ? "" : "s"})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <details className="card">
        <summary>How plans are made</summary>
        <table className="data compact">
          <thead>
            <tr>
              <th>Rule</th>
              <th>When</th>
              <th>Then</th>
            </tr>
          </thead>
          <tbody>
            {STEPPING_STONE_RULES.map((rule) => (
              <tr key={rule.id}>
                <td>
                  <code>{rule.id}</code>
                </td>
                <td>{rule.when}</td>
                <td>{rule.then}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}

function StoneCard({ stone, position }: { stone: PlanStone; position: number }) {
  return (
    <article className={`card stone ${stone.status}`} aria-labelledby={`stone-${stone.id}`} data-testid={`stone-${stone.id}`}>
      <div className="stone-head">
        <h3 id={`stone-${stone.id}`}>
          <span className="stone-number">{position}.</span>
          {stone.title}
        </h3>
        <span>
          <span className={`status ${stone.status}`}>{statusName(stone.status)}</span> <strong>{stone.estimatedWeeks}</strong> week{stone.estimatedWeeks === 1 ? "" : "s"}
        </span>
      </div>
      <p>
        <strong>Goal:</strong> {stone.goal}
      </p>
      <p className="small">
        <strong>Entry condition:</strong> {stone.entryCondition}
      </p>
      <p className="small">
        <strong>Owners:</strong> {stone.owners.customer} (customer) · {stone.owners.provider} (provider)
      </p>

      {stone.activities.length > 0 ? (
        <>
          <h4>Activities</h4>
          <table className="data compact">
            <thead>
              <tr>
                <th>Module</th>
                <th>Format</th>
                <th className="num">Hours</th>
                <th>For</th>
                <th>Why here</th>
              </tr>
            </thead>
            <tbody>
              {stone.activities.map((activity) => (
                <tr key={activity.moduleId}>
                  <td>
                    {activity.title}
                    <div className="muted small">{activity.why}</div>
                  </td>
                  <td>{FORMAT_NAMES[activity.format] ?? activity.format}</td>
                  <td className="num">{activity.durationHours}</td>
                  <td>{activity.audience.map(groupName).join(", ")}</td>
                  <td className="small">{activity.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {stone.workloads.applicationNames.length > 0 ? (
        <>
          <h4>Workloads</h4>
          <p className="small" style={{ margin: 0 }}>
            Wave{stone.workloads.waves.length === 1 ? "" : "s"} {stone.workloads.waves.join(", ")}: {stone.workloads.applicationNames.join(", ")}.
            {stone.workloads.moveGroupIds.length > 0 ? ` Move groups: ${stone.workloads.moveGroupIds.join(", ")}.` : ""}
            {stone.workloads.windowsToAvoid.length > 0 ? ` Keep clear of: ${stone.workloads.windowsToAvoid.join("; ")}.` : ""}
          </p>
        </>
      ) : null}

      {stone.outcomeKpis.length > 0 ? (
        <>
          <h4>Outcome measures</h4>
          <table className="data compact">
            <thead>
              <tr>
                <th>Measure</th>
                <th>Baseline</th>
                <th>Target</th>
                <th>How it is measured</th>
              </tr>
            </thead>
            <tbody>
              {stone.outcomeKpis.map((kpi) => (
                <tr key={kpi.id}>
                  <td>
                    {kpi.name}
                    {kpi.scope ? <div className="muted small">{kpi.scope}</div> : null}
                  </td>
                  <td>{kpi.baseline === null ? <span className="muted">to be measured at the start</span> : withUnit(kpi.baseline, kpi.unit)}</td>
                  <td>{kpi.target.text}</td>
                  <td className="small">{kpi.measuredBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p className="rationale">
        <strong>Why this stone:</strong> {stone.rationale}
        {stone.ruleId ? (
          <>
            {" "}
            <span className="small">
              (rule <code>{stone.ruleId}</code>)
            </span>
          </>
        ) : (
          <span className="small"> (added by a consultant)</span>
        )}
      </p>
      {stone.answers && stone.answers.length > 0 ? (
        <div className="small" data-testid={`stone-answers-${stone.id}`}>
          <strong>The findings it answers:</strong>
          <ul>
            {stone.answers.map((finding, index) => (
              <li key={index}>{finding.text}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </article>
  );
}

function Versions({ data, plan }: { data: LoaderData; plan: NonNullable<LoaderData["plan"]> }) {
  const planParam = plan.isNewest ? "" : `plan=${plan.id}&`;
  const path = `/customers/${data.customer.id}/plan`;
  const comparison = plan.comparison;
  return (
    <section aria-labelledby="versions-title" id="versions">
      <h2 id="versions-title">Versions</h2>
      <p className="muted small">Every save is a new version; a saved version never changes.</p>
      <table className="data compact" data-testid="plan-versions">
        <thead>
          <tr>
            <th className="num">Version</th>
            <th>Note</th>
            <th>Saved by</th>
            <th>When</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {plan.versions.map((v) => (
            <tr key={v.version} className={v.version === plan.version ? "selected" : undefined}>
              <td className="num">{v.version}</td>
              <td>{v.note}</td>
              <td>{v.createdByName ?? "a former user"}</td>
              <td>{formatDateTime(v.createdAt)}</td>
              <td>
                <div className="actions">
                  {v.version === plan.version ? <span className="muted small">shown</span> : <Link to={`${path}?${planParam}version=${v.version}`}>View</Link>}
                  {v.version > 1 ? <Link to={`${path}?${planParam}from=${v.version - 1}&to=${v.version}#compare`}>Compare with {v.version - 1}</Link> : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.versions.length > 1 ? (
        <Form method="get" action={`${path}#compare`} className="toolbar compact-fields" aria-label="Compare two versions">
          {plan.isNewest ? null : <input type="hidden" name="plan" value={plan.id} />}
          <div className="field">
            <label htmlFor="compare-from">Compare version</label>
            <select id="compare-from" name="from" defaultValue={String(comparison?.from ?? plan.latestVersion - 1)}>
              {plan.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compare-to">with version</label>
            <select id="compare-to" name="to" defaultValue={String(comparison?.to ?? plan.latestVersion)}>
              {plan.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Compare
          </button>
        </Form>
      ) : null}
      {comparison ? <Comparison comparison={comparison} /> : null}
    </section>
  );
}

function Comparison({ comparison }: { comparison: NonNullable<NonNullable<LoaderData["plan"]>["comparison"]> }) {
  if ("missing" in comparison) return <p className="form-error" id="compare">There is no version {comparison.from} or {comparison.to} of this plan.</p>;
  return (
    <div className="card" id="compare" data-testid="plan-comparison">
      <h3 style={{ marginTop: 0 }}>
        What changed from version {comparison.from} to version {comparison.to}
      </h3>
      {comparison.identical ? (
        <p>Nothing: the two versions hold the same stones in the same order.</p>
      ) : (
        <>
          <p>
            Total estimate: {comparison.totalWeeks.before} → {comparison.totalWeeks.after} weeks.
          </p>
          {comparison.added.length > 0 ? (
            <p>
              <strong>Added:</strong> {comparison.added.map((s) => `${s.title} (at ${s.position})`).join("; ")}
            </p>
          ) : null}
          {comparison.removed.length > 0 ? (
            <p>
              <strong>Removed:</strong> {comparison.removed.map((s) => `${s.title} (was ${s.position})`).join("; ")}
            </p>
          ) : null}
          {comparison.moved.length > 0 ? (
            <p>
              <strong>Moved:</strong> {comparison.moved.map((s) => `${s.title} (${s.from} → ${s.to})`).join("; ")}
            </p>
          ) : null}
          {comparison.changed.length > 0 ? (
            <table className="data compact changes">
              <thead>
                <tr>
                  <th>Stone</th>
                  <th>What</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {comparison.changed.flatMap((stone) =>
                  stone.changes.map((change, index) => (
                    <tr key={`${stone.id}-${index}`}>
                      <td>{index === 0 ? stone.title : ""}</td>
                      <td>{change.field}</td>
                      <td>{change.before ? <del className="before">{change.before}</del> : <span className="muted">—</span>}</td>
                      <td>{change.after ? <ins className="after">{change.after}</ins> : <span className="muted">—</span>}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          ) : null}
        </>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
