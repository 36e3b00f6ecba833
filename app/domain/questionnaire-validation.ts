/*
 * Checks a questionnaire against Cairn's authoring format (questionnaires/README.md) before it is
 * uploaded or published. Every finding names its place in the JSON, e.g.
 * `pages[2].elements[4].choices[1]`, so an author can find it in any editor.
 *
 * Lenient where SurveyJS is, strict where Cairn would break: what survey-core itself skips while
 * loading (an unknown property, a duplicate name on an html block) is a warning, because the file
 * renders just as it does in every other SurveyJS tool. A problem is something that would lose or
 * mix up answers or scores: no questions, two questions saving under one name, broken scoring
 * metadata, a condition survey-core cannot parse, a question type Cairn cannot store.
 */
import { ConditionRunner, Model, Serializer, type Question } from "survey-core";
import { DIMENSION_KEYS, isDimensionKey, type DimensionKey } from "./dimensions";
import {
  DONT_KNOW_VALUE,
  MULTI_CHOICE_TYPES,
  SCORABLE_QUESTION_TYPES,
  SINGLE_CHOICE_TYPES,
  PERSPECTIVES,
  isPerspective,
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
  /** True when there are no problems; warnings do not stop a questionnaire. */
  ok: boolean;
  problems: QuestionnaireProblem[];
  /** What survey-core ignores or Cairn does not use: the questionnaire works, but not quite as written. */
  warnings: QuestionnaireProblem[];
  summary: QuestionnaireSummary;
}

/** Answers that need no score: SurveyJS's none/other/refuse items may appear as plain choices too. */
const UNSCORED_SPECIAL_VALUES = new Set([DONT_KNOW_VALUE, "none", "other", "refused"]);

/** Element types that display something but hold no answer, so need no name. */
const DISPLAY_ONLY_TYPES = new Set(["html", "image"]);

/**
 * Refused question types, and why: Cairn keeps answers as small JSON values in its database and has
 * nowhere to keep uploaded files or drawn signatures (questionnaires/README.md, "Refused").
 */
const REFUSED_TYPES: Record<string, string> = {
  file: "A file question cannot be used: Cairn does not store uploaded files. Remove it, or ask for a link or a description in a text or comment question instead.",
  signaturepad: "A signature pad cannot be used: Cairn does not store signatures. Remove it; an assessment's respondents are identified by their private link.",
};

