/*
 * The plan sections of a customer's report, from rows already loaded (app/reports/report-sources.server.ts).
 * Pure, so the PDF renderer can run it: the disposition rules need the scores of the customer's latest
 * assessment, and scoring stays off the request thread.
 *
 * Relative imports only: the PDF renderer runs this file under tsx, outside the Remix build's `~` alias.
 */
import { computeAssessmentResults, type AssessmentResultSources } from "../domain/assessment-results";
import { groupName, isRespondentGroup } from "../domain/dimensions";
import type { PlanDocument } from "../domain/plan-versions";
import type { Application } from "../domain/portfolio";
import { decidePortfolio, type DispositionOverrideRecord } from "../domain/portfolio-decisions";
import type { AssessmentScores } from "../domain/scoring";
import type { ReportDisposition, ReportOutcomeKpi, ReportPlan, ReportTeachingItem } from "./report-model.server";

const FORMAT_NAMES: Record<string, string> = { workshop: "workshop", "hands-on-lab": "hands-on lab", briefing: "briefing" };

type DecisionAssessment = { id: string; title: string; created_at: string };

/** What the plan sections are made from, as read from the database: plain data. */
export interface ReportPlanSources {
  /** The latest version of the customer's newest stepping-stone plan; null without a plan. */
  planDocument: PlanDocument | null;
  applications: Application[];
  overrides: DispositionOverrideRecord[];
  /**
   * The rows of the assessment that counts for the customer, whose scores the disposition rules
   * read. Null when there is none, and when there are no applications (no rule then reads a score).
   */
  latestAssessed: AssessmentResultSources<DecisionAssessment> | null;
}

/**
 * The plan sections: the latest version of the customer's newest stepping-stone plan, and the
 * portfolio's dispositions and waves. Sections without data stay empty and are left out. `current`
 * is the report's own assessment, scored: when it is the latest assessed one it is not scored again.
 */
export function assembleReportPlan(sources: ReportPlanSources, current: { assessment: DecisionAssessment; scores: AssessmentScores }): ReportPlan {
  const latest = sources.latestAssessed;
  const basis = latest === null ? null : latest.assessment.id === current.assessment.id ? current : computeAssessmentResults(latest);
  const portfolio = decidePortfolio(sources.applications, sources.overrides, basis);
  const document = sources.planDocument;
  const result: ReportPlan = {};

  if (document) {
    let week = 0;
    result.steppingStones = document.stones.map((stone) => {
      const from = week + 1;
      week += stone.estimatedWeeks;
      return {
        title: stone.title,
        summary:
          `${stone.goal} Builds on: ${stone.entryCondition}${stone.status === "completed" ? " (completed)" : stone.status === "in-progress" ? " (in progress)" : ""}` +
          // The findings the stone answers (plan rules version 2); plans generated before have none stored.
          (stone.answers && stone.answers.length > 0 ? ` Answers: ${stone.answers.map((finding) => finding.text).join(" ")}` : ""),
        dimensions: [],
        horizon: `weeks ${from}–${week}`,
      };
    });

    const teaching = new Map<string, ReportTeachingItem>();
    for (const stone of document.stones) {
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
    for (const stone of document.stones) {
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
