/*
 * The findings a stepping stone answers (questionnaires/README.md, "Plan rules"): the reading of the
 * assessment as a whole that fired it, or a contested low — a group of the minimum size whose own
 * score sits at level 2 or below where its gap with another group is flagged — and the flagged gaps
 * the joint roadmap answers. Each names the dimension, the group, how many people, the score, the
 * gap and the shared questions it rests on, so a consultant can defend why the stone is there.
 */
import { getDimension, groupName, type DimensionKey, type RespondentGroup } from "./dimensions";
import { maturityLevelFor } from "./maturity";
import { peopleInWords, type DimensionPerceptionGap } from "./perception-gap";
import type { DimensionReading } from "./teaching-catalogue";

/**
 * The rules these findings feed, as a number recorded in each generated plan. Version 1 (plans
 * without a number) read gaps over everything each group was shown and opened the joint roadmap on
 * any flagged gap; version 2 reads gaps over shared items, contested lows and the joint dimensions.
 */
export const PLAN_RULES_VERSION = 2;

/** The dimensions about working together: a flagged gap here opens the joint roadmap. */
export const JOINT_ROADMAP_DIMENSIONS: readonly DimensionKey[] = ["partnership", "culture", "operations", "outcomes"];

/** How many shared questions a finding names. */
const QUESTIONS_NAMED = 3;

export interface StoneFinding {
  dimension: DimensionKey;
  /** The group the finding is about; null for the assessment as a whole. */
  group: RespondentGroup | null;
  /** People behind the score. */
  respondents: number;
  /** 0–100, unrounded; for shadow-IT 100 is the worst. */
  score: number | null;
  /** Maturity level of that score, for a maturity dimension. */
  level: number | null;
  /** The dimension's perception gap (over shared items); null when there is none. */
  gap: number | null;
  /** Shared items the gap rests on; null without a gap. */
  sharedItems: number | null;
  /** The other side of the gap, when the finding is about a gap. */
  against: { group: RespondentGroup; score: number; respondents: number } | null;
  /** The top shared questions the groups disagree on, titles with their row. */
  questions: string[];
  /** The finding in one sentence, as plan pages and the PDF print it. */
  text: string;
}

const round = Math.round;

function questionsOf(gap: DimensionPerceptionGap): string[] {
  return gap.disagreements.slice(0, QUESTIONS_NAMED).map((q) => (q.rowLabel ? `${q.title} — ${q.rowLabel}` : q.title));
}

function quoted(questions: readonly string[]): string {
  return questions.length === 0 ? "" : ` (${questions.map((q) => `“${q}”`).join(", ")})`;
}

/** The reading of the assessment as a whole, as a finding. */
export function overallFinding(dimension: DimensionKey, reading: DimensionReading, respondents: number, gap?: DimensionPerceptionGap): StoneFinding {
  const { name } = getDimension(dimension);
  const flagged = gap?.flagged ? gap : null;
  const score = reading.score === null ? "not measured" : `${round(reading.score)}${reading.level !== null ? `, level ${reading.level}` : ""}`;
  return {
    dimension,
    group: null,
    respondents,
    score: reading.score,
    level: reading.level,
    gap: flagged?.gap ?? null,
    sharedItems: flagged?.sharedItems ?? null,
    against: null,
    questions: flagged ? questionsOf(flagged) : [],
    text: `${name}: all respondents (${respondents === 1 ? "one person" : `${respondents} people`}) ${score}${reading.lowConfidence ? " (thin evidence)" : ""}.`,
  };
}

/**
 * A contested low: the dimension's gap is flagged and its lower group (of the minimum size, as every
 * compared group is) has its own score at `level` or below. Null otherwise.
 */
export function contestedLow(gap: DimensionPerceptionGap | undefined, level = 2): StoneFinding | null {
  if (!gap || !gap.flagged || gap.gap === null || !gap.highest || !gap.lowest) return null;
  const own = maturityLevelFor(gap.lowest.ownScore).level;
  if (getDimension(gap.dimension).kind !== "maturity" || own > level) return null;
  return gapFinding(gap);
}

/** A flagged gap, as a finding about its lower group. */
export function gapFinding(gap: DimensionPerceptionGap): StoneFinding {
  const { name } = getDimension(gap.dimension);
  const low = gap.lowest!;
  const high = gap.highest!;
  const questions = questionsOf(gap);
  const ownLevel = getDimension(gap.dimension).kind === "maturity" ? maturityLevelFor(low.ownScore).level : null;
  const shared = `${gap.sharedItems} shared question${gap.sharedItems === 1 ? "" : "s"}`;
  return {
    dimension: gap.dimension,
    group: low.group,
    respondents: low.respondents,
    score: low.ownScore,
    level: ownLevel,
    gap: gap.gap,
    sharedItems: gap.sharedItems,
    against: { group: high.group, score: high.score, respondents: high.respondents },
    questions,
    text:
      `${groupName(low.group)} (${peopleInWords(low.respondents)}) scores ${name} ${round(low.ownScore)}${ownLevel !== null ? ` (level ${ownLevel})` : ""}; ` +
      `on the ${shared} both answered, ${groupName(high.group)} (${peopleInWords(high.respondents)}) scores ${round(high.score)} and ${groupName(low.group)} ${round(low.score)}, ` +
      `a gap of ${round(gap.gap!)} points${quoted(questions)}.`,
  };
}
