import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createAssessment } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { found, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField, TextField } from "~/components/field";
import { db } from "~/db.server";
import { defaultAssessmentTitle, defaultQuestionnaireChoice, questionnaireChoices, startAssessmentForm } from "~/services/assessments.server";
import { listStartableQuestionnaires } from "~/services/questionnaires.server";
import { audit } from "~/services/audit.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Start an assessment · ${data?.customer.name ?? "Customer"} · Cairn` }];

const MODE_OPTIONS = [
  { value: "self-serve", label: "Self-serve — each person answers through their own private link" },
  { value: "workshop", label: "Workshop — you take the group through the questions together" },
];

const ARCHIVED_MESSAGE = "This customer is archived. Restore the customer before starting an assessment.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  return json({
    customer: { id: customer.id, name: customer.name, archived: customer.archived_at !== null },
    questionnaires: await questionnaireChoices(user.organisationId),
    defaultQuestionnaire: await defaultQuestionnaireChoice(user.organisationId),
    defaultTitle: defaultAssessmentTitle(),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:write" });
  const customer = found(await getCustomer(db(), { organisationId: user.organisationId, customerId: String(params.customerId) }), "Customer");
  if (customer.archived_at) return badRequest({ formError: ARCHIVED_MESSAGE });
  const parsed = parseForm(await readFormData(request), startAssessmentForm(await listStartableQuestionnaires(user.organisationId)));
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  const { title, questionnaire, mode } = parsed.data;
  const assessment = await createAssessment(db(), {
    organisationId: user.organisationId,
    customerId: customer.id,
    title,
    questionnaireKey: questionnaire.key,
    questionnaireVersion: questionnaire.version,
    mode,
    createdBy: user.id,
  });
  await audit(user, context, "assessment.created", {
    type: "assessment",
    id: assessment.id,
    detail: { customerId: customer.id, questionnaire: `${questionnaire.key}@${questionnaire.version}`, mode },
  });
  return redirect(`/assessments/${assessment.id}`);
}

export default function StartAssessment() {
  const { customer, questionnaires, defaultQuestionnaire, defaultTitle } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors = actionData?.fieldErrors;
  const values = actionData?.values;
  return (
    <main className="page">
      <p className="muted" style={{ margin: 0 }}>
        <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
      </p>
      <h1>Start an assessment</h1>
      {customer.archived ? (
        <p className="form-error" role="alert">
          {ARCHIVED_MESSAGE}
        </p>
      ) : actionData?.formError ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      <div className="card">
        {questionnaires.length === 0 ? (
          <p className="form-error" role="alert">
            No questionnaire is installed, so no assessment can be started. Ask your administrator to check the questionnaires folder.
          </p>
        ) : (
          <Form method="post" className="stacked" noValidate>
            <TextField name="title" label="Title" required defaultValue={values?.title ?? defaultTitle} error={fieldErrors?.title} />
            <SelectField
              name="questionnaire"
              label="Questionnaire"
              options={questionnaires}
              defaultValue={values?.questionnaire ?? defaultQuestionnaire ?? questionnaires[0].value}
              error={fieldErrors?.questionnaire}
              hint="The assessment keeps this version, so its answers and scores stay comparable."
            />
            <SelectField name="mode" label="How it is run" options={MODE_OPTIONS} defaultValue={values?.mode ?? "self-serve"} error={fieldErrors?.mode} />
            <div>
              <button type="submit" disabled={customer.archived || navigation.state === "submitting"}>
                Start assessment
              </button>
            </div>
          </Form>
        )}
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
