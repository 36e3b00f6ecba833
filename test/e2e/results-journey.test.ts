import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import type { RespondentGroup } from "../../app/domain/dimensions";
import { getScoringModel } from "../../app/domain/questionnaire-catalogue.server";
import { scoreAssessment } from "../../app/domain/scoring";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";
import { DEMO_QUESTIONNAIRE } from "../../db/seed";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("results journey in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let assessmentId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    assessmentId = (await handle.db.selectFrom("assessments").select("id").where("title", "=", "Readiness baseline (demo)").executeTakeFirstOrThrow()).id;
    await handle.close();
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    return page;
  }

  it("sends the charts as SVG in the HTML itself", async () => {
    const page = await signedIn("consultant@northwind.example");
    const cookies = await page.context().cookies();
    const html = await (await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/results`, { headers: { Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; ") } })).text();
    expect(html).toContain("recharts-radar");
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it("prints exactly the scoring engine's headline numbers in the HTML", async () => {
    // The engine's own answer from the stored answers, in the service's canonical order.
    const handle = openDatabase({ url: cairn.databasePath });
    const rows = await handle.db
      .selectFrom("answers")
      .innerJoin("respondents", "respondents.id", "answers.respondent_id")
      .select(["respondents.id", "respondents.group_key", "answers.question_name", "answers.value_json"])
      .where("respondents.assessment_id", "=", assessmentId)
      .execute();
    await handle.close();
    const byRespondent = new Map<string, { id: string; group: RespondentGroup; answers: Record<string, unknown> }>();
    for (const row of rows) {
      const respondent = byRespondent.get(row.id) ?? { id: row.id, group: row.group_key as RespondentGroup, answers: {} };
      respondent.answers[row.question_name] = JSON.parse(row.value_json);
      byRespondent.set(row.id, respondent);
    }
    const expected = scoreAssessment(getScoringModel(DEMO_QUESTIONNAIRE.key, DEMO_QUESTIONNAIRE.version), [...byRespondent.values()].sort((a, b) => (a.id < b.id ? -1 : 1)));

    const page = await signedIn("consultant@northwind.example");
    await page.goto(`${cairn.baseUrl}/assessments/${assessmentId}/results`);
    const stat = async (testId: string) => Number(await page.getByTestId(testId).locator(".stat").textContent());
    expect(await stat("headline-overall")).toBe(Math.round(expected.readiness!));
    expect(await stat("headline-culture")).toBe(Math.round(expected.dimensions.culture.score!));
    expect(await stat("headline-skills")).toBe(Math.round(expected.dimensions.skills.score!));
    expect(await stat("headline-shadow-it")).toBe(Math.round(expected.dimensions["shadow-it"].score!));
    for (const key of ["partnership", "operations", "visibility", "outcomes", "governance"] as const) {
      const cell = await page.getByTestId(`dimension-row-${key}`).locator("td.num").first().textContent();
      expect(Number(cell), key).toBe(Math.round(expected.dimensions[key].score!));
    }
  });

  it("opens the answers behind a headline score, and hydrates without errors", async () => {
    const page = await signedIn("sales@northwind.example");
    await page.goto(`${cairn.baseUrl}/assessments/${assessmentId}/results`);
    await page.getByTestId("headline-skills").waitFor();
    await page.screenshot({ path: `${cairn.dataDir}/results.png`, fullPage: true });
    await page.getByTestId("headline-shadow-it").click();
    const drill = page.locator("details#drill-shadow-it");
    await page.waitForFunction(() => (document.getElementById("drill-shadow-it") as HTMLDetailsElement | null)?.open === true);
    const firstQuestion = drill.locator("tr[data-question]").first();
    expect(await firstQuestion.getAttribute("data-question")).toMatch(/^shadow_/);
    expect(await drill.locator("tr[data-question]").count()).toBeGreaterThan(5);
    // The other drill-downs stay closed.
    expect(await page.locator("details#drill-culture").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it("hides a group's series when its box is unticked", async () => {
    const page = await signedIn("consultant@northwind.example");
    await page.goto(`${cairn.baseUrl}/assessments/${assessmentId}/results`);
    const radar = page.locator('[aria-label="Radar chart of the eight dimensions"]');
    await radar.locator(".recharts-radar").first().waitFor();
    const before = await radar.locator(".recharts-radar").count();
    await page.getByRole("checkbox", { name: /Business/ }).uncheck();
    await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Radar chart of the eight dimensions"] .recharts-radar').length === n - 1, before);
    expect(pageErrors).toEqual([]);
  });
});
