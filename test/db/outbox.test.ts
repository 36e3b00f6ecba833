import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { claimDueRows } from "../../db/repositories/job-claims";
import { getOrganisation, updateOrganisationBranding } from "../../db/repositories/organisations";
import { SECRET_LINK } from "../../app/mail/compose";
import { OutboxWorker } from "../../app/mail/outbox-worker.server";
import { readMailConfig } from "../../app/mail/config.server";
import { createSmtpSender } from "../../app/mail/transport.server";
import { queueMail } from "../../app/services/mail.server";
import { createProvider } from "../support/fixtures";
import { useDatabaseForApp } from "../support/remix";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server";
import { createTestDatabase, currentTestDialect, databaseUnavailable, type TestDatabase } from "../support/test-database";

const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

describe.skipIf(databaseUnavailable())(`mail outbox and worker on ${currentTestDialect()}, with a real SMTP server`, () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let organisationId: string;
  const workers: OutboxWorker[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    useDatabaseForApp(database);
    smtp = await startSmtpServer();
    const provider = await createProvider(database.db, "Northwind Mail");
    organisationId = provider.organisation.id;
    await updateOrganisationBranding(database.db, { organisationId, name: "Northwind <Cloud> & Partners", accentColour: "#0f5132", logo: { base64: PNG, mimeType: "image/png" } });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await smtp?.close();
    await database?.destroy();
  });
  afterEach(async () => {
    smtp.mode = { kind: "accept" };
    smtp.received.length = 0;
    // Each test starts with an empty outbox.
    await database.db.deleteFrom("outbox").execute();
  });

  const config = () => readMailConfig({ SMTP_URL: smtp.url, MAIL_FROM: "cairn@northwind.example" })!;
  function worker(options: { leaseMs?: number } = {}) {
    const w = new OutboxWorker({ handle: database, sender: createSmtpSender(config()), from: config().from, log: () => {}, ...options });
    workers.push(w);
    return w;
  }
  async function queue(to: string, extra: { secretLink?: string } = {}) {
    const organisation = (await getOrganisation(database.db, { organisationId }))!;
    return queueMail(
      database.db,
      {
        organisation,
        kind: "respondent-invitation",
        regarding: { type: "respondent", id: `r-${to}` },
        to,
        replyTo: "consultant@northwind.example",
        subject: "Your readiness survey for <Contoso>",
        content: {
          heading: "Your readiness survey",
          paragraphs: ["Hello <b>Jane</b> & team,\nplease answer."],
          ...(extra.secretLink ? { action: { label: "Open the survey", url: SECRET_LINK } } : {}),
        },
        ...extra,
      },
      config(),
    );
  }

  it("delivers a queued message to the right recipient with its subject, a text and a branded HTML part, the provider's logo inline, its Message-ID and the consultant as reply-to", async () => {
    const link = "http://cairn.test/s/SECRET-TOKEN-abc";
    const queued = await queue("jane@contoso.example", { secretLink: link });
    const stored = await database.db.selectFrom("outbox").selectAll().where("id", "=", queued.id).executeTakeFirstOrThrow();
    expect(stored.text_body + stored.html_body + (stored.secret_ciphertext ?? "")).not.toContain("SECRET-TOKEN");

    expect(await worker().runOnce()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail.envelopeTo).toEqual(["jane@contoso.example"]);
    expect(mail.parsed.subject).toBe("Your readiness survey for <Contoso>");
    expect(mail.parsed.messageId).toBe(queued.message_id);
    expect(mail.parsed.from?.value[0]).toEqual({ name: "Northwind <Cloud> & Partners", address: "cairn@northwind.example" });
    expect(mail.parsed.replyTo?.value[0].address).toBe("consultant@northwind.example");
    expect(mail.parsed.text).toContain("Hello <b>Jane</b> & team,\nplease answer.");
    expect(mail.parsed.text).toContain(link);
    const html = String(mail.parsed.html);
    expect(html).toContain("Hello &lt;b&gt;Jane&lt;/b&gt; &amp; team,<br>please answer.");
    expect(html).toContain(`href="${link}"`);
    expect(html).toContain('lang="en"');
    expect(html).toContain("#0f5132");
    expect(html).not.toMatch(/<img[^>]+src="https?:/); // no remote images, no tracking pixel
    expect(mail.parsed.attachments.map((a) => [a.cid, a.contentType])).toEqual([["provider-logo", "image/png"]]);
    expect(html).toContain('alt="Northwind &lt;Cloud&gt; &amp; Partners"');

    const sent = await database.db.selectFrom("outbox").selectAll().where("id", "=", queued.id).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: "sent", next_attempt_at: null, lease_owner: null, secret_ciphertext: null, attempts: 1 });
    expect(sent.last_reply).toContain("250");
    expect(await worker().runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("a 5xx reply marks the message failed with the server's reply, and it is retried after the back-off, not before", async () => {
    smtp.mode = { kind: "refuse", code: 550, message: "Mailbox unavailable" };
    const queued = await queue("bounce@contoso.example");
    const w = worker();
    // Injected times, from just after the message was queued.
    const t0 = new Date(Date.parse(queued.created_at) + 1000);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await w.runOnce(t0)).toEqual({ sent: 0, failed: 1 });
    const failed = await database.db.selectFrom("outbox").selectAll().where("id", "=", queued.id).executeTakeFirstOrThrow();
    expect(failed.status).toBe("failed");
    expect(failed.last_reply).toMatch(/^550 .*Mailbox unavailable/);
    expect(failed.next_attempt_at).toBe(at(60_000).toISOString());

    smtp.mode = { kind: "accept" };
    expect(await w.runOnce(at(59_999))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(await w.runOnce(at(60_000))).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const sent = await database.db.selectFrom("outbox").selectAll().where("id", "=", queued.id).executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a crashed worker's claim holds until its lease expires; then another worker sends the message once", async () => {
    await queue("lease@contoso.example");
    const t0 = new Date();
    // A worker claims and dies before sending: nothing but its claim is left.
    const claimed = await claimDueRows(database.db, { dialect: database.dialect, table: "outbox", owner: "dead-worker", now: t0, leaseMs: 60_000, limit: 10 });
    expect(claimed).toHaveLength(1);
    const survivor = worker({ leaseMs: 60_000 });
    expect(await survivor.runOnce(new Date(t0.getTime() + 59_000))).toEqual({ sent: 0, failed: 0 });
    expect(await survivor.runOnce(new Date(t0.getTime() + 60_000))).toEqual({ sent: 1, failed: 0 });
    expect(await survivor.runOnce(new Date(t0.getTime() + 200_000))).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it("two workers claiming at once take disjoint messages, and every message is sent exactly once", async () => {
    for (let i = 0; i < 12; i++) await queue(`person${i}@contoso.example`);
    const [a, b] = [worker(), worker()];
    const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    const ids = smtp.received.map((m) => m.parsed.messageId);
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
  });

  it("a stopped worker claims nothing more", async () => {
    const w = worker();
    await w.stop();
    await queue("late@contoso.example");
    expect(await w.runOnce()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });
});
