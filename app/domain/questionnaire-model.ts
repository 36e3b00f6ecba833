import {
  ConditionRunner,
  ItemValue,
  Model,
  PageModel,
  PanelModel,
  QuestionBooleanModel,
  QuestionCheckboxModel,
  QuestionImagePickerModel,
  QuestionMatrixModel,
  QuestionRatingModel,
  QuestionSelectBase,
  QuestionTagboxModel,
  Serializer,
  type Question,
} from "survey-core";
import { isDimensionKey, type DimensionKey } from "./dimensions";

/*
 * Cairn's scoring metadata are ordinary SurveyJS custom properties (see questionnaires/README.md),
 * so a questionnaire still opens in any SurveyJS tool. They must be registered before any
 * questionnaire is loaded, hence at import time; the guard makes a second import (or a hot reload)
 * harmless.
 */
export function registerCairnSurveyProperties(): void {
  if (!Serializer.findProperty("question", "dimension")) {
    Serializer.addProperty("question", { name: "dimension", category: "Cairn scoring" });
  }
  if (!Serializer.findProperty("question", "perspective")) {
    Serializer.addProperty("question", { name: "perspective", category: "Cairn scoring" });
  }
  if (!Serializer.findProperty("question", "weight")) {
    Serializer.addProperty("question", { name: "weight:number", default: 1, category: "Cairn scoring" });
  }
  if (!Serializer.findProperty("itemvalue", "score")) {
    Serializer.addProperty("itemvalue", { name: "score:number" });
  }
  if (!Serializer.findProperty("boolean", "scoreTrue")) {
    Serializer.addProperty("boolean", { name: "scoreTrue:number", category: "Cairn scoring" });
  }
  if (!Serializer.findProperty("boolean", "scoreFalse")) {
    Serializer.addProperty("boolean", { name: "scoreFalse:number", category: "Cairn scoring" });
  }
  registerKonveyorSurveyProperties();
}

/*
 * What a Konveyor questionnaire carries that SurveyJS has no word for (see konveyor-import.ts and
 * questionnaires/README.md). Registered so that survey-core loads them without an "unknown
 * property" warning and so that they survive in the stored JSON: the risk verdict reads `risk` and
 * the thresholds, the results show `rationale` and `mitigation`. The tag lists are kept only so
 * that nothing of the author's file is lost; Cairn does not act on them.
 */
function registerKonveyorSurveyProperties(): void {
  for (const name of ["risk", "rationale", "mitigation", "applyTags", "autoAnswerFor"]) {
    if (!Serializer.findProperty("itemvalue", name)) Serializer.addProperty("itemvalue", { name, category: "Konveyor" });
  }
  for (const name of ["includeFor", "excludeFor"]) {
    if (!Serializer.findProperty("question", name)) Serializer.addProperty("question", { name, category: "Konveyor" });
  }
  for (const name of ["riskThresholds", "riskMessages"]) {
    if (!Serializer.findProperty("survey", name)) Serializer.addProperty("survey", { name, category: "Konveyor" });
  }
}

registerCairnSurveyProperties();

/** The value SurveyJS stores for its own don't-know item, and the one authors use for don't-know columns. */
export const DONT_KNOW_VALUE = "dontknow";

export const PERSPECTIVES = ["organisation", "own-team"] as const;
export type Perspective = (typeof PERSPECTIVES)[number];
export function isPerspective(value: unknown): value is Perspective {
  return typeof value === "string" && (PERSPECTIVES as readonly string[]).includes(value);
}

/** Question types whose answers Cairn can turn into points, by how they are scored. */
export const SINGLE_CHOICE_TYPES = ["radiogroup", "dropdown", "imagepicker"] as const;
export const MULTI_CHOICE_TYPES = ["checkbox", "tagbox"] as const;
export const SCORABLE_QUESTION_TYPES = [...SINGLE_CHOICE_TYPES, ...MULTI_CHOICE_TYPES, "rating", "boolean", "matrix"] as const;

export function isScorableQuestionType(type: string): boolean {
  return (SCORABLE_QUESTION_TYPES as readonly string[]).includes(type);
}

export type AnswerValue = string | number | boolean;

/** One answer a respondent can give to a scored item, with the author's score for it. */
export interface AnswerOption {
  value: AnswerValue;
  label: string;
  /** The author's score; null for an answer that earns no points (don't know, an unscored "other"/"none"). */
  score: number | null;
  isDontKnow: boolean;
}

/**
 * How an answer becomes points: one chosen option (`single`: radiogroup, dropdown, rating, boolean,
 * a Likert matrix row) or the sum of several (`multi`: checkbox, tagbox).
 */
export type ScoredItemKind = "single" | "multi";

