import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as answersCsv from "../../app/routes/_app.assessments.$assessmentId_.export.answers[.csv]";
import * as scoresCsv from "../../app/routes/_app.assessments.$assessmentId_.export.scores[.csv]";
import * as resultsJson from "../../app/routes/_app.assessments.$assessmentId_.results[.json]";
import { saveAnswers } from "../../db/repositories/answers";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`exports on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let assessmentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    const north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    assessmentId = survey.assessment.id;
    await saveAnswers(database.db, {
      respondentId: survey.respondents[0].id,
      answers: [
        { questionName: "culture_change_response", value: "engaged", seq: 1 },
        { questionName: "reflections_one_thing", value: "=cmd|' /C calc'!A0", seq: 1 },
      ],
    });
    await saveAnswers(database.db, { respondentId: survey.respondents[1].id, answers: [{ questionName: "culture_change_response", value: "resisted", seq: 1 }] });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const args = (request: Request) => ({ request, params: { assessmentId }, context: testContext() });

  it("exports one row per respondent and question, with formulas neutralised", async () => {
    const cookie = await signInAs("sales@north.example", TEST_PASSWORD);
    const response = await respond(() => answersCsv.loader(args(get(`/assessments/${assessmentId}/export/answers.csv`, cookie))));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="Cairn-North-customer-\d{4}-\d{2}-\d{2}-answers\.csv"/);
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("respondent_id,respondent,group,status,question,answer,answered_at");
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.includes("culture_change_response"))).toHaveLength(2);
    expect(lines.find((l) => l.includes("reflections_one_thing"))).toContain(`'=cmd|' /C calc'!A0`);
  });

  it("exports scores per group and dimension that match the JSON results", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const csv = await (await respond(() => scoresCsv.loader(args(get(`/assessments/${assessmentId}/export/scores.csv`, cookie))))).text();
    const rows = csv.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));
    const data = (await (await respond(() => resultsJson.loader(args(get(`/assessments/${assessmentId}/results.json`, cookie))))).json()) as {
      dimensions: Record<string, { score: number | null }>;
      groups: { group: string; respondents?: unknown }[];
    };
    const cultureAll = rows.find((r) => r[0] === "all" && r[2] === "culture")!;
    expect(Number(cultureAll[4])).toBeCloseTo(data.dimensions.culture.score!, 1);
    expect(rows.filter((r) => r[0] === "it")).toHaveLength(9);
    expect(rows.filter((r) => r[0] === "business")).toHaveLength(9);
    // Respondent-level detail stays out of the integration JSON.
    expect(data.groups.every((g) => g.respondents === undefined)).toBe(true);
  });

  it("carries coverage, respondents and answered items with every score, and no readiness level on thin coverage", async () => {
    const cookie = await signInAs("consultant@north.example", TEST_PASSWORD);
    const csv = await (await respond(() => scoresCsv.loader(args(get(`/assessments/${assessmentId}/export/scores.csv`, cookie))))).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(","));
    expect(header).toEqual(["group", "respondents", "dimension", "dimension_name", "score", "coverage_percent", "level_or_band", "low_confidence", "respondents_scored", "answered_items", "dimensions_well_answered"]);
    // One culture question answered by each of the two respondents: culture rests on 2 people and 2 answers.
    const cultureAll = rows.find((r) => r[0] === "all" && r[2] === "culture")!;
    expect([cultureAll[8], cultureAll[9]]).toEqual(["2", "2"]);
    expect(rows.find((r) => r[0] === "it" && r[2] === "culture")!.slice(8, 10)).toEqual(["1", "1"]);
    // Only culture has any answer: readiness has a number but no level, and is marked low confidence (rules 12, 13).
    const readiness = rows.find((r) => r[0] === "all" && r[2] === "readiness")!;
    expect(readiness[4]).not.toBe("");
    expect([readiness[6], readiness[7]]).toEqual(["", "yes"]);
    const data = (await (await respond(() => resultsJson.loader(args(get(`/assessments/${assessmentId}/results.json`, cookie))))).json()) as {
      readinessLevel: { level: unknown; wellAnswered: number; required: number };
      dimensions: Record<string, { coverage: number | null; respondentsScored: number; answeredItems: number }>;
    };
    expect(data.readinessLevel).toEqual({ level: null, wellAnswered: Number(readiness[10]), required: 5 });
    expect(data.dimensions.culture).toMatchObject({ respondentsScored: 2, answeredItems: 2 });
  });

  it("answers 404 to another provider and sends anonymous visitors to sign in", async () => {
    const rival = await signInAs("consultant@south.example", TEST_PASSWORD);
    for (const route of [answersCsv, scoresCsv, resultsJson]) {
      expect((await respond(() => route.loader(args(get(`/assessments/${assessmentId}/x`, rival))))).status).toBe(404);
      expect((await respond(() => route.loader(args(get(`/assessments/${assessmentId}/x`))))).status).toBe(302);
    }
  });

  it("records exports in the audit log", async () => {
    const actions = (await database.db.selectFrom("audit_log").select("action").execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["export.answers", "export.scores", "export.results-json"]));
  });
});
