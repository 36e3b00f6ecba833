import type { Kysely } from "kysely";
import { createAssessment } from "../../db/repositories/assessments";
import { createRespondents } from "../../db/repositories/respondents";
import type { Database } from "../../db/schema";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";

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
