/*
 * The customer report as plain, serialisable data: the PDF renderer (in its own process) and the
 * HTML report page both draw this one object, so they cannot disagree. Every number comes from
 * computeAssessmentResults (the scoring engine's own output); this module only selects, names and
 * orders. Chart SVG is rendered here, by the same components with the same props as the results page.
 *
 * No database and no request: the rows come from app/reports/report-sources.server.ts, and the PDF
 * renderer runs computeReportModel itself, so scoring and chart rendering stay off the HTTP thread.
 * Relative imports only: the renderer runs this file under tsx, outside the Remix build's `~` alias.
 */
import { createElement } from "react";
import { PerceptionGapChart } from "../components/charts/perception-gap-chart";
import { ReadinessRadar, type RadarSeries } from "../components/charts/readiness-radar";
import { SERIES_STYLE } from "../components/charts/palette";
import { renderChartSvg } from "../components/charts/render-chart.server";
import { computeAssessmentResults } from "../domain/assessment-results";
import { HEX_COLOUR, sniffLogoType } from "../domain/colour";
import { DIMENSIONS, RESPONDENT_GROUPS, groupName, isRespondentGroup, type DimensionKey, type RespondentGroup } from "../domain/dimensions";
import { noReadinessLevelWords, readinessLevelOf, thinEvidenceWords } from "../domain/maturity";
import { DEFAULT_MIN_GROUP_SIZE, DEFAULT_MIN_SHARED_ITEMS, DEFAULT_PERCEPTION_GAP_THRESHOLD, peopleInWords } from "../domain/perception-gap";
import { FINDING_RULES, findKeyFindings, type ReportFinding } from "../domain/report-findings";
import { gapBars, radarAxes, radarSeriesFor, rankShadowDrivers } from "../domain/results-view";
import { LOW_CONFIDENCE_COVERAGE, MATURITY_LEVELS, READINESS_WEIGHTS, RISK_BANDS, maturityLevelFor, type DimensionScore } from "../domain/scoring";
import type { LoadedAssessmentSources } from "../services/assessment-sources.server";
import type { AssessmentResults } from "../services/results.server";
import { assembleReportPlan, type ReportPlanSources } from "./report-plan.server";
import type { QuestionSummary } from "../domain/question-summary-counts";
import { peopleWords, readinessEvidence, shortEvidence } from "../domain/score-evidence";
import type { ReportKonveyorRisk } from "./konveyor-words";
import { KONVEYOR_SECTION, buildKonveyorRisk, buildQuestionSummaries, buildSurveySections, countedWordsFor } from "./report-survey";

export const REPORT_MODEL_VERSION = 1;
const FALLBACK_ACCENT = "#0f766e";
/** Customer free text longer than this is shortened in the report (the full text stays in the export). */
export const MAX_FREE_TEXT_CHARS = 3000;
/** As on the results page: the shadow-IT questions with the highest risk points. */
const SHADOW_DRIVER_COUNT = 6;

// ---------------------------------------------------------------------------------------------
// The model

export interface ReportGroupScore {
  group: RespondentGroup;
  groupName: string;
  score: number;
}

export interface ReportHeadline {
  key: "readiness" | "culture" | "skills" | "shadow-it";
  label: string;
  /** Unrounded, as the engine produced it; null without answers. Shadow-IT: risk, 100 is worst. */
  score: number | null;
  kind: "maturity" | "risk";
  /** "Level 3 · Defined" or "High risk". */
  levelLabel: string | null;
  meaning: string | null;
  coverage: number | null;
  lowConfidence: boolean;
  /** Respondents behind the score; null for overall readiness. */
  respondents: number | null;
  /** Rule 13: "Thin evidence: …" in words, or null when the evidence is sound. */
  evidence: string | null;
}

export interface ReportDimensionRow {
  key: DimensionKey;
  name: string;
  summary: string;
  kind: "maturity" | "risk";
  score: number | null;
  levelLabel: string | null;
  meaning: string | null;
  coverage: number | null;
  lowConfidence: boolean;
  /** Respondents behind the score. */
  respondents: number;
  /** The previous assessment's score, when the report has a trend. */
  previousScore?: number | null;
}

export interface ReportChart {
  /** Markup from renderChartSvg: a recharts wrapper <div> holding the <svg> (and an HTML legend). */
  markup: string;
  title: string;
  caption: string;
  /** Drawn by the PDF under the chart (the HTML legend inside `markup` is not SVG). */
  legend: { key: string; label: string; colour: string; dash: string }[];
  /** The SVG's own size in CSS pixels. */
  width: number;
  height: number;
}

