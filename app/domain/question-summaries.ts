/*
 * A summary of every question's answers, fitting its type, for any questionnaire (scored or not):
 * what survey dashboards show (SurveyJS Dashboard, Formbricks). Choice counts and shares, rating
 * distributions and means, the Net Promoter Score of a 0–10 rating, boolean splits, ranking
 * averages, matrix tables, and free text and structured answers listed as people wrote them.
 *
 * Shares are of the respondents who answered that question (not of everyone invited), so a
 * question shown to one group only is not diluted by the groups that never saw it.
 *
 * Net Promoter Score (only for a rating whose scale is exactly 0–10): promoters answer 9 or 10,
 * passives 7 or 8, detractors 0–6; the score is the percentage of promoters minus the percentage
 * of detractors, from −100 to 100, rounded to a whole number.
 */
import { Model, QuestionSelectBase, type Question } from "survey-core";
import { matrixCellQuestions, shownSpecialItems } from "./questionnaire-model";
import type { LabelledValue, SummaryField, SummaryQuestion } from "./question-summary-counts";

// Summarising the answers is survey-core-free, for the PDF renderer: see question-summary-counts.ts.
export { summariseQuestions, type LabelledValue, type OptionCount, type QuestionSummary, type SummaryField, type SummaryQuestion } from "./question-summary-counts";

function labelled(items: { value: unknown; text?: string }[]): LabelledValue[] {
  return items.map((item) => ({ value: item.value as LabelledValue["value"], label: item.text || String(item.value) }));
}

/** The choices a select question offers, with SurveyJS's own extra items. */
function choicesOf(question: Question): LabelledValue[] {
  return question instanceof QuestionSelectBase ? labelled([...question.choices, ...shownSpecialItems(question)]) : [];
}

function valueLabelsOf(question: Question): Record<string, string> {
  const type = question.getType();
  if (type === "boolean") {
    const q = question as unknown as { labelTrue: string; labelFalse: string; getValueTrue(): unknown; getValueFalse(): unknown };
    return { [String(q.getValueTrue())]: q.labelTrue || "Yes", [String(q.getValueFalse())]: q.labelFalse || "No" };
  }
  if (type === "rating") return Object.fromEntries(labelled((question as unknown as { visibleRateValues: { value: unknown; text: string }[] }).visibleRateValues).map((o) => [String(o.value), o.label]));
  if ("choices" in question) return Object.fromEntries(choicesOf(question).map((o) => [String(o.value), o.label]));
  return {};
}

function fieldOf(question: Question, name = question.getValueName()): SummaryField {
  return { name, label: question.title || name, valueLabels: valueLabelsOf(question) };
}

function fieldsOf(question: Question): SummaryField[] {
  const type = question.getType();
  if (type === "multipletext") {
    return (question as unknown as { items: { name: string; title: string }[] }).items.map((item) => ({ name: item.name, label: item.title || item.name, valueLabels: {} }));
  }
  if (type === "paneldynamic") {
    const template = (question as unknown as { template: { questions: Question[] } }).template;
    return template.questions.map((q) => fieldOf(q));
  }
  // Dropdown and dynamic matrices: a cell's labels are those of the question survey-core makes of it.
  const columns = (question as unknown as { columns: { name: string; title: string }[] }).columns;
  const cells = matrixCellQuestions(question);
  return columns.map((column) => {
    const cell = cells.find((c) => c.column === column.name);
    return { name: column.name, label: column.title || column.name, valueLabels: cell ? valueLabelsOf(cell.question) : {} };
  });
}

function catalogueEntry(question: Question): SummaryQuestion | null {
  const type = question.getType();
  const base = { name: question.getValueName(), title: question.title || question.name, type };
  switch (type) {
    case "radiogroup":
    case "dropdown":
      return { ...base, kind: "choice", options: choicesOf(question) };
    case "imagepicker":
      return { ...base, kind: (question as unknown as { multiSelect?: boolean }).multiSelect ? "multi" : "choice", options: choicesOf(question) };
    case "boolean": {
      const labels = valueLabelsOf(question);
      return { ...base, kind: "choice", options: Object.entries(labels).map(([value, label]) => ({ value: value === "true" ? true : value === "false" ? false : value, label })) };
    }
    case "checkbox":
    case "tagbox":
      return { ...base, kind: "multi", options: choicesOf(question) };
    case "ranking":
      return { ...base, kind: "ranking", options: choicesOf(question) };
    case "rating": {
      const options = labelled((question as unknown as { visibleRateValues: { value: unknown; text: string }[] }).visibleRateValues);
      const numeric = options.map((o) => o.value);
      const nps = numeric.length === 11 && numeric.every((v, i) => Number(v) === i);
      return { ...base, kind: "rating", options, nps };
    }
    case "matrix": {
      const q = question as unknown as { rows: { value: unknown; text: string }[]; columns: { value: unknown; text: string }[] };
      return { ...base, kind: "matrix", rows: labelled(q.rows), columns: labelled(q.columns) };
    }
    case "text":
    case "comment":
      return { ...base, kind: "text" };
    case "multipletext":
    case "matrixdropdown":
    case "matrixdynamic":
    case "paneldynamic": {
      const rows = type === "matrixdropdown" ? labelled((question as unknown as { rows: { value: unknown; text: string }[] }).rows) : [];
      return { ...base, kind: "entries", rows, fields: fieldsOf(question) };
    }
    default:
      return null; // display-only (html, image, expression) or not stored (file, signaturepad)
  }
}

/** Every answerable question of a questionnaire, in order, with what its summary needs: plain data. */
export function compileQuestionCatalogue(surveyJson: object): SummaryQuestion[] {
  const survey = new Model(surveyJson);
  const catalogue = survey.getAllQuestions(false, false, false).flatMap((question) => catalogueEntry(question) ?? []);
  survey.dispose();
  return catalogue;
}
