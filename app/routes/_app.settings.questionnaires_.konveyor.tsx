import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/field";
import { QuestionnaireFindings } from "~/components/questionnaire-findings";
import { DIMENSIONS } from "~/domain/dimensions";
import { listQuestionnaires } from "~/domain/questionnaire-catalogue.server";
import { QuestionnaireUploadForm, readSectionDimensions } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { importKonveyorQuestionnaire, previewKonveyorQuestionnaire } from "~/services/questionnaires.server";
import { badRequest, parseForm, readUpload } from "~/utils/forms.server";

/*
 * Importing a Konveyor questionnaire in two steps: the YAML file is read and its sections listed,
 * each with a dimension to choose; confirming converts the YAML again, on the server, from the text
 * the form sends back (the preview is never trusted for what is stored), and stores it as the next
 * version of its key. The rules are in questionnaires/README.md ("Konveyor questionnaires").
 */

export const meta: MetaFunction = () => [{ title: "Import a Konveyor questionnaire · Cairn" }];

/** As on the SurveyJS upload page (MAX_QUESTIONNAIRE_BYTES, which this page must not import). */
const MAX_UPLOAD_BYTES = 900 * 1024;
const TOO_LARGE_MESSAGE = "The file must be at most 900 KB.";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "questionnaires:manage" });
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const read = await readUpload(request, { maxPartBytes: MAX_UPLOAD_BYTES, fileField: "file", tooLarge: TOO_LARGE_MESSAGE });
  if (!read.ok) return read.response;
  const { formData } = read;
  const parsed = parseForm(formData, QuestionnaireUploadForm);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: parsed.values });
  const key = parsed.data.key;
  if (listQuestionnaires().some((q) => q.key === key)) {
    return badRequest({ fieldErrors: { key: "That key belongs to a questionnaire that comes with Cairn. Choose another." }, values: parsed.values });
  }

  if (formData.get("intent") === "confirm") {
    const yaml = formData.get("yaml");
    if (typeof yaml !== "string" || yaml === "") return badRequest({ formError: "The questionnaire text was not sent back. Upload the file again." });
    const uploaded = await importKonveyorQuestionnaire({ organisationId: user.organisationId, key, text: yaml, dimensions: readSectionDimensions(formData), createdBy: user.id });
    if (uploaded.outcome === "refused") return json({ stage: "refused" as const, problems: uploaded.problems, warnings: uploaded.warnings, values: parsed.values }, { status: 400 });
    const { stored } = uploaded;
    if (uploaded.outcome === "identical") {
      return json({ stage: "stored" as const, message: `Nothing new was stored: this is the same questionnaire, with the same dimensions, as ${stored.key} version ${stored.version} ("${stored.title}").`, version: stored, warnings: [] });
    }
    await audit(user, context, "questionnaire.uploaded", { type: "questionnaire", id: stored.id, detail: { key: stored.key, version: stored.version, warnings: uploaded.warnings.length, from: "konveyor" } });
    const { summary } = uploaded;
    return json({ stage: "stored" as const, message: `Stored "${stored.title}" as ${stored.key} version ${stored.version}: ${summary.questionCount} questions, ${summary.scoredQuestionCount} scored.`, version: stored, warnings: uploaded.warnings });
  }

  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) return badRequest({ fieldErrors: { file: "Choose a Konveyor questionnaire YAML file." }, values: parsed.values });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, "");
  } catch {
    return badRequest({ fieldErrors: { file: "The file is not UTF-8 text." }, values: parsed.values });
  }
  const preview = previewKonveyorQuestionnaire(text);
  if (!preview.ok) return json({ stage: "refused" as const, problems: preview.problems, warnings: preview.warnings, values: parsed.values }, { status: 400 });
  return json({ stage: "preview" as const, key, yaml: text, title: preview.title, format: preview.format, sections: preview.sections, warnings: preview.warnings });
}

