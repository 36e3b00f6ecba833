/*
 * Checks one saved answer against the questionnaire it belongs to. The questionnaire is parsed by
 * survey-core once and turned into a validator per question, so an autosave costs a lookup rather
 * than building a survey-core Model per request.
 *
 * The rule is the one the respondent's page follows: what the rendered survey can produce is
 * accepted, in the shape survey-core stores it (a dynamic panel as a list of objects, a dropdown
 * matrix as rows of cells, a multiple-text question as an object of items); what it cannot
 * produce is refused, so that nothing a respondent never saw is scored. That includes "None" (or
 * any exclusive choice) together with other choices, more choices than `maxSelectedChoices`, and
 * values the survey computes itself (expressions, matrix totals), which are never stored.
 */
import { ConditionRunner, Model, settings, type Question } from "survey-core";
import { evaluateCondition, matrixCellQuestions, visibilityOf, type VisibilityContext } from "./questionnaire-model";

export type AnswerCheck = { ok: true } | { ok: false; message: string };

export interface AnswerValidator {
  check(questionName: string, value: unknown): AnswerCheck;
  /** Whether the questionnaire has an answerable question of this name. */
  has(questionName: string): boolean;
  /**
   * Whether the respondent is shown this question, by its own `visibleIf` and its page's and
   * panels'. True for a question with no condition; a comment follows its question.
   */
  isShown(questionName: string, context: VisibilityContext): boolean;
  /** Whether `isShown` for this question reads other answers (not only the respondent's group). */
  visibilityReadsAnswers(questionName: string): boolean;
}

const MAX_TEXT_LENGTH = 10_000;
const MAX_GENERIC_JSON_LENGTH = 20_000;
/** Rows of a dynamic matrix or panels of a dynamic panel beyond which nobody is answering by hand. */
const MAX_REPEATS = 100;
const COMMENT_SUFFIX = settings.commentSuffix;
const TOTALS_SUFFIX = settings.matrix.totalsSuffix;
/** Types that display something or compute a value but take no answer from the respondent. */
const NOT_ANSWERED_TYPES = new Set(["html", "expression", "image", "panel"]);
/** Types Cairn refuses at upload (it stores no files or signatures); never an answer. */
const REFUSED_TYPES = new Set(["file", "signaturepad"]);

type QuestionCheck = (value: unknown) => AnswerCheck;

const ok: AnswerCheck = { ok: true };
const refuse = (message: string): AnswerCheck => ({ ok: false, message });
const NO_SUCH_QUESTION = "There is no such question in this survey.";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameChoice(a: unknown, b: unknown) {
  return a === b || ((typeof a === "string" || typeof a === "number") && (typeof b === "string" || typeof b === "number") && String(a) === String(b));
}

type ChoiceItem = { value: unknown; isExclusive?: boolean };

/**
 * The choices the respondent can be offered, with SurveyJS's own extra items (none, other,
 * refuse, don't know; all but "other" exclusive); null where the server cannot know them: remote
 * choices, or choices copied from another question's answer. Declared choices are taken whole:
 * `choicesVisibleIf` depends on answers this model does not have, and hides nothing here.
 */
function offeredChoices(question: Question): ChoiceItem[] | null {
  const q = question as unknown as {
    choicesByUrl?: { url?: string };
    choicesFromQuestion?: string;
    choices?: ChoiceItem[];
    showNoneItem?: boolean;
    showOtherItem?: boolean;
    showRefuseItem?: boolean;
    showDontKnowItem?: boolean;
    noneItem?: ChoiceItem;
    otherItem?: ChoiceItem;
    refuseItem?: ChoiceItem;
    dontKnowItem?: ChoiceItem;
  };
  if (q.choicesByUrl?.url || q.choicesFromQuestion) return null;
  const offered: ChoiceItem[] = (q.choices ?? []).map((c) => ({ value: c.value, isExclusive: c.isExclusive === true }));
  if (q.showNoneItem && q.noneItem) offered.push({ value: q.noneItem.value, isExclusive: true });
  if (q.showOtherItem && q.otherItem) offered.push({ value: q.otherItem.value, isExclusive: false });
  if (q.showRefuseItem && q.refuseItem) offered.push({ value: q.refuseItem.value, isExclusive: true });
  if (q.showDontKnowItem && q.dontKnowItem) offered.push({ value: q.dontKnowItem.value, isExclusive: true });
  return offered;
}

