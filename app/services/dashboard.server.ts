import { listDashboardCustomers } from "../../db/repositories/assessment-summaries";
import { db } from "~/db.server";
import { chooseCountedAssessment, countedWords } from "~/domain/counted-assessment";
import { nextStepFor } from "~/domain/next-step";
import { pageOf } from "~/domain/paging";
import { evidenceWords, readinessEvidence } from "~/domain/score-evidence";
import { formatDate } from "~/utils/dates";
import { loadProviderCountedChoices } from "./counted-assessment.server";

export const DASHBOARD_SORTS = ["name", "readiness", "culture", "skills", "shadow-it", "latest"] as const;
/** Customers per dashboard page: a table a consultant can scan, and a page that stays fast with hundreds of customers. */
export const DASHBOARD_PAGE_SIZE = 50;
// One collator for every comparison: localeCompare with a locale builds a new one per call.
const byNameCollator = new Intl.Collator("en-GB");
export type DashboardSort = (typeof DASHBOARD_SORTS)[number];

export interface DashboardRow {
  customerId: string;
  customerName: string;
  industry: string;
  assessmentCount: number;
  latest: { id: string; title: string; status: "open" | "closed"; createdAt: string; invited: number; completed: number } | null;
  /** The assessment the scores come from (questionnaires/README.md, "The assessment that counts"), or null when none counts. */
  counted: { id: string; title: string; words: string } | null;
  readiness: number | null;
  culture: number | null;
  skills: number | null;
  shadowIt: number | null;
  /** Each headline score's coverage and people in words, "thin evidence" when low confidence (rule 13); null without a score. */
  evidence: Record<"readiness" | "culture" | "skills" | "shadowIt", { thin: boolean; words: string } | null>;
  nextStep: string;
}

type StoredSummary = { readiness: number | null; respondentsAnswered: number; dimensions: Record<string, { score: number | null; coverage: number | null; lowConfidence: boolean; respondents?: number } | undefined> };

/** From the stored summary only: the dashboard reads no answers (it must stay fast with hundreds of customers). */
function evidenceOf(summary: StoredSummary | null): DashboardRow["evidence"] {
  const dimension = (key: string) => {
    const d = summary?.dimensions[key];
    return d && d.score !== null ? { thin: d.lowConfidence, words: evidenceWords(d, d.respondents) } : null;
  };
  return {
    readiness: summary && summary.readiness !== null ? readinessEvidence(summary.dimensions, summary.respondentsAnswered) : null,
    culture: dimension("culture"),
    skills: dimension("skills"),
    shadowIt: dimension("shadow-it"),
  };
}

/**
 * One row per active customer: the stored headline scores of the assessment that counts for it, its
 * latest assessment (for what to do next), and what to do next.
 */
export async function loadDashboard({ organisationId, sort, query, status, page = 1 }: { organisationId: string; sort: DashboardSort; query: string; status: string; page?: number }) {
  const [allCustomers, counted] = await Promise.all([listDashboardCustomers(db(), { organisationId }), loadProviderCountedChoices({ organisationId })]);
  // Archived customers are not listed, but count in the provider's totals.
  const customers = allCustomers.filter((c) => c.archivedAt === null);

  let rows: DashboardRow[] = customers.map(({ id, name, industry, assessmentCount, latest }) => {
    const choice = counted.get(id) ?? chooseCountedAssessment([], null);
    const summary = choice.assessment?.summary ?? null;
    // Respondent counts are live (a new assessment has no stored summary yet); scores come from summaries.
    const { invited, completed } = latest ? { invited: latest.respondentCount, completed: latest.completedCount } : { invited: 0, completed: 0 };
    return {
      customerId: id,
      customerName: name,
      industry,
      assessmentCount,
      latest: latest ? { id: latest.id, title: latest.title, status: latest.status, createdAt: latest.createdAt, invited, completed } : null,
      counted: choice.assessment ? { id: choice.assessment.id, title: choice.assessment.title, words: countedWords(choice, formatDate) } : null,
      readiness: summary?.readiness ?? null,
      culture: summary?.dimensions.culture?.score ?? null,
      skills: summary?.dimensions.skills?.score ?? null,
      shadowIt: summary?.dimensions["shadow-it"]?.score ?? null,
      evidence: evidenceOf(summary),
      nextStep: nextStepFor(latest ? { status: latest.status, createdAt: latest.createdAt, closedAt: latest.closedAt, invited, answered: latest.summary?.respondentsAnswered ?? 0, completed } : null),
    };
  });

  const needle = query.trim().toLowerCase();
  if (needle) rows = rows.filter((r) => `${r.customerName} ${r.industry}`.toLowerCase().includes(needle));
  if (status === "open" || status === "closed") rows = rows.filter((r) => r.latest?.status === status);
  if (status === "none") rows = rows.filter((r) => !r.latest);

  const numeric = (value: number | null, descending: boolean) => (value === null ? Number.NEGATIVE_INFINITY : descending ? value : -value);
  const byName = (a: DashboardRow, b: DashboardRow) => byNameCollator.compare(a.customerName, b.customerName);
  const sorters: Record<DashboardSort, (a: DashboardRow, b: DashboardRow) => number> = {
    name: byName,
    readiness: (a, b) => numeric(b.readiness, true) - numeric(a.readiness, true) || byName(a, b),
    culture: (a, b) => numeric(b.culture, true) - numeric(a.culture, true) || byName(a, b),
    skills: (a, b) => numeric(b.skills, true) - numeric(a.skills, true) || byName(a, b),
    // Highest risk first: that is where attention goes.
    "shadow-it": (a, b) => numeric(b.shadowIt, true) - numeric(a.shadowIt, true) || byName(a, b),
    latest: (a, b) => (b.latest?.createdAt ?? "").localeCompare(a.latest?.createdAt ?? "") || byName(a, b),
  };
  rows.sort(sorters[sort]);
  const { offset, ...paging } = pageOf(rows.length, DASHBOARD_PAGE_SIZE, page);
  return {
    rows: rows.slice(offset, offset + DASHBOARD_PAGE_SIZE),
    paging,
    totals: {
      customers: customers.length,
      assessments: allCustomers.reduce((sum, c) => sum + c.assessmentCount, 0),
      openAssessments: allCustomers.reduce((sum, c) => sum + c.openAssessmentCount, 0),
    },
  };
}
