import { spawnSync } from "node:child_process";
import { chooseCountedAssessmentFor } from "../../app/services/counted-assessment.server";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as pdfRoute from "../../app/routes/_app.assessments.$assessmentId_.report[.pdf]";
import { generateDemoAnswers, seededRandom } from "../../app/domain/demo-responses";
import { DIMENSIONS, type RespondentGroup } from "../../app/domain/dimensions";
import { parsePortfolioCsv } from "../../app/domain/portfolio";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { compileScoringModel, type ScoringModel } from "../../app/domain/questionnaire-model";
import { scoreAssessment } from "../../app/domain/scoring";
import { closePdfQueue } from "../../app/reports/pdf-queue.server";
import { renderReportPdf } from "../../app/reports/render-pdf";
import { buildReportModel, loadReportSources } from "../../app/reports/report-sources.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createAssessment } from "../../db/repositories/assessments";
import { saveApplication } from "../../db/repositories/portfolio";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

/** The bundled questionnaire with every score turned upside down: the same answers score differently. */
function invertedQuestionnaire(): Record<string, unknown> {
  const invert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(invert);
    if (typeof value !== "object" || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = key === "score" && typeof inner === "number" ? 10 - inner : invert(inner);
    if (typeof copy.scoreTrue === "number" && typeof copy.scoreFalse === "number") [copy.scoreTrue, copy.scoreFalse] = [copy.scoreFalse, copy.scoreTrue];
    return copy;
  };
  const bundled = JSON.parse(readFileSync("questionnaires/hybrid-cloud-readiness/1/survey.json", "utf8")) as Record<string, unknown>;
  return { ...(invert(bundled) as Record<string, unknown>), title: "North readiness (inverted)" };
}

/*
 * The PDF route only checks access; its renderer process reads the rows on its own connection (asking
 * the server for the questionnaire), scores them and builds the model. These tests hold it to the
 * report the HTML page builds in the request, on the cases where the renderer could most easily go
 * its own way: a provider-uploaded questionnaire, a previous assessment (the trend) and a portfolio
 * (dispositions read the scores).
 */
