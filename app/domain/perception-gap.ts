/*
 * Perception gaps (questionnaires/README.md, scoring rules 9 and 11): where two respondent groups
 * see the same dimension differently, measured only over the questions both groups were shown and
 * answered with points. Groups asked different questions would otherwise be "apart" because of what
 * they were asked, not because of what they think. Groups smaller than the minimum size are shown
 * but never compared. Questions about the respondent's own team (perspective "own-team") are not a
 * view of one shared organisation: IT rating IT's skills and executives rating their own staff do
 * not disagree, they describe different teams. Those items stay in each group's own score and are
 * listed as "how each group sees itself", never as shared or one-sided questions.
 */
import { DIMENSIONS, RESPONDENT_GROUP_KEYS, type DimensionKey, type RespondentGroup } from "./dimensions";
import type { AnswerValue } from "./questionnaire-model";
import { BOUNDARY_TOLERANCE } from "./maturity";
import type { AssessmentItemSummary, AssessmentScores, GroupScores } from "./scoring";

export const DEFAULT_PERCEPTION_GAP_THRESHOLD = 20;
export const DEFAULT_DISAGREEMENT_QUESTION_COUNT = 5;
/** Rule 9: a gap resting on fewer shared items is never flagged. */
export const DEFAULT_MIN_SHARED_ITEMS = 3;
/** Rule 11: a group with fewer respondents behind its score is one person's view, never compared. */
export const DEFAULT_MIN_GROUP_SIZE = 2;

export interface PerceptionGapOptions {
  /** A gap of at least this many points is flagged. Default 20. */
  threshold?: number;
  /** How many questions/rows to list for a flagged gap. Default 5. */
  topQuestions?: number;
  /** Shared items a gap must rest on to be flagged. Default 3. */
  minSharedItems?: number;
  /** Respondents a group's score must rest on for the group to be compared. Default 2. */
  minGroupSize?: number;
}

/** A group's own score in the dimension (rule 4, over everything it was shown). */
export interface GroupScore {
  group: RespondentGroup;
  score: number;
  /** Respondents whose score entered the group score. */
  respondents: number;
  /** Fewer respondents than the minimum group size: shown, labelled, never compared. */
  belowMinimumSize: boolean;
}

/** One side of a compared pair: its score over the pair's shared items only. */
export interface ComparedGroup {
  group: RespondentGroup;
  /** Over the shared items only (rules 3–4 with every other item left out). */
  score: number;
  /** Respondents behind that score. */
  respondents: number;
  /** The group's own dimension score, over everything it was shown. */
  ownScore: number;
}

interface ItemName {
  itemKey: string;
  questionName: string;
  title: string;
  rowValue: AnswerValue | null;
  rowLabel: string | null;
}

/** One shared question (or matrix row) on which the pair's mean points differ. */
export interface QuestionDisagreement extends ItemName {
  /** The difference of the two groups' mean points. */
  spread: number;
  /** Each compared group's mean points on this item, higher-scoring group of the pair first. */
  groupMeans: { group: RespondentGroup; meanPoints: number }[];
}

/** A question only one side of the pair was shown or answered with points: context, not disagreement. */
export interface OneSidedQuestion extends ItemName {
  /** The side that answered it with points. */
  group: RespondentGroup;
  meanPoints: number;
}

/** An own-team question: each group describing its own team, side by side, never a disagreement. */
export interface OwnTeamView extends ItemName {
  /** Every group whose answers to it scored, in group order, with how many people answered. */
  groupMeans: { group: RespondentGroup; meanPoints: number; respondents: number }[];
}

export interface DimensionPerceptionGap {
  dimension: DimensionKey;
  /** Every group with a score in this dimension, highest own score first, small groups included. */
  groupScores: GroupScore[];
  /** The pair the gap is between (rule 9); null without a pair with a shared item. */
  highest: ComparedGroup | null;
  lowest: ComparedGroup | null;
  /** Highest minus lowest over the shared items; null without a compared pair. */
  gap: number | null;
  /** How many items the gap rests on. */
  sharedItems: number;
  /** The minimum of shared items a flag needs (the option in force). */
  minSharedItems: number;
  flagged: boolean;
  /** For a flagged gap: the shared items with the widest difference between the pair, widest first. Empty otherwise. */
  disagreements: QuestionDisagreement[];
  /** The pair's questions asked of (or answered by) only one side, in questionnaire order. */
  oneSided: OneSidedQuestion[];
  /** The dimension's own-team questions, in questionnaire order: how each group sees itself. */
  ownTeam: OwnTeamView[];
}

