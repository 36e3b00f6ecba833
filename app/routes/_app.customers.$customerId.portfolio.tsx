import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { getCustomer } from "../../db/repositories/customers";
import { deleteApplication, getImportPreview, listApplications, listDispositionOverrides, removeDispositionOverride, replacePortfolioFromPreview, saveApplication, setDispositionOverride } from "../../db/repositories/portfolio";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextAreaField, TextField } from "~/components/field";
import { db } from "~/db.server";
import { DISPOSITION_KEYS, DISPOSITION_RULES, DISPOSITIONS } from "~/domain/dispositions";
import { APPLICATION_TRAITS, DATA_SENSITIVITIES, dependentsOf, HOSTING_KINDS, MAX_PORTFOLIO_APPLICATIONS, PORTFOLIO_COLUMNS, type PortfolioColumnName } from "~/domain/portfolio";
import { checkApplicationEdit, formValuesOf, MAX_PORTFOLIO_FILE_BYTES } from "~/domain/portfolio-edits";
import { ApplicationRef, ConfirmImport, OverrideDisposition, PortfolioIntent } from "~/forms/portfolio.server";
import { audit } from "~/services/audit.server";
import { checkPortfolioImport, loadPortfolioDecisions } from "~/services/portfolio.server";
import { formatDate, formatDateTime, formatTime } from "~/utils/dates";
import { formValues } from "~/utils/forms";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";
import planStyles from "~/styles/plans.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: planStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Portfolio: ${data?.customer.name ?? "Customer"} · Cairn` }];

const NOTICES = {
  imported: "Imported. The portfolio below is the file you confirmed.",
  saved: "Application saved.",
  overridden: "Your disposition is recorded, with your reason.",
  reverted: "Reverted: the rules' suggestion applies again.",
} as const;
type NoticeKey = keyof typeof NOTICES;
const isNotice = (value: string | null): value is NoticeKey => value !== null && value in NOTICES;

const dispositionName = (key: string) => DISPOSITIONS.find((d) => d.key === key)?.name ?? key;
const MEGABYTE = 1_000_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:read" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const url = new URL(request.url);
  const scope = { organisationId: user.organisationId, customerId: customer.id };
  const portfolio = await loadPortfolioDecisions(scope);
  const canEdit = can(user, "customers:write");

  const decisionOf = new Map(portfolio.decisions.map((d) => [d.applicationId, d]));
  const dependents = dependentsOf(portfolio.applications);
  const nameOf = new Map(portfolio.applications.map((a) => [a.id, a.name]));
  const rows = portfolio.applications.map((a, index) => {
    const decision = decisionOf.get(a.id)!;
    return {
      id: a.id,
      position: index,
      name: a.name,
      department: a.owningDepartment,
      processes: a.businessProcesses.join("; "),
      criticality: a.criticality,
      hosting: a.hosting,
      managedByIt: a.managedByIt,
      dataSensitivity: a.dataSensitivity,
      users: a.users,
      hourlyTransactions: a.hourlyTransactions,
      peakHourlyTransactions: a.peakHourlyTransactions,
      dependsOn: a.dependsOn.length,
      dependents: dependents.get(a.id)?.length ?? 0,
      disposition: decision.disposition,
      ruleId: decision.suggestion.ruleId,
      suggested: decision.suggestion.disposition,
      overridden: decision.decidedBy === "consultant",
    };
  });

  const selectedId = url.searchParams.get("app");
  const selectedApplication = selectedId ? (portfolio.applications.find((a) => a.id === selectedId) ?? null) : null;
  const selected = selectedApplication
    ? {
        application: selectedApplication,
        dependsOnNames: selectedApplication.dependsOn.map((id) => nameOf.get(id) ?? id),
        dependentNames: (dependents.get(selectedApplication.id) ?? []).map((id) => nameOf.get(id) ?? id),
        decision: decisionOf.get(selectedApplication.id)!,
        ruleWhen: DISPOSITION_RULES.find((rule) => rule.id === decisionOf.get(selectedApplication.id)!.suggestion.ruleId)?.when ?? "",
        formValues: formValuesOf(selectedApplication, portfolio.applications),
      }
    : null;

  const previewId = canEdit ? url.searchParams.get("preview") : null;
  const stored = previewId ? await getImportPreview(db(), { ...scope, userId: user.id, previewId }) : undefined;
  let preview = null;
  if (stored) {
    const overrides = await listDispositionOverrides(db(), scope);
    const incoming = new Set(stored.applications.map((a) => a.id));
    const incomingNames = new Map(stored.applications.map((a) => [a.id, a.name]));
    preview = {
      id: stored.id,
      fileName: stored.fileName,
      expiresAt: stored.expiresAt,
      currentCount: portfolio.applications.length,
      overridesKept: overrides.filter((o) => incoming.has(o.applicationId)).length,
      overridesDropped: overrides.filter((o) => !incoming.has(o.applicationId)).length,
      rows: stored.applications.map((a) => ({
        id: a.id,
        name: a.name,
        department: a.owningDepartment,
        criticality: a.criticality,
        hosting: a.hosting,
        managedByIt: a.managedByIt,
        dataSensitivity: a.dataSensitivity,
        users: a.users,
        dependsOn: a.dependsOn.map((id) => incomingNames.get(id) ?? id).join("; "),
        traits: a.traits.join("; "),
      })),
    };
  }

  const counts = DISPOSITIONS.map((d) => ({ key: d.key, name: d.name, count: portfolio.decisions.filter((x) => x.disposition === d.key).length })).filter((c) => c.count > 0);
  const notice = url.searchParams.get("notice");
  return json({
    customer: { id: customer.id, name: customer.name },
    canEdit,
    basis: portfolio.basis,
    largeMigration: portfolio.largeMigration,
    rows,
    counts,
    selected,
    selectedMissing: selectedId !== null && selectedApplication === null,
    creating: canEdit && url.searchParams.get("new") === "1",
    preview,
    previewMissing: previewId !== null && !stored,
    notice: isNotice(notice) ? NOTICES[notice] : null,
    rules: DISPOSITION_RULES.map((rule, index) => ({ order: index + 1, id: rule.id, disposition: rule.disposition, when: rule.when })),
    columns: PORTFOLIO_COLUMNS,
  });
}

