import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");

/*
 * Forms work with JavaScript switched off (a locked-down corporate browser, a failed bundle): the
 * browser then posts plain forms, and with Referrer-Policy no-referrer Chromium sends them with
 * `Origin: null`, which the cross-site check must tell apart from a foreign page's post.
 */
describe.skipIf(!chromiumPath)("Cairn without JavaScript, in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  it("signs in and adds a customer through plain form posts", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const origins: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") origins.push(request.headers().origin ?? "(none)");
    });
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");

    await page.goto(`${cairn.baseUrl}/customers/new`);
    await page.getByLabel("Name").first().fill("Plain Form Ltd");
    await page.getByRole("button", { name: /create|add|save/i }).first().click();
    await page.waitForURL(/\/customers\/[^/]+$/);
    expect(await page.getByRole("heading", { name: "Plain Form Ltd" }).count()).toBeGreaterThan(0);
    expect(origins).toContain("null");
    await context.close();
  });
});
