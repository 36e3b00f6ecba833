import type { Kysely } from "kysely";

/**
 * The language a respondent answers in (issue 24, app/domain/survey-locale.ts): set by the
 * consultant when adding them or by the respondent on the survey page; null means "the browser's
 * language". A plain nullable text column, valid for every existing row on both databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("respondents").addColumn("locale", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("respondents").dropColumn("locale").execute();
}