interface PairComparison {
  a: ComparedGroup;
  b: ComparedGroup;
  shared: AssessmentItemSummary[];
  oneSided: OneSidedQuestion[];
  gap: number;
}

/** The perception gap of every dimension, in DIMENSIONS order. */
export function findPerceptionGaps(assessment: AssessmentScores, options: PerceptionGapOptions = {}): DimensionPerceptionGap[] {
  const threshold = options.threshold ?? DEFAULT_PERCEPTION_GAP_THRESHOLD;
  const topQuestions = options.topQuestions ?? DEFAULT_DISAGREEMENT_QUESTION_COUNT;
  const minSharedItems = options.minSharedItems ?? DEFAULT_MIN_SHARED_ITEMS;
  const minGroupSize = options.minGroupSize ?? DEFAULT_MIN_GROUP_SIZE;

  return DIMENSIONS.map(({ key: dimension }): DimensionPerceptionGap => {
    const groupScores: GroupScore[] = assessment.groups
      .flatMap((group) => {
        const own = group.dimensions[dimension];
        if (own.score === null) return [];
        return [{ group: group.group, score: own.score, respondents: own.respondentsScored, belowMinimumSize: own.respondentsScored < minGroupSize }];
      })
      .sort((a, b) => b.score - a.score);
    const compared = assessment.groups
      .filter((group) => groupScores.some((s) => s.group === group.group && !s.belowMinimumSize))
      .sort((a, b) => RESPONDENT_GROUP_KEYS.indexOf(a.group) - RESPONDENT_GROUP_KEYS.indexOf(b.group));
    const allItems = assessment.dimensions[dimension].explanation.items;
    const items = allItems.filter((item) => item.perspective !== "own-team");
    const ownTeam = allItems.filter((item) => item.perspective === "own-team").map(ownTeamViewOf);

    const pairs: PairComparison[] = [];
    for (let i = 0; i < compared.length; i++) {
      for (let j = i + 1; j < compared.length; j++) {
        const pair = comparePair(dimension, items, compared[i], compared[j]);
        if (pair) pairs.push(pair);
      }
    }
    const empty = { dimension, groupScores, highest: null, lowest: null, gap: null, sharedItems: 0, minSharedItems, flagged: false, disagreements: [], oneSided: [], ownTeam };
    if (pairs.length === 0) return empty;

    // Pairs come in group order, and the sorts are stable: ties keep that order.
    const enough = pairs.filter((pair) => pair.shared.length >= minSharedItems);
    const chosen =
      enough.length > 0
        ? [...enough].sort((x, y) => y.gap - x.gap)[0]
        : [...pairs].sort((x, y) => y.shared.length - x.shared.length || y.gap - x.gap)[0];
    const [highest, lowest] = chosen.a.score >= chosen.b.score ? [chosen.a, chosen.b] : [chosen.b, chosen.a];
    // Tolerance: a gap that is exactly the threshold on paper must not miss it by floating-point noise.
    const flagged = chosen.shared.length >= minSharedItems && chosen.gap >= threshold - BOUNDARY_TOLERANCE;
    return {
      dimension,
      groupScores,
      highest,
      lowest,
      gap: chosen.gap,
      sharedItems: chosen.shared.length,
      minSharedItems,
      flagged,
      disagreements: flagged ? widestDisagreements(chosen.shared, highest.group, lowest.group, topQuestions) : [],
      oneSided: chosen.oneSided,
      ownTeam,
    };
  });
}

/** The perception gap of one dimension. */
export function findPerceptionGap(assessment: AssessmentScores, dimension: DimensionKey, options: PerceptionGapOptions = {}): DimensionPerceptionGap {
  const gap = findPerceptionGaps(assessment, options).find((candidate) => candidate.dimension === dimension);
  if (!gap) throw new Error(`Unknown dimension ${dimension}`);
  return gap;
}

