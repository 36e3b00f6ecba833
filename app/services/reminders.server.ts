import type { Kysely } from "kysely";
import { getOrganisation } from "../../db/repositories/organisations";
import { claimReminder, listReminderCandidates, type ReminderCandidate } from "../../db/repositories/reminders";
import type { Database } from "../../db/schema";
import type { CurrentUser } from "~/auth/access.server";
import { invitationMail } from "~/domain/invitation";
import { reminderDue } from "~/domain/reminders";
import { SECRET_LINK } from "~/mail/compose";
import { nudgeMailWorker } from "~/mail/mail-worker.server";
import { newLinkFor } from "./assessments.server";
import { invitationTextFor } from "./invitations.server";
import { queueMail } from "./mail.server";

/*
 * Reminders carry a freshly issued link, because only the token's hash is kept: the link sent
 * before stops working, and every answer given through it stays (answers belong to the respondent,
 * not to the token).
 */

async function remind(db: Kysely<Database>, candidate: ReminderCandidate, origin: string, customerName: string, replyTo: string | null, consultantName: string): Promise<boolean> {
  const organisation = await getOrganisation(db, { organisationId: candidate.organisationId });
  if (!organisation || !candidate.email) return false;
  const link = newLinkFor({ token_expires_at: candidate.tokenExpiresAt });
  return db.transaction().execute(async (trx) => {
    if (!(await claimReminder(trx, { respondentId: candidate.id, remindersSent: candidate.remindersSent, tokenHash: link.tokenHash, tokenExpiresAt: link.tokenExpiresAt }))) return false;
    const text = invitationTextFor({ invitationText: candidate.invitationText, consultantName, providerName: organisation.name, customerName });
    const mail = invitationMail({ text, respondentName: candidate.name, customerName, providerName: organisation.name, expiresAt: link.tokenExpiresAt, reminder: true });
    await queueMail(trx, {
      organisation,
      kind: "respondent-reminder",
      regarding: { type: "respondent", id: candidate.id },
      to: candidate.email!,
      replyTo,
      subject: mail.subject,
      content: { heading: mail.heading, paragraphs: mail.paragraphs, action: { label: mail.actionLabel, url: SECRET_LINK }, after: mail.after },
      secretLink: `${origin}/s/${link.token}`,
    });
    return true;
  });
}

async function customerNameOf(db: Kysely<Database>, assessmentId: string): Promise<string> {
  const row = await db.selectFrom("assessments").innerJoin("customers", "customers.id", "assessments.customer_id").select("customers.name").where("assessments.id", "=", assessmentId).executeTakeFirst();
  return row?.name ?? "";
}

/** The scheduled scan, at `now` (injected in tests): sends exactly the reminders that are due. */
export async function sendDueReminders(db: Kysely<Database>, { now }: { now: Date }): Promise<number> {
  let sent = 0;
  for (const candidate of await listReminderCandidates(db, { scheduled: true })) {
    if (!candidate.origin || !reminderDue(candidate, now)) continue;
    if (await remind(db, candidate, candidate.origin, await customerNameOf(db, candidate.assessmentId), candidate.consultantEmail, candidate.consultantName ?? "Your consultant")) sent++;
  }
  if (sent > 0) nudgeMailWorker();
  return sent;
}

/** "Remind the ones who have not finished": everyone unfinished with an address, now, whatever the schedule. */
export async function remindUnfinished(db: Kysely<Database>, { user, assessmentId, origin }: { user: CurrentUser; assessmentId: string; origin: string }): Promise<number> {
  const customerName = await customerNameOf(db, assessmentId);
  let sent = 0;
  for (const candidate of await listReminderCandidates(db, { scheduled: false, organisationId: user.organisationId, assessmentId })) {
    if (await remind(db, candidate, origin, customerName, user.email, user.name)) sent++;
  }
  if (sent > 0) nudgeMailWorker();
  return sent;
}

/** How often the running app looks for due reminders; a reminder is a matter of days, not minutes. */
const SCAN_INTERVAL_MS = 10 * 60 * 1000;
let scanTimer: ReturnType<typeof setInterval> | undefined;

/** Started with the mail worker (app/server/start.ts); each reminder is claimed once, so several instances may scan. */
export function startReminderScan(db: Kysely<Database>): void {
  const scan = () => void sendDueReminders(db, { now: new Date() }).catch((error) => console.error(`reminders: scan failed: ${error instanceof Error ? error.message : String(error)}`));
  scanTimer = setInterval(scan, SCAN_INTERVAL_MS);
  scanTimer.unref();
  setTimeout(scan, 5000).unref();
}

export function stopReminderScan(): void {
  if (scanTimer) clearInterval(scanTimer);
  scanTimer = undefined;
}
