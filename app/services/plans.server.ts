import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { addPlanVersion, createPlan, getPlan, getPlanVersion, listPlans, listPlanVersions, type StoredPlan, type StoredPlanVersion } from "../../db/repositories/plans";
import { db } from "~/db.server";
import { applyPlanEdit, planDocumentFrom, type PlanEdit, type PlanEditProblem } from "~/domain/plan-versions";
import { generatePlan } from "~/domain/stepping-stones";
import { getTeachingCatalogue, latestTeachingCatalogueVersion } from "~/domain/teaching-catalogue.server";
import { loadCountedResults, loadPortfolioDecisions } from "./portfolio.server";

type Scope = { organisationId: string; customerId: string };

export type GenerateResult = { ok: true; planId: string; assessmentTitle: string } | { ok: false; message: string };

/**
 * A new plan from the assessment that counts for the customer (its scores and perception gaps),
 * the waves its portfolio makes (none without a portfolio: the plan then starts by mapping it) and
 * the latest teaching catalogue, stored as version 1. Teaching modules of stones marked completed
 * in the customer's previous plan count as taken and are not planned again.
 */
export async function generateCustomerPlan(input: Scope & { userId: string }, database: Kysely<Database> = db()): Promise<GenerateResult> {
  const results = await loadCountedResults(input, database);
  if (!results) return { ok: false, message: "No assessment of this customer counts yet: none is finished, scored and answered well enough, and none was chosen on the customer page. A plan is made from the scores of the assessment that counts." };
  const portfolio = await loadPortfolioDecisions({ ...input, results }, database);
  const catalogue = getTeachingCatalogue(latestTeachingCatalogueVersion());

  const [previous] = await listPlans(database, input);
  const delivered: string[] = [];
  if (previous) {
    const latest = await getPlanVersion(database, { organisationId: input.organisationId, planId: previous.id, version: previous.latestVersion });
    for (const stone of latest?.document.stones ?? []) {
      if (stone.status === "completed") delivered.push(...stone.activities.map((activity) => activity.moduleId));
    }
  }

  const plan = generatePlan({
    scores: results.scores,
    gaps: results.gaps,
    waves: portfolio.applications.length > 0 ? portfolio.waves : null,
    catalogue,
    options: { deliveredModules: delivered },
  });
  const note =
    `Generated from ${results.assessment.title}` +
    (portfolio.applications.length > 0 ? `, ${portfolio.applications.length} applications in ${portfolio.waves.waves.length} waves` : ", no portfolio yet") +
    `, teaching catalogue version ${catalogue.version}` +
    (delivered.length > 0 ? `; ${delivered.length} modules already taken left out` : "") +
    ".";
  const { planId } = await createPlan(database, { ...input, assessmentId: results.assessment.id, document: planDocumentFrom(plan), note, createdBy: input.userId });
  return { ok: true, planId, assessmentTitle: results.assessment.title };
}

/** The plan a page shows: the one asked for, else the customer's newest. */
export async function findCustomerPlan(input: Scope & { planId?: string | null }, database: Kysely<Database> = db()): Promise<{ plan: StoredPlan | null; plans: StoredPlan[] }> {
  const plans = await listPlans(database, input);
  if (input.planId) return { plan: (await getPlan(database, { ...input, planId: input.planId })) ?? null, plans };
  return { plan: plans[0] ?? null, plans };
}

export async function loadPlanVersion(
  input: { organisationId: string; plan: StoredPlan; version?: number | null },
  database: Kysely<Database> = db(),
): Promise<StoredPlanVersion | null> {
  const version = input.version ?? input.plan.latestVersion;
  return (await getPlanVersion(database, { organisationId: input.organisationId, planId: input.plan.id, version })) ?? null;
}

export async function listVersions(input: { organisationId: string; planId: string }, database: Kysely<Database> = db()) {
  return listPlanVersions(database, input);
}

export type SaveEditResult = { ok: true; version: number } | { ok: false; problems: PlanEditProblem[] } | { ok: false; conflict: true };

/** Applies an edit to version `baseVersion` and stores the result as the next version. */
export async function savePlanEdit(
  input: { organisationId: string; plan: StoredPlan; baseVersion: number; edit: PlanEdit; note: string; userId: string },
  database: Kysely<Database> = db(),
): Promise<SaveEditResult> {
  if (input.baseVersion !== input.plan.latestVersion) return { ok: false, conflict: true };
  const base = await getPlanVersion(database, { organisationId: input.organisationId, planId: input.plan.id, version: input.baseVersion });
  if (!base) return { ok: false, conflict: true };
  const catalogue = getTeachingCatalogue(base.document.catalogueVersion);
  const applied = applyPlanEdit(base.document, input.edit, catalogue, input.baseVersion + 1);
  if (!applied.ok) return applied;
  const version = await addPlanVersion(database, {
    organisationId: input.organisationId,
    planId: input.plan.id,
    baseVersion: input.baseVersion,
    document: applied.document,
    note: input.note,
    createdBy: input.userId,
  });
  return version === null ? { ok: false, conflict: true } : { ok: true, version };
}
