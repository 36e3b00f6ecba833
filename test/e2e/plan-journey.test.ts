/*
 * The consultant's path from a spreadsheet to a plan, in Chromium against the real server: a bad
 * portfolio file is shown with every problem and stores nothing; a good one is previewed, then
 * confirmed; a plan is generated, a stone edited and saved, and version 2 appears in the list.
 * Set CAIRN_SCREENSHOT_DIR to keep a screenshot of each page.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");
const screenshotDir = process.env.CAIRN_SCREENSHOT_DIR;

const PORTFOLIO = [
  "name,owning_department,business_processes,criticality,users,hourly_transactions,peak_hourly_transactions,peak_window,hosting,managed_by_it,data_sensitivity,depends_on,traits,notes",
  'Shop-floor intranet,HR,Staff news,1,900,300,1200,Mon 09:00–11:00,on-premises,yes,internal,,virtualised,',
  'Order desk,Sales,"Take orders; Invoice",4,350,1200,5000,Month end,on-premises,yes,confidential,Customer database,,',
  "Customer database,Sales,Take orders,4,20,2000,8000,Month end,on-premises,yes,confidential,,database-heavy,",
  "Plant scheduling,Operations,Plan production,3,60,40,200,Shift change,colocation,yes,internal,Customer database,custom-built,Written in-house in 2011",
  "Expenses,Finance,Pay staff expenses,2,800,20,90,,saas,no,internal,,,Bought by Finance",
  "Old quality archive,Quality,,1,2,0,0,,on-premises,yes,internal,,,",
].join("\r\n");

const BAD_PORTFOLIO = [
  "name,owning_department,criticality,hosting,managed_by_it,data_sensitivity",
  "Ledger,Finance,3,mainframe,yes,confidential",
  "Orders,Sales,9,on-premises,yes,internal",
].join("\r\n");

describe.skipIf(!chromiumPath)("from a portfolio file to a plan, in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let customerId: string;
  const pageErrors: string[] = [];
  /** Console errors other than the 400 a bad file is meant to get. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    customerId = (await handle.db.selectFrom("customers").select("id").where("name", "=", "Contoso Manufacturing").executeTakeFirstOrThrow()).id;
    await handle.close();
    if (screenshotDir) mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function signedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().includes("status of 400")) consoleErrors.push(message.text());
    });
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    return page;
  }

  async function shot(page: Page, name: string) {
    if (screenshotDir) await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  async function countApplications(): Promise<number> {
    const handle = openDatabase({ url: cairn.databasePath });
    try {
      return Number((await handle.db.selectFrom("applications").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
    } finally {
      await handle.close();
    }
  }

  it("imports a portfolio through the page: problems first, then a preview, then the confirmation", async () => {
    const page = await signedIn("consultant@northwind.example");
    await page.goto(`${cairn.baseUrl}/customers/${customerId}`);
    await page.getByRole("navigation", { name: "Migration planning" }).getByRole("link", { name: "Portfolio" }).click();
    await page.waitForURL(`**/customers/${customerId}/portfolio`);
    await page.waitForLoadState("networkidle");

    await page.locator("#file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(BAD_PORTFOLIO) });
    await page.getByRole("button", { name: "Check file" }).click();
    const problems = page.getByTestId("import-problems");
    await problems.waitFor();
    expect(await problems.locator("tbody tr").count()).toBe(2);
    expect(await problems.textContent()).toContain("Nothing was stored");
    expect(await countApplications()).toBe(0);
    await shot(page, "portfolio-problems");

    await page.locator("#file").setInputFiles({ name: "contoso.csv", mimeType: "text/csv", buffer: Buffer.from(PORTFOLIO) });
    await page.getByRole("button", { name: "Check file" }).click();
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    expect(await preview.locator("tbody tr").count()).toBe(6);
    expect(await preview.textContent()).toContain("Nothing has been stored yet");
    expect(await countApplications()).toBe(0);
    await shot(page, "portfolio-preview");

    await page.getByRole("button", { name: "Replace the portfolio with these 6" }).click();
    await page.getByText("Imported.").waitFor();
    expect(await page.getByTestId("portfolio-table").locator("tbody tr").count()).toBe(6);
    expect(await countApplications()).toBe(6);

    // The table sorts and filters in the page.
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Filter").fill("sales");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="portfolio-table"] tbody tr').length === 2);
    await page.getByLabel("Filter").fill("");
    await page.getByRole("button", { name: "Criticality" }).click();
    await page.getByRole("button", { name: /Criticality/ }).click();
    expect(await page.getByTestId("portfolio-table").locator("tbody tr").first().getAttribute("data-application")).toMatch(/order-desk|customer-database/);

    await page.getByRole("link", { name: "Order desk" }).click();
    await page.getByRole("heading", { name: /Order desk/ }).waitFor();
    await shot(page, "portfolio-selected");

    await page.getByRole("link", { name: "Waves" }).click();
    await page.getByTestId("wave-1").waitFor();
    expect(await page.getByRole("heading", { name: /Retire \(1\)/ }).count()).toBe(1);
    await shot(page, "waves");
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("generates a plan, edits a stone and saves it as version 2", async () => {
    const page = await signedIn("consultant@northwind.example");
    await page.goto(`${cairn.baseUrl}/customers/${customerId}/plan`);
    await page.getByRole("button", { name: "Generate plan" }).click();
    await page.getByRole("heading", { name: "The stepping stones" }).waitFor();
    expect(await page.locator('[aria-label="Timeline of the stepping stones"] svg').count()).toBe(1);
    expect(await page.locator("article.stone").count()).toBeGreaterThan(2);
    await shot(page, "plan-v1");

    await page.getByRole("link", { name: "Edit plan" }).click();
    await page.waitForURL("**/plan/edit");
    await page.waitForLoadState("networkidle");
    const first = page.getByTestId("edit-stone-1");
    const total = page.locator(".save-bar .muted.small");
    const before = await total.textContent();
    await first.getByLabel("Estimated weeks").fill("13");
    await page.waitForFunction((text) => document.querySelector(".save-bar .muted.small")?.textContent !== text, before);
    const target = first.locator('input[aria-label$=": target"]').first();
    await target.fill("25");
    await page.getByLabel("What changed, and why").fill("Longer first stone; a firmer first target");
    await shot(page, "plan-edit");
    await page.getByRole("button", { name: "Save as version 2" }).click();
    await page.waitForURL("**/plan?saved=2*");
    await page.getByText("Saved as version 2.").waitFor();

    const versions = page.getByTestId("plan-versions");
    expect(await versions.locator("tbody tr").count()).toBe(2);
    expect(await versions.locator("tbody tr").first().textContent()).toContain("Longer first stone");
    expect(await page.locator("article.stone").first().textContent()).toContain("13 weeks");

    await page.getByRole("link", { name: "Compare with 1" }).click();
    const comparison = page.getByTestId("plan-comparison");
    await comparison.waitFor();
    expect(await comparison.textContent()).toContain("Estimated weeks");
    expect(await comparison.textContent()).toContain("13");
    await shot(page, "plan-compare");

    await page.getByRole("link", { name: "Outcomes" }).click();
    await page.getByRole("heading", { name: "Record a measurement" }).waitFor();
    // The demo plan's measures depend on its findings: pick the perception gap by name.
    await page.getByLabel("Measure", { exact: true }).selectOption({ label: "Gap between the groups' views (points)" });
    await page.getByLabel("Value").fill("31");
    await page.getByRole("button", { name: "Record", exact: true }).click();
    await page.getByText(/^Recorded 31 points/).waitFor();
    // The action's message shows before the page's data is reloaded: wait for the chart itself.
    await page.getByTestId("measure-perception-gap").locator("svg").waitFor();
    expect(await page.getByTestId("measure-perception-gap").getByText("Latest:").count()).toBe(1);
    await shot(page, "outcomes");
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
