import type { Kysely } from "kysely";
import { createAssessment } from "../../db/repositories/assessments";
import { createRespondents } from "../../db/repositories/respondents";
import type { Database } from "../../db/schema";
import { issueSurveyToken, linkExpiry } from "../../app/services/survey-access.server";

/** An open assessment on the bundled questionnaire with link respondents of the given groups. */
export async function createSurveyAssessment(
  db: Kysely<Database>,
  { organisationId, customerId, groups, mode = "self-serve" }: { organisationId: string; customerId: string; groups: string[]; mode?: "self-serve" | "workshop" },
) {
  const assessment = await createAssessment(db, {
    organisationId,
    customerId,
    title: "Readiness baseline",
    questionnaireKey: "hybrid-cloud-readiness",
    questionnaireVersion: 1,
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
