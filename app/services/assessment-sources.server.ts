/*
 * The rows an assessment's results are computed from (see computeAssessmentResults): database reads
 * only, no scoring, on whichever database handle the caller gives. The questionnaire comes from the
 * caller too: in the app it is the compiled catalogue (questionnaires.server.ts); in the PDF renderer
 * process it is asked of the server, so the renderer never loads SurveyJS.
 *
 * Relative imports only: the PDF renderer runs this file under tsx, outside the Remix build's `~` alias.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { listAssessmentAnswers, listAssessmentNotes } from "../../db/repositories/answers";
import { getAssessment } from "../../db/repositories/assessments";
import { listCountCandidates, type CountCandidateRow } from "../../db/repositories/count-candidates";
import { getCustomer } from "../../db/repositories/customers";
import { listAssessmentRespondents } from "../../db/repositories/respondents";
import { found } from "../auth/not-found";
import type { FreeTextQuestion } from "../domain/assessment-results";
import { chooseCountedAssessment, countEligibility, newestFirst, type CountCandidate, type CountedChoice, type CountEligibility } from "../domain/counted-assessment";
import type { ScoringModel } from "../domain/questionnaire-model";
import type { SummaryQuestion } from "../domain/question-summary-counts";
import type { RiskModel } from "../domain/konveyor-risk";
import { yieldToEventLoop } from "../utils/event-loop";

/** The part of a questionnaire that scoring and reports read: plain data. */
export interface SourceQuestionnaire {
  key: string;
  version: number;
  title: string;
  scoringModel: ScoringModel;
  freeTextQuestions: FreeTextQuestion[];
  /** Every answerable question, compiled once: an unscored questionnaire's report is made of their summaries. */
  questionCatalogue: SummaryQuestion[];
  /** Konveyor's thresholds and answer colours, for a questionnaire imported from Konveyor; else null. */
  riskModel: RiskModel | null;
}

/** The questionnaire an assessment was started with (its recorded key and version), in the provider's catalogue. */
export type QuestionnaireLookup = (input: { organisationId: string; key: string; version: number }) => Promise<SourceQuestionnaire>;

/** The rows of one assessment of the organisation's. 404 (thrown) for anyone else's. */
export async function readAssessmentSources(
  database: Kysely<Database>,
  { organisationId, assessmentId }: { organisationId: string; assessmentId: string },
  questionnaireFor: QuestionnaireLookup,
) {
  const assessment = found(await getAssessment(database, { organisationId, assessmentId }), "Assessment");
  const [customer, respondents] = await Promise.all([
    getCustomer(database, { organisationId, customerId: assessment.customer_id }),
    listAssessmentRespondents(database, { organisationId, assessmentId }),
  ]);
  // The answers are the big read (thousands of rows for 50 respondents): autosaves go first.
  await yieldToEventLoop();
  const answers = await listAssessmentAnswers(database, { organisationId, assessmentId });
  await yieldToEventLoop();
  const notes = await listAssessmentNotes(database, { organisationId, assessmentId });
  // The compiled scoring model itself (plain data), so whoever scores these rows uses exactly the
  // model this request would: bundled or the provider's own upload.
  const questionnaire = await questionnaireFor({ organisationId, key: assessment.questionnaire_key, version: assessment.questionnaire_version });
  return {
    assessment,
    customer: found(customer, "Customer"),
    questionnaire,
    respondents,
    answers,
    notes,
  };
}

export type LoadedAssessmentSources = Awaited<ReturnType<typeof readAssessmentSources>>;

export interface CountedAssessment {
  /** The consultant's choice as stored (null: the default rule), even when it no longer applies. */
  chosenId: string | null;
  choice: CountedChoice<CountCandidateRow & CountCandidate>;
  /** Every assessment of the customer, newest first, with why it is or is not eligible. */
  candidates: (CountCandidateRow & CountCandidate & { eligibility: CountEligibility })[];
}

/** Whether each questionnaire version of `rows` is scored (its scoring model has items): asked once per version. */
export async function scoredQuestionnaires(rows: readonly { questionnaireKey: string; questionnaireVersion: number }[], organisationId: string, questionnaireFor: QuestionnaireLookup): Promise<Map<string, boolean>> {
  const scored = new Map<string, boolean>();
  for (const row of rows) {
    const key = `${row.questionnaireKey}@${row.questionnaireVersion}`;
    if (scored.has(key)) continue;
    const questionnaire = await questionnaireFor({ organisationId, key: row.questionnaireKey, version: row.questionnaireVersion });
    scored.set(key, questionnaire.scoringModel.items.length > 0);
  }
  return scored;
}

/** Count candidates with their questionnaire's scoring known. */
export function withScoring<R extends CountCandidateRow>(rows: readonly R[], scored: Map<string, boolean>): (R & CountCandidate)[] {
  return rows.map((row) => ({ ...row, questionnaireScored: scored.get(`${row.questionnaireKey}@${row.questionnaireVersion}`) ?? false }));
}

/**
 * The assessment that counts for a customer (questionnaires/README.md, "The assessment that counts"):
 * the consultant's choice while it is usable, else the newest eligible assessment, else none.
 * 404 (thrown) for another provider's customer.
 */
export async function readCountedAssessment(
  database: Kysely<Database>,
  { organisationId, customerId }: { organisationId: string; customerId: string },
  questionnaireFor: QuestionnaireLookup,
): Promise<CountedAssessment> {
  const [customer, rows] = await Promise.all([getCustomer(database, { organisationId, customerId }), listCountCandidates(database, { organisationId, customerId })]);
  const chosenId = found(customer, "Customer").counted_assessment_id;
  const candidates = withScoring(rows, await scoredQuestionnaires(rows, organisationId, questionnaireFor));
  return {
    chosenId,
    choice: chooseCountedAssessment(candidates, chosenId),
    candidates: newestFirst(candidates).map((c) => ({ ...c, eligibility: countEligibility(c) })),
  };
}

/**
 * The rows of the assessment that counts for the customer (see readCountedAssessment): the one
 * source of the numbers dispositions and plans are made from. Null when none counts.
 * `alreadyLoaded`: rows in hand, not read again when they are the ones.
 */
export async function readCountedSources(
  database: Kysely<Database>,
  { organisationId, customerId, alreadyLoaded }: { organisationId: string; customerId: string; alreadyLoaded?: LoadedAssessmentSources },
  questionnaireFor: QuestionnaireLookup,
): Promise<LoadedAssessmentSources | null> {
  const { choice } = await readCountedAssessment(database, { organisationId, customerId }, questionnaireFor);
  if (!choice.assessment) return null;
  if (alreadyLoaded?.assessment.id === choice.assessment.id) return alreadyLoaded;
  return readAssessmentSources(database, { organisationId, assessmentId: choice.assessment.id }, questionnaireFor);
}
