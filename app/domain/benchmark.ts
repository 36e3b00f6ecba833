import { DIMENSIONS } from "./dimensions";

/** What the benchmark needs of an assessment's stored headline scores. */
export interface ScoreSummary {
  assessmentId: string;
  customerId: string;
  questionnaireKey: string;
  createdAt: string;
  readiness: number | null;
  dimensions: Record<string, { score: number | null }>;
  respondentsAnswered: number;
}

export interface Benchmark {
  /** How many other customers' latest assessments the average is over. */
  customers: number;
  readiness: number | null;
  dimensions: Record<string, number | null>;
}

/** Benchmarks are shown only over at least this many other customers, so no one customer can be recognised. */
export const MIN_BENCHMARK_CUSTOMERS = 5;

/**
 * The anonymised average of the provider's other customers (each customer's latest assessment on
 * the same questionnaire), or null when there are fewer than five of them.
 */
export function benchmarkFor(summaries: ScoreSummary[], { customerId, questionnaireKey }: { customerId: string; questionnaireKey: string }): Benchmark | null {
  const latestByCustomer = new Map<string, ScoreSummary>();
  for (const summary of summaries) {
    if (summary.customerId === customerId || summary.questionnaireKey !== questionnaireKey || summary.respondentsAnswered === 0) continue;
    const current = latestByCustomer.get(summary.customerId);
    if (!current || summary.createdAt > current.createdAt) latestByCustomer.set(summary.customerId, summary);
  }
  const others = [...latestByCustomer.values()];
  if (others.length < MIN_BENCHMARK_CUSTOMERS) return null;
  const mean = (values: (number | null)[]) => {
    const present = values.filter((v): v is number => v !== null);
    return present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  };
  return {
    customers: others.length,
    readiness: mean(others.map((s) => s.readiness)),
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d.key, mean(others.map((s) => s.dimensions[d.key]?.score ?? null))])),
  };
}

