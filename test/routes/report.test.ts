import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as linkRoute from "../../app/routes/s.$token";
import * as pdfRoute from "../../app/routes/_app.assessments.$assessmentId_.report[.pdf]";
import * as reportRoute from "../../app/routes/_app.assessments.$assessmentId_.report";
import * as reportsRoute from "../../app/routes/_app.reports";
import { generateDemoAnswers, seededRandom } from "../../app/domain/demo-responses";
import { DIMENSIONS, type RespondentGroup } from "../../app/domain/dimensions";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { scoreAssessment } from "../../app/domain/scoring";
import { findPerceptionGaps } from "../../app/domain/perception-gap";
import { closePdfQueue, createPdfQueue } from "../../app/reports/pdf-queue.server";
import type { QuestionnaireLookup } from "../../app/services/assessment-sources.server";
import { getSourceQuestionnaire } from "../../app/services/questionnaires.server";
import { loadReportSources } from "../../app/reports/report-sources.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { updateOrganisationBranding } from "../../db/repositories/organisations";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const HOSTILE_NAME = `<script>alert("x")</script> Ünïcødé & Co שלום مرحبا 😀`;
const HOSTILE_ANSWERS = [
  `<img src=x onerror=alert(1)> then "quotes" & <b>tags</b>`,
  "שלום עולם, אנחנו צריכים תוכנית",
  "مرحبا بكم في السحابة",
  "Great 😀 but 👍🏽 is not in the font",
  "Nul\u0000byte and a lone \uD800 surrogate survive",
];