export interface ReportPerceptionGap {
  dimension: DimensionKey;
  name: string;
  /** Over the shared items only (rule 9). */
  gap: number | null;
  flagged: boolean;
  /** The compared pair, scores over the shared items; `people` is "4 people" or "one person's view". */
  highest: (ReportGroupScore & { people: string }) | null;
  lowest: (ReportGroupScore & { people: string }) | null;
  /** How many items the gap rests on. */
  sharedItems: number;
  /** Every group with a score, own score, highest first; small groups labelled. */
  groupScores: (ReportGroupScore & { people: string; belowMinimumSize: boolean })[];
  /** The shared questions the pair disagree on most; means are [highest, lowest]. */
  disagreements: {
    title: string;
    rowLabel: string | null;
    spread: number;
    means: (number | null)[];
  }[];
  /** Questions asked of (or answered by) only one side of the pair: context, not disagreement. */
  oneSided: { title: string; rowLabel: string | null; groupName: string }[];
}

export interface ReportShadowDriver {
  title: string;
  rowLabel: string | null;
  /** The highest group-mean risk points on this question. */
  riskPoints: number;
  answersByGroup: { groupName: string; answers: string }[];
}

export interface ReportTrend {
  previousTitle: string;
  previousDate: string;
  previousDateLabel: string;
  previousQuestionnaireVersion: number;
  readiness: { previous: number | null; current: number | null; previousEvidence: string | null; currentEvidence: string | null };
  /** `…Evidence`: coverage and people under each score, "thin evidence" when it is (rule 13). */
  dimensions: { key: DimensionKey; name: string; kind: "maturity" | "risk"; previous: number | null; current: number | null; previousEvidence: string | null; currentEvidence: string | null }[];
}

/*
 * Plan sections. The plan engine does not exist yet; these shapes are where its output goes. A
 * section without entries is left out of the PDF and the HTML report altogether.
 */
export interface ReportSteppingStone {
  title: string;
  summary: string;
  dimensions: DimensionKey[];
  horizon?: string;
}
export interface ReportTeachingItem {
  topic: string;
  audience: string;
  why: string;
}
export interface ReportDisposition {
  wave: string;
  workload: string;
  disposition: string;
  rationale?: string;
}
export interface ReportOutcomeKpi {
  outcome: string;
  kpi: string;
  baseline?: string;
  target?: string;
}
export interface ReportPlan {
  steppingStones?: ReportSteppingStone[];
  teachingPlan?: ReportTeachingItem[];
  dispositions?: ReportDisposition[];
  outcomeKpis?: ReportOutcomeKpi[];
}

export type ReportSectionId =
  | "summary"
  | "readiness"
  | "gaps"
  | "shadow-it"
  | "trend"
  | keyof ReportPlan
  | "voices"
  | "appendix"
  // A survey report's (unscored questionnaire) and a Konveyor questionnaire's own sections: report-survey.ts.
  | "overview"
  | "konveyor-risk"
  | "questions"
  | "survey-appendix";

/** Which assessment a customer's progress and plan figures come from (questionnaires/README.md, "The assessment that counts"). */
export interface ReportCountedAssessment {
  /** Null when none counts yet. */
  id: string | null;
  /** "Readiness baseline, closed 3 Nov 2026, 6 of 6 respondents completed …": what every page names. */
  words: string;
}

/** A section the report has, in order. Sections without data are simply not listed. */
export interface ReportSection {
  id: ReportSectionId;
  title: string;
  intro: string;
}

