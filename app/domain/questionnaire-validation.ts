/*
 * Checks a questionnaire against Cairn's authoring format (questionnaires/README.md) before it is
 * uploaded or published. Every problem names its place in the JSON, e.g.
 * `pages[2].elements[4].choices[1]`, so an author can find it in any editor.
 */
import { ConditionRunner, Model, type Question } from "survey-core";
import { DIMENSION_KEYS, isDimensionKey, type DimensionKey } from "./dimensions";
import {
  DONT_KNOW_VALUE,
  MULTI_CHOICE_TYPES,
  SCORABLE_QUESTION_TYPES,
  SINGLE_CHOICE_TYPES,
  isScorableQuestionType,
  registerCairnSurveyProperties,
} from "./questionnaire-model";

export interface QuestionnaireProblem {
  /** Where in the JSON: `pages[0].elements[3].choices[1]`; `$` for the document itself. */
  path: string;
  /** The question the problem belongs to, when there is one. */
  questionName?: string;
  message: string;
}

export interface QuestionnaireSummary {
  title: string;
  questionCount: number;
  scoredQuestionCount: number;
  /** Scored questions per dimension (a matrix counts once). */
  questionsPerDimension: Record<DimensionKey, number>;
  /** Names of questions without a dimension: shown and saved, not scored. */
  unscoredQuestions: string[];
}

export interface QuestionnaireValidation {
  ok: boolean;
  problems: QuestionnaireProblem[];
  summary: QuestionnaireSummary;
}

/** Answers that need no score: SurveyJS's none/other/refuse items may appear as plain choices too. */
const UNSCORED_SPECIAL_VALUES = new Set([DONT_KNOW_VALUE, "none", "other", "refused"]);

/** Element types that display something but hold no answer, so need no name. */
const DISPLAY_ONLY_TYPES = new Set(["html", "image"]);

