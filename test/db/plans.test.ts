import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Application } from "../../app/domain/portfolio";
import type { PlanDocument } from "../../app/domain/plan-versions";
import { createAssessment } from "../../db/repositories/assessments";
import { addKpiActual, addPlanVersion, createPlan, getPlan, getPlanVersion, listKpiActuals, listPlanVersions, listPlans } from "../../db/repositories/plans";
import {
  createImportPreview,
  deleteApplication,
  getImportPreview,
  listApplications,
  listDispositionOverrides,
  replacePortfolioFromPreview,
  saveApplication,
  setDispositionOverride,
} from "../../db/repositories/portfolio";
import { createProvider } from "../support/fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

function application(id: string, overrides: Partial<Application> = {}): Application {
  return {
    id,
    name: id.toUpperCase(),
    owningDepartment: "Finance",
    businessProcesses: ["Close the books"],
    criticality: 3,
    users: 40,
    hourlyTransactions: 12.5,
    peakHourlyTransactions: 1234.75,
    peakWindow: "Month end",
    hosting: "on-premises",
    managedByIt: true,
    dataSensitivity: "confidential",
    dependsOn: [],
    traits: ["database-heavy"],
    notes: "Line one\nline two",
    ...overrides,
  };
}

const documentOf = (title: string): PlanDocument => ({
  catalogueVersion: 1,
  openingCondition: "Start.",
  stones: [],
  totalWeeks: 0,
  unmeasuredDimensions: [title as never],
});

