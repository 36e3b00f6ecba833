/*
 * Cairn's scoring rules, exactly as written in questionnaires/README.md ("Scoring rules"). Pure
 * functions over a compiled ScoringModel: no survey-core Model, no database. Numbers are never
 * rounded here; round only where they are shown.
 */
import {
  DIMENSIONS,
  RESPONDENT_GROUP_KEYS,
  getDimension,
  type DimensionKey,
  type RespondentGroup,
} from "./dimensions";
import {
  createVisibilityContext,
  isItemShown,
  type AnswerValue,
  type Perspective,
  type ScoredItem,
  type ScoringModel,
} from "./questionnaire-model";

export {
  BOUNDARY_TOLERANCE,
  LOW_CONFIDENCE_COVERAGE,
  MATURITY_LEVELS,
  RISK_BANDS,
  READINESS_WEIGHTS,
  isLowConfidence,
  maturityLevelFor,
  riskBandFor,
  type DimensionKind,
  type MaturityLevel,
  type RiskBand,
  type RiskBandKey,
} from "./maturity";
import {
  BOUNDARY_TOLERANCE,
  READINESS_WEIGHTS,
  isLowConfidence,
  maturityLevelFor,
  riskBandFor,
  type DimensionKind,
  type MaturityLevel,
  type RiskBand,
} from "./maturity";

// ---------------------------------------------------------------------------------------------
// Types

export interface Respondent {
  /** Shown in group and assessment explanations; null when scoring an anonymous response. */
  id?: string | null;
  group: RespondentGroup;
  /** SurveyJS survey data: question name → value (a matrix answer is `{ row: column }`). */
  answers: Record<string, unknown>;
}

/** What every score says, at respondent, group and assessment level. */
export interface DimensionScore {
  dimension: DimensionKey;
  kind: DimensionKind;
  /** 0–100, unrounded; null when nothing in the dimension was answered. For shadow-IT, 100 is the worst. */
  score: number | null;
  /** 0–1; null when no item of the dimension was shown. */
  coverage: number | null;
  /** Scored answers behind the score. */
  answeredItems: number;
  lowConfidence: boolean;
  /** For a maturity dimension with a score. */
  maturityLevel: MaturityLevel | null;
  /** For the risk dimension with a score. */
  riskBand: RiskBand | null;
}

interface ItemIdentity {
  itemKey: string;
  questionName: string;
  title: string;
  rowValue: AnswerValue | null;
  rowLabel: string | null;
  weight: number;
}

/** One answer that produced points. */
export interface ScoredAnswer extends ItemIdentity {
  /** The stored answer: a value, or for a checkbox the array of values. */
  answerValue: unknown;
  answerLabel: string;
  /** The author's score (for a checkbox, the sum over the chosen choices). */
  score: number;
  /** 0–100 on the dimension's scale. */
  points: number;
}

export type NotCountedReason = "unanswered" | "dont-know" | "unscored-answer";

/** An item shown to the respondent that produced no points, and why. */
export interface NotCountedAnswer extends ItemIdentity {
  reason: NotCountedReason;
  answerValue: unknown;
  answerLabel: string | null;
}

/** Rule 10 at respondent level: the answers behind a dimension score. */
export interface ScoreExplanation {
  answers: ScoredAnswer[];
  notCounted: NotCountedAnswer[];
}

export interface RespondentDimensionScore extends DimensionScore {
  answeredWeight: number;
  shownWeight: number;
  explanation: ScoreExplanation;
}

export interface RespondentScores {
  respondentId: string | null;
  group: RespondentGroup;
  dimensions: Record<DimensionKey, RespondentDimensionScore>;
  readiness: number | null;
}

export interface AnswerCount {
  value: unknown;
  label: string;
  /** Respondents who gave it (for a checkbox, who ticked it). */
  count: number;
}

/** How one group answered one item. */
export interface GroupItemSummary extends ItemIdentity {
  group: RespondentGroup;
  respondentsShown: number;
  respondentsScored: number;
  /** Every answer given, including don't-know, in the order of the item's options. */
  distribution: AnswerCount[];
  /** Mean points over the respondents whose answer scored; null when none did. */
  meanPoints: number | null;
}

export interface RespondentExplanation {
  respondentId: string | null;
  score: number | null;
  coverage: number | null;
  explanation: ScoreExplanation;
}

export interface GroupScoreExplanation {
  items: GroupItemSummary[];
  respondents: RespondentExplanation[];
}

export interface GroupDimensionScore extends DimensionScore {
  /** Respondents whose score entered the group score (rule 4). */
  respondentsScored: number;
  explanation: GroupScoreExplanation;
}

