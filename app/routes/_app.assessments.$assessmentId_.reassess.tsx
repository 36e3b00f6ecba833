import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { listRespondentProgress } from "../../db/repositories/respondents";
import { found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/field";
import { IssuedLinksPanel } from "~/components/issued-links-panel";
import { db } from "~/db.server";
import { audit } from "~/services/audit.server";
import { reassessForm } from "~/forms/assessments.server";
import { MAX_LINK_DAYS, questionnaireChoices, questionnaireChoiceValue, startReassessment } from "~/services/assessments.server";
import { listStartableQuestionnaires } from "~/services/questionnaires.server";
import { SURVEY_LINK_DAYS } from "~/services/survey-access.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Re-assess · Cairn" }];

async function loadPrevious(request: Request, assessmentId: string) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const previous = found(await getAssessment(db(), { organisationId: user.organisationId, assessmentId }), "Assessment");
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: previous.customer_id }), "Customer");
  return { user, previous, customer };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, previous, customer } = await loadPrevious(request, String(params.assessmentId));
  const respondents = await listRespondentProgress(db(), { organisationId: user.organisationId, assessmentId: previous.id });
  const monthYear = new Date().toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  return json({
    previous: { id: previous.id, title: previous.title, mode: previous.mode, questionnaire: questionnaireChoiceValue({ key: previous.questionnaire_key, version: previous.questionnaire_version }) },
    customer: { id: customer.id, name: customer.name, archived: customer.archived_at !== null },
    people: respondents.filter((r) => r.kind === "person").length,
    workshops: respondents.filter((r) => r.kind === "workshop").length,
    questionnaires: (await questionnaireChoices(user.organisationId)).filter((q) => q.value.split("@")[0] === previous.questionnaire_key),
    defaultTitle: `Re-assessment ${monthYear}`,
    // Sent from here because the component cannot import server modules' values (they are empty in the browser).
    linkDays: { usual: SURVEY_LINK_DAYS, max: MAX_LINK_DAYS },
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, previous, customer } = await loadPrevious(request, String(params.assessmentId));
  if (customer.archived_at) return badRequest({ formError: "This customer is archived. Restore it before starting a new assessment." });
  const parsed = parseForm(await readFormData(request), reassessForm(await listStartableQuestionnaires(user.organisationId)));
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  const { title, questionnaire, mode, days } = parsed.data;
  if (questionnaire.key !== previous.questionnaire_key) {
    return badRequest({ fieldErrors: { questionnaire: "A re-assessment uses the same questionnaire, in this or a newer version, so scores can be compared." }, values: parsed.values });
  }
  const result = await startReassessment(db(), {
    organisationId: user.organisationId,
    previous,
    title,
    questionnaireKey: questionnaire.key,
    questionnaireVersion: questionnaire.version,
    mode,
    createdBy: user.id,
    days,
    origin: new URL(request.url).origin,
  });
  await audit(user, context, "assessment.reassessed", { type: "assessment", id: result.assessmentId, detail: { previousAssessmentId: previous.id, respondents: result.issuedLinks.length } });
  return json({ ok: true as const, ...result });
}

export default function Reassess() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  if (actionData && "assessmentId" in actionData) {
    return (
      <main className="page">
        <h1>Re-assessment started</h1>
        <p>
          {actionData.issuedLinks.length} people were invited again on new links{actionData.workshopSessions ? `, and ${actionData.workshopSessions} workshop session(s) were set up` : ""}. Their earlier answers stay with the earlier assessment.
        </p>
        {actionData.issuedLinks.length > 0 ? <IssuedLinksPanel links={actionData.issuedLinks} onDone={() => window.location.assign(`/assessments/${actionData.assessmentId}`)} /> : null}
        <p>
          <Link className="button" to={`/assessments/${actionData.assessmentId}`}>
            Go to the new assessment
          </Link>
        </p>
      </main>
    );
  }
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const formError = actionData && "formError" in actionData ? actionData.formError : undefined;
  return (
    <main className="page">
      <p className="muted" style={{ margin: 0 }}>
        <Link to={`/customers/${data.customer.id}`}>{data.customer.name}</Link> · <Link to={`/assessments/${data.previous.id}`}>{data.previous.title}</Link>
      </p>
      <h1>Re-assess {data.customer.name}</h1>
      <p>
        A re-assessment asks the same people again, so the customer can see what moved. {data.people} people will get new links
        {data.workshops ? ` and ${data.workshops} workshop session(s) will be set up again` : ""}.
      </p>
      {formError ? <p className="form-error" role="alert">{formError}</p> : null}
      <div className="card">
        <Form method="post" className="stacked" noValidate>
          <TextField name="title" label="Title" required defaultValue={data.defaultTitle} error={fieldErrors?.title} />
          <SelectField name="questionnaire" label="Questionnaire" options={data.questionnaires} defaultValue={data.previous.questionnaire} error={fieldErrors?.questionnaire} hint="The same version keeps scores strictly comparable; a newer version may add questions." />
          <SelectField name="mode" label="How it is run" defaultValue={data.previous.mode} options={[{ value: "self-serve", label: "Self-serve: people answer from private links" }, { value: "workshop", label: "Workshop: answered together in the room" }]} error={fieldErrors?.mode} />
          <TextField name="days" label="Links work for (days)" type="number" min={1} max={data.linkDays.max} defaultValue={String(data.linkDays.usual)} error={fieldErrors?.days} />
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Start the re-assessment
            </button>
          </div>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