export interface ReportModel {
  version: typeof REPORT_MODEL_VERSION;
  /**
   * "readiness" for a scored questionnaire; "survey" for an unscored one (an NPS survey, a
   * checklist), whose report is its question summaries and has no readiness, dimensions, radar,
   * gaps or plan (questionnaires/README.md, "Results for any questionnaire").
   */
  kind: "readiness" | "survey";
  /** The cover's title: "Readiness report" or "Survey report". */
  title: string;
  /** Every question's answers summarised by type; filled in a survey report only. */
  questions: QuestionSummary[];
  /** Konveyor's verdict, for a questionnaire imported from Konveyor; else null. */
  konveyorRisk: ReportKonveyorRisk | null;
  /** The assessment that counts for the customer, and whether it is this one; null when not read. */
  counted: (ReportCountedAssessment & { isThisAssessment: boolean }) | null;
  /** What the PDF's contents and the HTML report list, in order. */
  sections: ReportSection[];
  generatedAt: string;
  generatedDateLabel: string;
  cover: {
    providerName: string;
    accentColour: string;
    logo: { base64: string; mimeType: "image/png" | "image/jpeg" } | null;
    customerName: string;
    assessmentTitle: string;
    /** yyyy-mm-dd: the day the assessment closed, or was started if it is still open. */
    assessmentDate: string;
    assessmentDateLabel: string;
    assessmentStatus: "open" | "closed";
    questionnaire: { key: string; version: number; title: string };
  };
  participation: { invited: number; answered: number; completed: number };
  summary: {
    headlines: ReportHeadline[];
    findings: ReportFinding[];
  };
  charts: { radar: ReportChart | null; gaps: ReportChart | null };
  dimensions: ReportDimensionRow[];
  perceptionGaps: { threshold: number; groupCount: number; gaps: ReportPerceptionGap[] };
  shadowIt: { headline: ReportHeadline; drivers: ReportShadowDriver[] };
  trend: ReportTrend | null;
  plan: ReportPlan;
  voices: {
    freeText: { title: string; answers: { groupName: string; text: string; shortened: boolean }[] }[];
    notes: { questionTitle: string; source: string; note: string; shortened: boolean }[];
  };
  appendix: {
    method: { title: string; text: string }[];
    maturityLevels: { level: number; name: string; range: string; meaning: string }[];
    riskBands: { name: string; range: string; meaning: string }[];
    readinessWeights: { name: string; weight: number }[];
    findingRules: string[];
    respondentsByGroup: { group: string; groupName: string; invited: number; answered: number; completed: number }[];
    /** Only with includeNames. */
    respondentNames: { groupName: string; names: string[] }[] | null;
    questionnaire: { key: string; version: number; title: string };
  };
}

export interface BuildReportModelOptions {
  organisationId: string;
  assessmentId: string;
  /** List respondents' names in the appendix. Off by default: a report shows counts only. */
  includeNames?: boolean;
  /** The plan engine's output, when there is one. */
  plan?: ReportPlan;
  now?: Date;
}

// ---------------------------------------------------------------------------------------------
// Building it

const DATE_LABEL = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function dateOnly(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

function dateLabel(iso: string): string {
  return DATE_LABEL.format(new Date(iso));
}

function levelLabelOf(score: Pick<DimensionScore, "maturityLevel" | "riskBand">): string | null {
  if (score.riskBand) return `${score.riskBand.name} risk`;
  if (score.maturityLevel) return `Level ${score.maturityLevel.level} · ${score.maturityLevel.name}`;
  return null;
}

function shorten(text: string): { text: string; shortened: boolean } {
  if (text.length <= MAX_FREE_TEXT_CHARS) return { text, shortened: false };
  // Never cut a surrogate pair in half.
  let end = MAX_FREE_TEXT_CHARS;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: `${text.slice(0, end)}…`, shortened: true };
}

function legendFor(keys: string[]): ReportChart["legend"] {
  return keys.map((key) => {
    const style = SERIES_STYLE[key] ?? SERIES_STYLE.other;
    return { key, label: style.label, colour: style.colour, dash: style.dash };
  });
}

/** The same inputs as the results page's unfiltered view. */
function buildCharts(results: AssessmentResults): ReportModel["charts"] {
  const { scores, gaps } = results;
  if (scores.respondentCount === 0) return { radar: null, gaps: null };
  const radarSeries: RadarSeries[] = radarSeriesFor(scores);
  const axes = radarAxes();
  const bars = gapBars(gaps);
  return {
    radar: {
      markup: renderChartSvg(createElement(ReadinessRadar, { axes, series: radarSeries })),
      title: "Readiness by dimension and group",
      caption: "0–100, outward is better. Shadow-IT is shown as control (100 − risk).",
      legend: legendFor(radarSeries.map((s) => s.key)),
      width: 560,
      height: 420,
    },
    gaps:
      scores.groups.length < 2
        ? null
        : {
            markup: renderChartSvg(createElement(PerceptionGapChart, { threshold: DEFAULT_PERCEPTION_GAP_THRESHOLD, gaps: bars })),
            title: "Perception gap per dimension",
            caption: `Highest minus lowest group score. Gaps of ${DEFAULT_PERCEPTION_GAP_THRESHOLD} points or more are flagged (⚑).`,
            legend: [],
            width: 560,
            height: 300,
          },
  };
}

