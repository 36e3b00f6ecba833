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
 *
 * This half summarises stored answers against a compiled catalogue: pure, and free of survey-core,
 * because the PDF renderer process (app/reports/pdf-renderer.ts) summarises the answers it reads
 * itself and must not load SurveyJS. The catalogue is compiled with survey-core, once per
 * questionnaire version, in the server (question-summaries.ts).
 */

export interface LabelledValue {
  value: string | number | boolean;
  label: string;
}

/** A field inside a structured answer: a matrix column, a multiple-text item, a dynamic panel's question. */
export interface SummaryField {
  name: string;
  label: string;
  /** Labels of the field's choices, by value as text; empty for free input. */
  valueLabels: Record<string, string>;
}

export type SummaryQuestion =
  | { kind: "choice" | "multi" | "ranking"; name: string; title: string; type: string; options: LabelledValue[] }
  | { kind: "rating"; name: string; title: string; type: string; options: LabelledValue[]; nps: boolean }
  | { kind: "matrix"; name: string; title: string; type: string; rows: LabelledValue[]; columns: LabelledValue[] }
  | { kind: "text"; name: string; title: string; type: string }
  | { kind: "entries"; name: string; title: string; type: string; rows: LabelledValue[]; fields: SummaryField[] };

export interface OptionCount extends LabelledValue {
  count: number;
  /** count ÷ respondents who answered the question; null when nobody did. */
  share: number | null;
}

export interface GroupText {
  group: string;
  text: string;
}

interface SummaryBase {
  name: string;
  title: string;
  type: string;
  /** Respondents (of the selected group, if any) with an answer to this question. */
  answered: number;
  /** Comments and "other" texts (`<name>-Comment`). */
  comments: GroupText[];
}

export type QuestionSummary =
  | (SummaryBase & { kind: "choice" | "multi"; options: OptionCount[] })
  | (SummaryBase & { kind: "rating"; options: OptionCount[]; mean: number | null; nps: { promoters: number; passives: number; detractors: number; score: number } | null })
  | (SummaryBase & { kind: "ranking"; options: (LabelledValue & { meanRank: number | null; ranked: number })[] })
  | (SummaryBase & { kind: "matrix"; columns: LabelledValue[]; rows: (LabelledValue & { counts: number[]; answered: number })[] })
  | (SummaryBase & { kind: "text"; answers: GroupText[] })
  | (SummaryBase & { kind: "entries"; answers: { group: string; lines: string[] }[] });

/*
 * SurveyJS's `settings.commentSuffix`, which Cairn never changes; written out so this file needs no
 * survey-core (test/domain/question-summaries.test.ts holds the two equal).
 */
export const COMMENT_SUFFIX = "-Comment";

const same = (a: unknown, b: unknown) => a === b || String(a) === String(b);

function labelFor(options: LabelledValue[], value: unknown): string {
  return options.find((o) => same(o.value, value))?.label ?? String(value);
}

function counted(options: LabelledValue[], values: unknown[], answered: number): OptionCount[] {
  return options.map((option) => {
    const count = values.filter((v) => same(v, option.value)).length;
    return { ...option, count, share: answered > 0 ? count / answered : null };
  });
}

function describeValue(value: unknown, labels: Record<string, string>): string {
  if (value === null || value === undefined || value === "") return "";
  if (Array.isArray(value)) return value.map((v) => describeValue(v, labels)).filter(Boolean).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return labels[String(value)] ?? (value === true ? "Yes" : value === false ? "No" : String(value));
}

/** One structured answer as readable lines: a line per matrix row, table row or panel. */
function describeEntries(question: Extract<SummaryQuestion, { kind: "entries" }>, value: unknown): string[] {
  const describeFields = (record: unknown): string => {
    if (typeof record !== "object" || record === null) return "";
    return Object.entries(record as Record<string, unknown>)
      .map(([key, cell]) => {
        const isComment = key.endsWith(COMMENT_SUFFIX);
        const field = question.fields.find((f) => f.name === (isComment ? key.slice(0, -COMMENT_SUFFIX.length) : key));
        const text = describeValue(cell, isComment ? {} : (field?.valueLabels ?? {}));
        if (!text) return "";
        return `${field?.label ?? key}${isComment ? " (comment)" : ""}: ${text}`;
      })
      .filter(Boolean)
      .join("; ");
  };
  if (question.type === "multipletext") return [describeFields(value)].filter(Boolean);
  if (question.type === "matrixdropdown" && typeof value === "object" && value !== null && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>)
      .map(([row, cells]) => {
        const text = describeFields(cells);
        return text ? `${labelFor(question.rows, row)}: ${text}` : "";
      })
      .filter(Boolean);
  }
  if (Array.isArray(value)) return value.map(describeFields).filter(Boolean);
  return [];
}

