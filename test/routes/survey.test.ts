import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as linkRoute from "../../app/routes/s.$token";
import * as answersRoute from "../../app/routes/survey.$respondentId.answers";
import * as surveyRoute from "../../app/routes/survey.$respondentId";
import { hashSurveyToken, issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";
import { listAnswers } from "../../db/repositories/answers";
import { setAssessmentStatus } from "../../db/repositories/assessments";
import { createRespondents, replaceRespondentToken, setRespondentExpiry, setRespondentRevoked } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, get, post, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`taking a survey on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let survey: Awaited<ReturnType<typeof createSurveyAssessment>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business", "engineering"] });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  async function openLink(token: string, address = "198.51.100.1") {
    return respond(() => linkRoute.loader({ request: get(`/s/${token}`), params: { token }, context: testContext(address) }));
  }

  async function surveyCookie(token: string) {
    const response = await openLink(token);
    expect(response.status).toBe(302);
    return cookieFrom(response.headers);
  }

  function save(respondentId: string, cookie: string | undefined, body: unknown) {
    const request = new Request(`${TEST_ORIGIN}/survey/${respondentId}/answers`, {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "Content-Type": "application/json", ...(cookie ? { Cookie: cookie } : {}) },
    });
    return respond(() => answersRoute.action({ request, params: { respondentId }, context: testContext() }));
  }

  async function stored(respondentId: string) {
    return Object.fromEntries((await listAnswers(database.db, { respondentId })).map((a) => [a.questionName, a.value]));
  }

  it("exchanges the link for a cookie scoped to that one survey and redirects to a URL without the token", async () => {
    const [first] = survey.respondents;
    const response = await openLink(first.token);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/survey/${first.id}`);
    expect(response.headers.get("Location")).not.toContain(first.token);
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toContain(`Path=/survey/${first.id}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toContain(first.token);
    expect(response.headers.get("Cache-Control")).toBe("no-store");

    const page = await respond(() => surveyRoute.loader({ request: get(`/survey/${first.id}`, cookieFrom(response.headers)), params: { respondentId: first.id }, context: testContext() }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as { group: string; completed: boolean; answers: object };
    expect(data).toMatchObject({ group: "it", completed: false, answers: {} });
    const row = await database.db.selectFrom("respondents").select(["status", "opened_at"]).where("id", "=", first.id).executeTakeFirstOrThrow();
    expect(row.status).toBe("in-progress");
    expect(row.opened_at).not.toBeNull();
  });

  it("stores no usable token: only its SHA-256", async () => {
    const rows = await database.db.selectFrom("respondents").select("token_hash").execute();
    for (const respondent of survey.respondents) {
      expect(rows.map((r) => r.token_hash)).toContain(hashSurveyToken(respondent.token));
      expect(JSON.stringify(rows)).not.toContain(respondent.token);
    }
  });

  it("a survey cookie reaches its own respondent's survey and nothing else", async () => {
    const [first, second] = survey.respondents;
    const cookie = await surveyCookie(first.token);
    const other = await respond(() => surveyRoute.loader({ request: get(`/survey/${second.id}`, cookie), params: { respondentId: second.id }, context: testContext() }));
    expect(other.status).toBe(404);
    const saveOther = await save(second.id, cookie, { answers: [{ question: "culture_change_response", value: "engaged", seq: 1 }] });
    expect(saveOther.status).toBe(404);
    expect(await stored(second.id)).toEqual({});
  });

  it("gives the same plain answer for a wrong, expired or revoked link", async () => {
    const extra = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "it"] });
    const [expired, revoked] = extra.respondents;
    await setRespondentExpiry(database.db, { organisationId: north.organisation.id, respondentId: expired.id, tokenExpiresAt: new Date(Date.now() - 1000).toISOString() });
    await setRespondentRevoked(database.db, { organisationId: north.organisation.id, respondentId: revoked.id, revoked: true });
    const bodies = new Set<string>();
    for (const token of [expired.token, revoked.token, issueSurveyToken().token, "short"]) {
      const response = await openLink(token, "198.51.100.2");
      expect(response.status).toBe(404);
      const body = await response.text();
      expect(body).not.toContain("Readiness baseline");
      bodies.add(body);
    }
    expect(bodies.size).toBe(1);
  });

  it("stops the old link and its cookie when a link is re-issued, keeping the answers", async () => {
    const extra = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["business"] });
    const [respondent] = extra.respondents;
    const oldCookie = await surveyCookie(respondent.token);
    expect((await save(respondent.id, oldCookie, { answers: [{ question: "culture_change_response", value: "engaged", seq: 1 }] })).status).toBe(200);
    const fresh = issueSurveyToken();
    await replaceRespondentToken(database.db, { organisationId: north.organisation.id, respondentId: respondent.id, tokenHash: fresh.tokenHash, tokenExpiresAt: linkExpiry() });
    expect((await openLink(respondent.token, "198.51.100.3")).status).toBe(404);
    expect((await save(respondent.id, oldCookie, { answers: [{ question: "culture_change_response", value: "proposed", seq: 2 }] })).status).toBe(404);
    const newCookie = await surveyCookie(fresh.token);
    const page = await respond(() => surveyRoute.loader({ request: get(`/survey/${respondent.id}`, newCookie), params: { respondentId: respondent.id }, context: testContext() }));
    expect(((await page.json()) as { answers: object }).answers).toEqual({ culture_change_response: "engaged" });
  });

  it("keeps the newest answer when saves arrive out of order, and treats a repeated save as harmless", async () => {
    const [, second] = survey.respondents;
    const cookie = await surveyCookie(second.token);
    expect((await save(second.id, cookie, { answers: [{ question: "culture_change_response", value: "proposed", seq: 3 }] })).status).toBe(200);
    expect((await save(second.id, cookie, { answers: [{ question: "culture_change_response", value: "resisted", seq: 2 }] })).status).toBe(200);
    expect((await save(second.id, cookie, { answers: [{ question: "culture_change_response", value: "proposed", seq: 3 }] })).status).toBe(200);
    expect(await stored(second.id)).toEqual({ culture_change_response: "proposed" });
    const [row] = await listAnswers(database.db, { respondentId: second.id });
    expect(row.seq).toBe(3);
  });

  it("saves two respondents' answers at once without mixing them", async () => {
    const extra = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    const [a, b] = extra.respondents;
    const [cookieA, cookieB] = [await surveyCookie(a.token), await surveyCookie(b.token)];
    const choices = ["resisted", "reluctant", "complied", "engaged", "proposed"];
    const saves = [];
    for (let seq = 1; seq <= 20; seq++) {
      saves.push(save(a.id, cookieA, { answers: [{ question: "culture_change_response", value: choices[seq % 5], seq }], page: 1 }));
      saves.push(save(b.id, cookieB, { answers: [{ question: "culture_change_response", value: choices[(seq + 2) % 5], seq }], page: 2 }));
    }
    const responses = await Promise.all(saves);
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(await stored(a.id)).toEqual({ culture_change_response: choices[20 % 5] });
    expect(await stored(b.id)).toEqual({ culture_change_response: choices[22 % 5] });
    const pages = await database.db.selectFrom("respondents").select(["id", "current_page"]).where("id", "in", [a.id, b.id]).execute();
    expect(Object.fromEntries(pages.map((p) => [p.id, p.current_page]))).toEqual({ [a.id]: 1, [b.id]: 2 });
  });

  it("refuses a tampered answer, malformed JSON and an oversized body, changing nothing", async () => {
    const [first] = survey.respondents;
    const cookie = await surveyCookie(first.token);
    expect((await save(first.id, cookie, { answers: [{ question: "culture_change_response", value: "engaged", seq: 10 }] })).status).toBe(200);
    const before = await stored(first.id);

    const tampered = await save(first.id, cookie, {
      answers: [
        { question: "culture_change_response", value: "proposed", seq: 11 },
        { question: "culture_change_response_x", value: "x", seq: 1 },
      ],
    });
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ errors: [{ question: "culture_change_response_x", message: "There is no such question in this survey." }] });

    const wrongType = await save(first.id, cookie, { answers: [{ question: "culture_change_response", value: { $gt: "" }, seq: 12 }] });
    expect(wrongType.status).toBe(400);
    expect((await save(first.id, cookie, "{not json")).status).toBe(400);
    expect((await save(first.id, cookie, { answers: [{ question: "q", value: 1, seq: -1 }] })).status).toBe(400);
    expect((await save(first.id, cookie, { answers: [], extra: true })).status).toBe(400);
    const huge = await save(first.id, cookie, { answers: [{ question: "reflections_one_thing", value: "x".repeat(70_000), seq: 1 }] });
    expect(huge.status).toBe(413);
    expect(await stored(first.id)).toEqual(before);
  });

  it("only lets a workshop facilitator save notes", async () => {
    const [first] = survey.respondents;
    const cookie = await surveyCookie(first.token);
    const response = await save(first.id, cookie, { notes: [{ question: "culture_change_response", note: "sneaky", seq: 1 }] });
    expect(response.status).toBe(400);
    expect(await database.db.selectFrom("facilitator_notes").selectAll().execute()).toHaveLength(0);
  });

  it("will not complete an empty survey, completes an answered one, and then keeps it read-only", async () => {
    const extra = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["executive"] });
    const [respondent] = extra.respondents;
    const cookie = await surveyCookie(respondent.token);
    const complete = () => respond(() => surveyRoute.action({ request: post(`/survey/${respondent.id}`, { intent: "complete" }, cookie), params: { respondentId: respondent.id }, context: testContext() }));
    const empty = await complete();
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ message: "Answer at least one question before you finish." });
    await save(respondent.id, cookie, { answers: [{ question: "culture_change_response", value: "engaged", seq: 1 }] });
    expect((await complete()).status).toBe(200);
    const late = await save(respondent.id, cookie, { answers: [{ question: "culture_change_response", value: "resisted", seq: 2 }] });
    expect(late.status).toBe(409);
    expect(await stored(respondent.id)).toEqual({ culture_change_response: "engaged" });
    const page = await respond(() => surveyRoute.loader({ request: get(`/survey/${respondent.id}`, cookie), params: { respondentId: respondent.id }, context: testContext() }));
    expect(((await page.json()) as { completed: boolean }).completed).toBe(true);
  });

  it("shows a polite closed page once the assessment is closed, and refuses saves", async () => {
    const extra = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it"] });
    const [respondent] = extra.respondents;
    const cookie = await surveyCookie(respondent.token);
    await setAssessmentStatus(database.db, { organisationId: north.organisation.id, assessmentId: extra.assessment.id, status: "closed" });
    const link = await openLink(respondent.token, "198.51.100.4");
    expect(link.status).toBe(410);
    expect(await link.text()).toBe("This survey has closed. Thank you for your interest.");
    expect((await save(respondent.id, cookie, { answers: [{ question: "culture_change_response", value: "engaged", seq: 1 }] })).status).toBe(410);
  });

  it("lets a consultant of the same provider run a workshop session, with notes, and nobody else", async () => {
    const [workshop] = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: survey.assessment.id,
      respondents: [{ kind: "workshop", groupKey: "it", label: "IT leadership workshop", tokenHash: null, tokenExpiresAt: null }],
    });
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    const saved = await save(workshop.id, consultant, {
      answers: [{ question: "culture_change_response", value: "complied", seq: 1 }],
      notes: [{ question: "culture_change_response", note: "Ops lead disagreed: \"we resist everything\" <b>", seq: 1 }],
    });
    expect(saved.status).toBe(200);
    const notes = await database.db.selectFrom("facilitator_notes").selectAll().where("respondent_id", "=", workshop.id).execute();
    expect(notes[0].note).toBe("Ops lead disagreed: \"we resist everything\" <b>");

    const rival = await signInAs("consultant@south.example", TEST_PASSWORD);
    expect((await save(workshop.id, rival, { answers: [{ question: "culture_change_response", value: "resisted", seq: 5 }] })).status).toBe(404);
    const sales = await signInAs("sales@north.example", TEST_PASSWORD);
    expect((await save(workshop.id, sales, { answers: [{ question: "culture_change_response", value: "resisted", seq: 5 }] })).status).toBe(404);
    expect((await save(workshop.id, undefined, { answers: [] })).status).toBe(404);
    expect(await stored(workshop.id)).toEqual({ culture_change_response: "complied" });
    // A consultant cannot open a person's link survey without the link.
    const [person] = survey.respondents;
    expect((await save(person.id, consultant, { answers: [] })).status).toBe(404);
    expect(south.organisation.id).not.toBe(north.organisation.id);
  });

  it("limits guessing of survey links per address", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) last = await openLink(issueSurveyToken().token, "198.51.100.250");
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