async function readForm(request: Request): Promise<FormData | { fileError: string }> {
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) return readFormData(request);
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_PORTFOLIO_FILE_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { fileError: `The file must be at most ${MAX_PORTFOLIO_FILE_BYTES / MEGABYTE} MB. Split the portfolio by department or estate.` };
    return { fileError: "The upload could not be read. Please try again." };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "customers:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  const scope = { organisationId: user.organisationId, customerId: customer.id };
  const base = `/customers/${customer.id}/portfolio`;
  const formData = await readForm(request);
  if ("fileError" in formData) return badRequest({ fieldErrors: { file: formData.fileError } });
  const intent = parseForm(formData, PortfolioIntent);
  if (!intent.ok) return badRequest({ formError: intent.fieldErrors.intent });

  switch (intent.data.intent) {
    case "preview-import": {
      const file = formData.get("file");
      if (!(file instanceof File) || file.size === 0) return badRequest({ fieldErrors: { file: "Choose a CSV file." } });
      const checked = await checkPortfolioImport({ ...scope, userId: user.id, file });
      if (!checked.ok) return json({ ok: false as const, importProblems: checked.problems, fileName: checked.fileName }, { status: 400 });
      await audit(user, context, "portfolio.import-checked", { type: "customer", id: customer.id, detail: { fileName: checked.preview.fileName, applications: checked.preview.applications.length, sha256: checked.preview.fileSha256 } });
      return redirect(`${base}?preview=${encodeURIComponent(checked.preview.id)}#import`);
    }
    case "confirm-import": {
      const parsed = parseForm(formData, ConfirmImport);
      if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.previewId });
      const replaced = await replacePortfolioFromPreview(db(), { ...scope, userId: user.id, previewId: parsed.data.previewId });
      if (!replaced) return badRequest({ formError: "That preview has expired or was already confirmed. Upload the file again." });
      await audit(user, context, "portfolio.imported", { type: "customer", id: customer.id, detail: { ...replaced } });
      return redirect(`${base}?notice=imported`);
    }
    case "save-application": {
      const values = formValues(formData);
      const editing = values.editing ? values.editing : null;
      const fields: Partial<Record<PortfolioColumnName, string>> = {};
      for (const column of PORTFOLIO_COLUMNS) fields[column.name] = (values[column.name] ?? "").slice(0, 10_000);
      fields.traits = formData.getAll("traits").filter((t): t is string => typeof t === "string").join("; ");
      const applications = await listApplications(db(), scope);
      if (editing !== null && !applications.some((a) => a.id === editing)) return badRequest({ formError: "That application is no longer in the portfolio.", values });
      const checked = checkApplicationEdit(applications, fields, editing);
      if (!checked.ok) return badRequest({ fieldErrors: checked.fieldErrors, formError: checked.formError ?? undefined, values: { ...values, traits: fields.traits ?? "" } });
      await saveApplication(db(), { ...scope, application: checked.application });
      await audit(user, context, editing ? "application.updated" : "application.added", { type: "application", id: checked.application.id, detail: { customerId: customer.id } });
      return redirect(`${base}?app=${encodeURIComponent(checked.application.id)}&notice=saved`);
    }
    case "delete-application": {
      const parsed = parseForm(formData, ApplicationRef);
      if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.applicationId });
      const dependants = await deleteApplication(db(), { ...scope, applicationId: parsed.data.applicationId });
      if (dependants === null) return badRequest({ formError: "That application is no longer in the portfolio." });
      await audit(user, context, "application.deleted", { type: "application", id: parsed.data.applicationId, detail: { customerId: customer.id, dependants } });
      return json({
        ok: true as const,
        message:
          dependants.length > 0
            ? `Deleted. It was also taken out of the dependencies of ${dependants.join(", ")}.`
            : "Deleted. Nothing depended on it.",
      });
    }
    case "override": {
      const parsed = parseForm(formData, OverrideDisposition);
      if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
      const applications = await listApplications(db(), scope);
      if (!applications.some((a) => a.id === parsed.data.applicationId)) return badRequest({ formError: "That application is no longer in the portfolio." });
      await setDispositionOverride(db(), { ...scope, applicationId: parsed.data.applicationId, disposition: parsed.data.disposition, reason: parsed.data.reason, decidedBy: user.id });
      await audit(user, context, "disposition.overridden", { type: "application", id: parsed.data.applicationId, detail: { customerId: customer.id, disposition: parsed.data.disposition } });
      return redirect(`${base}?app=${encodeURIComponent(parsed.data.applicationId)}&notice=overridden`);
    }
    case "revert": {
      const parsed = parseForm(formData, ApplicationRef);
      if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.applicationId });
      await removeDispositionOverride(db(), { ...scope, applicationId: parsed.data.applicationId });
      await audit(user, context, "disposition.reverted", { type: "application", id: parsed.data.applicationId, detail: { customerId: customer.id } });
      return redirect(`${base}?app=${encodeURIComponent(parsed.data.applicationId)}&notice=reverted`);
    }
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = LoaderData["rows"][number];
type SortKey = "position" | "name" | "department" | "criticality" | "hosting" | "dataSensitivity" | "users" | "hourlyTransactions" | "dependents" | "disposition";

