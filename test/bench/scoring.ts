/*
 * Scoring speed on the bundled questionnaire (hybrid-cloud-readiness v1): one assessment of 50
 * respondents of mixed groups (scoreAssessment + findPerceptionGaps, what a results page computes),
 * and the time per assessment when re-scoring many small assessments back to back.
 *
 * Answers are generated from the questionnaire's own scored items with a fixed seed: each
 * respondent answers the items they would be shown (visibility evaluated as they go, so follow-up
 * questions appear only after the answer that opens them), mostly scored choices, some "don't know",
 * some skipped, so the figures are the same from run to run and close to real surveys.
 */
import { performance } from "node:perf_hooks";
import { RESPONDENT_GROUP_KEYS, type RespondentGroup } from "../../app/domain/dimensions";
import { findPerceptionGaps } from "../../app/domain/perception-gap";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { createVisibilityContext, isItemShown, type ScoringModel } from "../../app/domain/questionnaire-model";
import { scoreAssessment, type Respondent } from "../../app/domain/scoring";

export const QUESTIONNAIRE = { key: "hybrid-cloud-readiness", version: 1 } as const;

export interface ScoringOptions {
  /** Timed runs of the one-assessment figure (at least 30 for the reported median). */
  runs?: number;
  /** Untimed runs first, so the JIT has compiled the hot paths. */
  warmupRuns?: number;
  respondents?: number;
  /** Assessments re-scored back to back (quick: 200, full: 2000). */
  bulkAssessments?: number;
  bulkRespondentsEach?: number;
  seed?: number;
}

export interface ScoringResult {
  questionnaire: string;
  scoredItems: number;
  single: { respondents: number; runs: number; medianMs: number; p90Ms: number; minMs: number; maxMs: number; flaggedGaps: number };
  bulk: { assessments: number; respondentsEach: number; totalMs: number; perAssessmentMs: number };
}

/** mulberry32: a small, fast, seedable PRNG; enough for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FREE_TEXT = ["Some things on premises, some in a public cloud.", "Using Azure and our own data centre together.", "Not sure yet.", "Moving gradually without a big bang."];

/**
 * One respondent's answers: each shown item skipped 8% of the time, "don't know" 6% (where offered),
 * otherwise a scored option leaning towards the respondent's own tendency, so groups differ and
 * perception gaps appear as they do in real assessments.
 */
export function generateRespondent(model: ScoringModel, group: RespondentGroup, random: () => number, id: string): Respondent {
  const answers: Record<string, unknown> = {};
  const tendency = random(); // 0: pessimist … 1: optimist
  // Groups lean a little differently (IT a little rosier than executives): some dimensions show a perception gap, most do not.
  const groupBias = ((RESPONDENT_GROUP_KEYS.indexOf(group) % 4) - 1.5) * 0.03;
  for (const item of model.items) {
    if (!isItemShown(item, createVisibilityContext(answers, group))) continue;
    const roll = random();
    if (roll < 0.08) continue;
    const dontKnow = item.options.find((option) => option.isDontKnow);
    let answer: unknown;
    const scored = item.options.filter((option) => option.score !== null).sort((a, b) => (a.score ?? 0) - (b.score ?? 0));
    if (dontKnow && roll < 0.14) {
      answer = item.kind === "multi" ? [dontKnow.value] : dontKnow.value;
    } else if (item.kind === "multi") {
      const chosen = scored.filter(() => random() < 0.35);
      answer = (chosen.length > 0 ? chosen : [scored[Math.floor(random() * scored.length)]]).map((option) => option.value);
    } else {
      const lean = Math.min(0.999, Math.max(0, 0.5 * tendency + 0.5 * random() + groupBias));
      answer = scored[Math.floor(lean * scored.length)].value;
    }
    if (item.rowValue === null) answers[item.questionName] = answer;
    else answers[item.questionName] = { ...((answers[item.questionName] as Record<string, unknown> | undefined) ?? {}), [String(item.rowValue)]: answer };
  }
  answers.about_hybrid_meaning = FREE_TEXT[Math.floor(random() * FREE_TEXT.length)];
  return { id, group, answers };
}

/** An assessment of `count` respondents spread over the groups (IT and engineering most often, as invited in practice). */
export function generateAssessment(model: ScoringModel, count: number, random: () => number, prefix = "r"): Respondent[] {
  const mix: RespondentGroup[] = ["it", "it", "engineering", "engineering", "business", "business", "executive", "other"];
  return Array.from({ length: count }, (_, i) => generateRespondent(model, mix[i % mix.length], random, `${prefix}-${i}`));
}

function scoreWithGaps(model: ScoringModel, respondents: Respondent[]) {
  const scores = scoreAssessment(model, respondents);
  return { scores, gaps: findPerceptionGaps(scores) };
}

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function runScoringBenchmark(options: ScoringOptions = {}): Promise<ScoringResult> {
  const runs = options.runs ?? 30;
  const warmupRuns = options.warmupRuns ?? 10;
  const respondentCount = options.respondents ?? 50;
  const bulkAssessments = options.bulkAssessments ?? 200;
  const bulkRespondentsEach = options.bulkRespondentsEach ?? 10;
  const random = seededRandom(options.seed ?? 20240601);

  const model = getScoringModel(QUESTIONNAIRE.key, QUESTIONNAIRE.version);
  const assessment = generateAssessment(model, respondentCount, random, "single");

  let flaggedGaps = 0;
  for (let i = 0; i < warmupRuns; i++) flaggedGaps = scoreWithGaps(model, assessment).gaps.filter((gap) => gap.flagged).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = scoreWithGaps(model, assessment);
    times.push(performance.now() - started);
    if (result.scores.respondentCount !== respondentCount) throw new Error("scoring lost respondents");
    // Yield between runs, as a server would between requests, so timers and I/O are not starved.
    await new Promise((r) => setImmediate(r));
  }
  times.sort((a, b) => a - b);

  // Many assessments drawn from a pool of generated respondents: generating every one costs more than scoring it.
  const pool = generateAssessment(model, Math.min(1000, bulkAssessments * bulkRespondentsEach), random, "pool");
  const many = Array.from({ length: bulkAssessments }, (_, i) =>
    Array.from({ length: bulkRespondentsEach }, (_, j) => {
      const respondent = pool[Math.floor(random() * pool.length)];
      return { ...respondent, id: `bulk-${i}-${j}` };
    }),
  );
  for (const respondents of many.slice(0, Math.min(20, many.length))) scoreWithGaps(model, respondents);
  let checksum = 0;
  const bulkStarted = performance.now();
  for (const respondents of many) checksum += scoreWithGaps(model, respondents).scores.readiness ?? 0;
  const bulkMs = performance.now() - bulkStarted;
  if (!Number.isFinite(checksum)) throw new Error("re-scoring produced a non-finite readiness");

  return {
    questionnaire: `${QUESTIONNAIRE.key} v${QUESTIONNAIRE.version}`,
    scoredItems: model.items.length,
    single: {
      respondents: respondentCount,
      runs,
      medianMs: median(times),
      p90Ms: times[Math.min(times.length - 1, Math.ceil(0.9 * times.length) - 1)],
      minMs: times[0],
      maxMs: times[times.length - 1],
      flaggedGaps,
    },
    bulk: { assessments: bulkAssessments, respondentsEach: bulkRespondentsEach, totalMs: bulkMs, perAssessmentMs: bulkMs / bulkAssessments },
  };
}
