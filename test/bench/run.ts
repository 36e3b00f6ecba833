/*
 * `npm run bench` (full) and `npm run bench -- --quick` (under two minutes; `--only pages,scoring`
 * runs just those; pages at scale generates its data once and caches it): builds the production
 * server if stale, runs every benchmark, prints one `BENCH <name> <value> <unit> baseline=<value>
 * ratio=<value>` line per figure and a summary table with each target and PASS/FAIL, and writes
 * everything with the machine's facts to test/bench/results/<timestamp>.json.
 *
 * Exit code 0 even when a target is missed (the table says so); 1 only when a benchmark crashed.
 * Performance goals are checked here, never in timed tests: this machine kind is shared and noisy.
 */
import { runAutosaveUnderReports, runPdfBenchmark, type AutosaveUnderReportsFigures, type PdfFigures } from "./pdf";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, release, platform, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildIfStale } from "../../app/server/build";
import { BENCH_RESPONDENTS, runAutosaveBenchmark, type AutosaveResult, type ClientGcPauses } from "./autosave";
import { runColdStartBenchmark, type ColdStartResult } from "./cold-start";
import { runPageWeightBenchmark, type PageWeightResult } from "./page-weight";
import { GUARDED_TABLES, PAGE_TARGET_P95_MS, runPagesBenchmark, type PagesResult } from "./pages";
import { runScoringBenchmark, type ScoringResult } from "./scoring";

const quick = process.argv.includes("--quick");
const MODE = quick
  ? { name: "quick", throughputSeconds: 5, latencySeconds: 5, scoringRuns: 30, bulkAssessments: 200, coldStartRuns: 1, pagesScale: 0.1, pagesRequests: 50, pagesWarmup: 10, pagesPostgresScale: 0.1 }
  : { name: "full", throughputSeconds: 15, latencySeconds: 15, scoringRuns: 60, bulkAssessments: 2000, coldStartRuns: 3, pagesScale: 1, pagesRequests: 100, pagesWarmup: 20, pagesPostgresScale: 0.1 };
/** `--only pages,scoring`: run just these benchmarks (default: all). */
const onlyArgument = process.argv.indexOf("--only");
const ONLY = onlyArgument >= 0 ? new Set((process.argv[onlyArgument + 1] ?? "").split(",").filter(Boolean)) : null;
const selected = (name: string) => ONLY === null || ONLY.has(name);

/** Throughput measured on this machine kind for the same bare server (shared/STACK.md): a reference, not a target. */
const STACK_MD_BASELINE_SAVES_PER_SECOND = 2300;
/** Durable one-row SQLite commits/s on this machine kind (shared/STACK.md), a reference for the disk probe. */
const STACK_MD_FULL_COMMITS_PER_SECOND = 4900;
/** No target was set for these two; the values are assumptions for the lead to confirm. */
const ASSUMED_RESCORE_TARGET_MS = 4; // the 20 ms / 50 respondents budget, pro rata for 10 respondents
const ASSUMED_COLD_START_TARGET_MS = 5000;

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  /** What the baseline is: a measured reference, or the target itself. */
  baselineIs: string;
  ratio: number;
}

interface Check {
  figure: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean | null; // null: for information only
}

const figures: Figure[] = [];
const checks: Check[] = [];
const crashes: { benchmark: string; error: string }[] = [];
const details: Record<string, unknown> = {};
const pressure: number[] = [];

function ratioOf(value: number, baseline: number): number {
  // A count whose target is zero: the ratio is the count itself (0 when met).
  return baseline === 0 ? value : value / baseline;
}