const PAGE_SIZE = 250;
const SENSITIVITY_ORDER: readonly string[] = DATA_SENSITIVITIES;
const number = (n: number | null) => (n === null ? "—" : n.toLocaleString("en-GB"));

function compareRows(key: SortKey): (a: Row, b: Row) => number {
  return (a, b) => {
    switch (key) {
      case "dataSensitivity":
        return SENSITIVITY_ORDER.indexOf(a.dataSensitivity) - SENSITIVITY_ORDER.indexOf(b.dataSensitivity);
      case "disposition":
        return DISPOSITION_KEYS.indexOf(a.disposition) - DISPOSITION_KEYS.indexOf(b.disposition);
      case "users":
      case "hourlyTransactions":
      case "criticality":
      case "dependents":
      case "position":
        return (a[key] ?? -1) - (b[key] ?? -1);
      default:
        return a[key].localeCompare(b[key], "en-GB", { sensitivity: "base" });
    }
  };
}

export default function PortfolioPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/customers/${data.customer.id}/portfolio`;
  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted crumbs">
            <Link to="/customers">Customers</Link> › <Link to={`/customers/${data.customer.id}`}>{data.customer.name}</Link>
          </p>
          <h1>Application portfolio</h1>
        </div>
        <nav className="sub-nav" aria-label="Portfolio">
          <Link className="button secondary" to={`/customers/${data.customer.id}/waves`}>
            Waves
          </Link>
          <Link className="button secondary" to={`/customers/${data.customer.id}/plan`}>
            Plan
          </Link>
          <a className="button secondary" href={`${base}.csv`} download>
            Export CSV
          </a>
          {data.canEdit ? (
            <Link className="button" to={`${base}?new=1`}>
              Add application
            </Link>
          ) : null}
        </nav>
      </div>

      {data.notice ? (
        <p className="notice" role="status">
          {data.notice}
        </p>
      ) : null}
      {actionData && "message" in actionData ? (
        <p className="notice" role="status">
          {actionData.message}
        </p>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError && !("values" in actionData && actionData.values) ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}

      <p className="lede muted">
        {data.basis ? (
          <>
            Dispositions are suggested from the scores of <Link to={`/assessments/${data.basis.assessmentId}/results`}>{data.basis.title}</Link> (
            {formatDate(data.basis.createdAt)}), the assessment that counts for this customer (<Link to={`/customers/${data.customer.id}`}>chosen on the customer page</Link>).
          </>
        ) : (
          <>
            <strong>No assessment of this customer counts yet</strong>, so dispositions are suggested from the portfolio alone: the rules that read
            skills, operational health or governance scores do not fire until an assessment counts (finished, scored and answered well enough, or chosen on the{" "}
            <Link to={`/customers/${data.customer.id}`}>customer page</Link>).
          </>
        )}{" "}
        {data.largeMigration ? "This is a large migration, so nothing is refactored during it." : null}
      </p>

      {data.creating ? <ApplicationEditor heading="Add an application" values={{}} editing={null} /> : null}
      {data.selected ? <SelectedApplication selected={data.selected} canEdit={data.canEdit} customerId={data.customer.id} /> : null}
      {data.selectedMissing && !(actionData && "message" in actionData) ? <p className="muted">That application is not in the portfolio.</p> : null}

      <section aria-labelledby="applications-title">
        <h2 id="applications-title">
          Applications <span className="muted small">({data.rows.length.toLocaleString("en-GB")})</span>
        </h2>
        {data.counts.length > 0 ? (
          <p className="counts" aria-label="Dispositions">
            {data.counts.map((c) => (
              <span key={c.key} className={`disposition ${c.key}`}>
                {c.name}: {c.count}
              </span>
            ))}
          </p>
        ) : null}
        {data.rows.length === 0 ? (
          <p className="card muted">No applications yet. {data.canEdit ? "Import a CSV file below, or add them one at a time." : null}</p>
        ) : (
          <ApplicationTable rows={data.rows} base={base} selectedId={data.selected?.application.id ?? null} />
        )}
      </section>

      {data.canEdit ? <ImportSection data={data} actionData={actionData} base={base} /> : null}

      <section aria-labelledby="rules-title">
        <h2 id="rules-title">How dispositions are suggested</h2>
        <p className="muted lede">
          Each application is given one of the 7 Rs by the first rule below that matches it, read in this order. A dimension the assessment did not
          measure never counts as low or high. The suggestion is a starting point: a consultant can override it with a reason, and the suggestion stays
          visible beside the decision.
        </p>
        <table className="data compact">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Rule</th>
              <th>Disposition</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {data.rules.map((rule) => (
              <tr key={rule.id}>
                <td className="num">{rule.order}</td>
                <td>
                  <code>{rule.id}</code>
                </td>
                <td>
                  <span className={`disposition ${rule.disposition}`}>{dispositionName(rule.disposition)}</span>
                </td>
                <td>{rule.when}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

function ApplicationTable({ rows, base, selectedId }: { rows: Row[]; base: string; selectedId: string | null }) {
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: "position", descending: false });
  const [limit, setLimit] = useState(PAGE_SIZE);
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const matching = words.length === 0 ? rows : rows.filter((row) => {
      const text = `${row.name} ${row.id} ${row.department} ${row.processes} ${row.hosting} ${row.dataSensitivity} ${row.disposition} ${row.ruleId}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
    const sorted = [...matching].sort(compareRows(sort.key));
    return sort.descending ? sorted.reverse() : sorted;
  }, [rows, filter, sort]);

  const header = (key: SortKey, label: string, numeric = false) => (
    <th className={numeric ? "num" : undefined} aria-sort={sort.key === key ? (sort.descending ? "descending" : "ascending") : undefined}>
      <button type="button" className="sort" aria-pressed={sort.key === key} onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }))}>
        {label}
        {sort.key === key ? (sort.descending ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );

  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="portfolio-filter">Filter</label>
          <input id="portfolio-filter" type="search" value={filter} placeholder="Name, department, process, hosting, disposition…" onChange={(e) => { setFilter(e.target.value); setLimit(PAGE_SIZE); }} />
        </div>
        <p className="muted small" role="status" aria-live="polite">
          Showing {Math.min(limit, shown.length).toLocaleString("en-GB")} of {shown.length.toLocaleString("en-GB")}
          {shown.length !== rows.length ? ` (filtered from ${rows.length.toLocaleString("en-GB")})` : ""}
        </p>
        {sort.key !== "position" ? (
          <button type="button" className="link" onClick={() => setSort({ key: "position", descending: false })}>
            Back to portfolio order
          </button>
        ) : null}
      </div>
      <div className="table-scroll">
        <table className="data compact" data-testid="portfolio-table">
          <thead>
            <tr>
              {header("name", "Application")}
              {header("department", "Department")}
              {header("criticality", "Criticality", true)}
              {header("hosting", "Hosting")}
              {header("dataSensitivity", "Data")}
              {header("users", "Users", true)}
              {header("hourlyTransactions", "Tx / hour", true)}
              {header("dependents", "Dependents", true)}
              {header("disposition", "Disposition")}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((row) => (
              <tr key={row.id} className={row.id === selectedId ? "selected" : undefined} data-application={row.id}>
                <td>
                  <Link to={`${base}?app=${encodeURIComponent(row.id)}`} preventScrollReset>
                    {row.name}
                  </Link>
                  {row.managedByIt ? null : <span className="muted small"> · outside IT</span>}
                </td>
                <td>{row.department}</td>
                <td className="num">{row.criticality}</td>
                <td>{row.hosting}</td>
                <td>{row.dataSensitivity}</td>
                <td className="num">{number(row.users)}</td>
                <td className="num">
                  {number(row.hourlyTransactions)}
                  {row.peakHourlyTransactions !== null ? <span className="muted small"> (peak {number(row.peakHourlyTransactions)})</span> : null}
                </td>
                <td className="num">{row.dependents}</td>
                <td>
                  <span className={`disposition ${row.disposition}`}>{dispositionName(row.disposition)}</span>
                  {row.overridden ? (
                    <span className="override-mark" title={`Decided by a consultant; the rules suggested ${dispositionName(row.suggested)}`}>
                      override
                    </span>
                  ) : (
                    <div className="muted small">
                      <code>{row.ruleId}</code>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > limit ? (
        <p>
          <button type="button" className="secondary" onClick={() => setLimit((l) => l + PAGE_SIZE)}>
            Show {Math.min(PAGE_SIZE, shown.length - limit)} more
          </button>{" "}
          <button type="button" className="link" onClick={() => setLimit(shown.length)}>
            Show all {shown.length.toLocaleString("en-GB")}
          </button>
        </p>
      ) : null}
    </>
  );
}

function SelectedApplication({ selected, canEdit, customerId }: { selected: NonNullable<LoaderData["selected"]>; canEdit: boolean; customerId: string }) {
  const { application: a, decision } = selected;
  const actionData = useActionData<typeof action>();
  const overrideErrors = actionData && "fieldErrors" in actionData && actionData.fieldErrors && "reason" in actionData.fieldErrors ? actionData.fieldErrors : undefined;
  return (
    <section className="card" aria-labelledby="selected-title" id="selected">
      <div className="stone-head">
        <h2 id="selected-title" style={{ margin: 0 }}>
          {a.name} <span className="muted small">({a.id})</span>
        </h2>
        <Link to={`/customers/${customerId}/portfolio`} preventScrollReset>
          Close
        </Link>
      </div>
      <dl className="facts">
        <div><dt>Owning department</dt><dd>{a.owningDepartment}</dd></div>
        <div><dt>Business processes</dt><dd>{a.businessProcesses.join("; ") || "—"}</dd></div>
        <div><dt>Criticality</dt><dd>{a.criticality} of 5</dd></div>
        <div><dt>Users</dt><dd>{number(a.users)}</dd></div>
        <div><dt>Transactions an hour</dt><dd>{number(a.hourlyTransactions)} normal, {number(a.peakHourlyTransactions)} at peak</dd></div>
        <div><dt>Peak window</dt><dd>{a.peakWindow || "—"}</dd></div>
        <div><dt>Hosting</dt><dd>{a.hosting}{a.managedByIt ? ", run by IT" : ", run outside IT"}</dd></div>
        <div><dt>Data sensitivity</dt><dd>{a.dataSensitivity}</dd></div>
        <div><dt>Depends on</dt><dd>{selected.dependsOnNames.join("; ") || "—"}</dd></div>
        <div><dt>Depended on by</dt><dd>{selected.dependentNames.join("; ") || "—"}</dd></div>
        <div><dt>Traits</dt><dd>{a.traits.join("; ") || "—"}</dd></div>
      </dl>
      {a.notes ? <p className="pre-wrap">{a.notes}</p> : null}

      <h3>Disposition</h3>
      <p>
        <span className={`disposition ${decision.disposition}`}>{dispositionName(decision.disposition)}</span>{" "}
        {decision.decidedBy === "consultant" && decision.overriddenBy ? (
          <span className="muted">
            decided by {decision.overriddenBy.name ?? "a former user"} on {formatDateTime(decision.overriddenBy.at)}
          </span>
        ) : (
          <span className="muted">
            suggested by rule <code>{decision.ruleId}</code>
          </span>
        )}
      </p>
      <p>{decision.reason}</p>
      {decision.decidedBy === "consultant" ? (
        <div className="warning">
          <p style={{ marginTop: 0 }}>
            The rules suggested <span className={`disposition ${decision.suggestion.disposition}`}>{dispositionName(decision.suggestion.disposition)}</span> (rule{" "}
            <code>{decision.suggestion.ruleId}</code>): {decision.suggestion.reason}
          </p>
          {canEdit ? (
            <Form method="post" preventScrollReset>
              <input type="hidden" name="intent" value="revert" />
              <input type="hidden" name="applicationId" value={a.id} />
              <button type="submit" className="secondary">
                Revert to the suggestion
              </button>
            </Form>
          ) : null}
        </div>
      ) : (
        <p className="muted small">Rule: {selected.ruleWhen}</p>
      )}

      {canEdit ? (
        <details open={Boolean(overrideErrors)}>
          <summary>{decision.decidedBy === "consultant" ? "Change the decision" : "Override the suggestion"}</summary>
          <Form method="post" className="form-grid" preventScrollReset style={{ marginTop: "0.75rem" }}>
            <input type="hidden" name="intent" value="override" />
            <input type="hidden" name="applicationId" value={a.id} />
            <SelectField name="disposition" label="Disposition" defaultValue={decision.disposition} options={DISPOSITIONS.map((d) => ({ value: d.key, label: `${d.name}: ${d.meaning}` }))} error={overrideErrors?.disposition} />
            <div className="wide">
              <TextAreaField name="reason" label="Reason" required hint="Kept with your name and the time, and shown beside the rules' suggestion." error={overrideErrors?.reason} defaultValue={decision.override?.reason ?? ""} />
            </div>
            <div>
              <button type="submit">Record decision</button>
            </div>
          </Form>
        </details>
      ) : null}

      {canEdit ? (
        <>
          <details>
            <summary>Edit application</summary>
            <ApplicationEditor heading={null} values={selected.formValues} editing={a.id} />
          </details>
          <details>
            <summary>Delete…</summary>
            <Form method="post" preventScrollReset style={{ marginTop: "0.5rem" }}>
              <input type="hidden" name="intent" value="delete-application" />
              <input type="hidden" name="applicationId" value={a.id} />
              <p className="muted small">
                {selected.dependentNames.length > 0
                  ? `${selected.dependentNames.join(", ")} depend on it; the dependency is removed from them too.`
                  : "Nothing depends on it."}{" "}
                Its disposition override, if any, goes too.
              </p>
              <button type="submit" className="danger">
                Delete {a.name}
              </button>
            </Form>
          </details>
        </>
      ) : null}
    </section>
  );
}

function ApplicationEditor({ heading, values: initial, editing }: { heading: string | null; values: Partial<Record<string, string>>; editing: string | null }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitted = actionData && "values" in actionData && actionData.values && (actionData.values.editing ?? "") === (editing ?? "") && actionData.values.intent === "save-application" ? actionData : null;
  const values: Partial<Record<string, string>> = submitted?.values ?? initial;
  const errors: Partial<Record<string, string>> = (submitted && "fieldErrors" in submitted ? submitted.fieldErrors : undefined) ?? {};
  const traits = (values.traits ?? "").split(";").map((t) => t.trim());
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "save-application";
  const fieldKey = JSON.stringify(values);
  const form = (
    <Form method="post" className="form-grid" preventScrollReset key={fieldKey} style={{ marginTop: "0.75rem" }} aria-label={editing ? "Edit application" : "Add application"}>
      <input type="hidden" name="intent" value="save-application" />
      <input type="hidden" name="editing" value={editing ?? ""} />
      {submitted && "formError" in submitted && submitted.formError ? (
        <p className="form-error wide" role="alert">
          {submitted.formError}
        </p>
      ) : null}
      <TextField name="name" label="Name" required defaultValue={values.name} error={errors.name} maxLength={200} />
      {editing ? null : <TextField name="id" label="Id (optional)" defaultValue={values.id} error={errors.id} hint="Letters, digits, . _ -. Made from the name when empty." maxLength={80} />}
      <TextField name="owning_department" label="Owning department" required defaultValue={values.owning_department} error={errors.owning_department} maxLength={200} />
      <SelectField
        name="criticality"
        label="Criticality"
        defaultValue={values.criticality ?? "3"}
        error={errors.criticality}
        options={[
          { value: "1", label: "1 — could stop for a week unnoticed" },
          { value: "2", label: "2" },
          { value: "3", label: "3" },
          { value: "4", label: "4" },
          { value: "5", label: "5 — the business stops without it" },
        ]}
      />
      <SelectField name="hosting" label="Hosting" defaultValue={values.hosting ?? "on-premises"} error={errors.hosting} options={HOSTING_KINDS.map((h) => ({ value: h, label: h }))} />
      <SelectField name="managed_by_it" label="Run by IT?" defaultValue={values.managed_by_it ?? "yes"} error={errors.managed_by_it} options={[{ value: "yes", label: "Yes" }, { value: "no", label: "No, a department runs it" }]} />
      <SelectField name="data_sensitivity" label="Most sensitive data" defaultValue={values.data_sensitivity ?? "internal"} error={errors.data_sensitivity} options={DATA_SENSITIVITIES.map((d) => ({ value: d, label: d }))} />
      <TextField name="users" label="Users" inputMode="numeric" defaultValue={values.users} error={errors.users} hint="Empty when not known." />
      <TextField name="hourly_transactions" label="Transactions in a normal hour" inputMode="decimal" defaultValue={values.hourly_transactions} error={errors.hourly_transactions} />
      <TextField name="peak_hourly_transactions" label="Transactions in the busiest hour" inputMode="decimal" defaultValue={values.peak_hourly_transactions} error={errors.peak_hourly_transactions} />
      <TextField name="peak_window" label="Peak window" defaultValue={values.peak_window} error={errors.peak_window} hint="In the customer's words: “Month end”." maxLength={200} />
      <div className="wide">
        <TextField name="business_processes" label="Business processes" defaultValue={values.business_processes} error={errors.business_processes} hint="Separated by semicolons." />
      </div>
      <div className="wide">
        <TextField name="depends_on" label="Depends on" defaultValue={values.depends_on} error={errors.depends_on} hint="Other applications in this portfolio, by name, separated by semicolons." />
      </div>
      <fieldset className="checks wide">
        <legend>Traits</legend>
        {APPLICATION_TRAITS.map((trait) => (
          <label key={trait.key} title={trait.meaning}>
            <input type="checkbox" name="traits" value={trait.key} defaultChecked={traits.includes(trait.key)} /> {trait.key}
          </label>
        ))}
        {errors.traits ? <span className="field-error">{errors.traits}</span> : null}
      </fieldset>
      <div className="wide">
        <TextAreaField name="notes" label="Notes" defaultValue={values.notes} error={errors.notes} maxLength={4000} />
      </div>
      <div className="actions wide">
        <button type="submit" disabled={busy}>
          {editing ? "Save changes" : "Add application"}
        </button>
        {editing ? null : <Link to="?">Cancel</Link>}
        <span className="muted small">Checked by the same rules as a CSV import.</span>
      </div>
    </Form>
  );
  if (heading === null) return form;
  return (
    <section className="card" aria-labelledby="editor-title">
      <h2 id="editor-title" style={{ marginTop: 0 }}>
        {heading}
      </h2>
      {form}
    </section>
  );
}

function ImportSection({ data, actionData, base }: { data: LoaderData; actionData: ReturnType<typeof useActionData<typeof action>>; base: string }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "preview-import";
  const confirming = navigation.state === "submitting" && navigation.formData?.get("intent") === "confirm-import";
  const problems = actionData && "importProblems" in actionData ? actionData : null;
  const fileError = actionData && "fieldErrors" in actionData && actionData.fieldErrors && "file" in actionData.fieldErrors ? actionData.fieldErrors.file : undefined;
  const preview = data.preview;
  return (
    <section aria-labelledby="import-title" id="import">
      <h2 id="import-title">Import from CSV</h2>
      {preview ? (
        <div className="card" data-testid="import-preview">
          <h3 style={{ marginTop: 0 }}>
            Preview of {preview.fileName}: {preview.rows.length.toLocaleString("en-GB")} application{preview.rows.length === 1 ? "" : "s"}, no problems
          </h3>
          <div className="warning" role="note">
            <p style={{ margin: 0 }}>
              <strong>Nothing has been stored yet.</strong> Confirming <strong>replaces the whole portfolio</strong> ({preview.currentCount.toLocaleString("en-GB")} application
              {preview.currentCount === 1 ? "" : "s"} now) with these {preview.rows.length.toLocaleString("en-GB")}, in one step. Applications not in the file are removed.
              {preview.overridesKept + preview.overridesDropped > 0
                ? ` Disposition overrides are kept for applications whose id is in the file (${preview.overridesKept}); ${preview.overridesDropped} for applications not in it will be dropped.`
                : ""}{" "}
              This preview expires at {formatTime(preview.expiresAt)}.
            </p>
          </div>
          <Form method="post" className="actions" style={{ margin: "0.9rem 0" }}>
            <input type="hidden" name="intent" value="confirm-import" />
            <input type="hidden" name="previewId" value={preview.id} />
            <button type="submit" disabled={confirming}>
              Replace the portfolio with these {preview.rows.length.toLocaleString("en-GB")}
            </button>
            <Link to={base}>Cancel</Link>
          </Form>
          <div className="table-scroll" style={{ maxHeight: "50vh" }}>
            <table className="data compact">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Name</th>
                  <th>Id</th>
                  <th>Department</th>
                  <th className="num">Criticality</th>
                  <th>Hosting</th>
                  <th>Run by IT</th>
                  <th>Data</th>
                  <th className="num">Users</th>
                  <th>Depends on</th>
                  <th>Traits</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, index) => (
                  <tr key={row.id}>
                    <td className="num">{index + 1}</td>
                    <td>{row.name}</td>
                    <td>
                      <code>{row.id}</code>
                    </td>
                    <td>{row.department}</td>
                    <td className="num">{row.criticality}</td>
                    <td>{row.hosting}</td>
                    <td>{row.managedByIt ? "yes" : "no"}</td>
                    <td>{row.dataSensitivity}</td>
                    <td className="num">{number(row.users)}</td>
                    <td>{row.dependsOn}</td>
                    <td>{row.traits}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        <div className="card">
          {data.previewMissing ? <p className="form-error">That preview has expired or was already confirmed. Upload the file again.</p> : null}
          {problems ? (
            <div role="alert" data-testid="import-problems">
              <p className="form-error">
                {problems.importProblems.length.toLocaleString("en-GB")} problem{problems.importProblems.length === 1 ? "" : "s"} in {problems.fileName}.{" "}
                <strong>Nothing was stored</strong>: fix the file and check it again.
              </p>
              <div className="table-scroll" style={{ maxHeight: "40vh", marginBottom: "1rem" }}>
                <table className="data compact">
                  <thead>
                    <tr>
                      <th className="num">Line</th>
                      <th>Column</th>
                      <th>Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {problems.importProblems.map((problem, index) => (
                      <tr key={index}>
                        <td className="num">{problem.line}</td>
                        <td>{problem.column ?? "(row)"}</td>
                        <td>{problem.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null}
          <Form method="post" encType="multipart/form-data" className="actions" noValidate>
            <input type="hidden" name="intent" value="preview-import" />
            <div className="field">
              <label htmlFor="file">Portfolio file (CSV)</label>
              <input id="file" name="file" type="file" accept=".csv,text/csv" aria-describedby="file-hint" aria-invalid={fileError ? true : undefined} />
              <span className="hint" id="file-hint">
                UTF-8 CSV, at most {MAX_PORTFOLIO_FILE_BYTES / MEGABYTE} MB and {MAX_PORTFOLIO_APPLICATIONS.toLocaleString("en-GB")} applications. You see every row and every
                problem before anything is stored.
              </span>
              {fileError ? (
                <span className="field-error" role="alert">
                  {fileError}
                </span>
              ) : null}
            </div>
            <button type="submit" disabled={busy}>
              {busy ? "Checking…" : "Check file"}
            </button>
          </Form>
          <details style={{ marginTop: "1rem" }}>
            <summary>The columns a portfolio file has</summary>
            <p className="muted small">
              The first line names the columns, in any order and case. Lists are separated by semicolons; dependencies name other applications in the file. An exported
              file imports back unchanged.
            </p>
            <table className="data compact">
              <thead>
                <tr>
                  <th>Column</th>
                  <th>Required</th>
                  <th>Meaning</th>
                  <th>Example</th>
                </tr>
              </thead>
              <tbody>
                {data.columns.map((column) => (
                  <tr key={column.name}>
                    <td>
                      <code>{column.name}</code>
                    </td>
                    <td>{column.required ? "yes" : ""}</td>
                    <td>{column.description}</td>
                    <td>
                      <code>{column.example}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
