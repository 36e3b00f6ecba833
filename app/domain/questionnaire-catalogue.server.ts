/*
 * The one way to load a bundled questionnaire: `questionnaires/<key>/<version>/survey.json`, read
 * relative to process.cwd() (the server always runs from the repository root). Published versions
 * never change, so each is parsed, validated and compiled once per process and kept.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { compileScoringModel, type ScoringModel } from "./questionnaire-model";
import { validateQuestionnaire } from "./questionnaire-validation";

export interface QuestionnaireListing {
  key: string;
  version: number;
  title: string;
}

export interface BundledQuestionnaire extends QuestionnaireListing {
  /** The SurveyJS model, as given to survey-core on the page. Treat as read-only: it is shared. */
  surveyJson: Record<string, unknown>;
  scoringModel: ScoringModel;
}

export class QuestionnaireNotFoundError extends Error {
  constructor(
    readonly key: string,
    readonly version: number | string,
  ) {
    super(`There is no bundled questionnaire "${key}" version ${version}.`);
    this.name = "QuestionnaireNotFoundError";
  }
}

const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface QuestionnaireCatalogue {
  getQuestionnaire(key: string, version: number): BundledQuestionnaire;
  listQuestionnaires(): QuestionnaireListing[];
}

/** A catalogue reading from `rootDir` (the questionnaires folder). The app uses the default one below. */
export function createQuestionnaireCatalogue(rootDir: string): QuestionnaireCatalogue {
  const loaded = new Map<string, BundledQuestionnaire>();

  function fileOf(key: string, version: number): string | null {
    // Keys and versions come from URLs and database rows: never let one walk out of the folder.
    if (!KEY_PATTERN.test(key) || !Number.isInteger(version) || version < 1) return null;
    const file = join(rootDir, key, String(version), "survey.json");
    return existsSync(file) ? file : null;
  }

  function getQuestionnaire(key: string, version: number): BundledQuestionnaire {
    const cacheKey = `${key}@${version}`;
    const cached = loaded.get(cacheKey);
    if (cached) return cached;
    const file = fileOf(key, version);
    if (!file) throw new QuestionnaireNotFoundError(key, version);

    const surveyJson: unknown = JSON.parse(readFileSync(file, "utf8"));
    const validation = validateQuestionnaire(surveyJson);
    // Stricter than an upload: a bundled questionnaire is written for Cairn, so a warning is a mistake too.
    if (!validation.ok || validation.warnings.length > 0 || !isJsonObject(surveyJson)) {
      const details = [...validation.problems, ...validation.warnings].map((problem) => `${problem.path}: ${problem.message}`).join("; ");
      throw new Error(`Bundled questionnaire "${key}" version ${version} is invalid (run npm run questionnaires:check): ${details}`);
    }
    const questionnaire: BundledQuestionnaire = {
      key,
      version,
      title: validation.summary.title,
      surveyJson,
      scoringModel: compileScoringModel(surveyJson),
    };
    loaded.set(cacheKey, questionnaire);
    return questionnaire;
  }

  function listQuestionnaires(): QuestionnaireListing[] {
    if (!existsSync(rootDir)) return [];
    const listings: QuestionnaireListing[] = [];
    for (const key of readdirSync(rootDir).sort()) {
      if (!KEY_PATTERN.test(key) || !statSync(join(rootDir, key)).isDirectory()) continue;
      const versions = readdirSync(join(rootDir, key))
        .filter((name) => /^[1-9][0-9]*$/.test(name))
        .map(Number)
        .sort((a, b) => a - b);
      for (const version of versions) {
        if (!fileOf(key, version)) continue;
        listings.push({ key, version, title: getQuestionnaire(key, version).title });
      }
    }
    return listings;
  }

  return { getQuestionnaire, listQuestionnaires };
}

let defaultCatalogue: QuestionnaireCatalogue | undefined;

function catalogue(): QuestionnaireCatalogue {
  defaultCatalogue ??= createQuestionnaireCatalogue(join(process.cwd(), "questionnaires"));
  return defaultCatalogue;
}

/** A bundled questionnaire with its compiled scoring model. Throws QuestionnaireNotFoundError for an unknown key/version. */
export function getQuestionnaire(key: string, version: number): BundledQuestionnaire {
  return catalogue().getQuestionnaire(key, version);
}

/** The compiled scoring model of a bundled questionnaire. Throws QuestionnaireNotFoundError for an unknown key/version. */
export function getScoringModel(key: string, version: number): ScoringModel {
  return catalogue().getQuestionnaire(key, version).scoringModel;
}

/** Every bundled questionnaire version, by key then version. */
export function listQuestionnaires(): QuestionnaireListing[] {
  return catalogue().listQuestionnaires();
}
