import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as linkRoute from "../../app/routes/s.$token";
import { readMailConfig } from "../../app/mail/config.server";
import { OutboxWorker } from "../../app/mail/outbox-worker.server";
import { createSmtpSender } from "../../app/mail/transport.server";
import { addRespondents } from "../../app/services/invitations.server";
import { remindUnfinished, sendDueReminders } from "../../app/services/reminders.server";
import { saveAnswers } from "../../db/repositories/answers";
import { setAssessmentStatus } from "../../db/repositories/assessments";
import { markRespondentCompleted, setRespondentRevoked } from "../../db/repositories/respondents";
import { setReminderSchedule } from "../../db/repositories/reminders";
import { createProvider } from "../support/fixtures";
import { get, respond, testContext, TEST_ORIGIN, useDatabaseForApp } from "../support/remix";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server";
import { createSurveyAssessment } from "../support/survey-fixtures";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const DAY = 24 * 60 * 60 * 1000;

describe.skipIf(databaseUnavailable())(`reminders on ${currentTestDialect()}`, () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let north: Awaited<ReturnType<typeof createProvider>>;
  let address = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    process.env.MAIL_FROM = "cairn@north-remind.example";
    north = await createProvider(database.db, "North Remind");
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    await smtp?.close();
    await database?.destroy();
  });

  const consultant = () => ({ id: north.users.consultant.id, organisationId: north.organisation.id, email: north.users.consultant.email, name: north.users.consultant.name, role: "consultant" as const });
  const reminderCount = async () => Number((await database.db.selectFrom("outbox").select((eb) => eb.fn.countAll().as("n")).where("kind", "=", "respondent-reminder").executeTakeFirstOrThrow()).n);
  const openLink = (url: string) => {
    const token = url.slice(`${TEST_ORIGIN}/s/`.length);
    address++;
    return respond(() => linkRoute.loader({ request: get(`/s/${token}`), params: { token }, context: testContext(`192.0.2.${address}`) }));
  };

  async function invitedAssessment(people: { name: string; email: string }[]) {
    const { assessment } = await createSurveyAssessment(database.db, { organisationId: north.organisation.id, customerId: north.customer.id, groups: [] });
    const { issuedLinks } = await addRespondents(database.db, { user: consultant(), assessmentId: assessment.id, people: people.map((p) => ({ ...p, group: "it" as const })), days: 30, origin: TEST_ORIGIN, delivery: "send" });
    const invitedAt = Date.parse((await database.db.selectFrom("respondents").select("mail_invited_at").where("id", "=", issuedLinks[0].respondentId).executeTakeFirstOrThrow()).mail_invited_at!);
    return { assessment, issuedLinks, invitedAt };
  }

  it("a schedule sends exactly the reminders due at an injected time, at most N, and none to a respondent who completed", async () => {
    const { assessment, issuedLinks, invitedAt } = await invitedAssessment([
      { name: "Ann", email: "ann@contoso.example" },
      { name: "Ben", email: "ben@contoso.example" },
      { name: "Cat", email: "cat@contoso.example" },
    ]);
    await setReminderSchedule(database.db, { organisationId: north.organisation.id, assessmentId: assessment.id, afterDays: 3, max: 2, origin: TEST_ORIGIN });
    await markRespondentCompleted(database.db, issuedLinks[2].respondentId);
    const at = (days: number) => new Date(invitedAt + days * DAY);

    expect(await sendDueReminders(database.db, { now: at(2.99) })).toBe(0);
    expect(await sendDueReminders(database.db, { now: at(3) })).toBe(2);
    expect(await sendDueReminders(database.db, { now: at(3.5) })).toBe(0);
    expect(await sendDueReminders(database.db, { now: at(6) })).toBe(2);
    expect(await sendDueReminders(database.db, { now: at(30) })).toBe(0); // at most 2
    const reminded = await database.db.selectFrom("outbox").select(["regarding_id", "to_address"]).where("kind", "=", "respondent-reminder").execute();
    expect(reminded.map((r) => r.to_address).sort()).toEqual(["ann@contoso.example", "ann@contoso.example", "ben@contoso.example", "ben@contoso.example"]);
  });

  it("a reminder carries a new link: the old one stops working, the new one works, and the answers given are kept", async () => {
    const before = await reminderCount();
    const { assessment, issuedLinks, invitedAt } = await invitedAssessment([{ name: "Dan", email: "dan@contoso.example" }]);
    const dan = issuedLinks[0];
    await saveAnswers(database.db, { respondentId: dan.respondentId, answers: [{ questionName: "about_hybrid_meaning", value: "kept", seq: 1 }] });
    await setReminderSchedule(database.db, { organisationId: north.organisation.id, assessmentId: assessment.id, afterDays: 1, max: 1, origin: TEST_ORIGIN });
    smtp.received.length = 0;
    const config = readMailConfig()!;
    const worker = new OutboxWorker({ handle: database, sender: createSmtpSender(config), from: config.from, log: () => {} });
    expect(await sendDueReminders(database.db, { now: new Date(invitedAt + DAY) })).toBeGreaterThanOrEqual(1);
    await worker.runOnce(new Date(Date.now() + 1000));
    const reminder = smtp.received.find((m) => m.envelopeTo[0] === "dan@contoso.example" && m.parsed.subject?.startsWith("Reminder:"));
    expect(reminder, "a reminder reached Dan").toBeDefined();
    expect(reminder!.parsed.text).toMatch(/the one in earlier messages no longer works\. Anything you already answered is kept\./);
    const newUrl = reminder!.parsed.text!.match(/http:\/\/cairn\.test\/s\/[A-Za-z0-9_-]+/)![0];
    expect(newUrl).not.toBe(dan.url);
    expect((await openLink(dan.url)).status).toBe(404);
    expect((await openLink(newUrl)).status).toBe(302);
    const answers = await database.db.selectFrom("answers").select("value_json").where("respondent_id", "=", dan.respondentId).execute();
    expect(answers.map((a) => a.value_json)).toEqual([JSON.stringify("kept")]);
    expect(await reminderCount()).toBeGreaterThan(before);
  });

  it("'remind the ones who have not finished' reminds only the unfinished, and nobody once revoked or closed", async () => {
    const { assessment, issuedLinks } = await invitedAssessment([
      { name: "Eve", email: "eve@contoso.example" },
      { name: "Fay", email: "fay@contoso.example" },
      { name: "Gus", email: "gus@contoso.example" },
    ]);
    await markRespondentCompleted(database.db, issuedLinks[0].respondentId);
    await setRespondentRevoked(database.db, { organisationId: north.organisation.id, respondentId: issuedLinks[1].respondentId, revoked: true });
    expect(await remindUnfinished(database.db, { user: consultant(), assessmentId: assessment.id, origin: TEST_ORIGIN })).toBe(1);
    await setAssessmentStatus(database.db, { organisationId: north.organisation.id, assessmentId: assessment.id, status: "closed" });
    expect(await remindUnfinished(database.db, { user: consultant(), assessmentId: assessment.id, origin: TEST_ORIGIN })).toBe(0);
  });
});
