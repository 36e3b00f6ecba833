import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePortfolioCsv } from "../../app/domain/portfolio";
import { buildReportModel } from "../../app/reports/report-sources.server";
import { renderReportPdf } from "../../app/reports/render-pdf";
import { generateCustomerPlan } from "../../app/services/plans.server";
import { saveAnswers } from "../../db/repositories/answers";
import { saveApplication } from "../../db/repositories/portfolio";
import { createProvider } from "../support/fixtures";
import { useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { chooseCountedAssessmentFor } from "../../app/services/counted-assessment.server";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

describe.skipIf(databaseUnavailable())(`the report carries the plan on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let assessmentId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    assessmentId = survey.assessment.id;
    for (const r of survey.respondents) {
      await saveAnswers(database.db, {
        respondentId: r.id,
        answers: [
          { questionName: "skills_team_cloud_level", value: "awareness", seq: 1 },
          { questionName: "operations_outage_impact", value: "weekly", seq: 1 },
          { questionName: "culture_change_response", value: "resisted", seq: 1 },
        ],
      });
    }
    // Three answers each: thin evidence, so it counts only because the consultant chose it.
    expect(await chooseCountedAssessmentFor({ organisationId: north.organisation.id, customerId: north.customer.id, assessmentId }, database.db)).toMatchObject({ ok: true });
    const portfolio = parsePortfolioCsv(
      ["name,owning_department,criticality,hosting,managed_by_it,data_sensitivity,peak_window,depends_on,traits", "Intranet,HR,1,on-premises,yes,internal,Mon 09:00,,virtualised", "Order desk,Sales,4,on-premises,yes,confidential,month end,Intranet,database-heavy"].join("\n"),
    );
    expect(portfolio.problems).toEqual([]);
    for (const application of portfolio.rows) await saveApplication(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, application });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("has no plan sections before a plan exists, and all four once it does", async () => {
    const before = await buildReportModel({ organisationId: north.organisation.id, assessmentId });
    expect(before.sections.map((s) => s.id)).not.toContain("steppingStones");

    const generated = await generateCustomerPlan({ organisationId: north.organisation.id, customerId: north.customer.id, userId: north.users.consultant.id });
    expect(generated.ok).toBe(true);
    const model = await buildReportModel({ organisationId: north.organisation.id, assessmentId });
    expect(model.sections.map((s) => s.id)).toEqual(expect.arrayContaining(["steppingStones", "teachingPlan", "dispositions", "outcomeKpis"]));
    expect(model.plan.steppingStones!.length).toBeGreaterThan(1);
    expect(model.plan.dispositions!.map((d) => d.workload).sort()).toEqual(["Intranet", "Order desk"]);
    // Outcome measures are business outcomes, never adoption counts.
    expect(model.plan.outcomeKpis!.map((k) => k.outcome).join(" ")).not.toMatch(/workloads moved|users onboarded|adoption/i);

    const dir = mkdtempSync(join(tmpdir(), "cairn-report-plan-"));
    const file = join(dir, "report.pdf");
    writeFileSync(file, await renderReportPdf(model));
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    for (const title of ["Stepping-stone roadmap", "Teaching plan", "Dispositions and waves", "Outcome KPIs", model.plan.steppingStones![0].title, "Order desk"]) {
      expect(text.replace(/\s+/g, " "), title).toContain(title);
    }
    // Each stone names the findings it answers (plan rules version 2), in the PDF's roadmap too; three answers are thin evidence.
    const house = model.plan.steppingStones!.find((stone) => stone.title === "Put IT's own house in order")!;
    expect(house.summary).toMatch(/ Answers: Operational health: all respondents \(2 people\) \d+, level 1 \(thin evidence\)\.$/);
    const flowing = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(flowing).toMatch(/Answers: Operational health: all respondents \(2 people\) \d+, level 1 \(thin evidence\)\./);
    // The headline tiles print thin evidence in full rather than truncating it (rules 12, 13): three
    // answers each leave every dimension below 60 % coverage, so readiness has no level.
    const [readiness, culture] = model.summary.headlines;
    expect(readiness).toMatchObject({ levelLabel: "No level yet", evidence: "Thin evidence: treat as indicative" });
    expect(culture.evidence).toMatch(/^Thin evidence: only \d+ % of the questions shown were answered, from 2 people$/);
    expect(flowing).toContain("No level yet");
    expect(flowing).toContain(culture.evidence!);
  });
});