function headlineOf(results: AssessmentResults, key: "culture" | "skills" | "shadow-it"): ReportHeadline {
  const d = results.scores.dimensions[key];
  return {
    key,
    label: key === "shadow-it" ? "Shadow-IT risk" : DIMENSIONS.find((x) => x.key === key)!.name,
    score: d.score,
    kind: d.kind,
    levelLabel: levelLabelOf(d),
    meaning: d.riskBand?.meaning ?? d.maturityLevel?.meaning ?? null,
    coverage: d.coverage,
    lowConfidence: d.lowConfidence,
    respondents: d.respondentsScored,
    evidence: d.score === null ? null : thinEvidenceWords(d, d.respondentsScored),
  };
}

function readinessHeadline(results: AssessmentResults): ReportHeadline {
  const readiness = results.scores.readiness;
  // Rule 12: no level unless enough dimensions are answered well enough.
  const reading = readinessLevelOf(readiness, results.scores.dimensions);
  const level = reading.level;
  const noLevel = readiness !== null && level === null;
  return {
    key: "readiness",
    label: "Overall readiness",
    score: readiness,
    kind: "maturity",
    levelLabel: level ? `Level ${level.level} · ${level.name}` : noLevel ? "No level yet" : null,
    meaning: level?.meaning ?? (noLevel ? `${noReadinessLevelWords(reading)}.` : null),
    coverage: null,
    lowConfidence: noLevel,
    respondents: null,
    evidence: noLevel ? "Thin evidence: treat as indicative" : null,
  };
}

function groupScore(group: RespondentGroup, score: number): ReportGroupScore {
  return { group, groupName: groupName(group), score };
}

function buildPerceptionGaps(results: AssessmentResults): ReportModel["perceptionGaps"] {
  return {
    threshold: DEFAULT_PERCEPTION_GAP_THRESHOLD,
    groupCount: results.scores.groups.length,
    gaps: results.gaps.map((g) => ({
      dimension: g.dimension,
      name: DIMENSIONS.find((d) => d.key === g.dimension)!.name,
      gap: g.gap,
      flagged: g.flagged,
      highest: g.highest ? { ...groupScore(g.highest.group, g.highest.score), people: peopleInWords(g.highest.respondents) } : null,
      lowest: g.lowest ? { ...groupScore(g.lowest.group, g.lowest.score), people: peopleInWords(g.lowest.respondents) } : null,
      sharedItems: g.sharedItems,
      groupScores: g.groupScores.map((s) => ({ ...groupScore(s.group, s.score), people: peopleInWords(s.respondents), belowMinimumSize: s.belowMinimumSize })),
      disagreements: g.disagreements.map((q) => ({
        title: q.title,
        rowLabel: q.rowLabel,
        spread: q.spread,
        means: q.groupMeans.map((m) => m.meanPoints),
      })),
      oneSided: g.oneSided.map((q) => ({ title: q.title, rowLabel: q.rowLabel, groupName: groupName(q.group) })),
    })),
  };
}

/** The same selection as the results page's "What drives it": highest group-mean risk points first. */
function buildShadowDrivers(results: AssessmentResults): ReportShadowDriver[] {
  return rankShadowDrivers(results.scores.dimensions["shadow-it"].explanation.items, SHADOW_DRIVER_COUNT).map((item) => ({
    title: item.title,
    rowLabel: item.rowLabel,
    riskPoints: item.riskPoints,
    answersByGroup: item.byGroup.map((g) => ({
      groupName: groupName(g.group),
      answers:
        g.distribution
          .filter((a) => a.count > 0)
          .map((a) => `${a.label || String(a.value)} (${a.count})`)
          .join("; ") || "—",
    })),
  }));
}

function dimensionCell(score: DimensionScore & { respondentsScored: number }): string | null {
  return score.score === null ? null : shortEvidence(score, score.respondentsScored);
}

function readinessCell(scores: AssessmentResults["scores"]): string | null {
  if (scores.readiness === null) return null;
  const { thin, wellAnswered } = readinessEvidence(scores.dimensions, scores.respondentCount);
  return `${thin ? "thin evidence: " : ""}${wellAnswered} of 8 dimensions, ${peopleWords(scores.respondentCount)}`;
}

function buildTrend(previous: AssessmentResults | null, current: AssessmentResults): ReportTrend | null {
  if (!previous || previous.scores.respondentCount === 0) return null;
  const previousDate = previous.assessment.closed_at ?? previous.assessment.created_at;
  return {
    previousTitle: previous.assessment.title,
    previousDate: dateOnly(previousDate),
    previousDateLabel: dateLabel(previousDate),
    previousQuestionnaireVersion: previous.assessment.questionnaire_version,
    readiness: {
      previous: previous.scores.readiness,
      current: current.scores.readiness,
      previousEvidence: readinessCell(previous.scores),
      currentEvidence: readinessCell(current.scores),
    },
    dimensions: DIMENSIONS.map((d) => ({
      key: d.key,
      name: d.name,
      kind: d.kind,
      previous: previous.scores.dimensions[d.key].score,
      current: current.scores.dimensions[d.key].score,
      previousEvidence: dimensionCell(previous.scores.dimensions[d.key]),
      currentEvidence: dimensionCell(current.scores.dimensions[d.key]),
    })),
  };
}

