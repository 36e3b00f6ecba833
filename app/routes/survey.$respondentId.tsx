import { json, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import { listAnswers, listFacilitatorNotes } from "../../db/repositories/answers";
import { SurveyErrorBoundary } from "~/components/survey/survey-error-boundary";
import { SurveyRunner } from "~/components/survey/survey-runner";
import { groupName, isRespondentGroup } from "~/domain/dimensions";
import { db } from "~/db.server";
import { completeSurvey } from "~/services/answers.server";
import { getAssessmentQuestionnaire } from "~/services/questionnaires.server";
import { refreshAssessmentSummary } from "~/services/summaries.server";
import { getSurveyBranding } from "~/services/survey-branding.server";
import { requireSurveyAccess, SURVEY_PAGE_HEADERS } from "~/services/survey-access.server";
import { readFormData } from "~/utils/form-data";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: surveyStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} · Survey` : "Survey" }, { name: "robots", content: "noindex" }];
export const headers: HeadersFunction = () => SURVEY_PAGE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSurveyAccess(request, String(params.respondentId));
  const { respondent } = access;
  const questionnaire = await getAssessmentQuestionnaire({ organisationId: respondent.organisation_id, key: respondent.questionnaireKey, version: respondent.questionnaireVersion });
  const stored = await listAnswers(db(), { respondentId: respondent.id });
  const notes = access.via === "workshop" ? await listFacilitatorNotes(db(), { respondentId: respondent.id }) : [];
  const branding = await getSurveyBranding({ organisationId: respondent.organisation_id, assessmentId: respondent.assessment_id });
  return json(
    {
      respondentId: respondent.id,
      title: respondent.assessmentTitle,
      branding,
      via: access.via,
      assessmentId: respondent.assessment_id,
      label: respondent.label,
      groupLabel: isRespondentGroup(respondent.group_key) ? groupName(respondent.group_key) : respondent.group_key,
      group: respondent.group_key,
      surveyJson: questionnaire.surveyJson,
      answers: Object.fromEntries(stored.map((a) => [a.questionName, a.value])),
      seqs: Object.fromEntries(stored.map((a) => [a.questionName, a.seq])),
      notes: Object.fromEntries(notes.map((n) => [n.questionName, n.note])),
      noteSeqs: Object.fromEntries(notes.map((n) => [n.questionName, n.seq])),
      currentPage: respondent.current_page,
      completed: respondent.status === "completed",
    },
    { headers: SURVEY_PAGE_HEADERS },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireSurveyAccess(request, String(params.respondentId));
  const form = await readFormData(request);
  if (form.get("intent") !== "complete") return json({ ok: false, message: "Unknown action." }, { status: 400, headers: SURVEY_PAGE_HEADERS });
  if (access.respondent.status === "completed") return json({ ok: true }, { headers: SURVEY_PAGE_HEADERS });
  const answered = (await listAnswers(db(), { respondentId: access.respondent.id })).length;
  const result = await completeSurvey(access, answered);
  if (!result.ok) return json(result, { status: 400, headers: SURVEY_PAGE_HEADERS });
  await refreshAssessmentSummary({ organisationId: access.respondent.organisation_id, assessmentId: access.respondent.assessment_id });
  return json(result, { headers: SURVEY_PAGE_HEADERS });
}

export default function SurveyPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <main className={`survey-page ${data.via === "workshop" ? "workshop" : ""}`}>
      <header className="survey-header" style={data.branding.accentColour ? { borderTopColor: data.branding.accentColour } : undefined}>
        <div className="survey-sender" data-testid="survey-sender">
          {data.branding.logoDataUri ? <img src={data.branding.logoDataUri} alt={data.branding.providerName} className="survey-logo" /> : null}
          <p>
            <strong>{data.branding.providerName}</strong>
            {data.branding.customerName ? <> · for {data.branding.customerName}</> : null}
          </p>
        </div>
        {data.via === "workshop" ? (
          <p className="no-print">
            <Link to={`/assessments/${data.assessmentId}`}>Back to the assessment</Link>
          </p>
        ) : null}
        <h1>{data.title}</h1>
        <p className="muted">
          {data.via === "workshop" ? `Workshop: ${data.label ?? data.groupLabel} (${data.groupLabel})` : `Answering as: ${data.groupLabel}`}
        </p>
      </header>
      {data.completed ? (
        <section className="card thank-you" role="status">
          <h2>Thank you</h2>
          <p>Your answers are complete and saved. You can close this page. Below is a read-only copy of what you said.</p>
        </section>
      ) : null}
      <SurveyRunner
        key={data.completed ? "completed" : "open"}
        respondentId={data.respondentId}
        surveyJson={data.surveyJson}
        group={data.group}
        answers={data.answers}
        seqs={data.seqs}
        notes={data.notes}
        noteSeqs={data.noteSeqs}
        currentPage={data.currentPage}
        completed={data.completed}
        withNotes={data.via === "workshop"}
      />
    </main>
  );
}

export function ErrorBoundary() {
  return <SurveyErrorBoundary />;
}
