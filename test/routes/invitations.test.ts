import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as assessmentPage from "../../app/routes/_app.assessments.$assessmentId";
import * as linkRoute from "../../app/routes/s.$token";
import { readMailConfig } from "../../app/mail/config.server";
import { OutboxWorker } from "../../app/mail/outbox-worker.server";
import { createSmtpSender } from "../../app/mail/transport.server";
import { createProvider, TEST_PASSWORD } from "../support/fixtures";
import { get, post, respond, signInAs, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

interface ActionBody {
  ok: boolean;
  message?: string;
  formError?: string;
  issuedLinks?: { respondentId: string; url: string; email: string | null; name: string | null }[];
}
interface PageBody {
  mailConfigured: boolean;
  invitation: { text: string; custom: boolean };
  respondents: { id: string; delivery: { status: string; kind: string; lastReply: string | null } | null }[];
}

describe.skipIf(databaseUnavailable())(`respondent invitations by mail on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let assessmentId: string;
  let cookie: string;
  const context = testContext();

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    smtp = await startSmtpServer();
    const north = await createProvider(database.db, "North Invite");
    const survey = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: [] });
    assessmentId = survey.assessment.id;
    cookie = await signInAs("consultant@north-invite.example", TEST_PASSWORD);
  });
  afterEach(() => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    smtp.received.length = 0;
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.destroy();
  });

  const page = async () => (await (await respond(() => assessmentPage.loader({ request: get(`/assessments/${assessmentId}`, cookie), params: { assessmentId }, context }))).json()) as PageBody;
  const act = (form: Record<string, string>) => respond(() => assessmentPage.action({ request: post(`/assessments/${assessmentId}`, form, cookie), params: { assessmentId }, context }));
  const configureMail = () => {
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "cairn@north-invite.example";
  };
  const runWorker = () => {
    const config = readMailConfig()!;
    return new OutboxWorker({ handle: database, sender: createSmtpSender(config), from: config.from, log: () => {} }).runOnce();
  };
  const outboxCount = async () => Number((await database.db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

  it("without SMTP: the page says mail is not configured, 'send' is refused with 400 and 'share' issues links and queues nothing", async () => {
    expect((await page()).mailConfigured).toBe(false);
    const refused = await act({ intent: "add", name: "Jane", email: "jane@contoso.example", group: "it", delivery: "send" });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ActionBody).formError).toMatch(/Mail is not configured/);
    const shared = await act({ intent: "add", name: "Jane", email: "jane@contoso.example", group: "it", delivery: "share" });
    expect(shared.status).toBe(200);
    const body = (await shared.json()) as ActionBody;
    expect(body.issuedLinks).toHaveLength(1);
    expect(body.issuedLinks![0]).toMatchObject({ name: "Jane", email: "jane@contoso.example" });
    expect(await outboxCount()).toBe(0);
    // An unknown choice is a 400, not a 500.
    expect((await act({ intent: "add", name: "X", group: "it", delivery: "carrier-pigeon" })).status).toBe(400);
  });

  it("with SMTP: 'send invitations now' mails everyone with an address their own working link, in the consultant's wording, escaped, and the progress table shows it sent", async () => {
    configureMail();
    expect((await page()).mailConfigured).toBe(true);
    const saved = await act({ intent: "invitation-text", invitationText: "Dear colleague,\n\nplease tell us <script>alert(1)</script> what you think." });
    expect(saved.status).toBe(200);
    expect((await page()).invitation).toMatchObject({ custom: true });

    const added = await act({ intent: "add-list", list: "Raj Patel, raj@contoso.example, Business\nNo Mail Person, , IT", delivery: "send" });
    const body = (await added.json()) as ActionBody;
    expect(added.status, JSON.stringify(body)).toBe(200);
    expect(body.message).toMatch(/1 invitation is on the way\. 1 person has no email address/);
    expect(await outboxCount()).toBe(1);
    expect((await page()).respondents.find((r) => r.id === body.issuedLinks![0].respondentId)?.delivery).toMatchObject({ status: "queued", kind: "respondent-invitation" });

    expect(await runWorker()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(["raj@contoso.example"]);
    expect(mail.parsed.subject).toBe("North Invite customer's hybrid-cloud readiness survey, from North Invite");
    expect(mail.parsed.replyTo?.value[0].address).toBe("consultant@north-invite.example");
    const raj = body.issuedLinks!.find((l) => l.email === "raj@contoso.example")!;
    expect(mail.parsed.text).toContain("Hello Raj Patel,");
    expect(mail.parsed.text).toContain(raj.url);
    expect(mail.parsed.text).toMatch(/Your answers save as you go/);
    const html = String(mail.parsed.html);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).toContain(`href="${raj.url}"`);

    // The link in the message works.
    const token = raj.url.slice(`${TEST_ORIGIN}/s/`.length);
    const opened = await respond(() => linkRoute.loader({ request: get(`/s/${token}`), params: { token }, context: testContext("192.0.2.77") }));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("Location")).toBe(`/survey/${raj.respondentId}`);

    const rows = (await page()).respondents;
    expect(rows.find((r) => r.id === raj.respondentId)?.delivery).toMatchObject({ status: "sent" });
    expect(rows.find((r) => r.id === body.issuedLinks!.find((l) => l.email === null)!.respondentId)?.delivery).toBeNull();
  });

  it("a refused invitation shows as failed with the server's reply in the progress table", async () => {
    configureMail();
    smtp.mode = { kind: "refuse", code: 550, message: "No such user here" };
    const added = (await (await act({ intent: "add", name: "Ghost", email: "ghost@contoso.example", group: "it", delivery: "send" })).json()) as ActionBody;
    expect(await runWorker()).toEqual({ sent: 0, failed: 1 });
    smtp.mode = { kind: "accept" };
    const row = (await page()).respondents.find((r) => r.id === added.issuedLinks![0].respondentId);
    expect(row?.delivery?.status).toBe("failed");
    expect(row?.delivery?.lastReply).toMatch(/550.*No such user here/);
  });

  it("the invitation text goes back to Cairn's wording, which names who is asking, why and how long it takes", async () => {
    expect((await act({ intent: "invitation-text", invitationText: "x", reset: "1" })).status).toBe(200);
    const { invitation } = await page();
    expect(invitation.custom).toBe(false);
    expect(invitation.text).toMatch(/North Invite consultant at North Invite is running a hybrid-cloud readiness assessment with North Invite customer/);
    expect(invitation.text).toMatch(/about 20 minutes/);
    expect((await act({ intent: "invitation-text", invitationText: "y".repeat(5001) })).status).toBe(400);
  });
});
