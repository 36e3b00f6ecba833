import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as customerPage from "../../app/routes/_app.customers.$customerId._index";
import * as outcomesPage from "../../app/routes/_app.customers.$customerId.outcomes";
import * as planPage from "../../app/routes/_app.customers.$customerId.plan";
import * as editPage from "../../app/routes/_app.customers.$customerId.plan_.edit";
import { parsePortfolioCsv } from "../../app/domain/portfolio";
import type { PlanEdit } from "../../app/domain/plan-versions";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";
import { saveAnswers } from "../../db/repositories/answers";
import { createAssessment } from "../../db/repositories/assessments";
import { saveApplication } from "../../db/repositories/portfolio";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, useDatabaseForApp } from "../support/remix";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

/** Low on skills, operations, culture and governance: a plan with teaching before any move. */
const LOW_ANSWERS = [
  { questionName: "skills_team_cloud_level", value: "awareness" },
  { questionName: "operations_outage_impact", value: "weekly" },
  { questionName: "culture_change_response", value: "resisted" },
  { questionName: "governance_cloud_policy", value: "no_rules" },
];

type PlanData = {
  plan: {
    id: string;
    version: number;
    latestVersion: number;
    assessmentId: string;
    document: { stones: { id: string; title: string; estimatedWeeks: number; status: string; outcomeKpis: { id: string; baseline: number | null; target: { value: number | null; text: string } }[] }[]; totalWeeks: number };
    timelineSvg: string;
    versions: { version: number; note: string; createdByName: string }[];
    comparison: null | { identical: boolean; moved: { id: string }[]; added: { id: string }[]; removed: { id: string }[]; changed: { id: string; changes: { field: string; before: string; after: string }[] }[] };
  } | null;
  canEdit: boolean;
};

