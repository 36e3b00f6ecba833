import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext } from "playwright-core";
import { openDatabase } from "../../db/client";
import { saveAnswers } from "../../db/repositories/answers";
import { createRespondents } from "../../db/repositories/respondents";
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

  it("shows Konveyor's verdict on the results of an assessment taken with it, and the rationale beside the answers", async () => {
    const page = await admin.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    const handle = openDatabase({ url: cairn.databasePath });
    const customer = await handle.db
      .selectFrom("customers")
      .innerJoin("users", "users.organisation_id", "customers.organisation_id")
      .select(["customers.id", "customers.organisation_id"])
      .where("users.email", "=", "admin@northwind.example")
      .executeTakeFirstOrThrow();
    const started = await page.request.post(`${cairn.baseUrl}/customers/${customer.id}/assessments/new`, { form: { title: "Cloud native check", questionnaire: "cloud-native@1", mode: "self-serve" }, headers: { Origin: cairn.baseUrl }, maxRedirects: 0 });
    expect(started.status()).toBe(302);
    const assessment = await handle.db.selectFrom("assessments").select("id").where("title", "=", "Cloud native check").executeTakeFirstOrThrow();
    const [respondent] = await createRespondents(handle.db, { organisationId: customer.organisation_id, assessmentId: assessment.id, respondents: [{ kind: "person", groupKey: "it", tokenHash: "e2e-konveyor", tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString() }] });
    // One red answer (J2EE) of 8: 12.5 % ≥ the 1 % red threshold → red.
    const answers = { s1_q1: "a5", s1_q2: "a3", s1_q3: "a1", s1_q4: "a2", s2_q1: "a2", s2_q2: "a3", s2_q3: "a2", s2_q4: "a2" };
    await saveAnswers(handle.db, { respondentId: respondent.id, answers: Object.entries(answers).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    await handle.close();

    await page.goto(`${cairn.baseUrl}/assessments/${assessment.id}/results?drill=operations`);
    const risk = page.getByTestId("konveyor-risk");
    await risk.getByRole("heading", { name: "Konveyor risk" }).waitFor();
    expect(await page.getByTestId("konveyor-verdict").textContent()).toBe("Red");
    await risk.getByText("Application requires deep changes in architecture or lifecycle").waitFor();
    await risk.getByText(/^Red 1 \(13 %\) · Yellow 1 \(13 %\) · Green 6 \(75 %\) · Unknown 0 \(0 %\) of 8 answers from 1 respondent/).waitFor();
    // The drill-down of Operational health lists the answers with their rationale and mitigation.
    const drill = page.locator("#drill-operations");
    await drill.getByText("This is obsolete.").waitFor();
    await drill.getByText("Mitigation: Maybe start thinking about migrating to Quarkus or Jakarta EE.").first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
