/*
 * A Konveyor questionnaire (YAML) turned into a SurveyJS model Cairn stores like any other upload.
 * Both shapes Konveyor uses are read: the file its UI imports and exports (top-level name,
 * description, sections, thresholds, riskMessages) and the seed envelope its hub loads
 * (`kind: Questionnaire`, `items: [...]`). Every finding carries the line and column of the YAML the
 * author has open. Pure, and it does not run survey-core (the service validates the result with the
 * ordinary checks), so the preview costs a YAML parse.
 *
 * The mapping, and what is ignored, is written down in questionnaires/README.md ("Konveyor
 * questionnaires"); the risk verdict that reads the result is in konveyor-risk.ts.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import type { DimensionKey } from "./dimensions";
import type { ImportFinding } from "./questionnaire-import";
import { DONT_KNOW_VALUE } from "./questionnaire-model";
import { isRiskColour, type RiskColour } from "./konveyor-risk";

/** Points per risk colour: green best, yellow middle, red worst. Unknown earns none (don't know). */
export const RISK_SCORES: Record<Exclude<RiskColour, "unknown">, number> = { green: 2, yellow: 1, red: 0 };

export interface KonveyorSection {
  /** Position in the converted questionnaire (sections sorted by their `order`), 0-based. */
  index: number;
  name: string;
  questionCount: number;
  /** The dimension the preview offers first: a guess from the section's name, or null (unscored). */
  suggestedDimension: DimensionKey | null;
}

export type KonveyorConversion =
  | { ok: true; format: "ui-import" | "seed"; title: string; sections: KonveyorSection[]; model: Record<string, unknown>; warnings: ImportFinding[] }
  | { ok: false; problems: ImportFinding[]; warnings: ImportFinding[] };

type Path = (string | number)[];
type Yaml = Record<string, unknown>;

const TAG_NOTES: Record<string, string> = {
  includeFor: "Cairn has no application tags, so this question is shown to everyone",
  excludeFor: "Cairn has no application tags, so this question is shown to everyone",
  autoAnswerFor: "Cairn has no application tags, so this answer is never chosen automatically",
  applyTags: "Cairn has no application tags, so choosing this answer tags nothing",
};

/**
 * Reads Konveyor YAML and converts it. `dimensions` maps a section index to a Cairn dimension, or
 * null to leave it unscored; a section it does not mention gets its suggested dimension, so the
 * preview (no mapping yet) and a confirm that kept every default convert alike.
 */
export function convertKonveyorYaml(text: string, dimensions: Partial<Record<number, DimensionKey | null>> = {}): KonveyorConversion {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const syntax = document.errors[0];
  if (syntax) {
    const [start] = syntax.linePos ?? [];
    // The parser appends "at line L, column C:" and a snippet; the line and column are given apart.
    const message = syntax.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    return { ok: false, problems: [{ path: "$", line: start?.line, column: start?.col, message: `Not valid YAML: ${message}.` }], warnings: [] };
  }
  const at = locator(document, lineCounter);
  const root: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isObject(root)) return notKonveyor(at, "the file is not a YAML mapping of keys to values");

  let questionnaire: Yaml;
  let base: Path;
  let format: "ui-import" | "seed";
  if (root.kind === "Questionnaire") {
    const items = root.items;
    if (!Array.isArray(items) || items.length === 0 || !isObject(items[0])) {
      return { ok: false, problems: [{ ...at(["kind"]), message: "This is a Konveyor seed file (kind: Questionnaire) but its items list holds no questionnaire." }], warnings: [] };
    }
    if (items.length > 1) {
      const names = items.map((item) => (isObject(item) ? JSON.stringify(String(item.name ?? "(no name)")) : "(not a questionnaire)")).join(", ");
      return { ok: false, problems: [{ ...at(["items"]), message: `This seed file holds ${items.length} questionnaires (${names}). Cairn imports one at a time: keep one item in the file and upload it, then the next.` }], warnings: [] };
    }
    questionnaire = items[0];
    base = ["items", 0];
    format = "seed";
  } else if ("sections" in root) {
    questionnaire = root;
    base = [];
    format = "ui-import";
  } else if ("kind" in root) {
    return notKonveyor(at, `its kind is ${JSON.stringify(root.kind)}, not Questionnaire`, ["kind"]);
  } else {
    return notKonveyor(at, "it has neither a sections list nor kind: Questionnaire");
  }
  return convertQuestionnaire(questionnaire, base, format, at, dimensions);
}

