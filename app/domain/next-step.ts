/** What a consultant should do next with a customer, from the state of its latest assessment. */
export interface AssessmentState {
  status: "open" | "closed";
  createdAt: string;
  closedAt: string | null;
  invited: number;
  answered: number;
  completed: number;
}

export const REASSESS_AFTER_MONTHS = 6;

export function nextStepFor(latest: AssessmentState | null, now = new Date()): string {
  if (!latest) return "Start a baseline assessment";
  if (latest.status === "open") {
    if (latest.invited === 0) return "Invite respondents";
    if (latest.completed < latest.invited / 2) return `Chase responses (${latest.completed} of ${latest.invited} completed)`;
    return "Review the results and close the assessment";
  }
  const closed = new Date(latest.closedAt ?? latest.createdAt);
  const due = Date.UTC(closed.getUTCFullYear(), closed.getUTCMonth() + REASSESS_AFTER_MONTHS, closed.getUTCDate());
  if (now.getTime() >= due) return "Re-assess to measure progress";
  return "Agree the stepping-stone plan";
}
