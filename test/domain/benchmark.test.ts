import { describe, expect, it } from "vitest";
import { benchmarkFor, type ScoreSummary } from "../../app/domain/benchmark";

function summary(customerId: string, createdAt: string, readiness: number | null, culture: number | null, extra: Partial<ScoreSummary> = {}): ScoreSummary {
  return { assessmentId: `${customerId}-${createdAt}`, customerId, questionnaireKey: "q", createdAt, readiness, dimensions: { culture: { score: culture } }, respondentsAnswered: 3, ...extra };
}

describe("benchmark against other customers", () => {
  const others = ["a", "b", "c", "d", "e"].map((c, i) => summary(c, "2026-01-01", 40 + i * 10, 50));

  it("averages each other customer's latest assessment once", () => {
    // a: older 90 is replaced by newer 40; readiness mean = (40+50+60+70+80)/5 = 60
    const result = benchmarkFor([summary("a", "2025-01-01", 90, 10), ...others, summary("me", "2026-02-01", 10, 10)], { customerId: "me", questionnaireKey: "q" });
    expect(result?.customers).toBe(5);
    expect(result?.readiness).toBe(60);
    expect(result?.dimensions.culture).toBe(50);
  });

  it("is not shown with fewer than five other customers", () => {
    expect(benchmarkFor(others.slice(0, 4), { customerId: "me", questionnaireKey: "q" })).toBeNull();
  });

  it("leaves out the customer itself, other questionnaires and assessments without answers", () => {
    const noise = [summary("f", "2026-01-01", 0, 0, { questionnaireKey: "other" }), summary("g", "2026-01-01", 0, 0, { respondentsAnswered: 0 })];
    expect(benchmarkFor([...others.slice(0, 4), ...noise, summary("me", "2026-01-01", 0, 0)], { customerId: "me", questionnaireKey: "q" })).toBeNull();
  });
});
