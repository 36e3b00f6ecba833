import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");

describe.skipIf(!chromiumPath)("staff journey in Chromium", () => {
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

  async function newPage(): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    page.on("dialog", (dialog) => {
      pageErrors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${cairn.baseUrl}/`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/dashboard");
  }

  it("an admin opens a questionnaire from the list and sees it as respondents would", async () => {
    const page = await newPage();
    await signIn(page, "admin@northwind.example", DEMO_PASSWORD);
    await page.goto(`${cairn.baseUrl}/settings/questionnaires`);
    await page.getByRole("link", { name: "Open" }).first().click();
    await page.waitForURL(/\/settings\/questionnaires\/hybrid-cloud-readiness\/1$/);
    await page.getByText("This is a preview: nothing you enter is saved.").waitFor();
    // The questionnaire itself, rendered by SurveyJS: its first question's title is on the page.
    await page.locator(".sd-question__title, .sv-question__title").first().waitFor();
    await page.getByLabel("Preview as").selectOption("business");
    await page.locator(".sd-question__title, .sv-question__title").first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it("a consultant signs in, creates a customer, sees it listed and signs out", async () => {
    const page = await newPage();
    await signIn(page, "consultant@northwind.example", DEMO_PASSWORD);
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByRole("link", { name: "Contoso Manufacturing" }).first().waitFor();

    await page.getByRole("link", { name: "New customer" }).click();
    await page.getByLabel("Name").fill("Fabrikam <b>Logistics</b>");
    await page.getByLabel("Industry").fill("Logistics");
    await page.getByLabel("Size").selectOption("100–999 employees");
    await page.getByLabel("Notes").fill('<img src=x onerror="alert(1)"> sponsor: the COO');
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    // Customer text is shown literally, never as markup.
    await page.getByRole("heading", { level: 1, name: "Fabrikam <b>Logistics</b>" }).waitFor();
    await expect(page.getByText('<img src=x onerror="alert(1)"> sponsor: the COO').isVisible()).resolves.toBe(true);

    await page.getByRole("link", { name: "Customers" }).first().click();
    await page.getByRole("link", { name: "Fabrikam <b>Logistics</b>" }).waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto(`${cairn.baseUrl}/customers`);
    await page.waitForURL("**/login?redirectTo=%2Fcustomers");
    expect(pageErrors).toEqual([]);
  });

  it("shows a consultant the field messages for an empty customer form", async () => {
    const page = await newPage();
    await signIn(page, "consultant@northwind.example", DEMO_PASSWORD);
    await page.goto(`${cairn.baseUrl}/customers/new`);
    await page.getByRole("button", { name: "Create customer" }).click();
    await page.getByRole("alert").filter({ hasText: "Name is required." }).waitFor();
  });

  it("a sales user cannot create customers", async () => {
    const page = await newPage();
    await signIn(page, "sales@northwind.example", DEMO_PASSWORD);
    expect(await page.getByRole("link", { name: "New customer" }).count()).toBe(0);
    const response = await page.goto(`${cairn.baseUrl}/customers/new`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "Not allowed" }).isVisible()).resolves.toBe(true);
  });

  it("a user of a second provider gets 404 for the first provider's customer", async () => {
    const handle = openDatabase({ url: cairn.databasePath });
    const other = await createProvider(handle.db, "Rival Consulting");
    const contoso = await handle.db.selectFrom("customers").select("id").where("name", "=", "Contoso Manufacturing").executeTakeFirstOrThrow();
    await handle.close();

    const page = await newPage();
    await signIn(page, "consultant@rival-consulting.example", TEST_PASSWORD);
    expect(await page.getByText("Contoso Manufacturing").count()).toBe(0);
    const response = await page.goto(`${cairn.baseUrl}/customers/${contoso.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.content()).not.toContain("Contoso");
    expect(other.customer.name).toBe("Rival Consulting customer");
  });

  it("says nothing about which of email and password was wrong", async () => {
    const page = await newPage();
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "That email and password do not match an active account." }).waitFor();
  });
});
