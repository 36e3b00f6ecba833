/*
 * The outbox's promise across a crash: the real server process is killed with SIGKILL while it is
 * sending (some messages accepted, one in the middle of DATA, the rest of the batch claimed but not
 * yet sent), restarted on the same database, and every message reaches the SMTP server exactly once.
 * On SQLite and on PostgreSQL (a fresh database of its own).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../../db/client";
import { getOrganisation } from "../../db/repositories/organisations";
import { readMailConfig } from "../../app/mail/config.server";
import { queueMail } from "../../app/services/mail.server";
import { SECRET_LINK } from "../../app/mail/compose";
import { startCairn, type RunningCairn } from "./support/cairn-server";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp-server";

const SESSION_SECRET = "mail-crash-test-session-secret-0123456789abcdef";
const postgresUrl = inject("postgresUrl");
const MESSAGES = 8;
const ACCEPTED_BEFORE_KILL = 3;

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freshPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cairn_mail_crash_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  return {
    url: databaseUrl.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

const dialects = ["sqlite", ...(postgresUrl ? ["postgres"] : [])] as const;

describe("mail survives kill -9 between commit and send", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  for (const dialect of dialects) {
    it(`on ${dialect}: every message is delivered exactly once after a crash and a restart`, async () => {
      const smtp: TestSmtpServer = await startSmtpServer({ kind: "accept", stallAfter: ACCEPTED_BEFORE_KILL });
      cleanups.push(() => smtp.close());
      const dataDir = mkdtempSync(join(tmpdir(), "cairn-mail-crash-"));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const postgres = dialect === "postgres" ? await freshPostgresDatabase(postgresUrl!) : null;
      if (postgres) cleanups.push(() => postgres.drop());
      const databaseUrl = postgres?.url ?? join(dataDir, "cairn.db");
      const env = {
        SMTP_URL: smtp.url,
        MAIL_FROM: "cairn@northwind.example",
        SESSION_SECRET,
        DATABASE_URL: databaseUrl,
        // A short lease so the restarted worker takes over the dead one's claim within the test.
        CAIRN_MAIL_LEASE_SECONDS: "3",
        CAIRN_MAIL_POLL_SECONDS: "1",
      };
      let cairn: RunningCairn = await startCairn({ dataDir, env });
      cleanups.push(() => cairn.kill9());

      // The commit: messages written by one transaction, as a change that causes mail writes them.
      process.env.SESSION_SECRET = SESSION_SECRET;
      const handle = openDatabase({ url: databaseUrl });
      const config = readMailConfig(env)!;
      const organisationId = (await handle.db.selectFrom("organisations").select("id").executeTakeFirstOrThrow()).id;
      const organisation = (await getOrganisation(handle.db, { organisationId }))!;
      await handle.db.transaction().execute(async (trx) => {
        for (let i = 0; i < MESSAGES; i++) {
          await queueMail(
            trx,
            {
              organisation,
              kind: "respondent-invitation",
              to: `person${i}@contoso.example`,
              subject: `Invitation ${i}`,
              content: { heading: "Your survey", paragraphs: ["Please answer."], action: { label: "Open the survey", url: SECRET_LINK } },
              secretLink: `http://cairn.test/s/token-${i}`,
            },
            config,
          );
        }
      });

      // Three are accepted, the fourth hangs in DATA: the process dies holding its claim.
      await waitUntil("the server to stall on a message", () => smtp.received.length === ACCEPTED_BEFORE_KILL && smtp.stalled === 1);
      await cairn.kill9();
      const beforeRestart = await handle.db.selectFrom("outbox").select(["status", "lease_owner"]).execute();
      expect(beforeRestart.filter((r) => r.status === "sent")).toHaveLength(ACCEPTED_BEFORE_KILL);
      // The dead worker claimed the whole batch: every unsent message waits on its lease.
      expect(beforeRestart.filter((r) => r.status !== "sent" && r.lease_owner !== null)).toHaveLength(MESSAGES - ACCEPTED_BEFORE_KILL);

      smtp.mode = { kind: "accept" };
      cairn = await startCairn({ dataDir, env });
      await waitUntil("every message to be recorded as sent", async () => {
        const rows = await handle.db.selectFrom("outbox").select("status").execute();
        return rows.every((r) => r.status === "sent");
      });
      await cairn.stop();
      await handle.close();

      const recipients = smtp.received.map((m) => m.envelopeTo.join(",")).sort();
      expect(recipients).toEqual(Array.from({ length: MESSAGES }, (_, i) => `person${i}@contoso.example`).sort());
      expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(MESSAGES);
      for (const m of smtp.received) {
        const i = m.envelopeTo[0].match(/person(\d)/)![1];
        expect(m.parsed.text).toContain(`http://cairn.test/s/token-${i}`);
      }
    }, 120_000);
  }
});
