import type { Kysely } from "kysely";
import { newId, nowIso } from "../ids";
import type { Customer, Database } from "../schema";

export interface CustomerFields {
  name: string;
  industry: string;
  size: string;
  notes: string;
}

export async function createCustomer(
  db: Kysely<Database>,
  input: CustomerFields & { organisationId: string; createdBy: string | null },
): Promise<Customer> {
  const now = nowIso();
  const customer: Customer = {
    id: newId(),
    organisation_id: input.organisationId,
    name: input.name,
    industry: input.industry,
    size: input.size,
    notes: input.notes,
    archived_at: null,
    created_by: input.createdBy,
    created_at: now,
    updated_at: now,
    counted_assessment_id: null,
  };
  await db.insertInto("customers").values(customer).execute();
  return customer;
}

export async function getCustomer(
  db: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
): Promise<Customer | undefined> {
  return db
    .selectFrom("customers")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("id", "=", customerId)
    .executeTakeFirst();
}

export interface CustomerListing extends Customer {
  assessmentCount: number;
  openAssessmentCount: number;
  lastAssessmentAt: string | null;
}

export async function listCustomers(
  db: Kysely<Database>,
  { organisationId, includeArchived = false }: { organisationId: string; includeArchived?: boolean },
): Promise<CustomerListing[]> {
  let query = db
    .selectFrom("customers")
    .leftJoin("assessments", "assessments.customer_id", "customers.id")
    .selectAll("customers")
    .select((eb) => [
      eb.fn.count("assessments.id").as("assessmentCount"),
      eb.fn
        .sum(eb.case().when("assessments.status", "=", "open").then(1).else(0).end())
        .as("openAssessmentCount"),
      eb.fn.max("assessments.created_at").as("lastAssessmentAt"),
    ])
    .where("customers.organisation_id", "=", organisationId)
    .groupBy("customers.id")
    .orderBy("customers.name");
  if (!includeArchived) query = query.where("customers.archived_at", "is", null);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...row,
    assessmentCount: Number(row.assessmentCount),
    openAssessmentCount: Number(row.openAssessmentCount ?? 0),
    lastAssessmentAt: row.lastAssessmentAt ?? null,
  }));
}

export async function updateCustomer(
  db: Kysely<Database>,
  input: CustomerFields & { organisationId: string; customerId: string },
): Promise<boolean> {
  const result = await db
    .updateTable("customers")
    .set({ name: input.name, industry: input.industry, size: input.size, notes: input.notes, updated_at: nowIso() })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function setCustomerArchived(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; archived: boolean },
): Promise<boolean> {
  const now = nowIso();
  const result = await db
    .updateTable("customers")
    .set({ archived_at: input.archived ? now : null, updated_at: now })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets (or, with null, clears) the assessment that counts for a customer. The caller checks it is this customer's. */
export async function setCountedAssessment(
  db: Kysely<Database>,
  input: { organisationId: string; customerId: string; assessmentId: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable("customers")
    .set({ counted_assessment_id: input.assessmentId, updated_at: nowIso() })
    .where("organisation_id", "=", input.organisationId)
    .where("id", "=", input.customerId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every customer of a provider (archived ones too) with the assessment chosen to count for it, if any. */
export async function listCountedAssessmentChoices(db: Kysely<Database>, { organisationId }: { organisationId: string }): Promise<{ customerId: string; countedAssessmentId: string | null }[]> {
  const rows = await db.selectFrom("customers").select(["id", "counted_assessment_id"]).where("organisation_id", "=", organisationId).execute();
  return rows.map((r) => ({ customerId: r.id, countedAssessmentId: r.counted_assessment_id }));
}
