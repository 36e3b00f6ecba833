/*
 * The newest migration keeps every row: a database at the previous schema version, filled with
 * plain inserts of that schema's rows (awkward values included), is migrated to the latest, and
 * every row of every table must read back the same. Whenever a migration is added, the one
 * before it becomes "previous": a table without seed rows below then fails here by name, so the
 * seed grows with the schema.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Migrator, sql, type Kysely } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { migrations } from "../../db/migrations";
import { currentTestDialect, databaseUnavailable } from "../support/test-database";

const NAMES = Object.keys(migrations).sort();
const NEWEST = NAMES[NAMES.length - 1];
const PREVIOUS = NAMES[NAMES.length - 2];

const AT = "2026-01-02T03:04:05.678Z";
const TRICKY = `Ünïcödé “quotes” 'single' "double" \\ backslash, emoji \u{1F9ED}, tab\tand\nnewline; DROP TABLE customers;--`;

/** Rows for every table of every schema version, in an order that satisfies foreign keys. */
const SEED: { table: string; rows: Record<string, unknown>[] }[] = [
  { table: "organisations", rows: [{ id: "org-1", name: `North ${TRICKY}`, logo_base64: "iVBORw0KGgo=", logo_mime_type: "image/png", accent_colour: "#0f766e", created_at: AT, updated_at: AT }, { id: "org-2", name: "South", logo_base64: null, logo_mime_type: null, accent_colour: "#1d4ed8", created_at: AT, updated_at: AT }] },
  {
    table: "users",
    rows: [
      { id: "user-1", organisation_id: "org-1", email: "admin@north.example", name: TRICKY, role: "admin", password_hash: "scrypt$16384$8$1$c2FsdA$aGFzaA", disabled: 0, created_at: AT, updated_at: AT },
      { id: "user-2", organisation_id: "org-1", email: "sales@north.example", name: "Sales", role: "sales", password_hash: "scrypt$x", disabled: 1, created_at: AT, updated_at: AT },
      { id: "user-3", organisation_id: "org-2", email: "consultant@south.example", name: "Consultant", role: "consultant", password_hash: "scrypt$y", disabled: 0, created_at: AT, updated_at: AT },
    ],
  },
  { table: "sessions", rows: [{ id: "a".repeat(64), user_id: "user-1", created_at: AT, last_seen_at: AT, expires_at: "2026-01-09T03:04:05.678Z" }] },
  {
    table: "customers",
    rows: [
      { id: "cust-1", organisation_id: "org-1", name: TRICKY, industry: "Retail", size: "100–999 employees", notes: "x".repeat(5000), archived_at: null, created_by: "user-1", created_at: AT, updated_at: AT },
      { id: "cust-2", organisation_id: "org-1", name: "=cmd|' /C calc'!A0", industry: "", size: "", notes: "", archived_at: AT, created_by: null, created_at: AT, updated_at: AT },
      { id: "cust-3", organisation_id: "org-2", name: "South customer", industry: "Logistics", size: "", notes: "<script>alert(1)</script>", archived_at: null, created_by: "user-3", created_at: AT, updated_at: AT },
    ],
  },
  { table: "questionnaires", rows: [{ id: "q-1", organisation_id: "org-1", questionnaire_key: "north-check", version: 1, title: "North check", model_json: JSON.stringify({ pages: [{ name: "p", elements: [{ type: "comment", name: "q" }] }] }), created_by: "user-1", created_at: AT }] },
  {
    table: "assessments",
    rows: [
      { id: "asm-1", organisation_id: "org-1", customer_id: "cust-1", title: "Baseline", questionnaire_key: "hybrid-cloud-readiness", questionnaire_version: 1, mode: "self-serve", status: "closed", previous_assessment_id: null, created_by: "user-1", created_at: AT, updated_at: AT, closed_at: AT },
      { id: "asm-2", organisation_id: "org-1", customer_id: "cust-1", title: TRICKY, questionnaire_key: "hybrid-cloud-readiness", questionnaire_version: 1, mode: "workshop", status: "open", previous_assessment_id: "asm-1", created_by: null, created_at: AT, updated_at: AT, closed_at: null },
    ],
  },
  {
    table: "respondents",
    rows: [
      { id: "resp-1", organisation_id: "org-1", assessment_id: "asm-1", kind: "person", group_key: "it", label: null, name: TRICKY, email: "jane@contoso.example", token_hash: "b".repeat(64), token_expires_at: AT, revoked: 0, status: "completed", current_page: 9, created_at: AT, opened_at: AT, last_activity_at: AT, completed_at: AT },
      { id: "resp-2", organisation_id: "org-1", assessment_id: "asm-2", kind: "workshop", group_key: "business", label: "Workshop", name: null, email: null, token_hash: null, token_expires_at: null, revoked: 1, status: "invited", current_page: 0, created_at: AT, opened_at: null, last_activity_at: null, completed_at: null },
    ],
  },
  {
    table: "answers",
    rows: [
      { respondent_id: "resp-1", question_name: "culture_change_response", value_json: JSON.stringify("engaged"), client_seq: 3, updated_at: AT },
      { respondent_id: "resp-1", question_name: "reflections_one_thing", value_json: JSON.stringify(TRICKY), client_seq: 2_147_483_647, updated_at: AT },
      { respondent_id: "resp-2", question_name: "culture_attitudes", value_json: JSON.stringify({ row1: 3, row2: "4" }), client_seq: 1, updated_at: AT },
    ],
  },
  { table: "facilitator_notes", rows: [{ respondent_id: "resp-2", question_name: "culture_change_response", note: TRICKY, client_seq: 2, updated_at: AT }] },
  {
    table: "audit_log",
    rows: [
      { id: "audit-1", organisation_id: "org-1", user_id: "user-1", action: "sign-in", target_type: null, target_id: null, detail_json: null, ip: "203.0.113.7", created_at: AT },
      { id: "audit-2", organisation_id: null, user_id: null, action: "customer.created", target_type: "customer", target_id: "cust-1", detail_json: JSON.stringify({ note: TRICKY }), ip: "::1", created_at: AT },
    ],
  },
  { table: "assessment_summaries", rows: [{ assessment_id: "asm-1", organisation_id: "org-1", customer_id: "cust-1", questionnaire_key: "hybrid-cloud-readiness", readiness: 62.5, dimensions_json: JSON.stringify({ culture: 70.25 }), respondents_answered: 1, respondents_invited: 2, respondents_completed: 1, computed_at: AT }] },
  {
    table: "applications",
    rows: [
      {
        id: "app-1",
        organisation_id: "org-1",
        customer_id: "cust-1",
        application_key: "erp",
        position: 0,
        name: TRICKY,
        owning_department: "Finance",
        business_processes_json: JSON.stringify(["order to cash"]),
        criticality: 5,
        users: 1200,
        hourly_transactions: 1234.5678,
        peak_hourly_transactions: 0.1,
        peak_window: "month end",
        hosting: "on-premises",
        managed_by_it: 1,
        data_sensitivity: "confidential",
        depends_on_json: JSON.stringify(["crm"]),
        traits_json: JSON.stringify({ legacy: true }),
        notes: "",
        created_at: AT,
        updated_at: AT,
      },
    ],
  },
  { table: "disposition_overrides", rows: [{ id: "ovr-1", organisation_id: "org-1", customer_id: "cust-1", application_key: "erp", disposition: "retain", reason: TRICKY, decided_by: "user-1", decided_at: AT }] },
  { table: "portfolio_import_previews", rows: [{ id: "prev-1", organisation_id: "org-1", customer_id: "cust-1", user_id: "user-1", file_name: "portfolio.csv", file_sha256: "c".repeat(64), applications_json: "[]", application_count: 0, created_at: AT, expires_at: AT }] },
  { table: "plans", rows: [{ id: "plan-1", organisation_id: "org-1", customer_id: "cust-1", assessment_id: "asm-1", catalogue_version: 1, created_by: "user-1", created_at: AT }] },
  { table: "plan_versions", rows: [{ id: "pv-1", organisation_id: "org-1", plan_id: "plan-1", version: 1, stones_json: JSON.stringify([{ module: "m1" }]), note: TRICKY, created_by: null, created_at: AT }] },
  { table: "kpi_actuals", rows: [{ id: "kpi-1", organisation_id: "org-1", plan_id: "plan-1", kpi_id: "cost", measured_at: "2026-01-02", value: -12.75, note: "", recorded_by: "user-1", recorded_at: AT }] },
  {
    table: "outbox",
    rows: [
      {
        id: "mail-1", organisation_id: "org-1", kind: "respondent-invitation", regarding_type: "respondent", regarding_id: "resp-1", to_address: "a@b.example",
        from_name: "Northwind", reply_to: null, subject: "Survey", text_body: "t", html_body: "<p>h</p>", secret_ciphertext: null, message_id: "<mail-1@b.example>",
        status: "sent", attempts: 1, next_attempt_at: null, lease_owner: null, lease_expires_at: null, last_reply: "250 ok", created_at: AT, updated_at: AT, sent_at: AT,
      },
    ],
  },
];