function textCheck(maxLength: number): QuestionCheck {
  return (value) => {
    if (typeof value === "number" && Number.isFinite(value)) return ok;
    if (typeof value !== "string") return refuse("This answer must be text.");
    if (value.length > maxLength) return refuse(`This answer is longer than ${maxLength} characters.`);
    if (value.includes("\u0000")) return refuse("This answer contains characters that are not text.");
    return ok;
  };
}

function singleChoiceCheck(question: Question): QuestionCheck {
  const allowed = offeredChoices(question);
  return (value) => {
    if (typeof value !== "string" && typeof value !== "number") return refuse("Choose one of the answers offered.");
    if (allowed && !allowed.some((a) => sameChoice(a.value, value))) return refuse("That is not one of the answers offered.");
    return ok;
  };
}

function multiChoiceCheck(question: Question): QuestionCheck {
  const allowed = offeredChoices(question);
  const max = Number((question as unknown as { maxSelectedChoices?: number }).maxSelectedChoices) || 0;
  const exclusive = (allowed ?? []).filter((c) => c.isExclusive === true);
  return (value) => {
    if (!Array.isArray(value)) return refuse("Choose from the answers offered.");
    if (new Set(value.map(String)).size !== value.length) return refuse("An answer was chosen twice.");
    for (const item of value) {
      if (typeof item !== "string" && typeof item !== "number") return refuse("Choose from the answers offered.");
      if (allowed && !allowed.some((a) => sameChoice(a.value, item))) return refuse("That is not one of the answers offered.");
    }
    if (value.length > 1 && value.some((item) => exclusive.some((e) => sameChoice(e.value, item)))) {
      return refuse("That answer cannot be chosen together with others.");
    }
    // The page stops a respondent at the maximum; nothing there stops them below a minimum while
    // they are still choosing, so only the maximum is enforced on each save.
    if (max > 0 && value.length > max) return refuse(`Choose at most ${max}.`);
    return ok;
  };
}

function rankingCheck(question: Question): QuestionCheck {
  const allowed = offeredChoices(question);
  return (value) => {
    if (!Array.isArray(value)) return refuse("Put the answers in order.");
    if (new Set(value.map(String)).size !== value.length) return refuse("An answer was ranked twice.");
    for (const item of value) {
      if (typeof item !== "string" && typeof item !== "number") return refuse("Put the answers offered in order.");
      if (allowed && !allowed.some((a) => sameChoice(a.value, item))) return refuse("That is not one of the answers offered.");
    }
    return ok;
  };
}

function ratingCheck(question: Question): QuestionCheck {
  const allowed = ((question as unknown as { visibleRateValues?: { value: unknown }[] }).visibleRateValues ?? []).map((v) => v.value);
  return (value) => {
    if (typeof value !== "number" && typeof value !== "string") return refuse("Choose a rating.");
    if (!allowed.some((a) => sameChoice(a, value))) return refuse("That rating is not on the scale.");
    return ok;
  };
}

function booleanCheck(question: Question): QuestionCheck {
  const q = question as unknown as { valueTrue?: unknown; valueFalse?: unknown };
  const yes = q.valueTrue ?? true;
  const no = q.valueFalse ?? false;
  return (value) => (value === yes || value === no ? ok : refuse("Answer yes or no."));
}

