import type { Kysely } from "kysely";

// Frozen once run: later changes go in a new numbered migration.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("logo_base64", "text")
    .addColumn("logo_mime_type", "text")
    .addColumn("accent_colour", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_organisation_idx").on("users").column("organisation_id").execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("customers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("industry", "text", (c) => c.notNull())
    .addColumn("size", "text", (c) => c.notNull())
    .addColumn("notes", "text", (c) => c.notNull())
    .addColumn("archived_at", "text")
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("customers_organisation_name_idx")
    .on("customers")
    .columns(["organisation_id", "name"])
    .execute();

  await db.schema
    .createTable("questionnaires")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("questionnaire_key", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("model_json", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("questionnaires_org_key_version_uq", ["organisation_id", "questionnaire_key", "version"])
    .execute();

  await db.schema
    .createTable("assessments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("customer_id", "text", (c) => c.notNull().references("customers.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("questionnaire_key", "text", (c) => c.notNull())
    .addColumn("questionnaire_version", "integer", (c) => c.notNull())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("previous_assessment_id", "text", (c) => c.references("assessments.id"))
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .execute();
  await db.schema
    .createIndex("assessments_organisation_created_idx")
    .on("assessments")
    .columns(["organisation_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("assessments_customer_created_idx")
    .on("assessments")
    .columns(["customer_id", "created_at"])
    .execute();

  await db.schema
    .createTable("respondents")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id"))
    .addColumn("assessment_id", "text", (c) => c.notNull().references("assessments.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("group_key", "text", (c) => c.notNull())
    .addColumn("label", "text")
    .addColumn("name", "text")
    .addColumn("email", "text")
    .addColumn("token_hash", "text", (c) => c.unique())
    .addColumn("token_expires_at", "text")
    .addColumn("revoked", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("current_page", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("opened_at", "text")
    .addColumn("last_activity_at", "text")
    .addColumn("completed_at", "text")
    .execute();
  await db.schema.createIndex("respondents_assessment_idx").on("respondents").column("assessment_id").execute();

  await db.schema
    .createTable("answers")
    .addColumn("respondent_id", "text", (c) => c.notNull().references("respondents.id").onDelete("cascade"))
    .addColumn("question_name", "text", (c) => c.notNull())
    .addColumn("value_json", "text", (c) => c.notNull())
    .addColumn("client_seq", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("answers_pk", ["respondent_id", "question_name"])
    .execute();

  await db.schema
    .createTable("facilitator_notes")
    .addColumn("respondent_id", "text", (c) => c.notNull().references("respondents.id").onDelete("cascade"))
    .addColumn("question_name", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("client_seq", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("facilitator_notes_pk", ["respondent_id", "question_name"])
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.references("organisations.id"))
    .addColumn("user_id", "text", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target_type", "text")
    .addColumn("target_id", "text")
    .addColumn("detail_json", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("audit_log_organisation_created_idx")
    .on("audit_log")
    .columns(["organisation_id", "created_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log",
    "facilitator_notes",
    "answers",
    "respondents",
    "assessments",
    "questionnaires",
    "customers",
    "sessions",
    "users",
    "organisations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
