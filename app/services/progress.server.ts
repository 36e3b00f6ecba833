import { listAssessmentsWithSummaries, listBenchmarkSummaries } from "../../db/repositories/assessment-summaries";
import { renderChartSvg } from "~/components/charts/render-chart.server";
import { TrendChart } from "~/components/charts/trend-chart";
import { benchmarkFor } from "~/domain/benchmark";
import { DIMENSIONS } from "~/domain/dimensions";
import { db } from "~/db.server";
import { createElement } from "react";
import { formatMonthYear } from "~/utils/dates";

const TREND_LINES = [{ key: "readiness", label: "Overall readiness" }, ...DIMENSIONS.map((d) => ({ key: d.key, label: d.key === "shadow-it" ? "Shadow-IT risk (lower is better)" : d.name }))];

/**
 * A customer's assessments over time, told by the customer's own scores (not adoption counts):
 * the trend per dimension, what changed since the assessment before, and how it compares with
 * the anonymised average of the provider's other customers.
 */
export async function loadCustomerProgress({ organisationId, customerId }: { organisationId: string; customerId: string }) {
  // The customer's own assessments, oldest first; of the other customers only what the benchmark averages.
  const own = await listAssessmentsWithSummaries(db(), { organisationId, customerId });
  const scored = own.filter((a) => a.summary && a.summary.respondentsAnswered > 0);
  const values = (a: (typeof scored)[number]) => ({ readiness: a.summary!.readiness, ...Object.fromEntries(DIMENSIONS.map((d) => [d.key, a.summary!.dimensions[d.key]?.score ?? null])) });
  const points = scored.map((a) => ({ label: formatMonthYear(a.createdAt), values: values(a) }));

  const latest = scored.at(-1) ?? null;
  const previous = scored.at(-2) ?? null;
  const changes = latest && previous
    ? TREND_LINES.map((line) => {
        const before = values(previous)[line.key as keyof ReturnType<typeof values>] as number | null;
        const after = values(latest)[line.key as keyof ReturnType<typeof values>] as number | null;
        const change = before === null || after === null ? null : after - before;
        // For the risk dimension, a fall is the improvement.
        const better = change === null || Math.abs(change) < 0.5 ? null : line.key === "shadow-it" ? change < 0 : change > 0;
        return { key: line.key, label: line.label, before, after, change, better };
      })
    : null;

  const benchmark = latest
    ? benchmarkFor(await listBenchmarkSummaries(db(), { organisationId, questionnaireKey: latest.questionnaireKey, excludeCustomerId: customerId }), {
        customerId,
        questionnaireKey: latest.questionnaireKey,
      })
    : null;

  return {
    assessments: own.slice().reverse(),
    latest: latest ? { id: latest.id, title: latest.title, values: values(latest) } : null,
    previous: previous ? { id: previous.id, title: previous.title } : null,
    changes,
    benchmark,
    trendSvg: points.length >= 2 ? renderChartSvg(createElement(TrendChart, { points, lines: TREND_LINES })) : null,
  };
}