describe.skipIf(databaseUnavailable())(`the plan pages on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let south: Awaited<ReturnType<typeof createProvider>>;
  let consultant: string;
  let sales: string;
  let rival: string;
  let baseline: Awaited<ReturnType<typeof createSurveyAssessment>>;
  let base: string;

  const args = (request: Request, customerId = north.customer.id) => ({ request, params: { customerId }, context: testContext() });
  const plan = async (query = "", cookie = consultant) => {
    const response = await respond(() => planPage.loader(args(get(`${base}/plan${query}`, cookie))));
    expect(response.status).toBe(200);
    return (await response.json()) as PlanData;
  };
  const editData = async () => ((await (await respond(() => editPage.loader(args(get(`${base}/plan/edit`, consultant))))).json()) as { editor: { version: number; edit: PlanEdit } }).editor;
  const save = (edit: PlanEdit, baseVersion: number, note: string, cookie = consultant) =>
    respond(() => editPage.action(args(post(`${base}/plan/edit`, { baseVersion: String(baseVersion), note, plan: JSON.stringify(edit) }, cookie))));
  const versionRow = (planId: string, version: number) => database.db.selectFrom("plan_versions").selectAll().where("plan_id", "=", planId).where("version", "=", version).executeTakeFirstOrThrow();

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    south = await createProvider(database.db, "South");
    consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    sales = await signInAs("sales@north.example", TEST_PASSWORD);
    rival = await signInAs("consultant@south.example", TEST_PASSWORD);
    base = `/customers/${north.customer.id}`;
    baseline = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: ["it", "business"] });
    for (const respondent of baseline.respondents) await saveAnswers(database.db, { respondentId: respondent.id, answers: LOW_ANSWERS.map((a) => ({ ...a, seq: 1 })) });
    await refreshAssessmentSummary({ organisationId: north.organisation.id, assessmentId: baseline.assessment.id }, database.db);
    // Open and thinly answered, so it does not count by default (questionnaires/README.md, "The
    // assessment that counts"): the consultant chooses it on the customer page to plan from it.
    const chosen = await respond(() => customerPage.action(args(post(base, { intent: "count", assessmentId: baseline.assessment.id }, consultant))));
    expect(chosen.status).toBe(302);
    const portfolio = parsePortfolioCsv(
      [
        "name,owning_department,criticality,hosting,managed_by_it,data_sensitivity,peak_window,depends_on,traits",
        "Intranet,HR,1,on-premises,yes,internal,Mon 09:00,,virtualised",
        "Ledger,Finance,3,on-premises,yes,confidential,Month end,Intranet,database-heavy",
      ].join("\n"),
    ).rows;
    for (const application of portfolio) await saveApplication(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, application });
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("offers to generate a plan and refuses one without an answered assessment", async () => {
    const before = await plan();
    expect(before.plan).toBeNull();
    const nothingToEdit = await respond(() => editPage.loader(args(get(`${base}/plan/edit`, consultant))));
    expect(nothingToEdit.status).toBe(200);
    expect(((await nothingToEdit.json()) as { editor: unknown }).editor).toBeNull();
    const empty = await respond(() => planPage.action(args(post(`/customers/${south.customer.id}/plan`, { intent: "generate" }, rival), south.customer.id)));
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain("No assessment of this customer counts yet");
    expect(await database.db.selectFrom("plans").selectAll().execute()).toEqual([]);
  });

  it("generates version 1 from the latest assessment, the waves and the latest catalogue", async () => {
    const response = await respond(() => planPage.action(args(post(`${base}/plan`, { intent: "generate" }, consultant))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${base}/plan`);
    const data = await plan();
    expect(data.plan).toMatchObject({ version: 1, latestVersion: 1, assessmentId: baseline.assessment.id });
    const ids = data.plan!.document.stones.map((s) => s.id);
    expect(ids.slice(0, 4)).toEqual(["house-in-order", "agree-outcomes", "teach-before-moving", "govern-the-platform"]);
    expect(ids).toContain("first-workloads");
    expect(ids.at(-1)).toBe("measure-and-reassess");
    expect(data.plan!.document.stones.every((s) => s.status === "planned")).toBe(true);
    // Plan rules version 2: recorded in the document, and each stone names the findings it answers.
    const document = data.plan!.document as unknown as { rulesVersion?: number; stones: { id: string; answers?: { dimension: string; group: string | null; respondents: number; text: string }[] }[] };
    expect(document.rulesVersion).toBe(2);
    const house = document.stones.find((s) => s.id === "house-in-order")!;
    expect(house.answers).toEqual([expect.objectContaining({ dimension: "operations", group: null, respondents: 2 })]);
    // LOW_ANSWERS answers a few questions of each dimension: coverage below 60 %, said in words.
    expect(house.answers![0].text).toMatch(/^Operational health: all respondents \(2 people\) \d+, level [12] \(thin evidence\)\.$/);
    expect(data.plan!.timelineSvg).toContain("<svg");
    expect(data.plan!.timelineSvg).toContain("Put IT&#x27;s own house in order");
    expect(data.plan!.versions).toEqual([expect.objectContaining({ version: 1, createdByName: "North consultant", note: expect.stringContaining("Generated from Readiness baseline, 2 applications") })]);
  });

  it("saves an edit as a new version and never changes the old one", async () => {
    const { plan: before } = await plan();
    const v1Row = await versionRow(before!.id, 1);
    const { version, edit } = await editData();
    expect(version).toBe(1);
    edit.stones[0].estimatedWeeks = 11;
    edit.stones[0].kpis[0] = { ...edit.stones[0].kpis[0], baseline: 400, target: 120 };
    const [teach] = edit.stones.splice(2, 1);
    edit.stones.unshift(teach);
    const response = await save(edit, 1, "Customer wants labs first; outage baseline from March");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`${base}/plan?saved=2#versions`);

    const after = await plan();
    expect(after.plan).toMatchObject({ version: 2, latestVersion: 2 });
    const house = after.plan!.document.stones.find((s) => s.id === "house-in-order")!;
    expect(house.estimatedWeeks).toBe(11);
    expect(house.outcomeKpis[0]).toMatchObject({ baseline: 400, target: { value: 120, text: "At most 120 minutes a month" } });
    expect(after.plan!.document.stones[0].id).toBe("teach-before-moving");
    expect(after.plan!.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await versionRow(before!.id, 1)).toEqual(v1Row);
    // Version 1 is still there to read, as it was.
    const old = await plan("?version=1");
    expect(old.plan!.document).toEqual(before!.document);
  });

  it("compares two versions: what moved and what changed", async () => {
    const data = await plan("?from=1&to=2");
    const comparison = data.plan!.comparison!;
    expect(comparison.identical).toBe(false);
    expect(comparison.moved.map((m) => m.id)).toEqual(["teach-before-moving"]);
    expect(comparison.added).toEqual([]);
    expect(comparison.removed).toEqual([]);
    const house = comparison.changed.find((c) => c.id === "house-in-order")!;
    expect(house.changes).toEqual(
      expect.arrayContaining([
        { field: "Estimated weeks", before: "8", after: "11" },
        { field: "Unplanned outage minutes a month: baseline", before: "to be measured", after: "400 minutes a month" },
      ]),
    );
    expect((await plan("?from=2&to=2")).plan!.comparison!.identical).toBe(true);
  });

  it("refuses an edit with problems, a missing note, or a stale base, storing nothing", async () => {
    const { edit } = await editData();
    const broken = structuredClone(edit);
    (broken.stones[0] as { estimatedWeeks: unknown }).estimatedWeeks = "soon";
    broken.stones[1].activityIds.push("no-such-module");
    broken.stones.push({ id: null, title: "Pilot", goal: "", rationale: "", status: "planned", estimatedWeeks: 2, owners: { customer: "A", provider: "B" }, activityIds: [], kpis: [] });
    const shaped = await save(broken, 2, "Bad");
    expect(shaped.status).toBe(400);
    expect(((await shaped.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual(["stones.0.estimatedWeeks"]);
    (broken.stones[0] as { estimatedWeeks: unknown }).estimatedWeeks = 3;
    const meaning = await save(broken, 2, "Bad");
    expect(meaning.status).toBe(400);
    const last = broken.stones.length - 1;
    expect(((await meaning.json()) as { problems: { path: string }[] }).problems.map((p) => p.path)).toEqual([
      `stones.1.activities.${broken.stones[1].activityIds.length - 1}`,
      `stones.${last}.goal`,
      `stones.${last}.rationale`,
    ]);
    const noNote = await save(edit, 2, "  ");
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(await noNote.json())).toContain("Say what changed");
    const stale = await save(edit, 1, "From an old tab");
    expect(stale.status).toBe(409);
    expect(Number((await database.db.selectFrom("plan_versions").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n)).toBe(2);
  });

  it("records KPI actuals and shows them against baseline and target", async () => {
    const outcomes = `${base}/outcomes`;
    const record = (form: Record<string, string>, cookie = consultant) => respond(() => outcomesPage.action(args(post(outcomes, { intent: "record", ...form }, cookie))));
    expect((await record({ kpiId: "unplanned-outage-minutes", measuredAt: "2026-02-30", value: "10", note: "" })).status).toBe(400);
    expect((await record({ kpiId: "seats-sold", measuredAt: "2026-02-01", value: "10", note: "" })).status).toBe(400);
    expect((await record({ kpiId: "unplanned-outage-minutes", measuredAt: "2026-02-01", value: "-5", note: "" })).status).toBe(400);
    expect((await record({ kpiId: "unplanned-outage-minutes", measuredAt: "2026-03-01", value: "260", note: "After the incident review" })).status).toBe(200);
    expect((await record({ kpiId: "unplanned-outage-minutes", measuredAt: "2026-02-01", value: "380", note: "" })).status).toBe(200);

    const response = await respond(() => outcomesPage.loader(args(get(outcomes, sales))));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { canEdit: boolean; outcome: { measures: { id: string; reference: { baseline: number; target: number }; latest: { value: number; measuredAt: string }; progress: number; actuals: { id: string; value: number }[]; chartSvg: string }[] } };
    expect(data.canEdit).toBe(false);
    const outage = data.outcome.measures.find((m) => m.id === "unplanned-outage-minutes")!;
    expect(outage.reference).toMatchObject({ baseline: 400, target: 120 });
    expect(outage.actuals.map((a) => a.value)).toEqual([380, 260]);
    expect(outage.latest).toMatchObject({ value: 260, measuredAt: "2026-03-01" });
    // From 400 towards 120: 260 is 140 of the 280 minutes, halfway.
    expect(outage.progress).toBe(0.5);
    expect(outage.chartSvg).toContain("<svg");
    expect((await record({ kpiId: "unplanned-outage-minutes", measuredAt: "2026-04-01", value: "1", note: "" }, sales)).status).toBe(403);
    const deleted = await respond(() => outcomesPage.action(args(post(outcomes, { intent: "delete", actualId: outage.actuals[0].id }, consultant))));
    expect(deleted.status).toBe(200);
    expect(await database.db.selectFrom("kpi_actuals").select("value").execute()).toEqual([{ value: 260 }]);
  });

  it("after a re-assessment, keeps the stones marked completed; a thin check does not replace the chosen assessment until the consultant chooses it", async () => {
    const { version, edit } = await editData();
    edit.stones[0].status = "completed";
    edit.stones[1].status = "in-progress";
    expect((await save(edit, version, "Labs done")).status).toBe(302);
    const again = await createAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, title: "Six-month check", questionnaireKey: "hybrid-cloud-readiness", questionnaireVersion: 1, mode: "self-serve", createdBy: null, previousAssessmentId: baseline.assessment.id });
    const [respondent] = await createRespondents(database.db, { organisationId: north.organisation.id, assessmentId: again.id, respondents: [{ kind: "person", groupKey: "it", name: "IT lead", tokenHash: null, tokenExpiresAt: null }] });
    await saveAnswers(database.db, { respondentId: respondent.id, answers: [{ questionName: "skills_team_cloud_level", value: "proficient", seq: 1 }, { questionName: "culture_change_response", value: "engaged", seq: 1 }] });
    await refreshAssessmentSummary({ organisationId: north.organisation.id, assessmentId: again.id }, database.db);

    const data = (await (await respond(() => outcomesPage.loader(args(get(`${base}/outcomes`, consultant))))).json()) as {
      outcome: { stones: { id: string; status: string }[]; reassessment: { latestTitle: string; improved: string[] } | null };
    };
    expect(data.outcome.stones.filter((s) => s.status === "completed").map((s) => s.id)).toEqual(["teach-before-moving"]);
    // Two answers from one person: newer, but it does not silently become what counts (before issue 17 it did).
    expect(data.outcome.reassessment).toBeNull();
    const current = await plan();
    expect((current as unknown as { countedAssessment: { id: string } }).countedAssessment.id).toBe(baseline.assessment.id);

    // The consultant chooses it on the customer page: the plan page now offers a new plan from it,
    // and the new plan leaves out what was taught.
    expect((await respond(() => customerPage.action(args(post(base, { intent: "count", assessmentId: again.id }, consultant))))).status).toBe(302);
    expect(((await plan()) as unknown as { countedAssessment: { id: string } }).countedAssessment.id).toBe(again.id);
    const taught = current.plan!.document.stones.find((s) => s.id === "teach-before-moving")!;
    expect((await respond(() => planPage.action(args(post(`${base}/plan`, { intent: "generate" }, consultant))))).status).toBe(302);
    const fresh = await plan();
    expect(fresh.plan).toMatchObject({ version: 1, assessmentId: again.id });
    expect(fresh.plan!.id).not.toBe(current.plan!.id);
    expect(fresh.plan!.versions[0].note).toMatch(/modules already taken left out/);
    expect(taught.status).toBe("completed");
    // The earlier plan stays readable by id.
    expect((await plan(`?plan=${current.plan!.id}`)).plan!.id).toBe(current.plan!.id);
  });

  it("lets sales read the plan but not generate or edit it", async () => {
    const data = await plan("", sales);
    expect(data.canEdit).toBe(false);
    expect(data.plan).not.toBeNull();
    expect((await respond(() => planPage.action(args(post(`${base}/plan`, { intent: "generate" }, sales))))).status).toBe(403);
    expect((await respond(() => editPage.loader(args(get(`${base}/plan/edit`, sales))))).status).toBe(403);
    const { version, edit } = await editData();
    expect((await save(edit, version, "Sneaky", sales)).status).toBe(403);
  });

  it("keeps another provider out with 404, and sends an anonymous visitor to sign in", async () => {
    const { plan: own } = await plan();
    expect((await respond(() => planPage.loader(args(get(`${base}/plan`, rival))))).status).toBe(404);
    expect((await respond(() => planPage.action(args(post(`${base}/plan`, { intent: "generate" }, rival))))).status).toBe(404);
    expect((await respond(() => editPage.loader(args(get(`${base}/plan/edit`, rival))))).status).toBe(404);
    expect((await respond(() => editPage.action(args(post(`${base}/plan/edit`, { baseVersion: "1", note: "x", plan: "{}" }, rival))))).status).toBe(404);
    expect((await respond(() => outcomesPage.loader(args(get(`${base}/outcomes`, rival))))).status).toBe(404);
    expect((await respond(() => outcomesPage.action(args(post(`${base}/outcomes`, { intent: "record" }, rival))))).status).toBe(404);
    // Their own customer with our plan's id: not found either.
    const crossed = await respond(() => planPage.loader(args(get(`/customers/${south.customer.id}/plan?plan=${own!.id}`, rival), south.customer.id)));
    expect(crossed.status).toBe(404);
    for (const run of [
      () => planPage.loader(args(get(`${base}/plan`))),
      () => planPage.action(args(post(`${base}/plan`, { intent: "generate" }))),
      () => editPage.loader(args(get(`${base}/plan/edit`))),
      () => editPage.action(args(post(`${base}/plan/edit`, {}))),
      () => outcomesPage.loader(args(get(`${base}/outcomes`))),
      () => outcomesPage.action(args(post(`${base}/outcomes`, {}))),
    ]) {
      const response = await respond(run);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