function buildMethod(): ReportModel["appendix"]["method"] {
  const weights = DIMENSIONS.map((d) => `${d.name} ${READINESS_WEIGHTS[d.key]}`).join(", ");
  return [
    {
      title: "Answers become points",
      text: "Every scored answer becomes 0–100 points for its dimension, in proportion to where it lies between the lowest- and highest-scoring answers to that question. A multiple-choice answer adds up the scores of the options chosen. In shadow-IT risk, points measure risk: 100 is the worst.",
    },
    {
      title: "What does not count",
      text: "Unanswered questions, “don't know” and answers without a score are left out of a score and lower its coverage instead. Questions a respondent was not shown (because of their group or earlier answers) do not count at all.",
    },
    {
      title: "From answers to scores",
      text: "A respondent's dimension score is the weighted mean of their points. A group's score is the mean of its respondents' scores, and the assessment's score is the mean of the group scores, so every group weighs the same: ten IT respondents do not drown out two from the business.",
    },
    {
      title: "Coverage and confidence",
      text: `Coverage is the share of the questions shown (by weight) that produced points. A score with coverage below ${Math.round(LOW_CONFIDENCE_COVERAGE * 100)} % is marked “thin evidence”: treat it as indicative and confirm it in a workshop.`,
    },
    {
      title: "Overall readiness",
      text: `The weighted mean of the dimension scores, with shadow-IT entering as 100 − risk. Weights: ${weights}.`,
    },
    {
      title: "Perception gaps",
      text: `A dimension's perception gap is the highest minus the lowest group score (it needs two groups). Gaps of ${DEFAULT_PERCEPTION_GAP_THRESHOLD} points or more are flagged, with the questions on which the groups' mean points differ most.`,
    },
    {
      title: "Rounding",
      text: "Scores are calculated unrounded and rounded only for display; levels and bands are taken from the unrounded score.",
    },
  ];
}

const PLAN_SECTION_TEXT: Record<keyof ReportPlan, { title: string; intro: string }> = {
  steppingStones: { title: "Stepping-stone roadmap", intro: "The plan in steps small enough to succeed, each building on the last." },
  teachingPlan: { title: "Teaching plan", intro: "What each group needs to learn for the plan to work." },
  dispositions: { title: "Dispositions and waves", intro: "What happens to each workload, and in which wave." },
  outcomeKpis: { title: "Outcome KPIs", intro: "How the business will know the migration worked." },
};

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function buildSections(model: Omit<ReportModel, "sections">): ReportSection[] {
  if (model.kind === "survey") return buildSurveySections(model);
  const { participation, cover } = model;
  const hasAnswers = participation.answered > 0;
  const groups = model.appendix.respondentsByGroup.filter((g) => g.answered > 0).map((g) => `${g.groupName} (${g.answered})`);
  const sections: ReportSection[] = [
    {
      id: "summary",
      title: "Executive summary",
      intro:
        `${cover.providerName} ran the hybrid-cloud readiness assessment “${cover.assessmentTitle}” with ${cover.customerName}. ` +
        (hasAnswers
          ? `${participation.answered} of ${participation.invited} invited people answered (${participation.completed} completed every page): ${listOf(groups)}. ` +
            "Scores run from 0 to 100. For the maturity dimensions higher is better; for shadow-IT risk lower is better. "
          : "Nobody has answered yet, so there are no scores to report. ") +
        countedWordsFor(model),
    },
  ];
  if (model.konveyorRisk) sections.push({ id: "konveyor-risk", ...KONVEYOR_SECTION });
  if (hasAnswers) {
    sections.push({
      id: "readiness",
      title: "Readiness by dimension",
      intro: "Eight dimensions, each scored 0–100 from the answers. The radar compares the groups that answered: the thick black line is the assessment as a whole, in which every group weighs the same.",
    });
  }
  // Perception gaps need two groups with answers; with one there is nothing to compare.
  if (model.perceptionGaps.groupCount >= 2) {
    sections.push({
      id: "gaps",
      title: "Perception gaps",
      intro:
        `Where the groups see the same thing differently. Two groups are compared only on the questions both were asked and answered, so a question put to one side only is context, not disagreement. ` +
        `A dimension's gap is the widest such difference between two groups of at least ${DEFAULT_MIN_GROUP_SIZE} people; it is flagged at ${model.perceptionGaps.threshold} points or more when it rests on at least ${DEFAULT_MIN_SHARED_ITEMS} shared questions, because the groups will not agree on a plan until they have talked them through. A group of one person is shown as one person's view and never compared.`,
    });
  }
  if (hasAnswers) {
    sections.push({
      id: "shadow-it",
      title: "Shadow IT",
      intro: "Systems and spend outside IT's sight: departmental SaaS, unmanaged data, and systems IT discovers late. Scored as risk, so 100 is the worst. What is not in view cannot be planned into a migration.",
    });
  }
  if (model.trend) {
    sections.push({
      id: "trend",
      title: "Progress since the last assessment",
      intro: `Compared with “${model.trend.previousTitle}” (${model.trend.previousDateLabel}, questionnaire version ${model.trend.previousQuestionnaireVersion}). Changes are between the rounded scores as printed.`,
    });
  }
  for (const key of Object.keys(PLAN_SECTION_TEXT) as (keyof ReportPlan)[]) {
    if ((model.plan[key]?.length ?? 0) > 0) {
      const { title, intro } = PLAN_SECTION_TEXT[key];
      // The plan and the dispositions read the scores of the assessment that counts, which may not be this one.
      sections.push({ id: key, title, intro: model.counted && !model.counted.isThisAssessment && model.counted.id ? `${intro} Figures from: ${model.counted.words}.` : intro });
    }
  }
  if (model.voices.freeText.length > 0 || model.voices.notes.length > 0) {
    sections.push({
      id: "voices",
      title: "In their own words",
      intro: "Answers to the open questions, exactly as written, grouped by question and by group. Respondents are identified by their group only.",
    });
  }
  sections.push({ id: "appendix", title: "Appendix: method and participation", intro: "" });
  return sections;
}