function convertQuestionnaire(q: Yaml, base: Path, format: "ui-import" | "seed", at: Locator, dimensions: Partial<Record<number, DimensionKey | null>>): KonveyorConversion {
  const problems: ImportFinding[] = [];
  const warnings: ImportFinding[] = [];
  const problem = (path: Path, message: string) => problems.push({ ...at([...base, ...path]), message });

  const title = typeof q.name === "string" ? q.name.trim() : "";
  if (!title) problem(["name"], "A Konveyor questionnaire needs a name.");
  const thresholds = readThresholds(q.thresholds);
  if (!thresholds) problem(["thresholds"], "Konveyor's thresholds are required: red, yellow and unknown, each a percentage from 0 to 100 (e.g. red: 5, yellow: 30, unknown: 5).");
  const riskMessages = readRiskMessages(q.riskMessages);
  if (q.riskMessages !== undefined && !riskMessages) problem(["riskMessages"], "riskMessages must map red, yellow, green and unknown to text.");

  const rawSections = Array.isArray(q.sections) ? q.sections : [];
  if (rawSections.length === 0) problem(["sections"], "A Konveyor questionnaire needs at least one section with questions.");

  const sections: KonveyorSection[] = [];
  const pages = byOrder(rawSections).map(({ value: section, index: sourceIndex }, pageIndex) => {
    const sectionPath: Path = ["sections", sourceIndex];
    if (!isObject(section)) {
      problem(sectionPath, "A section must be a mapping with a name and questions.");
      return null;
    }
    const name = typeof section.name === "string" && section.name.trim() ? section.name.trim() : `Section ${pageIndex + 1}`;
    const rawQuestions = Array.isArray(section.questions) ? section.questions : [];
    if (rawQuestions.length === 0) problem([...sectionPath, "questions"], `The section "${name}" has no questions.`);
    const suggestedDimension = suggestDimension(name);
    const chosen = pageIndex in dimensions ? dimensions[pageIndex] : suggestedDimension;
    const dimension = chosen === undefined ? null : chosen;
    sections.push({ index: pageIndex, name, questionCount: rawQuestions.length, suggestedDimension });

    const elements = byOrder(rawQuestions).map(({ value: question, index: questionSource }, questionIndex) => {
      const questionPath: Path = [...sectionPath, "questions", questionSource];
      if (!isObject(question)) {
        problem(questionPath, "A question must be a mapping with text and answers.");
        return null;
      }
      return convertQuestion(question, `s${pageIndex + 1}_q${questionIndex + 1}`, dimension, questionPath, { problem, warn: (path, message) => warnings.push({ ...at([...base, ...path]), message }) });
    });
    return { name: `section_${pageIndex + 1}`, title: name, elements: elements.filter((e) => e !== null) };
  });

  if (problems.length > 0 || !thresholds) return { ok: false, problems, warnings };
  const model: Record<string, unknown> = { title };
  if (typeof q.description === "string" && q.description.trim()) model.description = q.description.trim();
  model.riskThresholds = thresholds;
  if (riskMessages) model.riskMessages = riskMessages;
  model.pages = pages.filter((p) => p !== null);
  return { ok: true, format, title, sections, model, warnings };
}

interface Report {
  problem: (path: Path, message: string) => void;
  warn: (path: Path, message: string) => void;
}

function convertQuestion(question: Yaml, name: string, dimension: DimensionKey | null, path: Path, report: Report): Record<string, unknown> | null {
  const title = typeof question.text === "string" ? question.text.trim() : "";
  if (!title) report.problem([...path, "text"], "A question needs its text.");
  const rawAnswers = Array.isArray(question.answers) ? question.answers : [];
  if (rawAnswers.length === 0) report.problem([...path, "answers"], `The question "${title || name}" has no answers.`);

  let unknownAnswers = 0;
  const choices = byOrder(rawAnswers).map(({ value: answer, index: answerSource }, answerIndex) => {
    const answerPath: Path = [...path, "answers", answerSource];
    if (!isObject(answer)) {
      report.problem(answerPath, "An answer must be a mapping with text and risk.");
      return null;
    }
    const text = typeof answer.text === "string" || typeof answer.text === "number" ? String(answer.text).trim() : "";
    if (!text) report.problem([...answerPath, "text"], "An answer needs its text.");
    if (!isRiskColour(answer.risk)) {
      report.problem([...answerPath, "risk"], `risk must be one of red, yellow, green or unknown, not ${JSON.stringify(answer.risk ?? null)}.`);
      return null;
    }
    const risk = answer.risk;
    // The first unknown answer is Cairn's don't-know: no points, lower coverage (scoring rule 2).
    const isDontKnow = risk === "unknown" && unknownAnswers++ === 0;
    const choice: Record<string, unknown> = { value: isDontKnow ? DONT_KNOW_VALUE : `a${answerIndex + 1}`, text };
    if (risk !== "unknown") choice.score = RISK_SCORES[risk];
    choice.risk = risk;
    for (const key of ["rationale", "mitigation"] as const) {
      if (typeof answer[key] === "string" && answer[key].trim()) choice[key] = answer[key].trim();
    }
    for (const key of ["applyTags", "autoAnswerFor"] as const) {
      if (answer[key] === undefined) continue;
      choice[key] = answer[key];
      report.warn([...answerPath, key], `${key} ${tagsInWords(answer[key])} on the answer "${text}": ${TAG_NOTES[key]}. The tags are kept in the stored questionnaire.`);
    }
    return choice;
  });

  const element: Record<string, unknown> = { type: "radiogroup", name, title: title || name };
  if (typeof question.explanation === "string" && question.explanation.trim()) element.description = question.explanation.trim();
  for (const key of ["includeFor", "excludeFor"] as const) {
    if (question[key] === undefined) continue;
    element[key] = question[key];
    report.warn([...path, key], `${key} ${tagsInWords(question[key])} on "${title || name}": ${TAG_NOTES[key]}. The tags are kept in the stored questionnaire.`);
  }
  const kept = choices.filter((c) => c !== null);
  element.choices = kept;
  if (dimension) {
    const scores = new Set(kept.map((c) => c.score).filter((s) => s !== undefined));
    if (unknownAnswers > 1) {
      report.warn([...path, "answers"], `"${title || name}" has ${unknownAnswers} answers with risk unknown; Cairn can treat only one as don't know, so the question is not scored (it still counts in the Konveyor risk).`);
    } else if (scores.size < 2) {
      report.warn([...path, "answers"], `Every answer to "${title || name}" carries the same risk, so it cannot move a score; the question is not scored (it still counts in the Konveyor risk).`);
    } else {
      element.dimension = dimension;
    }
  }
  return element;
}