export interface GroupScores {
  group: RespondentGroup;
  respondentCount: number;
  dimensions: Record<DimensionKey, GroupDimensionScore>;
  readiness: number | null;
  respondents: RespondentScores[];
}

/** How each group answered one item. */
export interface AssessmentItemSummary extends ItemIdentity {
  /** Own-team items describe each group's own team: in group scores, never in gaps (rule 9). */
  perspective: Perspective;
  byGroup: GroupItemSummary[];
}

export interface AssessmentScoreExplanation {
  items: AssessmentItemSummary[];
  /** Each group's score in this dimension; its respondents' explanations are in `groups`. */
  groupScores: { group: RespondentGroup; score: number | null; coverage: number | null }[];
}

export interface AssessmentDimensionScore extends DimensionScore {
  /** Groups whose score entered the assessment score, each weighing the same (rule 5). */
  groupsScored: RespondentGroup[];
  /** Respondents behind the score: the sum of the groups' respondentsScored. */
  respondentsScored: number;
  explanation: AssessmentScoreExplanation;
}

export interface AssessmentScores {
  respondentCount: number;
  dimensions: Record<DimensionKey, AssessmentDimensionScore>;
  readiness: number | null;
  /** Groups with at least one respondent, in RESPONDENT_GROUPS order. */
  groups: GroupScores[];
}

// ---------------------------------------------------------------------------------------------
// Respondent (rules 1–3, 6–8)

/** What one shown item's answer came to: points, or the reason it has none. */
type ItemOutcome =
  | { reason: NotCountedReason; answerValue: unknown; answerLabel: string | null }
  | { reason: null; answerValue: unknown; answerLabel: string; score: number; points: number };

function isUnanswered(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

function storedAnswer(item: ScoredItem, answers: Record<string, unknown>): unknown {
  const answer = answers[item.questionName];
  if (item.rowValue === null) return answer;
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) return undefined;
  return (answer as Record<string, unknown>)[String(item.rowValue)];
}

function optionFor(item: ScoredItem, value: unknown) {
  return item.options.find((option) => String(option.value) === String(value));
}

function pointsFor(item: ScoredItem, score: number): number {
  const points = (100 * (score - item.minScore)) / (item.maxScore - item.minScore);
  return Math.min(100, Math.max(0, points));
}

/** Rules 1 and 2 for one shown item. */
function scoreItem(item: ScoredItem, answer: unknown): ItemOutcome {
  if (isUnanswered(answer)) return { reason: "unanswered", answerValue: answer ?? null, answerLabel: null };

  if (item.kind === "multi") {
    const chosen = Array.isArray(answer) ? answer : [answer];
    const options = chosen.map((value) => optionFor(item, value));
    const answerLabel = chosen.map((value, index) => options[index]?.label ?? String(value)).join(", ");
    if (options.some((option) => option?.isDontKnow)) {
      return { reason: "dont-know", answerValue: answer, answerLabel };
    }
    const scores = options.flatMap((option) => (option && option.score !== null ? [option.score] : []));
    if (scores.length === 0) return { reason: "unscored-answer", answerValue: answer, answerLabel };
    const score = scores.reduce((sum, value) => sum + value, 0);
    return { reason: null, answerValue: answer, answerLabel, score, points: pointsFor(item, score) };
  }

  const option = optionFor(item, answer);
  const answerLabel = option?.label ?? String(answer);
  if (option?.isDontKnow) return { reason: "dont-know", answerValue: answer, answerLabel };
  if (!option || option.score === null) {
    return { reason: "unscored-answer", answerValue: answer, answerLabel };
  }
  return {
    reason: null,
    answerValue: answer,
    answerLabel,
    score: option.score,
    points: pointsFor(item, option.score),
  };
}

function identityOf(item: ScoredItem): ItemIdentity {
  return {
    itemKey: item.key,
    questionName: item.questionName,
    title: item.title,
    rowValue: item.rowValue,
    rowLabel: item.rowLabel,
    weight: item.weight,
  };
}

function dimensionScoreOf(dimension: DimensionKey, score: number | null, coverage: number | null, answeredItems: number): DimensionScore {
  const { kind } = getDimension(dimension);
  return {
    dimension,
    kind,
    score,
    coverage,
    answeredItems,
    lowConfidence: isLowConfidence(coverage, answeredItems),
    maturityLevel: kind === "maturity" && score !== null ? maturityLevelFor(score) : null,
    riskBand: kind === "risk" && score !== null ? riskBandFor(score) : null,
  };
}