describe.skipIf(databaseUnavailable())(`portfolio and plan repositories on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  const scope = () => ({ organisationId: north.organisation.id, customerId: north.customer.id });

  beforeAll(async () => {
    database = await createTestDatabase();
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("stores an application exactly, fractions and line breaks included, and only for its provider", async () => {
    const ledger = application("ledger");
    await saveApplication(database.db, { ...scope(), application: ledger });
    expect(await listApplications(database.db, scope())).toEqual([ledger]);
    expect(await listApplications(database.db, { organisationId: south.organisation.id, customerId: north.customer.id })).toEqual([]);
  });

  it("edits an application where it stands and appends a new one", async () => {
    await saveApplication(database.db, { ...scope(), application: application("crm", { dependsOn: ["ledger"] }) });
    await saveApplication(database.db, { ...scope(), application: application("ledger", { name: "General ledger" }) });
    expect((await listApplications(database.db, scope())).map((a) => a.name)).toEqual(["General ledger", "CRM"]);
  });

  it("deletes an application with its override and every dependency on it", async () => {
    await setDispositionOverride(database.db, { ...scope(), applicationId: "ledger", disposition: "retain", reason: "Audit season", decidedBy: north.users.consultant.id });
    expect(await deleteApplication(database.db, { organisationId: south.organisation.id, customerId: north.customer.id, applicationId: "ledger" })).toBeNull();
    expect(await deleteApplication(database.db, { ...scope(), applicationId: "ledger" })).toEqual(["CRM"]);
    expect(await listApplications(database.db, scope())).toEqual([application("crm")]);
    expect(await listDispositionOverrides(database.db, scope())).toEqual([]);
  });

  it("replaces the portfolio from a preview once, keeping overrides of applications still there", async () => {
    await setDispositionOverride(database.db, { ...scope(), applicationId: "crm", disposition: "repurchase", reason: "SaaS CRM chosen", decidedBy: north.users.consultant.id });
    await saveApplication(database.db, { ...scope(), application: application("old") });
    await setDispositionOverride(database.db, { ...scope(), applicationId: "old", disposition: "retire", reason: "Unused", decidedBy: north.users.consultant.id });
    const incoming = Array.from({ length: 1200 }, (_, i) => application(`app-${i}`, { name: `App ${i}` }));
    incoming.push(application("crm"));
    const preview = await createImportPreview(database.db, { ...scope(), userId: north.users.consultant.id, fileName: "p.csv", fileSha256: "x", applications: incoming });

    // Only its own user, on its own provider, may use it.
    expect(await getImportPreview(database.db, { ...scope(), userId: north.users.admin.id, previewId: preview.id })).toBeUndefined();
    expect(await replacePortfolioFromPreview(database.db, { organisationId: south.organisation.id, customerId: north.customer.id, userId: north.users.consultant.id, previewId: preview.id })).toBeNull();

    const result = await replacePortfolioFromPreview(database.db, { ...scope(), userId: north.users.consultant.id, previewId: preview.id });
    expect(result).toEqual({ applications: 1201, overridesKept: 1, overridesDropped: 1 });
    const stored = await listApplications(database.db, scope());
    expect(stored).toEqual(incoming);
    expect((await listDispositionOverrides(database.db, scope())).map((o) => [o.applicationId, o.decidedByName])).toEqual([["crm", "North consultant"]]);
    // The preview is used up.
    expect(await replacePortfolioFromPreview(database.db, { ...scope(), userId: north.users.consultant.id, previewId: preview.id })).toBeNull();
  });

  it("does not confirm an expired preview", async () => {
    const then = new Date(Date.now() - 60 * 60_000);
    const preview = await createImportPreview(database.db, { ...scope(), userId: north.users.consultant.id, fileName: "p.csv", fileSha256: "x", applications: [application("late")], now: then });
    expect(await replacePortfolioFromPreview(database.db, { ...scope(), userId: north.users.consultant.id, previewId: preview.id })).toBeNull();
    expect(await listApplications(database.db, scope())).toHaveLength(1201);
  });

  it("keeps plan versions as written, refuses a save on a stale base, and scopes plans to their provider", async () => {
    const assessment = await createAssessment(database.db, { ...scope(), title: "Baseline", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null });
    const { planId } = await createPlan(database.db, { ...scope(), assessmentId: assessment.id, document: documentOf("one"), note: "Generated", createdBy: north.users.consultant.id });
    const v1 = await getPlanVersion(database.db, { organisationId: north.organisation.id, planId, version: 1 });
    expect(await addPlanVersion(database.db, { organisationId: north.organisation.id, planId, baseVersion: 1, document: documentOf("two"), note: "Edited", createdBy: north.users.consultant.id })).toBe(2);
    expect(await addPlanVersion(database.db, { organisationId: north.organisation.id, planId, baseVersion: 1, document: documentOf("late"), note: "Late", createdBy: north.users.admin.id })).toBeNull();
    expect(await getPlanVersion(database.db, { organisationId: north.organisation.id, planId, version: 1 })).toEqual(v1);
    expect((await listPlanVersions(database.db, { organisationId: north.organisation.id, planId })).map((v) => [v.version, v.note, v.createdByName])).toEqual([
      [2, "Edited", "North consultant"],
      [1, "Generated", "North consultant"],
    ]);
    expect(await getPlan(database.db, { ...scope(), planId })).toMatchObject({ latestVersion: 2, assessmentTitle: "Baseline" });
    expect(await getPlan(database.db, { organisationId: south.organisation.id, customerId: north.customer.id, planId })).toBeUndefined();
    expect(await listPlans(database.db, { organisationId: south.organisation.id, customerId: north.customer.id })).toEqual([]);
    expect(await getPlanVersion(database.db, { organisationId: south.organisation.id, planId, version: 1 })).toBeUndefined();

    await addKpiActual(database.db, { organisationId: north.organisation.id, planId, kpiId: "lost-orders", measuredAt: "2026-03-01", value: 41.5, note: "", recordedBy: north.users.consultant.id });
    await addKpiActual(database.db, { organisationId: north.organisation.id, planId, kpiId: "lost-orders", measuredAt: "2026-01-01", value: 50, note: "Baseline month", recordedBy: north.users.consultant.id });
    expect((await listKpiActuals(database.db, { organisationId: north.organisation.id, planId })).map((a) => [a.measuredAt, a.value])).toEqual([
      ["2026-01-01", 50],
      ["2026-03-01", 41.5],
    ]);
    expect(await listKpiActuals(database.db, { organisationId: south.organisation.id, planId })).toEqual([]);
  });
});