describe.skipIf(databaseUnavailable())(`the PDF renderer builds the HTML report's numbers on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let assessmentId: string;
  let workDir: string;
  let uploadedModel: ScoringModel;
  const currentRespondents: { id: string; group: RespondentGroup; answers: Record<string, unknown> }[] = [];

  async function answeredAssessment(input: { key: string; title: string; model: ScoringModel; previousAssessmentId?: string; seed: number }) {
    const groups: RespondentGroup[] = ["it", "it", "business", "engineering", "executive"];
    const assessment = await createAssessment(database.db, {
      organisationId: north.organisation.id,
      customerId: north.customer.id,
      title: input.title,
      questionnaireKey: input.key,
      questionnaireVersion: 1,
      mode: "self-serve",
      createdBy: null,
      previousAssessmentId: input.previousAssessmentId ?? null,
    });
    const respondents = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: assessment.id,
      respondents: groups.map((groupKey, i) => ({ kind: "person" as const, groupKey, name: `Respondent ${i + 1}`, tokenHash: `hash-${input.seed}-${i}`, tokenExpiresAt: "2099-01-01T00:00:00.000Z" })),
    });
    const random = seededRandom(input.seed);
    const answered = [];
    for (const [i, group] of groups.entries()) {
      const answers = { ...generateDemoAnswers(input.model, group, random), reflections_one_thing: `${input.title}: answer ${i}` };
      await saveAnswers(database.db, { respondentId: respondents[i].id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
      answered.push({ id: respondents[i].id, group, answers });
    }
    return { assessment, answered };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    workDir = mkdtempSync(join(tmpdir(), "cairn-report-worker-"));
    north = await createProvider(database.db, "North");
    const surveyJson = invertedQuestionnaire();
    uploadedModel = compileScoringModel(surveyJson);
    await createQuestionnaireVersion(database.db, { organisationId: north.organisation.id, key: "north-readiness", title: "North readiness (inverted)", modelJson: JSON.stringify(surveyJson), createdBy: null });

    const previous = await answeredAssessment({ key: "hybrid-cloud-readiness", title: "Spring baseline", model: getScoringModel("hybrid-cloud-readiness", 1), seed: 3 });
    const current = await answeredAssessment({ key: "north-readiness", title: "Autumn follow-up", model: uploadedModel, previousAssessmentId: previous.assessment.id, seed: 4 });
    assessmentId = current.assessment.id;
    // Still open with nobody marked completed, so it counts (for the plan's dispositions) only because the consultant chose it.
    expect(await chooseCountedAssessmentFor({ organisationId: north.organisation.id, customerId: north.customer.id, assessmentId }, database.db)).toMatchObject({ ok: true });
    currentRespondents.push(...current.answered);

    const portfolio = parsePortfolioCsv(
      ["name,owning_department,criticality,hosting,managed_by_it,data_sensitivity,peak_window,depends_on,traits", "Intranet,HR,1,on-premises,yes,internal,Mon 09:00,,virtualised", "Order desk,Sales,4,on-premises,yes,confidential,month end,Intranet,database-heavy"].join("\n"),
    );
    for (const application of portfolio.rows) await saveApplication(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, application });
  });
  afterAll(async () => {
    await closePdfQueue();
    await database?.destroy();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  function pdfText(pdf: Uint8Array): string {
    const file = join(workDir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, pdf);
    const result = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    // The day the report was generated is the only thing allowed to differ.
    return result.stdout.replace(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b/g, "<date>");
  }

  it("hands the renderer rows that cross a process boundary unchanged", async () => {
    const sources = await loadReportSources({ organisationId: north.organisation.id, assessmentId });
    expect(sources.previous).not.toBeNull();
    expect(sources.plan?.applications).toHaveLength(2);
    expect(sources.plan?.latestAssessed?.assessment.id).toBe(assessmentId);
    // The queue's IPC channel uses "advanced" serialisation, which is v8.serialize: it throws on
    // functions and drops prototypes.
    expect(deserialize(serialize(sources))).toStrictEqual(sources);
  });

  it("downloads a PDF with the same text as the HTML report's model, scored with the uploaded questionnaire", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const response = await respond(() => pdfRoute.loader({ request: get(`/assessments/${assessmentId}/report.pdf`, cookie), params: { assessmentId }, context: testContext() }));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Cairn-North-customer-\d{4}-\d{2}-\d{2}\.pdf"/);
    const fromWorker = pdfText(new Uint8Array(await response.arrayBuffer()));

    const model = await buildReportModel({ organisationId: north.organisation.id, assessmentId });
    expect(model.trend?.previousTitle).toBe("Spring baseline");
    expect(model.plan.dispositions?.map((d) => d.workload).sort()).toEqual(["Intranet", "Order desk"]);
    expect(fromWorker).toBe(pdfText(await renderReportPdf(model)));

    // And those are the engine's numbers for the uploaded questionnaire, not the bundled one's.
    const sorted = [...currentRespondents].sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = scoreAssessment(uploadedModel, sorted);
    const bundled = scoreAssessment(getScoringModel("hybrid-cloud-readiness", 1), sorted);
    const r = (n: number | null) => String(Math.round(n!));
    expect(r(expected.readiness)).not.toBe(r(bundled.readiness));
    const tiles = [expected.readiness, expected.dimensions.culture.score, expected.dimensions.skills.score, expected.dimensions["shadow-it"].score].map(r);
    expect(fromWorker).toMatch(new RegExp(tiles.map((n) => `\\b${n}\\s+/ 100`).join("\\s+")));
    for (const d of DIMENSIONS) {
      // With the Previous and Change columns, a long dimension name wraps: its first two words stay on the row.
      const start = d.name.split(" ").slice(0, 2).join(" ").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      expect(fromWorker, d.key).toMatch(new RegExp(`${start}[^\\n]*?\\s${r(expected.dimensions[d.key].score)}\\s+(Level \\d|\\w+ risk)`));
    }
    for (const text of ["Progress since the last assessment", "Spring baseline", "Dispositions and waves", "Order desk", "North readiness (inverted)"]) {
      expect(fromWorker.replace(/\s+/g, " "), text).toContain(text);
    }
    // The trend's scores carry their evidence too (rule 13): the culture score now, with its coverage and people.
    const culture = expected.dimensions.culture;
    const evidence = `${Math.round(culture.coverage! * 100)} %, ${culture.respondentsScored} people`;
    expect(model.trend?.dimensions.find((d) => d.key === "culture")?.currentEvidence).toBe(culture.lowConfidence ? `thin evidence: ${evidence}` : evidence);
    expect(fromWorker.replace(/\s+/g, " ")).toContain(evidence);
  });
});
