import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as dashboard from "../../app/routes/_app.dashboard";
import * as resultsPage from "../../app/routes/_app.assessments.$assessmentId_.results/route";
import { getQuestionnaire } from "../../app/domain/questionnaire-catalogue.server";
import { chooseCountedAssessmentFor } from "../../app/services/counted-assessment.server";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { answerEveryQuestion, createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

type Evidence = { thin: boolean; words: string } | null;
type DashboardData = { rows: { customerName: string; readiness: number | null; culture: number | null; evidence: Record<"readiness" | "culture" | "skills" | "shadowIt", Evidence> }[] };
type CustomerData = { readinessEvidenceById: Record<string, Evidence>; progress: { latest: { id: string; evidence: Record<string, Evidence> } | null } };

/*
 * Honest confidence on the dashboard and the customer page (rule 13; issue 17): every score comes
 * with its coverage and the people behind it, and a thin one says "thin evidence" in words.
 */
describe.skipIf(databaseUnavailable())(`scores carry their evidence on the dashboard and the customer page on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let consultant: string;
  let surveyId: string;
  let workshopId: string;
  const args = (request: Request) => ({ request, params: { customerId: north.customer.id }, context: testContext() });
  const dashboardRow = async () => ((await (await respond(() => dashboard.loader(args(get("/dashboard", consultant))))).json()) as DashboardData).rows.find((r) => r.customerName === "North customer")!;
  const customer = async () => (await (await respond(() => customerPage.loader(args(get(`/customers/${north.customer.id}`, consultant))))).json()) as CustomerData;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    const organisationId = north.organisation.id;
    // Six people answer every scored question: every dimension at full coverage, all of them completed.
    const survey = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["it", "it", "business", "business", "executive", "engineering"] });
    surveyId = survey.assessment.id;
    await answerEveryQuestion(database.db, { organisationId, assessmentId: surveyId, respondentIds: survey.respondents.map((r) => r.id), answer: "highest" });
    // One business person answers the first three culture questions and nothing else: thin everywhere.
    const workshop = await createSurveyAssessment(database.db, { organisationId, customerId: north.customer.id, groups: ["business"], mode: "workshop" });
    workshopId = workshop.assessment.id;
    const culture = getQuestionnaire("hybrid-cloud-readiness", 1).scoringModel.items.filter((i) => i.dimension === "culture" && i.kind === "single" && i.rowValue === null).slice(0, 3);
    expect(culture).toHaveLength(3);
    await saveAnswers(database.db, { respondentId: workshop.respondents[0].id, answers: culture.map((item) => ({ questionName: item.questionName, value: item.options.find((o) => o.score !== null)!.value, seq: 1 })) });
    await refreshAssessmentSummary({ organisationId, assessmentId: workshopId }, database.db);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("the dashboard gives each headline score its coverage and people, from the stored summary", async () => {
    const row = await dashboardRow();
    expect(row.evidence.readiness).toEqual({ thin: false, wellAnswered: 8, words: "8 of 8 dimensions answered well enough, from 6 people" });
    // Everything answered with points: 100 % coverage; culture is asked of every group, so all six are behind it.
    expect(row.evidence.culture).toEqual({ thin: false, words: "100 % of questions answered · 6 people" });
    expect(row.evidence.skills?.words).toMatch(/^100 % of questions answered · [1-6] people?$/);
    expect(row.evidence.shadowIt?.words).toMatch(/^100 % of questions answered · [1-6] (people|person)$/);
  });

  it("the results page gives overall readiness its evidence too: dimensions answered well enough and people", async () => {
    const response = await respond(() => resultsPage.loader({ request: get(`/assessments/${surveyId}/results`, consultant), params: { assessmentId: surveyId }, context: testContext() }));
    const data = (await response.json()) as { readinessEvidence: string | null; readinessNoLevel: string | null };
    expect(data.readinessNoLevel).toBeNull();
    expect(data.readinessEvidence).toBe("8 of 8 dimensions answered well enough, from 6 people");
  });

  it("a thin assessment reads \"thin evidence\" on the dashboard and the customer page, with the one person behind it", async () => {
    expect(await chooseCountedAssessmentFor({ organisationId: north.organisation.id, customerId: north.customer.id, assessmentId: workshopId }, database.db)).toMatchObject({ ok: true });
    const row = await dashboardRow();
    expect(row.evidence.readiness).toMatchObject({ thin: true, words: "Thin evidence: only 0 of 8 dimensions answered well enough, from one person" });
    expect(row.evidence.culture?.thin).toBe(true);
    expect(row.evidence.culture?.words).toMatch(/^Thin evidence: only \d+ % of the questions shown were answered, from one person$/);
    // A dimension nobody answered has no score, and so no evidence line claiming one.
    expect(row.evidence.skills).toBeNull();

    const page = await customer();
    expect(page.readinessEvidenceById[surveyId]?.words).toBe("8 of 8 dimensions answered well enough, from 6 people");
    expect(page.readinessEvidenceById[workshopId]).toMatchObject({ thin: true });
    expect(page.progress.latest?.id).toBe(workshopId);
    expect(page.progress.latest?.evidence.culture?.words).toMatch(/^Thin evidence: only \d+ % of the questions shown were answered, from one person$/);
  });
});
