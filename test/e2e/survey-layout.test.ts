import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openDatabase } from "../../db/client";
import { launchBrowser } from "./support/browser";
import { startCairn, type RunningCairn } from "./support/cairn-server";
import { createSurveyAssessment } from "../support/survey-fixtures";

const chromiumPath = inject("chromiumPath");

/*
 * The bundled questionnaire's Likert grid fits its card at desktop and phone widths: every column
 * header is shown whole and the "Don't know" choice can be seen and clicked.
 */
describe.skipIf(!chromiumPath)("survey layout in Chromium", () => {
  let cairn: RunningCairn;
  let browser: Browser;
  let respondents: { id: string; token: string }[];

  beforeAll(async () => {
    cairn = await startCairn();
    browser = await launchBrowser(chromiumPath!);
    const handle = openDatabase({ url: cairn.databasePath });
    const organisation = await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow();
    const customer = await handle.db.selectFrom("customers").select("id").executeTakeFirstOrThrow();
    const survey = await createSurveyAssessment(handle.db, { organisationId: organisation.id, customerId: customer.id, groups: ["business", "it", "business", "it", "it"] });
    respondents = survey.respondents;
    await handle.close();
  });
  afterAll(async () => {
    await browser?.close();
    await cairn?.stop();
  });

  async function openLikertPage(width: number, height: number, respondent: { id: string; token: string }): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${cairn.baseUrl}/s/${respondent.token}`);
    await page.waitForURL(`**/survey/${respondent.id}`);
    const grid = page.locator('[data-name="culture_attitudes"]').first();
    for (let i = 0; i < 10 && !(await grid.isVisible()); i++) {
      await page.getByRole("button", { name: "Next" }).click();
      await page.waitForTimeout(300);
    }
    await grid.waitFor();
    return page;
  }

  for (const [index, [width, height]] of [[1024, 768], [1366, 900], [1920, 1080], [390, 844]].entries()) {
    it(`shows every Likert column whole at ${width} px`, async () => {
      const page = await openLikertPage(width, height, respondents[index]);
      const grid = page.locator('[data-name="culture_attitudes"]').first();
      const problems = await grid.evaluate((question) => {
        const card = question.getBoundingClientRect();
        const found: string[] = [];
        const inside = (el: Element) => {
          const box = el.getBoundingClientRect();
          return box.width > 0 && box.left >= card.left - 1 && box.right <= card.right + 1;
        };
        for (const el of Array.from(question.querySelectorAll("*"))) {
          const h = el as HTMLElement;
          if (!h.classList.contains("sv-visuallyhidden") && h.scrollWidth > h.clientWidth + 1 && getComputedStyle(h).overflowX !== "visible") found.push(`overflowing ${h.className}`);
        }
        const headers = Array.from(question.querySelectorAll("thead th, .sd-table__cell--header"));
        for (const header of headers) if (header.textContent?.trim() && header.getBoundingClientRect().width > 0 && !inside(header)) found.push(`header outside card: ${header.textContent}`);
        // On phones SurveyJS shows each row as a list; each choice's label is then its header.
        for (const label of Array.from(question.querySelectorAll(".sd-item__control-label, .sd-matrix__responsive-title"))) {
          if ((label as HTMLElement).offsetParent && !inside(label)) found.push(`label outside card: ${label.textContent}`);
        }

        return found;
      });
      expect(problems).toEqual([]);
      const dontKnow = grid.getByRole("radio", { name: /Don't know/ }).first();
      // What the respondent sees and clicks is the radio's drawn circle beside the hidden input.
      const circle = grid.locator("label:has(input[value='dontknow']) .sd-radio__decorator").first();
      await circle.scrollIntoViewIfNeeded();
      expect(await circle.isVisible()).toBe(true);
      const [box, card] = [await circle.boundingBox(), await grid.boundingBox()];
      expect(box!.x + box!.width).toBeLessThanOrEqual(card!.x + card!.width + 1);
      await circle.click();
      expect(await dontKnow.isChecked()).toBe(true);
      await page.screenshot({ path: `/tmp/w/likert-${width}.png`, fullPage: false });
      await page.context().close();
    }, 60_000);
  }
});
