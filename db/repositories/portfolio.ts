import type { Kysely, Transaction } from "kysely";
import type { Application, ApplicationTrait, Criticality, DataSensitivity, Hosting } from "../../app/domain/portfolio";
import type { Disposition } from "../../app/domain/dispositions";
import { newId, nowIso } from "../ids";
import type { Database } from "../schema";

/*
 * A customer's application portfolio, the consultant's disposition overrides, and CSV imports
 * waiting for confirmation. Every function takes the provider's id and filters by it in the query.
 * Rows are written only from applications the portfolio domain has checked, so reading them back
 * trusts their shape.
 */

/** Rows per INSERT: 500 × 22 columns stays well under PostgreSQL's 65,535 and SQLite's 32,766 parameters. */
const INSERT_BATCH = 500;

type ApplicationRow = Database["applications"];

function rowOf(application: Application, scope: { organisationId: string; customerId: string }, position: number, now: string): ApplicationRow {
  return {
    id: newId(),
    organisation_id: scope.organisationId,
    customer_id: scope.customerId,
    application_key: application.id,
    position,
    name: application.name,
    owning_department: application.owningDepartment,
    business_processes_json: JSON.stringify(application.businessProcesses),
    criticality: application.criticality,
    users: application.users,
    hourly_transactions: application.hourlyTransactions,
    peak_hourly_transactions: application.peakHourlyTransactions,
    peak_window: application.peakWindow,
    hosting: application.hosting,
    managed_by_it: application.managedByIt ? 1 : 0,
    data_sensitivity: application.dataSensitivity,
    depends_on_json: JSON.stringify(application.dependsOn),
    traits_json: JSON.stringify(application.traits),
    notes: application.notes,
    created_at: now,
    updated_at: now,
  };
}

const nullableNumber = (value: number | string | null) => (value === null ? null : Number(value));

function applicationOf(row: ApplicationRow): Application {
  return {
    id: row.application_key,
    name: row.name,
    owningDepartment: row.owning_department,
    businessProcesses: JSON.parse(row.business_processes_json) as string[],
    criticality: Number(row.criticality) as Criticality,
    users: nullableNumber(row.users),
    hourlyTransactions: nullableNumber(row.hourly_transactions),
    peakHourlyTransactions: nullableNumber(row.peak_hourly_transactions),
    peakWindow: row.peak_window,
    hosting: row.hosting as Hosting,
    managedByIt: Number(row.managed_by_it) === 1,
    dataSensitivity: row.data_sensitivity as DataSensitivity,
    dependsOn: JSON.parse(row.depends_on_json) as string[],
    traits: JSON.parse(row.traits_json) as ApplicationTrait[],
    notes: row.notes,
  };
}

/** The portfolio in its order. */
export async function listApplications(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
): Promise<Application[]> {
  const rows = await db
    .selectFrom("applications")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("customer_id", "=", customerId)
    .orderBy("position")
    .orderBy("application_key")
    .execute();
  return rows.map(applicationOf);
}

export async function countApplications(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
): Promise<number> {
  const row = await db
    .selectFrom("applications")
    .select((eb) => eb.fn.countAll().as("count"))
    .where("organisation_id", "=", organisationId)
    .where("customer_id", "=", customerId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

async function insertApplications(trx: Transaction<Database>, rows: ApplicationRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_BATCH) {
    await trx.insertInto("applications").values(rows.slice(start, start + INSERT_BATCH)).execute();
  }
}

/** Adds an application at the end of the portfolio, or replaces the one with its id where it stands. */
export async function saveApplication(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; application: Application },
): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const row = rowOf(input.application, input, 0, now);
    const { id: _id, organisation_id: _org, customer_id: _customer, application_key: _key, position: _position, created_at: _created, ...changes } = row;
    const updated = await trx
      .updateTable("applications")
      .set(changes)
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .where("application_key", "=", input.application.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
    const last = await trx
      .selectFrom("applications")
      .select((eb) => eb.fn.max("position").as("position"))
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .executeTakeFirst();
    const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
    await trx.insertInto("applications").values({ ...row, position }).execute();
  });
}

