import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");
const fixture = (name: string) => readFileSync(`test/fixtures/questionnaires/${name}`);

describe.skipIf(!chromiumPath)("an admin imports SurveyJS files in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  /** Signed in once: sign-in is rate limited, and each test opens its own page in this session. */
  let admin: BrowserContext;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    admin = await browser.newContext();
    contexts.push(admin);
    const page = await admin.newPage();
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("admin@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
    await page.close();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await cairn?.stop();
  });

  /** The questionnaires page, in the admin's session. */
  async function signedInAdmin(): Promise<Page> {
    const page = await admin.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${cairn.baseUrl}/settings/questionnaires`);
    await page.getByRole("heading", { level: 1, name: "Questionnaires" }).waitFor();
    return page;
  }

  async function upload(page: Page, key: string, name: string, buffer: Buffer) {
    await page.getByLabel("Key").fill(key);
    await page.getByLabel("SurveyJS JSON file").setInputFiles({ name, mimeType: "application/json", buffer });
    await page.getByRole("button", { name: "Upload and validate" }).click();
  }

  it("uploads a checklist SurveyJS tolerates, reads its warnings with line and column, previews it and archives it", async () => {
    const page = await signedInAdmin();
    await page.getByText("At most 900 KB.").waitFor();
    await upload(page, "production-checklist", "Produktionscheckliste.json", fixture("production-checklist-de.json"));
    const notice = page.getByRole("status");
    await notice.getByText("Stored with 5 warnings.").waitFor();
    await notice.getByText(/as production-checklist version 1: 5 questions, 0 scored/).waitFor();
    const firstWarning = notice.locator("li").first();
    expect(await firstWarning.textContent()).toMatch(/^line 26, column 11 pages\[0\]\.elements\[2\]\.isAllRowRequired \(pruefpunkte_anlage\): survey-core has no property "isAllRowRequired"/);

    await notice.getByRole("link", { name: "Open version 1" }).click();
    await page.getByRole("heading", { level: 1, name: /Produktionscheckliste Schichtübergabe/ }).waitFor();
    await page.getByText("Stored with 5 warnings.").waitFor();
    // survey-core renders the file: the matrix and its rows, the repeated html blocks.
    await page.getByText("Prüfpunkte an der Anlage").waitFor();
    await page.getByText("Not-Aus-Schalter geprüft").waitFor();
    await page.getByText("Bitte alle Punkte prüfen, bevor die Schicht übergeben wird.").waitFor();

    await page.getByRole("button", { name: "Archive this version" }).click();
    await page.getByText(/Version 1 is archived: it is no longer offered for new assessments/).waitFor();
    await page.getByRole("button", { name: "Offer for new assessments again" }).waitFor();
    await page.locator("main").getByRole("link", { name: "Questionnaires" }).click();
    await page.getByRole("row", { name: /Produktionscheckliste Schichtübergabe Archived/ }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("says which version an identical upload is, and where a broken file breaks", async () => {
    const page = await signedInAdmin();
    await upload(page, "production-checklist", "copy.json", fixture("production-checklist-de.json"));
    await page.getByRole("status").getByText(/Nothing new was stored: this file holds the same questionnaire as production-checklist version 1/).waitFor();

    await upload(page, "customer-feedback", "broken.json", fixture("malformed-trailing-comma.json"));
    const alert = page.getByRole("alert").filter({ hasText: "The questionnaire was not stored." });
    await alert.getByText(/line 9, column 7/).waitFor();
    expect(await alert.textContent()).toContain("a comma after the last element is not allowed");
  });

  it("refuses a file over 900 KB in the page before sending it", async () => {
    const page = await signedInAdmin();
    let posted = false;
    page.on("request", (request) => {
      if (request.method() === "POST") posted = true;
    });
    await upload(page, "too-large", "huge.json", Buffer.from(`{"title":"${"x".repeat(950 * 1024)}"}`));
    await page.getByText("The file must be at most 900 KB. This one is 951 KB.").waitFor();
    expect(posted).toBe(false);
  });

  it("shows a readable 413, not a 500, when a submission over the server's limit gets through anyway", async () => {
    // As a page loaded before the size check existed would send it: straight through Remix's router.
    const page = await signedInAdmin();
    await page.evaluate(async () => {
      const form = new FormData();
      form.append("key", "too-large");
      form.append("file", new File(["x".repeat(1100 * 1024)], "huge.json", { type: "application/json" }));
      const router = (window as unknown as { __remixRouter: { navigate(to: string, options: object): Promise<void> } }).__remixRouter;
      await router.navigate("/settings/questionnaires", { formMethod: "post", formData: form, formEncType: "multipart/form-data" });
    });
    await page.getByRole("heading", { level: 1, name: "File too large" }).waitFor();
    await page.getByText("A questionnaire file may be at most 900 KB; nothing was stored.").waitFor();
    expect(await page.locator("main").textContent()).not.toContain("Something went wrong");

  });

  it("answers an over-limit body with words: marked for Remix's error boundary when Remix sent it, plain text otherwise", async () => {
    const cookie = (await admin.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const body = () => {
      const form = new FormData();
      form.append("key", "too-large");
      form.append("file", new File(["x".repeat(1100 * 1024)], "huge.json", { type: "application/json" }));
      return form;
    };
    const headers = { Cookie: cookie, Origin: cairn.baseUrl };
    const fromRemix = await fetch(`${cairn.baseUrl}/settings/questionnaires?_data=routes%2F_app.settings.questionnaires`, { method: "POST", body: body(), headers });
    expect([fromRemix.status, fromRemix.headers.get("X-Remix-Catch")]).toEqual([413, "yes"]);
    const plain = await fetch(`${cairn.baseUrl}/settings/questionnaires`, { method: "POST", body: body(), headers });
    expect([plain.status, plain.headers.get("X-Remix-Catch")]).toEqual([413, null]);
    expect(await plain.text()).toBe("That request is too large: Cairn accepts at most 1 MB in one request. Go back and send less.");
  });
});