/** The conditions Cairn checks: survey-core silently ignores one it cannot parse, which would show or require the wrong questions. */
const CONDITION_PROPERTIES = ["visibleIf", "enableIf", "requiredIf"] as const;

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
  const warnings: QuestionnaireProblem[] = [];
  const summary = emptySummary();

  if (!isJsonObject(json)) {
    problems.push({ path: "$", message: "A questionnaire must be a JSON object (a SurveyJS model)." });
    return { ok: false, problems, warnings, summary };
  }

  // Checked before anything walks the model recursively: a hostile file nested 10,000 deep would overflow the stack.
  if (nestsDeeperThan(json, MAX_NESTING_DEPTH)) {
    problems.push({ path: "$", message: `The file nests objects and lists more than ${MAX_NESTING_DEPTH} levels deep; no questionnaire needs that.` });
    return { ok: false, problems, warnings, summary };
  }

  const pathsByObject = new Map<object, string>();
  indexPaths(json, "", pathsByObject);

  let survey: Model;
  try {
    survey = new Model(json);
  } catch (error) {
    problems.push({ path: "$", message: `survey-core cannot load it: ${error instanceof Error ? error.message : String(error)}` });
    return { ok: false, problems, warnings, summary };
  }
  summary.title = survey.title || "";
  for (const error of survey.jsonErrors ?? []) reportLoadError(error, pathsByObject, problems, warnings);

  const elements = walkElements(json, problems, warnings);
  const questions = elements.filter(({ element }) => element.type !== "panel");
  if (questions.filter(({ inDynamicPanel }) => !inDynamicPanel).length === 0) {
    problems.push({ path: "$", message: "The questionnaire has no questions." });
  }

  const firstPathByName = new Map<string, string>();
  const firstDisplayPathByName = new Map<string, string>();
  for (const { path, element, inDynamicPanel } of elements) {
    if (element.type === "panel") {
      checkConditions(element, { path }, problems);
      continue;
    }
    const name = typeof element.name === "string" && element.name !== "" ? element.name : undefined;
    const at = { path, ...(name ? { questionName: name } : {}) };
    checkConditions(element, at, problems);
    const refusal = REFUSED_TYPES[String(element.type)];
    if (refusal) problems.push({ ...at, message: refusal });
    checkMatrixCellTypes(element, at, problems);

    // A missing name is reported by survey-core itself ("The property 'name' is required").
    if (name && DISPLAY_ONLY_TYPES.has(String(element.type))) {
      // An html block or an image holds no answer, so a repeated name loses nothing: survey-core shows both.
      const first = firstDisplayPathByName.get(name) ?? firstPathByName.get(name);
      if (first !== undefined) warnings.push({ ...at, message: `The name "${name}" is already used at ${first}. This ${element.type} element holds no answer, so both are shown; rename it to keep names unique.` });
      else firstDisplayPathByName.set(name, path);
    } else if (name && !inDynamicPanel) {
      const first = firstPathByName.get(name);
      if (first !== undefined) {
        problems.push({ ...at, message: `The question name "${name}" is already used at ${first}; answers are saved by name, so names must be unique.` });
      } else {
        firstPathByName.set(name, path);
      }
    }
    if (!inDynamicPanel && !DISPLAY_ONLY_TYPES.has(String(element.type))) summary.questionCount += 1;

    if ("weight" in element && !(isFiniteNumber(element.weight) && element.weight > 0)) {
      problems.push({ ...at, message: `weight must be a positive number, not ${JSON.stringify(element.weight)}.` });
    }

    if ("perspective" in element && !isPerspective(element.perspective)) {
      problems.push({ ...at, message: `perspective must be one of ${PERSPECTIVES.join(", ")}, not ${JSON.stringify(element.perspective)}.` });
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

  return { ok: problems.length === 0, problems, warnings, summary };
}

/**
 * survey-core's own load errors. It skips what it does not know and renders the rest, so those are
 * warnings; a missing name on a question is a problem, because Cairn saves every answer by name.
 */
function reportLoadError(
  error: { type: string; message: string; jsonObj: unknown; propertyName?: string },
  pathsByObject: Map<object, string>,
  problems: QuestionnaireProblem[],
  warnings: QuestionnaireProblem[],
): void {
  const objectPath = (isJsonObject(error.jsonObj) ? pathsByObject.get(error.jsonObj) : undefined) || "$";
  const name = isJsonObject(error.jsonObj) && typeof error.jsonObj.name === "string" ? error.jsonObj.name : undefined;
  const at = { ...(name ? { questionName: name } : {}) };
  const type = isJsonObject(error.jsonObj) ? String(error.jsonObj.type ?? "") : "";
  if (error.type === "requiredproperty" && error.propertyName === "name" && !DISPLAY_ONLY_TYPES.has(type)) {
    problems.push({ ...at, path: objectPath, message: `survey-core: ${error.message}` });
    return;
  }
  // An element of an unknown type is reported, in words, by walkElements.
  if ((error.type === "missingtypeproperty" || error.type === "incorrecttypeproperty") && isJsonObject(error.jsonObj) && typeof error.jsonObj.type === "string") return;
  if (error.type === "unknownproperty" && error.propertyName) {
    const path = objectPath === "$" ? error.propertyName : `${objectPath}.${error.propertyName}`;
    const owner = "className" in error && typeof error.className === "string" ? ` on a ${error.className}` : "";
    warnings.push({ ...at, path, message: `survey-core has no property "${error.propertyName}"${owner}, so it ignores it.` });
    return;
  }
  warnings.push({ ...at, path: objectPath, message: `survey-core ignores this: ${error.message}` });
}

/** A matrix whose cells are file uploads or signatures is refused like the question types themselves. */
function checkMatrixCellTypes(element: JsonObject, at: Omit<QuestionnaireProblem, "message">, problems: QuestionnaireProblem[]): void {
  if (element.type !== "matrixdropdown" && element.type !== "matrixdynamic") return;
  const cellTypes: [string, unknown][] = [[`${at.path}.cellType`, element.cellType]];
  if (Array.isArray(element.columns)) {
    element.columns.forEach((column, index) => {
      if (isJsonObject(column)) cellTypes.push([`${at.path}.columns[${index}].cellType`, column.cellType]);
    });
  }
  for (const [path, cellType] of cellTypes) {
    const refusal = typeof cellType === "string" ? REFUSED_TYPES[cellType] : undefined;
    if (refusal) problems.push({ ...at, path, message: refusal.replace(/^A (file question|signature pad)/, "A matrix cell of that type") });
  }
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

/** Pages, panels and questions in document order, with their paths; elements of a type survey-core does not know are skipped, as it skips them. */
function walkElements(json: JsonObject, problems: QuestionnaireProblem[], warnings: QuestionnaireProblem[]): WalkedElement[] {
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
      if (!Serializer.findClass(element.type)) {
        warnings.push({ path: elementPath, message: `survey-core does not know the element type "${element.type}", so it is not shown and holds no answer.` });
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

function checkConditions(element: JsonObject, at: Omit<QuestionnaireProblem, "message">, problems: QuestionnaireProblem[]) {
  const check = (owner: JsonObject, property: string, path: string) => {
    const expression = owner[property];
    if (expression === undefined || expression === "") return;
    if (typeof expression !== "string" || !new ConditionRunner(expression).canRun()) {
      problems.push({ ...at, path: `${path}.${property}`, message: `${property} ${JSON.stringify(expression)} is not a condition survey-core can read, so it would be ignored.` });
    }
  };
  for (const property of CONDITION_PROPERTIES) check(element, property, at.path);
  for (const list of ["rows", "choices", "columns"] as const) {
    const entries = element[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (isJsonObject(entry)) for (const property of CONDITION_PROPERTIES) check(entry, property, `${at.path}.${list}[${index}]`);
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
