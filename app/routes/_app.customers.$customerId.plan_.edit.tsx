import { json, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { getCustomer } from "../../db/repositories/customers";
import { found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { db } from "~/db.server";
import { groupName } from "~/domain/dimensions";
import { editOf, MAX_PLAN_STONES, OUTCOME_KPI_IDS, STONE_STATUSES, type PlanEdit, type StoneStatus } from "~/domain/plan-versions";
import { OUTCOME_KPIS } from "~/domain/stepping-stones";
import { getTeachingCatalogue } from "~/domain/teaching-catalogue.server";
import { PlanEditSchema, SavePlanEdit } from "~/forms/plans.server";
import { audit } from "~/services/audit.server";
import { findCustomerPlan, loadPlanVersion, savePlanEdit } from "~/services/plans.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import planStyles from "~/styles/plans.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit plan: ${data?.customer.name ?? "Customer"} · Cairn` }];

const FORMAT_NAMES: Record<string, string> = { workshop: "Workshop", "hands-on-lab": "Hands-on lab", briefing: "Briefing" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const { plan } = await findCustomerPlan({ organisationId: user.organisationId, customerId: customer.id });
  if (!plan) return json({ customer: { id: customer.id, name: customer.name }, editor: null });
  const current = found(await loadPlanVersion({ organisationId: user.organisationId, plan }), "Plan version");
  const catalogue = getTeachingCatalogue(current.document.catalogueVersion);
  return json({
    customer: { id: customer.id, name: customer.name },
    editor: editorData(current, catalogue),
  });
}

function editorData(current: NonNullable<Awaited<ReturnType<typeof loadPlanVersion>>>, catalogue: ReturnType<typeof getTeachingCatalogue>) {
  return {
    version: current.version,
    edit: editOf(current.document),
    stoneInfo: Object.fromEntries(
      current.document.stones.map((stone) => [
        stone.id,
        {
          ruleId: stone.ruleId,
          rationale: stone.rationale,
          workloads: stone.workloads.applicationNames.length > 0 ? `Wave${stone.workloads.waves.length === 1 ? "" : "s"} ${stone.workloads.waves.join(", ")}: ${stone.workloads.applicationNames.join(", ")}` : null,
        },
      ]),
    ),
    modules: catalogue.modules.map((m) => ({ id: m.id, title: m.title, format: m.format, durationHours: m.durationHours, audience: m.audience.map(groupName).join(", ") })),
    kpis: OUTCOME_KPI_IDS.map((id) => ({ id, name: OUTCOME_KPIS[id].name, unit: OUTCOME_KPIS[id].unit, direction: OUTCOME_KPIS[id].direction })),
  };
}

type Problem = { path: string; message: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const parsed = parseForm(await readFormData(request), SavePlanEdit);
  if (!parsed.ok) return json({ ok: false as const, problems: Object.entries(parsed.fieldErrors).map(([path, message]): Problem => ({ path, message })) }, { status: 400 });
  const { plan } = await findCustomerPlan({ organisationId: user.organisationId, customerId: customer.id });
  if (!plan) return badRequest({ formError: "This customer has no plan to edit." });

  let raw: unknown;
  try {
    raw = JSON.parse(parsed.data.plan);
  } catch {
    return json({ ok: false as const, problems: [{ path: "plan", message: "The edited plan could not be read. Reload and edit again." }] }, { status: 400 });
  }
  const shaped = PlanEditSchema.safeParse(raw);
  if (!shaped.success) {
    return json({ ok: false as const, problems: shaped.error.issues.map((issue): Problem => ({ path: issue.path.join("."), message: issue.message })) }, { status: 400 });
  }
  const edit: PlanEdit = shaped.data;
  const saved = await savePlanEdit({ organisationId: user.organisationId, plan, baseVersion: parsed.data.baseVersion, edit, note: parsed.data.note, userId: user.id });
  if (!saved.ok) {
    if ("conflict" in saved) {
      return json(
        { ok: false as const, problems: [{ path: "plan", message: `Someone saved a newer version of this plan while you were editing. Your changes are not saved: open the plan again to edit its latest version.` }] },
        { status: 409 },
      );
    }
    return json({ ok: false as const, problems: saved.problems }, { status: 400 });
  }
  await audit(user, context, "plan.version-saved", { type: "plan", id: plan.id, detail: { customerId: customer.id, version: saved.version } });
  return redirect(`/customers/${customer.id}/plan?saved=${saved.version}#versions`);
}

// ---------------------------------------------------------------------------------------------
// The editor

type EditorData = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["editor"]>;
/** In the editor numbers are kept as typed, so a half-typed value is never silently lost. */
type DraftKpi = { id: string; baseline: string; target: string };
type DraftStone = Omit<PlanEdit["stones"][number], "estimatedWeeks" | "kpis"> & { key: string; estimatedWeeks: string; kpis: DraftKpi[] };

/** Exactly as stored: an untouched target must come back equal, so the rule behind it is kept. */
const asText = (n: number | null) => (n === null ? "" : String(n));

function draftOf(edit: EditorData["edit"]): DraftStone[] {
  return edit.stones.map((stone) => ({
    ...stone,
    key: stone.id ?? "",
    estimatedWeeks: String(stone.estimatedWeeks),
    kpis: stone.kpis.map((kpi) => ({ id: kpi.id, baseline: asText(kpi.baseline), target: asText(kpi.target) })),
  }));
}

export default function EditPlanPage() {
  const { customer, editor } = useLoaderData<typeof loader>();
  if (!editor) {
    return (
      <main className="page">
        <h1>Edit the plan</h1>
        <p className="card">
          {customer.name} has no plan to edit yet. <Link to={`/customers/${customer.id}/plan`}>Generate it on the plan page</Link> first.
        </p>
      </main>
    );
  }
  return <PlanEditor customer={customer} data={editor} />;
}

function PlanEditor({ customer, data }: { customer: { id: string; name: string }; data: EditorData }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [stones, setStones] = useState<DraftStone[]>(() => draftOf(data.edit));
  const [added, setAdded] = useState(0);
  const problems: Problem[] = actionData && "problems" in actionData ? actionData.problems : [];
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  const errorAt = (path: string) => problems.find((p) => p.path === path)?.message;
  const saving = navigation.state === "submitting";

  const update = (index: number, change: (stone: DraftStone) => DraftStone) => setStones((all) => all.map((stone, i) => (i === index ? change(stone) : stone)));
  const move = (index: number, by: -1 | 1) =>
    setStones((all) => {
      const next = [...all];
      const [stone] = next.splice(index, 1);
      next.splice(index + by, 0, stone);
      return next;
    });
  const usedModules = new Set(stones.flatMap((s) => s.activityIds));
  const moduleOf = new Map(data.modules.map((m) => [m.id, m]));
  const kpiOf = new Map<string, EditorData["kpis"][number]>(data.kpis.map((k) => [k.id, k]));

  const serialised = JSON.stringify({
    stones: stones.map(({ key: _key, ...stone }) => ({ ...stone, kpis: stone.kpis.map((k) => ({ id: k.id, baseline: k.baseline, target: k.target })) })),
  });

  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted crumbs">
            <Link to="/customers">Customers</Link> › <Link to={`/customers/${customer.id}`}>{customer.name}</Link> ›{" "}
            <Link to={`/customers/${customer.id}/plan`}>Plan</Link>
          </p>
          <h1>Edit the plan</h1>
        </div>
      </div>
      <p className="lede muted">
        Editing version {data.version}. Nothing changes until you save; saving keeps version {data.version} as it is and stores your changes as version {data.version + 1},
        with your note. Entry conditions follow the order of the stones.
      </p>
      {problems.length > 0 || formError ? (
        <div className="form-error" role="alert" data-testid="edit-problems">
          <p style={{ marginTop: 0 }}>{formError ?? "The plan was not saved:"}</p>
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>{describeProblem(problem, stones)}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <ol className="editor-list" aria-label="Stones">
        {stones.map((stone, index) => {
          const info = stone.id ? data.stoneInfo[stone.id] : undefined;
          const at = `stones.${index}`;
          return (
            <li key={stone.key} style={{ display: "block", border: "none" }}>
              <section className={`editor-stone${stone.id ? "" : " new"}`} aria-label={`Stone ${index + 1}: ${stone.title || "new stone"}`} data-testid={`edit-stone-${index + 1}`}>
                <div className="stone-head">
                  <h2 style={{ margin: 0, fontSize: "1.05rem" }}>
                    <span className="stone-number">{index + 1}.</span>
                    {stone.title || "New stone"}
                    {info?.ruleId ? <span className="muted small"> · rule {info.ruleId}</span> : stone.id ? null : <span className="muted small"> · added</span>}
                  </h2>
                  <div className="actions">
                    <button type="button" className="secondary" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move stone ${index + 1} up`}>
                      ↑ Up
                    </button>
                    <button type="button" className="secondary" onClick={() => move(index, 1)} disabled={index === stones.length - 1} aria-label={`Move stone ${index + 1} down`}>
                      ↓ Down
                    </button>
                    <button type="button" className="secondary" onClick={() => setStones((all) => all.filter((_, i) => i !== index))} aria-label={`Remove stone ${index + 1}`}>
                      Remove
                    </button>
                  </div>
                </div>
                <div className="form-grid" style={{ marginTop: "0.75rem" }}>
                  <div className="span-2">
                    <Input id={`${at}.title`} label="Title" value={stone.title} error={errorAt(`${at}.title`)} onChange={(v) => update(index, (s) => ({ ...s, title: v }))} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${at}.status`}>Status</label>
                    <select id={`${at}.status`} value={stone.status} onChange={(e) => update(index, (s) => ({ ...s, status: e.target.value as StoneStatus }))}>
                      {STONE_STATUSES.map((s) => (
                        <option key={s.key} value={s.key}>
                          {s.name}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Input id={`${at}.estimatedWeeks`} label="Estimated weeks" value={stone.estimatedWeeks} inputMode="numeric" error={errorAt(`${at}.estimatedWeeks`)} onChange={(v) => update(index, (s) => ({ ...s, estimatedWeeks: v }))} />
                  <Input id={`${at}.owners.customer`} label="Customer's owner" value={stone.owners.customer} error={errorAt(`${at}.owners.customer`)} onChange={(v) => update(index, (s) => ({ ...s, owners: { ...s.owners, customer: v } }))} />
                  <Input id={`${at}.owners.provider`} label="Provider's owner" value={stone.owners.provider} error={errorAt(`${at}.owners.provider`)} onChange={(v) => update(index, (s) => ({ ...s, owners: { ...s.owners, provider: v } }))} />
                  <div className="wide">
                    <Input id={`${at}.goal`} label="Goal" multiline value={stone.goal} error={errorAt(`${at}.goal`)} onChange={(v) => update(index, (s) => ({ ...s, goal: v }))} />
                  </div>
                  {stone.id ? (
                    <p className="wide rationale" style={{ margin: 0 }}>
                      <strong>Why:</strong> {info?.rationale}
                      {info?.workloads ? <><br /><strong>Workloads:</strong> {info.workloads}</> : null}
                    </p>
                  ) : (
                    <div className="wide">
                      <Input id={`${at}.rationale`} label="Why this stone" multiline value={stone.rationale} error={errorAt(`${at}.rationale`)} onChange={(v) => update(index, (s) => ({ ...s, rationale: v }))} />
                    </div>
                  )}
                </div>

                <h3 style={{ fontSize: "0.95rem", marginBottom: "0.2rem" }}>Activities</h3>
                <ul className="editor-list">
                  {stone.activityIds.length === 0 ? <li className="muted small">None.</li> : null}
                  {stone.activityIds.map((moduleId, activityIndex) => {
                    const module = moduleOf.get(moduleId);
                    const error = errorAt(`${at}.activities.${activityIndex}`);
                    return (
                      <li key={moduleId}>
                        <span>
                          {module?.title ?? moduleId}{" "}
                          <span className="muted small">
                            {module ? `${FORMAT_NAMES[module.format] ?? module.format}, ${module.durationHours} h, for ${module.audience}` : ""}
                          </span>
                          {error ? <span className="field-error"> {error}</span> : null}
                        </span>
                        <button type="button" className="link" onClick={() => update(index, (s) => ({ ...s, activityIds: s.activityIds.filter((id) => id !== moduleId) }))}>
                          Remove
                        </button>
                      </li>
                    );
                  })}
                </ul>
                <AddPicker
                  id={`${at}.add-activity`}
                  label="Add an activity from the catalogue"
                  options={data.modules.filter((m) => !usedModules.has(m.id)).map((m) => ({ value: m.id, label: `${m.title} (${FORMAT_NAMES[m.format] ?? m.format}, ${m.durationHours} h)` }))}
                  onAdd={(moduleId) => update(index, (s) => ({ ...s, activityIds: [...s.activityIds, moduleId] }))}
                />

                <h3 style={{ fontSize: "0.95rem", marginBottom: "0.2rem" }}>Outcome measures</h3>
                {stone.kpis.length === 0 ? <p className="muted small">None.</p> : null}
                {stone.kpis.length > 0 ? (
                  <div className="kpi-inputs">
                    <span className="muted small">Measure</span>
                    <span className="muted small">Baseline</span>
                    <span className="muted small">Target</span>
                    <span />
                    {stone.kpis.map((kpi, kpiIndex) => {
                      const definition = kpiOf.get(kpi.id);
                      const where = `${at}.kpis.${kpiIndex}`;
                      const error = errorAt(`${where}.baseline`) ?? errorAt(`${where}.target`) ?? errorAt(`${where}.id`);
                      const setKpi = (change: Partial<DraftKpi>) => update(index, (s) => ({ ...s, kpis: s.kpis.map((k, i) => (i === kpiIndex ? { ...k, ...change } : k)) }));
                      return (
                        <KpiRow
                          key={kpi.id}
                          id={where}
                          name={definition?.name ?? kpi.id}
                          unit={definition?.unit ?? ""}
                          kpi={kpi}
                          error={error}
                          onChange={setKpi}
                          onRemove={() => update(index, (s) => ({ ...s, kpis: s.kpis.filter((_, i) => i !== kpiIndex) }))}
                        />
                      );
                    })}
                  </div>
                ) : null}
                <p className="muted small" style={{ margin: "0.3rem 0" }}>
                  Leave a target empty to keep the rule's target relative to the baseline; a typed target becomes a fixed level.
                </p>
                <AddPicker
                  id={`${at}.add-kpi`}
                  label="Add a measure"
                  options={data.kpis.filter((k) => !stone.kpis.some((x) => x.id === k.id)).map((k) => ({ value: k.id, label: `${k.name} (${k.unit})` }))}
                  onAdd={(id) => update(index, (s) => ({ ...s, kpis: [...s.kpis, { id, baseline: "", target: "" }] }))}
                />
              </section>
            </li>
          );
        })}
      </ol>
      {stones.length < MAX_PLAN_STONES ? (
        <p>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setAdded((n) => n + 1);
              setStones((all) => [
                ...all,
                { key: `new-${added + 1}`, id: null, title: "", goal: "", rationale: "", status: "planned", estimatedWeeks: "2", owners: { customer: "", provider: "" }, activityIds: [], kpis: [] },
              ]);
            }}
          >
            Add a stone at the end
          </button>
        </p>
      ) : null}

      <Form method="post" className="save-bar" aria-label="Save the plan">
        <input type="hidden" name="baseVersion" value={data.version} />
        <input type="hidden" name="plan" value={serialised} />
        <div className="form-grid">
          <div className="field wide">
            <label htmlFor="note">What changed, and why</label>
            <input id="note" name="note" required maxLength={500} aria-invalid={errorAt("note") ? true : undefined} placeholder="e.g. Customer wants the amnesty before the roadmap workshop" />
            {errorAt("note") ? <span className="field-error">{errorAt("note")}</span> : null}
          </div>
        </div>
        <div className="actions" style={{ marginTop: "0.6rem" }}>
          <button type="submit" disabled={saving}>
            {saving ? "Saving…" : `Save as version ${data.version + 1}`}
          </button>
          <Link to={`/customers/${customer.id}/plan`}>Cancel</Link>
          <span className="muted small">{stones.length} stones, about {stones.reduce((sum, s) => sum + (Number(s.estimatedWeeks) || 0), 0)} weeks.</span>
        </div>
      </Form>
    </main>
  );
}

function describeProblem(problem: Problem, stones: DraftStone[]): string {
  const match = /^stones\.(\d+)/.exec(problem.path);
  if (!match) return problem.message;
  const stone = stones[Number(match[1])];
  return `Stone ${Number(match[1]) + 1}${stone?.title ? ` (${stone.title})` : ""}: ${problem.message}`;
}

function Input({ id, label, value, error, onChange, multiline, inputMode }: { id: string; label: string; value: string; error?: string; onChange: (value: string) => void; multiline?: boolean; inputMode?: "numeric" }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} value={value} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input id={id} value={value} inputMode={inputMode} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function KpiRow({ id, name, unit, kpi, error, onChange, onRemove }: { id: string; name: string; unit: string; kpi: DraftKpi; error?: string; onChange: (change: Partial<DraftKpi>) => void; onRemove: () => void }) {
  return (
    <>
      <span>
        {name} <span className="muted small">({unit})</span>
        {error ? <span className="field-error"> {error}</span> : null}
      </span>
      <input id={`${id}.baseline`} aria-label={`${name}: baseline`} inputMode="decimal" value={kpi.baseline} placeholder="to be measured" onChange={(e) => onChange({ baseline: e.target.value })} />
      <input id={`${id}.target`} aria-label={`${name}: target`} inputMode="decimal" value={kpi.target} placeholder="relative" onChange={(e) => onChange({ target: e.target.value })} />
      <button type="button" className="link" onClick={onRemove} aria-label={`Remove ${name}`}>
        Remove
      </button>
    </>
  );
}

function AddPicker({ id, label, options, onAdd }: { id: string; label: string; options: { value: string; label: string }[]; onAdd: (value: string) => void }) {
  const [choice, setChoice] = useState("");
  if (options.length === 0) return null;
  return (
    <div className="actions" style={{ marginTop: "0.3rem" }}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} value={choice} onChange={(e) => setChoice(e.target.value)}>
        <option value="">{label}…</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary"
        disabled={choice === ""}
        onClick={() => {
          onAdd(choice);
          setChoice("");
        }}
      >
        Add
      </button>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