/** One scored thing a respondent answers: a question, or one row of a Likert matrix. */
export interface ScoredItem {
  /** Unique within the model: the question name, or `name/row` for a matrix row. Opaque; do not parse. */
  key: string;
  questionName: string;
  questionType: string;
  /** The matrix row this item is, or null for an ordinary question. */
  rowValue: AnswerValue | null;
  rowLabel: string | null;
  title: string;
  dimension: DimensionKey;
  /**
   * Whose situation the question asks about: `own-team` (the respondent's own team, e.g. "your
   * team's skills") or `organisation` (the shared organisation). Own-team items count in each
   * group's own scores but never in a gap between groups (scoring rule 9).
   */
  perspective: Perspective;
  weight: number;
  kind: ScoredItemKind;
  options: AnswerOption[];
  /** Normalisation range: the points are `100 × (score − minScore) / (maxScore − minScore)`. */
  minScore: number;
  maxScore: number;
  /** The question's own `visibleIf`, or null. */
  visibleIf: string | null;
  /** `visibleIf` of each containing panel and page (innermost first). */
  containerVisibleIfs: string[];
  /** The matrix row's own `visibleIf`, or null. */
  rowVisibleIf: string | null;
  /** True when the question or a container is switched off with `visible: false` and no `visibleIf`. */
  neverShown: boolean;
}

/** A questionnaire reduced to what scoring needs: plain data, safe to cache and share between requests. */
export interface ScoringModel {
  title: string;
  items: ScoredItem[];
  /** Questions shown and saved but not scored (no `dimension`). */
  unscoredQuestionNames: string[];
}

/**
 * Compiles a SurveyJS questionnaire into a ScoringModel, once per questionnaire version, so scoring a
 * respondent needs no survey-core `Model`. Expects a questionnaire that passes `validateQuestionnaire`;
 * a question it cannot score (unknown dimension, unsupported type, non-positive weight, fewer than two
 * distinct scores) is left out rather than guessed at.
 */
export function compileScoringModel(surveyJson: object): ScoringModel {
  const survey = new Model(surveyJson);
  const items: ScoredItem[] = [];
  const unscoredQuestionNames: string[] = [];

  for (const question of survey.getAllQuestions()) {
    const dimension: unknown = question.getPropertyValue("dimension");
    if (dimension === undefined || dimension === null || dimension === "") {
      unscoredQuestionNames.push(question.name);
      continue;
    }
    if (!isDimensionKey(dimension)) continue;
    const weight: unknown = question.getPropertyValue("weight");
    const itemWeight = weight === undefined || weight === null ? 1 : weight;
    if (typeof itemWeight !== "number" || !(itemWeight > 0) || !Number.isFinite(itemWeight)) continue;

    const visibility = visibilityOf(question);
    const base = {
      questionName: question.name,
      questionType: question.getType(),
      title: question.title || question.name,
      dimension,
      perspective: perspectiveOf(question),
      weight: itemWeight,
      ...visibility,
      rowVisibleIf: null,
    };

    if (question instanceof QuestionMatrixModel) {
      const options = optionsFrom(question.columns);
      const range = singleChoiceRange(options);
      if (!range) continue;
      for (const row of question.rows as ItemValue[]) {
        items.push({
          ...base,
          key: `${question.name}/${String(row.value)}`,
          rowValue: row.value,
          rowLabel: row.text,
          kind: "single",
          options,
          ...range,
          rowVisibleIf: row.visibleIf || null,
        });
      }
      continue;
    }

    const scoring = scoringOf(question);
    if (!scoring) continue;
    items.push({ ...base, key: question.name, rowValue: null, rowLabel: null, ...scoring });
  }

  return { title: survey.title || "", items, unscoredQuestionNames };
}

/** A question without a (valid) perspective asks about the organisation, as every v1 question was read. */
function perspectiveOf(question: Question): Perspective {
  const perspective: unknown = question.getPropertyValue("perspective");
  return isPerspective(perspective) ? perspective : "organisation";
}

