import { createQuestionnaireVersion, getQuestionnaireModel, listQuestionnaireVersions } from "../../db/repositories/questionnaires";
import { compileAnswerValidator, type AnswerValidator } from "~/domain/answer-validation";
import { collectFreeTextQuestions, type FreeTextQuestion } from "~/domain/assessment-results";
import { getQuestionnaire, listQuestionnaires, QuestionnaireNotFoundError } from "~/domain/questionnaire-catalogue.server";
import { compileScoringModel, type ScoringModel } from "~/domain/questionnaire-model";
import { compileQuestionCatalogue, type SummaryQuestion } from "~/domain/question-summaries";
import { validateQuestionnaire } from "~/domain/questionnaire-validation";
import { db } from "~/db.server";
import type { SourceQuestionnaire } from "./assessment-sources.server";

export interface AssessmentQuestionnaire {
  key: string;
  version: number;
  title: string;
  /** The SurveyJS model. Shared between requests: treat as read-only. */
  surveyJson: Record<string, unknown>;
  scoringModel: ScoringModel;
  /** The free-text questions, in order, for results and reports. */
  freeTextQuestions: FreeTextQuestion[];
  answerValidator: AnswerValidator;
  /** Every answerable question, for the question-by-question summaries of the results. */
  questionCatalogue: SummaryQuestion[];
  source: "bundled" | "uploaded";
}

/*
 * Questionnaire versions never change once published (bundled) or stored (uploaded), so each is
 * parsed and compiled once per process and kept. Uploaded ones are cached per provider: one
 * provider's questionnaire is never reachable from another's assessment.
 */
const cache = new Map<string, AssessmentQuestionnaire>();

/** The questionnaire an assessment was started with: always its recorded key and version. */
export async function getAssessmentQuestionnaire({ organisationId, key, version }: { organisationId: string; key: string; version: number }): Promise<AssessmentQuestionnaire> {
  // The cache is consulted first: this runs on every autosave.
  const bundledKey = `bundled:${key}@${version}`;
  const uploadedKey = `${organisationId}:${key}@${version}`;
  const cached = cache.get(bundledKey) ?? cache.get(uploadedKey);
  if (cached) return cached;

  let bundled: ReturnType<typeof getQuestionnaire> | null = null;
  try {
    bundled = getQuestionnaire(key, version);
  } catch (error) {
    if (!(error instanceof QuestionnaireNotFoundError)) throw error;
  }
  if (bundled) {
    const entry: AssessmentQuestionnaire = {
      ...bundled,
      freeTextQuestions: collectFreeTextQuestions(bundled.surveyJson),
      answerValidator: compileAnswerValidator(bundled.surveyJson),
      questionCatalogue: compileQuestionCatalogue(bundled.surveyJson),
      source: "bundled",
    };
    cache.set(bundledKey, entry);
    return entry;
  }
  const stored = await getQuestionnaireModel(db(), { organisationId, key, version });
  if (!stored) throw new QuestionnaireNotFoundError(key, version);
  const surveyJson = JSON.parse(stored.modelJson) as Record<string, unknown>;
  const entry: AssessmentQuestionnaire = {
    key,
    version,
    title: stored.title,
    surveyJson,
    scoringModel: compileScoringModel(surveyJson),
    freeTextQuestions: collectFreeTextQuestions(surveyJson),
    answerValidator: compileAnswerValidator(surveyJson),
    questionCatalogue: compileQuestionCatalogue(surveyJson),
    source: "uploaded",
  };
  cache.set(uploadedKey, entry);
  return entry;
}

/** The plain-data part of an assessment's questionnaire that scoring and reports read (see assessment-sources.server.ts). */
export async function getSourceQuestionnaire(input: { organisationId: string; key: string; version: number }): Promise<SourceQuestionnaire> {
  const { key, version, title, scoringModel, freeTextQuestions } = await getAssessmentQuestionnaire(input);
  return { key, version, title, scoringModel, freeTextQuestions };
}

/** Every questionnaire version a provider can start an assessment with: Cairn's own and its uploads. */
export async function listAvailableQuestionnaires(organisationId: string) {
  const uploaded = await listQuestionnaireVersions(db(), { organisationId });
  return [
    ...listQuestionnaires().map((q) => ({ ...q, source: "bundled" as const })),
    ...uploaded.map((q) => ({ key: q.key, version: q.version, title: q.title, source: "uploaded" as const })),
  ];
}

export async function questionnaireIsAvailable(organisationId: string, key: string, version: number): Promise<boolean> {
  return (await listAvailableQuestionnaires(organisationId)).some((q) => q.key === key && q.version === version);
}

/**
 * Stores an uploaded SurveyJS model as the next version of its key, if it passes the authoring
 * checks. The checks run survey-core, which is why the settings page calls this rather than the
 * validator itself: whatever a route module imports stays in its browser code, and SurveyJS is
 * ~300 KiB gzipped, for a page that only lists questionnaires.
 */
export async function storeUploadedQuestionnaire({ organisationId, key, model, createdBy }: { organisationId: string; key: string; model: unknown; createdBy: string }) {
  const validation = validateQuestionnaire(model);
  if (!validation.ok) return { ok: false as const, problems: validation.problems };
  const stored = await createQuestionnaireVersion(db(), { organisationId, key, title: validation.summary.title || key, modelJson: JSON.stringify(model), createdBy });
  return { ok: true as const, stored, summary: validation.summary };
}
