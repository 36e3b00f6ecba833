import type { Kysely } from "kysely";
import { createAssessment } from "../../db/repositories/assessments";
import { saveAnswers } from "../../db/repositories/answers";
import { createRespondents, markRespondentCompleted } from "../../db/repositories/respondents";
import type { Database } from "../../db/schema";
import { getQuestionnaire } from "../../app/domain/questionnaire-catalogue.server";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";
import { refreshAssessmentSummary } from "../../app/services/summaries.server";

/**
 * An open assessment with link respondents of the given groups, on the bundled questionnaire or on
 * a questionnaire version already stored for the provider.
 */
export async function createSurveyAssessment(
  db: Kysely<Database>,
  {
    organisationId,
    customerId,
    groups,
    mode = "self-serve",
    questionnaire = { key: "hybrid-cloud-readiness", version: 1 },
  }: { organisationId: string; customerId: string; groups: string[]; mode?: "self-serve" | "workshop"; questionnaire?: { key: string; version: number } },
) {
  const assessment = await createAssessment(db, {
    organisationId,
    customerId,
    title: "Readiness baseline",
    questionnaireKey: questionnaire.key,
    questionnaireVersion: questionnaire.version,
    mode,
    createdBy: null,
  });
  const tokens = groups.map(() => issueSurveyToken());
  const respondents = await createRespondents(db, {
    organisationId,
    assessmentId: assessment.id,
    respondents: groups.map((groupKey, i) => ({ kind: "person" as const, groupKey, name: `Respondent ${i + 1}`, tokenHash: tokens[i].tokenHash, tokenExpiresAt: linkExpiry() })),
  });
  return { assessment, respondents: respondents.map((r, i) => ({ ...r, token: tokens[i].token })) };
}

/**
 * Answers every scored question of the bundled questionnaire for each respondent with its lowest- or
 * highest-scoring answer (so every shown dimension scores exactly 0 or 100 at full coverage), marks
 * them completed and stores the assessment's headline scores: a finished, well-answered assessment,
 * eligible to count by default (questionnaires/README.md, "The assessment that counts").
 */
export async function answerEveryQuestion(
  db: Kysely<Database>,
  { organisationId, assessmentId, respondentIds, answer }: { organisationId: string; assessmentId: string; respondentIds: string[]; answer: "lowest" | "highest" },
) {
  const { scoringModel } = getQuestionnaire("hybrid-cloud-readiness", 1);
  const values: Record<string, unknown> = {};
  for (const item of scoringModel.items) {
    const scored = item.options.filter((o) => o.score !== null).sort((a, b) => a.score! - b.score!);
    if (scored.length === 0) continue;
    const pick = answer === "lowest" ? scored[0] : scored[scored.length - 1];
    const value = item.kind === "multi" ? (answer === "lowest" ? [pick.value] : scored.filter((o) => o.score! > 0).map((o) => o.value)) : pick.value;
    if (item.rowValue === null) values[item.questionName] = value;
    else values[item.questionName] = { ...((values[item.questionName] as Record<string, unknown> | undefined) ?? {}), [String(item.rowValue)]: value };
  }
  for (const respondentId of respondentIds) {
    await saveAnswers(db, { respondentId, answers: Object.entries(values).map(([questionName, value]) => ({ questionName, value, seq: 1 })) });
    await markRespondentCompleted(db, respondentId);
  }
  await refreshAssessmentSummary({ organisationId, assessmentId }, db);
}
