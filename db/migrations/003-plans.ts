import type { Kysely } from "kysely";

/**
 * Stepping-stone plans and what they are built from: a customer's application portfolio, the
 * consultant's disposition overrides, import previews waiting for confirmation, plans with their
 * immutable versions, and the business measures recorded against them.
 *
 * Portable as the rest: text ids, ISO text timestamps, 0/1 integers, JSON as text. Transaction
 * volumes may be fractional, so they are `double precision` (PostgreSQL's `real` would round them;
 * SQLite reads the name as REAL affinity, which is already 8 bytes).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("applications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    // The portfolio's own id for the application (Application.id): dependencies and overrides name it.
    .addColumn("application_key", "text", (c) => c.notNull())
    // Portfolio order, as imported or added.
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("owning_department", "text", (c) => c.notNull())
    .addColumn("business_processes_json", "text", (c) => c.notNull())
    .addColumn("criticality", "integer", (c) => c.notNull())
    .addColumn("users", "integer")
    .addColumn("hourly_transactions", "double precision")
    .addColumn("peak_hourly_transactions", "double precision")
    .addColumn("peak_window", "text", (c) => c.notNull())
    .addColumn("hosting", "text", (c) => c.notNull())
    .addColumn("managed_by_it", "integer", (c) => c.notNull())
    .addColumn("data_sensitivity", "text", (c) => c.notNull())
    .addColumn("depends_on_json", "text", (c) => c.notNull())
    .addColumn("traits_json", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("applications_customer_key_uq", ["customer_id", "application_key"])
    .execute();
  await db.schema
    .createIndex("applications_organisation_customer_idx")
    .on("applications")
    .columns(["organisation_id", "customer_id", "position"])
    .execute();

  // Keyed by the application's portfolio id, not its row: a re-import of the same application keeps the decision.
  await db.schema
    .createTable("disposition_overrides")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("application_key", "text", (c) => c.notNull())
    .addColumn("disposition", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addUniqueConstraint("disposition_overrides_customer_key_uq", ["customer_id", "application_key"])
    .execute();
  await db.schema
    .createIndex("disposition_overrides_organisation_customer_idx")
    .on("disposition_overrides")
    .columns(["organisation_id", "customer_id"])
    .execute();

  // A checked CSV import waiting for the consultant who uploaded it to confirm it. Short-lived.
  await db.schema
    .createTable("portfolio_import_previews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("file_sha256", "text", (c) => c.notNull())
    .addColumn("applications_json", "text", (c) => c.notNull())
    .addColumn("application_count", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("portfolio_import_previews_organisation_idx")
    .on("portfolio_import_previews")
    .columns(["organisation_id", "expires_at"])
    .execute();

  await db.schema
    .createTable("plans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("assessment_id", "text", (c) => c.notNull().references("assessments.id"))
    .addColumn("catalogue_version", "integer", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("plans_organisation_customer_idx").on("plans").columns(["organisation_id", "customer_id", "created_at"]).execute();

  // Every save is a new row; a row is never updated.
  await db.schema
    .createTable("plan_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("stones_json", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("plan_versions_plan_version_uq", ["plan_id", "version"])
    .execute();

  await db.schema
    .createTable("kpi_actuals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("kpi_id", "text", (c) => c.notNull())
    // A calendar date, YYYY-MM-DD.
    .addColumn("measured_at", "text", (c) => c.notNull())
    .addColumn("value", "double precision", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("recorded_by", "text", (c) => c.references("users.id"))
    .addColumn("recorded_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("kpi_actuals_plan_kpi_idx").on("kpi_actuals").columns(["plan_id", "kpi_id", "measured_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["kpi_actuals", "plan_versions", "plans", "portfolio_import_previews", "disposition_overrides", "applications"]) {
    await db.schema.dropTable(table).execute();
  }
}
