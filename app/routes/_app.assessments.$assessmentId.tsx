import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from "@remix-run/node";
import { Link, useActionData, useFetcher, useFetchers, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { getAssessmentOverview } from "../../db/repositories/assessment-progress";
import { getAssessment, setAssessmentStatus, setInvitationText } from "../../db/repositories/assessments";
import {
  createRespondents,
  listRespondentProgress,
  reopenRespondent,
  replaceRespondentToken,
  setRespondentExpiry,
  setRespondentRevoked,
} from "../../db/repositories/respondents";
import { can, found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IssuedLinksPanel, When } from "~/components/issued-links-panel";
import { DeliveryCell, DeliveryChoice, InvitationTextForm, RemindersForm } from "~/components/invitations";
import { SelectField, TextAreaField, TextField } from "~/components/field";
import { RESPONDENT_GROUPS } from "~/domain/dimensions";
import { parseRespondentList } from "~/domain/respondent-list";
import { db } from "~/db.server";
import { getOrganisation } from "../../db/repositories/organisations";
import {
  AssessmentAction,
  chosenLocale,
  describeRespondent,
  getRespondentOfAssessment,
  issuedLink,
  MAX_LINK_DAYS,
  newLinkFor,
  progressRow,
  type IssuedLink,
} from "~/services/assessments.server";
import { audit } from "~/services/audit.server";
import { questionnaireLanguages } from "~/services/questionnaires.server";
import { languageName } from "~/domain/survey-locale";
import { addRespondents, deliveriesOf, invitationTextFor } from "~/services/invitations.server";
import { remindUnfinished } from "~/services/reminders.server";
import { setReminderSchedule } from "../../db/repositories/reminders";
import { mailConfigured } from "~/mail/config.server";
import { refreshAssessmentSummary } from "~/services/summaries.server";
import { linkExpiry, SURVEY_LINK_DAYS, surveyPath } from "~/services/survey-access.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.assessment.title ?? "Assessment"} · Cairn` }];

/** How often an open page asks for fresh progress while it is visible. */
const REFRESH_INTERVAL_MS = 5000;

const GROUP_OPTIONS = RESPONDENT_GROUPS.map((g) => ({ value: g.key, label: g.name }));
const CLOSED_MESSAGE = "This assessment is closed. Reopen it to add respondents.";
const NO_MAIL_MESSAGE = "Mail is not configured on this Cairn, so it cannot send invitations: choose to share the links yourself.";

/** What the add message says about mail, so that people without an email address are not forgotten. */
function sentNote(delivery: "send" | "share", queued: number, added: number): string {
  if (delivery !== "send") return "";
  const invitations = queued === 1 ? "1 invitation is" : `${queued} invitations are`;
  const missing = added - queued;
  return ` ${invitations} on the way.${missing > 0 ? ` ${missing === 1 ? "1 person has" : `${missing} people have`} no email address: share their link yourself.` : ""}`;
}
const NO_LINK_MESSAGE = "A workshop session has no link: open it from this page instead.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" });
  const organisationId = user.organisationId;
  const assessment = found(await getAssessmentOverview(db(), { organisationId, assessmentId: String(params.assessmentId) }), "Assessment");
  const respondents = await listRespondentProgress(db(), { organisationId, assessmentId: assessment.id });
  const deliveries = await deliveriesOf(db(), { organisationId, respondentIds: respondents.map((r) => r.id) });
  const organisation = found(await getOrganisation(db(), { organisationId }), "Organisation");
  const now = Date.now();
  return json({
    assessment: {
      id: assessment.id,
      title: assessment.title,
      customerId: assessment.customer_id,
      customerName: assessment.customerName,
      questionnaireKey: assessment.questionnaire_key,
      questionnaireVersion: assessment.questionnaire_version,
      mode: assessment.mode,
      status: assessment.status,
      createdAt: assessment.created_at,
      closedAt: assessment.closed_at,
    },
    respondents: respondents.map((r) => ({ ...progressRow(r, now), workshopPath: r.kind === "workshop" ? surveyPath(r.id) : null, delivery: deliveries.get(r.id) ?? null })),
    mailConfigured: mailConfigured(),
    invitation: {
      text: invitationTextFor({ invitationText: assessment.invitation_text, consultantName: user.name, providerName: organisation.name, customerName: assessment.customerName }),
      custom: assessment.invitation_text !== null,
    },
    reminders: { afterDays: assessment.reminder_after_days, max: assessment.reminder_max },
    canWrite: can(user, "assessments:write"),
    // Sent from here because the component cannot import server modules' values.
    linkDays: { usual: SURVEY_LINK_DAYS, max: MAX_LINK_DAYS },
    languages: (await questionnaireLanguages(organisationId, assessment)).map((code) => ({ value: code, label: languageName(code) })),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const organisationId = user.organisationId;
  const assessment = found(await getAssessment(db(), { organisationId, assessmentId: String(params.assessmentId) }), "Assessment");
  const parsed = parseForm(await readFormData(request), AssessmentAction);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, formError: parsed.fieldErrors.intent, values: parsed.values });
  const input = parsed.data;
  const values = parsed.values;
  const origin = new URL(request.url).origin;
  const assessmentTarget = { type: "assessment", id: assessment.id };

  if (input.intent === "close" || input.intent === "reopen-assessment") {
    const status = input.intent === "close" ? "closed" : "open";
    await setAssessmentStatus(db(), { organisationId, assessmentId: assessment.id, status });
    // Closing can make it the assessment that counts: its headline scores are judged as they are now.
    if (status === "closed") await refreshAssessmentSummary({ organisationId, assessmentId: assessment.id });
    await audit(user, context, status === "closed" ? "assessment.closed" : "assessment.reopened", assessmentTarget);
    return json({ ok: true as const, intent: input.intent, message: status === "closed" ? "The assessment is closed." : "The assessment is open again." });
  }

  if (input.intent === "reminder-schedule") {
    await setReminderSchedule(db(), { organisationId, assessmentId: assessment.id, afterDays: input.afterDays, max: input.afterDays === null ? null : input.max, origin });
    await audit(user, context, "assessment.reminder-schedule-changed", { ...assessmentTarget, detail: { afterDays: input.afterDays, max: input.max } });
    const message = input.afterDays === null ? "No reminders are scheduled." : `Cairn reminds people who have not finished every ${input.afterDays} days after their invitation, at most ${input.max} times.`;
    return json({ ok: true as const, intent: input.intent, message });
  }

  if (input.intent === "remind-now") {
    if (assessment.status !== "open") return badRequest({ formError: "This assessment is closed: nobody can be reminded.", values });
    if (!mailConfigured()) return badRequest({ formError: NO_MAIL_MESSAGE, values });
    const reminded = await remindUnfinished(db(), { user, assessmentId: assessment.id, origin });
    await audit(user, context, "assessment.reminded", { ...assessmentTarget, detail: { count: reminded } });
    return json({ ok: true as const, intent: input.intent, message: reminded === 0 ? "Nobody to remind: everyone with an email address has finished." : `${reminded === 1 ? "1 reminder is" : `${reminded} reminders are`} on the way, each with a new link.` });
  }

  if (input.intent === "invitation-text") {
    const text = input.reset || input.invitationText.trim() === "" ? null : input.invitationText.trim();
    await setInvitationText(db(), { organisationId, assessmentId: assessment.id, text });
    await audit(user, context, "assessment.invitation-text-changed", { ...assessmentTarget, detail: { custom: text !== null } });
    return json({ ok: true as const, intent: input.intent, message: text === null ? "The invitation uses Cairn's wording again." : "The invitation text is saved." });
  }

  if (input.intent === "add" || input.intent === "add-list" || input.intent === "add-workshop") {
    if (assessment.status !== "open") return badRequest({ formError: CLOSED_MESSAGE, values });
    if (input.intent !== "add-workshop" && input.delivery === "send" && !mailConfigured()) {
      return badRequest({ formError: NO_MAIL_MESSAGE, values });
    }

    const languages = await questionnaireLanguages(organisationId, assessment);
    const locale = chosenLocale(input.intent === "add" ? input.locale : input.intent === "add-list" ? input.listLocale : input.workshopLocale, languages);
    if (!locale.ok) return badRequest({ formError: locale.message, values });

    if (input.intent === "add") {
      const people = [{ name: input.name || null, email: input.email || null, group: input.group }];
      const { issuedLinks, queued } = await addRespondents(db(), { user, assessmentId: assessment.id, people, days: input.days, origin, delivery: input.delivery, locale: locale.locale });
      await audit(user, context, "respondent.added", { type: "respondent", id: issuedLinks[0].respondentId, detail: { assessmentId: assessment.id, group: input.group, invitationQueued: queued > 0 } });
      return json({ ok: true as const, intent: input.intent, message: `Added ${issuedLinks[0].who}.${sentNote(input.delivery, queued, 1)}`, issuedLinks });
    }

    if (input.intent === "add-list") {
      const list = parseRespondentList(input.list);
      if (!list.ok) return json({ ok: false as const, formError: list.summary, listProblems: list.problems, values }, { status: 400 });
      const { issuedLinks, queued } = await addRespondents(db(), { user, assessmentId: assessment.id, people: list.respondents, days: input.listDays, origin, delivery: input.delivery, locale: locale.locale });
      await audit(user, context, "respondent.list-added", { ...assessmentTarget, detail: { count: issuedLinks.length, invitationsQueued: queued } });
      const count = issuedLinks.length === 1 ? "1 respondent" : `${issuedLinks.length} respondents`;
      return json({ ok: true as const, intent: input.intent, message: `Added ${count}.${sentNote(input.delivery, queued, issuedLinks.length)}`, issuedLinks });
    }

    const [workshop] = await createRespondents(db(), {
      organisationId,
      assessmentId: assessment.id,
      respondents: [{ kind: "workshop", groupKey: input.workshopGroup, label: input.label, tokenHash: null, tokenExpiresAt: null, locale: locale.locale }],
    });
    await audit(user, context, "respondent.workshop-added", { type: "respondent", id: workshop.id, detail: { assessmentId: assessment.id, group: input.workshopGroup } });
    return json({ ok: true as const, intent: input.intent, message: `Added the workshop session “${input.label}”. Open it when the group is together.` });
  }

  const respondent = found(await getRespondentOfAssessment(db(), { organisationId, assessmentId: assessment.id, respondentId: input.respondentId }), "Respondent");
  const respondentTarget = { type: "respondent", id: respondent.id };
  const who = describeRespondent(respondent);

  if (input.intent === "reopen") {
    if (!(await reopenRespondent(db(), { organisationId, respondentId: respondent.id }))) {
      return badRequest({ formError: "Only a completed response can be reopened.", values });
    }
    await audit(user, context, "respondent.reopened", respondentTarget);
    return json({ ok: true as const, intent: input.intent, message: `${who} can change their answers again.` });
  }

  if (respondent.kind !== "person") return badRequest({ formError: NO_LINK_MESSAGE, values });

  if (input.intent === "reissue") {
    const link = newLinkFor(respondent);
    await replaceRespondentToken(db(), { organisationId, respondentId: respondent.id, tokenHash: link.tokenHash, tokenExpiresAt: link.tokenExpiresAt });
    await audit(user, context, "respondent.link-reissued", respondentTarget);
    return json({
      ok: true as const,
      intent: input.intent,
      message: `New link issued for ${who}; the old one no longer works. Their answers are kept.`,
      issuedLinks: [issuedLink(respondent, link.token, link.tokenExpiresAt, origin)],
    });
  }
  if (input.intent === "revoke" || input.intent === "restore") {
    const revoked = input.intent === "revoke";
    await setRespondentRevoked(db(), { organisationId, respondentId: respondent.id, revoked });
    await audit(user, context, revoked ? "respondent.link-revoked" : "respondent.link-restored", respondentTarget);
    return json({ ok: true as const, intent: input.intent, message: revoked ? `${who}'s link no longer works.` : `${who}'s link works again.` });
  }
  const tokenExpiresAt = linkExpiry(input.days);
  await setRespondentExpiry(db(), { organisationId, respondentId: respondent.id, tokenExpiresAt });
  await audit(user, context, "respondent.link-extended", { ...respondentTarget, detail: { days: input.days, until: tokenExpiresAt } });
  return json({ ok: true as const, intent: input.intent, message: `${who}'s link now works for ${input.days} more days.` });
}