function matrixCheck(question: Question): QuestionCheck {
  const q = question as unknown as { rows: { value: unknown }[]; columns: ChoiceItem[]; cellType?: string };
  const rows = q.rows.map((r) => String(r.value));
  const columns = q.columns.map((c) => c.value);
  // A Likert matrix with `cellType: "checkbox"` stores a list of columns per row.
  const multi = q.cellType === "checkbox";
  const exclusive = q.columns.filter((c) => c.isExclusive === true).map((c) => c.value);
  return (value) => {
    if (!isPlainObject(value)) return refuse("Answer each statement from the scale offered.");
    for (const [row, answer] of Object.entries(value)) {
      if (!rows.includes(row)) return refuse("That statement is not part of this question.");
      const chosen = multi && Array.isArray(answer) ? answer : [answer];
      if (multi && !Array.isArray(answer)) return refuse("Choose from the answers offered.");
      if (!chosen.every((c) => columns.some((column) => sameChoice(column, c)))) return refuse("That is not one of the answers offered.");
      if (chosen.length > 1 && chosen.some((c) => exclusive.some((e) => sameChoice(e, c)))) return refuse("That answer cannot be chosen together with others.");
    }
    return ok;
  };
}

function multipleTextCheck(question: Question): QuestionCheck {
  const items = (question as unknown as { items: { name: string; maxLength?: number; inputType?: string }[] }).items;
  const checks = new Map(items.map((item) => [item.name, textCheck(Number(item.maxLength) > 0 ? Math.min(Number(item.maxLength), MAX_TEXT_LENGTH) : 2000)]));
  return (value) => {
    if (!isPlainObject(value)) return refuse("Fill in the boxes offered.");
    for (const [name, text] of Object.entries(value)) {
      const check = checks.get(name);
      if (!check) return refuse("That box is not part of this question.");
      if (text === null) continue;
      const result = check(text);
      if (!result.ok) return result;
    }
    return ok;
  };
}

/** The cells of a dropdown or dynamic matrix, each checked as the question survey-core makes of it. */
function cellChecks(question: Question): Map<string, QuestionCheck> {
  const checks = new Map<string, QuestionCheck>();
  for (const cell of matrixCellQuestions(question)) {
    // An expression column is computed by the survey into the row it belongs to; it is kept with
    // the row as survey-core stores it, but bounded like any other unknown value.
    checks.set(cell.column, cell.question.getType() === "expression" ? genericCheck : (checkFor(cell.question) ?? genericCheck));
    const cq = cell.question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean };
    if (cq.showOtherItem || cq.showCommentArea) checks.set(cell.column + COMMENT_SUFFIX, textCheck(2000));
  }
  return checks;
}

function checkRow(row: unknown, checks: Map<string, QuestionCheck>): AnswerCheck {
  if (row === null) return ok;
  if (!isPlainObject(row)) return refuse("Each row must be answered from the columns offered.");
  for (const [column, cell] of Object.entries(row)) {
    const check = checks.get(column);
    if (!check) return refuse("That column is not part of this question.");
    if (cell === null) continue;
    const result = check(cell);
    if (!result.ok) return result;
  }
  return ok;
}

function matrixDropdownCheck(question: Question): QuestionCheck {
  const rows = (question as unknown as { rows: { value: unknown }[] }).rows.map((r) => String(r.value));
  const checks = cellChecks(question);
  return (value) => {
    if (!isPlainObject(value)) return refuse("Answer the rows of this table.");
    for (const [row, cells] of Object.entries(value)) {
      if (!rows.includes(row)) return refuse("That row is not part of this question.");
      const result = checkRow(cells, checks);
      if (!result.ok) return result;
    }
    return ok;
  };
}

function repeatLimit(question: Question, property: "maxRowCount" | "maxPanelCount"): number {
  const declared = Number((question as unknown as Record<string, unknown>)[property]);
  return declared > 0 ? Math.min(declared, MAX_REPEATS) : MAX_REPEATS;
}