function format(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const size = Math.abs(value);
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function figure(name: string, value: number, unit: string, baseline: number, baselineIs: string): Figure {
  const entry = { name, value, unit, baseline, baselineIs, ratio: ratioOf(value, baseline) };
  figures.push(entry);
  console.log(`BENCH ${name} ${format(value)} ${unit} baseline=${format(baseline)} ratio=${entry.ratio.toFixed(2)}`);
  return entry;
}

function check(name: string, value: number, unit: string, target: string, pass: boolean | null) {
  checks.push({ figure: name, value, unit, target, pass });
}

function machineFacts() {
  const cpuList = cpus();
  const git = (args: string[]) => spawnSync("git", args, { encoding: "utf8" }).stdout?.trim() ?? "";
  return {
    cpuModel: cpuList[0]?.model ?? "unknown",
    cores: cpuList.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${release()}`,
    tmpdir: tmpdir(),
    gitCommit: git(["rev-parse", "--short", "HEAD"]),
    // Other people's uncommitted work is in the build that is measured.
    gitUncommittedFiles: git(["status", "--porcelain"]).split("\n").filter(Boolean).length,
  };
}

/**
 * Share of the last 60 s in which some runnable task waited for a CPU (Linux pressure stall
 * information), in %; null where the kernel does not report it. The honest measure of how much
 * other work competed with a benchmark on a shared machine.
 */
function cpuPressure60s(): number | null {
  try {
    if (!existsSync("/proc/pressure/cpu")) return null;
    const match = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function runBenchmark<T>(name: string, run: () => Promise<T>, report: (result: T) => void) {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const pressureBefore = cpuPressure60s();
  console.log(`\n--- ${name} (load average ${loadBefore.toFixed(2)}, CPU pressure ${pressureBefore ?? "n/a"}%)`);
  try {
    const result = await run();
    const pressureAfter = cpuPressure60s();
    pressure.push(...[pressureBefore, pressureAfter].filter((p): p is number => p !== null));
    details[name] = { result, seconds: (Date.now() - started) / 1000, loadAverageBefore: loadBefore, loadAverageAfter: loadavg()[0], cpuPressure60sBefore: pressureBefore, cpuPressure60sAfter: pressureAfter };
    report(result);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    crashes.push({ benchmark: name, error: message });
    details[name] = { error: message, seconds: (Date.now() - started) / 1000 };
    console.log(`BENCH-CRASH ${name}: ${message}`);
  }
}

/** Target for every consultant page's JavaScript, gzipped (issue #8). */
const CONSULTANT_PAGE_TARGET_KIB = 150;

/** A consultant page's name in figures: "routes/_app.customers._index" → "customers-index". */
const consultantPageName = (route: string) => route.replace(/^routes\/_app\./, "").replace(/\._index$/, "-index");

function reportPageWeight(result: PageWeightResult) {
  const survey = figure("page-weight.survey-js-gzip", result.survey.gzipKiB, "KiB", 460, "target");
  check(survey.name, survey.value, "KiB", "≤ 460", survey.value <= 460);
  // Every consultant page: at most 150 KiB and no SurveyJS, but for the few that render a questionnaire.
  const held = result.consultant.filter((page) => page.surveyJsByDesign === null);
  for (const page of result.consultant) {
    const name = `page-weight.${consultantPageName(page.route)}-js-gzip`;
    if (page.surveyJsByDesign !== null) {
      check(name, page.gzipKiB, "KiB", `info: not held to ≤ ${CONSULTANT_PAGE_TARGET_KIB}, ships SurveyJS by design (${page.surveyJsByDesign})`, null);
      continue;
    }
    const entry = figure(name, page.gzipKiB, "KiB", CONSULTANT_PAGE_TARGET_KIB, "target");
    check(entry.name, entry.value, "KiB", `≤ ${CONSULTANT_PAGE_TARGET_KIB}`, entry.value <= CONSULTANT_PAGE_TARGET_KIB);
  }
  const withSurveyJs = held.filter((page) => page.surveyJsMarkers.length > 0);
  const found = withSurveyJs.map((page) => `${page.route} (${[...new Set(page.surveyJsMarkers.map((m) => m.marker))].join(", ")})`);
  check(
    "page-weight.consultant-pages-surveyjs-free",
    withSurveyJs.length,
    "pages",
    `0: no "survey-core"/"SurveyModel" in the chunks of the ${held.length} consultant pages held to the target${found.length ? ` (found: ${found.join("; ")})` : ""}`,
    withSurveyJs.length === 0,
  );
  // Not a target of its own, but STACK.md's rule is SurveyJS on the survey routes only: name any other page that ships it.
  const others = result.allRoutes.filter((route) => route.surveyJs && !route.route.startsWith("routes/survey."));
  check("page-weight.other-pages-with-surveyjs", others.length, "routes", `info${others.length ? `: ${others.map((r) => `${r.route} ${format(r.gzipKiB)} KiB`).join(", ")}` : ": none"}`, null);
  const heaviest = [...result.allRoutes].filter((route) => !route.surveyJs).sort((a, b) => b.gzipKiB - a.gzipKiB)[0];
  if (heaviest) check("page-weight.heaviest-page-without-surveyjs", heaviest.gzipKiB, "KiB", `info: ${heaviest.route}`, null);
}

function reportScoring(result: ScoringResult) {
  const single = figure("scoring.assessment-50", result.single.medianMs, "ms", 20, "target");
  check(single.name, single.value, "ms", `< 20 (median of ${result.single.runs}; min ${format(result.single.minMs)}, p90 ${format(result.single.p90Ms)})`, single.value < 20);
  const bulk = figure(`scoring.rescore-${result.bulk.assessments}x10-per-assessment`, result.bulk.perAssessmentMs, "ms", ASSUMED_RESCORE_TARGET_MS, "assumed target");
  check(bulk.name, bulk.value, "ms", `≤ ${ASSUMED_RESCORE_TARGET_MS} (assumed: 20 ms/50 respondents pro rata)`, bulk.value <= ASSUMED_RESCORE_TARGET_MS);
}

function reportAutosave(result: AutosaveResult) {
  const { cairn, baseline } = result;
  const disk = figure("autosave.disk.durable-commits-per-s", result.disk.commitsPerSecond, "commits/s", STACK_MD_FULL_COMMITS_PER_SECOND, "STACK.md's measurement");
  check(disk.name, disk.value, "commits/s", `info: the disk's own limit for one commit per save (${format(result.disk.meanCommitMs)} ms each)`, null);
  const cairnRate = figure("autosave.cairn.saves-per-s", cairn.throughput.savesPerSecond, "saves/s", baseline.throughput.savesPerSecond, "bare node:http + better-sqlite3, same durability, same run");
  check(cairnRate.name, cairnRate.value, "saves/s", "≥ 2000", cairnRate.value >= 2000);
  check("autosave.cairn/baseline throughput", cairnRate.ratio, "×", "≥ 1.0", cairnRate.ratio >= 1.0);
  if (cairn.throughput.serverCpuMsPerSave !== null && baseline.throughput.serverCpuMsPerSave !== null) {
    const cpu = figure("autosave.cairn.cpu-ms-per-save", cairn.throughput.serverCpuMsPerSave, "ms", baseline.throughput.serverCpuMsPerSave, "baseline server's CPU per save");
    check(cpu.name, cpu.value, "ms", `info: one core's ceiling is ${format(1000 / cpu.value)} saves/s (baseline ${format(1000 / cpu.baseline)})`, null);
  }
  const baseRate = figure("autosave.baseline.saves-per-s", baseline.throughput.savesPerSecond, "saves/s", STACK_MD_BASELINE_SAVES_PER_SECOND, "STACK.md's measurement of the same bare server");
  check(baseRate.name, baseRate.value, "saves/s", "reference", null);

  const failures = (runs: (typeof cairn.rateAutocannon)[]) => runs.reduce((sum, run) => sum + (run ? run.non2xx + run.errors : 0), 0);
  const cairnFailed = cairn.throughput.non2xx + cairn.throughput.errors + failures([cairn.rateAutocannon, cairn.ratePaced]);
  const nonOk = figure("autosave.cairn.non2xx", cairnFailed, "responses", 0, "target");
  check(nonOk.name, nonOk.value, "responses", "0 (non-2xx + socket errors, all measured Cairn runs)", nonOk.value === 0);
  const baseFailed = baseline.throughput.non2xx + baseline.throughput.errors + failures([baseline.rateAutocannon, baseline.ratePaced]);
  figure("autosave.baseline.non2xx", baseFailed, "responses", 0, "target");

  for (const [label, cairnRun, baseRun] of [
    ["autocannon-overallrate", cairn.rateAutocannon, baseline.rateAutocannon],
    ["paced", cairn.ratePaced, baseline.ratePaced],
  ] as const) {
    if (!cairnRun || !baseRun) continue;
    const p99 = figure(`autosave.cairn.p99-at-200-per-s-${label}`, cairnRun.latencyMs.p99, "ms", baseRun.latencyMs.p99, "baseline server, same load");
    // The 25 ms target is for a steady rate (the paced client). autocannon's overallRate sends each
    // second's 200 saves at once, so its p99 is mostly the time to drain that burst: reported, not judged.
    if (label === "paced") check(p99.name, p99.value, "ms", "≤ 25", p99.value <= 25);
    else check(p99.name, p99.value, "ms", `info: not a steady rate (a burst of 200 each second); the bare baseline's p99 under the same bursts: ${format(baseRun.latencyMs.p99)} ms`, null);
    check(`${p99.name} ÷ baseline`, p99.ratio, "×", "≤ 3", p99.ratio <= 3);
    const baseP99 = figure(`autosave.baseline.p99-at-200-per-s-${label}`, baseRun.latencyMs.p99, "ms", 25, "target");
    check(baseP99.name, baseP99.value, "ms", "reference", null);
  }
}

function reportColdStart(result: ColdStartResult) {
  const cold = figure(`cold-start.cairn-median-of-${result.runs}`, result.cairnMedianMs, "ms", result.baselineMedianMs, "bare server under the same tsx CLI");
  check(cold.name, cold.value, "ms", `≤ ${ASSUMED_COLD_START_TARGET_MS} (assumed; no target set)`, cold.value <= ASSUMED_COLD_START_TARGET_MS);
}

function reportPdf(result: PdfFigures) {
  const median = figure("pdf.render-50-respondents.median", result.medianMs, "ms", 300, "target");
  check(median.name, median.value, "ms", `< 300 (${result.renders} renders, ${result.pages} pages; through the queue: rows to renderer process, scoring, charts, PDF, bytes back)`, median.value < 300);
  const peak = figure("pdf.peak-rss", result.peakRssMb, "MB", 250, "target");
  check(peak.name, peak.value, "MB", "< 250 (the renderer process's peak RSS, VmHWM, start-up and tsx included)", peak.value < 250);
  const growth = figure("pdf.rss-growth-over-renders", result.rssGrowthMb, "MB", 50, "flat: < 50 assumed");
  check(growth.name, growth.value, "MB", `flat over ${result.renders} renders (renderer process RSS; < 50 MB growth, assumed)`, growth.value < 50);
}

/** The paced client's own GC pauses, which delay the saves in flight as a server stall would. */
function clientGcNote(pauses: ClientGcPauses | null): string {
  return pauses ? `; paced client GC pauses ${pauses.count}, longest ${format(pauses.maxMs)} ms` : "";
}

function reportAutosaveUnderReports(result: AutosaveUnderReportsFigures) {
  const ratio = figure("pdf.autosave-p99-while-rendering", result.loadedP99Ms, "ms", result.quietP99Ms, "quiet run's p99");
  check(ratio.name, ratio.value, "ms", `≤ 1.5x quiet p99 (${format(result.quietP99Ms)} ms); ${result.seconds} s alternating every ${result.phaseMs} ms, ${result.quietSaves} quiet and ${result.loadedSaves} loaded saves; ${result.reportsRendered} reports rendered; non-2xx ${result.non2xx}${clientGcNote(result.clientGcPauses)}`, result.ratio <= 1.5 && result.non2xx === 0);
}

function reportPages(result: PagesResult) {
  const { counts, bench } = result.dataset;
  const data = `${counts.assessments} assessments, ${counts.respondents} respondents, ${counts.answers} answers; provider: ${bench.providerCustomers} customers, ${bench.providerAssessments} assessments`;
  check("pages.data", result.dataset.generateSeconds, "s", `info: scale ${result.scale}, ${data}; ${(result.dataset.fileBytes / 1024 ** 2).toFixed(0)} MiB, ${result.dataset.cached ? "cached (s = when generated)" : "generated now"}`, null);
  for (const page of result.pages) {
    const p95 = figure(`pages.${page.page}.p95`, page.latencyMs.p95, "ms", PAGE_TARGET_P95_MS, "target");
    check(p95.name, p95.value, "ms", `≤ ${PAGE_TARGET_P95_MS} (scale ${result.scale}, ${page.requests} sequential requests, one connection; p50 ${format(page.latencyMs.p50)})`, p95.value <= PAGE_TARGET_P95_MS);
    if (page.serverCpuMsPerRequest !== null) {
      const cpu = figure(`pages.${page.page}.server-cpu-per-request`, page.serverCpuMsPerRequest, "ms", PAGE_TARGET_P95_MS, "the p95 target: the CPU alone must fit in it");
      check(cpu.name, cpu.value, "ms", `info: ${cpu.value <= PAGE_TARGET_P95_MS ? "fits" : "alone exceeds"} the ${PAGE_TARGET_P95_MS} ms target on an idle core`, null);
    }
    const failed = Object.entries(page.statusCodes).filter(([code]) => code !== "200");
    if (failed.length > 0) check(`pages.${page.page}.non200`, failed.reduce((sum, [, n]) => sum + n, 0), "responses", "0", false);
  }
  for (const plans of result.plans) {
    figure(`pages.plans.${plans.dialect}.full-scans`, plans.fullScans.length, "scans", 0, "target");
    for (const page of ["dashboard", "customer", "results"] as const) {
      const own = plans.fullScans.filter((scan) => scan.page === page);
      const what = own.map((scan) => `${scan.detail.replace(/^->\s*/, "").replace(/\s+\(cost=.*$/, "")}${scan.indexPathExists === undefined ? "" : scan.indexPathExists ? " [index exists, planner chose the scan]" : " [no usable index]"}`);
      check(
        `pages.plans.${plans.dialect}.${page}`,
        own.length,
        "full scans",
        `0 of ${GUARDED_TABLES.join("/")} at scale ${plans.scale} (${plans.distinctQueries[page]} distinct queries)${what.length ? `: ${[...new Set(what)].join("; ")}` : ""}`,
        own.length === 0,
      );
    }
  }
  if (result.postgres && "skipped" in result.postgres) check("pages.plans.postgres", 0, "", `SKIPPED: ${result.postgres.skipped}`, null);
}

function printSummary(machine: ReturnType<typeof machineFacts>, loadStart: number[], loadEnd: number[]) {
  const rows = checks.map((c) => [c.figure, `${format(c.value)} ${c.unit}`, c.target, c.pass === null ? "INFO" : c.pass ? "PASS" : "FAIL"]);
  const header = ["figure", "value", "target", "result"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join("  ");
  console.log(`\n=== Summary (${MODE.name} run; ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node})`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  const failed = checks.filter((c) => c.pass === false);
  console.log("");
  console.log("Direction: saves/s higher is better; every other figure (ms, KiB, counts) lower is better.");
  console.log("BENCH ratio = value / baseline. Baselines: autosave = the bare server measured in the same run (p99: under the same load);");
  console.log("  page weight and scoring = the target itself; cold start = the bare server under the same tsx CLI;");
  console.log("  pages = the 50 ms p95 target (server CPU per request too: the CPU alone must fit in it); full scans = target 0;");
  console.log("  non-2xx = target 0 (ratio is then the count itself).");
  console.log(`Autosave load is spread over ${BENCH_RESPONDENTS} respondents (each request the next respondent, a new seq), because Cairn allows one`);
  console.log("  respondent 1200 saves/min (app/auth/rate-limit.server.ts): the figures measure the server, not the limiter.");
  console.log("Load generators run on the same 2 cores as the server under test: autocannon in this process, the paced client in a small process of its own.");
  console.log(`Load average (1 min) at start ${loadStart.map((l) => l.toFixed(2)).join(" ")}, at end ${loadEnd.map((l) => l.toFixed(2)).join(" ")}.`);
  if (pressure.length > 0) console.log(`CPU pressure (share of time a task waited for a CPU, 60 s average, this run's own load included) around the benchmarks: ${pressure.map((p) => `${p}%`).join(", ")}.`);
  if (Math.max(loadStart[0], loadEnd[0]) > machine.cores || pressure.some((p) => p > 20)) {
    console.log(`WARNING: the machine was busy (load average above ${machine.cores} cores or CPU pressure above 20%): other work competed`);
    console.log("  for the CPU; wall-clock figures are pessimistic. autosave.*.cpu-ms-per-save (CPU time per save) is the least noise-sensitive.");
  }
  if (failed.length > 0) console.log(`\nMISSED ${failed.length} target(s): ${failed.map((c) => c.figure).join("; ")}`);
  else if (crashes.length === 0) console.log("\nAll targets met.");
  if (crashes.length > 0) console.log(`\nCRASHED: ${crashes.map((c) => c.benchmark).join(", ")} (exit code 1)`);
}

async function main() {
  const startedAt = new Date();
  const loadStart = loadavg();
  const machine = machineFacts();
  console.log(`Cairn benchmarks, ${MODE.name} run, ${startedAt.toISOString()}`);
  console.log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}, commit ${machine.gitCommit} (+${machine.gitUncommittedFiles} uncommitted files in the tree)`);

  try {
    buildIfStale();
  } catch (error) {
    crashes.push({ benchmark: "build", error: error instanceof Error ? error.message : String(error) });
  }

  if (crashes.length === 0) {
    if (selected("page-weight")) await runBenchmark("page-weight", () => runPageWeightBenchmark(), reportPageWeight);
    if (selected("scoring")) await runBenchmark("scoring", () => runScoringBenchmark({ runs: MODE.scoringRuns, bulkAssessments: MODE.bulkAssessments }), reportScoring);
    if (selected("autosave")) {
      await runBenchmark(
        "autosave",
        () => runAutosaveBenchmark({ throughputSeconds: MODE.throughputSeconds, latencySeconds: MODE.latencySeconds, log: (line) => console.log(line) }),
        reportAutosave,
      );
    }
    if (selected("cold-start")) await runBenchmark("cold-start", () => runColdStartBenchmark({ runs: MODE.coldStartRuns, log: (line) => console.log(line) }), reportColdStart);
    if (selected("pdf")) {
      await runBenchmark("pdf", () => runPdfBenchmark({ renders: MODE.name === "quick" ? 40 : 200 }), reportPdf);
      await runBenchmark("pdf-autosave", () => runAutosaveUnderReports({ seconds: MODE.name === "quick" ? 16 : 60 }), reportAutosaveUnderReports);
    }
    if (selected("pages")) {
      await runBenchmark(
        "pages",
        () => runPagesBenchmark({ scale: MODE.pagesScale, requests: MODE.pagesRequests, warmup: MODE.pagesWarmup, postgresScale: MODE.pagesPostgresScale, log: (line) => console.log(line) }),
        reportPages,
      );
    }
  }

  const loadEnd = loadavg();
  printSummary(machine, loadStart, loadEnd);

  const resultsDir = resolve("test/bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        mode: MODE,
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine: { ...machine, loadAverageStart: loadStart, loadAverageEnd: loadEnd },
        figures,
        checks,
        crashes,
        details,
      },
      null,
      2,
    ),
  );
  console.log(`\nResults: ${file.replace(resolve(".") + "/", "")}`);
  process.exitCode = crashes.length > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