type ActionResult = SerializeFrom<typeof action>;
type PageData = SerializeFrom<typeof loader>;
type RespondentRow = PageData["respondents"][number];
type LinkDays = PageData["linkDays"];

/** The result of the form that sent `intent`: its fetcher's, or, without JavaScript, the page's. */
function useResultOf(intent: string, fetcherData: ActionResult | undefined): ActionResult | undefined {
  const actionData = useActionData<typeof action>();
  if (fetcherData) return fetcherData;
  if (!actionData) return undefined;
  const sentBy = "intent" in actionData ? actionData.intent : actionData.values?.intent;
  return sentBy === intent ? actionData : undefined;
}

/**
 * What was typed into a form the page itself received without JavaScript, to fill it in again.
 * A fetcher's form keeps what was typed by itself, and must not get it back after a reset.
 */
function useValuesSentBy(intent: string): Record<string, string> | undefined {
  const actionData = useActionData<typeof action>();
  return actionData && "values" in actionData && actionData.values?.intent === intent ? actionData.values : undefined;
}

function fieldErrorsOf(result: ActionResult | undefined) {
  return result && "fieldErrors" in result ? result.fieldErrors : undefined;
}

/** Keeps the progress table current: a quiet reload every few seconds while the page is in view. */
function useRefreshWhileVisible(intervalMs: number) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const fetchers = useFetchers();
  // Never in the middle of something the consultant started: a revalidation would interrupt it.
  const busy = navigation.state !== "idle" || revalidator.state !== "idle" || fetchers.some((f) => f.state !== "idle");
  const latest = useRef({ revalidate: revalidator.revalidate, busy });
  latest.current = { revalidate: revalidator.revalidate, busy };

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const refresh = () => {
      if (!latest.current.busy) latest.current.revalidate();
    };
    const start = () => {
      timer ??= setInterval(refresh, intervalMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === "visible") {
        refresh();
        start();
      } else {
        stop();
      }
    };
    if (document.visibilityState === "visible") start();
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [intervalMs]);
}