function matrixDynamicCheck(question: Question): QuestionCheck {
  const max = repeatLimit(question, "maxRowCount");
  const checks = cellChecks(question);
  return (value) => {
    if (!Array.isArray(value)) return refuse("Answer the rows of this table.");
    if (value.length > max) return refuse(`This table takes at most ${max} rows.`);
    for (const row of value) {
      const result = checkRow(row, checks);
      if (!result.ok) return result;
    }
    return ok;
  };
}

/** A dynamic panel's answer is a list of panels, each an object answering the template's questions. */
function panelDynamicCheck(question: Question): QuestionCheck {
  const max = repeatLimit(question, "maxPanelCount");
  const template = (question as unknown as { template: { toJSON(): Record<string, unknown> } }).template.toJSON();
  const inner = compileChecks(new Model({ elements: template.elements ?? [] }), { nested: true });
  return (value) => {
    if (!Array.isArray(value)) return refuse("Answer the panels of this question.");
    if (value.length > max) return refuse(`This question takes at most ${max} entries.`);
    for (const panel of value) {
      if (panel === null) continue;
      if (!isPlainObject(panel)) return refuse("Each entry must answer the questions of this question.");
      for (const [name, answer] of Object.entries(panel)) {
        const result = inner.check(name, answer);
        if (!result.ok) return result;
      }
    }
    return ok;
  };
}

function genericCheck(value: unknown): AnswerCheck {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return refuse("This answer could not be read.");
  }
  if (text === undefined || text.length > MAX_GENERIC_JSON_LENGTH) return refuse("This answer is too large.");
  return ok;
}

/** The author's maxLength, capped; survey-core reports "no limit" as -1 or 0. */
function authorMaxLength(question: Question): number | null {
  const maxLength = Number((question as unknown as { maxLength?: number }).maxLength);
  return maxLength > 0 ? Math.min(maxLength, MAX_TEXT_LENGTH) : null;
}

function checkFor(question: Question): QuestionCheck | null {
  const type = question.getType();
  if (NOT_ANSWERED_TYPES.has(type) || REFUSED_TYPES.has(type)) return null;
  switch (type) {
    case "radiogroup":
    case "dropdown":
      return singleChoiceCheck(question);
    case "imagepicker":
      return (question as unknown as { multiSelect?: boolean }).multiSelect ? multiChoiceCheck(question) : singleChoiceCheck(question);
    case "checkbox":
    case "tagbox":
      return multiChoiceCheck(question);
    case "ranking":
      return rankingCheck(question);
    case "rating":
      return ratingCheck(question);
    case "boolean":
      return booleanCheck(question);
    case "matrix":
      return matrixCheck(question);
    case "matrixdropdown":
      return matrixDropdownCheck(question);
    case "matrixdynamic":
      return matrixDynamicCheck(question);
    case "paneldynamic":
      return panelDynamicCheck(question);
    case "multipletext":
      return multipleTextCheck(question);
    case "text":
      return textCheck(authorMaxLength(question) ?? 2000);
    case "comment":
      return textCheck(authorMaxLength(question) ?? MAX_TEXT_LENGTH);
    default:
      // A custom question type registered by some other SurveyJS add-on: kept, bounded in size.
      return genericCheck;
  }
}