/**
 * Deletes an application, its override, and every other application's dependency on it. Returns
 * the names of the applications that depended on it (now without that dependency), or null when it
 * was not found.
 */
export async function deleteApplication(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; applicationId: string },
): Promise<string[] | null> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom("applications")
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .where("application_key", "=", input.applicationId)
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return null;
    await trx
      .deleteFrom("disposition_overrides")
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .where("application_key", "=", input.applicationId)
      .execute();
    // Dependencies are JSON text, read and rewritten here rather than searched with dialect-specific JSON SQL.
    const candidates = await trx
      .selectFrom("applications")
      .select(["id", "name", "depends_on_json"])
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .where("depends_on_json", "!=", "[]")
      .execute();
    const dependants: string[] = [];
    for (const candidate of candidates) {
      const dependsOn = JSON.parse(candidate.depends_on_json) as string[];
      if (!dependsOn.includes(input.applicationId)) continue;
      dependants.push(candidate.name);
      await trx
        .updateTable("applications")
        .set({ depends_on_json: JSON.stringify(dependsOn.filter((id) => id !== input.applicationId)), updated_at: nowIso() })
        .where("organisation_id", "=", input.organisationId)
        .where("id", "=", candidate.id)
        .execute();
    }
    return dependants;
  });
}

// ---------------------------------------------------------------------------------------------
// Import previews

/** How long a checked import waits for its confirmation. */
export const IMPORT_PREVIEW_MINUTES = 30;

export interface ImportPreview {
  id: string;
  fileName: string;
  fileSha256: string;
  applications: Application[];
  createdAt: string;
  expiresAt: string;
}

/** Stores a checked import for its user to confirm, and clears the provider's expired ones. */
export async function createImportPreview(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; userId: string; fileName: string; fileSha256: string; applications: Application[]; now?: Date },
): Promise<ImportPreview> {
  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + IMPORT_PREVIEW_MINUTES * 60_000);
  const preview: ImportPreview = {
    id: newId(),
    fileName: input.fileName,
    fileSha256: input.fileSha256,
    applications: input.applications,
    createdAt: nowIso(now),
    expiresAt: nowIso(expiresAt),
  };
  await db.deleteFrom("portfolio_import_previews").where("organisation_id", "=", input.organisationId).where("expires_at", "<", nowIso(now)).execute();
  await db
    .insertInto("portfolio_import_previews")
    .values({
      id: preview.id,
      organisation_id: input.organisationId,
      customer_id: input.customerId,
      user_id: input.userId,
      file_name: input.fileName,
      file_sha256: input.fileSha256,
      applications_json: JSON.stringify(input.applications),
      application_count: input.applications.length,
      created_at: preview.createdAt,
      expires_at: preview.expiresAt,
    })
    .execute();
  return preview;
}

