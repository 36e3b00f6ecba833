/*
 * Checks one saved answer against the questionnaire it belongs to. The questionnaire is parsed by
 * survey-core once and turned into a validator per question, so an autosave costs a lookup rather
 * than building a survey-core Model per request.
 */
import { Model, type Question } from "survey-core";
import "./questionnaire-model";

export type AnswerCheck = { ok: true } | { ok: false; message: string };

export interface AnswerValidator {
  check(questionName: string, value: unknown): AnswerCheck;
  /** Whether the questionnaire has an answerable question of this name. */
  has(questionName: string): boolean;
}

const MAX_TEXT_LENGTH = 10_000;
const MAX_GENERIC_JSON_LENGTH = 20_000;
const COMMENT_SUFFIX = "-Comment";
const DISPLAY_ONLY_TYPES = new Set(["html", "expression", "image", "panel", "paneldynamic", "file", "signaturepad"]);

type QuestionCheck = (value: unknown) => AnswerCheck;

const ok: AnswerCheck = { ok: true };
const refuse = (message: string): AnswerCheck => ({ ok: false, message });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameChoice(a: unknown, b: unknown) {
  return a === b || ((typeof a === "string" || typeof a === "number") && (typeof b === "string" || typeof b === "number") && String(a) === String(b));
}

/** Values SurveyJS itself offers besides the listed choices. */
function specialItemValues(question: Question): unknown[] {
  const q = question as unknown as Record<string, unknown>;
  const values: unknown[] = [];
  if (q.showDontKnowItem) values.push("dontknow");
  if (q.showNoneItem) values.push("none");
  if (q.showOtherItem) values.push("other");
  if (q.showRefuseItem) values.push("refused");
  return values;
}

function choiceValues(question: Question): unknown[] | null {
  const q = question as unknown as { choicesByUrl?: { url?: string }; choices?: { value: unknown }[] };
  if (q.choicesByUrl?.url) return null; // remote choices: the server cannot know them
  return [...(q.choices ?? []).map((c) => c.value), ...specialItemValues(question)];
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
  const allowed = choiceValues(question);
  return (value) => {
    if (typeof value !== "string" && typeof value !== "number") return refuse("Choose one of the answers offered.");
    if (allowed && !allowed.some((a) => sameChoice(a, value))) return refuse("That is not one of the answers offered.");
    return ok;
  };
}

function multiChoiceCheck(question: Question): QuestionCheck {
  const allowed = choiceValues(question);
  return (value) => {
    if (!Array.isArray(value)) return refuse("Choose from the answers offered.");
    if (new Set(value.map(String)).size !== value.length) return refuse("An answer was chosen twice.");
    for (const item of value) {
      if (typeof item !== "string" && typeof item !== "number") return refuse("Choose from the answers offered.");
      if (allowed && !allowed.some((a) => sameChoice(a, item))) return refuse("That is not one of the answers offered.");
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
  const q = question as unknown as { rows: { value: unknown }[]; columns: { value: unknown }[] };
  const rows = q.rows.map((r) => String(r.value));
  const columns = q.columns.map((c) => c.value);
  return (value) => {
    if (!isPlainObject(value)) return refuse("Answer each statement from the scale offered.");
    for (const [row, column] of Object.entries(value)) {
      if (!rows.includes(row)) return refuse("That statement is not part of this question.");
      if (!columns.some((c) => sameChoice(c, column))) return refuse("That is not one of the answers offered.");
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
  if (DISPLAY_ONLY_TYPES.has(type)) return null;
  switch (type) {
    case "radiogroup":
    case "dropdown":
    case "imagepicker":
      return singleChoiceCheck(question);
    case "checkbox":
    case "tagbox":
      return multiChoiceCheck(question);
    case "rating":
      return ratingCheck(question);
    case "boolean":
      return booleanCheck(question);
    case "matrix":
      return matrixCheck(question);
    case "text":
      return textCheck(authorMaxLength(question) ?? 2000);
    case "comment":
      return textCheck(authorMaxLength(question) ?? MAX_TEXT_LENGTH);
    default:
      return genericCheck;
  }
}

export function compileAnswerValidator(surveyJson: object): AnswerValidator {
  const survey = new Model(surveyJson);
  const checks = new Map<string, QuestionCheck>();
  const commentable = new Set<string>();
  for (const question of survey.getAllQuestions(false, true, true)) {
    const check = checkFor(question);
    if (!check) continue;
    const name = question.getValueName();
    checks.set(name, check);
    const q = question as unknown as { showOtherItem?: boolean; showCommentArea?: boolean; hasComment?: boolean };
    if (q.showOtherItem || q.showCommentArea || q.hasComment) commentable.add(name);
  }
  const commentCheck = textCheck(2000);
  survey.dispose();

  return {
    has: (questionName) => checks.has(questionName),
    check(questionName, value) {
      const check = checks.get(questionName);
      if (value === null) return check || questionName.endsWith(COMMENT_SUFFIX) ? ok : refuse("There is no such question in this survey."); // clearing is allowed
      if (check) return check(value);
      if (questionName.endsWith(COMMENT_SUFFIX) && commentable.has(questionName.slice(0, -COMMENT_SUFFIX.length))) return commentCheck(value);
      return refuse("There is no such question in this survey.");
    },
  };
}