/** The top-level names a condition reads (`matrix.row` → `matrix`), lower-cased as survey-core matches them; null when it cannot run. */
function conditionVariables(expression: string): string[] | null {
  const runner = new ConditionRunner(expression);
  return runner.canRun() ? runner.getVariables().map((variable) => variable.split(/[.[]/)[0].toLowerCase()) : null;
}

interface CompiledChecks {
  checks: Map<string, QuestionCheck>;
  commentable: Set<string>;
  /** Matrices with a totals row: survey-core writes `<name>-total` itself. */
  withTotals: Set<string>;
  visibility: Map<string, { conditions: string[]; readsAnswers: boolean }>;
  check(questionName: string, value: unknown): AnswerCheck;
}

function compileChecks(survey: Model, { nested }: { nested: boolean }): CompiledChecks {
  const checks = new Map<string, QuestionCheck>();
  const commentable = new Set<string>();
  const withTotals = new Set<string>();
  const visibility: CompiledChecks["visibility"] = new Map();
  // Top-level questions only (static panels are flattened): the questions inside a dynamic panel,
  // a matrix's cells and a multiple-text question's items are part of that question's answer.
  const questions = survey.getAllQuestions(false, false, false);
  const answerNames = new Set(questions.map((q) => q.getValueName().toLowerCase()));
  for (const question of questions) {
    const check = checkFor(question);
    if (!check) continue;
    const name = question.getValueName();
    checks.set(name, check);
    const q = question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean; hasComment?: boolean; hasTotal?: boolean };
    if (q.showOtherItem || q.showCommentArea || q.hasComment) commentable.add(name);
    if (q.hasTotal) withTotals.add(name);
    const { visibleIf, containerVisibleIfs } = visibilityOf(question);
    const conditions = [...(visibleIf ? [visibleIf] : []), ...containerVisibleIfs];
    // A question switched off with `visible: false` is left alone: only a trigger or the author's
    // code can fill it, and scoring never counts it (questionnaire-model.ts isItemShown).
    // Enforced only where the server knows every value the condition reads: answers and the
    // respondent's group. A condition on a calculated value or a variable set by the page's own
    // code is the page's business; refusing on a guess would lose a real answer.
    const read = conditions.map(conditionVariables);
    if (conditions.length > 0 && read.every((names) => names !== null && names.every((n) => n === "group" || answerNames.has(n)))) {
      visibility.set(name, { conditions, readsAnswers: read.some((names) => names!.some((n) => n !== "group")) });
    }
  }
  const commentCheck = textCheck(2000);

  return {
    checks,
    commentable,
    withTotals,
    visibility,
    check(questionName, value) {
      const check = checks.get(questionName);
      const isComment = questionName.endsWith(COMMENT_SUFFIX) && commentable.has(questionName.slice(0, -COMMENT_SUFFIX.length));
      if (value === null) return check || isComment ? ok : refuse(NO_SUCH_QUESTION); // clearing is allowed
      if (check) return check(value);
      if (isComment) return commentCheck(value);
      // Inside a dynamic panel survey-core keeps a matrix's totals in the panel's own value.
      if (nested && questionName.endsWith(TOTALS_SUFFIX) && withTotals.has(questionName.slice(0, -TOTALS_SUFFIX.length))) return genericCheck(value);
      return refuse(NO_SUCH_QUESTION);
    },
  };
}

export function compileAnswerValidator(surveyJson: object): AnswerValidator {
  const survey = new Model(surveyJson);
  const compiled = compileChecks(survey, { nested: false });
  const computed = new Set(survey.getAllQuestions(false, false, false).filter((q) => q.getType() === "expression").map((q) => q.getValueName()));
  for (const name of compiled.withTotals) computed.add(name + TOTALS_SUFFIX);
  survey.dispose();

  const visibilityFor = (questionName: string) =>
    compiled.visibility.get(questionName) ??
    (questionName.endsWith(COMMENT_SUFFIX) ? compiled.visibility.get(questionName.slice(0, -COMMENT_SUFFIX.length)) : undefined);

  return {
    has: (questionName) => compiled.checks.has(questionName),
    check(questionName, value) {
      if (computed.has(questionName)) return refuse("This value is worked out by the survey itself and is not saved as an answer.");
      return compiled.check(questionName, value);
    },
    isShown(questionName, context) {
      const visibility = visibilityFor(questionName);
      if (!visibility) return true;
      return visibility.conditions.every((expression) => evaluateCondition(expression, context));
    },
    visibilityReadsAnswers: (questionName) => visibilityFor(questionName)?.readsAnswers ?? false,
  };
}
