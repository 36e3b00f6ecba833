import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Locator, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { listAnswers } from "../../db/repositories/answers";
import { createQuestionnaireVersion } from "../../db/repositories/questionnaires";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";

const chromiumPath = inject("chromiumPath");
const expectedAnswers: Record<string, unknown> = JSON.parse(readFileSync("test/fixtures/questionnaires/every-question-type.answers.json", "utf8"));

/*
 * A respondent answers one question of every SurveyJS type through the real page (clicks, typing,
 * keyboard reordering, dropdown pop-ups, adding rows and panels), reloads, finds every answer
 * restored, and completes; the database then holds exactly the answers given.
 */
describe.skipIf(!chromiumPath)("every question type in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let respondent: { id: string; token: string };
  let assessmentId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    const stored = await createQuestionnaireVersion(handle.db, {
      organisationId: organisation.id,
      key: "every-type",
      title: "Every question type",
      modelJson: readFileSync("test/fixtures/questionnaires/every-question-type.json", "utf8"),
      createdBy: null,
    });
    const survey = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: ["it"], questionnaire: { key: stored.key, version: stored.version } });
    [respondent] = survey.respondents;
    assessmentId = survey.assessment.id;
    await handle.close();
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function storedAnswers() {
    const handle = openDatabase({ url: cairn.databasePath });
    try {
      return Object.fromEntries((await listAnswers(handle.db, { respondentId: respondent.id })).map((a) => [a.questionName, a.value]));
    } finally {
      await handle.close();
    }
  }

  const question = (page: Page, name: string) => page.locator(`[data-name="${name}"]`).first();

  async function waitUntilSaved(page: Page) {
    await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
  }

  /**
   * Chooses options of a SurveyJS dropdown or tag box inside `within` with the keyboard, as a
   * respondent may: open it, type to filter the list, Enter to choose. (Clicks on its pop-up list
   * are lost while the list fades in.)
   */
  async function pick(page: Page, within: Locator, ...options: string[]) {
    await within.locator(".sd-dropdown").first().click();
    const input = within.getByRole("combobox").first();
    for (const option of options) {
      await input.pressSequentially(option);
      await page.keyboard.press("Enter");
    }
    await page.keyboard.press("Escape");
  }

  async function answerFirstPage(page: Page) {
    await question(page, "role").getByRole("textbox").fill("Head of infrastructure");
    await question(page, "headcount").locator("input").fill("42");
    await question(page, "startDate").locator("input").fill("2026-01-05");
    await question(page, "contactEmail").locator("input").fill("sam@example.com");
    await question(page, "context").locator("textarea").fill("Two data centres,\nleases end 2027.");
    await question(page, "hosting").getByText("Other (describe)").click();
    await question(page, "hosting").locator("textarea").fill("A partner's private cloud");
    await question(page, "clouds").getByText("AWS", { exact: true }).click();
    await question(page, "clouds").getByText("Azure", { exact: true }).click();
    await pick(page, question(page, "region"), "EU");
    await pick(page, question(page, "languages"), "Java", "COBOL");
    await question(page, "hasCloudTeam").getByText("Yes", { exact: true }).click();
  }

  async function answerSecondPage(page: Page) {
    await question(page, "confidence").getByText("4", { exact: true }).click();
    await question(page, "satisfaction").locator(".sd-rating__item-star").nth(2).click();
    await question(page, "mood").locator(".sd-rating__item-smiley").nth(4).click();
    await question(page, "recommend").getByText("9", { exact: true }).click();
    // Reordered with the keyboard, as a screen-reader user would: Security, then Resilience, to the top.
    const priorities = question(page, "priorities");
    await priorities.locator(".sv-ranking-item", { hasText: "Security" }).focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await priorities.locator(".sv-ranking-item", { hasText: "Resilience" }).focus();
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await question(page, "diagram").getByText("Mesh", { exact: true }).click();
    await question(page, "tools").getByText("Terraform", { exact: true }).click();
    await question(page, "tools").getByText("Bicep", { exact: true }).click();
  }

  async function answerThirdPage(page: Page) {
    await question(page, "budget").locator("input").nth(0).fill("120");
    await question(page, "budget").locator("input").nth(1).fill("80");
    const agreement = question(page, "agreement");
    await agreement.locator("tr", { hasText: "The strategy is clear" }).locator("td").nth(3).click();
    await agreement.locator("tr", { hasText: "The strategy is funded" }).locator("td").nth(1).click();

    const systems = question(page, "systems");
    const erp = systems.locator("tr", { hasText: "ERP" });
    await pick(page, erp, "IT");
    await erp.locator("input[type=number]").fill("400");
    await erp.getByText("Yes", { exact: true }).click();
    await erp.getByText("Wave 2", { exact: true }).click();
    await erp.locator("textarea").fill("SAP ECC 6");
    const crm = systems.locator("tr", { hasText: "CRM" });
    await pick(page, crm, "Vendor");
    await crm.locator("input[type=number]").fill("35");
    await systems.locator("textarea").last().fill("Both run in the Leeds data centre.");

    const vendors = question(page, "vendors");
    await vendors.getByRole("button", { name: "Add Row" }).click();
    const rows = vendors.locator("tbody tr");
    await rows.nth(0).locator("input").first().fill("Acme Hosting");
    await pick(page, rows.nth(0), "1");
    await rows.nth(1).locator("input").first().fill("Contoso");
    await pick(page, rows.nth(1), "3");

    const teams = question(page, "teams");
    await teams.getByRole("button", { name: "Add new" }).click();
    const panels = teams.locator(".sd-paneldynamic__panel-wrapper");
    await panels.nth(0).locator('[data-name="teamName"] input').fill("Platform");
    await panels.nth(0).getByText("Strong", { exact: true }).click();
    await panels.nth(0).getByText("Git", { exact: true }).click();
    await panels.nth(0).getByText("IaC", { exact: true }).click();
    await panels.nth(1).locator('[data-name="teamName"] input').fill("Service desk");
    await panels.nth(1).getByText("None", { exact: true }).click();
    await panels.nth(1).getByText("Other (describe)").click();
    await panels.nth(1).locator('[data-name="teamTools"] textarea').fill("ServiceNow");
  }

  it("saves, restores and completes an answer of every type", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // React's hydration errors (#418, #423) are console errors, not page errors.
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    const refusedSaves: string[] = [];
    page.on("response", (response) => {
      if (response.url().endsWith("/answers") && response.status() !== 200) refusedSaves.push(`${response.status()} ${response.request().postData()}`);
    });
    await page.goto(`${cairn.baseUrl}/s/${respondent.token}`);
    await page.waitForURL(`**/survey/${respondent.id}`);

    expect(await page.getByTestId("survey-sender").innerText()).toBe("Northwind Cloud Partners · for Contoso Manufacturing");
    // The questions in the app's sans-serif face, not the serif fallback of an unloaded "Open Sans".
    const titleFont = await question(page, "role").locator(".sd-question__title").first().evaluate((element) => getComputedStyle(element).fontFamily);
    expect(titleFont).toMatch(/^system-ui/);
    expect(await page.getByTestId("survey-progress").innerText()).toMatch(/^Page 1 of 3 · \d+ questions left, about \d+ minutes?$/);
    await answerFirstPage(page);
    await waitUntilSaved(page);
    await page.getByRole("button", { name: "Next" }).click();
    expect(await page.getByTestId("survey-progress").innerText()).toMatch(/^Page 2 of 3 · /);
    await answerSecondPage(page);
    await waitUntilSaved(page);
    await page.getByRole("button", { name: "Next" }).click();
    await answerThirdPage(page);
    await waitUntilSaved(page);

    expect(await storedAnswers()).toEqual(expectedAnswers);
    expect(refusedSaves).toEqual([]);
    expect(await page.locator(".form-error").count()).toBe(0);

    // Reload: every answer is back in the page, not only in the database.
    await page.reload();
    await question(page, "teams").waitFor();
    expect(await question(page, "budget").locator("input").nth(0).inputValue()).toBe("120");
    expect(await question(page, "systems").locator("tr", { hasText: "ERP" }).locator("input[type=number]").inputValue()).toBe("400");
    expect(await question(page, "vendors").locator("tbody tr").nth(1).locator("input").first().inputValue()).toBe("Contoso");
    const panels = question(page, "teams").locator(".sd-paneldynamic__panel-wrapper");
    expect(await panels.count()).toBe(2);
    expect(await panels.nth(1).locator('[data-name="teamName"] input').inputValue()).toBe("Service desk");
    expect(await panels.nth(1).locator('[data-name="teamTools"] textarea').inputValue()).toBe("ServiceNow");
    await page.getByRole("button", { name: "Previous" }).click();
    const order = await question(page, "priorities").locator(".sv-ranking-item__text").allInnerTexts();
    expect(order.map((t) => t.trim())).toEqual(["Security", "Resilience", "Cost", "Speed"]);
    expect(await question(page, "tools").locator("input:checked").count()).toBe(2);
    await page.getByRole("button", { name: "Previous" }).click();
    expect(await question(page, "role").getByRole("textbox").inputValue()).toBe("Head of infrastructure");
    expect(await question(page, "hosting").locator("textarea").inputValue()).toBe("A partner's private cloud");
    expect(await question(page, "hasCloudTeam").getByRole("switch").isChecked()).toBe(true);

    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Complete" }).click();
    await page.getByText("Thank you").first().waitFor({ timeout: 15_000 });
    expect(await storedAnswers()).toEqual(expectedAnswers);
    expect(pageErrors).toEqual([]);
    await context.close();
    expect(assessmentId).toBeTruthy();
  });

  it("shows the consultant every answer on the results page and in the CSV and JSON exports", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");

    await page.goto(`${cairn.baseUrl}/assessments/${assessmentId}/results`);
    const questions = page.locator("#questions");
    await questions.waitFor();
    // Unscored: no readiness cards or radar, every question summarised by its type.
    expect(await page.getByTestId("headline-overall").count()).toBe(0);
    const summary = (name: string) => questions.locator(`[data-question="${name}"]`);
    expect(await questions.locator("[data-question]").count()).toBe(22);
    for (const name of Object.keys(expectedAnswers).filter((n) => !n.endsWith("-Comment"))) {
      expect(await summary(name).innerText(), name).toContain("1 person answered");
    }
    expect(await page.getByTestId("nps-recommend").innerText()).toBe("100");
    expect(await summary("hosting").innerText()).toContain("A partner's private cloud");
    expect(await summary("systems").innerText()).toContain("ERP: Owner: IT; Users: 400; Critical: Yes; Moves with: Wave 2; Notes: SAP ECC 6");
    expect(await summary("teams").innerText()).toContain("Team name: Service desk; Cloud skills: None; Tools: Other (describe); Tools (comment): ServiceNow");
    expect(await summary("priorities").innerText()).toMatch(/Security\s+1\.0/);

    const csv = await (await page.request.get(`${cairn.baseUrl}/assessments/${assessmentId}/export/answers.csv`)).text();
    for (const question of Object.keys(expectedAnswers)) expect(csv, question).toContain(`,${question},`);
    expect(csv).toContain("Service desk");
    const exported = (await (await page.request.get(`${cairn.baseUrl}/assessments/${assessmentId}/results.json`)).json()) as { questions: { name: string; answered: number }[] };
    expect(exported.questions.filter((q) => q.answered === 1)).toHaveLength(22);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("gives the unscored questionnaire a Survey report, on the web page and in the PDF, with every question's summary", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");

    await page.goto(`${cairn.baseUrl}/assessments/${assessmentId}/report`);
    expect(await page.locator("h1").innerText()).toBe("Survey report");
    const questions = page.locator("#section-questions");
    expect(await questions.locator("[data-question]").count()).toBe(22);
    expect(await page.getByTestId("nps-recommend").innerText()).toBe("100");
    const body = await page.locator("main").innerText();
    for (const absent of ["thin evidence", "Readiness by dimension", "Perception gaps", "Key findings"]) expect(body, absent).not.toContain(absent);

    // The PDF draws every question type (matrices, rankings, dynamic panels…) without failing.
    const pdf = await page.request.get(`${cairn.baseUrl}/assessments/${assessmentId}/report.pdf`);
    expect(pdf.status()).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), "cairn-survey-pdf-")), "report.pdf");
    writeFileSync(file, await pdf.body());
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Survey report");
    expect(text).toContain("Net Promoter Score 100 (1 promoter, 0 passives, 0 detractors)");
    expect(text).toContain("ERP: Owner: IT; Users: 400");
    expect(text).not.toContain("thin evidence");
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