/** A preview only for the user who made it, on its customer, before it expires. */
export async function getImportPreview(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; userId: string; previewId: string; now?: Date },
): Promise<ImportPreview | undefined> {
  const row = await db
    .selectFrom("portfolio_import_previews")
    .selectAll()
    .where("organisation_id", "=", input.organisationId)
    .where("customer_id", "=", input.customerId)
    .where("user_id", "=", input.userId)
    .where("id", "=", input.previewId)
    .where("expires_at", ">=", nowIso(input.now ?? new Date()))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    applications: JSON.parse(row.applications_json) as Application[],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export interface PortfolioReplacement {
  applications: number;
  /** Overrides kept because their application is still in the portfolio (by id). */
  overridesKept: number;
  overridesDropped: number;
}

/**
 * Replaces the customer's whole portfolio with a confirmed import, in one transaction: the preview
 * is consumed (so a second confirmation does nothing), the old applications go, the new ones come
 * in, and overrides survive only for applications still there. Returns null, having changed
 * nothing, when the preview is not this user's, has expired or was already used.
 */
export async function replacePortfolioFromPreview(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; userId: string; previewId: string; now?: Date },
): Promise<PortfolioReplacement | null> {
  const now = input.now ?? new Date();
  return db.transaction().execute(async (trx) => {
    const preview = await getImportPreview(trx, { ...input, now });
    if (!preview) return null;
    const consumed = await trx
      .deleteFrom("portfolio_import_previews")
      .where("organisation_id", "=", input.organisationId)
      .where("id", "=", preview.id)
      .executeTakeFirst();
    if (Number(consumed.numDeletedRows) !== 1) return null;

    await trx.deleteFrom("applications").where("organisation_id", "=", input.organisationId).where("customer_id", "=", input.customerId).execute();
    const stamp = nowIso(now);
    await insertApplications(
      trx,
      preview.applications.map((application, index) => rowOf(application, input, index, stamp)),
    );

    const keys = new Set(preview.applications.map((application) => application.id));
    const overrides = await trx
      .selectFrom("disposition_overrides")
      .select(["id", "application_key"])
      .where("organisation_id", "=", input.organisationId)
      .where("customer_id", "=", input.customerId)
      .execute();
    const dropped = overrides.filter((override) => !keys.has(override.application_key)).map((override) => override.id);
    for (let start = 0; start < dropped.length; start += INSERT_BATCH) {
      await trx
        .deleteFrom("disposition_overrides")
        .where("organisation_id", "=", input.organisationId)
        .where("id", "in", dropped.slice(start, start + INSERT_BATCH))
        .execute();
    }
    return { applications: preview.applications.length, overridesKept: overrides.length - dropped.length, overridesDropped: dropped.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Disposition overrides

export interface StoredDispositionOverride {
  applicationId: string;
  disposition: Disposition;
  reason: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string;
}

export async function listDispositionOverrides(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
): Promise<StoredDispositionOverride[]> {
  const rows = await db
    .selectFrom("disposition_overrides")
    .leftJoin("users", "users.id", "disposition_overrides.decided_by")
    .select([
      "disposition_overrides.application_key",
      "disposition_overrides.disposition",
      "disposition_overrides.reason",
      "disposition_overrides.decided_by",
      "disposition_overrides.decided_at",
      "users.name as decided_by_name",
    ])
    .where("disposition_overrides.organisation_id", "=", organisationId)
    .where("disposition_overrides.customer_id", "=", customerId)
    .execute();
  return rows.map((row) => ({
    applicationId: row.application_key,
    disposition: row.disposition as Disposition,
    reason: row.reason,
    decidedBy: row.decided_by,
    decidedByName: row.decided_by_name ?? null,
    decidedAt: row.decided_at,
  }));
}

/** Sets (or replaces) the consultant's decision for an application. */
export async function setDispositionOverride(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; applicationId: string; disposition: Disposition; reason: string; decidedBy: string },
): Promise<void> {
  const decidedAt = nowIso();
  await db
    .insertInto("disposition_overrides")
    .values({
      id: newId(),
      organisation_id: input.organisationId,
      customer_id: input.customerId,
      application_key: input.applicationId,
      disposition: input.disposition,
      reason: input.reason,
      decided_by: input.decidedBy,
      decided_at: decidedAt,
    })
    .onConflict((oc) =>
      oc.columns(["customer_id", "application_key"]).doUpdateSet({ disposition: input.disposition, reason: input.reason, decided_by: input.decidedBy, decided_at: decidedAt }),
    )
    .execute();
}

/** Reverts to the rules' suggestion. Returns whether there was an override. */
export async function removeDispositionOverride(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; applicationId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("disposition_overrides")
    .where("organisation_id", "=", input.organisationId)
    .where("customer_id", "=", input.customerId)
    .where("application_key", "=", input.applicationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
