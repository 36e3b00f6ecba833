import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("report download in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function signedInPage(email: string): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await page.goto(`${cairn.baseUrl}/`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    return page;
  }

  it("a sales user opens Reports and downloads the demo assessment's PDF", async () => {
    const page = await signedInPage("sales@northwind.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await page.waitForURL("**/reports");
    await page.getByRole("heading", { name: "Contoso Manufacturing" }).waitFor();
    // The list is searchable by customer (it is shown 20 customers a page).
    await page.getByRole("search").getByLabel("Customer").fill("contoso");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL("**/reports?q=contoso");
    await page.getByRole("heading", { name: "Contoso Manufacturing" }).waitFor();

    const downloadLink = page.getByRole("link", { name: "Download PDF: Readiness baseline (demo)" });
    const [download] = await Promise.all([page.waitForEvent("download"), downloadLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^Cairn-Contoso[ -]Manufacturing-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = join(cairn.dataDir, "report.pdf");
    await download.saveAs(file);

    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const info = spawnSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info.status).toBe(0);
    expect(Number(/Pages:\s+(\d+)/.exec(info.stdout)?.[1])).toBeGreaterThanOrEqual(3);
    expect(info.stdout).toMatch(/Author:\s+Northwind Cloud Partners/);
    const text = spawnSync("pdftotext", [file, "-"], { encoding: "utf8" }).stdout;
    expect(text).toContain("Contoso Manufacturing");
    expect(text).toContain("Executive summary");
    expect(pageErrors).toEqual([]);
  });

  it("the same report reads as a web page with its charts and a Download PDF link", async () => {
    const page = await signedInPage("sales@northwind.example");
    await page.goto(`${cairn.baseUrl}/reports`);
    await page.getByRole("link", { name: "View" }).first().click();
    await page.waitForURL(/\/assessments\/[^/]+\/report$/);
    await page.getByRole("heading", { level: 2, name: "Executive summary" }).waitFor();
    expect(await page.getByTestId("report-customer").textContent()).toBe("Contoso Manufacturing");
    expect(await page.locator(".report-chart svg[role='img']").count()).toBe(2);
    expect(await page.getByRole("link", { name: "Download PDF" }).getAttribute("href")).toMatch(/\/report\.pdf$/);
    // Printing hides the app's navigation and the page's own buttons.
    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("navigation", { name: "Main" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Print" }).isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
  });
});
