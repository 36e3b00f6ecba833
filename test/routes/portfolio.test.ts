import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as portfolioCsv from "../../app/routes/_app.customers.$customerId.portfolio[.csv]";
import * as portfolioPage from "../../app/routes/_app.customers.$customerId.portfolio";
import * as wavesPage from "../../app/routes/_app.customers.$customerId.waves";
import { parsePortfolioCsv, PORTFOLIO_COLUMNS, type Application } from "../../app/domain/portfolio";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createImportPreview, listApplications, saveApplication } from "../../db/repositories/portfolio";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { answerEveryQuestion, createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const HEADER = "name,owning_department,business_processes,criticality,users,hourly_transactions,peak_hourly_transactions,peak_window,hosting,managed_by_it,data_sensitivity,depends_on,traits,notes";

/** A well-formed portfolio of `count` applications: chains of dependencies, App 000 and App 001 in a circle, a spread of hosting and traits. */
function goodPortfolio(count: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const hosting = ["on-premises", "on-premises", "colocation", "saas", "public-cloud"][i % 5];
    const depends = i > 0 && i % 7 !== 0 ? `App ${String(i - 1).padStart(3, "0")}` : i === 0 && count > 1 ? "App 001" : "";
    const traits = ["virtualised", "database-heavy", "custom-built", "saas-alternative", ""][i % 5];
    lines.push(
      [`App ${String(i).padStart(3, "0")}`, ["Sales", "Finance", "HR", "Logistics"][i % 4], '"Take orders; Invoice"', (i % 5) + 1, 10 + i, 100 + i, 400 + i, i % 3 === 0 ? "Month end" : "", hosting, i % 11 === 0 ? "no" : "yes", ["internal", "confidential", "restricted", "public"][i % 4], depends, traits, `"Note ${i}, with a comma"`].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const BAD_FILE = [
  HEADER,
  "Ledger,Finance,,3,40,,,,mainframe,yes,confidential,,,",
  "Orders,Sales,,9,,,,,on-premises,maybe,internal,Nowhere,,",
  ",HR,,2,,,,,saas,yes,internal,,,",
  'Payroll,HR,,2,,10,5,,saas,yes,secret,,"flying",',
].join("\r\n");

describe.skipIf(databaseUnavailable())(`the portfolio pages on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let consultant: string;
  let sales: string;
  let rival: string;
  let path: string;

  const args = (request: Request) => ({ request, params: { customerId: north.customer.id }, context: testContext() });
  const count = async (table: "applications" | "portfolio_import_previews" | "disposition_overrides") =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where("organisation_id", "=", north.organisation.id).executeTakeFirstOrThrow()).n);

  function upload(csv: string, cookie: string, fileName = "portfolio.csv"): Request {
    const form = new FormData();
    form.append("intent", "preview-import");
    form.append("file", new File([csv], fileName, { type: "text/csv" }));
    return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: form, headers: { Cookie: cookie } });
  }

  async function page(query = "", cookie = consultant) {
    const response = await respond(() => portfolioPage.loader(args(get(`${path}${query}`, cookie))));
    expect(response.status).toBe(200);
    return (await response.json()) as Awaited<ReturnType<Awaited<ReturnType<typeof portfolioPage.loader>>["json"]>>;
  }

  /** Uploads and confirms a good file; returns the number of applications then stored. */
  async function importFile(csv: string): Promise<number> {
    const previewed = await respond(() => portfolioPage.action(args(upload(csv, consultant))));
    expect(previewed.status).toBe(302);
    const previewId = new URL(previewed.headers.get("Location")!, TEST_ORIGIN).searchParams.get("preview")!;
    const confirmed = await respond(() => portfolioPage.action(args(post(path, { intent: "confirm-import", previewId }, consultant))));
    expect(confirmed.status).toBe(302);
    return count("applications");
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    sales = await signInAs("sales@north.example", TEST_PASSWORD);
    rival = await signInAs("consultant@south.example", TEST_PASSWORD);
    path = `/customers/${north.customer.id}/portfolio`;
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("shows every problem of a bad file with its line and column, and stores nothing", async () => {
    const response = await respond(() => portfolioPage.action(args(upload(BAD_FILE, consultant, "bad.csv"))));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { importProblems: { line: number; column: string | null; message: string }[]; fileName: string };
    expect(body.fileName).toBe("bad.csv");
    // Exactly what the import rules find: all of it, not the first problem.
    expect(body.importProblems).toEqual(parsePortfolioCsv(BAD_FILE).problems);
    expect(body.importProblems.map((p) => `${p.line}:${p.column}`)).toEqual(
      expect.arrayContaining(["2:hosting", "3:criticality", "3:managed_by_it", "4:name", "5:peak_hourly_transactions", "5:data_sensitivity", "5:traits"]),
    );
    expect(await count("applications")).toBe(0);
    expect(await count("portfolio_import_previews")).toBe(0);
  });

  it("refuses a file that is not UTF-8 or is larger than the limit, storing nothing", async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode(`${HEADER}\r\nCaf`), 0xe9, ...new TextEncoder().encode(",Sales,,1,,,,,saas,yes,public,,,\r\n")]);
    const form = new FormData();
    form.append("intent", "preview-import");
    form.append("file", new File([latin1], "latin1.csv"));
    const response = await respond(() => portfolioPage.action(args(new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: form, headers: { Cookie: consultant } }))));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("not UTF-8");
    const big = await respond(() => portfolioPage.action(args(upload(`${HEADER}\r\n${"x".repeat(1_000_001)}`, consultant))));
    expect(big.status).toBe(400);
    expect(JSON.stringify(await big.json())).toContain("at most 1 MB");
    expect(await count("portfolio_import_previews")).toBe(0);
  });

  it("previews a good 500-application file, stores it only on confirmation, and confirms it once", async () => {
    const csv = goodPortfolio(500);
    const previewed = await respond(() => portfolioPage.action(args(upload(csv, consultant))));
    expect(previewed.status).toBe(302);
    const previewId = new URL(previewed.headers.get("Location")!, TEST_ORIGIN).searchParams.get("preview")!;
    expect(await count("applications")).toBe(0);

    const shown = await page(`?preview=${previewId}`);
    expect(shown.preview).toMatchObject({ fileName: "portfolio.csv", currentCount: 0 });
    expect(shown.preview!.rows).toHaveLength(500);
    expect(shown.preview!.rows[1]).toMatchObject({ name: "App 001", dependsOn: "App 000" });
    // Another user of the same provider cannot see or confirm it.
    const admin = await signInAs("admin@north.example", TEST_PASSWORD);
    expect((await page(`?preview=${previewId}`, admin)).preview).toBeNull();
    expect((await respond(() => portfolioPage.action(args(post(path, { intent: "confirm-import", previewId }, admin))))).status).toBe(400);

    const confirmed = await respond(() => portfolioPage.action(args(post(path, { intent: "confirm-import", previewId }, consultant))));
    expect(confirmed.status).toBe(302);
    expect(await count("applications")).toBe(500);
    expect(await listApplications(database.db, { organisationId: north.organisation.id, customerId: north.customer.id })).toEqual(parsePortfolioCsv(csv).rows);
    // A second confirmation (a double click, a second tab) changes nothing.
    const again = await respond(() => portfolioPage.action(args(post(path, { intent: "confirm-import", previewId }, consultant))));
    expect(again.status).toBe(400);
    expect(await count("applications")).toBe(500);

    const listed = await page();
    expect(listed.rows).toHaveLength(500);
    expect(listed.basis).toBeNull();
    expect(listed.counts.reduce((sum, c) => sum + c.count, 0)).toBe(500);
  });

  it("replaces the portfolio in one transaction: a failure halfway leaves the old one and the preview as they were", async () => {
    const before = await listApplications(database.db, { organisationId: north.organisation.id, customerId: north.customer.id });
    // Two applications with one id cannot both be stored: the 451st insert fails.
    const broken: Application[] = parsePortfolioCsv(goodPortfolio(450)).rows;
    broken.push({ ...broken[0] });
    const preview = await createImportPreview(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, userId: north.users.consultant.id, fileName: "x.csv", fileSha256: "x", applications: broken });
    await expect(portfolioPage.action(args(post(path, { intent: "confirm-import", previewId: preview.id }, consultant)))).rejects.toThrow();
    expect(await listApplications(database.db, { organisationId: north.organisation.id, customerId: north.customer.id })).toEqual(before);
    expect(await count("portfolio_import_previews")).toBe(1);
    await database.db.deleteFrom("portfolio_import_previews").execute();
  });

  it("exports a CSV that imports back unchanged", async () => {
    const response = await respond(() => portfolioCsv.loader(args(get(`${path}.csv`, sales))));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/csv");
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="Cairn-North-customer-.*-portfolio\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // A byte-order mark, so Excel reads the UTF-8 correctly.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe(PORTFOLIO_COLUMNS.map((c) => c.name).join(","));
    expect(parsePortfolioCsv(text).rows).toEqual(await listApplications(database.db, { organisationId: north.organisation.id, customerId: north.customer.id }));
  });

  it("neutralises formula injection in the export and keeps the text exactly", async () => {
    const hostile = readFileSync("test/hostile/formula-injection.txt", "utf8").split("\n").filter((line) => line.trim() !== "" && !line.includes(";") && !line.startsWith("'"));
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const csv = [HEADER, ...hostile.map((payload, i) => [quote(payload), quote(`+Dept ${i}`), "", 2, "", "", "", quote("@peak"), "on-premises", "yes", "internal", "", "", quote(payload)].join(","))].join("\r\n");
    expect(await importFile(csv)).toBe(hostile.length);
    const text = await (await respond(() => portfolioCsv.loader(args(get(`${path}.csv`, consultant))))).text();
    const lines = text.replace(/^\uFEFF/, "").split("\r\n").slice(1, -1);
    for (const line of lines) expect(line).toMatch(/^"?'[=+\-@]/);
    expect(text).not.toMatch(/(^|,)"?[=+\-@]/m);
    // Imported back, the guard comes off: the names are the payloads, character for character.
    expect(parsePortfolioCsv(text).rows.map((a) => a.name)).toEqual(hostile.map((h) => h.trim()));
  });

  it("adds, edits and deletes an application with the import's own rules", async () => {
    await importFile(goodPortfolio(12));
    const bad = await respond(() =>
      portfolioPage.action(args(post(path, { intent: "save-application", name: "App 003", owning_department: "", criticality: "7", hosting: "on-premises", managed_by_it: "yes", data_sensitivity: "internal", depends_on: "Ghost" }, consultant))),
    );
    expect(bad.status).toBe(400);
    const errors = ((await bad.json()) as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(Object.keys(errors).sort()).toEqual(["criticality", "owning_department"]);
    expect(await count("applications")).toBe(12);

    const added = await respond(() =>
      portfolioPage.action(args(post(path, { intent: "save-application", name: "Data warehouse", owning_department: "Finance", criticality: "2", hosting: "on-premises", managed_by_it: "yes", data_sensitivity: "internal", depends_on: "App 001; App 002", users: "1,200" }, consultant))),
    );
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`${path}?app=data-warehouse&notice=saved`);
    const shown = await page("?app=data-warehouse");
    expect(shown.selected?.application).toMatchObject({ name: "Data warehouse", users: 1200, dependsOn: ["app-001", "app-002"] });
    expect(shown.notice).toBeNull();

    const clash = await respond(() => portfolioPage.action(args(post(path, { ...shown.selected!.formValues, intent: "save-application", editing: "data-warehouse", name: "App 005" }, consultant))));
    expect(clash.status).toBe(400);
    expect(((await clash.json()) as { fieldErrors: Record<string, string> }).fieldErrors.name).toBe('"App 005" is already in the portfolio; every application needs its own name.');

    const edited = await respond(() => portfolioPage.action(args(post(path, { ...shown.selected!.formValues, intent: "save-application", editing: "data-warehouse", criticality: "4" }, consultant))));
    expect(edited.status).toBe(302);
    expect((await page("?app=data-warehouse")).selected?.application.criticality).toBe(4);

    const deleted = await respond(() => portfolioPage.action(args(post(path, { intent: "delete-application", applicationId: "app-001" }, consultant))));
    expect(deleted.status).toBe(200);
    expect(((await deleted.json()) as { message: string }).message).toContain("App 002, Data warehouse");
    expect((await page("?app=data-warehouse")).selected?.application.dependsOn).toEqual(["app-002"]);
  });

  it("keeps an override with its reason, who and when, shows the suggestion beside it, and reverts it", async () => {
    const before = (await page("?app=app-002")).selected!;
    expect(before.decision.decidedBy).toBe("rule");
    const missingReason = await respond(() => portfolioPage.action(args(post(path, { intent: "override", applicationId: "app-002", disposition: "retire", reason: " " }, consultant))));
    expect(missingReason.status).toBe(400);
    expect(((await missingReason.json()) as { fieldErrors: Record<string, string> }).fieldErrors.reason).toContain("Say why");

    const overridden = await respond(() => portfolioPage.action(args(post(path, { intent: "override", applicationId: "app-002", disposition: "retire", reason: "Replaced by the new ERP in May" }, consultant))));
    expect(overridden.status).toBe(302);
    const after = (await page("?app=app-002&notice=overridden", sales)).selected!;
    expect(after.decision).toMatchObject({ disposition: "retire", decidedBy: "consultant", reason: "Replaced by the new ERP in May", suggestion: { disposition: before.decision.disposition, ruleId: before.decision.ruleId } });
    expect(after.decision.overriddenBy?.name).toBe("North consultant");
    expect(Date.parse(after.decision.overriddenBy!.at)).toBeGreaterThan(Date.now() - 60_000);
    const listed = await page();
    expect(listed.rows.find((r) => r.id === "app-002")).toMatchObject({ disposition: "retire", overridden: true });
    // The waves follow the decision: a retired application moves in no wave.
    const waves = (await (await respond(() => wavesPage.loader(args(get(`/customers/${north.customer.id}/waves`, sales))))).json()) as { retire: { applicationId: string }[] };
    expect(waves.retire.map((a) => a.applicationId)).toContain("app-002");

    // A re-import of the same applications keeps it; the preview says so.
    const csv = await (await respond(() => portfolioCsv.loader(args(get(`${path}.csv`, consultant))))).text();
    const previewed = await respond(() => portfolioPage.action(args(upload(csv, consultant))));
    const previewId = new URL(previewed.headers.get("Location")!, TEST_ORIGIN).searchParams.get("preview")!;
    expect((await page(`?preview=${previewId}`)).preview).toMatchObject({ overridesKept: 1, overridesDropped: 0 });
    await respond(() => portfolioPage.action(args(post(path, { intent: "confirm-import", previewId }, consultant))));
    expect((await page("?app=app-002")).selected!.decision.decidedBy).toBe("consultant");

    const reverted = await respond(() => portfolioPage.action(args(post(path, { intent: "revert", applicationId: "app-002" }, consultant))));
    expect(reverted.status).toBe(302);
    expect((await page("?app=app-002")).selected!.decision).toMatchObject({ decidedBy: "rule", disposition: before.decision.disposition, override: null });
  });

  it("suggests from the assessment that counts once there is one, and from the portfolio alone before", async () => {
    await saveApplication(database.db, {
      organisationId: north.organisation.id,
      customerId: north.customer.id,
      application: { ...parsePortfolioCsv(goodPortfolio(1)).rows[0], id: "core-banking", name: "Core banking", criticality: 5, hosting: "on-premises", traits: [], dependsOn: [] },
    });
    expect((await page("?app=core-banking")).selected!.decision.ruleId).toBe("lift-and-shift");
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it"] });
    // One answer is not enough to count by default (questionnaires/README.md, "The assessment that counts").
    await saveAnswers(database.db, { respondentId: survey.respondents[0].id, answers: [{ questionName: "skills_team_cloud_level", value: "no_use", seq: 1 }] });
    await refreshAssessmentSummary({ organisationId: north.organisation.id, assessmentId: survey.assessment.id }, database.db);
    expect((await page("?app=core-banking")).basis).toBeNull();
    // Completed, every question answered: it counts.
    await answerEveryQuestion(database.db, { organisationId: north.organisation.id, assessmentId: survey.assessment.id, respondentIds: [survey.respondents[0].id], answer: "lowest" });
    const shown = await page("?app=core-banking");
    expect(shown.basis?.assessmentId).toBe(survey.assessment.id);
    // Criticality 5 while skills are at level 1: keep it where it is for now.
    expect(shown.selected!.decision).toMatchObject({ ruleId: "critical-while-not-ready", disposition: "retain" });
  });

  it("shows waves in order, move groups, dependencies to check, and retire and retain apart", async () => {
    await saveApplication(database.db, {
      organisationId: north.organisation.id,
      customerId: north.customer.id,
      application: { ...parsePortfolioCsv(goodPortfolio(1)).rows[0], id: "orphan", name: "Orphan", dependsOn: ["ghost"] },
    });
    for (const [id, other] of [["cycle-a", "cycle-b"], ["cycle-b", "cycle-a"]]) {
      await saveApplication(database.db, {
        organisationId: north.organisation.id,
        customerId: north.customer.id,
        application: { ...parsePortfolioCsv(goodPortfolio(1)).rows[0], id, name: id, hosting: "on-premises", traits: ["virtualised"], criticality: 2, dependsOn: [other] },
      });
    }
    const response = await respond(() => wavesPage.loader(args(get(`/customers/${north.customer.id}/waves`, sales))));
    expect(response.status).toBe(200);
    const data = (await response.json()) as {
      waves: { number: number; riskTier: number; applications: { applicationId: string; moveGroupId: string | null }[]; windowsToAvoid: { window: string }[] }[];
      moveGroups: { id: string; applicationIds: string[] }[];
      unknownDependencies: { applicationId: string; dependsOn: string }[];
      retire: unknown[];
      retain: { applicationId: string }[];
    };
    expect(data.waves.map((w) => w.number)).toEqual(data.waves.map((_, i) => i + 1));
    expect(data.waves.map((w) => w.riskTier)).toEqual([...data.waves.map((w) => w.riskTier)].sort());
    expect(data.unknownDependencies).toEqual([{ applicationId: "orphan", applicationName: "Orphan", dependsOn: "ghost" }]);
    const group = data.moveGroups.find((g) => g.applicationIds.includes("cycle-a"))!;
    expect(group.applicationIds).toEqual(["cycle-a", "cycle-b"]);
    const wave = data.waves.find((w) => w.applications.some((a) => a.applicationId === "cycle-a"))!;
    expect(wave.applications.filter((a) => a.moveGroupId === group.id).map((a) => a.applicationId)).toEqual(["cycle-a", "cycle-b"]);
    expect(data.retain.map((a) => a.applicationId)).toContain("core-banking");
    expect(data.waves.flatMap((w) => w.windowsToAvoid.map((x) => x.window))).toContain("Month end");
  });

  it("lets sales read and export, but not change anything", async () => {
    const shown = await page("", sales);
    expect(shown.canEdit).toBe(false);
    const forms: Record<string, string>[] = [
      { intent: "confirm-import", previewId: "x" },
      { intent: "save-application", name: "X" },
      { intent: "delete-application", applicationId: "app-002" },
      { intent: "override", applicationId: "app-002", disposition: "retire", reason: "No" },
      { intent: "revert", applicationId: "app-002" },
    ];
    for (const form of forms) {
      expect((await respond(() => portfolioPage.action(args(post(path, form, sales))))).status).toBe(403);
    }
    expect((await respond(() => portfolioPage.action(args(upload(goodPortfolio(2), sales))))).status).toBe(403);
    expect(await count("portfolio_import_previews")).toBe(0);
  });

  it("answers another provider's customer with 404 and an anonymous visitor with the sign-in page", async () => {
    expect((await respond(() => portfolioPage.loader(args(get(path, rival))))).status).toBe(404);
    expect((await respond(() => portfolioPage.action(args(post(path, { intent: "revert", applicationId: "app-002" }, rival))))).status).toBe(404);
    expect((await respond(() => portfolioPage.action(args(upload(goodPortfolio(2), rival))))).status).toBe(404);
    expect((await respond(() => portfolioCsv.loader(args(get(`${path}.csv`, rival))))).status).toBe(404);
    expect((await respond(() => wavesPage.loader(args(get(`/customers/${north.customer.id}/waves`, rival))))).status).toBe(404);
    // Their own customer's portfolio is theirs, and empty.
    const own = await respond(() => portfolioPage.loader({ request: get(`/customers/${south.customer.id}/portfolio`, rival), params: { customerId: south.customer.id }, context: testContext() }));
    expect(((await own.json()) as { rows: unknown[] }).rows).toEqual([]);
    for (const run of [() => portfolioPage.loader(args(get(path))), () => portfolioPage.action(args(post(path, { intent: "revert" }))), () => portfolioCsv.loader(args(get(`${path}.csv`))), () => wavesPage.loader(args(get(`/customers/${north.customer.id}/waves`)))]) {
      const response = await respond(run);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
