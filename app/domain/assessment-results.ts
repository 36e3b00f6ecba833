/*
 * An assessment's results from its stored rows: one run of the scoring engine, the perception gaps
 * and the free-text answers by question. Pure: app/services/results.server.ts reads the rows and
 * calls this in the request, and the PDF renderer (app/reports/pdf-renderer.ts) calls it on rows sent
 * to it, so a report rendered off the request thread cannot compute different numbers.
 *
 * Relative imports only: the PDF renderer runs this file under tsx, outside the Remix build's `~` alias.
 */
import { isRespondentGroup, type RespondentGroup } from "./dimensions";
import { findPerceptionGaps } from "./perception-gap";
import type { ScoringModel } from "./questionnaire-model";
import { scoreAssessment, type Respondent } from "./scoring";

const FREE_TEXT_TYPES = new Set(["text", "comment"]);

export interface FreeTextQuestion {
  name: string;
  title: string;
}

/** The questionnaire an assessment was started with, reduced to what its results need: plain data. */
export interface ResultsQuestionnaire {
  key: string;
  version: number;
  title: string;
  scoringModel: ScoringModel;
  freeTextQuestions: FreeTextQuestion[];
}

/**
 * The rows an assessment's results are computed from, as read from the database. Plain data (no
 * functions, class instances or prototypes that matter), so it can be sent to the PDF renderer process.
 * The assessment, customer and note rows pass through to the results unchanged.
 */
export interface AssessmentResultSources<Assessment = unknown, Customer = unknown, Note = unknown> {
  assessment: Assessment;
  customer: Customer;
  questionnaire: ResultsQuestionnaire;
  respondents: readonly { id: string; group_key: string; status: string }[];
  answers: readonly { respondentId: string; questionName: string; value: unknown }[];
  notes: Note[];
}

/**
 * The text a SurveyJS string shows in the default language: a plain string, or the `default` (else
 * `en`) entry of a localised one (`{"default": "…", "de": "…"}`), as bundled version 2 writes them.
 */
function defaultText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value !== "object" || value === null) return null;
  const localised = value as Record<string, unknown>;
  const text = localised.default ?? localised.en;
  return typeof text === "string" ? text : null;
}

/** The questions whose answers are free text, in questionnaire order. */
export function collectFreeTextQuestions(surveyJson: Record<string, unknown>): FreeTextQuestion[] {
  const found: FreeTextQuestion[] = [];
  const visit = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Record<string, unknown>[]) {
      if (typeof element.type === "string" && FREE_TEXT_TYPES.has(element.type) && typeof element.name === "string") {
        found.push({ name: element.name, title: defaultText(element.title) ?? element.name });
      }
      visit(element.elements);
    }
  };
  for (const page of (surveyJson.pages as Record<string, unknown>[] | undefined) ?? []) visit(page.elements);
  visit(surveyJson.elements);
  return found;
}

/** The respondents the engine scores: those in a respondent group with at least one stored answer. */
export function answeredRespondents(sources: Pick<AssessmentResultSources, "respondents" | "answers">): Respondent[] {
  const answersByRespondent = new Map<string, Record<string, unknown>>();
  for (const row of sources.answers) {
    const answers = answersByRespondent.get(row.respondentId) ?? {};
    answers[row.questionName] = row.value;
    answersByRespondent.set(row.respondentId, answers);
  }
  return (
    sources.respondents
      .filter((r) => answersByRespondent.has(r.id) && isRespondentGroup(r.group_key))
      .map((r) => ({ id: r.id, group: r.group_key as RespondentGroup, answers: answersByRespondent.get(r.id)! }))
      // A canonical order: floating-point sums then come out the same to the last bit on every
      // database and on every re-run, so a score is exactly reproducible.
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  );
}

/**
 * Everything the results page, exports and reports show, from one run of the scoring engine over
 * the answers as stored. Nothing here computes a score of its own.
 */
export function computeAssessmentResults<Assessment, Customer, Note>(sources: AssessmentResultSources<Assessment, Customer, Note>) {
  const { questionnaire, respondents: respondentRows, answers: answerRows } = sources;
  const respondents = answeredRespondents(sources);
  const scores = scoreAssessment(questionnaire.scoringModel, respondents);
  const gaps = findPerceptionGaps(scores);

  const groupOf = new Map(respondentRows.map((r) => [r.id, r.group_key]));
  const freeText = questionnaire.freeTextQuestions.map((q) => ({
    questionName: q.name,
    title: q.title,
    answers: answerRows
      .filter((a) => a.questionName === q.name && typeof a.value === "string" && a.value.trim() !== "")
      .map((a) => ({ group: groupOf.get(a.respondentId) ?? "other", text: String(a.value) })),
  }));

  return {
    assessment: sources.assessment,
    customer: sources.customer,
    questionnaire: { key: questionnaire.key, version: questionnaire.version, title: questionnaire.title },
    scores,
    gaps,
    notes: sources.notes,
    freeText,
    participation: {
      invited: respondentRows.length,
      answered: respondents.length,
      completed: respondentRows.filter((r) => r.status === "completed").length,
    },
  };
}
