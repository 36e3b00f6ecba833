import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/field";
import { listQuestionnaires } from "~/domain/questionnaire-catalogue.server";
import { QuestionnaireUploadForm } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { listAvailableQuestionnaires, storeUploadedQuestionnaire } from "~/services/questionnaires.server";
import { badRequest, parseForm, readUpload } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Questionnaires · Cairn" }];

const MAX_UPLOAD_BYTES = 900 * 1024;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  return json({ questionnaires: await listAvailableQuestionnaires(user.organisationId) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const read = await readUpload(request, { maxPartBytes: MAX_UPLOAD_BYTES, fileField: "file", tooLarge: "The file must be at most 900 KB." });
  if (!read.ok) return read.response;
  const { formData } = read;
  const parsed = parseForm(formData, QuestionnaireUploadForm);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  if (listQuestionnaires().some((q) => q.key === parsed.data.key)) {
    return badRequest({ fieldErrors: { key: "That key belongs to a questionnaire that comes with Cairn. Choose another." }, values: parsed.values });
  }
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return badRequest({ fieldErrors: { file: "Choose a SurveyJS JSON file." }, values: parsed.values });

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, "");
  } catch {
    return badRequest({ fieldErrors: { file: "The file is not UTF-8 text." }, values: parsed.values });
  }
  let model: unknown;
  try {
    model = JSON.parse(text);
  } catch (error) {
    return json({ ok: false as const, problems: [{ path: "$", message: `Not valid JSON: ${error instanceof Error ? error.message : "parse error"}` }], values: parsed.values }, { status: 400 });
  }
  const uploaded = await storeUploadedQuestionnaire({ organisationId: user.organisationId, key: parsed.data.key, model, createdBy: user.id });
  if (!uploaded.ok) return json({ ok: false as const, problems: uploaded.problems, values: parsed.values }, { status: 400 });

  const { stored, summary } = uploaded;
  await audit(user, context, "questionnaire.uploaded", { type: "questionnaire", id: stored.id, detail: { key: stored.key, version: stored.version } });
  return json({
    ok: true as const,
    message: `Stored "${stored.title}" as ${stored.key} version ${stored.version}: ${summary.questionCount} questions, ${summary.scoredQuestionCount} scored.`,
    unscored: summary.unscoredQuestions,
  });
}

export default function Questionnaires() {
  const { questionnaires } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <main className="page">
      <h1>Questionnaires</h1>
      <p className="muted">Cairn's own questionnaire, and your practice's variants. A stored version never changes: upload again under the same key to make the next version; assessments keep the version they started with.</p>
      <table className="data">
        <thead>
          <tr>
            <th>Title</th>
            <th>Key</th>
            <th>Version</th>
            <th>From</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {questionnaires.map((q) => (
            <tr key={`${q.key}@${q.version}`}>
              <td>{q.title}</td>
              <td>
                <code>{q.key}</code>
              </td>
              <td>{q.version}</td>
              <td>{q.source === "bundled" ? "Cairn" : "Your practice"}</td>
              <td>
                <Link to={`/settings/questionnaires/${q.key}/${q.version}`}>Open</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Upload a SurveyJS questionnaire</h2>
      {actionData && "message" in actionData ? (
        <div className="notice" role="status">
          <p>{actionData.message}</p>
          {actionData.unscored.length > 0 ? <p className="small">Shown and saved but not scored (no dimension): {actionData.unscored.join(", ")}</p> : null}
        </div>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
      {actionData && "problems" in actionData && actionData.problems ? (
        <div className="form-error" role="alert">
          <p>
            <strong>The questionnaire was not stored.</strong> {actionData.problems.length} problem{actionData.problems.length === 1 ? "" : "s"} to fix:
          </p>
          <ul>
            {actionData.problems.map((p, i) => (
              <li key={i}>
                <code>{p.path}</code>
                {"questionName" in p && p.questionName ? ` (${p.questionName})` : ""}: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stacked" noValidate>
          <TextField name="key" label="Key" required defaultValue={values?.key} error={fieldErrors?.key} hint="A short, stable name for this questionnaire; versions are numbered under it." />
          <TextField name="file" label="SurveyJS JSON file" type="file" accept="application/json,.json" error={fieldErrors?.file} hint="Questions with a Cairn dimension and scored choices are scored; any others are kept and shown but not scored. See questionnaires/README.md." />
          <div>
            <button type="submit" disabled={navigation.state === "submitting"}>
              Upload and validate
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
