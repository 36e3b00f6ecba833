/*
 * The database side of a report: every row it is made from, read in the request, with the access
 * check (organisation scoping, 404 for anyone else's assessment) done here. Nothing is scored or
 * drawn here; computeReportModel does that, in the PDF renderer or, for the HTML page, in the request.
 */
import { getOrganisation } from "../../db/repositories/organisations";
import { listApplications, listDispositionOverrides } from "../../db/repositories/portfolio";
import { found } from "~/auth/access.server";
import { db } from "~/db.server";
import { findCustomerPlan, loadPlanVersion } from "~/services/plans.server";
import { loadLatestAssessedSources } from "~/services/portfolio.server";
import { loadAssessmentResultSources, type LoadedAssessmentSources } from "~/services/results.server";
import { yieldToEventLoop } from "~/utils/event-loop";
import { computeReportModel, type BuildReportModelOptions, type ReportModel, type ReportSources } from "./report-model.server";
import type { ReportPlanSources } from "./report-plan.server";

async function loadPrevious(organisationId: string, previousAssessmentId: string | null): Promise<LoadedAssessmentSources | null> {
  if (!previousAssessmentId) return null;
  try {
    return await loadAssessmentResultSources({ organisationId, assessmentId: previousAssessmentId });
  } catch (error) {
    // A previous assessment that is gone (or was never this provider's) just means no trend.
    if (error instanceof Response && error.status === 404) return null;
    throw error;
  }
}

/** The rows of the plan sections: the customer's stepping-stone plan and its portfolio. */
async function loadReportPlanSources({ organisationId, customerId, current }: { organisationId: string; customerId: string; current: LoadedAssessmentSources }): Promise<ReportPlanSources> {
  const [{ plan }, applications, overrides] = await Promise.all([
    findCustomerPlan({ organisationId, customerId }),
    listApplications(db(), { organisationId, customerId }),
    listDispositionOverrides(db(), { organisationId, customerId }),
  ]);
  const [version, latestAssessed] = await Promise.all([
    plan ? loadPlanVersion({ organisationId, plan }) : null,
    // Without applications there is no disposition, and no rule that reads a score.
    applications.length > 0 ? loadLatestAssessedSources({ organisationId, customerId, alreadyLoaded: current }) : null,
  ]);
  return { planDocument: version?.document ?? null, applications, overrides, latestAssessed };
}

/** Every row the report of one assessment of the provider's is made from. 404 (thrown) for anyone else's. */
export async function loadReportSources(options: Pick<BuildReportModelOptions, "organisationId" | "assessmentId" | "plan">): Promise<ReportSources> {
  const { organisationId, assessmentId } = options;
  const current = await loadAssessmentResultSources({ organisationId, assessmentId });
  await yieldToEventLoop();
  const [organisation, previous, plan] = await Promise.all([
    getOrganisation(db(), { organisationId }),
    loadPrevious(organisationId, current.assessment.previous_assessment_id),
    options.plan ? null : loadReportPlanSources({ organisationId, customerId: current.assessment.customer_id, current }),
  ]);
  const provider = found(organisation, "Organisation");
  return {
    current,
    previous,
    // Only what the cover shows: the rest of the organisation row has no business in a report.
    provider: { name: provider.name, accent_colour: provider.accent_colour, logo_base64: provider.logo_base64 },
    plan,
  };
}

/** Builds the report of one assessment of the provider's, in the request. 404 (thrown) for anyone else's. */
export async function buildReportModel(options: BuildReportModelOptions): Promise<ReportModel> {
  return computeReportModel(await loadReportSources(options), options);
}