export default function KonveyorImport() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  const stage = actionData && "stage" in actionData ? actionData : null;
  return (
    <main className="page">
      <p>
        <Link to="/settings/questionnaires">← Questionnaires</Link>
      </p>
      <h1>Import a Konveyor questionnaire</h1>
      <p className="muted">
        A questionnaire exported from Konveyor (or written for its import), or a Konveyor seed file with <code>kind: Questionnaire</code>. Its sections become pages and its questions single-choice questions; each answer's risk becomes points (green best, yellow middle, red worst, unknown is "don't know"), and the results show Konveyor's own red / yellow / green verdict from its thresholds. Application tags have no meaning in Cairn: they are kept and listed as warnings. See questionnaires/README.md.
      </p>

      {stage?.stage === "stored" ? (
        <div className={stage.warnings.length > 0 ? "notice warning" : "notice"} role="status">
          <p>
            {stage.message} <Link to={`/settings/questionnaires/${stage.version.key}/${stage.version.version}`}>Open version {stage.version.version}</Link>
          </p>
          {stage.warnings.length > 0 ? (
            <>
              <p>Stored with {stage.warnings.length} warnings, kept with the version:</p>
              <QuestionnaireFindings findings={stage.warnings} />
            </>
          ) : null}
        </div>
      ) : null}
      {actionData && "formError" in actionData && actionData.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
      {stage?.stage === "refused" ? (
        <div className="form-error" role="alert">
          <p>
            <strong>The questionnaire was not stored.</strong> To fix:
          </p>
          <QuestionnaireFindings findings={stage.problems} />
        </div>
      ) : null}

      {stage?.stage === "preview" ? (
        <div className="card">
          <h2>{stage.title}</h2>
          <p className="muted small">{stage.format === "seed" ? "Konveyor seed file (kind: Questionnaire)." : "Konveyor questionnaire."} Choose the Cairn dimension each section's questions are scored in, or leave a section unscored (its answers still count in the Konveyor risk).</p>
          <Form method="post" encType="multipart/form-data" className="stacked">
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="key" value={stage.key} />
            <input type="hidden" name="yaml" value={stage.yaml} />
            <table className="data">
              <thead>
                <tr>
                  <th>Section</th>
                  <th className="num">Questions</th>
                  <th>Dimension</th>
                </tr>
              </thead>
              <tbody>
                {stage.sections.map((section) => (
                  <tr key={section.index}>
                    <td>
                      <label htmlFor={`dimension-${section.index}`}>{section.name}</label>
                    </td>
                    <td className="num">{section.questionCount}</td>
                    <td>
                      <select id={`dimension-${section.index}`} name={`dimension-${section.index}`} defaultValue={section.suggestedDimension ?? ""}>
                        <option value="">Not scored</option>
                        {DIMENSIONS.map((d) => (
                          <option key={d.key} value={d.key}>
                            {d.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {stage.warnings.length > 0 ? (
              <>
                <p>{stage.warnings.length} warnings (these do not stop the import):</p>
                <QuestionnaireFindings findings={stage.warnings} />
              </>
            ) : null}
            <div>
              <button type="submit" disabled={busy}>
                Store as {stage.key}
              </button>
            </div>
          </Form>
        </div>
      ) : (
        <div className="card">
          <Form method="post" encType="multipart/form-data" className="stacked" noValidate>
            <input type="hidden" name="intent" value="preview" />
            <TextField name="key" label="Key" required defaultValue={values?.key} error={fieldErrors?.key} hint="A short, stable name for this questionnaire; versions are numbered under it." />
            <TextField name="file" label="Konveyor questionnaire (YAML)" type="file" accept=".yaml,.yml,application/yaml,text/yaml" error={fieldErrors?.file} hint="At most 900 KB." />
            <div>
              <button type="submit" disabled={busy}>
                Read the file
              </button>
            </div>
          </Form>
        </div>
      )}
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
