import { json, type ActionFunctionArgs, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import { listAnswers, listFacilitatorNotes } from "../../db/repositories/answers";
import { setRespondentLocale } from "../../db/repositories/respondents";
import { SurveyErrorBoundary } from "~/components/survey/survey-error-boundary";
import { SurveyRunner } from "~/components/survey/survey-runner";
import { isRespondentGroup } from "~/domain/dimensions";
import { questionnaireLocales } from "~/domain/questionnaire-model";
import { languageName, pickSurveyLocale, surveyMessages } from "~/domain/survey-locale";
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
  const locales = questionnaireLocales(questionnaire.surveyJson);
  const locale = pickSurveyLocale({ available: locales, chosen: respondent.locale, acceptLanguage: request.headers.get("Accept-Language") });
  return json(
    {
      locale,
      languages: locales.map((code) => ({ code, name: languageName(code) })),
      respondentId: respondent.id,
      title: respondent.assessmentTitle,
      branding,
      via: access.via,
      assessmentId: respondent.assessment_id,
      label: respondent.label,
      groupLabel: isRespondentGroup(respondent.group_key) ? surveyMessages(locale).groups[respondent.group_key] : respondent.group_key,
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
  if (form.get("intent") === "locale") return chooseLocale(access.respondent, String(form.get("locale") ?? ""));
  if (form.get("intent") !== "complete") return json({ ok: false, message: "Unknown action." }, { status: 400, headers: SURVEY_PAGE_HEADERS });
  if (access.respondent.status === "completed") return json({ ok: true }, { headers: SURVEY_PAGE_HEADERS });
  const answered = (await listAnswers(db(), { respondentId: access.respondent.id })).length;
  const result = await completeSurvey(access, answered);
  if (!result.ok) return json(result, { status: 400, headers: SURVEY_PAGE_HEADERS });
  await refreshAssessmentSummary({ organisationId: access.respondent.organisation_id, assessmentId: access.respondent.assessment_id });
  return json(result, { headers: SURVEY_PAGE_HEADERS });
}

/** The respondent picks the language on the page: kept for their next visit, over the consultant's choice. */
async function chooseLocale(respondent: { id: string; organisation_id: string; questionnaireKey: string; questionnaireVersion: number }, locale: string) {
  const questionnaire = await getAssessmentQuestionnaire({ organisationId: respondent.organisation_id, key: respondent.questionnaireKey, version: respondent.questionnaireVersion });
  if (!questionnaireLocales(questionnaire.surveyJson).includes(locale)) {
    return json({ ok: false, message: "This questionnaire is not available in that language." }, { status: 400, headers: SURVEY_PAGE_HEADERS });
  }
  await setRespondentLocale(db(), { organisationId: respondent.organisation_id, respondentId: respondent.id, locale });
  return json({ ok: true }, { headers: SURVEY_PAGE_HEADERS });
}

export default function SurveyPage() {
  const data = useLoaderData<typeof loader>();
  const text = surveyMessages(data.locale);
  return (
    <main className={`survey-page ${data.via === "workshop" ? "workshop" : ""}`} lang={data.locale}>
      <header className="survey-header" style={data.branding.accentColour ? { borderTopColor: data.branding.accentColour } : undefined}>
        <div className="survey-sender" data-testid="survey-sender">
          {data.branding.logoDataUri ? <img src={data.branding.logoDataUri} alt={data.branding.providerName} className="survey-logo" /> : null}
          <p>
            <strong>{data.branding.providerName}</strong>
            {data.branding.customerName ? <> · {text.forCustomer(data.branding.customerName)}</> : null}
          </p>
        </div>
        {data.via === "workshop" ? (
          <p className="no-print">
            <Link to={`/assessments/${data.assessmentId}`}>{text.backToAssessment}</Link>
          </p>
        ) : null}
        <h1>{data.title}</h1>
        <p className="muted">
          {data.via === "workshop" ? text.workshop(data.label ?? data.groupLabel, data.groupLabel) : text.answeringAs(data.groupLabel)}
        </p>
        {data.languages.length > 1 ? <LanguageSwitcher locale={data.locale} languages={data.languages} label={text.language} change={text.change} /> : null}
      </header>
      {data.completed ? (
        <section className="card thank-you" role="status">
          <h2>{text.thankYouTitle}</h2>
          <p>{text.thankYouText}</p>
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
        locale={data.locale}
      />
    </main>
  );
}

/**
 * The questionnaire's languages. With JavaScript the page switches as soon as one is picked (the
 * loader runs again with the stored choice); without it, the button posts the same form.
 */
function LanguageSwitcher({ locale, languages, label, change }: { locale: string; languages: { code: string; name: string }[]; label: string; change: string }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" className="survey-language no-print" data-testid="survey-language">
      <input type="hidden" name="intent" value="locale" />
      <label htmlFor="survey-locale">{label}</label>{" "}
      <select id="survey-locale" name="locale" defaultValue={locale} onChange={(event) => fetcher.submit(event.currentTarget.form)}>
        {languages.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>{" "}
      <noscript>
        <button type="submit">{change}</button>
      </noscript>
    </fetcher.Form>
  );
}

export function ErrorBoundary() {
  return <SurveyErrorBoundary />;
}
