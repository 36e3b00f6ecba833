/*
 * The assessment that counts for a customer (questionnaires/README.md, "The assessment that counts"):
 * the consultant's choice, else the newest eligible assessment. Pure: the caller brings each
 * assessment's live respondent counts, its stored headline scores and whether its questionnaire is
 * scored.
 */
import { READINESS_LEVEL_MIN_DIMENSIONS } from "./maturity";

export interface CountCandidate {
  id: string;
  title: string;
  status: "open" | "closed";
  mode: string;
  createdAt: string;
  closedAt: string | null;
  /** Respondents invited (live count) and of them completed. */
  invited: number;
  completed: number;
  /** The questionnaire's scoring model has at least one scored item. */
  questionnaireScored: boolean;
  /** Its stored headline scores; null before they were first computed. */
  summary: { respondentsAnswered: number; dimensions: Record<string, { score: number | null; lowConfidence: boolean }> } | null;
}

export interface CountEligibility {
  /** May be chosen by the consultant: scored questionnaire and answers that produced points. */
  usable: boolean;
  /** Would be taken by the default rule. */
  eligible: boolean;
  /** Dimensions with a score that is not low confidence (rule 12's notion). */
  wellAnswered: number;
  /** Why, in the words the customer page prints. */
  reason: string;
}

/** Rule: the default needs this many dimensions answered well enough, the same bar as rule 12's readiness level. */
export const COUNTED_MIN_DIMENSIONS = READINESS_LEVEL_MIN_DIMENSIONS;

export function wellAnsweredDimensions(summary: CountCandidate["summary"]): number {
  if (!summary) return 0;
  return Object.values(summary.dimensions).filter((d) => d.score !== null && !d.lowConfidence).length;
}

export function isFinished(candidate: Pick<CountCandidate, "status" | "invited" | "completed">): boolean {
  return candidate.status === "closed" || (candidate.invited > 0 && candidate.completed >= candidate.invited);
}

export function countEligibility(candidate: CountCandidate): CountEligibility {
  const wellAnswered = wellAnsweredDimensions(candidate.summary);
  if (!candidate.questionnaireScored) return { usable: false, eligible: false, wellAnswered, reason: "Not eligible: its questionnaire has no scoring, so it has no scores" };
  if (!candidate.summary || candidate.summary.respondentsAnswered === 0) return { usable: false, eligible: false, wellAnswered, reason: "Not eligible: no answers with points yet" };
  const problems: string[] = [];
  if (!isFinished(candidate)) problems.push(`still open with ${candidate.completed} of ${candidate.invited} completed`);
  if (wellAnswered < COUNTED_MIN_DIMENSIONS) problems.push(`only ${wellAnswered} of 8 dimensions answered well enough (needs ${COUNTED_MIN_DIMENSIONS})`);
  if (problems.length > 0) return { usable: true, eligible: false, wellAnswered, reason: `Not eligible by default: ${problems.join("; ")}` };
  return { usable: true, eligible: true, wellAnswered, reason: `Eligible: ${candidate.status === "closed" ? "closed" : "every invited respondent completed"}, ${wellAnswered} of 8 dimensions answered well enough` };
}

export type CountedChoice<C extends CountCandidate = CountCandidate> =
  | { how: "chosen" | "default"; assessment: C; eligibility: CountEligibility }
  | { how: "none"; assessment: null; eligibility: null };

/** Newest first: started later, then the higher id (the order every list of assessments uses). */
export function newestFirst<T extends { createdAt: string; id: string }>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * The assessment that counts: the chosen one when it is among the candidates and usable, else the
 * newest eligible one, else none. A chosen id that is no longer usable falls back to the default.
 */
export function chooseCountedAssessment<C extends CountCandidate>(candidates: readonly C[], chosenId: string | null): CountedChoice<C> {
  if (chosenId) {
    const chosen = candidates.find((c) => c.id === chosenId);
    if (chosen) {
      const eligibility = countEligibility(chosen);
      if (eligibility.usable) return { how: "chosen", assessment: chosen, eligibility };
    }
  }
  for (const candidate of newestFirst(candidates)) {
    const eligibility = countEligibility(candidate);
    if (eligibility.eligible) return { how: "default", assessment: candidate, eligibility };
  }
  return { how: "none", assessment: null, eligibility: null };
}

/**
 * The assessments "what moved" and the trend compare the counted one with: the eligible ones started
 * before it, oldest first, then the counted one itself.
 */
export function progressSeries<C extends CountCandidate>(candidates: readonly C[], counted: C): C[] {
  const before = candidates.filter((c) => c.id !== counted.id && (c.createdAt < counted.createdAt || (c.createdAt === counted.createdAt && c.id < counted.id)) && countEligibility(c).eligible);
  return [...newestFirst(before).reverse(), counted];
}

/** "Readiness baseline, closed 3 Nov 2026, 6 of 6 completed, self-serve": what every page names. */
export function countedWords(choice: CountedChoice, formatDate: (iso: string) => string): string {
  if (choice.how === "none") return "No assessment counts yet: none is finished, scored and answered well enough, and none was chosen";
  const a = choice.assessment;
  const when = a.status === "closed" && a.closedAt ? `closed ${formatDate(a.closedAt)}` : `open, started ${formatDate(a.createdAt)}`;
  const how = choice.how === "chosen" ? "chosen by the consultant" : "the newest eligible assessment";
  return `${a.title}, ${when}, ${a.completed} of ${a.invited} respondents completed (${a.summary?.respondentsAnswered ?? 0} answered), ${a.mode}; ${how}`;
}
