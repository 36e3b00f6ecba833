import type { Kysely } from "kysely";

/**
 * Headline scores per assessment, refreshed whenever the scoring engine runs for it, so the
 * dashboard, trends and benchmarks read a row instead of re-scoring every assessment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("assessment_summaries")
    .addColumn("assessment_id", "text", (c) => c.primaryKey().references("assessments.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("questionnaire_key", "text", (c) => c.notNull())
    .addColumn("readiness", "real")
    .addColumn("dimensions_json", "text", (c) => c.notNull())
    .addColumn("respondents_answered", "integer", (c) => c.notNull())
    .addColumn("respondents_invited", "integer", (c) => c.notNull())
    .addColumn("respondents_completed", "integer", (c) => c.notNull())
    .addColumn("computed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("assessment_summaries_organisation_idx")
    .on("assessment_summaries")
    .columns(["organisation_id", "customer_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("assessment_summaries").execute();
}
