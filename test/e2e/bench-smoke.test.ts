import { describe, expect, it } from "vitest";
import { runAutosaveBenchmark } from "../bench/autosave";
import { runColdStartBenchmark } from "../bench/cold-start";
import { runPageWeightBenchmark } from "../bench/page-weight";
import { runScoringBenchmark } from "../bench/scoring";

/*
 * Keeps `npm run bench` from rotting: every benchmark runs with tiny parameters and must produce
 * finite, positive figures. No timing thresholds here: this machine is shared and noisy, and
 * performance goals are checked by `npm run bench`, never by timed tests.
 */
const finitePositive = (value: number) => expect(Number.isFinite(value) && value > 0, `expected a finite positive number, got ${value}`).toBe(true);

describe("benchmarks still run (npm run bench, tiny parameters)", () => {
  it("autosave: Cairn and the baseline both acknowledge saves, with no non-2xx", async () => {
    const result = await runAutosaveBenchmark({ throughputSeconds: 1, latencySeconds: 1, connections: 10, rate: 50, respondents: 20, warmupSeconds: 0 });
    for (const server of [result.cairn, result.baseline]) {
      finitePositive(server.throughput.savesPerSecond);
      expect(server.throughput.non2xx).toBe(0);
      expect(server.throughput.errors).toBe(0);
      for (const run of [server.rateAutocannon, server.ratePaced]) {
        expect(run).not.toBeNull();
        finitePositive(run!.latencyMs.p99);
        expect(run!.non2xx).toBe(0);
      }
    }
    finitePositive(result.throughputRatio);
  }, 120_000);

  it("scoring: scores an assessment and re-scores several", async () => {
    const result = await runScoringBenchmark({ runs: 5, warmupRuns: 1, bulkAssessments: 5 });
    expect(result.scoredItems).toBeGreaterThan(0);
    finitePositive(result.single.medianMs);
    finitePositive(result.bulk.perAssessmentMs);
  });

  it("page weight: measures the survey and consultant pages from the build", async () => {
    const result = await runPageWeightBenchmark();
    finitePositive(result.survey.gzipBytes);
    expect(result.survey.surveyJsMarkers.length).toBeGreaterThan(0); // the marker search finds SurveyJS where it is
    for (const page of result.consultant) finitePositive(page.gzipBytes);
  });

  it("cold start: the server answers /healthz after a start", async () => {
    const result = await runColdStartBenchmark({ runs: 1 });
    finitePositive(result.cairnMedianMs);
    finitePositive(result.baselineMedianMs);
  }, 120_000);
});
