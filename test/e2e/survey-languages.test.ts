import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { setRespondentLocale } from "../../db/repositories/respondents";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";

/*
 * Issue 24: the bundled questionnaire (version 2) answered through the page in German gives the
 * same scores as the same answers in English. One IT respondent answers in each language: the
 * German one because the consultant set German for them, the English one from the browser's
 * language; then the German one switches to English and back on the page. On every page each
 * visible radio-button question is answered with the same choice (its second), clicked by its text
 * in the page's language, so the German run cannot pass by clicking English labels.
 */
const chromiumPath = inject("chromiumPath");
const v2 = JSON.parse(readFileSync(new URL("../../questionnaires/hybrid-cloud-readiness/2/survey.json", import.meta.url), "utf8")) as {
  pages: { elements: { type: string; name: string; choices?: { value: string; text: { default: string; de: string } }[] }[] }[];
};
const radioQuestions = new Map(v2.pages.flatMap((p) => p.elements).filter((e) => e.type === "radiogroup" && e.choices).map((e) => [e.name, e.choices!]));

describe.skipIf(!chromiumPath)("answering in two languages (issue 24)", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let german: { assessmentId: string; respondent: { id: string; token: string } };
  let english: { assessmentId: string; respondent: { id: string; token: string } };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    const questionnaire = { key: "hybrid-cloud-readiness", version: 2 };
    const de = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: ["it"], questionnaire });
    const en = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: ["it"], questionnaire });
    await setRespondentLocale(handle.db, { organisationId: organisation.id, respondentId: de.respondents[0].id, locale: "de" });
    german = { assessmentId: de.assessment.id, respondent: de.respondents[0] };
    english = { assessmentId: en.assessment.id, respondent: en.respondents[0] };
    await handle.close();
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function respondentPage(locale: string): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    return page;
  }

  /** Answers every visible radio-button question of the page with its second choice, follow-ups included. */
  async function answerPage(page: Page, language: "default" | "de"): Promise<string[]> {
    const answered: string[] = [];
    for (;;) {
      const visible = await page.locator(".sd-question[data-name]").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-name") ?? ""));
      const open = visible.filter((name) => radioQuestions.has(name) && !answered.includes(name));
      if (open.length === 0) return answered;
      for (const name of open) {
        const choice = radioQuestions.get(name)![1];
        await page.locator(`.sd-question[data-name="${name}"]`).getByText(choice.text[language], { exact: true }).click();
        answered.push(name);
      }
    }
  }

  async function answerSurvey(page: Page, language: "default" | "de"): Promise<string[]> {
    const answered: string[] = [];
    const next = language === "de" ? "Weiter" : "Next";
    const complete = language === "de" ? "Abschließen" : "Complete";
    for (;;) {
      answered.push(...(await answerPage(page, language)));
      await page.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });
      const nextButton = page.locator(`input[value="${next}"], button:has-text("${next}")`).first();
      if (await nextButton.isVisible()) await nextButton.click();
      else break;
    }
    await page.locator(`input[value="${complete}"], button:has-text("${complete}")`).first().click();
    await page.locator(".thank-you").waitFor({ timeout: 15_000 });
    return answered;
  }

  it("a respondent the consultant set to German sees German, can switch, and completes in German", async () => {
    const page = await respondentPage("en-GB");
    await page.goto(`${cairn.baseUrl}/s/${german.respondent.token}`);
    await page.waitForURL(`**/survey/${german.respondent.id}`);
    expect(await page.locator("main").getAttribute("lang")).toBe("de");
    await page.getByText("Wie lange arbeiten Sie bereits für diese Organisation oder mit ihr zusammen?").waitFor();
    await expect(page.getByTestId("survey-progress").textContent()).resolves.toMatch(/^Seite 1 von \d+/);
    await expect(page.locator(".save-state").textContent()).resolves.toContain("Ihre Antworten werden laufend gespeichert");

    // Switched to English on the page, the questions follow; the choice is kept for the next visit.
    await page.getByLabel("Sprache").selectOption("en");
    await page.getByText("How long have you worked with this organisation?").waitFor();
    expect(await page.locator("main").getAttribute("lang")).toBe("en");
    await page.reload();
    await page.getByText("How long have you worked with this organisation?").waitFor();
    await page.getByLabel("Language").selectOption("de");
    await page.getByText("Wie lange arbeiten Sie bereits für diese Organisation oder mit ihr zusammen?").waitFor();

    const answered = await answerSurvey(page, "de");
    expect(answered.length).toBeGreaterThan(40);
    await expect(page.locator(".thank-you h2").textContent()).resolves.toBe("Vielen Dank");
  });

  it("a respondent with an English browser answers in English", async () => {
    const page = await respondentPage("en-GB");
    await page.goto(`${cairn.baseUrl}/s/${english.respondent.token}`);
    await page.waitForURL(`**/survey/${english.respondent.id}`);
    expect(await page.locator("main").getAttribute("lang")).toBe("en");
    await answerSurvey(page, "default");
  });

  it("a German browser gets German where no language was chosen, on the survey and on a bad link", async () => {
    const page = await respondentPage("de-DE");
    await page.goto(`${cairn.baseUrl}/s/${english.respondent.token}`);
    await page.waitForURL(`**/survey/${english.respondent.id}`);
    expect(await page.locator("main").getAttribute("lang")).toBe("de");
    await expect(page.locator(".thank-you h2").textContent()).resolves.toBe("Vielen Dank");
    await page.goto(`${cairn.baseUrl}/s/not-a-real-token-at-all`);
    await page.getByRole("heading", { name: "Dieser Link funktioniert nicht" }).waitFor();
  });

  it("the consultant sees the same scores for both, with English labels", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const results = async (assessmentId: string) => {
      const response = await fetch(`${cairn.baseUrl}/assessments/${assessmentId}/results.json`, { headers: { Cookie: cookie } });
      expect(response.status).toBe(200);
      return (await response.json()) as { readiness: number | null; dimensions: Record<string, { score: number | null; coverage: number | null; explanation: { items: { title: string }[] } }> };
    };
    const [de, en] = [await results(german.assessmentId), await results(english.assessmentId)];
    const scoresOf = (r: typeof de) => Object.fromEntries(Object.entries(r.dimensions).map(([key, d]) => [key, [d.score, d.coverage]]));
    expect(scoresOf(de)).toEqual(scoresOf(en));
    expect(de.readiness).toBe(en.readiness);
    expect(Object.values(de.dimensions).filter((d) => d.score !== null).length).toBe(8);
    // Labels are the questionnaire's default (British English), whatever language the answer was given in.
    expect(de.dimensions.culture.explanation.items.map((i) => i.title)).toContain("When a significant change to how work is done is announced in your organisation, what usually happens?");
    // The bad link's 404 is logged by the browser as a failed resource; nothing else may be.
    expect(pageErrors.filter((e) => !e.includes("404"))).toEqual([]);
  });
});
