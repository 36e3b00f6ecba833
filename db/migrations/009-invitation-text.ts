import type { Kysely } from "kysely";

/**
 * Respondent invitations by mail (issue 19): assessments.invitation_text is the consultant's own
 * wording of the invitation; null for Cairn's default (app/domain/invitation.ts), which names who is
 * asking, why, how long it takes and that answers save as they go. A nullable text column: every
 * existing row stays valid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("assessments").addColumn("invitation_text", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("assessments").dropColumn("invitation_text").execute();
}
