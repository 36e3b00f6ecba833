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
import { getAssessment, listAssessments } from "../../db/repositories/assessments";
import { getCustomer } from "../../db/repositories/customers";
import { listAssessmentRespondents } from "../../db/repositories/respondents";
import { found } from "../auth/not-found";
import { answeredRespondents, type FreeTextQuestion } from "../domain/assessment-results";
import type { ScoringModel } from "../domain/questionnaire-model";
import { yieldToEventLoop } from "../utils/event-loop";

/** The part of a questionnaire that scoring and reports read: plain data. */
export interface SourceQuestionnaire {
  key: string;
  version: number;
  title: string;
  scoringModel: ScoringModel;
  freeTextQuestions: FreeTextQuestion[];
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

/**
 * The rows of the customer's latest assessment that has answers (not necessarily closed, not yet
 * scored): the one source of the numbers dispositions and plans are made from. Null when no
 * assessment has answers yet. `alreadyLoaded`: rows in hand, not read again when they are the ones.
 */
export async function readLatestAssessedSources(
  database: Kysely<Database>,
  { organisationId, customerId, alreadyLoaded }: { organisationId: string; customerId: string; alreadyLoaded?: LoadedAssessmentSources },
  questionnaireFor: QuestionnaireLookup,
): Promise<LoadedAssessmentSources | null> {
  const assessments = await listAssessments(database, { organisationId, customerId });
  for (const assessment of assessments) {
    if (assessment.respondentCount === 0) continue;
    const sources = alreadyLoaded?.assessment.id === assessment.id ? alreadyLoaded : await readAssessmentSources(database, { organisationId, assessmentId: assessment.id }, questionnaireFor);
    if (answeredRespondents(sources).length > 0) return sources;
  }
  return null;
}
