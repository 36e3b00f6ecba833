import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/access.server";
import { readinessLevelOf } from "~/domain/maturity";
import { audit } from "~/services/audit.server";
import { loadResultsWithQuestionSummaries } from "~/services/results.server";

/**
 * An assessment's results for integrations: the scoring engine's output as JSON (assessment, group
 * and dimension scores with their explanations per group), and every question's answers summarised;
 * respondent-level detail is left out.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "results:export" });
  const { results, scored, questionSummariesFor, konveyorRiskFor } = await loadResultsWithQuestionSummaries({ organisationId: user.organisationId, assessmentId: String(params.assessmentId) });
  await audit(user, context, "export.results-json", { type: "assessment", id: results.assessment.id });
  const { scores } = results;
  return json(
    {
      assessment: {
        id: results.assessment.id,
        title: results.assessment.title,
        status: results.assessment.status,
        mode: results.assessment.mode,
        createdAt: results.assessment.created_at,
        questionnaire: results.questionnaire,
      },
      customer: { id: results.customer.id, name: results.customer.name },
      participation: results.participation,
      readiness: scores.readiness,
      // Rule 12: a level only when enough dimensions are answered well enough.
      readinessLevel: readinessLevelOf(scores.readiness, scores.dimensions),
      respondentCount: scores.respondentCount,
      dimensions: scores.dimensions,
      groups: scores.groups.map(({ respondents: _omitted, ...group }) => ({
        ...group,
        readinessLevel: readinessLevelOf(group.readiness, group.dimensions),
        dimensions: Object.fromEntries(Object.entries(group.dimensions).map(([key, d]) => [key, { ...d, explanation: { items: d.explanation.items } }])),
      })),
      perceptionGaps: results.gaps,
      scored,
      // Konveyor's verdict for a questionnaire imported from Konveyor (null otherwise), with every answer's risk, rationale and mitigation.
      konveyorRisk: konveyorRiskFor(null),
      // Every question's answers summarised by type (counts, means, NPS, listed text), as on the results page.
      questions: questionSummariesFor(null),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