function rangeOf(min: number, next: number | undefined): string {
  return next === undefined ? `${min}–100` : `${min} to under ${next}`;
}

/** The respondent rows the appendix counts (and, with includeNames, names). */
export interface ReportRespondent {
  id: string;
  group_key: string;
  status: string;
  name: string | null;
  label: string | null;
}

function buildRespondentsByGroup(results: AssessmentResults, respondents: readonly ReportRespondent[], includeNames: boolean) {
  const answeredIds = new Set(results.scores.groups.flatMap((g) => g.respondents.map((r) => r.respondentId)));
  const byGroup = RESPONDENT_GROUPS.map((g) => {
    const members = respondents.filter((r) => r.group_key === g.key);
    const answered = results.scores.groups.find((s) => s.group === g.key)?.respondentCount ?? 0;
    return {
      group: g.key as string,
      groupName: g.name,
      invited: members.length,
      answered,
      completed: members.filter((r) => r.status === "completed").length,
      names: members
        .filter((r) => answeredIds.has(r.id))
        .map((r) => r.name ?? r.label ?? "")
        .filter((name) => name.trim() !== "")
        .sort((a, b) => a.localeCompare(b, "en-GB")),
    };
  }).filter((g) => g.invited > 0 || g.answered > 0);
  return {
    respondentsByGroup: byGroup.map(({ names: _names, ...counts }) => counts),
    respondentNames: includeNames ? byGroup.filter((g) => g.names.length > 0).map((g) => ({ groupName: g.groupName, names: g.names })) : null,
  };
}

function groupRank(group: string): number {
  const index = RESPONDENT_GROUPS.findIndex((g) => g.key === group);
  return index < 0 ? RESPONDENT_GROUPS.length : index;
}

function questionTitles(results: AssessmentResults): Map<string, string> {
  const titles = new Map<string, string>();
  for (const d of DIMENSIONS) for (const item of results.scores.dimensions[d.key].explanation.items) titles.set(item.questionName, item.title);
  for (const q of results.freeText) titles.set(q.questionName, q.title);
  return titles;
}

/** Everything a report is made from, scored. */
export interface ScoredReportSources {
  results: AssessmentResults;
  provider: ReportProvider;
  /** The previous assessment's results (assessment.previous_assessment_id), for the trend. */
  previous: AssessmentResults | null;
  respondents: readonly ReportRespondent[];
  /** Whether the questionnaire has a scored item; an unscored one gets a survey report. Default true. */
  scored?: boolean;
  /** Every question's summary (survey reports), Konveyor's verdict and the assessment that counts. */
  questions?: QuestionSummary[];
  konveyorRisk?: ReportKonveyorRisk | null;
  counted?: ReportCountedAssessment | null;
}

