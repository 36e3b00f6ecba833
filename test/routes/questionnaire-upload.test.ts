import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as upload from "../../app/routes/_app.settings.questionnaires";
import * as preview from "../../app/routes/_app.settings.questionnaires_.$key.$version";
import * as newAssessment from "../../app/routes/_app.customers.$customerId.assessments.new";
import { getAssessmentQuestionnaire } from "../../app/services/questionnaires.server";
import * as linkRoute from "../../app/routes/s.$token";
import * as answersRoute from "../../app/routes/survey.$respondentId.answers";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";
import { listAnswers } from "../../db/repositories/answers";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, get, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const fixture = (name: string) => readFileSync(`test/fixtures/questionnaires/${name}`, "utf8");
const corpus = fixture("medical-service-en-de.json");
/** The medical survey with one title changed: a new version's worth. */
const corpusRevised = JSON.stringify({ ...JSON.parse(corpus), title: "Medical service feedback (revised)" }, null, 2);

function uploadRequest(cookie: string, key: string, content: string | null) {
  const form = new FormData();
  form.append("key", key);
  if (content !== null) form.append("file", new File([content], "questionnaire.json", { type: "application/json" }));
  return new Request(`${TEST_ORIGIN}/settings/questionnaires`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

describe.skipIf(databaseUnavailable())(`uploading questionnaires on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    admin = await signInAs("admin@north.example", TEST_PASSWORD);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const send = (request: Request) => respond(() => upload.action({ request, params: {}, context: testContext() }));

  it("imports a real-world SurveyJS file, keeping its unscored questions, and opens it", async () => {
    const response = await send(uploadRequest(admin, "medical-service", corpus));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { message: string; unscored: string[] };
    expect(body.message).toMatch(/as medical-service version 1/);
    expect(body.unscored.length).toBeGreaterThan(0);
    const opened = await respond(() => preview.loader({ request: get("/settings/questionnaires/medical-service/1", admin), params: { key: "medical-service", version: "1" }, context: testContext() }));
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { surveyJson: object }).surveyJson).toEqual(JSON.parse(corpus));
  });

  it("stores nothing when the same questionnaire is uploaded again, and says which version it is", async () => {
    // Same content, other key order and spacing: still the same questionnaire.
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(corpus) as object).reverse()));
    const response = await send(uploadRequest(admin, "medical-service", reordered));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { message: string }).message).toMatch(/^Nothing new was stored: this file holds the same questionnaire as medical-service version 1/);
    expect(await database.db.selectFrom("questionnaires").select("version").where("questionnaire_key", "=", "medical-service").execute()).toHaveLength(1);
  });

  it("makes the next version when a changed file is uploaded under the same key", async () => {
    const response = await send(uploadRequest(admin, "medical-service", corpusRevised));
    expect(((await response.json()) as { message: string }).message).toMatch(/as medical-service version 2/);
  });

  it("accepts a checklist with parts SurveyJS ignores, lists them with line and column, and keeps them for the version page", async () => {
    const response = await send(uploadRequest(admin, "production-checklist", fixture("production-checklist-de.json")));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { message: string; warnings: { path: string; line: number; column: number; message: string }[] };
    expect(body.message).toMatch(/as production-checklist version 1: 5 questions, 0 scored/);
    expect(body.warnings.map((w) => `${w.line}:${w.column} ${w.path}`)).toEqual([
      "26:11 pages[0].elements[2].isAllRowRequired",
      "45:68 pages[0].elements[2].rows[0].cellType",
      "46:71 pages[0].elements[2].rows[1].cells",
      "51:9 pages[0].elements[3]",
      "80:9 pages[1].elements[3]",
    ]);
    const opened = await respond(() => preview.loader({ request: get("/settings/questionnaires/production-checklist/1", admin), params: { key: "production-checklist", version: "1" }, context: testContext() }));
    const page = (await opened.json()) as { warnings: unknown[]; surveyJson: object };
    expect(page.warnings).toEqual(body.warnings);
    expect(page.surveyJson).toEqual(JSON.parse(fixture("production-checklist-de.json")));
  });

  it("accepts every public SurveyJS file in the fixtures", async () => {
    for (const [key, file] of [["product-feedback", "product-feedback.json"], ["winforms-skins", "winforms-skins.json"], ["movie-ratings", "movie-ratings-en-de.json"]]) {
      const response = await send(uploadRequest(admin, key, fixture(file)));
      expect(response.status, file).toBe(200);
      expect(((await response.json()) as { message: string }).message).toMatch(new RegExp(`as ${key} version 1`));
    }
  });

  it("refuses file and signature questions, saying why and what to do", async () => {
    const model = { title: "Site survey", pages: [{ name: "p", elements: [{ type: "text", name: "site" }, { type: "file", name: "floor_plan" }, { type: "signaturepad", name: "sign_off" }] }] };
    const response = await send(uploadRequest(admin, "site-survey", JSON.stringify(model, null, 2)));
    expect(response.status).toBe(400);
    const { problems } = (await response.json()) as { problems: { path: string; line: number; message: string }[] };
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ["pages[0].elements[1]", 11],
      ["pages[0].elements[2]", 15],
    ]);
    expect(problems[0].message).toMatch(/Cairn does not store uploaded files\. Remove it/);
    expect(problems[1].message).toMatch(/Cairn does not store signatures/);
  });

  it("reports every problem with its place in the JSON and stores nothing", async () => {
    const broken = JSON.stringify({
      pages: [{ name: "p", elements: [{ type: "radiogroup", name: "q1", dimension: "culture", choices: [{ value: "a", score: 1 }, { value: "b" }] }, { type: "radiogroup", name: "q1", choices: ["x"] }, { type: "rating", name: "q2", dimension: "astrology" }] }],
    });
    const response = await send(uploadRequest(admin, "broken", broken));
    expect(response.status).toBe(400);
    const { problems } = (await response.json()) as { problems: { path: string; message: string }[] };
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(["pages[0].elements[0].choices[1]", "pages[0].elements[2]"]));
    expect(await database.db.selectFrom("questionnaires").select("id").where("questionnaire_key", "=", "broken").execute()).toHaveLength(0);

    const notJson = await send(uploadRequest(admin, "broken", fixture("malformed-trailing-comma.json")));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { problems: unknown[] }).problems).toEqual([{ path: "$", line: 9, column: 7, message: expect.stringMatching(/^Not valid JSON at line 9, column 7/) }]);
  });

  it("refuses a key of Cairn's own questionnaire, a missing file, and anyone but an admin", async () => {
    expect((await send(uploadRequest(admin, "hybrid-cloud-readiness", corpus))).status).toBe(400);
    expect((await send(uploadRequest(admin, "fine-key", null))).status).toBe(400);
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    expect((await send(uploadRequest(consultant, "sneaky", corpus))).status).toBe(403);
  });

  it("refuses a file over 900 KB, and a body that is not a multipart form, with messages that say so", async () => {
    const tooLarge = await send(uploadRequest(admin, "too-large", `{"title":"${"x".repeat(950 * 1024)}"}`));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.json()).toMatchObject({ fieldErrors: { file: "The file must be at most 900 KB." } });
    const garbled = new Request(`${TEST_ORIGIN}/settings/questionnaires`, { method: "POST", body: "not a form", headers: { Cookie: admin, "Content-Type": "multipart/form-data" } });
    const unreadable = await send(garbled);
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toMatchObject({ formError: "The upload could not be read. Please try again." });
  });

  it("keeps a provider's questionnaire away from other providers", async () => {
    const rival = await signInAs("admin@south.example", TEST_PASSWORD);
    const opened = await respond(() => preview.loader({ request: get("/settings/questionnaires/medical-service/1", rival), params: { key: "medical-service", version: "1" }, context: testContext() }));
    expect(opened.status).toBe(404);
    const southId = (await database.db.selectFrom("organisations").select("id").where("name", "=", "South").executeTakeFirstOrThrow()).id;
    await expect(getAssessmentQuestionnaire({ organisationId: southId, key: "medical-service", version: 1 })).rejects.toThrow();
    const southConsultant = await signInAs("consultant@south.example", TEST_PASSWORD);
    const southCustomer = await database.db.selectFrom("customers").select("id").where("organisation_id", "=", southId).executeTakeFirstOrThrow();
    const form = new URLSearchParams({ title: "Try", questionnaire: "medical-service@1", mode: "self-serve" });
    const started = await respond(() =>
      newAssessment.action({
        request: new Request(`${TEST_ORIGIN}/customers/${southCustomer.id}/assessments/new`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: southConsultant } }),
        params: { customerId: southCustomer.id },
        context: testContext(),
      }),
    );
    expect(started.status).toBe(400);
  });

  it("lets the provider's consultants start an assessment with it", async () => {
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    const form = new URLSearchParams({ title: "Medical check", questionnaire: "medical-service@2", mode: "self-serve" });
    const started = await respond(() =>
      newAssessment.action({
        request: new Request(`${TEST_ORIGIN}/customers/${north.customer.id}/assessments/new`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: consultant } }),
        params: { customerId: north.customer.id },
        context: testContext(),
      }),
    );
    expect(started.status).toBe(302);
    const assessment = await database.db.selectFrom("assessments").selectAll().where("title", "=", "Medical check").executeTakeFirstOrThrow();
    expect([assessment.questionnaire_key, assessment.questionnaire_version]).toEqual(["medical-service", 2]);

    // A respondent answers it: question names that are whole sentences save and come back.
    const [respondent] = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: assessment.id,
      respondents: [{ kind: "person", groupKey: "business", tokenHash: issueSurveyToken().tokenHash, tokenExpiresAt: linkExpiry() }],
    });
    const token = issueSurveyToken();
    await database.db.updateTable("respondents").set({ token_hash: token.tokenHash }).where("id", "=", respondent.id).execute();
    const link = await respond(() => linkRoute.loader({ request: get(`/s/${token.token}`), params: { token: token.token }, context: testContext() }));
    const cookie = cookieFrom(link.headers);
    const answers = [
      { question: "Were you able to get an appointment when you felt it was needed?", value: "yes", seq: 1 },
      { question: "Care Provider", value: { "Friendliness/courtesy of the care provider": "good" }, seq: 1 },
      { question: "If you have any additional feedback or comments, please provide that here", value: "Danke schön — très bien", seq: 1 },
    ];
    const saved = await respond(() =>
      answersRoute.action({
        request: new Request(`${TEST_ORIGIN}/survey/${respondent.id}/answers`, { method: "POST", body: JSON.stringify({ answers }), headers: { "Content-Type": "application/json", Cookie: cookie } }),
        params: { respondentId: respondent.id },
        context: testContext(),
      }),
    );
    expect(saved.status).toBe(200);
    const stored = await listAnswers(database.db, { respondentId: respondent.id });
    expect(Object.fromEntries(stored.map((a) => [a.questionName, a.value]))).toEqual(Object.fromEntries(answers.map((a) => [a.question, a.value])));
  });
});