interface WalkedElement {
  path: string;
  element: Record<string, unknown>;
  /** Inside a dynamic panel's template, where questions are answered once per panel. */
  inDynamicPanel: boolean;
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function emptySummary(): QuestionnaireSummary {
  return {
    title: "",
    questionCount: 0,
    scoredQuestionCount: 0,
    questionsPerDimension: Object.fromEntries(DIMENSION_KEYS.map((key) => [key, 0])) as Record<DimensionKey, number>,
    unscoredQuestions: [],
  };
}

/** Validates a questionnaire (parsed JSON of unknown shape). `ok` is true when there are no problems. */
export function validateQuestionnaire(json: unknown): QuestionnaireValidation {
  registerCairnSurveyProperties();
  const problems: QuestionnaireProblem[] = [];
  const summary = emptySummary();

  if (!isJsonObject(json)) {
    problems.push({ path: "$", message: "A questionnaire must be a JSON object (a SurveyJS model)." });
    return { ok: false, problems, summary };
  }

  // Checked before anything walks the model recursively: a hostile file nested 10,000 deep would overflow the stack.
  if (nestsDeeperThan(json, MAX_NESTING_DEPTH)) {
    problems.push({ path: "$", message: `The file nests objects and lists more than ${MAX_NESTING_DEPTH} levels deep; no questionnaire needs that.` });
    return { ok: false, problems, summary };
  }

  const pathsByObject = new Map<object, string>();
  indexPaths(json, "", pathsByObject);

  let survey: Model;
  try {
    survey = new Model(json);
  } catch (error) {
    problems.push({ path: "$", message: `survey-core cannot load it: ${error instanceof Error ? error.message : String(error)}` });
    return { ok: false, problems, summary };
  }
  summary.title = survey.title || "";
  for (const error of survey.jsonErrors ?? []) {
    const at = isJsonObject(error.jsonObj) ? pathsByObject.get(error.jsonObj) : undefined;
    const name = isJsonObject(error.jsonObj) && typeof error.jsonObj.name === "string" ? error.jsonObj.name : undefined;
    problems.push({ path: at || "$", ...(name ? { questionName: name } : {}), message: `survey-core: ${error.message}` });
  }

  const elements = walkElements(json, problems);
  const questions = elements.filter(({ element }) => element.type !== "panel");
  if (questions.filter(({ inDynamicPanel }) => !inDynamicPanel).length === 0) {
    problems.push({ path: "$", message: "The questionnaire has no questions." });
  }

  const firstPathByName = new Map<string, string>();
  for (const { path, element, inDynamicPanel } of elements) {
    if (element.type === "panel") {
      checkVisibleIf(element, { path }, problems);
      continue;
    }
    const name = typeof element.name === "string" && element.name !== "" ? element.name : undefined;
    const at = { path, ...(name ? { questionName: name } : {}) };
    checkVisibleIf(element, at, problems);

    // A missing name is reported by survey-core itself ("The property 'name' is required").
    if (name && !inDynamicPanel) {
      const first = firstPathByName.get(name);
      if (first !== undefined) {
        problems.push({ ...at, message: `The question name "${name}" is already used at ${first}; names must be unique.` });
      } else {
        firstPathByName.set(name, path);
      }
    }
    if (!inDynamicPanel && !DISPLAY_ONLY_TYPES.has(String(element.type))) summary.questionCount += 1;

    if ("weight" in element && !(isFiniteNumber(element.weight) && element.weight > 0)) {
      problems.push({ ...at, message: `weight must be a positive number, not ${JSON.stringify(element.weight)}.` });
    }

    if (!("dimension" in element)) {
      if (name && !inDynamicPanel && !DISPLAY_ONLY_TYPES.has(String(element.type))) summary.unscoredQuestions.push(name);
      continue;
    }
    const dimension = element.dimension;
    if (!isDimensionKey(dimension)) {
      problems.push({
        ...at,
        message: `dimension ${JSON.stringify(dimension)} is not one of ${DIMENSION_KEYS.join(", ")}.`,
      });
      continue;
    }
    if (inDynamicPanel) {
      problems.push({ ...at, message: "Questions inside a dynamic panel cannot be scored; remove the dimension." });
      continue;
    }
    const type = String(element.type);
    if (!isScorableQuestionType(type)) {
      problems.push({
        ...at,
        message: `A ${type} question cannot be scored; scored questions are ${SCORABLE_QUESTION_TYPES.join(", ")}.`,
      });
      continue;
    }
    summary.scoredQuestionCount += 1;
    summary.questionsPerDimension[dimension] += 1;
    const question = name ? survey.getQuestionByName(name) : null;
    checkScoring(type, element, question, at, problems);
  }

  return { ok: problems.length === 0, problems, summary };
}

const MAX_NESTING_DEPTH = 100;

/** Whether arrays and objects nest deeper than `limit`, found without recursion. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== "object" || current === null) continue;
    if (depth > limit) return true;
    for (const entry of Object.values(current)) pending.push([entry, depth + 1]);
  }
  return false;
}

/** Remembers the JSON path of every object, so survey-core's errors (which carry the object) can be placed. */
function indexPaths(value: unknown, path: string, paths: Map<object, string>): void {
  if (Array.isArray(value)) {
    value.forEach((entry, index) => indexPaths(entry, `${path}[${index}]`, paths));
  } else if (isJsonObject(value)) {
    paths.set(value, path || "$");
    for (const [key, entry] of Object.entries(value)) indexPaths(entry, path ? `${path}.${key}` : key, paths);
  }
}

/** Pages, panels and questions in document order, with their paths. */
function walkElements(json: JsonObject, problems: QuestionnaireProblem[]): WalkedElement[] {
  const walked: WalkedElement[] = [];
  const walkList = (list: unknown, path: string, inDynamicPanel: boolean) => {
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      problems.push({ path, message: "must be an array of elements." });
      return;
    }
    list.forEach((element, index) => {
      const elementPath = `${path}[${index}]`;
      if (!isJsonObject(element)) {
        problems.push({ path: elementPath, message: "An element must be an object with a type and a name." });
        return;
      }
      if (typeof element.type !== "string") {
        problems.push({ path: elementPath, message: "The element has no type." });
        return;
      }
      walked.push({ path: elementPath, element, inDynamicPanel });
      if (element.type === "panel") walkList(element.elements, `${elementPath}.elements`, inDynamicPanel);
      if (element.type === "paneldynamic") walkList(element.templateElements, `${elementPath}.templateElements`, true);
    });
  };

  if (json.pages !== undefined) {
    if (!Array.isArray(json.pages)) {
      problems.push({ path: "pages", message: "pages must be an array." });
    } else {
      json.pages.forEach((page, index) => {
        const pagePath = `pages[${index}]`;
        if (!isJsonObject(page)) {
          problems.push({ path: pagePath, message: "A page must be an object." });
          return;
        }
        walked.push({ path: pagePath, element: { ...page, type: "panel" }, inDynamicPanel: false });
        walkList(page.elements, `${pagePath}.elements`, false);
        walkList(page.questions, `${pagePath}.questions`, false);
      });
    }
  }
  walkList(json.elements, "elements", false);
  walkList(json.questions, "questions", false);
  return walked;
}

function checkVisibleIf(element: JsonObject, at: Omit<QuestionnaireProblem, "message">, problems: QuestionnaireProblem[]) {
  const check = (expression: unknown, path: string) => {
    if (expression === undefined || expression === "") return;
    if (typeof expression !== "string" || !new ConditionRunner(expression).canRun()) {
      problems.push({ ...at, path, message: `visibleIf ${JSON.stringify(expression)} is not a valid SurveyJS expression.` });
    }
  };
  check(element.visibleIf, at.path);
  if (Array.isArray(element.rows)) {
    element.rows.forEach((row, index) => {
      if (isJsonObject(row)) check(row.visibleIf, `${at.path}.rows[${index}]`);
    });
  }
}