/** The provider's branding, as the cover shows it. */
export interface ReportProvider {
  name: string;
  accent_colour: string;
  logo_base64: string | null;
}

/**
 * Everything a report is made from, as read from the database (loadReportSources): rows and the
 * compiled scoring model, nothing computed. Plain data, so the PDF route sends it to a renderer process.
 */
export interface ReportSources {
  current: LoadedAssessmentSources;
  /** The previous assessment's rows (assessment.previous_assessment_id), for the trend; null without one. */
  previous: LoadedAssessmentSources | null;
  provider: ReportProvider;
  /** The plan sections' rows; null when the caller supplies the plan (ReportModelOptions.plan). */
  plan: ReportPlanSources | null;
  /** The assessment that counts for the customer. */
  counted: ReportCountedAssessment;
}

export type ReportModelOptions = Pick<BuildReportModelOptions, "includeNames" | "plan" | "now">;

/**
 * The report from its rows: scoring (this assessment, the previous one, the portfolio's basis),
 * then the model. The one path from rows to a report, whether it runs in the PDF renderer or in the
 * request (the HTML report page, through buildReportModel).
 */
export function computeReportModel(sources: ReportSources, options: ReportModelOptions = {}): ReportModel {
  const results = computeAssessmentResults(sources.current);
  const previous = sources.previous ? computeAssessmentResults(sources.previous) : null;
  const { questionnaire } = sources.current;
  const scored = questionnaire.scoringModel.items.length > 0;
  // An unscored questionnaire drives no plan (it has no scores), so its report has no plan sections.
  const plan = !scored ? {} : (options.plan ?? (sources.plan ? assembleReportPlan(sources.plan, results) : {}));
  return assembleReportModel(
    {
      results,
      provider: sources.provider,
      previous: scored ? previous : null,
      respondents: sources.current.respondents,
      scored,
      questions: scored ? [] : buildQuestionSummaries(questionnaire.questionCatalogue, sources.current),
      konveyorRisk: buildKonveyorRisk(questionnaire.riskModel, sources.current),
      counted: sources.counted,
    },
    { ...options, plan },
  );
}

