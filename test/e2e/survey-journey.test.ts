import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { listAnswers } from "../../db/repositories/answers";
import { launchBrowser } from "./support/browser";
import { startCairn, type RunningCairn } from "./support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("respondent journey in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let respondents: { id: string; token: string }[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    const survey = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: ["business", "it"] });
    respondents = survey.respondents;
    await handle.close();
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function storedAnswers(respondentId: string) {
    const handle = openDatabase({ url: cairn.databasePath });
    try {
      return Object.fromEntries((await listAnswers(handle.db, { respondentId })).map((a) => [a.questionName, a.value]));
    } finally {
      await handle.close();
    }
  }

  async function freshDevice(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return { context, page };
  }

  async function waitUntilSaved(page: Page) {
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
  }

  async function choose(page: Page, text: string) {
    await page.getByText(text, { exact: true }).click();
  }

  it("restores every answer and the page on another device, then completes", async () => {
    const respondent = respondents[0];
    const first = await freshDevice();
    await first.page.goto(`${cairn.baseUrl}/s/${respondent.token}`);
    await first.page.waitForURL(`**/survey/${respondent.id}`);
    expect(first.page.url()).not.toContain(respondent.token);
    await choose(first.page, "One to three years");
    await waitUntilSaved(first.page);
    await first.page.getByRole("button", { name: "Next" }).click();
    await first.page.getByText("Culture & change appetite").first().waitFor();
    await choose(first.page, "People go along with it once it is required");
    await waitUntilSaved(first.page);
    await first.context.close();

    expect(Object.keys(await storedAnswers(respondent.id)).sort()).toEqual(["about_tenure", "culture_change_response"]);

    const second = await freshDevice();
    await second.page.goto(`${cairn.baseUrl}/s/${respondent.token}`);
    await second.page.waitForURL(`**/survey/${respondent.id}`);
    // Back on the culture page, with the answer given on the other device.
    await second.page.getByText("Culture & change appetite").first().waitFor();
    const restored = second.page.getByRole("radio", { name: "People go along with it once it is required" });
    expect(await restored.isChecked()).toBe(true);
    await second.page.getByRole("button", { name: "Previous" }).click();
    expect(await second.page.getByRole("radio", { name: "One to three years" }).isChecked()).toBe(true);

    // Walk to the end and complete.
    for (let i = 0; i < 20; i++) {
      const complete = second.page.getByRole("button", { name: "Complete" });
      if (await complete.isVisible()) {
        await complete.click();
        break;
      }
      await second.page.getByRole("button", { name: "Next" }).click();
    }
    await second.page.getByRole("heading", { name: "Thank you" }).waitFor();
    const handle = openDatabase({ url: cairn.databasePath });
    const row = await handle.db.selectFrom("respondents").select(["status", "completed_at"]).where("id", "=", respondent.id).executeTakeFirstOrThrow();
    await handle.close();
    expect(row.status).toBe("completed");
    await second.context.close();
    expect(pageErrors).toEqual([]);
  });

  it("keeps answering through a network drop and delivers every answer when it returns", async () => {
    const respondent = respondents[1];
    const device = await freshDevice();
    await device.page.goto(`${cairn.baseUrl}/s/${respondent.token}`);
    await device.page.waitForURL(`**/survey/${respondent.id}`);
    await choose(device.page, "Less than a year");
    await waitUntilSaved(device.page);

    await device.context.setOffline(true);
    await device.page.getByRole("button", { name: "Next" }).click();
    await device.page.getByText("Culture & change appetite").first().waitFor();
    await choose(device.page, "It is resisted, and often quietly dropped");
    await device.page.locator('[data-save-state="offline"]').waitFor({ timeout: 15_000 });
    await choose(device.page, "Heavily customised: the system is made to fit how we already work");

    await device.context.setOffline(false);
    await waitUntilSaved(device.page);
    const answers = await storedAnswers(respondent.id);
    expect(Object.keys(answers).sort()).toEqual(["about_tenure", "culture_change_response", "culture_standard_vs_custom"]);
    await device.context.close();
    expect(pageErrors).toEqual([]);
  });

  it("shows a plain page for a link that does not work, with no survey in it", async () => {
    const device = await freshDevice();
    const response = await device.page.goto(`${cairn.baseUrl}/s/not-a-real-token-but-long-enough-to-look-like-one`);
    expect(response?.status()).toBe(404);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await device.page.getByRole("heading", { name: "This link does not work" }).waitFor();
    expect(await device.page.content()).not.toContain("Readiness baseline");
    await device.context.close();
  });
});
