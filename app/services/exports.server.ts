import { DIMENSIONS } from "~/domain/dimensions";
import { toCsv } from "~/domain/csv";
import { readinessLevelOf } from "~/domain/maturity";
import type { AssessmentResults } from "./results.server";

export function csvResponse(csv: string, filename: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

export function exportFileStem(customerName: string, createdAt: string): string {
  const name = customerName.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "customer";
  return `Cairn-${name}-${createdAt.slice(0, 10)}`;
}

/**
 * One row per group and dimension, plus the assessment as a whole. Every score carries its coverage,
 * the respondents behind it and its answered items (rule 13); overall readiness carries a level only
 * when rule 12 allows one, and is marked low confidence otherwise. New columns go at the end, so
 * spreadsheets reading the first eight by position keep working.
 */
export function scoresCsv(results: AssessmentResults): string {
  const rows: unknown[][] = [];
  const level = (d: { maturityLevel: { level: number; name: string } | null; riskBand: { name: string } | null }) =>
    d.riskBand ? d.riskBand.name : d.maturityLevel ? `${d.maturityLevel.level} ${d.maturityLevel.name}` : "";
  const round = (n: number | null) => (n === null ? "" : Math.round(n * 10) / 10);
  const percent = (n: number | null) => (n === null ? "" : Math.round(n * 100));
  const readinessRow = (group: string, respondents: number, scores: { readiness: number | null; dimensions: Parameters<typeof readinessLevelOf>[1] }) => {
    const reading = readinessLevelOf(scores.readiness, scores.dimensions);
    const thin = scores.readiness !== null && reading.level === null;
    return [group, respondents, "readiness", "Overall readiness", round(scores.readiness), "", reading.level ? `${reading.level.level} ${reading.level.name}` : "", thin ? "yes" : "no", "", "", reading.wellAnswered];
  };
  for (const d of DIMENSIONS) {
    const a = results.scores.dimensions[d.key];
    rows.push(["all", results.scores.respondentCount, d.key, d.name, round(a.score), percent(a.coverage), level(a), a.lowConfidence ? "yes" : "no", a.respondentsScored, a.answeredItems, ""]);
  }
  rows.push(readinessRow("all", results.scores.respondentCount, results.scores));
  for (const group of results.scores.groups) {
    for (const d of DIMENSIONS) {
      const g = group.dimensions[d.key];
      rows.push([group.group, group.respondentCount, d.key, d.name, round(g.score), percent(g.coverage), level(g), g.lowConfidence ? "yes" : "no", g.respondentsScored, g.answeredItems, ""]);
    }
    rows.push(readinessRow(group.group, group.respondentCount, group));
  }
  return toCsv(
    ["group", "respondents", "dimension", "dimension_name", "score", "coverage_percent", "level_or_band", "low_confidence", "respondents_scored", "answered_items", "dimensions_well_answered"],
    rows,
  );
}