/** The model from results already computed (benchmarks and tests can call it directly). */
export function assembleReportModel(sources: ScoredReportSources, options: ReportModelOptions = {}): ReportModel {
  const { includeNames = false, plan = {}, now = new Date() } = options;
  const { results, provider, previous, scored = true } = sources;
  const respondents = buildRespondentsByGroup(results, sources.respondents, includeNames);
  const logoBytes = provider.logo_base64 ? Buffer.from(provider.logo_base64, "base64") : null;
  const logoType = logoBytes ? sniffLogoType(logoBytes) : null;
  const assessmentDate = results.assessment.closed_at ?? results.assessment.created_at;
  const titles = questionTitles(results);
  const previousScores = previous && previous.scores.respondentCount > 0 ? previous.scores : null;

  const model: Omit<ReportModel, "sections"> = {
    version: REPORT_MODEL_VERSION,
    kind: scored ? "readiness" : "survey",
    title: scored ? "Readiness report" : "Survey report",
    questions: sources.questions ?? [],
    konveyorRisk: sources.konveyorRisk ?? null,
    counted: sources.counted ? { ...sources.counted, isThisAssessment: sources.counted.id === results.assessment.id } : null,
    generatedAt: now.toISOString(),
    generatedDateLabel: dateLabel(now.toISOString()),
    cover: {
      providerName: provider.name,
      accentColour: HEX_COLOUR.test(provider.accent_colour) ? provider.accent_colour : FALLBACK_ACCENT,
      logo: provider.logo_base64 && logoType ? { base64: provider.logo_base64, mimeType: logoType } : null,
      customerName: results.customer.name,
      assessmentTitle: results.assessment.title,
      assessmentDate: dateOnly(assessmentDate),
      assessmentDateLabel: dateLabel(assessmentDate),
      assessmentStatus: results.assessment.status,
      questionnaire: results.questionnaire,
    },
    participation: results.participation,
    // A survey report has no scores: no headline, finding, chart, dimension or gap is even computed
    // into it, so none can leak onto a page as "8 dimensions rest on thin evidence".
    summary: scored
      ? {
          headlines: [readinessHeadline(results), headlineOf(results, "culture"), headlineOf(results, "skills"), headlineOf(results, "shadow-it")],
          findings: findKeyFindings(results.scores, results.gaps),
        }
      : { headlines: [], findings: [] },
    charts: scored ? buildCharts(results) : { radar: null, gaps: null },
    dimensions: (scored ? DIMENSIONS : []).map((d) => {
      const score = results.scores.dimensions[d.key];
      return {
        key: d.key,
        name: d.name,
        summary: d.summary,
        kind: d.kind,
        score: score.score,
        levelLabel: levelLabelOf(score),
        meaning: score.riskBand?.meaning ?? score.maturityLevel?.meaning ?? null,
        coverage: score.coverage,
        lowConfidence: score.lowConfidence,
        respondents: score.respondentsScored,
        ...(previousScores ? { previousScore: previousScores.dimensions[d.key].score } : {}),
      };
    }),
    perceptionGaps: scored ? buildPerceptionGaps(results) : { threshold: DEFAULT_PERCEPTION_GAP_THRESHOLD, groupCount: 0, gaps: [] },
    shadowIt: { headline: headlineOf(results, "shadow-it"), drivers: buildShadowDrivers(results) },
    trend: buildTrend(previous, results),
    plan,
    voices: {
      // A survey report lists free text with its question, in the question summaries.
      freeText: (scored ? results.freeText : [])
        .filter((q) => q.answers.length > 0)
        .map((q) => ({
          title: q.title,
          // Grouped by respondent group (in the usual group order), each group's answers as stored.
          answers: [...q.answers]
            .sort((a, b) => groupRank(a.group) - groupRank(b.group))
            .map((a) => ({ groupName: isRespondentGroup(a.group) ? groupName(a.group) : a.group, ...shorten(a.text) })),
        })),
      notes: results.notes.map((n) => ({
        questionTitle: titles.get(n.questionName) ?? n.questionName,
        // A session label can name people; without includeNames the report says only the group.
        source: includeNames && n.sessionLabel ? n.sessionLabel : isRespondentGroup(n.group) ? `${groupName(n.group)} workshop` : "Workshop",
        note: shorten(n.note).text,
        shortened: shorten(n.note).shortened,
      })),
    },
    appendix: {
      // The scoring method, scales and finding rules explain scores: a survey report has none.
      method: scored ? buildMethod() : [],
      maturityLevels: scored ? MATURITY_LEVELS.map((l, i) => ({ level: l.level, name: l.name, range: rangeOf(l.minScore, MATURITY_LEVELS[i + 1]?.minScore), meaning: l.meaning })) : [],
      riskBands: scored ? RISK_BANDS.map((b, i) => ({ name: b.name, range: rangeOf(b.minScore, RISK_BANDS[i + 1]?.minScore), meaning: b.meaning })) : [],
      readinessWeights: scored ? DIMENSIONS.map((d) => ({ name: d.name, weight: READINESS_WEIGHTS[d.key] })) : [],
      findingRules: scored ? FINDING_RULES.map((r) => r.description) : [],
      respondentsByGroup: respondents.respondentsByGroup,
      respondentNames: respondents.respondentNames,
      questionnaire: results.questionnaire,
    },
  };
  return { ...model, sections: buildSections(model) };
}

/** Latin letters that Unicode decomposition leaves alone, spelt the way people type them in ASCII. */
const ASCII_SPELLINGS: Record<string, string> = { ø: "o", Ø: "O", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ß: "ss", đ: "d", Đ: "D", ł: "l", Ł: "L", þ: "th", Þ: "Th", ð: "d", Ð: "D", ı: "i" };

/**
 * `Cairn-<customer>-<yyyy-mm-dd>.pdf` (the assessment's date): `ascii` for Content-Disposition's
 * filename (letters, digits and hyphens only), `utf8` with the real name for its filename*, minus
 * the characters no file system accepts.
 */
export function reportFileName(model: Pick<ReportModel, "cover">): { ascii: string; utf8: string } {
  const name = model.cover.customerName;
  const ascii = name
    .replace(/[øØæÆœŒßđĐłŁþÞðÐı]/g, (c) => ASCII_SPELLINGS[c] ?? c)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  // Lone surrogates would make encodeURIComponent throw; whole code points are kept, never halves.
  const utf8 = Array.from(
    name
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
      .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, "")
      .replace(/\s+/g, " ")
      .trim(),
  )
    .slice(0, 120)
    .join("");
  const date = model.cover.assessmentDate;
  return { ascii: `Cairn-${ascii || "customer"}-${date}.pdf`, utf8: `Cairn-${utf8 || "customer"}-${date}.pdf` };
}
