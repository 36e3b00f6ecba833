import type { Kysely } from "kysely";
import { getAssessment } from "../../db/repositories/assessments";
import { listCountCandidates } from "../../db/repositories/count-candidates";
import { listCountedAssessmentChoices, setCountedAssessment } from "../../db/repositories/customers";
import type { Database } from "../../db/schema";
import { found } from "~/auth/not-found";
import { chooseCountedAssessment, countedWords, type CountedChoice } from "~/domain/counted-assessment";
import { db } from "~/db.server";
import { formatDate } from "~/utils/dates";
import { readCountedAssessment, scoredQuestionnaires, withScoring, type CountedAssessment } from "./assessment-sources.server";
import { getSourceQuestionnaire } from "./questionnaires.server";
import { refreshAssessmentSummary } from "./summaries.server";

type Scope = { organisationId: string; customerId: string };

/**
 * The assessment that counts for a customer, and every assessment of it with why it is or is not
 * eligible. The rule reads stored headline scores; an assessment with respondents whose scores were
 * never computed (seeded, or never opened since its answers came in) is scored and stored first,
 * once, so it is judged on its answers rather than passed over.
 */
export async function loadCountedAssessment(scope: Scope, database: Kysely<Database> = db()): Promise<CountedAssessment> {
  const counted = await readCountedAssessment(database, scope, getSourceQuestionnaire);
  const unscored = counted.candidates.filter((c) => c.summary === null && c.invited > 0);
  if (unscored.length === 0) return counted;
  for (const candidate of unscored) await refreshAssessmentSummary({ organisationId: scope.organisationId, assessmentId: candidate.id }, database);
  return readCountedAssessment(database, scope, getSourceQuestionnaire);
}

/** What a page prints about the assessment its figures come from ("Figures from: …"). */
export function countedLabel(choice: CountedChoice) {
  return { id: choice.assessment?.id ?? null, title: choice.assessment?.title ?? null, how: choice.how, words: countedWords(choice, formatDate) };
}

/**
 * The assessment that counts for every customer of a provider (archived ones too), by customer id:
 * one read of the provider's assessments with their stored scores, for the dashboard and benchmarks.
 */
export async function loadProviderCountedChoices({ organisationId }: { organisationId: string }, database: Kysely<Database> = db()) {
  const [rows, choices] = await Promise.all([listCountCandidates(database, { organisationId }), listCountedAssessmentChoices(database, { organisationId })]);
  const candidates = withScoring(rows, await scoredQuestionnaires(rows, organisationId, getSourceQuestionnaire));
  const byCustomer = new Map<string, typeof candidates>();
  for (const candidate of candidates) byCustomer.set(candidate.customerId, [...(byCustomer.get(candidate.customerId) ?? []), candidate]);
  return new Map(choices.map(({ customerId, countedAssessmentId }) => [customerId, chooseCountedAssessment(byCustomer.get(customerId) ?? [], countedAssessmentId)]));
}

export type ChooseCountedResult = { ok: true; assessmentId: string | null; title: string | null } | { ok: false; message: string };

/**
 * Sets the assessment that counts for a customer (null: back to the default rule). Another
 * provider's assessment is not found (404, thrown); another customer's, or one that is not usable
 * (unscored questionnaire, no answers with points), is refused with a message (the route's 400).
 */
export async function chooseCountedAssessmentFor(input: Scope & { assessmentId: string | null }, database: Kysely<Database> = db()): Promise<ChooseCountedResult> {
  if (input.assessmentId === null) {
    await setCountedAssessment(database, { ...input, assessmentId: null });
    return { ok: true, assessmentId: null, title: null };
  }
  const assessment = found(await getAssessment(database, { organisationId: input.organisationId, assessmentId: input.assessmentId }), "Assessment");
  if (assessment.customer_id !== input.customerId) return { ok: false, message: "That assessment is not this customer's: choose one of the assessments listed." };
  // Judged on its answers as they are now, not on headline scores stored before the last autosave.
  await refreshAssessmentSummary({ organisationId: input.organisationId, assessmentId: assessment.id }, database);
  const { candidates } = await loadCountedAssessment(input, database);
  const candidate = candidates.find((c) => c.id === assessment.id);
  if (!candidate?.eligibility.usable) return { ok: false, message: `${assessment.title} cannot count: ${candidate?.eligibility.reason.replace(/^Not eligible: /, "") ?? "it has no scores"}.` };
  await setCountedAssessment(database, { ...input, assessmentId: assessment.id });
  return { ok: true, assessmentId: assessment.id, title: assessment.title };
}
