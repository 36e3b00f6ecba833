import { z } from "zod";
import { singleLine } from "~/utils/forms.server";

/*
 * The forms of the outcomes page (measured values of a plan's KPIs), checked in its action. Kept
 * out of the route module so that zod stays out of the browser build (see app/utils/forms.server.ts).
 */

export const OutcomeIntent = z.object({ intent: z.enum(["record", "delete"], { error: "Unknown action." }) });

export const RecordActual = z.object({
  kpiId: z.string().min(1, "Choose a measure.").max(100),
  measuredAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "A date, e.g. 2026-03-31.")
    .refine((s) => {
      const date = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === s && s >= "2000-01-01" && s <= "2100-12-31";
    }, "Not a real date."),
  value: z
    .string()
    .transform((s) => s.trim().replace(/[,\s]/g, ""))
    .refine((s) => /^\d+(\.\d+)?$/.test(s), "A number of 0 or more, e.g. 42 or 3.5.")
    .transform(Number)
    .refine((n) => n <= 1e9, "At most 1,000,000,000."),
  note: singleLine("The note", { max: 500 }),
});

export const DeleteActual = z.object({ actualId: z.string().min(1).max(100) });
