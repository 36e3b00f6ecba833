/*
 * Perception gaps (questionnaires/README.md, scoring rule 9): where respondent groups see the same
 * dimension differently, and the questions behind the difference.
 */
import { DIMENSIONS, type DimensionKey, type RespondentGroup } from "./dimensions";
import type { AnswerValue } from "./questionnaire-model";
import { BOUNDARY_TOLERANCE } from "./maturity";
import type { AssessmentScores } from "./scoring";

export const DEFAULT_PERCEPTION_GAP_THRESHOLD = 20;
export const DEFAULT_DISAGREEMENT_QUESTION_COUNT = 5;

export interface PerceptionGapOptions {
  /** A gap of at least this many points is flagged. Default 20. */
  threshold?: number;
  /** How many questions/rows to list for a flagged gap. Default 5. */
  topQuestions?: number;
}

export interface GroupScore {
  group: RespondentGroup;
  score: number;
}

/** One question (or matrix row) on which the groups' mean points differ. */
export interface QuestionDisagreement {
  itemKey: string;
  questionName: string;
  title: string;
  rowValue: AnswerValue | null;
  rowLabel: string | null;
  /** Highest minus lowest group-mean points. */
  spread: number;
  /** Each group's mean points on this item, for the groups with a scored answer to it. */
  groupMeans: { group: RespondentGroup; meanPoints: number }[];
}

export interface DimensionPerceptionGap {
  dimension: DimensionKey;
  /** Groups with a score in this dimension, highest score first. */
  groupScores: GroupScore[];
  highest: GroupScore | null;
  lowest: GroupScore | null;
  /** Highest minus lowest group score; null with fewer than two groups with a score. */
  gap: number | null;
  flagged: boolean;
  /** For a flagged gap: the items with the widest spread of group-mean points, widest first. Empty otherwise. */
  disagreements: QuestionDisagreement[];
}

/** The perception gap of every dimension, in DIMENSIONS order. */
export function findPerceptionGaps(
  assessment: AssessmentScores,
  options: PerceptionGapOptions = {},
): DimensionPerceptionGap[] {
  const threshold = options.threshold ?? DEFAULT_PERCEPTION_GAP_THRESHOLD;
  const topQuestions = options.topQuestions ?? DEFAULT_DISAGREEMENT_QUESTION_COUNT;

  return DIMENSIONS.map(({ key: dimension }) => {
    const groupScores: GroupScore[] = assessment.groups
      .flatMap((group) => {
        const score = group.dimensions[dimension].score;
        return score === null ? [] : [{ group: group.group, score }];
      })
      .sort((a, b) => b.score - a.score);
    if (groupScores.length < 2) {
      return { dimension, groupScores, highest: groupScores[0] ?? null, lowest: groupScores[0] ?? null, gap: null, flagged: false, disagreements: [] };
    }
    const highest = groupScores[0];
    const lowest = groupScores[groupScores.length - 1];
    const gap = highest.score - lowest.score;
    // Tolerance: a gap that is exactly the threshold on paper must not miss it by floating-point noise.
    const flagged = gap >= threshold - BOUNDARY_TOLERANCE;
    const disagreements = flagged ? widestDisagreements(assessment, dimension, topQuestions) : [];
    return { dimension, groupScores, highest, lowest, gap, flagged, disagreements };
  });
}

/** The perception gap of one dimension. */
export function findPerceptionGap(
  assessment: AssessmentScores,
  dimension: DimensionKey,
  options: PerceptionGapOptions = {},
): DimensionPerceptionGap {
  const gap = findPerceptionGaps(assessment, options).find((candidate) => candidate.dimension === dimension);
  if (!gap) throw new Error(`Unknown dimension ${dimension}`);
  return gap;
}

function widestDisagreements(assessment: AssessmentScores, dimension: DimensionKey, count: number): QuestionDisagreement[] {
  const disagreements: QuestionDisagreement[] = [];
  for (const item of assessment.dimensions[dimension].explanation.items) {
    const groupMeans = item.byGroup.flatMap((summary) =>
      summary.meanPoints === null ? [] : [{ group: summary.group, meanPoints: summary.meanPoints }],
    );
    if (groupMeans.length < 2) continue;
    const means = groupMeans.map((entry) => entry.meanPoints);
    const spread = Math.max(...means) - Math.min(...means);
    if (spread <= 0) continue;
    disagreements.push({
      itemKey: item.itemKey,
      questionName: item.questionName,
      title: item.title,
      rowValue: item.rowValue,
      rowLabel: item.rowLabel,
      spread,
      groupMeans,
    });
  }
  // Stable sort: equal spreads keep questionnaire order, so the result is deterministic.
  return disagreements.sort((a, b) => b.spread - a.spread).slice(0, Math.max(0, count));
}
