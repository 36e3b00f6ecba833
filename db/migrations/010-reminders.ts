import type { Kysely } from "kysely";

/**
 * Reminders (issue 19). Per assessment a schedule: a reminder every reminder_after_days days after
 * the invitation, at most reminder_max of them (both null: no schedule), and the origin the links
 * in scheduled reminders point at (the page's own, recorded when the schedule was saved: the worker
 * has no request to read it from). Per respondent: when the invitation was mailed, and how many
 * reminders were sent, which is also the guard that makes each reminder happen once (a conditional
 * update on it, see db/repositories/reminders.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("assessments").addColumn("reminder_after_days", "integer").execute();
  await db.schema.alterTable("assessments").addColumn("reminder_max", "integer").execute();
  await db.schema.alterTable("assessments").addColumn("reminder_origin", "text").execute();
  await db.schema.alterTable("respondents").addColumn("mail_invited_at", "text").execute();
  await db.schema.alterTable("respondents").addColumn("reminders_sent", "integer", (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("respondents").dropColumn("reminders_sent").execute();
  await db.schema.alterTable("respondents").dropColumn("mail_invited_at").execute();
  await db.schema.alterTable("assessments").dropColumn("reminder_origin").execute();
  await db.schema.alterTable("assessments").dropColumn("reminder_max").execute();
  await db.schema.alterTable("assessments").dropColumn("reminder_after_days").execute();
}
