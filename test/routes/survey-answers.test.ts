import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as linkRoute from "../../app/routes/s.$token";
import * as answersRoute from "../../app/routes/survey.$respondentId.answers";
import * as surveyRoute from "../../app/routes/survey.$respondentId";
import * as resultsRoute from "../../app/routes/_app.assessments.$assessmentId_.results/route";
import * as resultsJsonRoute from "../../app/routes/_app.assessments.$assessmentId_.results[.json]";
import { listAnswers } from "../../db/repositories/answers";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, get, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const everyTypeJson = readFileSync("test/fixtures/questionnaires/every-question-type.json", "utf8");
const everyTypeAnswers: Record<string, unknown> = JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.answers.json", "utf8"));

describe.skipIf(databaseUnavailable())(`what an autosave stores, on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let everyType: { key: string; version: number };

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    const stored = await createQuestionnaireVersion(database.db, { organisationId: north.organisation.id, key: "every-type", title: "Every question type", modelJson: everyTypeJson, createdBy: null });
    everyType = { key: stored.key, version: stored.version };
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function respondent(options: { groups?: string[]; questionnaire?: { key: string; version: number } } = {}) {
    const { respondents, assessment } = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: options.groups ?? ["it"], questionnaire: options.questionnaire });
    const [person] = respondents;
    const link = await respond(() => linkRoute.loader({ request: get(`/s/${person.token}`), params: { token: person.token }, context: testContext("198.51.100.9") }));
    expect(link.status).toBe(302);
    return { id: person.id, cookie: cookieFrom(link.headers), assessmentId: assessment.id };
  }

  function save(who: { id: string; cookie: string | undefined }, answers: { question: string; value: unknown; seq: number }[]) {
    const request = new Request(`${TEST_ORIGIN}/survey/${who.id}/answers`, {
      method: "POST",
      body: JSON.stringify({ answers }),
      headers: { "Content-Type": "application/json", ...(who.cookie ? { Cookie: who.cookie } : {}) },
    });
    return respond(() => answersRoute.action({ request, params: { respondentId: who.id }, context: testContext() }));
  }

  async function stored(respondentId: string) {
    return Object.fromEntries((await listAnswers(database.db, { respondentId })).map((a) => [a.questionName, a.value]));
  }

  async function pageAnswers(who: { id: string; cookie: string | undefined }) {
    const page = await respond(() => surveyRoute.loader({ request: get(`/survey/${who.id}`, who.cookie), params: { respondentId: who.id }, context: testContext() }));
    expect(page.status).toBe(200);
    return ((await page.json()) as { answers: Record<string, unknown> }).answers;
  }

  it("stores an answer of every question type, one save each, and gives every one back to the page", async () => {
    const who = await respondent({ questionnaire: everyType });
    for (const [question, value] of Object.entries(everyTypeAnswers)) {
      const response = await save(who, [{ question, value, seq: 1 }]);
      expect(response.status, question).toBe(200);
      expect(await response.json()).toEqual({ saved: [{ question, seq: 1 }], stale: [], notes: 0 });
    }
    expect(await stored(who.id)).toEqual(everyTypeAnswers);
    expect(await pageAnswers(who)).toEqual(everyTypeAnswers);
  });

  it("tells the respondent who is asking: the provider and the customer, nothing else", async () => {
    const who = await respondent();
    const page = await respond(() => surveyRoute.loader({ request: get(`/survey/${who.id}`, who.cookie), params: { respondentId: who.id }, context: testContext() }));
    const { branding } = (await page.json()) as { branding: { providerName: string; customerName: string; accentColour: string | null; logoDataUri: string | null } };
    expect(branding).toEqual({ providerName: "North", customerName: north.customer.name, accentColour: expect.stringMatching(/^#[0-9a-f]{6}$/i), logoDataUri: null });
  });

  it("stores a dynamic panel as its panels are added and removed", async () => {
    const who = await respondent({ questionnaire: everyType });
    expect((await save(who, [{ question: "teams", value: [{ teamName: "Platform" }], seq: 1 }])).status).toBe(200);
    expect((await save(who, [{ question: "teams", value: [{ teamName: "Platform" }, { teamName: "Data", teamSkill: "Some" }], seq: 2 }])).status).toBe(200);
    expect((await save(who, [{ question: "teams", value: [{ teamName: "Data", teamSkill: "Some" }], seq: 3 }])).status).toBe(200);
    expect(await stored(who.id)).toEqual({ teams: [{ teamName: "Data", teamSkill: "Some" }] });
  });

  it("refuses, changing nothing, what the page could not have produced", async () => {
    const who = await respondent({ questionnaire: everyType });
    expect((await save(who, [{ question: "clouds", value: ["AWS"], seq: 1 }])).status).toBe(200);
    const refusals: [string, unknown, string][] = [
      ["clouds", ["none", "AWS"], "That answer cannot be chosen together with others."],
      ["clouds", ["AWS", "Azure", "Google Cloud", "IBM Cloud"], "Choose at most 3."],
      ["budgetTotal", 200, "This value is worked out by the survey itself and is not saved as an answer."],
      ["systems-total", { users: 5 }, "This value is worked out by the survey itself and is not saved as an answer."],
      ["teamName", "Platform", "There is no such question in this survey."],
      ["teams", [{ teamSkill: "Expert" }], "That is not one of the answers offered."],
      ["systems", { erp: { owner: "Nobody" } }, "That is not one of the answers offered."],
    ];
    for (const [question, value, message] of refusals) {
      const response = await save(who, [{ question, value, seq: 5 }]);
      expect(response.status, question).toBe(400);
      expect(await response.json()).toEqual({ error: "Some answers were not saved.", errors: [{ question, message }] });
    }
    expect(await stored(who.id)).toEqual({ clouds: ["AWS"] });
  });

  it("refuses answers to questions hidden from the respondent's group", async () => {
    const business = await respondent({ groups: ["business"] });
    const response = await save(business, [{ question: "operations_patching", value: "supported_and_current", seq: 1 }]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ question: "operations_patching", message: "This question is not shown to you, so its answer was not saved." }] });
    expect(await stored(business.id)).toEqual({});
    // Clearing is always allowed: SurveyJS clears a hidden question's old value itself.
    expect((await save(business, [{ question: "operations_patching", value: null, seq: 2 }])).status).toBe(200);
    const it_ = await respondent({ groups: ["it"] });
    expect((await save(it_, [{ question: "operations_patching", value: "supported_and_current", seq: 1 }])).status).toBe(200);
  });

  it("refuses an answer to a question the respondent's own answers hide, and accepts it once revealed", async () => {
    const who = await respondent({ groups: ["business"] });
    expect((await save(who, [{ question: "shadow_team_tools", value: ["personal_storage"], seq: 1 }])).status).toBe(200);
    const hidden = await save(who, [{ question: "shadow_ai_guidance", value: "no_guidance", seq: 1 }]);
    expect(hidden.status).toBe(400);
    expect(await stored(who.id)).toEqual({ shadow_team_tools: ["personal_storage"] });
    // The answer that reveals it, in the same save, counts.
    const revealed = await save(who, [
      { question: "shadow_team_tools", value: ["personal_storage", "public_ai"], seq: 2 },
      { question: "shadow_ai_guidance", value: "no_guidance", seq: 1 },
    ]);
    expect(revealed.status).toBe(200);
    // And on its own, once the revealing answer is stored.
    expect((await save(who, [{ question: "shadow_ai_guidance", value: "little_known", seq: 2 }])).status).toBe(200);
    expect(await stored(who.id)).toEqual({ shadow_team_tools: ["personal_storage", "public_ai"], shadow_ai_guidance: "little_known" });
  });

  it("answers a stale save apart from a stored one, and keeps the newer answer", async () => {
    const who = await respondent();
    expect(await (await save(who, [{ question: "culture_change_response", value: "proposed", seq: 4 }])).json()).toEqual({ saved: [{ question: "culture_change_response", seq: 4 }], stale: [], notes: 0 });
    const late = await save(who, [
      { question: "culture_change_response", value: "resisted", seq: 3 },
      { question: "reflections_one_thing", value: "More training", seq: 1 },
    ]);
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ saved: [{ question: "reflections_one_thing", seq: 1 }], stale: [{ question: "culture_change_response", seq: 3 }], notes: 0 });
    // The same sequence number again is stale too: it changes nothing.
    expect(await (await save(who, [{ question: "culture_change_response", value: "proposed", seq: 4 }])).json()).toMatchObject({ stale: [{ question: "culture_change_response", seq: 4 }] });
    expect(await stored(who.id)).toEqual({ culture_change_response: "proposed", reflections_one_thing: "More training" });
  });

  it("shows an unscored questionnaire's results question by question, on the page and in the JSON export", async () => {
    const who = await respondent({ questionnaire: everyType });
    for (const [question, value] of Object.entries(everyTypeAnswers)) expect((await save(who, [{ question, value, seq: 1 }])).status).toBe(200);
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    const page = await respond(() => resultsRoute.loader({ request: get(`/assessments/${who.assessmentId}/results`, consultant), params: { assessmentId: who.assessmentId }, context: testContext() }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { scored: boolean; questionSummaries: { name: string; answered: number; kind: string }[] };
    expect(data.scored).toBe(false);
    // Every answerable question of the file is summarised, each with the one respondent's answer.
    expect(data.questionSummaries.map((q) => [q.name, q.answered])).toEqual(
      ["role", "headcount", "startDate", "contactEmail", "context", "hosting", "clouds", "region", "languages", "hasCloudTeam", "confidence", "satisfaction", "mood", "recommend", "priorities", "diagram", "tools", "budget", "agreement", "systems", "vendors", "teams"].map((name) => [name, 1]),
    );
    const exported = await respond(() => resultsJsonRoute.loader({ request: get(`/assessments/${who.assessmentId}/results.json`, consultant), params: { assessmentId: who.assessmentId }, context: testContext() }));
    const body = (await exported.json()) as { scored: boolean; questions: { name: string; kind: string; nps?: { score: number }; answers?: { lines?: string[] }[] }[] };
    expect(body.scored).toBe(false);
    expect(body.questions.find((q) => q.name === "recommend")?.nps?.score).toBe(100);
    expect(body.questions.find((q) => q.name === "teams")?.answers?.[0].lines?.[1]).toBe("Team name: Service desk; Cloud skills: None; Tools: Other (describe); Tools (comment): ServiceNow");
  });
});
