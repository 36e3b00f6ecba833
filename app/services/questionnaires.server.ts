import { getQuestionnaireModel, listQuestionnaireVersions, setQuestionnaireArchived, storeQuestionnaireVersion, type StoredQuestionnaire } from "../../db/repositories/questionnaires";
import { compileAnswerValidator, type AnswerValidator } from "~/domain/answer-validation";
import { collectFreeTextQuestions, type FreeTextQuestion } from "~/domain/assessment-results";
import { getQuestionnaire, listQuestionnaires, QuestionnaireNotFoundError } from "~/domain/questionnaire-catalogue.server";
import { compileScoringModel, questionnaireLocales, type ScoringModel } from "~/domain/questionnaire-model";
import { compileQuestionCatalogue, type SummaryQuestion } from "~/domain/question-summaries";
import { canonicalJson, checkQuestionnaireText, type ImportFinding } from "~/domain/questionnaire-import";
import { validateQuestionnaire, type QuestionnaireSummary } from "~/domain/questionnaire-validation";
import { convertKonveyorYaml, type KonveyorSection } from "~/domain/konveyor-import";
import { compileRiskModel, type RiskModel } from "~/domain/konveyor-risk";
import type { DimensionKey } from "~/domain/dimensions";
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
  /** Konveyor's risk thresholds and the answers' risk colours, for a questionnaire imported from Konveyor; else null. */
  riskModel: RiskModel | null;
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
      riskModel: compileRiskModel(bundled.surveyJson),
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
    riskModel: compileRiskModel(surveyJson),
    source: "uploaded",
  };
  cache.set(uploadedKey, entry);
  return entry;
}

/** The plain-data part of an assessment's questionnaire that scoring and reports read (see assessment-sources.server.ts). */
export async function getSourceQuestionnaire(input: { organisationId: string; key: string; version: number }): Promise<SourceQuestionnaire> {
  const { key, version, title, scoringModel, freeTextQuestions, questionCatalogue, riskModel } = await getAssessmentQuestionnaire(input);
  return { key, version, title, scoringModel, freeTextQuestions, questionCatalogue, riskModel };
}

/** Every questionnaire version of a provider: Cairn's own and its uploads, archived ones included. */
export async function listAvailableQuestionnaires(organisationId: string) {
  const uploaded = await listQuestionnaireVersions(db(), { organisationId });
  return [
    ...listQuestionnaires().map((q) => ({ ...q, source: "bundled" as const, archived: false })),
    ...uploaded.map((q) => ({ key: q.key, version: q.version, title: q.title, source: "uploaded" as const, archived: q.archivedAt !== null })),
  ];
}

/** The versions a new assessment (or re-assessment) may be started with: archived ones are not offered. */
export async function listStartableQuestionnaires(organisationId: string) {
  return (await listAvailableQuestionnaires(organisationId)).filter((q) => !q.archived);
}

export async function questionnaireIsAvailable(organisationId: string, key: string, version: number): Promise<boolean> {
  return (await listStartableQuestionnaires(organisationId)).some((q) => q.key === key && q.version === version);
}

/**
 * The version a new assessment starts with unless the consultant picks another: the newest version
 * of Cairn's own questionnaire, not whatever was uploaded last (an upload may be a trial).
 */
export function defaultQuestionnaire<Q extends { key: string; version: number; source: "bundled" | "uploaded" }>(startable: Q[]): Q | undefined {
  const bundled = startable.filter((q) => q.source === "bundled");
  const pool = bundled.length > 0 ? bundled : startable;
  const first = pool[0];
  if (!first) return undefined;
  return pool.filter((q) => q.key === first.key).reduce((newest, q) => (q.version > newest.version ? q : newest));
}

export type QuestionnaireUpload =
  | { outcome: "refused"; problems: ImportFinding[]; warnings: ImportFinding[] }
  | { outcome: "stored"; stored: StoredQuestionnaire; summary: QuestionnaireSummary; warnings: ImportFinding[] }
  | { outcome: "identical"; stored: StoredQuestionnaire };

/**
 * Stores an uploaded SurveyJS file as the next version of its key, if it passes the authoring
 * checks; its warnings are stored with it. A file whose questionnaire is already stored under that
 * key (the same JSON, whatever its key order or spacing) makes no new version: the admin is told
 * which version it is. The checks run survey-core, which is why the settings page calls this rather
 * than the validator itself: whatever a route module imports stays in its browser code, and SurveyJS
 * is ~300 KiB gzipped, for a page that only lists questionnaires.
 */
