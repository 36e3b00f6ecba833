/*
 * Every row a report is made from, read on the database handle the caller gives, with the access
 * check (organisation scoping, 404 for anyone else's assessment) done in the queries themselves.
 * Nothing is scored or drawn here; computeReportModel does that.
 *
 * For a PDF this runs in the renderer process, on its own connection (pdf-renderer.ts): reading a
 * report's thousands of answer rows, and the garbage they leave, stays off the HTTP thread. The HTML
 * report page runs it in the request (report-sources.server.ts).
 *
 * Relative imports only: the PDF renderer runs this file under tsx, outside the Remix build's `~` alias.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { getOrganisation } from "../../db/repositories/organisations";
import { getPlanVersion, listPlans } from "../../db/repositories/plans";
import { listApplications, listDispositionOverrides } from "../../db/repositories/portfolio";
import { found } from "../auth/not-found";
import { countedWords } from "../domain/counted-assessment";
import { readAssessmentSources, readCountedAssessment, readCountedSources, type LoadedAssessmentSources, type QuestionnaireLookup } from "../services/assessment-sources.server";
import { formatDate } from "../utils/dates";
import { yieldToEventLoop } from "../utils/event-loop";
import type { ReportCountedAssessment, ReportSources } from "./report-model.server";
import type { ReportPlanSources } from "./report-plan.server";

export interface ReportScope {
  organisationId: string;
  assessmentId: string;
}

async function readPrevious(database: Kysely<Database>, organisationId: string, previousAssessmentId: string | null, questionnaireFor: QuestionnaireLookup): Promise<LoadedAssessmentSources | null> {
  if (!previousAssessmentId) return null;
  try {
    return await readAssessmentSources(database, { organisationId, assessmentId: previousAssessmentId }, questionnaireFor);
  } catch (error) {
    // A previous assessment that is gone (or was never this provider's) just means no trend.
    if (error instanceof Response && error.status === 404) return null;
    throw error;
  }
}

/** The rows of the plan sections: the latest version of the customer's newest stepping-stone plan, and its portfolio. */
async function readReportPlanSources(
  database: Kysely<Database>,
  { organisationId, customerId, current }: { organisationId: string; customerId: string; current: LoadedAssessmentSources },
  questionnaireFor: QuestionnaireLookup,
): Promise<ReportPlanSources> {
  const [plans, applications, overrides] = await Promise.all([
    listPlans(database, { organisationId, customerId }),
    listApplications(database, { organisationId, customerId }),
    listDispositionOverrides(database, { organisationId, customerId }),
  ]);
  const plan = plans[0] ?? null;
  const [version, latestAssessed] = await Promise.all([
    plan ? getPlanVersion(database, { organisationId, planId: plan.id, version: plan.latestVersion }) : null,
    // Without applications there is no disposition, and no rule that reads a score.
    applications.length > 0 ? readCountedSources(database, { organisationId, customerId, alreadyLoaded: current }, questionnaireFor) : null,
  ]);
  return { planDocument: version?.document ?? null, applications, overrides, latestAssessed };
}

/**
 * The assessment that counts for the customer, in the words the customer pages print ("Figures
 * from: …"), so the report says whether its own figures are the ones that drive progress and plan.
 * It reads the stored headline scores as they are: this may run on the renderer's read-only connection.
 */
async function readCounted(database: Kysely<Database>, scope: { organisationId: string; customerId: string }, questionnaireFor: QuestionnaireLookup): Promise<ReportCountedAssessment> {
  const { choice } = await readCountedAssessment(database, scope, questionnaireFor);
  return { id: choice.assessment?.id ?? null, words: countedWords(choice, formatDate) };
}

/**
 * Every row the report of one assessment of the provider's is made from. 404 (thrown) for anyone
 * else's. `withPlan: false` when the caller supplies the plan sections itself.
 */
export async function readReportSources(database: Kysely<Database>, { organisationId, assessmentId }: ReportScope, questionnaireFor: QuestionnaireLookup, { withPlan = true } = {}): Promise<ReportSources> {
  const current = await readAssessmentSources(database, { organisationId, assessmentId }, questionnaireFor);
  await yieldToEventLoop();
  const [organisation, previous, plan, counted] = await Promise.all([
    getOrganisation(database, { organisationId }),
    readPrevious(database, organisationId, current.assessment.previous_assessment_id, questionnaireFor),
    withPlan ? readReportPlanSources(database, { organisationId, customerId: current.assessment.customer_id, current }, questionnaireFor) : null,
    readCounted(database, { organisationId, customerId: current.assessment.customer_id }, questionnaireFor),
  ]);
  const provider = found(organisation, "Organisation");
  return {
    current,
    previous,
    // Only what the cover shows: the rest of the organisation row has no business in a report.
    provider: { name: provider.name, accent_colour: provider.accent_colour, logo_base64: provider.logo_base64 },
    plan,
    counted,
  };
}