/**
 * Issued links must outlive the next refresh (which clears action data), so the page keeps them
 * until the consultant says they have copied them.
 */
function useLinksFrom(data: ActionResult | undefined, remember: (links: IssuedLink[]) => void) {
  useEffect(() => {
    if (data && "issuedLinks" in data) remember(data.issuedLinks);
  }, [data, remember]);
}


/**
 * A date, first in UTC (the server and the first render agree, so hydration matches), then in the
 * reader's own time zone once the page runs in their browser.
 */



const STATE_TEXT: Record<RespondentRow["state"], string> = { invited: "invited", opened: "opened", "in-progress": "in progress", completed: "completed" };

function whoOf(r: RespondentRow): string {
  return r.kind === "workshop" ? (r.label ?? "Workshop") : (r.name ?? r.email ?? "Anonymous respondent");
}

function LinkCell({ respondent }: { respondent: RespondentRow }) {
  if (respondent.link === "none") return <span className="muted">workshop — no link</span>;
  if (respondent.link === "revoked") return <span className="badge archived">revoked</span>;
  if (respondent.link === "expired") {
    return (
      <span>
        <span className="badge archived">expired</span> <When iso={respondent.linkExpiresAt!} />
      </span>
    );
  }
  return (
    <span>
      active until <When iso={respondent.linkExpiresAt!} />
    </span>
  );
}

