import { z } from "zod";
import { MAX_LINK_DAYS, startAssessmentForm } from "~/services/assessments.server";

/*
 * The forms of the assessment pages that are not the service's own, checked in their actions. Kept
 * out of the route modules so that zod stays out of the browser build (see app/utils/forms.server.ts).
 */

/** Re-assess: a new assessment like the first one, plus how long the new links last. */
export function reassessForm(available: { key: string; version: number }[]) {
  return startAssessmentForm(available).extend({
    days: z.coerce.number({ error: "Enter a number of days." }).int("Enter whole days.").min(1, "At least 1 day.").max(MAX_LINK_DAYS, `At most ${MAX_LINK_DAYS} days.`),
  });
}
