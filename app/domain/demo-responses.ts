/*
 * Plausible answers for the demo assessment and for benchmarks: each group leans towards a level of
 * maturity per dimension, so the demo shows real perception gaps (IT rating its own service higher
 * than the business does) and a shadow-IT risk worth talking about. Deterministic for a given seed.
 */
import type { DimensionKey, RespondentGroup } from "./dimensions";
import type { ScoringModel } from "./questionnaire-model";

/** 0 = always the lowest-scoring answer, 1 = always the highest. */
const LEANING: Record<RespondentGroup, Partial<Record<DimensionKey, number>>> = {
  it: { culture: 0.5, partnership: 0.72, skills: 0.45, "shadow-it": 0.5, operations: 0.7, visibility: 0.5, outcomes: 0.42, governance: 0.55 },
  engineering: { culture: 0.48, partnership: 0.58, skills: 0.52, "shadow-it": 0.55, operations: 0.58, visibility: 0.45, outcomes: 0.42, governance: 0.5 },
  business: { culture: 0.44, partnership: 0.36, skills: 0.4, "shadow-it": 0.68, operations: 0.42, visibility: 0.42, outcomes: 0.48, governance: 0.48 },
  executive: { culture: 0.52, partnership: 0.48, skills: 0.44, "shadow-it": 0.6, operations: 0.5, visibility: 0.45, outcomes: 0.5, governance: 0.5 },
  other: {},
};

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateDemoAnswers(model: ScoringModel, group: RespondentGroup, random: () => number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const item of model.items) {
    const leaning = LEANING[group][item.dimension] ?? 0.5;
    const scored = item.options.filter((o) => o.score !== null).sort((a, b) => a.score! - b.score!);
    if (scored.length === 0) continue;
    if (random() < 0.06) {
      const dontKnow = item.options.find((o) => o.isDontKnow);
      if (dontKnow && item.kind === "single") {
        setAnswer(answers, item.questionName, item.rowValue, dontKnow.value);
        continue;
      }
    }
    if (item.kind === "multi") {
      // A risk checkbox: tick each positive-scoring option with a probability that follows the leaning.
      const chosen = scored.filter((o) => o.score! > 0 && random() < leaning * 0.7).map((o) => o.value);
      const none = scored.find((o) => o.score === 0);
      answers[item.questionName] = chosen.length > 0 ? chosen : none ? [none.value] : [];
      continue;
    }
    const position = Math.min(0.999, Math.max(0, leaning + (random() - 0.5) * 0.3));
    setAnswer(answers, item.questionName, item.rowValue, scored[Math.floor(position * scored.length)].value);
  }
  return answers;
}

function setAnswer(answers: Record<string, unknown>, question: string, row: unknown, value: unknown) {
  if (row === null) {
    answers[question] = value;
    return;
  }
  const matrix = (answers[question] as Record<string, unknown> | undefined) ?? {};
  matrix[String(row)] = value;
  answers[question] = matrix;
}
