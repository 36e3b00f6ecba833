import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SQLite from "../../db/sqlite-driver";
import { describe, expect, inject, it } from "vitest";
import { runAutosaveBenchmark } from "../bench/autosave";
import { runColdStartBenchmark } from "../bench/cold-start";
import { generateSqliteFile, scaledCounts } from "../bench/generate-data";
import { runPageWeightBenchmark } from "../bench/page-weight";
import { runPagesBenchmark } from "../bench/pages";
import { runAutosaveUnderReports, runPdfBenchmark } from "../bench/pdf";
import { runScoringBenchmark } from "../bench/scoring";

/*
 * Keeps `npm run bench` from rotting: every benchmark runs with tiny parameters and must produce
 * finite, positive figures. No timing thresholds here: this machine is shared and noisy, and
 * performance goals are checked by `npm run bench`, never by timed tests.
 */
const finitePositive = (value: number) => expect(Number.isFinite(value) && value > 0, `expected a finite positive number, got ${value}`).toBe(true);

describe("benchmarks still run (npm run bench, tiny parameters)", () => {
  // 100 respondents: at 1,200 saves a minute each, 20 met the limiter (429) on a fast machine.
  it("autosave: Cairn and the baseline both acknowledge saves, with no non-2xx", async () => {
    const result = await runAutosaveBenchmark({ throughputSeconds: 1, latencySeconds: 1, connections: 10, rate: 50, respondents: 100, warmupSeconds: 0 });
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

  it("pdf: renders a stored 50-respondent assessment through the queue, and measures autosaves while reports render", async () => {
    const pdf = await runPdfBenchmark({ renders: 2, warmup: 1 });
    finitePositive(pdf.medianMs);
    finitePositive(pdf.peakRssMb);
    expect(pdf.pages).toBeGreaterThan(1);
    const underReports = await runAutosaveUnderReports({ seconds: 2, rate: 50 });
    finitePositive(underReports.quietP99Ms);
    finitePositive(underReports.loadedP99Ms);
    expect(underReports.reportsRendered).toBeGreaterThan(0);
    expect(underReports.non2xx).toBe(0);
    // The load generator's own GC pauses are reported beside the figure.
    expect(underReports.clientGcPauses).toEqual({ count: expect.any(Number), maxMs: expect.any(Number), totalMs: expect.any(Number) });
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
    // Every page under the staff layout is measured; downloads (resource routes) are not pages.
    const routes = result.consultant.map((page) => page.route);
    expect(routes).toEqual(expect.arrayContaining(["routes/_app.dashboard", "routes/_app.customers._index", "routes/_app.assessments.$assessmentId_.results"]));
    expect(routes.filter((route) => route.includes("[."))).toEqual([]);
  });

  it("data generator: the scaled counts, summaries from the scoring engine, the same rows for the same seed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cairn-bench-smoke-"));
    try {
      const [first, second] = [await generateSqliteFile(join(dir, "a.db"), { scale: 0.002 }), await generateSqliteFile(join(dir, "b.db"), { scale: 0.002 })];
      const target = scaledCounts(0.002);
      expect(first.counts).toMatchObject({ customers: target.customers, assessments: target.assessments, respondents: target.respondents });
      expect(first.counts.answers).toBeGreaterThan(target.respondents * 20);
      expect(first.counts.summaries).toBeGreaterThan(0);
      expect(first.bench.assessmentRespondents).toBe(10);
      expect(second.bench).toEqual(first.bench);
      // Password hashes have a random salt; every other row is the same for the same seed.
      const digest = (file: string) => {
        const sqlite = new SQLite(file, { readonly: true });
        try {
          const hash = createHash("sha256");
          for (const table of ["organisations", "customers", "assessments", "respondents", "answers", "facilitator_notes", "assessment_summaries"]) {
            for (const row of sqlite.prepare(`select * from ${table} order by rowid`).raw().iterate()) hash.update(JSON.stringify(row));
          }
          return hash.digest("hex");
        } finally {
          sqlite.close();
        }
      };
      expect(digest(join(dir, "b.db"))).toBe(digest(join(dir, "a.db")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("pages at scale: times the three pages on generated data and explains every query they run", async () => {
    const postgresUrl = inject("postgresUrl");
    const result = await runPagesBenchmark({ scale: 0.005, requests: 2, warmup: 0, postgresScale: postgresUrl ? 0.005 : null, ...(postgresUrl ? { postgresUrl } : {}) });
    expect(result.pages.map((p) => p.page)).toEqual(["dashboard", "customer", "results"]);
    for (const page of result.pages) {
      expect(page.statusCodes).toEqual({ 200: 2 });
      finitePositive(page.latencyMs.p95);
      finitePositive(page.bytes);
    }
    expect(result.plans.map((p) => p.dialect)).toEqual(postgresUrl ? ["sqlite", "postgres"] : ["sqlite"]);
    for (const plans of result.plans) {
      for (const page of ["dashboard", "customer", "results"] as const) expect(plans.distinctQueries[page]).toBeGreaterThan(0);
      // Every recorded query was explained (SQLite's EXPLAIN QUERY PLAN of a plain insert can be empty).
      expect(plans.queries.filter((q) => q.sql.startsWith("select")).every((q) => q.plan.length > 0)).toBe(true);
    }
  }, 180_000);

  it("cold start: the server answers /healthz after a start", async () => {
    const result = await runColdStartBenchmark({ runs: 1 });
    finitePositive(result.cairnMedianMs);
    finitePositive(result.baselineMedianMs);
  }, 120_000);
});
