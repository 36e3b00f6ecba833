import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as assessmentPage from "../../app/routes/_app.assessments.$assessmentId";
import * as newAssessment from "../../app/routes/_app.customers.$customerId.assessments.new";
import * as linkRoute from "../../app/routes/s.$token";
import { hashSurveyToken } from "../../app/services/survey-access.server";
import { listAnswers, saveAnswers } from "../../db/repositories/answers";
import { createCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { markRespondentCompleted } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

interface IssuedLink {
  respondentId: string;
  who: string;
  url: string;
  expiresAt: string;
}
interface ActionBody {
  ok: boolean;
  message?: string;
  formError?: string;
  fieldErrors?: Record<string, string>;
  listProblems?: { line: number; reason: string }[];
  issuedLinks?: IssuedLink[];
}
interface PageBody {
  assessment: { id: string; status: string; customerName: string; questionnaireKey: string; questionnaireVersion: number };
  respondents: { id: string; kind: string; state: string; answeredCount: number; link: string; workshopPath: string | null }[];
  canWrite: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(databaseUnavailable())(`running an assessment's respondents on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let assessmentId: string;
  const cookies = {} as Record<"northConsultant" | "northSales" | "southConsultant", string>;
  let linkAddress = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    cookies.northConsultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    cookies.northSales = await signInAs("sales@north.example", TEST_PASSWORD);
    cookies.southConsultant = await signInAs("consultant@south.example", TEST_PASSWORD);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const context = testContext();

  function startAssessment(customerId: string, form: Record<string, string>, cookie: string) {
    return respond(() => newAssessment.action({ request: post(`/customers/${customerId}/assessments/new`, form, cookie), params: { customerId }, context }));
  }

  function page(id: string, cookie: string) {
    return respond(() => assessmentPage.loader({ request: get(`/assessments/${id}`, cookie), params: { assessmentId: id }, context }));
  }

  function act(id: string, form: Record<string, string>, cookie = cookies.northConsultant) {
    return respond(() => assessmentPage.action({ request: post(`/assessments/${id}`, form, cookie), params: { assessmentId: id }, context }));
  }

  async function actOk(id: string, form: Record<string, string>): Promise<ActionBody> {
    const response = await act(id, form);
    const body = (await response.json()) as ActionBody;
    expect(response.status, JSON.stringify(body)).toBe(200);
    return body;
  }

  /** Opens a survey link as a respondent would; each from its own address, so no rate limit is reached. */
  function openLink(token: string) {
    linkAddress += 1;
    return respond(() => linkRoute.loader({ request: get(`/s/${token}`), params: { token }, context: testContext(`192.0.2.${linkAddress}`) }));
  }

  function tokenOf(link: IssuedLink): string {
    expect(link.url.startsWith(`${TEST_ORIGIN}/s/`)).toBe(true);
    return link.url.slice(`${TEST_ORIGIN}/s/`.length);
  }

  async function respondentRow(id: string) {
    return database.db.selectFrom("respondents").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  async function everyRow() {
    const [assessments, respondents, answers] = await Promise.all([
      database.db.selectFrom("assessments").selectAll().orderBy("id").execute(),
      database.db.selectFrom("respondents").selectAll().orderBy("id").execute(),
      database.db.selectFrom("answers").selectAll().orderBy("respondent_id").orderBy("question_name").execute(),
    ]);
    return { assessments, respondents, answers };
  }

  async function auditActions() {
    return (await database.db.selectFrom("audit_log").select("action").execute()).map((r) => r.action);
  }

  it("lets a consultant start an assessment for a customer and lands on its page", async () => {
    const form = await respond(() => newAssessment.loader({ request: get(`/customers/${north.customer.id}/assessments/new`, cookies.northConsultant), params: { customerId: north.customer.id }, context }));
    const formData = (await form.json()) as { questionnaires: { value: string }[]; defaultTitle: string };
    expect(formData.questionnaires.map((q) => q.value)).toContain("hybrid-cloud-readiness@1");
    expect(formData.defaultTitle).toMatch(/^Readiness assessment [A-Z][a-z]+ \d{4}$/);

    const response = await startAssessment(north.customer.id, { title: "Baseline 2026", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.northConsultant);
    expect(response.status).toBe(302);
    const location = response.headers.get("Location")!;
    expect(location).toMatch(/^\/assessments\/[0-9a-f-]{36}$/);
    assessmentId = location.split("/").pop()!;
    const stored = await database.db.selectFrom("assessments").selectAll().where("id", "=", assessmentId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      organisation_id: north.organisation.id,
      customer_id: north.customer.id,
      title: "Baseline 2026",
      questionnaire_key: "hybrid-cloud-readiness",
      questionnaire_version: 1,
      mode: "self-serve",
      status: "open",
      created_by: north.users.consultant.id,
    });
    expect(await auditActions()).toContain("assessment.created");

    const shown = await page(assessmentId, cookies.northConsultant);
    expect(shown.status).toBe(200);
    const body = (await shown.json()) as PageBody;
    expect(body.assessment).toMatchObject({ id: assessmentId, status: "open", customerName: "North customer", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1 });
    expect(body.respondents).toEqual([]);
    expect(body.canWrite).toBe(true);
  });

  it("refuses an unknown questionnaire version, a missing title and an archived customer, creating nothing", async () => {
    const before = await database.db.selectFrom("assessments").select("id").execute();
    const bad = await startAssessment(north.customer.id, { title: " ", questionnaire: "hybrid-cloud-readiness@99", mode: "sometimes" }, cookies.northConsultant);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ActionBody).fieldErrors).toEqual({
      title: "Title is required.",
      questionnaire: "Choose a questionnaire from the list.",
      mode: "Choose how the assessment is run.",
    });

    const archived = await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: "Old customer", industry: "", size: "", notes: "" });
    await setCustomerArchived(database.db, { organisationId: north.organisation.id, customerId: archived.id, archived: true });
    const refused = await startAssessment(archived.id, { title: "Too late", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.northConsultant);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ActionBody).formError).toBe("This customer is archived. Restore the customer before starting an assessment.");
    expect(await database.db.selectFrom("assessments").select("id").execute()).toHaveLength(before.length);
  });

  it("adds one respondent and returns a link whose token only the link holds: the database keeps its hash", async () => {
    const body = await actOk(assessmentId, { intent: "add", name: "Jane Doe", email: "Jane@North-Customer.example", group: "it", days: "14" });
    expect(body.issuedLinks).toHaveLength(1);
    const [link] = body.issuedLinks!;
    expect(link.who).toBe("Jane Doe <jane@north-customer.example>");
    const token = tokenOf(link);

    const row = await respondentRow(link.respondentId);
    expect(row).toMatchObject({ kind: "person", name: "Jane Doe", email: "jane@north-customer.example", group_key: "it", assessment_id: assessmentId, status: "invited", revoked: 0 });
    expect(row.token_hash).toBe(hashSurveyToken(token));
    expect(Math.abs(Date.parse(row.token_expires_at!) - (Date.now() + 14 * DAY))).toBeLessThan(60_000);
    expect(JSON.stringify(await everyRow())).not.toContain(token);
    expect(JSON.stringify(await database.db.selectFrom("audit_log").selectAll().execute())).not.toContain(token);
    expect(await auditActions()).toContain("respondent.added");

    expect((await openLink(token)).status).toBe(302);
  });

  it("answers a bad single respondent with a message per field, adding nobody", async () => {
    const before = await everyRow();
    const response = await act(assessmentId, { intent: "add", name: "", email: "not an address", group: "finance", days: "366" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ActionBody).fieldErrors).toEqual({
      email: "Enter a valid email address, or leave it empty.",
      group: "Choose a group.",
      days: "Enter a whole number of days from 1 to 365.",
    });
    expect(await everyRow()).toEqual(before);
  });

  it("adds nothing from a pasted list with one bad line, and says which line and why", async () => {
    const before = await everyRow();
    const response = await act(assessmentId, { intent: "add-list", list: "Ann Lee, ann@north-customer.example, Engineering\nBob Roe, bob@, business\nCy Poe\tcy@north-customer.example\texecutive", listDays: "30" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ActionBody;
    expect(body.formError).toBe("1 line needs fixing; nobody was added.");
    expect(body.listProblems).toEqual([{ line: 2, reason: '"bob@" is not a valid email address.' }]);
    expect(await everyRow()).toEqual(before);
  });

  it("adds every person of a good pasted list, each with a working link of their own", async () => {
    const body = await actOk(assessmentId, { intent: "add-list", list: "Ann Lee, ann@north-customer.example, Engineering\n\nCy Poe\tcy@north-customer.example\texecutive\n", listDays: "" });
    expect(body.message).toBe("Added 2 respondents.");
    const links = body.issuedLinks!;
    expect(links.map((l) => l.who)).toEqual(["Ann Lee <ann@north-customer.example>", "Cy Poe <cy@north-customer.example>"]);
    for (const link of links) {
      const row = await respondentRow(link.respondentId);
      expect(row.token_hash).toBe(hashSurveyToken(tokenOf(link)));
      expect(Math.abs(Date.parse(row.token_expires_at!) - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    }
    expect(await auditActions()).toContain("respondent.list-added");
  });

  it("shows progress without ever sending a link's hash to the page", async () => {
    const [first] = (await page(assessmentId, cookies.northConsultant).then((r) => r.json() as Promise<PageBody>)).respondents;
    await saveAnswers(database.db, {
      respondentId: first.id,
      answers: [
        { questionName: "about_tenure", value: "under_one_year", seq: 1 },
        { questionName: "about_team_size", value: "size_1_5", seq: 1 },
      ],
    });
    const response = await page(assessmentId, cookies.northConsultant);
    const text = await response.text();
    const body = JSON.parse(text) as PageBody;
    expect(body.respondents.map((r) => [r.state, r.answeredCount, r.link])).toEqual([
      ["in-progress", 2, "active"],
      ["invited", 0, "active"],
      ["invited", 0, "active"],
    ]);
    const hashes = (await database.db.selectFrom("respondents").select("token_hash").execute()).map((r) => r.token_hash!);
    for (const hash of hashes) expect(text).not.toContain(hash);
    expect(text).not.toContain("token_hash");
  });

  it("lets sales view the assessment but not start one, add people or revoke a link (403)", async () => {
    const before = await everyRow();
    const shown = await page(assessmentId, cookies.northSales);
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as PageBody).canWrite).toBe(false);
    const [respondent] = before.respondents;
    expect((await startAssessment(north.customer.id, { title: "Sneaky", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.northSales)).status).toBe(403);
    expect((await act(assessmentId, { intent: "add", name: "X", group: "it" }, cookies.northSales)).status).toBe(403);
    expect((await act(assessmentId, { intent: "add-list", list: "X, , it" }, cookies.northSales)).status).toBe(403);
    expect((await act(assessmentId, { intent: "revoke", respondentId: respondent.id }, cookies.northSales)).status).toBe(403);
    expect((await act(assessmentId, { intent: "close" }, cookies.northSales)).status).toBe(403);
    expect(await everyRow()).toEqual(before);
  });

  it("answers 404 to another provider's consultant, for the page and for every action, and changes nothing", async () => {
    const before = await everyRow();
    const respondentId = before.respondents[0].id;
    expect((await page(assessmentId, cookies.southConsultant)).status).toBe(404);
    const forms: Record<string, string>[] = [
      { intent: "add", name: "Mallory", group: "it" },
      { intent: "add-list", list: "Mallory, mallory@south.example, it" },
      { intent: "add-workshop", label: "Takeover", workshopGroup: "it" },
      { intent: "reissue", respondentId },
      { intent: "revoke", respondentId },
      { intent: "restore", respondentId },
      { intent: "extend", respondentId, days: "365" },
      { intent: "reopen", respondentId },
      { intent: "close" },
      { intent: "reopen-assessment" },
    ];
    for (const form of forms) {
      const response = await act(assessmentId, form, cookies.southConsultant);
      expect(response.status, form.intent).toBe(404);
      expect(await response.text()).not.toContain("North");
    }
    expect((await startAssessment(north.customer.id, { title: "Takeover", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve" }, cookies.southConsultant)).status).toBe(404);

    // Nor can they reach one of their own assessments' actions with a north respondent.
    const theirs = await createSurveyAssessment(database.db, { organisationId: south.organisation.id, customerId: south.customer.id, groups: ["it"] });
    expect((await act(theirs.assessment.id, { intent: "reissue", respondentId }, cookies.southConsultant)).status).toBe(404);
    expect((await everyRow()).respondents.filter((r) => r.organisation_id === north.organisation.id)).toEqual(before.respondents);
    expect((await everyRow()).assessments.filter((a) => a.organisation_id === north.organisation.id)).toEqual(before.assessments);
  });

  it("re-issues a link: the old one stops working, the new one works, and the answers stay", async () => {
    const added = await actOk(assessmentId, { intent: "add", name: "Reissue Me", group: "business" });
    const oldToken = tokenOf(added.issuedLinks![0]);
    const respondentId = added.issuedLinks![0].respondentId;
    await saveAnswers(database.db, { respondentId, answers: [{ questionName: "about_tenure", value: "over_ten_years", seq: 1 }] });

    const reissued = await actOk(assessmentId, { intent: "reissue", respondentId });
    expect(reissued.issuedLinks).toHaveLength(1);
    const newToken = tokenOf(reissued.issuedLinks![0]);
    expect(newToken).not.toBe(oldToken);

    const row = await respondentRow(respondentId);
    expect(row.token_hash).toBe(hashSurveyToken(newToken));
    const hashes = (await database.db.selectFrom("respondents").select("token_hash").execute()).map((r) => r.token_hash);
    expect(hashes).not.toContain(hashSurveyToken(oldToken));
    expect((await openLink(oldToken)).status).toBe(404);
    expect((await openLink(newToken)).status).toBe(302);
    expect(await listAnswers(database.db, { respondentId })).toMatchObject([{ questionName: "about_tenure", value: "over_ten_years" }]);
    expect(await auditActions()).toContain("respondent.link-reissued");
  });

  it("revokes a link so that it stops working, and restores it", async () => {
    const added = await actOk(assessmentId, { intent: "add", email: "revoke@north-customer.example", group: "other" });
    const token = tokenOf(added.issuedLinks![0]);
    const respondentId = added.issuedLinks![0].respondentId;

    await actOk(assessmentId, { intent: "revoke", respondentId });
    expect((await respondentRow(respondentId)).revoked).toBe(1);
    expect((await openLink(token)).status).toBe(404);
    const body = (await page(assessmentId, cookies.northConsultant).then((r) => r.json())) as PageBody;
    expect(body.respondents.find((r) => r.id === respondentId)?.link).toBe("revoked");

    await actOk(assessmentId, { intent: "restore", respondentId });
    expect((await respondentRow(respondentId)).revoked).toBe(0);
    expect((await openLink(token)).status).toBe(302);
    expect(await auditActions()).toEqual(expect.arrayContaining(["respondent.link-revoked", "respondent.link-restored"]));
  });

  it("extends a link to a number of days from now, refusing a number out of range", async () => {
    const added = await actOk(assessmentId, { intent: "add", name: "Extend Me", group: "it", days: "1" });
    const respondentId = added.issuedLinks![0].respondentId;
    await actOk(assessmentId, { intent: "extend", respondentId, days: "90" });
    expect(Math.abs(Date.parse((await respondentRow(respondentId)).token_expires_at!) - (Date.now() + 90 * DAY))).toBeLessThan(60_000);
    const refused = await act(assessmentId, { intent: "extend", respondentId, days: "0" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ActionBody).fieldErrors?.days).toBe("Enter a whole number of days from 1 to 365.");
    expect(await auditActions()).toContain("respondent.link-extended");
  });

  it("reopens a completed response, and only a completed one", async () => {
    const added = await actOk(assessmentId, { intent: "add", name: "Done Already", group: "executive" });
    const respondentId = added.issuedLinks![0].respondentId;
    await saveAnswers(database.db, { respondentId, answers: [{ questionName: "about_tenure", value: "under_one_year", seq: 1 }] });
    await markRespondentCompleted(database.db, respondentId);

    await actOk(assessmentId, { intent: "reopen", respondentId });
    expect(await respondentRow(respondentId)).toMatchObject({ status: "in-progress", completed_at: null });
    const again = await act(assessmentId, { intent: "reopen", respondentId });
    expect(again.status).toBe(400);
    expect(((await again.json()) as ActionBody).formError).toBe("Only a completed response can be reopened.");
    expect(await auditActions()).toContain("respondent.reopened");
  });

  it("adds a workshop session without a link, which a consultant opens from the page", async () => {
    const body = await actOk(assessmentId, { intent: "add-workshop", label: "IT leadership workshop", workshopGroup: "it" });
    expect(body.issuedLinks).toBeUndefined();
    const workshop = await database.db.selectFrom("respondents").selectAll().where("label", "=", "IT leadership workshop").executeTakeFirstOrThrow();
    expect(workshop).toMatchObject({ kind: "workshop", group_key: "it", token_hash: null, token_expires_at: null, assessment_id: assessmentId });
    const shown = (await page(assessmentId, cookies.northConsultant).then((r) => r.json())) as PageBody;
    expect(shown.respondents.find((r) => r.id === workshop.id)).toMatchObject({ kind: "workshop", link: "none", workshopPath: `/survey/${workshop.id}` });

    const reissue = await act(assessmentId, { intent: "reissue", respondentId: workshop.id });
    expect(reissue.status).toBe(400);
    expect((await respondentRow(workshop.id)).token_hash).toBeNull();
    expect((await act(assessmentId, { intent: "add-workshop", label: "", workshopGroup: "it" })).status).toBe(400);
  });

  it("answers 404 to a respondent of another assessment, and changes nothing", async () => {
    const other = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it"] });
    const stranger = other.respondents[0];
    const forms: Record<string, string>[] = [
      { intent: "reissue", respondentId: stranger.id },
      { intent: "revoke", respondentId: stranger.id },
      { intent: "extend", respondentId: stranger.id, days: "5" },
      { intent: "reopen", respondentId: stranger.id },
      { intent: "revoke", respondentId: "no-such-respondent" },
    ];
    for (const form of forms) {
      expect((await act(assessmentId, form)).status, form.intent).toBe(404);
    }
    const row = await respondentRow(stranger.id);
    expect(row).toMatchObject({ token_hash: stranger.token_hash, token_expires_at: stranger.token_expires_at, revoked: 0 });
  });

  it("closes the assessment, refusing new respondents until it is reopened", async () => {
    await actOk(assessmentId, { intent: "close" });
    expect((await database.db.selectFrom("assessments").select(["status", "closed_at"]).where("id", "=", assessmentId).executeTakeFirstOrThrow()).status).toBe("closed");
    const before = await everyRow();
    const forms: Record<string, string>[] = [
      { intent: "add", name: "Late", group: "it" },
      { intent: "add-list", list: "Late, late@north-customer.example, it" },
      { intent: "add-workshop", label: "Late workshop", workshopGroup: "it" },
    ];
    for (const form of forms) {
      const response = await act(assessmentId, form);
      expect(response.status, form.intent).toBe(400);
      expect(((await response.json()) as ActionBody).formError).toBe("This assessment is closed. Reopen it to add respondents.");
    }
    expect(await everyRow()).toEqual(before);
    expect(((await page(assessmentId, cookies.northConsultant).then((r) => r.json())) as PageBody).assessment.status).toBe("closed");

    await actOk(assessmentId, { intent: "reopen-assessment" });
    await actOk(assessmentId, { intent: "add", name: "On time again", group: "it" });
    expect(await auditActions()).toEqual(expect.arrayContaining(["assessment.closed", "assessment.reopened"]));
  });

  it("answers an unknown intent with 400", async () => {
    const response = await act(assessmentId, { intent: "delete-everything" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ActionBody).formError).toBe("Unknown action.");
  });
  it("sets the language people answer in, only among the questionnaire's languages (issue 24)", async () => {
    const v2 = await startAssessment(north.customer.id, { title: "Zweisprachig", questionnaire: "hybrid-cloud-readiness@2", mode: "self-serve" }, cookies.northConsultant);
    const v2Id = v2.headers.get("Location")!.split("/").pop()!;
    const page = (await (await respond(() => assessmentPage.loader({ request: get(`/assessments/${v2Id}`, cookies.northConsultant), params: { assessmentId: v2Id }, context }))).json()) as { languages: { value: string; label: string }[] };
    expect(page.languages).toEqual([
      { value: "en", label: "English" },
      { value: "de", label: "Deutsch" },
    ]);

    const added = await actOk(v2Id, { intent: "add", name: "Anna Berger", group: "business", days: "14", locale: "de" });
    const listed = await actOk(v2Id, { intent: "add-list", list: "Ben, ben@north-customer.example, IT", listDays: "14", listLocale: "" });
    const locales = await database.db.selectFrom("respondents").select(["id", "locale"]).where("assessment_id", "=", v2Id).execute();
    expect(Object.fromEntries(locales.map((r) => [r.id, r.locale]))).toEqual({ [added.issuedLinks![0].respondentId]: "de", [listed.issuedLinks![0].respondentId]: null });

    // A language the questionnaire does not have is refused, and nobody is added.
    const french = await act(v2Id, { intent: "add", name: "Chloé", group: "it", days: "14", locale: "fr" });
    expect(french.status).toBe(400);
    expect(((await french.json()) as ActionBody).formError).toBe("This questionnaire is not available in that language.");
    // Version 1 is English only.
    const v1German = await act(assessmentId, { intent: "add", name: "Dora", group: "it", days: "14", locale: "de" });
    expect(v1German.status).toBe(400);
    expect(await database.db.selectFrom("respondents").select("id").where("name", "in", ["Chloé", "Dora"]).execute()).toEqual([]);
  });
});