function meanOf(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function withValues<T>(values: (T | null)[]): T[] {
  return values.filter((value): value is T => value !== null);
}

/** Rule 8: weighted mean over the dimensions with a score, shadow-IT entering as 100 − risk. */
export function overallReadiness(scores: Record<DimensionKey, { score: number | null; kind: DimensionKind }>): number | null {
  let weightedSum = 0;
  let totalWeight = 0;
  for (const { key } of DIMENSIONS) {
    const { score, kind } = scores[key];
    if (score === null) continue;
    const readiness = kind === "risk" ? 100 - score : score;
    weightedSum += READINESS_WEIGHTS[key] * readiness;
    totalWeight += READINESS_WEIGHTS[key];
  }
  return totalWeight > 0 ? weightedSum / totalWeight : null;
}

function recordOfDimensions<T>(build: (dimension: DimensionKey) => T): Record<DimensionKey, T> {
  const record = {} as Record<DimensionKey, T>;
  for (const { key } of DIMENSIONS) record[key] = build(key);
  return record;
}

/** Scores one respondent on every dimension. Dimensions the respondent was shown nothing of have a null score and coverage. */
export function scoreRespondent(model: ScoringModel, respondent: Respondent): RespondentScores {
  const visibility = createVisibilityContext(respondent.answers, respondent.group);
  const tallies = recordOfDimensions(() => ({
    shownWeight: 0,
    answeredWeight: 0,
    weightedPoints: 0,
    answeredItems: 0,
    explanation: { answers: [], notCounted: [] } as ScoreExplanation,
  }));

  for (const item of model.items) {
    if (!isItemShown(item, visibility)) continue;
    const tally = tallies[item.dimension];
    tally.shownWeight += item.weight;
    const outcome = scoreItem(item, storedAnswer(item, respondent.answers));
    if (outcome.reason !== null) {
      // Properties written out rather than spread: spreading here made scoring several times slower.
      tally.explanation.notCounted.push({
        itemKey: item.key,
        questionName: item.questionName,
        title: item.title,
        rowValue: item.rowValue,
        rowLabel: item.rowLabel,
        weight: item.weight,
        reason: outcome.reason,
        answerValue: outcome.answerValue,
        answerLabel: outcome.answerLabel,
      });
      continue;
    }
    tally.answeredWeight += item.weight;
    tally.weightedPoints += item.weight * outcome.points;
    tally.answeredItems += 1;
    tally.explanation.answers.push({
      itemKey: item.key,
      questionName: item.questionName,
      title: item.title,
      rowValue: item.rowValue,
      rowLabel: item.rowLabel,
      weight: item.weight,
      answerValue: outcome.answerValue,
      answerLabel: outcome.answerLabel,
      score: outcome.score,
      points: outcome.points,
    });
  }

  const dimensions = recordOfDimensions((dimension): RespondentDimensionScore => {
    const tally = tallies[dimension];
    const score = tally.answeredWeight > 0 ? tally.weightedPoints / tally.answeredWeight : null;
    const coverage = tally.shownWeight > 0 ? tally.answeredWeight / tally.shownWeight : null;
    return Object.assign(dimensionScoreOf(dimension, score, coverage, tally.answeredItems), {
      answeredWeight: tally.answeredWeight,
      shownWeight: tally.shownWeight,
      explanation: tally.explanation,
    });
  });
  return { respondentId: respondent.id ?? null, group: respondent.group, dimensions, readiness: overallReadiness(dimensions) };
}

// ---------------------------------------------------------------------------------------------
// Group (rule 4)

/** Every shown item's answer of every respondent, by item key: one pass instead of a search per item. */
function answersByItem(respondents: RespondentScores[]): Map<string, (ScoredAnswer | NotCountedAnswer)[]> {
  const byItem = new Map<string, (ScoredAnswer | NotCountedAnswer)[]>();
  const add = (answer: ScoredAnswer | NotCountedAnswer) => {
    const list = byItem.get(answer.itemKey);
    if (list) list.push(answer);
    else byItem.set(answer.itemKey, [answer]);
  };
  for (const respondent of respondents) {
    for (const { key } of DIMENSIONS) {
      const { explanation } = respondent.dimensions[key];
      explanation.answers.forEach(add);
      explanation.notCounted.forEach(add);
    }
  }
  return byItem;
}

function summariseItemForGroup(
  item: ScoredItem,
  group: RespondentGroup,
  answers: (ScoredAnswer | NotCountedAnswer)[] | undefined,
): GroupItemSummary | null {
  if (!answers || answers.length === 0) return null;
  const points: number[] = [];
  const counts = new Map<string, AnswerCount>();
  for (const option of item.options) counts.set(String(option.value), { value: option.value, label: option.label, count: 0 });
  for (const answer of answers) {
    if ("points" in answer) points.push(answer.points);
    else if (answer.reason === "unanswered") continue;
    const given = answer.answerValue;
    for (const value of Array.isArray(given) ? given : [given]) {
      const counted = counts.get(String(value));
      if (counted) counted.count += 1;
      else counts.set(String(value), { value, label: String(value), count: 1 });
    }
  }
  return Object.assign(identityOf(item), {
    group,
    respondentsShown: answers.length,
    respondentsScored: points.length,
    distribution: [...counts.values()].filter((answer) => answer.count > 0),
    meanPoints: meanOf(points),
  });
}

/**
 * Scores one group: per dimension the mean of its respondents' scores (respondents with no answered
 * item in the dimension are left out) and the mean of their coverage (over respondents shown the dimension).
 */
export function scoreGroup(model: ScoringModel, group: RespondentGroup, respondents: Respondent[]): GroupScores {
  const scored = respondents.map((respondent) => scoreRespondent(model, { ...respondent, group }));
  return summariseGroup(model, group, scored);
}

function summariseGroup(model: ScoringModel, group: RespondentGroup, respondents: RespondentScores[]): GroupScores {
  const byItem = answersByItem(respondents);
  const dimensions = recordOfDimensions((dimension): GroupDimensionScore => {
    const own = respondents.map((respondent) => respondent.dimensions[dimension]);
    const scores = withValues(own.map((d) => d.score));
    const coverage = meanOf(withValues(own.map((d) => d.coverage)));
    const answeredItems = own.reduce((sum, d) => sum + d.answeredItems, 0);
    const items = withValues(
      model.items
        .filter((item) => item.dimension === dimension)
        .map((item) => summariseItemForGroup(item, group, byItem.get(item.key))),
    );
    return Object.assign(dimensionScoreOf(dimension, meanOf(scores), coverage, answeredItems), {
      respondentsScored: scores.length,
      explanation: {
        items,
        respondents: respondents.map((respondent) => ({
          respondentId: respondent.respondentId,
          score: respondent.dimensions[dimension].score,
          coverage: respondent.dimensions[dimension].coverage,
          explanation: respondent.dimensions[dimension].explanation,
        })),
      },
    });
  });
  return { group, respondentCount: respondents.length, dimensions, readiness: overallReadiness(dimensions), respondents };
}

// ---------------------------------------------------------------------------------------------
// Assessment (rule 5)

/**
 * Scores an assessment of respondents of mixed groups: per dimension the mean of the group scores,
 * each group with a score weighing the same, and likewise the mean of the group coverages (over groups
 * shown the dimension). Overall readiness is rule 8 applied to these assessment scores.
 */
export function scoreAssessment(model: ScoringModel, respondents: Respondent[]): AssessmentScores {
  const groups: GroupScores[] = [];
  for (const group of RESPONDENT_GROUP_KEYS) {
    const members = respondents.filter((respondent) => respondent.group === group);
    if (members.length === 0) continue;
    groups.push(summariseGroup(model, group, members.map((respondent) => scoreRespondent(model, respondent))));
  }

  const dimensions = recordOfDimensions((dimension): AssessmentDimensionScore => {
    const own = groups.map((group) => ({ group: group.group, score: group.dimensions[dimension] }));
    const withScore = own.filter(({ score }) => score.score !== null);
    const score = meanOf(withValues(own.map(({ score }) => score.score)));
    const coverage = meanOf(withValues(own.map(({ score }) => score.coverage)));
    const answeredItems = own.reduce((sum, { score }) => sum + score.answeredItems, 0);
    const items: AssessmentItemSummary[] = [];
    for (const item of model.items) {
      if (item.dimension !== dimension) continue;
      const byGroup = withValues(
        own.map(({ score }) => score.explanation.items.find((summary) => summary.itemKey === item.key) ?? null),
      );
      if (byGroup.length > 0) items.push(Object.assign(identityOf(item), { perspective: item.perspective, byGroup }));
    }
    return Object.assign(dimensionScoreOf(dimension, score, coverage, answeredItems), {
      groupsScored: withScore.map(({ group }) => group),
      respondentsScored: own.reduce((sum, { score }) => sum + score.respondentsScored, 0),
      explanation: {
        items,
        groupScores: own.map(({ group, score }) => ({ group, score: score.score, coverage: score.coverage })),
      },
    });
  });

  return { respondentCount: respondents.length, dimensions, readiness: overallReadiness(dimensions), groups };
}
