import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDashboardCustomers, saveAssessmentSummary } from "../../db/repositories/assessment-summaries";
import { createAssessment, setAssessmentStatus } from "../../db/repositories/assessments";
import { createCustomer, setCustomerArchived } from "../../db/repositories/customers";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider } from "../support/fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`the dashboard's customer query on ${currentTestDialect()}`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("gives each customer its counts and its newest assessment, with live respondent counts and stored scores, within one provider", async () => {
    const { db } = database;
    const north = await createProvider(db, "North");
    const south = await createProvider(db, "South");
    const organisationId = north.organisation.id;
    const newAssessment = (customerId: string, title: string) =>
      createAssessment(db, { organisationId, customerId, title, questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });

    const baseline = await newAssessment(north.customer.id, "Baseline");
    await setAssessmentStatus(db, { organisationId, assessmentId: baseline.id, status: "closed" });
    // Two assessments created in the same instant: the one with the higher id is the newest.
    const [first, second] = [await newAssessment(north.customer.id, "Follow-up A"), await newAssessment(north.customer.id, "Follow-up B")];
    await db.updateTable("assessments").set({ created_at: "2030-01-01T00:00:00.000Z" }).where("id", "in", [first.id, second.id]).execute();
    const newest = first.id > second.id ? first : second;
    const respondents = await createRespondents(db, {
      organisationId,
      assessmentId: newest.id,
      respondents: ["it", "business", "engineering"].map((groupKey, i) => ({ kind: "person" as const, groupKey, name: null, tokenHash: `dashboard-${i}`, tokenExpiresAt: "2099-01-01T00:00:00.000Z" })),
    });
    await db.updateTable("respondents").set({ status: "completed" }).where("id", "=", respondents[0].id).execute();
    await saveAssessmentSummary(db, {
      organisationId,
      assessmentId: newest.id,
      customerId: north.customer.id,
      questionnaireKey: "hybrid-cloud-readiness",
      readiness: 61.5,
      dimensions: { culture: { score: 70, coverage: 1, lowConfidence: false } },
      respondentsAnswered: 2,
      respondentsInvited: 3,
      respondentsCompleted: 1,
      computedAt: "2030-01-02T00:00:00.000Z",
    });
    const archived = await createCustomer(db, { organisationId, createdBy: null, name: "Archived Ltd", industry: "", size: "", notes: "" });
    await newAssessment(archived.id, "Old one");
    await setCustomerArchived(db, { organisationId, customerId: archived.id, archived: true });
    const empty = await createCustomer(db, { organisationId, createdBy: null, name: "Empty Ltd", industry: "Banking", size: "", notes: "" });
    // Another provider's assessment, even if it named this provider's customer, is never counted or shown.
    await createAssessment(db, { organisationId: south.organisation.id, customerId: south.customer.id, title: "South's", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });

    const customers = await listDashboardCustomers(db, { organisationId });
    const byId = new Map(customers.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual([north.customer.id, archived.id, empty.id].sort());
    expect(byId.get(north.customer.id)).toEqual({
      id: north.customer.id,
      name: "North customer",
      industry: "Retail",
      archivedAt: null,
      countedAssessmentId: null,
      assessmentCount: 3,
      openAssessmentCount: 2,
      latest: {
        id: newest.id,
        title: newest.title,
        status: "open",
        createdAt: "2030-01-01T00:00:00.000Z",
        closedAt: null,
        respondentCount: 3,
        completedCount: 1,
        summary: { readiness: 61.5, dimensions: { culture: { score: 70, coverage: 1, lowConfidence: false } }, respondentsAnswered: 2 },
      },
    });
    expect(byId.get(archived.id)).toMatchObject({ archivedAt: expect.any(String), assessmentCount: 1, latest: { title: "Old one", summary: null, respondentCount: 0 } });
    expect(byId.get(empty.id)).toMatchObject({ name: "Empty Ltd", industry: "Banking", assessmentCount: 0, openAssessmentCount: 0, latest: null });
    expect((await listDashboardCustomers(db, { organisationId: south.organisation.id })).map((c) => c.name)).toEqual(["South customer"]);
  });
});