function meanPointsOf(item: AssessmentItemSummary, group: RespondentGroup): number | null {
  return item.byGroup.find((summary) => summary.group === group)?.meanPoints ?? null;
}

function nameOf(item: AssessmentItemSummary): ItemName {
  return { itemKey: item.itemKey, questionName: item.questionName, title: item.title, rowValue: item.rowValue, rowLabel: item.rowLabel };
}

function ownTeamViewOf(item: AssessmentItemSummary): OwnTeamView {
  const groupMeans = item.byGroup
    .filter((summary) => summary.meanPoints !== null)
    .sort((a, b) => RESPONDENT_GROUP_KEYS.indexOf(a.group) - RESPONDENT_GROUP_KEYS.indexOf(b.group))
    .map((summary) => ({ group: summary.group, meanPoints: summary.meanPoints!, respondents: summary.respondentsScored }));
  return { ...nameOf(item), groupMeans };
}

/** Rules 3–4 over the shared items only: each respondent's weighted mean over them, then the group's mean. */
function scoreOverItems(group: GroupScores, dimension: DimensionKey, itemKeys: ReadonlySet<string>): { score: number; respondents: number } | null {
  const respondentScores: number[] = [];
  for (const respondent of group.respondents) {
    let weighted = 0;
    let weight = 0;
    for (const answer of respondent.dimensions[dimension].explanation.answers) {
      if (!itemKeys.has(answer.itemKey)) continue;
      weighted += answer.weight * answer.points;
      weight += answer.weight;
    }
    if (weight > 0) respondentScores.push(weighted / weight);
  }
  if (respondentScores.length === 0) return null;
  return { score: respondentScores.reduce((sum, s) => sum + s, 0) / respondentScores.length, respondents: respondentScores.length };
}

function comparePair(dimension: DimensionKey, items: readonly AssessmentItemSummary[], first: GroupScores, second: GroupScores): PairComparison | null {
  const shared: AssessmentItemSummary[] = [];
  const oneSided: OneSidedQuestion[] = [];
  for (const item of items) {
    const a = meanPointsOf(item, first.group);
    const b = meanPointsOf(item, second.group);
    if (a !== null && b !== null) shared.push(item);
    else if (a !== null) oneSided.push({ ...nameOf(item), group: first.group, meanPoints: a });
    else if (b !== null) oneSided.push({ ...nameOf(item), group: second.group, meanPoints: b });
  }
  if (shared.length === 0) return null;
  const keys = new Set(shared.map((item) => item.itemKey));
  const a = scoreOverItems(first, dimension, keys);
  const b = scoreOverItems(second, dimension, keys);
  if (!a || !b) return null;
  const side = (group: GroupScores, over: { score: number; respondents: number }): ComparedGroup => ({
    group: group.group,
    score: over.score,
    respondents: over.respondents,
    ownScore: group.dimensions[dimension].score ?? over.score,
  });
  return { a: side(first, a), b: side(second, b), shared, oneSided, gap: Math.abs(a.score - b.score) };
}

function widestDisagreements(shared: readonly AssessmentItemSummary[], high: RespondentGroup, low: RespondentGroup, count: number): QuestionDisagreement[] {
  const disagreements: QuestionDisagreement[] = [];
  for (const item of shared) {
    const highMean = meanPointsOf(item, high)!;
    const lowMean = meanPointsOf(item, low)!;
    const spread = Math.abs(highMean - lowMean);
    if (spread <= 0) continue;
    disagreements.push({
      ...nameOf(item),
      spread,
      groupMeans: [
        { group: high, meanPoints: highMean },
        { group: low, meanPoints: lowMean },
      ],
    });
  }
  // Stable sort: equal spreads keep questionnaire order, so the result is deterministic.
  return disagreements.sort((a, b) => b.spread - a.spread).slice(0, Math.max(0, count));
}

/** "one person's view", "3 people": what a group's score rests on, in words. */
export function peopleInWords(respondents: number): string {
  return respondents === 1 ? "one person's view" : `${respondents} people`;
}
