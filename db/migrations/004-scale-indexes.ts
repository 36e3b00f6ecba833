import type { Kysely } from "kysely";

/**
 * Indexes for pages at scale (10,000 assessments, 100,000 respondents; test/bench/pages.ts):
 *
 * - assessments (customer_id, created_at, id, status): a customer's newest assessment is one
 *   backward seek (newest first, ties by id), and counting a customer's assessments, open ones and
 *   the newest date (listCustomers) reads the index alone. Replaces (customer_id, created_at),
 *   its prefix.
 * - respondents (assessment_id, status): an assessment's invited and completed counts are read
 *   from the index alone. Replaces (assessment_id), its prefix.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("assessments_customer_latest_idx").on("assessments").columns(["customer_id", "created_at", "id", "status"]).execute();
  await db.schema.dropIndex("assessments_customer_created_idx").execute();
  await db.schema.createIndex("respondents_assessment_status_idx").on("respondents").columns(["assessment_id", "status"]).execute();
  await db.schema.dropIndex("respondents_assessment_idx").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("respondents_assessment_idx").on("respondents").column("assessment_id").execute();
  await db.schema.dropIndex("respondents_assessment_status_idx").execute();
  await db.schema.createIndex("assessments_customer_created_idx").on("assessments").columns(["customer_id", "created_at"]).execute();
  await db.schema.dropIndex("assessments_customer_latest_idx").execute();
}
