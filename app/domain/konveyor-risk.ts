/*
 * Konveyor's assessment-level risk, for a questionnaire imported from Konveyor (konveyor-import.ts):
 * each question's answer has a risk colour, and the thresholds (percentages) say how large a share
 * of red, yellow or unknown answers makes the whole assessment that colour. The rule, as Konveyor's
 * hub computes it (tackle2-hub assessment.Risk) and its questionnaire documentation states it:
 *
 *   no question at all → unknown; else, checked in this order, the first that holds wins:
 *   red share ≥ red threshold → red; yellow share ≥ yellow threshold → yellow;
 *   unknown share ≥ unknown threshold → unknown; otherwise green.
 *   A question without an answer counts as unknown.
 *
 * Cairn asks many people where Konveyor keeps one answer set per application. Each respondent's
 * answer to each question counts once (every respondent who answered anything is one answer set),
 * so for a single respondent the verdict is exactly Konveyor's. Pure.
 */

export type RiskColour = "red" | "yellow" | "green" | "unknown";
export const RISK_COLOURS: readonly RiskColour[] = ["red", "yellow", "green", "unknown"];

export function isRiskColour(value: unknown): value is RiskColour {
  return typeof value === "string" && (RISK_COLOURS as readonly string[]).includes(value);
}

export interface RiskThresholds {
  red: number;
  yellow: number;
  unknown: number;
}

export interface RiskChoice {
  value: string;
  label: string;
  risk: RiskColour;
  rationale: string | null;
  mitigation: string | null;
}

export interface RiskQuestion {
  name: string;
  title: string;
  choices: RiskChoice[];
}

/** What of a questionnaire the verdict reads; null for a questionnaire without Konveyor thresholds. */
export interface RiskModel {
  thresholds: RiskThresholds;
  messages: Partial<Record<RiskColour, string>>;
  questions: RiskQuestion[];
}

export interface RiskVerdict {
  verdict: RiskColour;
  /** The questionnaire's message for the verdict, if it has one. */
  message: string | null;
  counts: Record<RiskColour, number>;
  /** Answers counted: questions × answer sets. */
  total: number;
  answerSets: number;
}

/**
 * The risk model of a stored questionnaire: its thresholds and messages, and every question whose
 * choices carry a `risk`. Reads the SurveyJS JSON as plain data (pages, panels, elements).
 */
export function compileRiskModel(surveyJson: Record<string, unknown>): RiskModel | null {
  const thresholds = surveyJson.riskThresholds;
  if (!isObject(thresholds) || ![thresholds.red, thresholds.yellow, thresholds.unknown].every((n) => typeof n === "number" && Number.isFinite(n))) return null;
  const messages: Partial<Record<RiskColour, string>> = {};
  if (isObject(surveyJson.riskMessages)) {
    for (const colour of RISK_COLOURS) {
      const text = surveyJson.riskMessages[colour];
      if (typeof text === "string" && text.trim()) messages[colour] = text.trim();
    }
  }
  const questions: RiskQuestion[] = [];
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      if (Array.isArray(element.elements)) walk(element.elements);
      if (typeof element.name !== "string" || !Array.isArray(element.choices)) continue;
      const choices = element.choices.flatMap((c): RiskChoice[] =>
        isObject(c) && isRiskColour(c.risk) && (typeof c.value === "string" || typeof c.value === "number")
          ? [{ value: String(c.value), label: typeof c.text === "string" ? c.text : String(c.value), risk: c.risk, rationale: textOrNull(c.rationale), mitigation: textOrNull(c.mitigation) }]
          : [],
      );
      if (choices.length > 0) questions.push({ name: element.name, title: typeof element.title === "string" ? element.title : element.name, choices });
    }
  };
  if (Array.isArray(surveyJson.pages)) for (const page of surveyJson.pages) if (isObject(page)) walk(page.elements);
  const { red, yellow, unknown } = thresholds as Record<string, number>;
  return { thresholds: { red, yellow, unknown }, messages, questions };
}

/** The colour of one answer: the chosen choice's risk; no answer, or one not among the choices, is unknown. */
export function answerRisk(question: RiskQuestion, answer: unknown): RiskColour {
  if (typeof answer !== "string" && typeof answer !== "number") return "unknown";
  return question.choices.find((c) => c.value === String(answer))?.risk ?? "unknown";
}

/** The verdict over answer sets (one per respondent: question name → stored value). */
export function assessmentRisk(model: RiskModel, answerSets: Record<string, unknown>[]): RiskVerdict {
  const risks = answerSets.flatMap((answers) => model.questions.map((q) => answerRisk(q, answers[q.name])));
  const { verdict, counts, total } = riskVerdict(risks, model.thresholds);
  return { verdict, message: model.messages[verdict] ?? null, counts, total, answerSets: answerSets.length };
}

export interface RiskQuestionBreakdown {
  name: string;
  title: string;
  /** Every choice with how many answer sets chose it, in questionnaire order; then those without an answer. */
  choices: (RiskChoice & { count: number })[];
  unanswered: number;
}

/** Per question, how often each answer was given: what the results list with its rationale and mitigation. */
export function riskBreakdown(model: RiskModel, answerSets: Record<string, unknown>[]): RiskQuestionBreakdown[] {
  return model.questions.map((question) => {
    const choices = question.choices.map((choice) => ({ ...choice, count: 0 }));
    let unanswered = 0;
    for (const answers of answerSets) {
      const value = answers[question.name];
      const chosen = typeof value === "string" || typeof value === "number" ? choices.find((c) => c.value === String(value)) : undefined;
      if (chosen) chosen.count += 1;
      else unanswered += 1;
    }
    return { name: question.name, title: question.title, choices, unanswered };
  });
}

/**
 * Konveyor's rule over a list of answer colours. Shares are compared as whole numbers
 * (count × 100 ≥ threshold × total) rather than as fractions, so a share exactly on a threshold
 * (1 red of 20 at 5 %) counts as reaching it whatever floating point would make of 1 / 20.
 */
export function riskVerdict(risks: RiskColour[], thresholds: RiskThresholds): { verdict: RiskColour; counts: Record<RiskColour, number>; total: number } {
  const counts: Record<RiskColour, number> = { red: 0, yellow: 0, green: 0, unknown: 0 };
  for (const risk of risks) counts[risk] += 1;
  const total = risks.length;
  const reaches = (colour: "red" | "yellow" | "unknown") => counts[colour] * 100 >= thresholds[colour] * total;
  const verdict: RiskColour = total === 0 ? "unknown" : reaches("red") ? "red" : reaches("yellow") ? "yellow" : reaches("unknown") ? "unknown" : "green";
  return { verdict, counts, total };
}

function textOrNull(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