describe.skipIf(databaseUnavailable())(`customer report on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let southOrganisationId: string;
  let assessmentId: string;
  let hostileAssessmentId: string;
  let respondentToken: string;
  let workDir: string;
  const respondents: { id: string; group: RespondentGroup; answers: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    workDir = mkdtempSync(join(tmpdir(), "cairn-report-"));
    north = await createProvider(database.db, "North");
    southOrganisationId = (await createProvider(database.db, "South")).organisation.id;
    const model = getScoringModel("hybrid-cloud-readiness", 1);
    const random = seededRandom(11);

    const groups = ["it", "it", "business", "business", "engineering", "executive"] as const;
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: [...groups, "it"] });
    assessmentId = survey.assessment.id;
    respondentToken = survey.respondents[0].token;
    for (const [i, group] of groups.entries()) {
      const answers = { ...generateDemoAnswers(model, group, random), reflections_one_thing: `Plain answer number ${i}` };
      await saveAnswers(database.db, { respondentId: survey.respondents[i].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
      respondents.push({ id: survey.respondents[i].id, group, answers });
    }

    const hostileCustomer = await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: HOSTILE_NAME, industry: "", size: "", notes: "" });
    const hostile = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: hostileCustomer.id, groups: ["it", "business"] });
    hostileAssessmentId = hostile.assessment.id;
    for (const [i, group] of (["it", "business"] as const).entries()) {
      const answers = {
        ...generateDemoAnswers(model, group, random),
        reflections_one_thing: HOSTILE_ANSWERS.join("\n"),
        reflections_biggest_obstacle: HOSTILE_ANSWERS[i],
      };
      await saveAnswers(database.db, { respondentId: hostile.respondents[i].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    }
  });
  afterAll(async () => {
    await closePdfQueue();
    await database?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function downloadPdf(id: string, cookie?: string) {
    return respond(() => pdfRoute.loader({ request: get(`/assessments/${id}/report.pdf`, cookie), params: { assessmentId: id }, context: testContext() }));
  }

  function loadReportPage(id: string, cookie?: string) {
    return respond(() => reportRoute.loader({ request: get(`/assessments/${id}/report`, cookie), params: { assessmentId: id }, context: testContext() }));
  }

  /** Saves the PDF and runs a poppler tool on it. */
  function poppler(tool: "pdftotext" | "pdfinfo" | "pdfimages", pdf: Uint8Array, args: string[] = []): string {
    const file = join(workDir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, pdf);
    const result = spawnSync(tool, [...args, file, ...(tool === "pdftotext" ? ["-"] : [])], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}`);
    return result.stdout;
  }

  it("lets sales download a PDF whose headline scores are the scoring engine's, rounded as printed", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const response = await downloadPdf(assessmentId, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Cairn-North-customer-\d{4}-\d{2}-\d{2}\.pdf"; filename\*=UTF-8''Cairn-North%20customer-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    const text = poppler("pdftotext", pdf, ["-layout"]);
    expect(text).toContain("North customer");
    for (const title of ["Contents", "Executive summary", "Key findings", "Readiness by dimension", "Perception gaps", "Shadow IT", "In their own words", "Appendix: method and participation"]) {
      expect(text, title).toContain(title);
    }
    expect(text).toContain("Plain answer number 3");
    // Still open, with 6 of 7 answered: nothing counts for the customer yet, and the summary says so.
    expect(text.replace(/\s+/g, " ")).toContain("No assessment counts for North customer yet, so this one drives no progress, benchmark or plan figures.");

    // The engine's own answer for the stored answers, in the results service's canonical order.
    const expected = scoreAssessment(getScoringModel("hybrid-cloud-readiness", 1), [...respondents].sort((a, b) => (a.id < b.id ? -1 : 1)));
    const r = (n: number | null) => String(Math.round(n!));
    const tiles = [expected.readiness, expected.dimensions.culture.score, expected.dimensions.skills.score, expected.dimensions["shadow-it"].score].map(r);
    expect(text).toMatch(new RegExp(tiles.map((n) => `\\b${n}\\s+/ 100`).join("\\s+")));
    for (const d of DIMENSIONS) {
      const name = d.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      expect(text, d.key).toMatch(new RegExp(`${name}\\s+${r(expected.dimensions[d.key].score)}\\s+(Level \\d|\\w+ risk)`));
    }

    const info = poppler("pdfinfo", pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(8);
    expect(pages).toBeLessThanOrEqual(20);
    expect(info).toMatch(/Author:\s+North\n/);
    expect(info).toMatch(/Title:\s+Hybrid-cloud readiness report: North customer/);

    const audit = await database.db.selectFrom("audit_log").selectAll().where("action", "=", "report.downloaded").where("target_id", "=", assessmentId).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBe(north.users.sales.id);
  });

  it("names group sizes and shared-item counts on the perception-gap pages, and labels a one-person group", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const response = await downloadPdf(assessmentId, cookie);
    const text = poppler("pdftotext", new Uint8Array(await response.arrayBuffer())).replace(/\s+/g, " ");
    // The engine's gaps for the stored answers: IT and business are two people each, engineering and executive one each.
    const expected = scoreAssessment(getScoringModel("hybrid-cloud-readiness", 1), [...respondents].sort((a, b) => (a.id < b.id ? -1 : 1)));
    const flagged = findPerceptionGaps(expected).filter((g) => g.flagged);
    expect(flagged.length).toBeGreaterThan(0);
    for (const gap of flagged) {
      const name = DIMENSIONS.find((d) => d.key === gap.dimension)!.name;
      expect(text, gap.dimension).toContain(`${name}: ${Math.round(gap.gap!)} points apart over ${gap.sharedItems} shared questions`);
      expect(gap.highest!.respondents).toBeGreaterThanOrEqual(2);
      expect(gap.lowest!.respondents).toBeGreaterThanOrEqual(2);
    }
    expect(text).toMatch(/On the \d+ shared questions both groups answered, (IT|Business) \(2 people\) scores it \d+, (IT|Business) \(2 people\) \d+\./);
    expect(text).toMatch(/(Engineering|Executives?) \d+ \(one person's view, not compared\)/);
  });

  it("prints hostile customer text literally: markup, right-to-left scripts and emoji", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const response = await downloadPdf(hostileAssessmentId, cookie);
    expect(response.status).toBe(200);
    const disposition = response.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; filename="Cairn-[A-Za-z0-9-]+-\d{4}-\d{2}-\d{2}\.pdf"; filename\*=UTF-8''/);
    expect(disposition).toContain('filename="Cairn-script-alert-x-script-Unicode-Co-');
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toMatch(/^Cairn-scriptalert\(x\)script Ünïcødé & Co שלום مرحبا 😀-\d{4}-\d{2}-\d{2}\.pdf$/);

    const text = poppler("pdftotext", new Uint8Array(await response.arrayBuffer()));
    expect(text).toContain(`<script>alert("x")</script> Ünïcødé & Co`);
    expect(text).toContain(`<img src=x onerror=alert(1)> then "quotes" & <b>tags</b>`);
    // Right-to-left words come out whole (poppler puts them in reading order itself).
    for (const word of ["שלום", "עולם", "תוכנית", "مرحبا", "بكم", "السحابة"]) expect(text, word).toContain(word);
    // An emoji DejaVu Sans has is drawn; one it lacks becomes U+FFFD rather than breaking the PDF.
    expect(text).toContain("Great 😀 but \uFFFD is not in the font");
    expect(text).toContain("Nulbyte and a lone \uFFFD surrogate survive");

    // The HTML report carries the same text as data, never as markup.
    const page = await loadReportPage(hostileAssessmentId, cookie);
    expect(page.status).toBe(200);
    const data = (await page.json()) as { report: { cover: { customerName: string }; voices: { freeText: { answers: { text: string }[] }[] } } };
    expect(data.report.cover.customerName).toBe(HOSTILE_NAME);
    const texts = data.report.voices.freeText.flatMap((q) => q.answers.map((a) => a.text));
    expect(texts).toContain(HOSTILE_ANSWERS[0]);
    expect(texts).toContain(HOSTILE_ANSWERS.join("\n"));
  });

  it("puts the provider's logo on the cover", async () => {
    const onePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    await updateOrganisationBranding(database.db, { organisationId: north.organisation.id, name: "North", accentColour: "#1d3557", logo: { base64: onePixelPng, mimeType: "image/png" } });
    try {
      const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
      const response = await downloadPdf(assessmentId, cookie);
      expect(response.status).toBe(200);
      const images = poppler("pdfimages", new Uint8Array(await response.arrayBuffer()), ["-list"]);
      // A header, a rule, then one row per image (and one for its alpha mask): the logo, on page 1.
      const rows = images.trim().split("\n").slice(2).filter((row) => row.trim().split(/\s+/)[2] === "image");
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/^\s*1\s+0\s+image\s+1\s+1\s/);
    } finally {
      await updateOrganisationBranding(database.db, { organisationId: north.organisation.id, name: "North", accentColour: "#0f766e", logo: null });
    }
  });

  it("shows the HTML report and the Reports list to sales, from the same model as the PDF", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const page = await loadReportPage(assessmentId, cookie);
    expect(page.status).toBe(200);
    const data = (await page.json()) as { report: { sections: { id: string }[]; charts: { radar: { markup: string } }; cover: { hasLogo: boolean; logo?: unknown } } };
    expect(data.report.sections.map((s) => s.id)).toEqual(["summary", "readiness", "gaps", "shadow-it", "voices", "appendix"]);
    expect(data.report.charts.radar.markup).toContain("<svg");
    expect(data.report.cover).not.toHaveProperty("logo");

    const list = await respond(() => reportsRoute.loader({ request: get("/reports", cookie), params: {}, context: testContext() }));
    const reports = (await list.json()) as { customers: { name: string; assessments: { id: string; answered: number; invited: number }[] }[] };
    const north = reports.customers.find((c) => c.name === "North customer")!;
    expect(north.assessments).toEqual([expect.objectContaining({ id: assessmentId, answered: 6, invited: 7 })]);
    expect(reports.customers.map((c) => c.name)).not.toContain("South customer");
  });

  it("lists reports 20 customers a page, searchable by name, leaving out archived customers without assessments", async () => {
    const { db } = database;
    const organisationId = north.organisation.id;
    for (let i = 0; i < 21; i++) await createCustomer(db, { organisationId, createdBy: null, name: `Reports ${String(i).padStart(2, "0")}`, industry: "", size: "", notes: "" });
    const archivedEmpty = await createCustomer(db, { organisationId, createdBy: null, name: "Reports archived", industry: "", size: "", notes: "" });
    await setCustomerArchived(db, { organisationId, customerId: archivedEmpty.id, archived: true });
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    type Listing = { customers: { name: string; assessments: { id: string }[] }[]; paging: { page: number; pageCount: number; matching: number; firstShown: number } };
    const listing = async (query: string) => (await (await respond(() => reportsRoute.loader({ request: get(`/reports${query}`, cookie), params: {}, context: testContext() }))).json()) as Listing;

    const first = await listing("");
    const matching = first.paging.matching;
    expect(first.customers).toHaveLength(reportsRoute.REPORTS_PAGE_SIZE);
    expect(first.paging).toMatchObject({ page: 1, pageCount: Math.ceil(matching / reportsRoute.REPORTS_PAGE_SIZE), firstShown: 1 });
    const everyPage = [first];
    for (let page = 2; page <= first.paging.pageCount; page++) everyPage.push(await listing(`?page=${page}`));
    const names = everyPage.flatMap((p) => p.customers.map((c) => c.name));
    expect(names).toHaveLength(matching);
    expect(new Set(names).size).toBe(matching);
    expect(names).toContain("Reports 20");
    expect(names).not.toContain("Reports archived");
    // Each customer still brings every one of its assessments, on whichever page it falls.
    expect(everyPage.flatMap((p) => p.customers).find((c) => c.name === "North customer")?.assessments.map((a) => a.id)).toContain(assessmentId);

    const searched = await listing("?q=reports%201");
    expect(searched.customers.map((c) => c.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Reports 1${i}`));
    expect(searched.paging).toMatchObject({ page: 1, pageCount: 1, matching: 10 });
    expect((await listing("?q=nobody")).customers).toEqual([]);
    // A page past the end shows the last; one that is not a number, the first.
    expect((await listing("?page=999")).paging.page).toBe(first.paging.pageCount);
    expect((await listing("?page=abc")).paging.page).toBe(1);
  });

  it("answers 404 to another provider's user for the PDF and the HTML report, with no data", async () => {
    const cookie = await signInAs("sales@south.example", TEST_PASSWORD);
    for (const response of [await downloadPdf(assessmentId, cookie), await loadReportPage(assessmentId, cookie)]) {
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("North");
    }
    const list = await respond(() => reportsRoute.loader({ request: get("/reports", cookie), params: {}, context: testContext() }));
    expect(JSON.stringify(await list.json())).not.toContain("North");
  });

  it("sends anonymous visitors, and a respondent holding only a survey cookie, to sign in", async () => {
    const anonymous = await downloadPdf(assessmentId);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);

    const link = await respond(() => linkRoute.loader({ request: get(`/s/${respondentToken}`), params: { token: respondentToken }, context: testContext("198.51.100.9") }));
    expect(link.status).toBe(302);
    const surveyCookie = cookieFrom(link.headers);
    for (const response of [await downloadPdf(assessmentId, surveyCookie), await loadReportPage(assessmentId, surveyCookie)]) {
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login/);
    }
  });

  it("answers 503 with Retry-After when the render queue is full", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const sources = await loadReportSources({ organisationId: north.organisation.id, assessmentId });
    // The app's queue, shrunk to one render and no waiting line, and kept busy.
    await closePdfQueue();
    const tiny = createPdfQueue({ concurrency: 1, maxWaiting: 0 });
    globalThis.__cairnPdfQueue = tiny;
    const blocking = tiny.render(sources);
    const response = await downloadPdf(assessmentId, cookie);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect((await blocking).status).toBe("rendered");
    await closePdfQueue();
  });

  it("queue: renders up to its cap, queues up to its limit and turns the rest away as busy", async () => {
    const sources = await loadReportSources({ organisationId: north.organisation.id, assessmentId });
    const queue = createPdfQueue({ concurrency: 1, maxWaiting: 1 });
    try {
      const results = await Promise.all([queue.render(sources), queue.render(sources), queue.render(sources)]);
      expect(results.map((r) => r.status)).toEqual(["rendered", "rendered", "busy"]);
      const busy = results[2];
      expect(busy.status === "busy" && busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(queue.stats()).toMatchObject({ renderers: 1, rendering: 0, waiting: 0, rendered: 2, turnedAway: 1, failed: 0 });
      // The renderer is reused: a later render needs no new process.
      expect((await queue.render(sources)).status).toBe("rendered");
      expect(queue.stats().renderers).toBe(1);
    } finally {
      await queue.close();
    }
    expect(queue.stats().renderers).toBe(0);
    await expect(queue.render(sources)).rejects.toThrow("shut down");
  });

  it("queue: a renderer reads the report on its own connection, asks for each questionnaire once, and finds nothing of another provider's", async () => {
    const queue = createPdfQueue({ concurrency: 1, maxWaiting: 2 });
    const asked: string[] = [];
    const questionnaireFor: QuestionnaireLookup = (input) => {
      asked.push(`${input.organisationId}:${input.key}@${input.version}`);
      return getSourceQuestionnaire(input);
    };
    const report = (organisationId: string, id: string) => ({ database: database.shareableAs!, scope: { organisationId, assessmentId: id }, questionnaireFor });
    const textOf = (result: Awaited<ReturnType<typeof queue.render>>) => {
      if (result.status !== "rendered") throw new Error("not rendered");
      return poppler("pdftotext", result.pdf).replace(/\b\d{1,2} [A-Z][a-z]+ \d{4}\b/g, "<date>");
    };
    try {
      const fromRows = textOf(await queue.render(await loadReportSources({ organisationId: north.organisation.id, assessmentId })));
      const [first, second] = await Promise.all([queue.renderAssessment(report(north.organisation.id, assessmentId)), queue.renderAssessment(report(north.organisation.id, assessmentId))]);
      expect(textOf(first)).toBe(fromRows);
      expect(textOf(second)).toBe(fromRows);
      expect(asked).toEqual([`${north.organisation.id}:hybrid-cloud-readiness@1`]);
      // The renderer's reads are scoped like the app's: another provider's id, or none, is not found.
      await expect(queue.renderAssessment(report(southOrganisationId, assessmentId))).rejects.toMatchObject({ status: 404 });
      await expect(queue.renderAssessment(report(north.organisation.id, "no-such-assessment"))).rejects.toMatchObject({ status: 404 });
      expect(queue.stats()).toMatchObject({ renderers: 1, rendered: 3, failed: 2 });
    } finally {
      await queue.close();
    }
  });

  // Linux with util-linux's chrt (every Debian): elsewhere the queue falls back to nice alone.
  const idleClassAvailable = process.platform === "linux" && spawnSync("chrt", ["--idle", "0", "true"]).status === 0;
  it.skipIf(!idleClassAvailable)("queue: renderers run in the idle scheduling class at nice 15, every thread, with one V8 helper thread", async () => {
    const sources = await loadReportSources({ organisationId: north.organisation.id, assessmentId });
    const queue = createPdfQueue({ concurrency: 1, maxWaiting: 0 });
    try {
      expect((await queue.render(sources)).status).toBe("rendered");
      const [pid] = queue.stats().rendererPids;
      // /proc/<pid>/task/<tid>/stat after the command name: field 19 is the nice value, field 41 the policy (5 = SCHED_IDLE).
      const threads = readdirSync(`/proc/${pid}/task`);
      expect(threads.length).toBeGreaterThan(1);
      for (const tid of threads) {
        const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1].split(" ");
        expect({ tid, nice: Number(fields[19 - 3]), policy: Number(fields[41 - 3]) }).toEqual({ tid, nice: 15, policy: 5 });
      }
      // Idle threads still hold a core while a normal one waits (pdf-queue.server.ts): V8 gets one helper, not four.
      expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")).toContain("--v8-pool-size=1");
    } finally {
      await queue.close();
    }
  });

  it("queue: a renderer killed mid-render fails only its render, a new one takes the next, and close leaves none running", async () => {
    const sources = await loadReportSources({ organisationId: north.organisation.id, assessmentId });
    const queue = createPdfQueue({ concurrency: 1, maxWaiting: 1 });
    const isRunning = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    let pids: number[] = [];
    try {
      expect((await queue.render(sources)).status).toBe("rendered");
      const [first] = queue.stats().rendererPids;
      const doomed = queue.render(sources);
      process.kill(first, "SIGKILL");
      await expect(doomed).rejects.toThrow("PDF renderer stopped");
      expect((await queue.render(sources)).status).toBe("rendered");
      pids = queue.stats().rendererPids;
      expect(pids).toHaveLength(1);
      expect(pids[0]).not.toBe(first);
      expect(queue.stats()).toMatchObject({ rendered: 2, failed: 1 });
    } finally {
      await queue.close();
    }
    expect(pids.filter(isRunning)).toEqual([]);
  });
});
