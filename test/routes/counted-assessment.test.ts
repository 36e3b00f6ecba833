import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as dashboard from "../../app/routes/_app.dashboard";
import * as planPage from "../../app/routes/_app.customers.$customerId.plan";
import { getQuestionnaire } from "../../app/domain/questionnaire-catalogue.server";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";
import { saveAnswers } from "../../db/repositories/answers";
import { setAssessmentStatus } from "../../db/repositories/assessments";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { markRespondentCompleted } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { answerEveryQuestion, createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

type CustomerData = {
  counted: { id: string | null; how: string; words: string; chosenId: string | null; options: { id: string; usable: boolean; eligible: boolean; reason: string }[] };
  progress: { latest: { id: string } | null; changes: unknown };
};
type DashboardData = { rows: { customerName: string; readiness: number | null; counted: { id: string; words: string } | null }[] };
type PlanData = { countedAssessment: { id: string; words: string } | null; countedWords: string; plan: { assessmentId: string } | null };

/*
 * One engagement, three assessments (questionnaires/README.md, "The assessment that counts"):
 * a completed 6-person survey, then a one-session workshop with 9 answers, then an assessment on an
 * uploaded questionnaire without scoring metadata. Only the survey may count by default.
 */
describe.skipIf(databaseUnavailable())(`the assessment that counts on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let consultant: string;
  let sales: string;
  let surveyId: string;
  let workshopId: string;
  let unscoredId: string;
  let otherCustomersId: string;
  let southId: string;

  const base = () => `/customers/${north.customer.id}`;
  const args = (request: Request, customerId = north.customer.id) => ({ request, params: { customerId }, context: testContext() });
  const customer = async () => (await (await respond(() => customerPage.loader(args(get(base(), consultant))))).json()) as CustomerData;
  const dashboardRow = async () => ((await (await respond(() => dashboard.loader(args(get("/dashboard", consultant))))).json()) as DashboardData).rows.find((r) => r.customerName === "North customer")!;
  const planData = async () => (await (await respond(() => planPage.loader(args(get(`${base()}/plan`, consultant))))).json()) as PlanData;
  const choose = (assessmentId: string, cookie = consultant) => respond(() => customerPage.action(args(post(base(), { intent: "count", assessmentId }, cookie))));
  const stored = async () => (await database.db.selectFrom("customers").select("counted_assessment_id").where("id", "=", north.customer.id).executeTakeFirstOrThrow()).counted_assessment_id;
  const dated = (id: string, title: string, createdAt: string) => database.db.updateTable("assessments").set({ title, created_at: createdAt }).where("id", "=", id).execute();

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    sales = await signInAs("sales@north.example", TEST_PASSWORD);
    const organisationId = north.organisation.id;

    // A self-serve survey: six people, every question answered, all completed (still open).
    const survey = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["it", "it", "business", "business", "executive", "engineering"] });
    surveyId = survey.assessment.id;
    await dated(surveyId, "Readiness baseline", "2026-11-01T09:00:00.000Z");
    await answerEveryQuestion(database.db, { organisationId, assessmentId: surveyId, respondentIds: survey.respondents.map((r) => r.id), answer: "lowest" });

    // A one-session workshop, later, with 9 answers at their best, completed and closed.
    const workshop = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["business"], mode: "workshop" });
    workshopId = workshop.assessment.id;
    await dated(workshopId, "Board workshop", "2026-11-20T09:00:00.000Z");
    const nine = getQuestionnaire("hybrid-cloud-readiness", 1).scoringModel.items.filter((i) => i.kind === "single" && i.rowValue === null).slice(0, 9);
    expect(nine).toHaveLength(9);
    const best = (item: (typeof nine)[number]) => item.options.filter((o) => o.score !== null).sort((a, b) => b.score! - a.score!)[0].value;
    await saveAnswers(database.db, { respondentId: workshop.respondents[0].id, answers: nine.map((item) => ({ questionName: item.questionName, value: best(item), seq: 1 })) });
    await markRespondentCompleted(database.db, workshop.respondents[0].id);
    await setAssessmentStatus(database.db, { organisationId, assessmentId: workshopId, status: "closed" });
    await refreshAssessmentSummary({ organisationId, assessmentId: workshopId }, database.db);

    // An assessment on an uploaded questionnaire with no scoring metadata, newest of all, completed and closed.
    const upload = await createQuestionnaireVersion(database.db, { organisationId, key: "every-type", title: "Every question type", modelJson: readFileSync("test/fixtures/questionnaires/every-question-type.json", "utf8"), createdBy: null });
    const unscored = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["it"], questionnaire: { key: upload.key, version: upload.version } });
    unscoredId = unscored.assessment.id;
    await dated(unscoredId, "Intake form", "2026-11-25T09:00:00.000Z");
    await saveAnswers(database.db, { respondentId: unscored.respondents[0].id, answers: [{ questionName: "role", value: "Head of IT", seq: 1 }] });
    await markRespondentCompleted(database.db, unscored.respondents[0].id);
    await setAssessmentStatus(database.db, { organisationId, assessmentId: unscoredId, status: "closed" });
    await refreshAssessmentSummary({ organisationId, assessmentId: unscoredId }, database.db);

    // Another customer's assessment at the same provider, and another provider's.
    const { createCustomer } = await import("../../db/repositories/customers");
    const other = await createCustomer(database.db, { organisationId, createdBy: null, name: "Other customer", industry: "", size: "", notes: "" });
    otherCustomersId = (await createSurveyAssessment(database.db, { organisationId, customerId: other.id, groups: ["it"] })).assessment.id;
    southId = (await createSurveyAssessment(database.db, { organisationId: south.organisation.id, customerId: south.customer.id, groups: ["it"] })).assessment.id;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("by default counts the completed survey on the customer page, saying why the newer two do not count", async () => {
    const data = await customer();
    expect(data.counted).toMatchObject({ id: surveyId, how: "default", chosenId: null });
    expect(data.counted.words).toBe("Readiness baseline, open, started 1 Nov 2026, 6 of 6 respondents completed (6 answered), self-serve; the newest eligible assessment");
    const reason = (id: string) => data.counted.options.find((o) => o.id === id)!;
    expect(reason(surveyId)).toMatchObject({ usable: true, eligible: true, reason: "Eligible: every invited respondent completed, 8 of 8 dimensions answered well enough" });
    expect(reason(workshopId)).toMatchObject({ usable: true, eligible: false });
    expect(reason(workshopId).reason).toMatch(/^Not eligible by default: only [0-4] of 8 dimensions answered well enough \(needs 5\)$/);
    expect(reason(unscoredId)).toMatchObject({ usable: false, eligible: false, reason: "Not eligible: its questionnaire has no scoring, so it has no scores" });
    // Options newest first, and only this customer's.
    expect(data.counted.options.map((o) => o.id)).toEqual([unscoredId, workshopId, surveyId]);
    expect(data.progress.latest?.id).toBe(surveyId);
    // Nothing eligible before it: nothing "moved" (the workshop's +points are not progress).
    expect(data.progress.changes).toBeNull();
  });

  it("the dashboard and the plan use the survey too, and name it", async () => {
    const row = await dashboardRow();
    const summary = await database.db.selectFrom("assessment_summaries").select("readiness").where("assessment_id", "=", surveyId).executeTakeFirstOrThrow();
    expect(row.counted?.id).toBe(surveyId);
    expect(row.readiness).toBe(Number(summary.readiness));
    const before = await planData();
    expect(before.countedAssessment?.id).toBe(surveyId);
    expect(before.countedWords).toContain("Readiness baseline");
    expect((await respond(() => planPage.action(args(post(`${base()}/plan`, { intent: "generate" }, consultant))))).status).toBe(302);
    expect((await planData()).plan?.assessmentId).toBe(surveyId);
  });

  it("the consultant can choose the workshop explicitly, audit-logged, and every page follows", async () => {
    const response = await choose(workshopId);
    expect(response.status).toBe(302);
    expect(await stored()).toBe(workshopId);
    const data = await customer();
    expect(data.counted).toMatchObject({ id: workshopId, how: "chosen", chosenId: workshopId });
    expect(data.counted.words).toMatch(/^Board workshop, closed .*, 1 of 1 respondents completed \(1 answered\), workshop; chosen by the consultant$/);
    expect((await dashboardRow()).counted?.id).toBe(workshopId);
    expect((await planData()).countedAssessment?.id).toBe(workshopId);
    const audit = await database.db.selectFrom("audit_log").selectAll().where("action", "=", "customer.counted-assessment-set").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_type: "customer", target_id: north.customer.id, user_id: north.users.consultant.id });
    expect(JSON.parse(audit[0].detail_json!)).toEqual({ assessmentId: workshopId, title: "Board workshop" });

    // Back to the default rule.
    expect((await choose("")).status).toBe(302);
    expect(await stored()).toBeNull();
    expect((await customer()).counted).toMatchObject({ id: surveyId, how: "default" });
  });

  it("refuses the unscored assessment and another customer's with 400, another provider's with 404, and sales with 403, changing nothing", async () => {
    await choose(workshopId);
    const unscored = await choose(unscoredId);
    expect(unscored.status).toBe(400);
    expect(JSON.stringify(await unscored.json())).toContain("Intake form cannot count: its questionnaire has no scoring");
    const otherCustomer = await choose(otherCustomersId);
    expect(otherCustomer.status).toBe(400);
    expect(JSON.stringify(await otherCustomer.json())).toContain("not this customer's");
    expect((await choose(southId)).status).toBe(404);
    expect((await choose("not-an-id")).status).toBe(404);
    expect((await choose(surveyId, sales)).status).toBe(403);
    expect(await stored()).toBe(workshopId);
    expect((await database.db.selectFrom("audit_log").selectAll().where("action", "=", "customer.counted-assessment-set").execute()).length).toBe(3);
  });
});