function mean(values: number[]): number | null {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * Summaries of every question in `catalogue` from stored answers; `group` keeps only that group's
 * respondents (null: everyone). Respondents are counted once per question however their answer is shaped.
 */
export function summariseQuestions(
  catalogue: SummaryQuestion[],
  respondents: readonly { id: string; group_key: string }[],
  answers: readonly { respondentId: string; questionName: string; value: unknown }[],
  group: string | null = null,
): QuestionSummary[] {
  const groupOf = new Map(respondents.filter((r) => !group || r.group_key === group).map((r) => [r.id, r.group_key]));
  const byQuestion = new Map<string, { group: string; value: unknown }[]>();
  for (const answer of answers) {
    const respondentGroup = groupOf.get(answer.respondentId);
    if (respondentGroup === undefined || answer.value === null || answer.value === "" || (Array.isArray(answer.value) && answer.value.length === 0)) continue;
    const list = byQuestion.get(answer.questionName) ?? [];
    list.push({ group: respondentGroup, value: answer.value });
    byQuestion.set(answer.questionName, list);
  }

  return catalogue.map((question): QuestionSummary => {
    const given = byQuestion.get(question.name) ?? [];
    const values = given.map((g) => g.value);
    const answered = given.length;
    const comments = (byQuestion.get(question.name + COMMENT_SUFFIX) ?? []).filter((c) => typeof c.value === "string").map((c) => ({ group: c.group, text: String(c.value) }));
    const base = { name: question.name, title: question.title, type: question.type, answered, comments };
    switch (question.kind) {
      case "choice":
        return { ...base, kind: "choice", options: counted(question.options, values, answered) };
      case "multi":
        return { ...base, kind: "multi", options: counted(question.options, values.flatMap((v) => (Array.isArray(v) ? v : [v])), answered) };
      case "rating": {
        const numbers = values.map(Number).filter(Number.isFinite);
        let nps = null;
        if (question.nps && numbers.length > 0) {
          const promoters = numbers.filter((n) => n >= 9).length;
          const detractors = numbers.filter((n) => n <= 6).length;
          const passives = numbers.length - promoters - detractors;
          nps = { promoters, passives, detractors, score: Math.round((100 * (promoters - detractors)) / numbers.length) };
        }
        return { ...base, kind: "rating", options: counted(question.options, values, answered), mean: mean(numbers), nps };
      }
      case "ranking": {
        const options = question.options.map((option) => {
          const ranks = values.flatMap((v) => (Array.isArray(v) ? [v.findIndex((item) => same(item, option.value))] : [])).filter((i) => i >= 0).map((i) => i + 1);
          return { ...option, meanRank: mean(ranks), ranked: ranks.length };
        });
        options.sort((a, b) => (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity));
        return { ...base, kind: "ranking", options };
      }
      case "matrix": {
        const rows = question.rows.map((row) => {
          const cells = values.flatMap((v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? [(v as Record<string, unknown>)[String(row.value)]] : [])).filter((c) => c !== undefined && c !== null);
          return { ...row, answered: cells.length, counts: question.columns.map((column) => cells.filter((c) => same(c, column.value)).length) };
        });
        return { ...base, kind: "matrix", columns: question.columns, rows };
      }
      case "text":
        return { ...base, kind: "text", answers: given.map((g) => ({ group: g.group, text: typeof g.value === "string" ? g.value : String(g.value) })) };
      case "entries":
        return { ...base, kind: "entries", answers: given.map((g) => ({ group: g.group, lines: describeEntries(question, g.value) })).filter((a) => a.lines.length > 0) };
    }
  });
}
