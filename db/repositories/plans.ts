import type { Kysely } from "kysely";
import type { PlanDocument } from "../../app/domain/plan-versions";
import { newId, nowIso } from "../ids";
import type { Database } from "../schema";

/*
 * Stepping-stone plans, their versions and the business measures recorded against them. A version
 * is written once and never updated: there is deliberately no function here that changes one.
 * Every function takes the provider's id and filters by it in the query.
 */

export interface StoredPlan {
  id: string;
  customerId: string;
  assessmentId: string;
  assessmentTitle: string;
  catalogueVersion: number;
  createdBy: string | null;
  createdAt: string;
  latestVersion: number;
}

export interface StoredPlanVersion {
  id: string;
  planId: string;
  version: number;
  document: PlanDocument;
  note: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

function planQuery(db: Kysely<Database>, organisationId: string) {
  return db
    .selectFrom("plans")
    .innerJoin("assessments", "assessments.id", "plans.assessment_id")
    .select((eb) => [
      "plans.id",
      "plans.customer_id",
      "plans.assessment_id",
      "assessments.title as assessment_title",
      "plans.catalogue_version",
      "plans.created_by",
      "plans.created_at",
      eb.selectFrom("plan_versions").select((v) => v.fn.max("plan_versions.version").as("v")).whereRef("plan_versions.plan_id", "=", "plans.id").as("latest_version"),
    ])
    .where("plans.organisation_id", "=", organisationId);
}

function planOf(row: {
  id: string;
  customer_id: string;
  assessment_id: string;
  assessment_title: string;
  catalogue_version: number;
  created_by: string | null;
  created_at: string;
  latest_version: number | string | null;
}): StoredPlan {
  return {
    id: row.id,
    customerId: row.customer_id,
    assessmentId: row.assessment_id,
    assessmentTitle: row.assessment_title,
    catalogueVersion: Number(row.catalogue_version),
    createdBy: row.created_by,
    createdAt: row.created_at,
    latestVersion: Number(row.latest_version ?? 0),
  };
}

/** A plan with its version 1, in one transaction. */
export async function createPlan(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; assessmentId: string; document: PlanDocument; note: string; createdBy: string },
): Promise<{ planId: string }> {
  const now = nowIso();
  const planId = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("plans")
      .values({
        id: planId,
        organisation_id: input.organisationId,
        customer_id: input.customerId,
        assessment_id: input.assessmentId,
        catalogue_version: input.document.catalogueVersion,
        created_by: input.createdBy,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto("plan_versions")
      .values({
        id: newId(),
        organisation_id: input.organisationId,
        plan_id: planId,
        version: 1,
        stones_json: JSON.stringify(input.document),
        note: input.note,
        created_by: input.createdBy,
        created_at: now,
      })
      .execute();
  });
  return { planId };
}

/** A customer's plans, newest first. */
export async function listPlans(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
): Promise<StoredPlan[]> {
  const rows = await planQuery(db, organisationId).where("plans.customer_id", "=", customerId).orderBy("plans.created_at", "desc").orderBy("plans.id").execute();
  return rows.map(planOf);
}

export async function getPlan(
  db: Kysely<Database>,
  { organisationId, customerId, planId }: { organisationId: string; customerId: string; planId: string },
): Promise<StoredPlan | undefined> {
  const row = await planQuery(db, organisationId).where("plans.customer_id", "=", customerId).where("plans.id", "=", planId).executeTakeFirst();
  return row ? planOf(row) : undefined;
}

function versionQuery(db: Kysely<Database>, organisationId: string, planId: string) {
  return db
    .selectFrom("plan_versions")
    .leftJoin("users", "users.id", "plan_versions.created_by")
    .select([
      "plan_versions.id",
      "plan_versions.plan_id",
      "plan_versions.version",
      "plan_versions.stones_json",
      "plan_versions.note",
      "plan_versions.created_by",
      "plan_versions.created_at",
      "users.name as created_by_name",
    ])
    .where("plan_versions.organisation_id", "=", organisationId)
    .where("plan_versions.plan_id", "=", planId);
}

