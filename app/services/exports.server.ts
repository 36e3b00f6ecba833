import { DIMENSIONS } from "~/domain/dimensions";
import { toCsv } from "~/domain/csv";
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

/** One row per group and dimension, plus the assessment as a whole. */
export function scoresCsv(results: AssessmentResults): string {
  const rows: unknown[][] = [];
  const level = (d: { maturityLevel: { level: number; name: string } | null; riskBand: { name: string } | null }) =>
    d.riskBand ? d.riskBand.name : d.maturityLevel ? `${d.maturityLevel.level} ${d.maturityLevel.name}` : "";
  const round = (n: number | null) => (n === null ? "" : Math.round(n * 10) / 10);
  for (const d of DIMENSIONS) {
    const a = results.scores.dimensions[d.key];
    rows.push(["all", results.scores.respondentCount, d.key, d.name, round(a.score), a.coverage === null ? "" : Math.round(a.coverage * 100), level(a), a.lowConfidence ? "yes" : "no"]);
  }
  rows.push(["all", results.scores.respondentCount, "readiness", "Overall readiness", round(results.scores.readiness), "", "", ""]);
  for (const group of results.scores.groups) {
    for (const d of DIMENSIONS) {
      const g = group.dimensions[d.key];
      rows.push([group.group, group.respondentCount, d.key, d.name, round(g.score), g.coverage === null ? "" : Math.round(g.coverage * 100), level(g), g.lowConfidence ? "yes" : "no"]);
    }
    rows.push([group.group, group.respondentCount, "readiness", "Overall readiness", round(group.readiness), "", "", ""]);
  }
  return toCsv(["group", "respondents", "dimension", "dimension_name", "score", "coverage_percent", "level_or_band", "low_confidence"], rows);
}
