import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as konveyor from "../../app/routes/_app.settings.questionnaires_.konveyor";
import * as preview from "../../app/routes/_app.settings.questionnaires_.$key.$version";
import * as newAssessment from "../../app/routes/_app.customers.$customerId.assessments.new";
import * as results from "../../app/routes/_app.assessments.$assessmentId_.results/route";
import * as resultsJson from "../../app/routes/_app.assessments.$assessmentId_.results[.json]";
import * as linkRoute from "../../app/routes/s.$token";
import * as answersRoute from "../../app/routes/survey.$respondentId.answers";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";
import { createRespondents } from "../../db/repositories/respondents";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { cookieFrom, get, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const cloudNative = readFileSync("test/fixtures/konveyor/cloud-native.yaml", "utf8");

function previewRequest(cookie: string, key: string, content: string) {
  const form = new FormData();
  form.append("intent", "preview");
  form.append("key", key);
  form.append("file", new File([content], "questionnaire.yaml", { type: "application/yaml" }));
  return new Request(`${TEST_ORIGIN}/settings/questionnaires/konveyor`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

function confirmRequest(cookie: string, key: string, yaml: string, dimensions: Record<string, string>) {
  const form = new FormData();
  form.append("intent", "confirm");
  form.append("key", key);
  form.append("yaml", yaml);
  for (const [field, value] of Object.entries(dimensions)) form.append(field, value);
  return new Request(`${TEST_ORIGIN}/settings/questionnaires/konveyor`, { method: "POST", body: form, headers: { Cookie: cookie } });
}

type Finding = { path: string; line?: number; column?: number; message: string };

describe.skipIf(databaseUnavailable())(`importing Konveyor questionnaires on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let admin: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    north = await createProvider(database.db, "North");
    admin = await signInAs("admin@north.example", TEST_PASSWORD);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const send = (request: Request) => respond(() => konveyor.action({ request, params: {}, context: testContext() }));

  it("previews a Konveyor file: its sections to map, its tag warnings at line and column, and nothing stored yet", async () => {
    const response = await send(previewRequest(admin, "cloud-native", cloudNative));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { stage: string; title: string; yaml: string; sections: { index: number; name: string; questionCount: number }[]; warnings: Finding[] };
    expect(body.stage).toBe("preview");
    expect(body.title).toBe("Cloud Native");
    expect(body.yaml).toBe(cloudNative);
    expect(body.sections.map((s) => [s.index, s.name, s.questionCount])).toEqual([
      [0, "Application technologies 1", 4],
      [1, "Application technologies", 4],
    ]);
    expect(body.warnings).toHaveLength(22);
    expect(body.warnings[0]).toMatchObject({ line: 22, column: 13, path: "sections[0].questions[0].answers[1].applyTags" });
    expect(await database.db.selectFrom("questionnaires").select("id").execute()).toHaveLength(0);
  });

  it("stores the questionnaire converted on the server with the chosen dimensions, keeping its warnings for the version page", async () => {
    const response = await send(confirmRequest(admin, "cloud-native", cloudNative, { "dimension-0": "operations", "dimension-1": "" }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { stage: string; message: string; warnings: Finding[] };
    expect(body.message).toBe('Stored "Cloud Native" as cloud-native version 1: 8 questions, 4 scored.');
    const opened = await respond(() => preview.loader({ request: get("/settings/questionnaires/cloud-native/1", admin), params: { key: "cloud-native", version: "1" }, context: testContext() }));
    const page = (await opened.json()) as { warnings: Finding[]; surveyJson: { riskThresholds: unknown; pages: { elements: { name: string; dimension?: string }[] }[] } };
    expect(page.warnings).toEqual(body.warnings);
    expect(page.surveyJson.riskThresholds).toEqual({ red: 1, yellow: 30, unknown: 15 });
    expect(page.surveyJson.pages.map((p) => p.elements.map((e) => e.dimension ?? null))).toEqual([
      ["operations", "operations", "operations", "operations"],
      [null, null, null, null],
    ]);
  });

  it("stores nothing for the same file with the same mapping, and a new version for another mapping", async () => {
    const again = await send(confirmRequest(admin, "cloud-native", cloudNative, { "dimension-0": "operations", "dimension-1": "" }));
    expect(((await again.json()) as { message: string }).message).toMatch(/^Nothing new was stored: this is the same questionnaire, with the same dimensions, as cloud-native version 1/);
    const remapped = await send(confirmRequest(admin, "cloud-native", cloudNative, { "dimension-0": "operations", "dimension-1": "skills" }));
    expect(((await remapped.json()) as { message: string }).message).toBe('Stored "Cloud Native" as cloud-native version 2: 8 questions, 8 scored.');
  });

  it("refuses YAML syntax errors at their line and column, and YAML that is not a Konveyor questionnaire, saying so", async () => {
    const broken = await send(previewRequest(admin, "broken", "name: Broken\nsections:\n  - order: 1\n   name: misindented\n"));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { problems: Finding[] }).problems).toEqual([{ path: "$", line: 4, column: 1, message: expect.stringMatching(/^Not valid YAML: /) }]);
    const other = await send(previewRequest(admin, "other", "apiVersion: v1\nkind: ConfigMap\ndata: {}\n"));
    expect(other.status).toBe(400);
    expect(((await other.json()) as { problems: Finding[] }).problems[0].message).toMatch(/^This YAML file is not a Konveyor questionnaire: its kind is "ConfigMap", not Questionnaire\./);
    // Confirming re-reads the YAML, so a broken text sent back is refused the same way.
    const tampered = await send(confirmRequest(admin, "cloud-native", cloudNative.replace("risk: red", "risk: purple"), { "dimension-0": "operations" }));
    expect(tampered.status).toBe(400);
    expect(await database.db.selectFrom("questionnaires").select("version").where("questionnaire_key", "=", "cloud-native").execute()).toHaveLength(2);
  });

  it("reads Konveyor's seed envelope (kind: Questionnaire) too, and stores it under its own key", async () => {
    const seed = `kind: Questionnaire\nversion: 10\nitems:\n${cloudNative.trimEnd().split("\n").map((line, i) => (i === 0 ? `  - ${line}` : `    ${line}`)).join("\n")}\n`;
    const previewed = await send(previewRequest(admin, "cloud-native-seed", seed));
    expect(previewed.status).toBe(200);
    expect(await previewed.json()).toMatchObject({ stage: "preview", format: "seed", title: "Cloud Native", warnings: expect.arrayContaining([expect.objectContaining({ path: "items[0].sections[0].questions[1].includeFor", line: 67, column: 13 })]) });
    const stored = await send(confirmRequest(admin, "cloud-native-seed", seed, { "dimension-0": "operations", "dimension-1": "" }));
    expect(((await stored.json()) as { message: string }).message).toBe('Stored "Cloud Native" as cloud-native-seed version 1: 8 questions, 4 scored.');
  });

  it("refuses anyone but an admin", async () => {
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    expect((await send(previewRequest(consultant, "sneaky", cloudNative))).status).toBe(403);
  });

  it("is answered and scored, and its results give Konveyor's verdict with the answers' rationale and mitigation", async () => {
    const consultant = await signInAs("consultant@north.example", TEST_PASSWORD);
    const form = new URLSearchParams({ title: "Cloud native check", questionnaire: "cloud-native@1", mode: "self-serve" });
    const started = await respond(() =>
      newAssessment.action({
        request: new Request(`${TEST_ORIGIN}/customers/${north.customer.id}/assessments/new`, { method: "POST", body: form, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: consultant } }),
        params: { customerId: north.customer.id },
        context: testContext(),
      }),
    );
    expect(started.status).toBe(302);
    const assessment = await database.db.selectFrom("assessments").selectAll().where("title", "=", "Cloud native check").executeTakeFirstOrThrow();
    const [respondent] = await createRespondents(database.db, {
      organisationId: north.organisation.id,
      assessmentId: assessment.id,
      respondents: [{ kind: "person", groupKey: "it", tokenHash: issueSurveyToken().tokenHash, tokenExpiresAt: linkExpiry() }],
    });
    const token = issueSurveyToken();
    await database.db.updateTable("respondents").set({ token_hash: token.tokenHash }).where("id", "=", respondent.id).execute();
    const link = await respond(() => linkRoute.loader({ request: get(`/s/${token.token}`), params: { token: token.token }, context: testContext() }));
    const cookie = cookieFrom(link.headers);
    // Quarkus (green), Java EE 5 or 6 (yellow), caching Yes (yellow), JAX-WS Unknown (don't know);
    // section 2: Spring Boot, 7, No, Apache CXF (all green). 2 yellow, 1 unknown, 5 green of 8:
    // yellow 25 % < 30 %, unknown 12.5 % < 15 %, no red → green.
    const answers = Object.entries({ s1_q1: "a2", s1_q2: "a2", s1_q3: "a1", s1_q4: "dontknow", s2_q1: "a3", s2_q2: "a3", s2_q3: "a2", s2_q4: "a2" }).map(([question, value]) => ({ question, value, seq: 1 }));
    const saved = await respond(() =>
      answersRoute.action({
        request: new Request(`${TEST_ORIGIN}/survey/${respondent.id}/answers`, { method: "POST", body: JSON.stringify({ answers }), headers: { "Content-Type": "application/json", Cookie: cookie } }),
        params: { respondentId: respondent.id },
        context: testContext(),
      }),
    );
    expect(saved.status).toBe(200);

    const page = await respond(() => results.loader({ request: get(`/assessments/${assessment.id}/results?drill=operations`, consultant), params: { assessmentId: assessment.id }, context: testContext() }));
    expect(page.status).toBe(200);
    const data = (await page.json()) as {
      konveyorRisk: { verdict: string; message: string; counts: Record<string, number>; total: number; questions: { name: string; choices: { label: string; count: number; rationale: string | null }[] }[] };
      dimensions: { key: string; score: number | null; coverage: number | null }[];
      drillDown: { key: string; items: { questionName: string; byGroup: { distribution: { label: string; konveyor: { risk: string; rationale: string | null; mitigation: string | null } | null }[] }[] }[] }[];
    };
    expect(data.konveyorRisk).toMatchObject({ verdict: "green", message: "Application is Cloud Native", counts: { red: 0, yellow: 2, green: 5, unknown: 1 }, total: 8 });
    // Operations: Quarkus 100, "5 or 6" 50, caching Yes 0 (its answers run yellow–green), Unknown left out.
    const operations = data.dimensions.find((d) => d.key === "operations")!;
    expect([operations.score, operations.coverage]).toEqual([50, 0.75]);
    const caching = data.drillDown.find((d) => d.key === "operations")!.items.find((i) => i.questionName === "s1_q3")!;
    expect(caching.byGroup[0].distribution).toEqual([{ label: "Yes", count: 1, konveyor: { risk: "yellow", rationale: "This could be problematic in containers and Kubernetes.", mitigation: "Review the clustering mechanism to check compatibility and support for container environments." } }]);
    const javaVersion = data.konveyorRisk.questions.find((q) => q.name === "s1_q2")!;
    expect(javaVersion.choices.find((c) => c.count === 1)).toMatchObject({ label: "5 or 6", rationale: "This is a mostly outdated stack." });

    // The results JSON export carries the same verdict.
    const exported = await respond(() => resultsJson.loader({ request: get(`/assessments/${assessment.id}/results.json`, consultant), params: { assessmentId: assessment.id }, context: testContext() }));
    expect(((await exported.json()) as { konveyorRisk: unknown }).konveyorRisk).toEqual(data.konveyorRisk);
  });
});