function RespondentActions({ respondent, linkDays, onIssued }: { respondent: RespondentRow; linkDays: LinkDays; onIssued: (links: IssuedLink[]) => void }) {
  const fetcher = useFetcher<typeof action>();
  useLinksFrom(fetcher.data, onIssued);
  const who = whoOf(respondent);
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  const hidden = <input type="hidden" name="respondentId" value={respondent.id} />;
  return (
    <div style={{ display: "grid", gap: "0.35rem" }}>
      {respondent.workshopPath ? (
        <Link className="button secondary" to={respondent.workshopPath}>
          Open workshop
        </Link>
      ) : (
        <>
          <fetcher.Form method="post" style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
            {hidden}
            <button type="submit" name="intent" value="reissue" className="link" disabled={busy} aria-label={`Re-issue the link for ${who}`}>
              Re-issue link
            </button>
            {respondent.link === "revoked" ? (
              <button type="submit" name="intent" value="restore" className="link" disabled={busy} aria-label={`Restore the link for ${who}`}>
                Restore
              </button>
            ) : (
              <button type="submit" name="intent" value="revoke" className="link" disabled={busy} aria-label={`Revoke the link for ${who}`}>
                Revoke
              </button>
            )}
          </fetcher.Form>
          <fetcher.Form method="post" style={{ display: "flex", gap: "0.35rem", alignItems: "center" }}>
            {hidden}
            <input type="hidden" name="intent" value="extend" />
            <label className="sr-only" htmlFor={`extend-${respondent.id}`}>
              Days the link of {who} should work from now
            </label>
            <button type="submit" className="link" disabled={busy} aria-label={`Extend the link for ${who}`}>
              Extend to
            </button>
            <input id={`extend-${respondent.id}`} name="days" type="number" min={1} max={linkDays.max} defaultValue={linkDays.usual} style={{ width: "4.5rem" }} />
            <span aria-hidden="true">days</span>
          </fetcher.Form>
        </>
      )}
      {respondent.state === "completed" ? (
        <fetcher.Form method="post">
          {hidden}
          <button type="submit" name="intent" value="reopen" className="link" disabled={busy} aria-label={`Reopen the response of ${who}`}>
            Reopen response
          </button>
        </fetcher.Form>
      ) : null}
      {result && "message" in result ? (
        <span className="muted" role="status">
          {result.message}
        </span>
      ) : null}
      {result && !result.ok && result.formError ? (
        <span className="field-error" role="alert">
          {result.formError}
        </span>
      ) : null}
    </div>
  );
}

