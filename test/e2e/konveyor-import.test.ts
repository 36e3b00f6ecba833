import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");
const cloudNative = readFileSync("test/fixtures/konveyor/cloud-native.yaml");

describe.skipIf(!chromiumPath)("an admin imports a Konveyor questionnaire in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let admin: BrowserContext;

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    admin = await browser.newContext();
    const page = await admin.newPage();
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("admin@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    await page.close();
  });
  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await cairn?.stop();
  });

  it("uploads the YAML, maps a section to a dimension in the preview, stores it and opens it", async () => {
    const page = await admin.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${cairn.baseUrl}/settings/questionnaires`);
    await page.getByRole("link", { name: "Import a Konveyor questionnaire (YAML)" }).click();
    await page.getByRole("heading", { level: 1, name: "Import a Konveyor questionnaire" }).waitFor();
    await page.getByLabel("Key").fill("cloud-native");
    await page.getByLabel("Konveyor questionnaire (YAML)").setInputFiles({ name: "cloud-native.yaml", mimeType: "application/yaml", buffer: cloudNative });
    await page.getByRole("button", { name: "Read the file" }).click();

    await page.getByRole("heading", { level: 2, name: "Cloud Native" }).waitFor();
    await page.getByText("22 warnings (these do not stop the import):").waitFor();
    expect(await page.locator("li").first().textContent()).toMatch(/^line 22, column 13 sections\[0\]\.questions\[0\]\.answers\[1\]\.applyTags: applyTags \(Runtime: Quarkus\)/);
    await page.getByLabel("Application technologies 1").selectOption("operations");
    await page.getByRole("button", { name: "Store as cloud-native" }).click();

    const notice = page.getByRole("status");
    await notice.getByText('Stored "Cloud Native" as cloud-native version 1: 8 questions, 4 scored.').waitFor();
    await notice.getByRole("link", { name: "Open version 1" }).click();
    await page.getByRole("heading", { level: 1, name: /Cloud Native/ }).waitFor();
    // survey-core renders the converted questionnaire: the question, its explanation, its answers.
    await page.getByText("What is the main technology in your application?").first().waitFor();
    await page.getByText("What would you describe as the main framework used to build your application.").first().waitFor();
    await page.getByText("J2EE").first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
