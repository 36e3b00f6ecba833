import { z } from "zod";
import { isStoneStatus, MAX_PLAN_STONES, MAX_STONE_WEEKS, type StoneStatus } from "~/domain/plan-versions";
import { multiLine } from "~/utils/forms.server";

/*
 * The forms of the plan pages, checked in their actions. Kept out of the route modules so that zod
 * stays out of the browser build (see app/utils/forms.server.ts).
 */

/** The plan page's "generate a plan" button. */
export const GeneratePlan = z.object({ intent: z.literal("generate", { error: "Unknown action." }) });

// ---------------------------------------------------------------------------------------------
// The edit as posted: a JSON document, checked for shape here and for meaning in the domain.

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const text = (max: number) =>
  z
    .string({ error: "Must be text." })
    .refine((s) => !CONTROL_CHARACTERS.test(s), "Contains characters that are not text.")
    .refine((s) => s.trim().length <= max, `At most ${max.toLocaleString("en-GB")} characters.`)
    .transform((s) => s.trim());
const numberOrEmpty = z.union([z.number(), z.string().max(40), z.null()]).transform((value, ctx) => {
  if (value === null || (typeof value === "string" && value.trim() === "")) return null;
  const number = typeof value === "number" ? value : Number(value.trim().replace(/[,\s]/g, ""));
  if (!Number.isFinite(number)) {
    ctx.addIssue({ code: "custom", message: "A number, or empty." });
    return z.NEVER;
  }
  return number;
});
const weeks = z.union([z.number(), z.string().max(10)]).transform((value, ctx) => {
  const number = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isInteger(number)) {
    ctx.addIssue({ code: "custom", message: `Weeks must be a whole number from 1 to ${MAX_STONE_WEEKS}.` });
    return z.NEVER;
  }
  return number;
});

/** The plan document the editor posts (as JSON in the `plan` field of SavePlanEdit). */
export const PlanEditSchema = z.object({
  stones: z
    .array(
      z.object({
        id: z.string().max(100).nullable(),
        title: text(200),
        goal: text(1000),
        rationale: text(2000),
        status: z.custom<StoneStatus>((value) => isStoneStatus(value), "Choose a status."),
        estimatedWeeks: weeks,
        owners: z.object({ customer: text(200), provider: text(200) }),
        activityIds: z.array(z.string().max(100)).max(60, "At most 60 activities a stone."),
        kpis: z.array(z.object({ id: z.string().max(100), baseline: numberOrEmpty, target: numberOrEmpty })).max(20, "At most 20 measures a stone."),
      }),
    )
    .max(MAX_PLAN_STONES, `A plan has at most ${MAX_PLAN_STONES} stones.`),
});

/** The plan editor's form: the version it started from, a note, and the edited plan. */
export const SavePlanEdit = z.object({
  baseVersion: z.string().regex(/^[1-9][0-9]{0,5}$/, "Reload the plan and edit again.").transform(Number),
  note: multiLine("The note", { max: 500 }).refine((s) => s.length > 0, "Say what changed and why, in a line: it is shown in the version list."),
  plan: z.string().min(1, "Nothing to save.").max(500_000, "That plan is too large."),
});
