/*
 * The PDF report: render time and memory (targets from the reports issue: a full report of a
 * 50-respondent assessment under 300 ms median, peak memory under 250 MB, memory flat over 200
 * renders), and autosave latency while reports render (target: p99 within 1.5x of the quiet run).
 */
import { performance } from "node:perf_hooks";
import { DEMO_PASSWORD } from "../e2e/support/cairn-server";
import { startCairn } from "../e2e/support/cairn-server";
import { openDatabase } from "../../db/client";
import { generateDemoAnswers, seededRandom } from "../../app/domain/demo-responses";
import { RESPONDENT_GROUP_KEYS } from "../../app/domain/dimensions";
import { findPerceptionGaps } from "../../app/domain/perception-gap";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { scoreAssessment } from "../../app/domain/scoring";
import { assembleReportModel } from "../../app/reports/report-model.server";
import { preloadReportFonts, renderReportPdf } from "../../app/reports/render-pdf";
import { pacedLoad, prepareCairnTargets, SaveRotation, summariseLatencies } from "./autosave";

export interface PdfFigures {
  medianMs: number;
  p95Ms: number;
  pages: number | null;
  peakRssMb: number;
  rssGrowthMb: number;
  renders: number;
}

/** A report model of a 50-respondent assessment, built the way the app builds it. */
export function fiftyRespondentReport() {
  const model = getScoringModel("hybrid-cloud-readiness", 1);
  const random = seededRandom(50);
  const respondents = Array.from({ length: 50 }, (_, i) => {
    const group = RESPONDENT_GROUP_KEYS[i % 4];
    return { id: `r${String(i).padStart(3, "0")}`, group, answers: generateDemoAnswers(model, group, random) };
  });
  const scores = scoreAssessment(model, respondents);
  const now = new Date("2026-11-01T12:00:00Z");
  const iso = now.toISOString();
  const args = {
    results: {
      assessment: { id: "a1", organisation_id: "o1", customer_id: "c1", title: "Benchmark assessment", questionnaire_key: "hybrid-cloud-readiness", questionnaire_version: 1, mode: "self-serve", status: "closed", previous_assessment_id: null, created_by: null, created_at: iso, updated_at: iso, closed_at: iso },
      customer: { id: "c1", organisation_id: "o1", name: "Benchmark Customer Ltd", industry: "Retail", size: "", notes: "", archived_at: null, created_by: null, created_at: iso, updated_at: iso },
      questionnaire: { key: "hybrid-cloud-readiness", version: 1, title: "Hybrid-cloud readiness assessment" },
      scores,
      gaps: findPerceptionGaps(scores),
      notes: [],
      freeText: [{ questionName: "reflections_one_thing", title: "What would help most?", answers: respondents.slice(0, 20).map((r) => ({ group: r.group, text: `A clear plan that the business and IT agree on (${r.id}).` })) }],
      participation: { invited: 50, answered: 50, completed: 50 },
    },
    provider: { name: "Benchmark Partners", accent_colour: "#0f766e", logo_base64: null, logo_mime_type: null },
    previous: null,
    respondents: respondents.map((r) => ({ group_key: r.group, name: null, kind: "person", status: "completed" })),
  };
  // The model builder's input types are the app's row types; the benchmark fills what it reads.
  return assembleReportModel(args as unknown as Parameters<typeof assembleReportModel>[0], { now });
}

export async function runPdfBenchmark({ renders = 200, warmup = 5 }: { renders?: number; warmup?: number } = {}): Promise<PdfFigures> {
  const report = fiftyRespondentReport();
  preloadReportFonts();
  for (let i = 0; i < warmup; i++) await renderReportPdf(report);
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const times: number[] = [];
  let pages: number | null = null;
  for (let i = 0; i < renders; i++) {
    const started = performance.now();
    const pdf = await renderReportPdf(report);
    times.push(performance.now() - started);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (pages === null) pages = (pdf.toString("latin1").match(/\/Type \/Page[^s]/g) ?? []).length;
  }
  global.gc?.();
  const summary = summariseLatencies(times);
  return {
    medianMs: summary.p50,
    p95Ms: [...times].sort((a, b) => a - b)[Math.floor(times.length * 0.95)],
    pages,
    peakRssMb: peakRss / 2 ** 20,
    rssGrowthMb: (process.memoryUsage().rss - startRss) / 2 ** 20,
    renders,
  };
}

export interface AutosaveUnderReportsFigures {
  quietP99Ms: number;
  loadedP99Ms: number;
  ratio: number;
  reportsRendered: number;
  non2xx: number;
}

/** Autosave p99 at a steady rate, quiet and then with two report downloads looping. */
export async function runAutosaveUnderReports({ seconds = 8, rate = 100 }: { seconds?: number; rate?: number } = {}): Promise<AutosaveUnderReportsFigures> {
  const cairn = await startCairn();
  try {
    const targets = await prepareCairnTargets(cairn, 100);
    const pid = cairn.process.pid;
    const handle = openDatabase({ url: cairn.databasePath });
    const assessmentId = (await handle.db.selectFrom("assessments").select("id").where("title", "=", "Readiness baseline (demo)").executeTakeFirstOrThrow()).id;
    await handle.close();
    const login = await fetch(`${cairn.baseUrl}/login`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: "sales@northwind.example", password: DEMO_PASSWORD }) });
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
    const download = () => fetch(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`, { headers: { Cookie: cookie } }).then((r) => r.arrayBuffer().then(() => r.status));
    await download(); // start the PDF workers before measuring
    await pacedLoad(cairn.baseUrl, pid, new SaveRotation(targets), 2, rate, 50); // warm-up

    const quiet = await pacedLoad(cairn.baseUrl, pid, new SaveRotation(targets), seconds, rate, 50);
    let stop = false;
    let reportsRendered = 0;
    const loops = [0, 1].map(async () => {
      while (!stop) {
        const status = await download();
        if (status === 200) reportsRendered++;
      }
    });
    const loaded = await pacedLoad(cairn.baseUrl, pid, new SaveRotation(targets), seconds, rate, 50);
    stop = true;
    await Promise.all(loops);
    const quietP99 = summariseLatencies(quiet.latencies).p99;
    const loadedP99 = summariseLatencies(loaded.latencies).p99;
    return { quietP99Ms: quietP99, loadedP99Ms: loadedP99, ratio: loadedP99 / quietP99, reportsRendered, non2xx: quiet.non2xx + loaded.non2xx };
  } finally {
    await cairn.stop();
  }
}
