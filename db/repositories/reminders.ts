import type { Kysely } from "kysely";
import { nowIso } from "../ids";
import type { Database } from "../schema";

/*
 * Reminder schedules and who is due one. A reminder is claimed by a conditional update of the
 * respondent's reminders_sent (from n to n+1, only if still n and still unfinished), in the same
 * transaction that replaces the link and queues the mail: two instances scanning at once, or a scan
 * and a click of "remind now", cannot both send the same reminder.
 */

export async function setReminderSchedule(
  db: Kysely<Database>,
  input: { organisationId: string; assessmentId: string; afterDays: number | null; max: number | null; origin: string },
): Promise<boolean> {
  const result = await db
    .updateTable("assessments")
    .set({ reminder_after_days: input.afterDays, reminder_max: input.max, reminder_origin: input.origin, updated_at: nowIso() })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.assessmentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markInvitationMailed(db: Kysely<Database>, { organisationId, respondentIds, at }: { organisationId: string; respondentIds: string[]; at: string }) {
  if (respondentIds.length === 0) return;
  await db.updateTable("respondents").set({ mail_invited_at: at }).where("organisation_id", "=", organisationId).where("id", "in", respondentIds).execute();
}

/**
 * People who could be reminded: in an open assessment, with an email address, a live (unrevoked)
 * link, and not finished. `scheduled`: only those with a schedule that has reminders left, across
 * every provider (the scan); otherwise one assessment's (the button).
 */
export async function listReminderCandidates(
  db: Kysely<Database>,
  filter: { scheduled: true } | { scheduled: false; organisationId: string; assessmentId: string },
) {
  let query = db
    .selectFrom("respondents")
    .innerJoin("assessments", "assessments.id", "respondents.assessment_id")
    .leftJoin("users", "users.id", "assessments.created_by")
    .select([
      "respondents.id",
      "respondents.organisation_id as organisationId",
      "respondents.assessment_id as assessmentId",
      "respondents.name",
      "respondents.email",
      "respondents.token_expires_at as tokenExpiresAt",
      "respondents.mail_invited_at as mailInvitedAt",
      "respondents.reminders_sent as remindersSent",
      "assessments.reminder_after_days as afterDays",
      "assessments.reminder_max as max",
      "assessments.reminder_origin as origin",
      "assessments.invitation_text as invitationText",
      "users.name as consultantName",
      "users.email as consultantEmail",
    ])
    .where("assessments.status", "=", "open")
    .where("respondents.kind", "=", "person")
    .where("respondents.email", "is not", null)
    .where("respondents.revoked", "=", 0)
    .where("respondents.status", "!=", "completed");
  if (filter.scheduled) {
    query = query
      .where("assessments.reminder_after_days", "is not", null)
      .where("respondents.mail_invited_at", "is not", null)
      .whereRef("respondents.reminders_sent", "<", "assessments.reminder_max");
  } else {
    query = query.where("respondents.organisation_id", "=", filter.organisationId).where("respondents.assessment_id", "=", filter.assessmentId);
  }
  return query.orderBy("respondents.created_at").orderBy("respondents.id").execute();
}

export type ReminderCandidate = Awaited<ReturnType<typeof listReminderCandidates>>[number];

/** Takes reminder number remindersSent + 1 for this respondent, with its new link; false when someone else did, or they finished meanwhile. */
export async function claimReminder(
  db: Kysely<Database>,
  input: { respondentId: string; remindersSent: number; tokenHash: string; tokenExpiresAt: string },
): Promise<boolean> {
  const result = await db
    .updateTable("respondents")
    .set({ reminders_sent: input.remindersSent + 1, token_hash: input.tokenHash, token_expires_at: input.tokenExpiresAt })
    .where("id", "=", input.respondentId)
    .where("reminders_sent", "=", input.remindersSent)
    .where("status", "!=", "completed")
    .where("revoked", "=", 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
