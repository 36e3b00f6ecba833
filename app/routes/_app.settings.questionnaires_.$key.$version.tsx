import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import { notFound, requireUser } from "~/auth/access.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RESPONDENT_GROUPS } from "~/domain/dimensions";
import "~/domain/questionnaire-model";
import { getAssessmentQuestionnaire } from "~/services/questionnaires.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction = () => [{ title: "Questionnaire preview · Cairn" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:manage" });
  const version = Number(params.version);
  if (!Number.isInteger(version) || version < 1) throw notFound("Questionnaire");
  try {
    const questionnaire = await getAssessmentQuestionnaire({ organisationId: user.organisationId, key: String(params.key), version });
    return json({
      key: questionnaire.key,
      version: questionnaire.version,
      title: questionnaire.title,
      source: questionnaire.source,
      surveyJson: questionnaire.surveyJson,
      scoredItems: questionnaire.scoringModel.items.length,
      unscored: questionnaire.scoringModel.unscoredQuestionNames,
    });
  } catch {
    throw notFound("Questionnaire");
  }
}

/** Opens a questionnaire as a respondent of a chosen group would see it. Nothing is saved. */
export default function QuestionnairePreview() {
  const data = useLoaderData<typeof loader>();
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
        {data.title} <span className="badge">v{data.version}</span>
      </h1>
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
