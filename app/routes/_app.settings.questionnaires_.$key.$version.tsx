import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import { notFound, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { QuestionnaireFindings } from "~/components/questionnaire-findings";
import { RESPONDENT_GROUPS } from "~/domain/dimensions";
import "~/domain/questionnaire-model";
import { QuestionnaireArchiveForm } from "~/forms/settings.server";
import { audit } from "~/services/audit.server";
import { getAssessmentQuestionnaire, getUploadedVersionStatus, setVersionArchived } from "~/services/questionnaires.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction = () => [{ title: "Questionnaire preview · Cairn" }];

function versionOf(params: LoaderFunctionArgs["params"]): number {
  const version = Number(params.version);
  if (!Number.isInteger(version) || version < 1) throw notFound("Questionnaire");
  return version;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const version = versionOf(params);
  let questionnaire: Awaited<ReturnType<typeof getAssessmentQuestionnaire>>;
  try {
    questionnaire = await getAssessmentQuestionnaire({ organisationId: user.organisationId, key: String(params.key), version });
  } catch {
    throw notFound("Questionnaire");
  }
  const status = questionnaire.source === "uploaded" ? await getUploadedVersionStatus({ organisationId: user.organisationId, key: questionnaire.key, version }) : null;
  return json({
    key: questionnaire.key,
    version: questionnaire.version,
    title: questionnaire.title,
    source: questionnaire.source,
    surveyJson: questionnaire.surveyJson,
    scoredItems: questionnaire.scoringModel.items.length,
    unscored: questionnaire.scoringModel.unscoredQuestionNames,
    archived: status?.archived ?? false,
    warnings: status?.warnings ?? null,
  });
}

/** Archives an uploaded version or offers it again. Cairn's own versions are files, not rows: they are not found here. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const version = versionOf(params);
  const key = String(params.key);
  // Looked up before the form is read: another provider's version is simply not found, whatever is sent.
  if (!(await getUploadedVersionStatus({ organisationId: user.organisationId, key, version }))) throw notFound("Questionnaire");
  const parsed = parseForm(await readFormData(request), QuestionnaireArchiveForm);
  if (!parsed.ok) return badRequest({ formError: parsed.fieldErrors.intent ?? "Unknown action." });
  const archived = parsed.data.intent === "archive";
  const stored = await setVersionArchived({ organisationId: user.organisationId, key, version, archived });
  if (!stored) throw notFound("Questionnaire");
  await audit(user, context, archived ? "questionnaire.archived" : "questionnaire.restored", { type: "questionnaire", id: stored.id, detail: { key: stored.key, version: stored.version } });
  return json({ ok: true as const, message: archived ? `Version ${stored.version} is archived: it is no longer offered for new assessments. Assessments started with it keep it.` : `Version ${stored.version} is offered for new assessments again.` });
}

/** Opens a questionnaire as a respondent of a chosen group would see it. Nothing is saved. */
export default function QuestionnairePreview() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [group, setGroup] = useState("it");
  const model = useMemo(() => {
    const survey = new Model(data.surveyJson);
    survey.setVariable("group", group);
    survey.showCompletedPage = false;
    return survey;
  }, [data.surveyJson, group]);
  return (
    <main className="page">
      <p className="muted" style={{ margin: 0 }}>
        <Link to="/settings/questionnaires">Questionnaires</Link>
      </p>
      <h1>
        {data.title} <span className="badge">v{data.version}</span> {data.archived ? <span className="badge archived">Archived</span> : null}
      </h1>
      {actionData && "message" in actionData ? (
        <p className="notice" role="status">
          {actionData.message}
        </p>
      ) : null}
      {actionData && "formError" in actionData ? (
        <p className="form-error" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      {data.source === "uploaded" ? (
        <Form method="post">
          <input type="hidden" name="intent" value={data.archived ? "restore" : "archive"} />
          <button type="submit" className="secondary">
            {data.archived ? "Offer for new assessments again" : "Archive this version"}
          </button>{" "}
          <span className="small muted">{data.archived ? "Archived: not offered for new assessments; assessments started with it keep it." : "Archiving hides it from new assessments; assessments started with it keep it."}</span>
        </Form>
      ) : null}
      {data.warnings && data.warnings.length > 0 ? (
        <div className="notice warning">
          <p>
            <strong>Stored with {data.warnings.length} warning{data.warnings.length === 1 ? "" : "s"}.</strong> SurveyJS ignores these parts of the uploaded file, so respondents do not see them.
          </p>
          <QuestionnaireFindings findings={data.warnings} />
        </div>
      ) : null}
      <p className="muted">
        {data.scoredItems} scored items.{data.unscored.length > 0 ? ` Not scored: ${data.unscored.length} question(s).` : ""} This is a preview: nothing you enter is saved.
      </p>
      <label>
        Preview as{" "}
        <select value={group} onChange={(e) => setGroup(e.target.value)}>
          {RESPONDENT_GROUPS.map((g) => (
            <option key={g.key} value={g.key}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <Survey key={group} model={model} />
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