function versionOf(row: {
  id: string;
  plan_id: string;
  version: number;
  stones_json: string;
  note: string;
  created_by: string | null;
  created_at: string;
  created_by_name: string | null;
}): StoredPlanVersion {
  return {
    id: row.id,
    planId: row.plan_id,
    version: Number(row.version),
    document: JSON.parse(row.stones_json) as PlanDocument,
    note: row.note,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}

export interface PlanVersionListing {
  version: number;
  note: string;
  createdByName: string | null;
  createdAt: string;
}

/** Every version of a plan, newest first, without their documents. */
export async function listPlanVersions(
  db: Kysely<Database>,
  { organisationId, planId }: { organisationId: string; planId: string },
): Promise<PlanVersionListing[]> {
  const rows = await db
    .selectFrom("plan_versions")
    .leftJoin("users", "users.id", "plan_versions.created_by")
    .select(["plan_versions.version", "plan_versions.note", "plan_versions.created_at", "users.name as created_by_name"])
    .where("plan_versions.organisation_id", "=", organisationId)
    .where("plan_versions.plan_id", "=", planId)
    .orderBy("plan_versions.version", "desc")
    .execute();
  return rows.map((row) => ({ version: Number(row.version), note: row.note, createdByName: row.created_by_name, createdAt: row.created_at }));
}

export async function getPlanVersion(
  db: Kysely<Database>,
  { organisationId, planId, version }: { organisationId: string; planId: string; version: number },
): Promise<StoredPlanVersion | undefined> {
  const row = await versionQuery(db, organisationId, planId).where("plan_versions.version", "=", version).executeTakeFirst();
  return row ? versionOf(row) : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/**
 * Saves an edit of version `baseVersion` as the next version. Returns the new number, or null when
 * `baseVersion` is no longer the latest (someone else saved meanwhile): nothing is written then,
 * and the consultant reloads rather than overwriting a colleague's version.
 */
export async function addPlanVersion(
  db: Kysely<Database>,
  input: { organisationId: string; planId: string; baseVersion: number; document: PlanDocument; note: string; createdBy: string },
): Promise<number | null> {
  const version = input.baseVersion + 1;
  try {
    return await db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom("plan_versions")
        .select((eb) => eb.fn.max("version").as("version"))
        .where("organisation_id", "=", input.organisationId)
        .where("plan_id", "=", input.planId)
        .executeTakeFirst();
      if (Number(latest?.version ?? 0) !== input.baseVersion) return null;
      await trx
        .insertInto("plan_versions")
        .values({
          id: newId(),
          organisation_id: input.organisationId,
          plan_id: input.planId,
          version,
          stones_json: JSON.stringify(input.document),
          note: input.note,
          created_by: input.createdBy,
          created_at: nowIso(),
        })
        .execute();
      return version;
    });
  } catch (error) {
    // Two saves of the same base at once: the unique (plan, version) lets exactly one in.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Measured outcomes

export interface KpiActual {
  id: string;
  kpiId: string;
  measuredAt: string;
  value: number;
  note: string;
  recordedByName: string | null;
  recordedAt: string;
}

export async function addKpiActual(
  db: Kysely<Database>,
  input: { organisationId: string; planId: string; kpiId: string; measuredAt: string; value: number; note: string; recordedBy: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto("kpi_actuals")
    .values({
      id,
      organisation_id: input.organisationId,
      plan_id: input.planId,
      kpi_id: input.kpiId,
      measured_at: input.measuredAt,
      value: input.value,
      note: input.note,
      recorded_by: input.recordedBy,
      recorded_at: nowIso(),
    })
    .execute();
  return id;
}

/** A plan's recorded measures, oldest measurement first. */
export async function listKpiActuals(
  db: Kysely<Database>,
  { organisationId, planId }: { organisationId: string; planId: string },
): Promise<KpiActual[]> {
  const rows = await db
    .selectFrom("kpi_actuals")
    .leftJoin("users", "users.id", "kpi_actuals.recorded_by")
    .select(["kpi_actuals.id", "kpi_actuals.kpi_id", "kpi_actuals.measured_at", "kpi_actuals.value", "kpi_actuals.note", "kpi_actuals.recorded_at", "users.name as recorded_by_name"])
    .where("kpi_actuals.organisation_id", "=", organisationId)
    .where("kpi_actuals.plan_id", "=", planId)
    .orderBy("kpi_actuals.measured_at")
    .orderBy("kpi_actuals.recorded_at")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kpiId: row.kpi_id,
    measuredAt: row.measured_at,
    value: Number(row.value),
    note: row.note,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
  }));
}

export async function deleteKpiActual(
  db: Kysely<Database>,
  { organisationId, planId, actualId }: { organisationId: string; planId: string; actualId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("kpi_actuals")
    .where("organisation_id", "=", organisationId)
    .where("plan_id", "=", planId)
    .where("id", "=", actualId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
