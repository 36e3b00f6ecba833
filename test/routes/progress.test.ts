import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as reassess from "../../app/routes/_app.assessments.$assessmentId_.reassess";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as dashboard from "../../app/routes/_app.dashboard";
import { hashSurveyToken } from "../../app/services/survey-access.server";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { setAssessmentStatus } from "../../db/repositories/assessments";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { answerEveryQuestion, createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`re-assessment, progress and dashboard on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let first: Awaited<ReturnType<typeof createSurveyAssessment>>;
  let consultant: string;

  async function answerAll(respondentIds: string[], choice: string) {
    for (const id of respondentIds) await saveAnswers(database.db, { respondentId: id, answers: [{ questionName: "culture_change_response", value: choice, seq: 1 }] });
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    await createProvider(database.db, "South");
    first = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    await createRespondents(database.db, { organisationId: north.organisation.id, assessmentId: first.assessment.id, respondents: [{ kind: "workshop", groupKey: "executive", label: "Board session", tokenHash: null, tokenExpiresAt: null }] });
    // A finished baseline (every question answered, the board session never held, so it is closed):
    // only such an assessment counts by default (questionnaires/README.md, "The assessment that counts").
    await answerEveryQuestion(database.db, { organisationId: north.organisation.id, assessmentId: first.assessment.id, respondentIds: first.respondents.map((r) => r.id), answer: "lowest" });
    await setAssessmentStatus(database.db, { organisationId: north.organisation.id, assessmentId: first.assessment.id, status: "closed" });
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const args = (request: Request, params: Record<string, string>) => ({ request, params, context: testContext() });

  it("re-assesses with the same people on new links and keeps the old links on the old assessment", async () => {
    const response = await respond(() =>
      reassess.action(args(post(`/assessments/${first.assessment.id}/reassess`, { title: "Re-assessment", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve", days: "14" }, consultant), { assessmentId: first.assessment.id })),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { assessmentId: string; issuedLinks: { url: string; respondentId: string }[]; workshopSessions: number };
    expect(body.issuedLinks).toHaveLength(2);
    expect(body.workshopSessions).toBe(1);
    const created = await database.db.selectFrom("assessments").selectAll().where("id", "=", body.assessmentId).executeTakeFirstOrThrow();
    expect(created.previous_assessment_id).toBe(first.assessment.id);
    const respondents = await database.db.selectFrom("respondents").selectAll().where("assessment_id", "=", body.assessmentId).execute();
    expect(respondents.map((r) => `${r.kind}:${r.group_key}`).sort()).toEqual(["person:business", "person:it", "workshop:executive"]);
    for (const link of body.issuedLinks) {
      const token = link.url.split("/s/")[1];
      expect(respondents.find((r) => r.id === link.respondentId)?.token_hash).toBe(hashSurveyToken(token));
    }
    // The first assessment's links still reach the first assessment's respondents.
    const old = await database.db.selectFrom("respondents").select("assessment_id").where("token_hash", "=", hashSurveyToken(first.respondents[0].token)).executeTakeFirstOrThrow();
    expect(old.assessment_id).toBe(first.assessment.id);

    // Second round: the organisation got better at change.
    const [itNew, businessNew] = respondents.filter((r) => r.kind === "person").sort((a, b) => a.group_key.localeCompare(b.group_key));
    await answerEveryQuestion(database.db, { organisationId: north.organisation.id, assessmentId: body.assessmentId, respondentIds: [itNew.id, businessNew.id], answer: "highest" });
    // Open, with the board session still to come: the baseline still counts and nothing has moved yet.
    const whileOpen = (await (await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`, consultant), { customerId: north.customer.id })))).json()) as { counted: { id: string }; progress: { changes: unknown } };
    expect(whileOpen.counted.id).toBe(first.assessment.id);
    expect(whileOpen.progress.changes).toBeNull();
    await setAssessmentStatus(database.db, { organisationId: north.organisation.id, assessmentId: body.assessmentId, status: "closed" });

    const page = await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`, consultant), { customerId: north.customer.id })));
    const data = (await page.json()) as { progress: { changes: { key: string; before: number; after: number; change: number; better: boolean | null }[]; trendSvg: string } };
    const culture = data.progress.changes.find((c) => c.key === "culture")!;
    // Every question answered with its lowest-scoring answer the first time, its highest the second.
    expect(culture).toMatchObject({ before: 0, after: 100, change: 100, better: true });
    expect(data.progress.trendSvg).toContain("<svg");
  });

  it("refuses a re-assessment on another questionnaire, by sales, or of another provider's assessment", async () => {
    const bad = await respond(() => reassess.action(args(post(`/assessments/${first.assessment.id}/reassess`, { title: "X", questionnaire: "other-questionnaire@1", mode: "self-serve", days: "14" }, consultant), { assessmentId: first.assessment.id })));
    expect(bad.status).toBe(400);
    const sales = await signInAs("sales@north.example", TEST_PASSWORD);
    expect((await respond(() => reassess.loader(args(get(`/assessments/${first.assessment.id}/reassess`, sales), { assessmentId: first.assessment.id })))).status).toBe(403);
    const rival = await signInAs("consultant@south.example", TEST_PASSWORD);
    expect((await respond(() => reassess.action(args(post(`/assessments/${first.assessment.id}/reassess`, { title: "X", questionnaire: "hybrid-cloud-readiness@1", mode: "self-serve", days: "14" }, rival), { assessmentId: first.assessment.id })))).status).toBe(404);
  });

  it("shows each customer's latest scores and next step on the dashboard, sorted on request", async () => {
    await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: "Aardvark Ltd", industry: "", size: "", notes: "" });
    const response = await respond(() => dashboard.loader(args(get("/dashboard?sort=culture", consultant), {})));
    const data = (await response.json()) as { rows: { customerName: string; culture: number | null; nextStep: string }[] };
    expect(data.rows.map((r) => r.customerName)).toEqual(["North customer", "Aardvark Ltd"]);
    expect(data.rows[0].culture).toBe(100);
    expect(data.rows[1]).toMatchObject({ culture: null, nextStep: "Start a baseline assessment" });
    const filtered = (await (await respond(() => dashboard.loader(args(get("/dashboard?status=none", consultant), {})))).json()) as { rows: { customerName: string }[] };
    expect(filtered.rows.map((r) => r.customerName)).toEqual(["Aardvark Ltd"]);
  });

  it("benchmarks against other customers only once there are five of them", async () => {
    const benchmarkOf = async () => ((await (await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`, consultant), { customerId: north.customer.id })))).json()) as { progress: { benchmark: { customers: number; dimensions: Record<string, number> } | null } }).progress.benchmark;
    for (let i = 0; i < 5; i++) {
      const customer = await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: `Peer ${i}`, industry: "", size: "", notes: "" });
      const peer = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: customer.id, groups: ["it"] });
      // Each peer is compared by its own assessment that counts: a completed one, every question answered.
      await answerEveryQuestion(database.db, { organisationId: north.organisation.id, assessmentId: peer.assessment.id, respondentIds: [peer.respondents[0].id], answer: i % 2 === 0 ? "lowest" : "highest" });
      if (i < 4) expect(await benchmarkOf()).toBeNull();
    }
    const benchmark = await benchmarkOf();
    // Peers scored 0, 100, 0, 100, 0 on culture: mean 40.
    expect(benchmark).toMatchObject({ customers: 5, dimensions: { culture: 40 } });
    // A sixth peer with one answer on an open assessment counts for nothing, so it is not in the average.
    const thin = await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: "Peer thin", industry: "", size: "", notes: "" });
    const thinPeer = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: thin.id, groups: ["it"] });
    await answerAll([thinPeer.respondents[0].id], "proposed");
    await refreshAssessmentSummary({ organisationId: north.organisation.id, assessmentId: thinPeer.assessment.id }, database.db);
    expect(await benchmarkOf()).toMatchObject({ customers: 5, dimensions: { culture: 40 } });
    // Out of the dashboard listing that the next test pages through.
    await setCustomerArchived(database.db, { organisationId: north.organisation.id, customerId: thin.id, archived: true });
  });

  it("shows the dashboard 50 customers a page, in one order across pages, with totals over all of them", async () => {
    for (let i = 0; i < 55; i++) {
      await createCustomer(database.db, { organisationId: north.organisation.id, createdBy: null, name: `Zulu ${String(i).padStart(2, "0")}`, industry: "", size: "", notes: "" });
    }
    type Page = { rows: { customerName: string }[]; paging: { page: number; pageCount: number; matching: number; firstShown: number }; totals: { customers: number } };
    const pageOf = async (query: string) => (await (await respond(() => dashboard.loader(args(get(`/dashboard${query}`, consultant), {})))).json()) as Page;
    const first = await pageOf("");
    const second = await pageOf("?page=2");
    expect(first.rows).toHaveLength(50);
    expect(first.paging).toEqual({ page: 1, pageCount: 2, matching: 62, firstShown: 1 });
    expect(second.paging).toEqual({ page: 2, pageCount: 2, matching: 62, firstShown: 51 });
    expect(second.rows.map((r) => r.customerName)).toEqual(Array.from({ length: 12 }, (_, i) => `Zulu ${String(43 + i)}`));
    const names = [...first.rows, ...second.rows].map((r) => r.customerName);
    expect(new Set(names).size).toBe(62);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en-GB")));
    expect(first.totals.customers).toBe(62);
    // A page past the end shows the last; a page that is not a number shows the first.
    expect((await pageOf("?page=999")).paging.page).toBe(2);
    expect((await pageOf("?page=abc")).paging.page).toBe(1);
    // Filters apply before paging.
    expect((await pageOf("?q=zulu%2004&page=2")).rows.map((r) => r.customerName)).toEqual(["Zulu 04"]);
  });
});