function scoringOf(
  question: Question,
): { kind: ScoredItemKind; options: AnswerOption[]; minScore: number; maxScore: number } | null {
  if (question instanceof QuestionBooleanModel) {
    const scoreTrue: unknown = question.getPropertyValue("scoreTrue");
    const scoreFalse: unknown = question.getPropertyValue("scoreFalse");
    if (!isFiniteNumber(scoreTrue) || !isFiniteNumber(scoreFalse)) return null;
    const options: AnswerOption[] = [
      { value: question.getValueTrue(), label: question.labelTrue, score: scoreTrue, isDontKnow: false },
      { value: question.getValueFalse(), label: question.labelFalse, score: scoreFalse, isDontKnow: false },
    ];
    const range = singleChoiceRange(options);
    return range && { kind: "single", options, ...range };
  }

  if (question instanceof QuestionRatingModel) {
    const declared = question.rateValues as ItemValue[];
    const anyScored = declared.some((item) => isFiniteNumber(item.getPropertyValue("score")));
    const options = anyScored
      ? optionsFrom(declared)
      : // A rating without scored rateValues is scored on its own range: the value is the score.
        question.visibleRateValues.map((item) => ({
          value: item.value,
          label: item.text,
          score: isFiniteNumber(item.value) ? item.value : null,
          isDontKnow: item.value === DONT_KNOW_VALUE,
        }));
    const range = singleChoiceRange(options);
    return range && { kind: "single", options, ...range };
  }

  if (question instanceof QuestionSelectBase) {
    const options = [...optionsFrom(question.choices), ...specialItemsOf(question)];
    const multi =
      question instanceof QuestionCheckboxModel ||
      question instanceof QuestionTagboxModel ||
      (question instanceof QuestionImagePickerModel && question.multiSelect);
    if (multi) {
      const range = multiChoiceRange(options);
      return range && { kind: "multi", options, ...range };
    }
    const range = singleChoiceRange(options);
    return range && { kind: "single", options, ...range };
  }

  return null;
}

/**
 * SurveyJS's built-in extra items the question shows (none, other, refuse-to-answer, don't know),
 * leaving out any whose value is also a declared choice. survey-core marks all but "other" exclusive.
 */
export function shownSpecialItems(question: QuestionSelectBase): ItemValue[] {
  const special: ItemValue[] = [];
  if (question.showNoneItem) special.push(question.noneItem);
  if (question.showOtherItem) special.push(question.otherItem);
  if (question.showRefuseItem) special.push(question.refuseItem);
  if (question.showDontKnowItem) special.push(question.dontKnowItem);
  const declared = new Set(question.choices.map((choice: ItemValue) => String(choice.value)));
  return special.filter((item) => !declared.has(String(item.value)));
}

/** The built-in extra items as scoring options. They carry no score. */
function specialItemsOf(question: QuestionSelectBase): AnswerOption[] {
  return shownSpecialItems(question)
    .map((item) => ({ value: item.value, label: item.text, score: null, isDontKnow: item.value === DONT_KNOW_VALUE }));
}

function optionsFrom(itemValues: ItemValue[]): AnswerOption[] {
  return itemValues.map((item) => {
    const score: unknown = item.getPropertyValue("score");
    const isDontKnow = item.value === DONT_KNOW_VALUE;
    return { value: item.value, label: item.text, score: !isDontKnow && isFiniteNumber(score) ? score : null, isDontKnow };
  });
}

function singleChoiceRange(options: AnswerOption[]): { minScore: number; maxScore: number } | null {
  const scores = options.flatMap((option) => (option.score === null ? [] : [option.score]));
  if (scores.length === 0) return null;
  const minScore = Math.min(...scores);
  const maxScore = Math.max(...scores);
  return maxScore > minScore ? { minScore, maxScore } : null;
}

/** Checkbox range: from the sum of all negative scores to the sum of all positive ones. */
function multiChoiceRange(options: AnswerOption[]): { minScore: number; maxScore: number } | null {
  let minScore = 0;
  let maxScore = 0;
  for (const option of options) {
    if (option.score === null) continue;
    if (option.score < 0) minScore += option.score;
    else maxScore += option.score;
  }
  return maxScore > minScore ? { minScore, maxScore } : null;
}