/** Elements sorted by their Konveyor `order`, ties (and missing orders) kept in file order. */
function byOrder(list: unknown[]): { value: unknown; index: number }[] {
  const orderOf = (value: unknown) => (isObject(value) && typeof value.order === "number" ? value.order : Number.POSITIVE_INFINITY);
  return list.map((value, index) => ({ value, index })).sort((a, b) => orderOf(a.value) - orderOf(b.value) || a.index - b.index);
}

function readThresholds(value: unknown): { red: number; yellow: number; unknown: number } | null {
  if (!isObject(value)) return null;
  const { red, yellow, unknown } = value;
  const percent = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n) && n >= 0 && n <= 100;
  return percent(red) && percent(yellow) && percent(unknown) ? { red, yellow, unknown } : null;
}

function readRiskMessages(value: unknown): Record<RiskColour, string> | null {
  if (!isObject(value)) return null;
  const messages = { red: value.red ?? "", yellow: value.yellow ?? "", green: value.green ?? "", unknown: value.unknown ?? "" };
  return Object.values(messages).every((m) => typeof m === "string") ? (messages as Record<RiskColour, string>) : null;
}

function tagsInWords(tags: unknown): string {
  if (!Array.isArray(tags)) return "";
  const words = tags.map((t) => (isObject(t) ? `${String(t.category ?? "?")}: ${String(t.tag ?? "?")}` : String(t)));
  return `(${words.join("; ")})`;
}

/*
 * A first guess for the preview's dimension select, from words Konveyor's own questionnaires use in
 * section names; anything else starts unscored. The admin confirms or changes every one.
 */
const DIMENSION_GUESSES: [RegExp, DimensionKey][] = [
  [/observab|monitor|logging|metric/i, "visibility"],
  [/legal|licen[cs]|complian|govern|secur/i, "governance"],
  [/skill|knowledge|training|team/i, "skills"],
  [/deploy|operat|support|depend|architect|cross-cutting/i, "operations"],
];

export function suggestDimension(sectionName: string): DimensionKey | null {
  return DIMENSION_GUESSES.find(([pattern]) => pattern.test(sectionName))?.[1] ?? null;
}

type Locator = (path: Path) => { path: string; line?: number; column?: number };

/** Where a YAML path is in the file: the key of the innermost existing entry, as line and column. */
function locator(document: Document, lineCounter: LineCounter): Locator {
  return (path) => {
    const printed = path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${key}` : key), "") || "$";
    for (let depth = path.length; depth > 0; depth -= 1) {
      const parent = depth === 1 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
      const key = path[depth - 1];
      let offset: number | undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
        offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
      } else if (isSeq(parent) && typeof key === "number") {
        const item = parent.items[key];
        offset = isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : undefined;
      }
      if (offset !== undefined) {
        const { line, col } = lineCounter.linePos(offset);
        return { path: printed, line, column: col };
      }
    }
    return { path: printed, line: 1, column: 1 };
  };
}

function notKonveyor(at: Locator, why: string, path: Path = []): KonveyorConversion {
  return {
    ok: false,
    problems: [{ ...at(path), message: `This YAML file is not a Konveyor questionnaire: ${why}. Cairn imports Konveyor questionnaires as exported from Konveyor or written for its import (name, sections, thresholds, riskMessages), or its seed files (kind: Questionnaire). SurveyJS JSON files go in the SurveyJS upload.` }],
    warnings: [],
  };
}

function isObject(value: unknown): value is Yaml {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