function ProgressTable({ respondents, canWrite, linkDays, onIssued }: { respondents: RespondentRow[]; canWrite: boolean; linkDays: LinkDays; onIssued: (links: IssuedLink[]) => void }) {
  if (respondents.length === 0) return <p className="muted">Nobody has been invited yet.</p>;
  return (
    <table className="data" aria-label="Respondents">
      <thead>
        <tr>
          <th>Respondent</th>
          <th>Group</th>
          <th>Status</th>
          <th>Answered</th>
          <th>Last activity</th>
          <th>Link</th>
          <th>Mail</th>
          {canWrite ? <th>Actions</th> : null}
        </tr>
      </thead>
      <tbody>
        {respondents.map((r) => (
          <tr key={r.id} data-respondent-id={r.id}>
            <td>
              {r.kind === "workshop" ? (
                <>
                  {r.label} <span className="badge">workshop</span>
                </>
              ) : (
                <>
                  {r.name ?? (r.email ? null : <span className="muted">Anonymous respondent</span>)}
                  {r.name && r.email ? <br /> : null}
                  {r.email ? <span className={r.name ? "muted" : undefined}>{r.email}</span> : null}
                </>
              )}
            </td>
            <td>
              {r.groupName}
              {r.locale ? <span className="muted small"> · {languageName(r.locale)}</span> : null}
            </td>
            <td>
              <span className={r.state === "completed" ? "badge open" : "badge"}>{r.kind === "workshop" && r.state === "invited" ? "not started" : STATE_TEXT[r.state]}</span>
            </td>
            <td data-answered-count={r.answeredCount}>{r.answeredCount}</td>
            <td>{r.lastActivityAt ? <When iso={r.lastActivityAt} withTime /> : <span className="muted">—</span>}</td>
            <td>
              <LinkCell respondent={r} />
            </td>
            <td>{r.kind === "workshop" ? <span className="muted">—</span> : <DeliveryCell delivery={r.delivery} />}</td>
            {canWrite ? (
              <td>
                <RespondentActions respondent={r} linkDays={linkDays} onIssued={onIssued} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FormOutcome({ result }: { result: ActionResult | undefined }) {
  if (!result) return null;
  if ("message" in result) {
    return (
      <p className="notice" role="status">
        {result.message}
      </p>
    );
  }
  if (!result.formError) return null;
  return (
    <div className="form-error" role="alert">
      <p style={{ margin: 0 }}>{result.formError}</p>
      {"listProblems" in result && result.listProblems.length > 0 ? (
        <ul style={{ margin: "0.5rem 0 0" }}>
          {result.listProblems.map((problem) => (
            <li key={problem.line}>
              Line {problem.line}: {problem.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

type Language = { value: string; label: string };

/** The language new respondents answer in, offered only when the questionnaire has more than one. */
function LanguageField({ name, languages, defaultValue, label = "Answers in" }: { name: string; languages: Language[]; defaultValue?: string; label?: string }) {
  if (languages.length < 2) return null;
  return (
    <SelectField
      name={name}
      label={label}
      options={[{ value: "", label: "Their browser's language" }, ...languages]}
      defaultValue={defaultValue ?? ""}
      hint="They can switch language on the survey page at any time."
    />
  );
}

/** Empties a form once what it sent was accepted, so the same people are not added twice. */
function useResetOnSuccess(fetcher: { state: string; data?: ActionResult }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) form.current?.reset();
  }, [fetcher.state, fetcher.data]);
  return form;
}

function AddRespondentForm({ linkDays, languages, onIssued, mailConfigured }: { linkDays: LinkDays; languages: Language[]; onIssued: (links: IssuedLink[]) => void; mailConfigured: boolean }) {
  const fetcher = useFetcher<typeof action>();
  useLinksFrom(fetcher.data, onIssued);
  const form = useResetOnSuccess(fetcher);
  const result = useResultOf("add", fetcher.data);
  const errors = fieldErrorsOf(result);
  const values = useValuesSentBy("add");
  return (
    <section className="card" aria-labelledby="add-one-heading">
      <h3 id="add-one-heading" style={{ marginTop: 0 }}>
        Add a respondent
      </h3>
      <fetcher.Form method="post" className="stacked" noValidate ref={form}>
        <input type="hidden" name="intent" value="add" />
        <TextField name="name" label="Name" defaultValue={values?.name} error={errors?.name} hint="Optional." />
        <TextField name="email" label="Email" type="email" defaultValue={values?.email} error={errors?.email} hint={mailConfigured ? "Optional. Needed if Cairn is to send the invitation." : "Optional. Mail is not configured: you send the link."} />
        <SelectField name="group" label="Group" options={GROUP_OPTIONS} defaultValue={values?.group ?? "it"} error={errors?.group} />
        <TextField name="days" label="Link works for (days)" type="number" min={1} max={linkDays.max} defaultValue={values?.days ?? linkDays.usual} error={errors?.days} />
        <LanguageField name="locale" languages={languages} defaultValue={values?.locale} />
        <DeliveryChoice mailConfigured={mailConfigured} idPrefix="add-one" defaultValue={values?.delivery} />
        <FormOutcome result={result} />
        <div>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Add respondent
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

function AddListForm({ linkDays, languages, onIssued, mailConfigured }: { linkDays: LinkDays; languages: Language[]; onIssued: (links: IssuedLink[]) => void; mailConfigured: boolean }) {
  const fetcher = useFetcher<typeof action>();
  useLinksFrom(fetcher.data, onIssued);
  const form = useResetOnSuccess(fetcher);
  const result = useResultOf("add-list", fetcher.data);
  const errors = fieldErrorsOf(result);
  const values = useValuesSentBy("add-list");
  return (
    <section className="card" aria-labelledby="add-list-heading">
      <h3 id="add-list-heading" style={{ marginTop: 0 }}>
        Add a list
      </h3>
      <fetcher.Form method="post" className="stacked" noValidate ref={form}>
        <input type="hidden" name="intent" value="add-list" />
        <TextAreaField
          name="list"
          label="People, one a line"
          rows={6}
          defaultValue={values?.list}
          error={errors?.list}
          placeholder={"Jane Doe, jane@contoso.example, IT\nRaj Patel, raj@contoso.example, Business"}
          hint="name, email, group — separated by commas, or paste three columns from a spreadsheet. A name or an email is enough. Groups: IT, Engineering, Business, Executive, Other. Up to 500 people."
        />
        <TextField name="listDays" label="Links work for (days)" type="number" min={1} max={linkDays.max} defaultValue={values?.listDays ?? linkDays.usual} error={errors?.listDays} />
        <LanguageField name="listLocale" languages={languages} defaultValue={values?.listLocale} label="They answer in" />
        <DeliveryChoice mailConfigured={mailConfigured} idPrefix="add-list" defaultValue={values?.delivery} />
        <FormOutcome result={result} />
        <div>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Add list
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

function AddWorkshopForm({ languages }: { languages: Language[] }) {
  const fetcher = useFetcher<typeof action>();
  const form = useResetOnSuccess(fetcher);
  const result = useResultOf("add-workshop", fetcher.data);
  const errors = fieldErrorsOf(result);
  const values = useValuesSentBy("add-workshop");
  return (
    <section className="card" aria-labelledby="add-workshop-heading">
      <h3 id="add-workshop-heading" style={{ marginTop: 0 }}>
        Add a workshop session
      </h3>
      <p className="muted">You answer together with the group in the room, on your own screen; no link is needed.</p>
      <fetcher.Form method="post" className="stacked" noValidate ref={form}>
        <input type="hidden" name="intent" value="add-workshop" />
        <TextField name="label" label="Session label" required placeholder="IT leadership workshop" defaultValue={values?.label} error={errors?.label} />
        <SelectField name="workshopGroup" label="Group in the room" options={GROUP_OPTIONS} defaultValue={values?.workshopGroup ?? "it"} error={errors?.workshopGroup} />
        <LanguageField name="workshopLocale" languages={languages} defaultValue={values?.workshopLocale} label="Language on the shared screen" />
        <FormOutcome result={result} />
        <div>
          <button type="submit" disabled={fetcher.state !== "idle"}>
            Add workshop session
          </button>
        </div>
      </fetcher.Form>
    </section>
  );
}

function StatusButton({ status }: { status: "open" | "closed" }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data;
  return (
    <fetcher.Form method="post" style={{ display: "flex", gap: "0.5rem", alignItems: "center" }}>
      {result && !result.ok && result.formError ? (
        <span className="field-error" role="alert">
          {result.formError}
        </span>
      ) : null}
      <button type="submit" name="intent" value={status === "open" ? "close" : "reopen-assessment"} className="secondary" disabled={fetcher.state !== "idle"}>
        {status === "open" ? "Close assessment" : "Reopen assessment"}
      </button>
    </fetcher.Form>
  );
}

export default function AssessmentPage() {
  const { assessment, respondents, canWrite, linkDays, languages, mailConfigured, invitation, reminders } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  useRefreshWhileVisible(REFRESH_INTERVAL_MS);

  const [issuedLinks, setIssuedLinks] = useState<IssuedLink[]>([]);
  const rememberLinks = useCallback((links: IssuedLink[]) => {
    setIssuedLinks((shown) => [...links.filter((l) => !shown.some((s) => s.url === l.url)), ...shown]);
  }, []);
  // Without JavaScript the forms post to the page itself and the links arrive as its action data.
  const linksWithoutScript = actionData && "issuedLinks" in actionData ? actionData.issuedLinks.filter((l) => !issuedLinks.some((s) => s.url === l.url)) : [];
  const linksToShow = [...issuedLinks, ...linksWithoutScript];
  const closed = assessment.status === "closed";
  const pageMessage = actionData && "message" in actionData && (actionData.intent === "close" || actionData.intent === "reopen-assessment") ? actionData.message : null;

  return (
    <main className="page">
      <div className="page-head">
        <div>
          <p className="muted" style={{ margin: 0 }}>
            <Link to={`/customers/${assessment.customerId}`}>{assessment.customerName}</Link>
          </p>
          <h1>
            {assessment.title} <span className={`badge ${assessment.status}`}>{assessment.status}</span>
          </h1>
        </div>
        <div style={{ display: "flex", gap: "0.5rem", alignItems: "center" }}>
          <Link className="button secondary" to={`/assessments/${assessment.id}/results`}>
            Results
          </Link>
          {canWrite ? <StatusButton status={assessment.status} /> : null}
        </div>
      </div>
      {closed ? (
        <p className="form-error" role="status">
          This assessment is closed{assessment.closedAt ? <> since <When iso={assessment.closedAt} /></> : null}. Its links now show a polite “this survey has
          closed” page and nobody can answer. {canWrite ? "Reopen it to let people carry on." : null}
        </p>
      ) : null}
      {pageMessage ? (
        <p className="notice" role="status">
          {pageMessage}
        </p>
      ) : null}
      <div className="card">
        <dl className="grid" style={{ margin: 0 }}>
          <div>
            <dt className="muted">Customer</dt>
            <dd>
              <Link to={`/customers/${assessment.customerId}`}>{assessment.customerName}</Link>
            </dd>
          </div>
          <div>
            <dt className="muted">Questionnaire</dt>
            <dd>
              {assessment.questionnaireKey}, version {assessment.questionnaireVersion}
            </dd>
          </div>
          <div>
            <dt className="muted">Mode</dt>
            <dd>{assessment.mode}</dd>
          </div>
          <div>
            <dt className="muted">Started</dt>
            <dd>
              <When iso={assessment.createdAt} />
            </dd>
          </div>
        </dl>
      </div>

      {linksToShow.length > 0 ? <IssuedLinksPanel links={linksToShow} onDone={() => setIssuedLinks([])} /> : null}

      <h2>Respondents</h2>
      <p className="muted" style={{ marginTop: 0 }}>
        This table updates by itself while the page is open.
      </p>
      <ProgressTable respondents={respondents} canWrite={canWrite} linkDays={linkDays} onIssued={rememberLinks} />

      {canWrite && !closed ? (
        <>
          <h2>Invite people</h2>
          {assessment.mode === "workshop" ? <AddWorkshopForm languages={languages} /> : null}
          <div className="grid" style={{ alignItems: "start" }}>
            <AddListForm linkDays={linkDays} languages={languages} onIssued={rememberLinks} mailConfigured={mailConfigured} />
            <AddRespondentForm linkDays={linkDays} languages={languages} onIssued={rememberLinks} mailConfigured={mailConfigured} />
          </div>
          {assessment.mode === "self-serve" ? <RemindersForm afterDays={reminders.afterDays} max={reminders.max} mailConfigured={mailConfigured} /> : null}
          {assessment.mode === "self-serve" ? <InvitationTextForm text={invitation.text} custom={invitation.custom} mailConfigured={mailConfigured} /> : null}
          {assessment.mode === "self-serve" ? <AddWorkshopForm languages={languages} /> : null}
        </>
      ) : null}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
