import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/field";
import { QuestionnaireFindings } from "~/components/questionnaire-findings";
import { listQuestionnaires } from "~/domain/questionnaire-catalogue.server";
import { QuestionnaireUploadForm } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { importQuestionnaire, listAvailableQuestionnaires } from "~/services/questionnaires.server";
import { badRequest, parseForm, readUpload } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Questionnaires · Cairn" }];

/** The same figure as MAX_QUESTIONNAIRE_BYTES (~/domain/questionnaire-import), which this page must not import: it would bring survey-core to the browser. */
const MAX_UPLOAD_BYTES = 900 * 1024;
const SIZE_LIMIT_TEXT = "900 KB";
const TOO_LARGE_MESSAGE = `The file must be at most ${SIZE_LIMIT_TEXT}.`;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  return json({ questionnaires: await listAvailableQuestionnaires(user.organisationId) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const read = await readUpload(request, { maxPartBytes: MAX_UPLOAD_BYTES, fileField: "file", tooLarge: TOO_LARGE_MESSAGE });
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
  const uploaded = await importQuestionnaire({ organisationId: user.organisationId, key: parsed.data.key, text, createdBy: user.id });
  if (uploaded.outcome === "refused") return json({ ok: false as const, problems: uploaded.problems, warnings: uploaded.warnings, values: parsed.values }, { status: 400 });

  const { stored } = uploaded;
  if (uploaded.outcome === "identical") {
    const archived = stored.archivedAt ? " That version is archived: open it and offer it again to use it for new assessments." : "";
    return json({ ok: true as const, message: `Nothing new was stored: this file holds the same questionnaire as ${stored.key} version ${stored.version} ("${stored.title}").${archived}`, version: stored, unscored: [], warnings: [] });
  }
  const { summary, warnings } = uploaded;
  await audit(user, context, "questionnaire.uploaded", { type: "questionnaire", id: stored.id, detail: { key: stored.key, version: stored.version, warnings: warnings.length } });
  return json({
    ok: true as const,
    message: `Stored "${stored.title}" as ${stored.key} version ${stored.version}: ${summary.questionCount} questions, ${summary.scoredQuestionCount} scored.`,
    version: stored,
    unscored: summary.unscoredQuestions,
    warnings,
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export default function Questionnaires() {
  const { questionnaires } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  // Checked in the browser too, so a file over the limit is refused before it is sent (and before the HTTP layer's 1 MiB limit answers 413).
  const [sizeError, setSizeError] = useState<string | undefined>();
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const refuseLargeFile = (event: FormEvent<HTMLFormElement>) => {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    const tooLarge = file !== undefined && file.size > MAX_UPLOAD_BYTES;
    setSizeError(tooLarge ? `${TOO_LARGE_MESSAGE} This one is ${Math.ceil(file.size / 1024)} KB.` : undefined);
    if (tooLarge) event.preventDefault();
  };
  return (
    <main className="page">
      <h1>Questionnaires</h1>
      <p className="muted">Cairn's own questionnaire, and your practice's variants. A stored version never changes: upload again under the same key to make the next version; assessments keep the version they started with. An archived version is not offered for new assessments.</p>
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
              <td>
                {q.title} {q.archived ? <span className="badge archived">Archived</span> : null}
              </td>
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

      <p>
        <Link to="/settings/questionnaires/konveyor">Import a Konveyor questionnaire (YAML)</Link>
      </p>

      <h2>Upload a SurveyJS questionnaire</h2>
      {actionData && "message" in actionData ? (
        <div className={actionData.warnings.length > 0 ? "notice warning" : "notice"} role="status">
          <p>
            {actionData.message}{" "}
            <Link to={`/settings/questionnaires/${actionData.version.key}/${actionData.version.version}`}>Open version {actionData.version.version}</Link>
          </p>
          {actionData.unscored.length > 0 ? <p className="small">Shown and saved but not scored (no dimension): {actionData.unscored.join(", ")}</p> : null}
          {actionData.warnings.length > 0 ? (
            <>
              <p>
                <strong>Stored with {plural(actionData.warnings.length, "warning")}.</strong> SurveyJS ignores these parts of the file, so respondents will not see them; they are kept with the version and listed on its page.
              </p>
              <QuestionnaireFindings findings={actionData.warnings} />
            </>
          ) : null}
        </div>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
      {actionData && "problems" in actionData && actionData.problems ? (
        <div className="form-error" role="alert">
          <p>
            <strong>The questionnaire was not stored.</strong> {plural(actionData.problems.length, "problem")} to fix:
          </p>
          <QuestionnaireFindings findings={actionData.problems} />
          {actionData.warnings.length > 0 ? (
            <>
              <p>And {plural(actionData.warnings.length, "warning")} (these alone would not stop it):</p>
              <QuestionnaireFindings findings={actionData.warnings} />
            </>
          ) : null}
        </div>
      ) : null}
      <div className="card">
        <Form method="post" encType="multipart/form-data" className="stacked" noValidate onSubmit={refuseLargeFile}>
          <TextField name="key" label="Key" required defaultValue={values?.key} error={fieldErrors?.key} hint="A short, stable name for this questionnaire; versions are numbered under it." />
          <TextField
            name="file"
            label="SurveyJS JSON file"
            type="file"
            accept="application/json,.json"
            error={sizeError ?? fieldErrors?.file}
            onChange={() => setSizeError(undefined)}
            hint={`At most ${SIZE_LIMIT_TEXT}. Questions with a Cairn dimension and scored choices are scored; any others are kept and shown but not scored. Parts SurveyJS ignores are listed as warnings; file upload and signature questions are refused. See questionnaires/README.md.`}
          />
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
  return (
    <GeneralErrorBoundary
      statusMessages={{
        413: { title: "File too large", body: `The upload was larger than Cairn accepts. A questionnaire file may be at most ${SIZE_LIMIT_TEXT}; nothing was stored.`, back: { to: "/settings/questionnaires", label: "Back to Questionnaires" } },
      }}
    />
  );
}
