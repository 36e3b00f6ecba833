/*
 * An uploaded questionnaire file, from its text to what Cairn stores: JSON read with line and column
 * (json-source.ts), checked against the authoring format (questionnaire-validation.ts), and every
 * problem and warning placed at a line and column of the file the author has open. Pure.
 */
import { parseJsonSource } from "./json-source";
import { validateQuestionnaire, type QuestionnaireProblem, type QuestionnaireSummary } from "./questionnaire-validation";

/** The largest questionnaire file Cairn takes (the HTTP layer refuses any request over 1 MiB). */
export const MAX_QUESTIONNAIRE_BYTES = 900 * 1024;

export interface ImportFinding extends QuestionnaireProblem {
  /** Where in the file, when it could be found (1-based). */
  line?: number;
  column?: number;
}

export type QuestionnaireImport =
  | { ok: true; model: Record<string, unknown>; warnings: ImportFinding[]; summary: QuestionnaireSummary }
  | { ok: false; problems: ImportFinding[]; warnings: ImportFinding[] };

/** Checks an uploaded file's text (UTF-8 already decoded, byte-order mark removed). */
export function checkQuestionnaireText(text: string): QuestionnaireImport {
  const parsed = parseJsonSource(text);
  if (!parsed.ok) {
    const { line, column, message } = parsed.error;
    return { ok: false, problems: [{ path: "$", line, column, message: message + notJsonHint(text) }], warnings: [] };
  }
  const { value, locate, repeatedKeys } = parsed.json;
  const validation = validateQuestionnaire(value);
  const place = (finding: QuestionnaireProblem): ImportFinding => ({ ...finding, ...locate(finding.path) });
  const warnings = [
    ...repeatedKeys.map(({ path, position }) => ({ path, ...position, message: "This property is written twice in the same object; SurveyJS uses the last one." })),
    ...validation.warnings.map(place),
  ].sort(byPlace);
  if (!validation.ok) return { ok: false, problems: validation.problems.map(place).sort(byPlace), warnings };
  // validateQuestionnaire refuses anything that is not an object, so this holds when it is ok.
  return { ok: true, model: value as Record<string, unknown>, warnings, summary: validation.summary };
}

function byPlace(a: ImportFinding, b: ImportFinding): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** A file that is not JSON at all is most often YAML (Konveyor's questionnaires) or an export from another tool. */
function notJsonHint(text: string): string {
  const start = text.trimStart();
  if (start.startsWith("{") || start.startsWith("[")) return "";
  if (/^(---|[A-Za-z_][\w-]*:\s)/.test(start)) return " This looks like YAML: this upload takes SurveyJS JSON; a Konveyor questionnaire goes in \"Import a Konveyor questionnaire\".";
  return " A SurveyJS questionnaire is a JSON object that starts with {.";
}

/**
 * The same questionnaire written with its keys in a different order, or with other spacing, is the
 * same questionnaire: this is the text two files are compared by when deciding whether an upload is
 * a new version.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    // defineProperty, not assignment: a "__proto__" key from JSON.parse is an own property and must stay one.
    Object.defineProperty(sorted, key, { value: sortKeys((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return sorted;
}
