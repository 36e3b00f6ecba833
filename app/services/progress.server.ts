import type { CountCandidateRow } from "../../db/repositories/count-candidates";
import { renderChartSvg } from "~/components/charts/render-chart.server";
import { TrendChart } from "~/components/charts/trend-chart";
import { benchmarkFor, type ScoreSummary } from "~/domain/benchmark";
import { progressSeries } from "~/domain/counted-assessment";
import { DIMENSIONS } from "~/domain/dimensions";
import { evidenceWords, readinessEvidence } from "~/domain/score-evidence";
import { db } from "~/db.server";
import { createElement } from "react";
import { formatMonthYear } from "~/utils/dates";
import type { CountedAssessment } from "./assessment-sources.server";
import { loadCountedAssessment, loadProviderCountedChoices } from "./counted-assessment.server";

const TREND_LINES = [{ key: "readiness", label: "Overall readiness" }, ...DIMENSIONS.map((d) => ({ key: d.key, label: d.key === "shadow-it" ? "Shadow-IT risk (lower is better)" : d.name }))];

function othersCounted(choices: Awaited<ReturnType<typeof loadProviderCountedChoices>>, customerId: string): ScoreSummary[] {
  const summaries: ScoreSummary[] = [];
  for (const [other, choice] of choices) {
    const a = choice.assessment;
    if (other === customerId || !a?.summary) continue;
    summaries.push({ assessmentId: a.id, customerId: other, questionnaireKey: a.questionnaireKey, createdAt: a.createdAt, readiness: a.summary.readiness, dimensions: a.summary.dimensions, respondentsAnswered: a.summary.respondentsAnswered });
  }
  return summaries;
}

/** Each stored score's coverage and people in words (rule 13), by trend line key; a line without a score has none. */
export function evidenceOf(a: CountCandidateRow): Record<string, { thin: boolean; words: string }> {
  const summary = a.summary;
  if (!summary) return {};
  const evidence: Record<string, { thin: boolean; words: string }> = {};
  if (summary.readiness !== null) evidence.readiness = readinessEvidence(summary.dimensions, summary.respondentsAnswered);
  for (const d of DIMENSIONS) {
    const dimension = summary.dimensions[d.key];
    if (dimension && dimension.score !== null) evidence[d.key] = { thin: dimension.lowConfidence, words: evidenceWords(dimension, dimension.respondents) };
  }
  return evidence;
}

/**
 * A customer's progress, told by the customer's own scores (not adoption counts) and anchored on the
 * assessment that counts (questionnaires/README.md): the trend over the eligible assessments up to
 * it, what changed since the newest of them before it, and how it compares with the anonymised
 * average of the provider's other customers.
 */
export async function loadCustomerProgress({ organisationId, customerId, counted: given }: { organisationId: string; customerId: string; counted?: CountedAssessment }) {
  const counted = given ?? (await loadCountedAssessment({ organisationId, customerId }));
  const latest = counted.candidates.find((c) => c.id === counted.choice.assessment?.id) ?? null;
  const series = latest ? progressSeries(counted.candidates, latest) : [];
  const values = (a: CountCandidateRow) => ({ readiness: a.summary?.readiness ?? null, ...Object.fromEntries(DIMENSIONS.map((d) => [d.key, a.summary?.dimensions[d.key]?.score ?? null])) });
  const points = series.map((a) => ({ label: formatMonthYear(a.createdAt), values: values(a), evidence: evidenceOf(a) }));
  const previous = series.length >= 2 ? series[series.length - 2] : null;
  const changes = latest && previous
    ? TREND_LINES.map((line) => {
        const before = values(previous)[line.key as keyof ReturnType<typeof values>] as number | null;
        const after = values(latest)[line.key as keyof ReturnType<typeof values>] as number | null;
        const change = before === null || after === null ? null : after - before;
        // For the risk dimension, a fall is the improvement.
        const better = change === null || Math.abs(change) < 0.5 ? null : line.key === "shadow-it" ? change < 0 : change > 0;
        return { key: line.key, label: line.label, before, after, change, better, beforeEvidence: evidenceOf(previous)[line.key] ?? null, afterEvidence: evidenceOf(latest)[line.key] ?? null };
      })
    : null;

  // Other customers are compared by their own assessment that counts, on the same questionnaire.
  const benchmark = latest ? benchmarkFor(othersCounted(await loadProviderCountedChoices({ organisationId }), customerId), { customerId, questionnaireKey: latest.questionnaireKey }) : null;

  return {
    latest: latest ? { id: latest.id, title: latest.title, values: values(latest), evidence: evidenceOf(latest) } : null,
    previous: previous ? { id: previous.id, title: previous.title } : null,
    changes,
    benchmark,
    trendSvg: points.length >= 2 ? renderChartSvg(createElement(TrendChart, { points, lines: TREND_LINES })) : null,
  };
}
