/*
 * XSS payloads from test/hostile/xss.txt stored where customer text lives (customer names and
 * notes, an assessment title, respondent names, free-text answers, facilitator notes), written
 * straight into the running server's database, then every page that shows them opened in
 * Chromium as the demo consultant (and the survey as its respondent). No dialog may open, no
 * Content-Security-Policy violation may be reported (the CSP would block an injected handler,
 * and report it), and each payload must appear literally, as text.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";
import { openDatabase } from "../../db/client";
import { saveAnswers } from "../../db/repositories/answers";
import { createAssessment } from "../../db/repositories/assessments";
import { createCustomer } from "../../db/repositories/customers";
import { createRespondents } from "../../db/repositories/respondents";
import { launchBrowser } from "./support/browser";
import { DEMO_PASSWORD, startCairn, type RunningCairn } from "./support/cairn-server";

const chromiumPath = inject("chromiumPath");
const XSS = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../hostile/xss.txt"), "utf8")
  .split("\n")
  .filter((line) => line !== "");

const FREE_TEXT_QUESTIONS = ["reflections_one_thing", "reflections_biggest_obstacle", "reflections_anything_else"];
const REFLECTIONS_PAGE = 9;

describe.skipIf(!chromiumPath)("hostile text renders as text in Chromium", { timeout: 120_000 }, () => {
  let cairn: RunningCairn;
  let browser: Browser;
  const incidents: string[] = [];
  const customerIds: string[] = [];
  let allInNotesCustomerId: string;
  let assessmentId: string;
  let assessmentTitle: string;
  let hostileCustomerName: string;
  let linkToken: string;
  let linkRespondentAnswers: string[];
  let workshopId: string;
  let workshopNotes: string[];
  const respondentNames = XSS.filter((p) => p.length <= 120);

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    try {
      const db = handle.db;
      const organisation = await db.selectFrom("organisations").select("id").where("name", "=", "Northwind Cloud Partners").executeTakeFirstOrThrow();
      const consultant = await db.selectFrom("users").select("id").where("email", "=", "consultant@northwind.example").executeTakeFirstOrThrow();
      const organisationId = organisation.id;
      for (const payload of XSS) {
        const customer = await createCustomer(db, { organisationId, createdBy: consultant.id, name: payload, industry: "", size: "", notes: payload });
        customerIds.push(customer.id);
      }
      allInNotesCustomerId = (await createCustomer(db, { organisationId, createdBy: consultant.id, name: "Every payload in the notes", industry: "", size: "", notes: XSS.join("\n") })).id;
      hostileCustomerName = XSS[0];
      assessmentTitle = XSS.find((p) => p.includes("</title>"))!;
      const assessment = await createAssessment(db, {
        organisationId,
        customerId: customerIds[0],
        title: assessmentTitle,
        questionnaireKey: "hybrid-cloud-readiness",
        questionnaireVersion: 1,
        mode: "self-serve",
        createdBy: consultant.id,
      });
      assessmentId = assessment.id;

      // Every payload a respondent's name; each respondent answers the free-text questions with payloads.
      const link = issueSurveyToken();
      linkToken = link.token;
      const people = await createRespondents(db, {
        organisationId,
        assessmentId,
        respondents: respondentNames.map((name, i) => ({
          kind: "person" as const,
          groupKey: ["it", "engineering", "business", "executive"][i % 4],
          name,
          tokenHash: i === 0 ? link.tokenHash : null,
          tokenExpiresAt: i === 0 ? linkExpiry() : null,
        })),
      });
      for (const [i, person] of people.entries()) {
        const answers = FREE_TEXT_QUESTIONS.map((questionName, q) => ({ questionName, value: XSS[(i * FREE_TEXT_QUESTIONS.length + q) % XSS.length], seq: 1 }));
        await saveAnswers(db, { respondentId: person.id, answers: [...answers, { questionName: "culture_change_response", value: "engaged", seq: 1 }], currentPage: REFLECTIONS_PAGE });
        if (i === 0) linkRespondentAnswers = answers.map((a) => String(a.value));
      }
      await db.updateTable("respondents").set({ status: "in-progress" }).where("assessment_id", "=", assessmentId).execute();

      const [workshop] = await createRespondents(db, {
        organisationId,
        assessmentId,
        respondents: [{ kind: "workshop", groupKey: "it", label: XSS[1], tokenHash: null, tokenExpiresAt: null }],
      });
      workshopId = workshop.id;
      workshopNotes = [XSS[11], XSS[22], XSS[33]];
      await saveAnswers(db, {
        respondentId: workshopId,
        answers: [{ questionName: "culture_change_response", value: "complied", seq: 1 }],
        notes: [
          { questionName: "culture_change_response", note: workshopNotes[0], seq: 1 },
          { questionName: "reflections_one_thing", note: workshopNotes[1], seq: 1 },
          { questionName: "reflections_biggest_obstacle", note: workshopNotes[2], seq: 1 },
        ],
        currentPage: REFLECTIONS_PAGE,
      });
    } finally {
      await handle.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  interface Violation {
    directive: string;
    blocked: string;
    source: string;
    page: string;
    sample: string;
  }

  /**
   * Whether a violation is the app's own bundled code probing for eval: zod (in the client
   * bundle) tries `new Function("")` once to see whether it may compile validators, and falls
   * back when the CSP refuses. Blocking that is the CSP working; it is not injected markup,
   * which would be reported as an inline script or handler of the page itself.
   */
  const isBundledEvalProbe = (v: Violation) => v.blocked === "eval" && new URL(v.source, cairn.baseUrl).pathname.startsWith("/build/");

  /** A context that reports dialogs, CSP violations (events and console) and page errors as incidents. */
  async function watchedContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    await context.exposeFunction("reportCspViolation", (json: string) => {
      const violation = JSON.parse(json) as Violation;
      if (!isBundledEvalProbe(violation)) incidents.push(`CSP violation: ${json}`);
    });
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as { reportCspViolation: (json: string) => void }).reportCspViolation;
        void report(JSON.stringify({ directive: event.violatedDirective, blocked: event.blockedURI || "inline", source: event.sourceFile, page: location.pathname, sample: event.sample }));
      });
    });
    context.on("page", (page) => watch(page));
    return context;
  }

  function watch(page: Page) {
    page.on("dialog", (dialog) => {
      incidents.push(`a ${dialog.type()} dialog opened on ${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on("console", (message) => {
      // Chromium logs every CSP refusal; the bundled eval probe (see isBundledEvalProbe) says "unsafe-eval".
      if (/Content.Security.Policy/i.test(message.text()) && !/'unsafe-eval'/.test(message.text())) incidents.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => incidents.push(`page error on ${page.url()}: ${error.message}`));
  }

  async function signedIn(): Promise<Page> {
    const context = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${cairn.baseUrl}/login`);
    await page.getByLabel("Email").fill("consultant@northwind.example");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The dashboard lists 75 extra customers here; allow for a busy machine.
    await page.waitForURL("**/dashboard", { timeout: 60_000 });
    return page;
  }

  /** Opens a page and waits until it has hydrated and settled, so that anything injected has had its chance to run. */
  async function open(page: Page, path: string, settled: "networkidle" | "load" = "networkidle") {
    const response = await page.goto(`${cairn.baseUrl}${path}`);
    expect(response?.status(), path).toBe(200);
    await page.waitForLoadState(settled);
  }

  /** The payloads that are not on the page as an element's whole text. */
  async function missingLiterally(page: Page, texts: string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const text of texts) if ((await page.getByText(text, { exact: true }).count()) === 0) missing.push(text);
    return missing;
  }

  /** Texts of the elements matching `selector` (for text shown beside a label in the same element). */
  const textsOf = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((e) => e.textContent ?? ""));
  const valuesOf = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((e) => (e as HTMLTextAreaElement).value));

  it("has at least 50 XSS payloads to try", () => {
    expect(XSS.length).toBeGreaterThanOrEqual(50);
    expect(new Set(XSS).size).toBe(XSS.length);
  });

  it("shows every hostile customer name on the dashboard as text", async () => {
    const page = await signedIn();
    // The dashboard shows 50 customers a page: every page, until there is no next one.
    let missing = XSS;
    for (let n = 1; ; n += 1) {
      await open(page, `/dashboard?page=${n}`);
      missing = await missingLiterally(page, missing);
      if ((await page.locator('nav[aria-label="Pages of customers"] a[rel="next"]').count()) === 0) break;
    }
    expect(missing).toEqual([]);
    await open(page, "/customers");
    expect(await missingLiterally(page, XSS)).toEqual([]);
    expect(incidents).toEqual([]);
  });

  it("shows hostile customer names and notes on the customer page as text", async () => {
    const page = await signedIn();
    const problems: string[] = [];
    // Every payload is a name on the dashboard above; here every fifth one as a page of its own…
    for (const [i, customerId] of customerIds.entries()) {
      if (i % 5 !== 0) continue;
      await open(page, `/customers/${customerId}`, "load");
      if ((await page.getByRole("heading", { level: 1, name: XSS[i], exact: true }).count()) === 0) problems.push(`heading: ${XSS[i]}`);
      if (!(await textsOf(page, "p.pre-wrap")).includes(XSS[i])) problems.push(`notes: ${XSS[i]}`);
    }
    // …and all of them, one a line, as one customer's notes.
    await open(page, `/customers/${allInNotesCustomerId}`);
    if (!(await textsOf(page, "p.pre-wrap")).includes(XSS.join("\n"))) problems.push("the notes with every payload are not shown as written");
    expect(problems).toEqual([]);
    expect(incidents).toEqual([]);
  });

  it("shows hostile respondent names, customer name and assessment title on the assessment page as text", async () => {
    const page = await signedIn();
    await open(page, `/assessments/${assessmentId}`);
    expect(await missingLiterally(page, [...respondentNames, hostileCustomerName])).toEqual([]);
    expect(await page.locator("h1").first().textContent()).toContain(assessmentTitle);
    expect(await page.title()).toBe(`${assessmentTitle} · Cairn`);
    expect(incidents).toEqual([]);
  });

  it("shows hostile free-text answers and facilitator notes on the results page as text", async () => {
    const page = await signedIn();
    await open(page, `/assessments/${assessmentId}/results`);
    expect(await missingLiterally(page, [hostileCustomerName, assessmentTitle])).toEqual([]);
    const answers = await textsOf(page, "ul.free-text li");
    const everyAnswer = new Set(XSS.slice(0, Math.min(XSS.length, respondentNames.length * FREE_TEXT_QUESTIONS.length)));
    expect([...everyAnswer].filter((payload) => !answers.some((text) => text.endsWith(` ${payload}`)))).toEqual([]);
    await page.locator("details#drill-culture summary").click();
    // The answers behind a score are fetched when their section is opened.
    await page.locator("details#drill-culture tr[data-question]").first().waitFor();
    const notes = await textsOf(page, "blockquote.facilitator-note");
    expect(notes.some((text) => text.endsWith(workshopNotes[0]))).toBe(true);
    expect(incidents).toEqual([]);
  });

  it("shows hostile free text and notes in the customer report as text", async () => {
    const page = await signedIn();
    await open(page, `/assessments/${assessmentId}/report`);
    const quotes = await textsOf(page, "blockquote");
    const expected = [...new Set([...XSS.slice(0, respondentNames.length * FREE_TEXT_QUESTIONS.length), ...workshopNotes])];
    expect(expected.filter((payload) => !quotes.includes(payload))).toEqual([]);
    expect(incidents).toEqual([]);
  });

  it("shows the workshop's hostile label, answers and facilitator notes on its survey page as text", async () => {
    const page = await signedIn();
    await open(page, `/survey/${workshopId}`);
    await page.locator("textarea").first().waitFor();
    expect(await page.getByRole("heading", { level: 1, name: assessmentTitle, exact: true }).count()).toBe(1);
    expect(await page.getByText(`Workshop: ${XSS[1]} (IT)`, { exact: true }).count()).toBe(1);
    const values = await valuesOf(page, "textarea");
    for (const note of workshopNotes.slice(1)) expect(values).toContain(note);
    expect(incidents).toEqual([]);
  });

  it("shows a respondent their own hostile answers through their link, as text", async () => {
    const context = await watchedContext();
    const page = await context.newPage();
    await page.goto(`${cairn.baseUrl}/s/${linkToken}`);
    await page.waitForURL(/\/survey\/[0-9a-f-]{36}$/);
    await page.waitForLoadState("networkidle");
    await page.locator("textarea").first().waitFor();
    expect(await page.getByRole("heading", { level: 1, name: assessmentTitle, exact: true }).count()).toBe(1);
    expect(await page.title()).toBe(`${assessmentTitle} · Survey`);
    const values = await valuesOf(page, "textarea");
    expect(values).toEqual(expect.arrayContaining(linkRespondentAnswers));
    expect(incidents).toEqual([]);
  });
});
