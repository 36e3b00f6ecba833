import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("a consultant runs an assessment in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await cairn?.stop();
  });

  async function newPage(options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    return page;
  }

  it("starts an assessment, pastes two respondents, and watches one answer appear without reloading", async () => {
    const consultant = await newPage({ permissions: ["clipboard-read", "clipboard-write"] });
    await consultant.goto(`${cairn.baseUrl}/login`);
    await consultant.getByLabel("Email").fill("consultant@northwind.example");
    await consultant.getByLabel("Password").fill(DEMO_PASSWORD);
    await consultant.getByRole("button", { name: "Sign in" }).click();
    await consultant.waitForURL("**/dashboard");

    await consultant.getByRole("link", { name: "Contoso Manufacturing" }).first().click();
    await consultant.getByRole("heading", { level: 1, name: "Contoso Manufacturing" }).waitFor();
    await consultant.getByRole("link", { name: "Start assessment" }).click();
    await consultant.getByRole("heading", { level: 1, name: "Start an assessment" }).waitFor();
    await expect(consultant.getByLabel("Title").inputValue()).resolves.toMatch(/^Readiness assessment [A-Z][a-z]+ \d{4}$/);
    await consultant.getByLabel("Title").fill("Contoso baseline");
    await consultant.getByLabel("Questionnaire").selectOption("hybrid-cloud-readiness@1");
    await consultant.getByRole("button", { name: "Start assessment" }).click();
    await consultant.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
    await consultant.getByRole("heading", { level: 1, name: /Contoso baseline/ }).waitFor();
    await consultant.getByText("Nobody has been invited yet.").waitFor();

    await consultant.getByLabel("People, one a line").fill("Ingrid IT, ingrid@contoso.example, IT\nBen Business\tben@contoso.example\tbusiness");
    await consultant.getByRole("button", { name: "Add list" }).click();
    await consultant.getByRole("heading", { name: "New survey links" }).waitFor();
    await consultant.getByText("Copy these links or download them as CSV now — for security Cairn keeps only a fingerprint and cannot show them again.").waitFor();
    const ingridLink = await consultant.getByRole("textbox", { name: "Survey link for Ingrid IT <ingrid@contoso.example>" }).inputValue();
    const benLink = await consultant.getByRole("textbox", { name: "Survey link for Ben Business <ben@contoso.example>" }).inputValue();
    expect(ingridLink).toMatch(new RegExp(`^${cairn.baseUrl}/s/[A-Za-z0-9_-]{43}$`));
    expect(benLink).not.toBe(ingridLink);

    await consultant.getByRole("button", { name: "Copy the link for Ingrid IT <ingrid@contoso.example>" }).click();
    await consultant.getByRole("button", { name: "Copy the link for Ingrid IT <ingrid@contoso.example>" }).filter({ hasText: "Copied" }).waitFor();
    await expect(consultant.evaluate(() => navigator.clipboard.readText())).resolves.toBe(ingridLink);
    await consultant.getByRole("table", { name: "Respondents" }).getByText("ingrid@contoso.example").waitFor();

    // Anything that reloads the page would lose this marker.
    await consultant.evaluate(() => Object.assign(window, { notReloaded: true }));

    // A respondent has no account: a browser of their own, with nothing but the link.
    const respondent = await newPage();
    await respondent.goto(ingridLink);
    await respondent.waitForURL(/\/survey\/[0-9a-f-]{36}$/);
    const respondentId = respondent.url().split("/").pop()!;
    await respondent.getByText("Less than a year", { exact: true }).click();
    await respondent.locator('[data-save-state="saved"]').waitFor({ timeout: 15_000 });

    const ingridRow = consultant.locator(`tr[data-respondent-id="${respondentId}"]`);
    await ingridRow.locator("td[data-answered-count]").filter({ hasNotText: /^0$/ }).waitFor({ timeout: 20_000 });
    expect(Number(await ingridRow.locator("td[data-answered-count]").textContent())).toBeGreaterThanOrEqual(1);
    await ingridRow.getByText("in progress").waitFor();
    await expect(consultant.evaluate(() => "notReloaded" in window)).resolves.toBe(true);

    // The one-time links outlive the refreshes until the consultant has copied them.
    expect(await consultant.getByRole("heading", { name: "New survey links" }).isVisible()).toBe(true);
    await consultant.getByRole("button", { name: "I have copied them" }).click();
    await consultant.getByRole("heading", { name: "New survey links" }).waitFor({ state: "detached" });
    expect(await consultant.content()).not.toContain(ingridLink);

    expect(pageErrors).toEqual([]);
  });
});