interface EmptyDatabase {
  handle: DatabaseHandle;
  migrator: Migrator;
  /** PostgreSQL: the schema of this test's own tables (the server holds other runs' too). */
  schema?: string;
  destroy(): Promise<void>;
}

/** A database with no tables at all (createTestDatabase migrates to the latest, which is not wanted here). */
async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const provider = { getMigrations: async () => migrations };
  if (currentTestDialect() === "postgres") {
    const url = inject("postgresUrl")!;
    const schema = `cairn_migrations_${Date.now()}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const handle = openDatabase({ url, postgresSchema: schema, poolSize: 2 });
    return {
      handle,
      schema,
      migrator: new Migrator({ db: handle.db, provider, migrationTableSchema: schema }),
      async destroy() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "cairn-migrations-"));
  const handle = openDatabase({ url: join(dir, "cairn.db") });
  return {
    handle,
    migrator: new Migrator({ db: handle.db, provider }),
    async destroy() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function appTables(db: Kysely<any>, schema: string | undefined): Promise<Map<string, string[]>> {
  const tables = (await db.introspection.getTables()).filter((t) => !schema || t.schema === schema);
  return new Map(tables.filter((t) => !t.name.startsWith("kysely_")).map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
}

/** Every row of `table`, only the given columns, in a stable order. */
async function readRows(db: Kysely<any>, table: string, columns: string[]): Promise<string[]> {
  const { rows } = await sql<Record<string, unknown>>`select ${sql.join(columns.map((c) => sql.ref(c)))} from ${sql.table(table)}`.execute(db);
  return rows.map((row) => JSON.stringify(Object.fromEntries(columns.map((c) => [c, row[c]])))).sort();
}

describe.skipIf(databaseUnavailable())(`migrating to ${NEWEST} on ${currentTestDialect()}`, () => {
  let database: EmptyDatabase;

  beforeAll(async () => {
    database = await createEmptyDatabase();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it("has a previous schema version to migrate from", () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(2);
    expect(NAMES).toEqual(Object.keys(migrations));
  });

  it(`keeps every row of the schema before it (${PREVIOUS})`, async () => {
    const { handle, migrator } = database;
    const before = await migrator.migrateTo(PREVIOUS);
    expect(before.error).toBeUndefined();
    expect(before.results?.map((r) => r.migrationName)).toEqual(NAMES.slice(0, -1));

    const tables = await appTables(handle.db, database.schema);
    const unseeded = [...tables.keys()].filter((table) => !SEED.some((s) => s.table === table));
    expect(unseeded, `tables without seed rows in test/db/migrations.test.ts: ${unseeded.join(", ")}`).toEqual([]);

    for (const { table, rows } of SEED) {
      if (!tables.has(table)) continue;
      // Plain inserts of exactly that schema's columns: a seed column the old schema lacks fails here.
      for (const row of rows) await sql`insert into ${sql.table(table)} (${sql.join(Object.keys(row).map((c) => sql.ref(c)))}) values (${sql.join(Object.values(row))})`.execute(handle.db);
    }
    const stored = new Map<string, string[]>();
    for (const [table, columns] of tables) {
      stored.set(table, await readRows(handle.db, table, columns));
      expect(stored.get(table)!.length, `${table} has seed rows`).toBeGreaterThan(0);
    }

    const after = await migrator.migrateToLatest();
    expect(after.error).toBeUndefined();
    expect(after.results?.map((r) => `${r.migrationName}: ${r.status}`)).toEqual([`${NEWEST}: Success`]);

    const migrated = await appTables(handle.db, database.schema);
    for (const [table, columns] of tables) {
      expect(migrated.has(table), `${table} still exists`).toBe(true);
      expect(columns.filter((c) => !migrated.get(table)!.includes(c)), `${table} keeps its columns`).toEqual([]);
      expect(await readRows(handle.db, table, columns), table).toEqual(stored.get(table));
    }
  });
});