export async function importQuestionnaire({ organisationId, key, text, createdBy }: { organisationId: string; key: string; text: string; createdBy: string }): Promise<QuestionnaireUpload> {
  const checked = checkQuestionnaireText(text);
  if (!checked.ok) return { outcome: "refused", problems: checked.problems, warnings: checked.warnings };
  return storeChecked({ organisationId, key, createdBy, model: checked.model, summary: checked.summary, warnings: checked.warnings });
}

/** The next version of `key`, unless the same questionnaire is already stored under it. */
async function storeChecked({ organisationId, key, createdBy, model, summary, warnings }: { organisationId: string; key: string; createdBy: string; model: Record<string, unknown>; summary: QuestionnaireSummary; warnings: ImportFinding[] }): Promise<QuestionnaireUpload> {
  const canonical = canonicalJson(model);
  const result = await storeQuestionnaireVersion(db(), {
    organisationId,
    key,
    title: summary.title || key,
    modelJson: JSON.stringify(model),
    createdBy,
    warningsJson: JSON.stringify(warnings),
    isSameModel: (storedModelJson) => canonicalJson(JSON.parse(storedModelJson)) === canonical,
  });
  if (!result.created) return { outcome: "identical", stored: result.stored };
  return { outcome: "stored", stored: result.stored, summary, warnings };
}

export type KonveyorPreview =
  | { ok: true; title: string; format: "ui-import" | "seed"; sections: KonveyorSection[]; warnings: ImportFinding[] }
  | { ok: false; problems: ImportFinding[]; warnings: ImportFinding[] };

/** What the Konveyor import form shows before anything is stored: the sections to map, and the findings. */
export function previewKonveyorQuestionnaire(text: string): KonveyorPreview {
  const converted = convertKonveyorYaml(text);
  if (!converted.ok) return converted;
  return { ok: true, title: converted.title, format: converted.format, sections: converted.sections, warnings: converted.warnings };
}

/**
 * Converts Konveyor YAML with the admin's section → dimension mapping and stores it like any
 * upload: the same validation, the same identical-reupload rule. The YAML is converted here, from
 * the text the form sent, never taken from the preview, so what is stored is what the file says.
 * The converted model then passes the ordinary SurveyJS checks, as every upload does; those findings
 * have no place in the YAML, so they name the path in the converted questionnaire.
 */
export async function importKonveyorQuestionnaire({ organisationId, key, text, dimensions, createdBy }: { organisationId: string; key: string; text: string; dimensions: Partial<Record<number, DimensionKey | null>>; createdBy: string }): Promise<QuestionnaireUpload> {
  const converted = convertKonveyorYaml(text, dimensions);
  if (!converted.ok) return { outcome: "refused", problems: converted.problems, warnings: converted.warnings };
  const validation = validateQuestionnaire(converted.model);
  const warnings = [...converted.warnings, ...validation.warnings];
  if (!validation.ok) return { outcome: "refused", problems: validation.problems, warnings };
  return storeChecked({ organisationId, key, createdBy, model: converted.model, summary: validation.summary, warnings });
}

/** What the version page shows beside the preview of an uploaded version; null for Cairn's own. */
export async function getUploadedVersionStatus({ organisationId, key, version }: { organisationId: string; key: string; version: number }): Promise<{ archived: boolean; warnings: ImportFinding[] | null } | null> {
  const stored = await getQuestionnaireModel(db(), { organisationId, key, version });
  if (!stored) return null;
  return { archived: stored.archivedAt !== null, warnings: stored.warningsJson === null ? null : (JSON.parse(stored.warningsJson) as ImportFinding[]) };
}

/** Archives an uploaded version, or offers it again; undefined when the provider has no such version. */
export async function setVersionArchived(input: { organisationId: string; key: string; version: number; archived: boolean }): Promise<StoredQuestionnaire | undefined> {
  return setQuestionnaireArchived(db(), input);
}

/** The languages an assessment's questionnaire can be answered in, its default first (app/domain/survey-locale.ts). */
export async function questionnaireLanguages(organisationId: string, assessment: { questionnaire_key: string; questionnaire_version: number }): Promise<string[]> {
  const questionnaire = await getAssessmentQuestionnaire({ organisationId, key: assessment.questionnaire_key, version: assessment.questionnaire_version });
  return questionnaireLocales(questionnaire.surveyJson);
}
