import type { Kysely } from "kysely";

/**
 * Lenient questionnaire import (issue 24):
 *
 * - questionnaires.warnings_json: what survey-core ignored in the uploaded file, with each finding's
 *   JSON path and line/column, kept with the version so the admin can read them later on its page.
 *   Null for versions stored before warnings existed (they were stored only when they had none).
 * - questionnaires.archived_at: an archived version is not offered for new assessments; assessments
 *   already started with it keep it. Null while it is offered.
 *
 * Plain nullable text columns: the same on SQLite and PostgreSQL, and every existing row stays valid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("questionnaires").addColumn("warnings_json", "text").execute();
  await db.schema.alterTable("questionnaires").addColumn("archived_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("questionnaires").dropColumn("archived_at").execute();
  await db.schema.alterTable("questionnaires").dropColumn("warnings_json").execute();
}
