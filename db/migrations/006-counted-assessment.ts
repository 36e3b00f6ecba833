import type { Kysely } from "kysely";

/**
 * The assessment that counts for a customer (issue 17, questionnaires/README.md "The assessment that
 * counts"): customers.counted_assessment_id is the consultant's explicit choice, null for the default
 * rule. A plain nullable text column, no foreign key (the service checks that it is the same
 * customer's and provider's): the same on SQLite and PostgreSQL, and every existing row stays valid.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("customers").addColumn("counted_assessment_id", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("customers").dropColumn("counted_assessment_id").execute();
}