export function visibilityOf(question: Question): { visibleIf: string | null; containerVisibleIfs: string[]; neverShown: boolean } {
  // Without a visibleIf, `visible` is the author's static setting (no condition has run on it).
  let neverShown = !question.visibleIf && !question.visible;
  const containerVisibleIfs: string[] = [];
  let container = question.parent;
  while (container instanceof PanelModel || container instanceof PageModel) {
    if (container.visibleIf) containerVisibleIfs.push(container.visibleIf);
    else if (!container.visible) neverShown = true;
    container = container.parent;
  }
  return { visibleIf: question.visibleIf || null, containerVisibleIfs, neverShown };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/*
 * Visibility uses survey-core's own condition engine, so `{group} anyof ['it']`, `{other_q} = 'yes'`,
 * `{matrix.row} notempty` and the built-in functions mean exactly what they meant to the respondent.
 * Each distinct expression is parsed once per process. Its result depends only on the values of the
 * variables it names, so results are also remembered by those values: fifty respondents in five
 * groups run `{group} anyof [...]` five times, not fifty. Expressions that call a function are
 * always run (a function may depend on more than its arguments, e.g. today()).
 */
interface CompiledCondition {
  runner: ConditionRunner;
  /** Variable names, and the top-level answer each reads (`matrix.row` → `matrix`); null: not memoisable. */
  variables: { name: string; topLevel: string }[] | null;
  resultsByValues: Map<string, boolean>;
}

const MAX_REMEMBERED_RESULTS = 2000;
const compiledConditions = new Map<string, CompiledCondition>();

function compiledConditionFor(expression: string): CompiledCondition {
  let compiled = compiledConditions.get(expression);
  if (!compiled) {
    const runner = new ConditionRunner(expression);
    const memoisable = runner.canRun() && !runner.hasFunction();
    compiled = {
      runner,
      variables: memoisable
        ? runner.getVariables().map((name) => ({ name, topLevel: name.split(/[.[]/)[0] }))
        : null,
      resultsByValues: new Map(),
    };
    compiledConditions.set(expression, compiled);
  }
  return compiled;
}

/**
 * The values a condition reads, as a key; null when a variable is not literally present, since
 * survey-core then looks further (case-insensitively, for instance) and the key would not capture it.
 */
function valuesKey(variables: { name: string; topLevel: string }[], values: Record<string, unknown>): string | null {
  const read: unknown[] = [];
  for (const { name, topLevel } of variables) {
    const hasName = Object.prototype.hasOwnProperty.call(values, name);
    const hasTopLevel = Object.prototype.hasOwnProperty.call(values, topLevel);
    if (!hasName && !hasTopLevel) return null;
    read.push(hasName ? values[name] : null, hasTopLevel ? values[topLevel] : null);
  }
  return JSON.stringify(read);
}

/**
 * Values a condition sees for one respondent: their answers plus the survey variable `group`.
 * Build it once per respondent and pass it to `isItemShown` for each item.
 */
export interface VisibilityContext {
  answers: Record<string, unknown>;
  group: string;
  /** The answers plus `group`, made on first use: most items have no condition. */
  values: Record<string, unknown> | null;
  /** Results already worked out for this respondent, by expression. */
  results: Map<string, boolean>;
}

export function createVisibilityContext(answers: Record<string, unknown>, group: string): VisibilityContext {
  return { answers, group, values: null, results: new Map() };
}

/** Evaluates one SurveyJS condition for a respondent. An expression survey-core cannot parse counts as true, as SurveyJS shows such a question. */
export function evaluateCondition(expression: string, context: VisibilityContext): boolean {
  const known = context.results.get(expression);
  if (known !== undefined) return known;
  const { runner, variables, resultsByValues } = compiledConditionFor(expression);
  const values = (context.values ??= Object.assign({}, context.answers, { group: context.group }));
  const key = variables === null ? null : valuesKey(variables, values);
  let result = key === null ? undefined : resultsByValues.get(key);
  if (result === undefined) {
    result = runner.canRun() ? runner.runValues(values) === true : true;
    if (key !== null) {
      if (resultsByValues.size >= MAX_REMEMBERED_RESULTS) resultsByValues.clear();
      resultsByValues.set(key, result);
    }
  }
  context.results.set(expression, result);
  return result;
}

/** Whether the respondent was shown the item: its own, its row's and every container's `visibleIf` hold. */
export function isItemShown(item: ScoredItem, context: VisibilityContext): boolean {
  if (item.neverShown) return false;
  if (item.visibleIf !== null && !evaluateCondition(item.visibleIf, context)) return false;
  if (item.rowVisibleIf !== null && !evaluateCondition(item.rowVisibleIf, context)) return false;
  return item.containerVisibleIfs.every((expression) => evaluateCondition(expression, context));
}

/**
 * The cell questions of a dropdown or dynamic matrix, one per column: survey-core builds each cell
 * as a question of its column's type (a dropdown taking the matrix's choices, a checkbox, a text…),
 * which a column's own `templateQuestion` does not do. Read off the first row; a dynamic matrix
 * with no rows is given one, so call this only on a model of one's own (never the respondent's).
 */
export function matrixCellQuestions(question: Question): { column: string; question: Question }[] {
  const matrix = question as unknown as { rowCount?: number; visibleRows?: { cells: { column: { name: string }; question: Question }[] }[] };
  if (question.getType() === "matrixdynamic" && !matrix.rowCount) matrix.rowCount = 1;
  return (matrix.visibleRows?.[0]?.cells ?? []).map((cell) => ({ column: cell.column.name, question: cell.question }));
}

const localesByQuestionnaire = new WeakMap<object, string[]>();

/**
 * The languages a questionnaire can be answered in: SurveyJS's default locale (its plain and
 * `default` strings) first, then every other locale its localisable texts carry. Kept per model
 * object, as questionnaire JSON is shared and never changed.
 */
export function questionnaireLocales(surveyJson: object): string[] {
  const cached = localesByQuestionnaire.get(surveyJson);
  if (cached) return cached;
  const used = new Model(surveyJson).getUsedLocales();
  const defaultLocale = "en";
  const locales = [defaultLocale, ...used.filter((locale) => locale !== defaultLocale && /^[a-z]{2,3}(-[a-z0-9]+)?$/i.test(locale))];
  localesByQuestionnaire.set(surveyJson, locales);
  return locales;
}
