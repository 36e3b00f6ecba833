import type { Kysely } from "kysely";
import type { Assessment, Database } from "../schema";

export interface AssessmentOverview extends Assessment {
  customerName: string;
  customerArchivedAt: string | null;
}

/** An assessment with the customer it belongs to, for the assessment page's header: one query, through the tenant. */
export async function getAssessmentOverview(
  db: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
): Promise<AssessmentOverview | undefined> {
  return db
    .selectFrom("assessments")
    .innerJoin("customers", "customers.id", "assessments.customer_id")
    .selectAll("assessments")
    .select(["customers.name as customerName", "customers.archived_at as customerArchivedAt"])
    .where("assessments.organisation_id", "=", organisationId)
    .where("customers.organisation_id", "=", organisationId)
    .where("assessments.id", "=", assessmentId)
    .executeTakeFirst();
}