/** The checks for a question that has a valid dimension and a scorable type. */
function checkScoring(
  type: string,
  element: JsonObject,
  question: Question | null,
  at: Omit<QuestionnaireProblem, "message">,
  problems: QuestionnaireProblem[],
): void {
  if (type === "boolean") {
    const missing = ["scoreTrue", "scoreFalse"].filter((property) => !isFiniteNumber(element[property]));
    if (missing.length > 0) {
      problems.push({ ...at, message: `A scored boolean question needs numeric scoreTrue and scoreFalse (missing: ${missing.join(", ")}).` });
    } else if (element.scoreTrue === element.scoreFalse) {
      problems.push({ ...at, message: "scoreTrue and scoreFalse are equal, so the answer cannot move the score." });
    }
    return;
  }

  if (type === "matrix") {
    if (!Array.isArray(element.rows) || element.rows.length === 0) {
      problems.push({ ...at, message: "A scored matrix needs at least one row." });
    }
    checkScoredValues(element.columns, `${at.path}.columns`, "column", at, problems, { allowUnscoredSpecials: false });
    return;
  }

  if (type === "rating") {
    const rateValues = element.rateValues;
    if (Array.isArray(rateValues) && rateValues.length > 0) {
      const anyScored = rateValues.some((value) => isJsonObject(value) && "score" in value);
      if (anyScored) {
        checkScoredValues(rateValues, `${at.path}.rateValues`, "rating value", at, problems, { allowUnscoredSpecials: false });
        return;
      }
      // No scores: the rating's own values are its scores, so they must be numbers.
      const numbers: number[] = [];
      rateValues.forEach((entry, index) => {
        const value = isJsonObject(entry) ? entry.value : entry;
        if (value === DONT_KNOW_VALUE) return;
        if (isFiniteNumber(value)) numbers.push(value);
        else {
          problems.push({
            ...at,
            path: `${at.path}.rateValues[${index}]`,
            message: `Rating value ${JSON.stringify(value)} is not a number and has no score.`,
          });
        }
      });
      if (new Set(numbers).size < 2) problems.push({ ...at, message: "A scored rating needs at least two distinct values." });
      return;
    }
    const generated = question && "visibleRateValues" in question ? (question.visibleRateValues as { value: unknown }[]) : [];
    const distinct = new Set(generated.map((item) => item.value).filter(isFiniteNumber));
    if (distinct.size < 2) problems.push({ ...at, message: "A scored rating needs at least two distinct values (check rateMin/rateMax)." });
    return;
  }

  if ((SINGLE_CHOICE_TYPES as readonly string[]).includes(type) || (MULTI_CHOICE_TYPES as readonly string[]).includes(type)) {
    if (!Array.isArray(element.choices) || element.choices.length === 0) {
      problems.push({
        ...at,
        message: "A scored choice question needs its own choices, each with a score (choicesFromQuestion and choicesByUrl cannot be scored).",
      });
      return;
    }
    checkScoredValues(element.choices, `${at.path}.choices`, "choice", at, problems, { allowUnscoredSpecials: true });
  }
}

/**
 * Every value has a numeric score, except don't-know (which must have none) and, for choices, the
 * none/other/refused items (scored or not, as the author likes); at least two distinct scores.
 */
function checkScoredValues(
  values: unknown,
  path: string,
  noun: string,
  at: Omit<QuestionnaireProblem, "message">,
  problems: QuestionnaireProblem[],
  { allowUnscoredSpecials }: { allowUnscoredSpecials: boolean },
): void {
  if (!Array.isArray(values) || values.length === 0) {
    problems.push({ ...at, message: `A scored question needs ${noun}s with scores.` });
    return;
  }
  const scores = new Set<number>();
  values.forEach((entry, index) => {
    const entryPath = `${path}[${index}]`;
    const value = isJsonObject(entry) ? entry.value : entry;
    const score = isJsonObject(entry) ? entry.score : undefined;
    if (value === DONT_KNOW_VALUE) {
      if (score !== undefined) {
        problems.push({ ...at, path: entryPath, message: `A don't-know ${noun} must not have a score: it is excluded from scoring.` });
      }
      return;
    }
    if (isFiniteNumber(score)) {
      scores.add(score);
      return;
    }
    if (score === undefined && allowUnscoredSpecials && UNSCORED_SPECIAL_VALUES.has(String(value))) return;
    problems.push({
      ...at,
      path: entryPath,
      message:
        score === undefined
          ? `The ${noun} ${JSON.stringify(value)} has no score.`
          : `The ${noun} ${JSON.stringify(value)} has a score that is not a number: ${JSON.stringify(score)}.`,
    });
  });
  if (scores.size < 2) {
    problems.push({ ...at, message: `A scored question needs at least two distinct ${noun} scores (found ${scores.size}).` });
  }
}
