import { groupName, isRespondentGroup } from "~/domain/dimensions";
import { findCustomerPlan, loadPlanVersion } from "~/services/plans.server";
import { loadPortfolioDecisions } from "~/services/portfolio.server";
import type { ReportDisposition, ReportOutcomeKpi, ReportPlan, ReportTeachingItem } from "./report-model.server";

const FORMAT_NAMES: Record<string, string> = { workshop: "workshop", "hands-on-lab": "hands-on lab", briefing: "briefing" };

/**
 * The plan sections of a customer's report: the latest version of its newest stepping-stone plan,
 * and the portfolio's dispositions and waves. Sections without data stay empty and are left out.
 */
export async function loadReportPlan({ organisationId, customerId }: { organisationId: string; customerId: string }): Promise<ReportPlan> {
  const [{ plan }, portfolio] = await Promise.all([
    findCustomerPlan({ organisationId, customerId }),
    loadPortfolioDecisions({ organisationId, customerId }),
  ]);
  const version = plan ? await loadPlanVersion({ organisationId, plan }) : null;
  const result: ReportPlan = {};

  if (version) {
    let week = 0;
    result.steppingStones = version.document.stones.map((stone) => {
      const from = week + 1;
      week += stone.estimatedWeeks;
      return {
        title: stone.title,
        summary: `${stone.goal} Builds on: ${stone.entryCondition}${stone.status === "completed" ? " (completed)" : stone.status === "in-progress" ? " (in progress)" : ""}`,
        dimensions: [],
        horizon: `weeks ${from}–${week}`,
      };
    });

    const teaching = new Map<string, ReportTeachingItem>();
    for (const stone of version.document.stones) {
      for (const activity of stone.activities) {
        if (teaching.has(activity.moduleId)) continue;
        teaching.set(activity.moduleId, {
          topic: `${activity.title} (${FORMAT_NAMES[activity.format] ?? activity.format}, ${activity.durationHours} h)`,
          audience: activity.audience.map((g) => (isRespondentGroup(g) ? groupName(g) : g)).join(", "),
          why: activity.learningObjectives.length > 0 ? `${activity.why} Objectives: ${activity.learningObjectives.join("; ")}.` : activity.why,
        });
      }
    }
    result.teachingPlan = [...teaching.values()];

    const kpis = new Map<string, ReportOutcomeKpi>();
    for (const stone of version.document.stones) {
      for (const kpi of stone.outcomeKpis) {
        if (kpis.has(kpi.id)) continue;
        kpis.set(kpi.id, {
          outcome: kpi.name,
          kpi: `${kpi.measuredBy} (${kpi.unit})`,
          baseline: kpi.baseline === null ? "to be measured" : `${kpi.baseline} ${kpi.unit}`,
          target: kpi.target.text,
        });
      }
    }
    result.outcomeKpis = [...kpis.values()];
  }

  const reasonOf = new Map(portfolio.decisions.map((d) => [d.applicationId, d.reason]));
  const dispositions: ReportDisposition[] = [];
  for (const wave of portfolio.waves.waves) {
    for (const app of wave.applications) {
      dispositions.push({ wave: `Wave ${wave.number}: ${wave.label}`, workload: app.name, disposition: app.disposition, rationale: reasonOf.get(app.applicationId) });
    }
  }
  for (const app of portfolio.waves.notMoving) {
    dispositions.push({ wave: "Not moving", workload: app.name, disposition: app.disposition, rationale: reasonOf.get(app.applicationId) });
  }
  result.dispositions = dispositions;
  return result;
}
