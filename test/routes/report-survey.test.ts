import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pdfRoute from "../../app/routes/_app.assessments.$assessmentId_.report[.pdf]";
import * as reportRoute from "../../app/routes/_app.assessments.$assessmentId_.report";
import { convertKonveyorYaml } from "../../app/domain/konveyor-import";
import { closePdfQueue } from "../../app/reports/pdf-queue.server";
import { chooseCountedAssessmentFor } from "../../app/services/counted-assessment.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

/** An uploaded questionnaire without a single `dimension`: nothing in it is scored. */
const PULSE = {
  title: "Platform pulse",
  pages: [
    {
      name: "p1",
      elements: [
        { type: "radiogroup", name: "platform", title: "Where do most of your workloads run?", choices: [{ value: "aws", text: "Amazon Web Services" }, { value: "azure", text: "Microsoft Azure" }, { value: "onprem", text: "Our own data centre" }] },
        { type: "rating", name: "recommend", title: "How likely are you to recommend the platform team?", rateMin: 0, rateMax: 10 },
        { type: "comment", name: "wish", title: "One wish for the platform" },
      ],
    },
  ],
};
const HOSTILE_WISH = `<script>alert("x")</script> & <b>bold</b> שלום`;

describe.skipIf(databaseUnavailable())(`reports that follow the questionnaire on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let surveyId: string;
  let konveyorId: string;
  let unscoredKonveyorId: string;
  let workDir: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    workDir = mkdtempSync(join(tmpdir(), "cairn-report-survey-"));
    north = await createProvider(database.db, "North");
    const organisationId = north.organisation.id;
    const customerId = north.customer.id;

    await createQuestionnaireVersion(database.db, { organisationId, key: "platform-pulse", title: PULSE.title, modelJson: JSON.stringify(PULSE), createdBy: null });
    // Five people answer everything; eighteen more leave only a wish (23 wishes: the PDF lists 20).
    const groups = ["it", "it", "business", "business", "executive", ...Array.from({ length: 18 }, () => "engineering")];
    const survey = await createSurveyAssessment(database.db, { organisationId, customerId, groups, questionnaire: { key: "platform-pulse", version: 1 } });
    surveyId = survey.assessment.id;
    const platforms = ["aws", "aws", "azure", "aws", "onprem"];
    const ratings = [10, 9, 8, 3, 10];
    for (const [i, respondent] of survey.respondents.entries()) {
      const answers: Record<string, unknown> = { wish: i === 0 ? HOSTILE_WISH : `Wish number ${i}` };
      if (i < 5) Object.assign(answers, { platform: platforms[i], recommend: ratings[i] });
      await saveAnswers(database.db, { respondentId: respondent.id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    }

    // Konveyor's own sample, its first section scored as operations, the second left unscored.
    const converted = convertKonveyorYaml(readFileSync("test/fixtures/konveyor/cloud-native.yaml", "utf8"), { 0: "operations", 1: null });
    if (!converted.ok) throw new Error("the Konveyor fixture did not convert");
    await createQuestionnaireVersion(database.db, { organisationId, key: "cloud-native", title: "Cloud Native", modelJson: JSON.stringify(converted.model), createdBy: null });
    const konveyor = await createSurveyAssessment(database.db, { organisationId, customerId, groups: ["it"], questionnaire: { key: "cloud-native", version: 1 } });
    konveyorId = konveyor.assessment.id;
    await database.db.updateTable("assessments").set({ title: "Cloud native check" }).where("id", "=", konveyorId).execute();
    // As in test/routes/konveyor-import.test.ts: 2 yellow, 1 unknown, 5 green of 8 answers →
    // yellow 25 % < 30 %, unknown 12.5 % < 15 %, no red (threshold 1 %) → green.
    const answers = { s1_q1: "a2", s1_q2: "a2", s1_q3: "a1", s1_q4: "dontknow", s2_q1: "a3", s2_q2: "a3", s2_q3: "a2", s2_q4: "a2" };
    await saveAnswers(database.db, { respondentId: konveyor.respondents[0].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    // The same file with no section mapped: unscored, so a Survey report, still with Konveyor's verdict.
    const unmapped = convertKonveyorYaml(readFileSync("test/fixtures/konveyor/cloud-native.yaml", "utf8"), { 0: null, 1: null });
    if (!unmapped.ok) throw new Error("the Konveyor fixture did not convert");
    await createQuestionnaireVersion(database.db, { organisationId, key: "cloud-native", title: "Cloud Native", modelJson: JSON.stringify(unmapped.model), createdBy: null });
    const unscored = await createSurveyAssessment(database.db, { organisationId, customerId, groups: ["it"], questionnaire: { key: "cloud-native", version: 2 } });
    unscoredKonveyorId = unscored.assessment.id;
    await saveAnswers(database.db, { respondentId: unscored.respondents[0].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    // The consultant makes the Konveyor assessment the one that counts (it is scored and answered).
    expect(await chooseCountedAssessmentFor({ organisationId, customerId, assessmentId: konveyorId }, database.db)).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await closePdfQueue();
    await database?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  async function pdfText(id: string, cookie: string): Promise<string> {
    const response = await respond(() => pdfRoute.loader({ request: get(`/assessments/${id}/report.pdf`, cookie), params: { assessmentId: id }, context: testContext() }));
    expect(response.status).toBe(200);
    const file = join(workDir, `${id}.pdf`);
    writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
    const result = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout.replace(/\s+/g, " ");
  }

  async function reportData(id: string, cookie: string) {
    const response = await respond(() => reportRoute.loader({ request: get(`/assessments/${id}/report`, cookie), params: { assessmentId: id }, context: testContext() }));
    expect(response.status).toBe(200);
    return (await response.json()) as {
      report: {
        kind: string;
        title: string;
        sections: { id: string; title: string; intro: string }[];
        dimensions: unknown[];
        charts: { radar: unknown; gaps: unknown };
        questions: { name: string; answered: number; options?: { label: string; count: number; share: number | null }[]; mean?: number | null; nps?: { promoters: number; passives: number; detractors: number; score: number } | null; answers?: { text: string }[] }[];
        konveyorRisk: { verdict: string; message: string | null; counts: Record<string, number>; total: number } | null;
      };
    };
  }

  it("gives an unscored questionnaire a survey report in the PDF: choice counts, the NPS, free text capped, and no readiness text", async () => {
    const text = await pdfText(surveyId, await signInAs("sales@north.example", TEST_PASSWORD));
    expect(text).toContain("Survey report");
    expect(text).not.toContain("Readiness report");
    for (const absent of ["thin evidence", "dimension", "Dimension", "Perception gaps", "Shadow IT", "READING THE SCORES", "Maturity level"]) expect(text, absent).not.toContain(absent);
    expect(text).toContain("Question by question");
    // Platform: 3 of the 5 who answered chose AWS (60 %), 1 Azure (20 %), 1 their own data centre (20 %).
    expect(text).toMatch(/Amazon Web Services 3 60 %/);
    expect(text).toMatch(/Microsoft Azure 1 20 %/);
    // Recommend 10, 9, 8, 3, 10: promoters 3, passives 1, detractors 1 → 100 × (3 − 1) / 5 = 40; mean 40 / 5 = 8.0.
    expect(text).toContain("Mean 8.0 · Net Promoter Score 40 (3 promoters, 1 passive, 1 detractor)");
    // 23 wishes, 20 listed; customer text printed literally.
    expect(text).toContain("23 people answered");
    expect(text).toContain("and 3 more (in the answers CSV)");
    expect(text).toContain(`<script>alert("x")</script> & <b>bold</b>`);
    // It is not the assessment that counts, and says which one is.
    expect(text).toContain("An unscored questionnaire never drives a customer's scores or plan");
    expect(text).toMatch(/Figures from: Cloud native check, open, started \d+ \w+ \d{4}, 0 of 1 respondents completed \(1 answered\), self-serve; chosen by the consultant\./);
  });

  it("gives the same survey report in HTML: the questions' summaries, no dimensions, radar or gaps", async () => {
    const { report } = await reportData(surveyId, await signInAs("sales@north.example", TEST_PASSWORD));
    expect(report.kind).toBe("survey");
    expect(report.title).toBe("Survey report");
    expect(report.sections.map((s) => s.id)).toEqual(["overview", "questions", "survey-appendix"]);
    expect(report.dimensions).toEqual([]);
    expect(report.charts).toEqual({ radar: null, gaps: null });
    expect(JSON.stringify(report)).not.toMatch(/thin evidence|rest on/);
    const platform = report.questions.find((q) => q.name === "platform")!;
    expect(platform.options!.map((o) => [o.label, o.count, o.share])).toEqual([
      ["Amazon Web Services", 3, 0.6],
      ["Microsoft Azure", 1, 0.2],
      ["Our own data centre", 1, 0.2],
    ]);
    const recommend = report.questions.find((q) => q.name === "recommend")!;
    expect(recommend.mean).toBe(8);
    expect(recommend.nps).toEqual({ promoters: 3, passives: 1, detractors: 1, score: 40 });
    // Free text is data, rendered by React as text: every answer is in the page's data, as written.
    const wishes = report.questions.find((q) => q.name === "wish")!;
    expect(wishes.answered).toBe(23);
    expect(wishes.answers!.map((a) => a.text)).toContain(HOSTILE_WISH);
  });

  it("prints a Konveyor questionnaire's verdict with its threshold rule and risk message, and says this is the assessment that counts", async () => {
    const text = await pdfText(konveyorId, await signInAs("sales@north.example", TEST_PASSWORD));
    // Scored (one section is mapped to operations): the readiness report, with Konveyor's section added.
    expect(text).toContain("Readiness report");
    expect(text).toContain("Konveyor risk: Green");
    expect(text).toContain("Application is Cloud Native");
    expect(text).toContain("Red 0 (0 %) · Yellow 2 (25 %) · Green 5 (63 %) · Unknown 1 (13 %) of 8 answers from 1 respondent");
    expect(text).toContain("red when at least 1 % of the answers are red, else yellow when at least 30 % are yellow, else unknown when at least 15 % are unknown, else green");
    expect(text).toContain("This is the assessment that counts for North customer");
    // Its one scored dimension's finding carries the score's evidence (rule 13): one person, 3 of 4 questions with points (one "don't know").
    expect(text).toMatch(/Operational health is the weakest dimension: \d+, level \d \w+ .*? Based on 1 person, with 75 % of the questions shown answered\./);
  });

  it("gives a Konveyor questionnaire with no section scored a Survey report that still carries the verdict", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const text = await pdfText(unscoredKonveyorId, cookie);
    expect(text).toContain("Survey report");
    expect(text).toContain("Konveyor risk: Green");
    expect(text).not.toContain("thin evidence");
    const { report } = await reportData(unscoredKonveyorId, cookie);
    expect(report.sections.map((s) => s.id)).toEqual(["overview", "konveyor-risk", "questions", "survey-appendix"]);
    expect(report.konveyorRisk).toMatchObject({ verdict: "green", counts: { red: 0, yellow: 2, green: 5, unknown: 1 }, total: 8 });
  });

  it("shows the Konveyor verdict in the HTML report too", async () => {
    const { report } = await reportData(konveyorId, await signInAs("sales@north.example", TEST_PASSWORD));
    expect(report.kind).toBe("readiness");
    expect(report.sections.map((s) => s.id)).toContain("konveyor-risk");
    expect(report.konveyorRisk).toMatchObject({ verdict: "green", message: "Application is Cloud Native", counts: { red: 0, yellow: 2, green: 5, unknown: 1 }, total: 8 });
    expect(report.sections.find((s) => s.id === "summary")!.intro).toContain("This is the assessment that counts for North customer");
  });
});
