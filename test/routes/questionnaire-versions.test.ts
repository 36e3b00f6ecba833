import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as upload from "../../app/routes/_app.settings.questionnaires";
import * as version from "../../app/routes/_app.settings.questionnaires_.$key.$version";
import * as newAssessment from "../../app/routes/_app.customers.$customerId.assessments.new";
import * as assessmentPage from "../../app/routes/_app.assessments.$assessmentId";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const checklist = readFileSync("test/fixtures/questionnaires/production-checklist-de.json", "utf8");
const feedback = readFileSync("test/fixtures/questionnaires/product-feedback.json", "utf8");

function uploadRequest(cookie: string, key: string, content: string) {
  const form = new FormData();
  form.append("key", key);
  form.append("file", new File([content], "questionnaire.json", { type: "application/json" }));
  return new Request(`${TEST_ORIGIN}/settings/questionnaires`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

describe.skipIf(databaseUnavailable())(`archiving questionnaire versions and the default for new assessments on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let admin: string;
  let consultant: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    admin = await signInAs("admin@north.example", TEST_PASSWORD);
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    for (const [key, text] of [["production-checklist", checklist], ["product-feedback", feedback]]) {
      const uploaded = await respond(() => upload.action({ request: uploadRequest(admin, key, text), params: {}, context: testContext() }));
      expect(uploaded.status).toBe(200);
    }
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const startForm = async () => {
    const response = await respond(() => newAssessment.loader({ request: get(`/customers/${north.customer.id}/assessments/new`, consultant), params: { customerId: north.customer.id }, context: testContext() }));
    return (await response.json()) as { questionnaires: { value: string }[]; defaultQuestionnaire: string };
  };
  const start = (questionnaire: string, title: string) =>
    respond(() => newAssessment.action({ request: post(`/customers/${north.customer.id}/assessments/new`, { title, questionnaire, mode: "self-serve" }, consultant), params: { customerId: north.customer.id }, context: testContext() }));
  const setArchived = (cookie: string, key: string, v: string, intent: "archive" | "restore") =>
    respond(() => version.action({ request: post(`/settings/questionnaires/${key}/${v}`, { intent }, cookie), params: { key, version: v }, context: testContext() }));

  it("preselects Cairn's own questionnaire for a new assessment, not the last upload", async () => {
    const form = await startForm();
    expect(form.questionnaires.map((q) => q.value)).toEqual(["hybrid-cloud-readiness@1", "hybrid-cloud-readiness@2", "product-feedback@1", "production-checklist@1"]);
    // The newest bundled version: v2 (British English and German) since it was published.
    expect(form.defaultQuestionnaire).toBe("hybrid-cloud-readiness@2");
  });

  it("hides an archived version from new assessments and refuses it if sent anyway, while an assessment started with it keeps working", async () => {
    expect((await start("production-checklist@1", "Shift handover, week 1")).status).toBe(302);
    const started = await database.db.selectFrom("assessments").select("id").where("title", "=", "Shift handover, week 1").executeTakeFirstOrThrow();

    const archived = await setArchived(admin, "production-checklist", "1", "archive");
    expect(archived.status).toBe(200);
    expect(((await archived.json()) as { message: string }).message).toMatch(/no longer offered for new assessments/);

    expect((await startForm()).questionnaires.map((q) => q.value)).not.toContain("production-checklist@1");
    const refused = await start("production-checklist@1", "Shift handover, week 2");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ fieldErrors: { questionnaire: "Choose a questionnaire from the list." } });

    const opened = await respond(() => assessmentPage.loader({ request: get(`/assessments/${started.id}`, consultant), params: { assessmentId: started.id }, context: testContext() }));
    expect(opened.status).toBe(200);
    const page = await respond(() => version.loader({ request: get("/settings/questionnaires/production-checklist/1", admin), params: { key: "production-checklist", version: "1" }, context: testContext() }));
    expect(await page.json()).toMatchObject({ archived: true });
    const list = await respond(() => upload.loader({ request: get("/settings/questionnaires", admin), params: {}, context: testContext() }));
    expect(((await list.json()) as { questionnaires: { key: string; archived: boolean }[] }).questionnaires.find((q) => q.key === "production-checklist")).toMatchObject({ archived: true });
  });

  it("tells the admin when a re-upload matches an archived version", async () => {
    const response = await respond(() => upload.action({ request: uploadRequest(admin, "production-checklist", checklist), params: {}, context: testContext() }));
    expect(((await response.json()) as { message: string }).message).toMatch(/same questionnaire as production-checklist version 1 .*That version is archived/);
  });

  it("offers a version again once it is restored", async () => {
    expect((await setArchived(admin, "production-checklist", "1", "restore")).status).toBe(200);
    expect((await startForm()).questionnaires.map((q) => q.value)).toContain("production-checklist@1");
    expect((await start("production-checklist@1", "Shift handover, week 2")).status).toBe(302);
  });

  it("lets only the provider's admins archive, and only their own uploads", async () => {
    expect((await setArchived(consultant, "product-feedback", "1", "archive")).status).toBe(403);
    const rival = await signInAs("admin@south.example", TEST_PASSWORD);
    expect((await setArchived(rival, "product-feedback", "1", "archive")).status).toBe(404);
    // Cairn's own questionnaire is a published file, not an upload: there is nothing to archive.
    expect((await setArchived(admin, "hybrid-cloud-readiness", "1", "archive")).status).toBe(404);
    expect((await setArchived(admin, "product-feedback", "1", "delete" as "archive")).status).toBe(400);
    expect((await startForm()).questionnaires.map((q) => q.value)).toContain("product-feedback@1");
  });
});
