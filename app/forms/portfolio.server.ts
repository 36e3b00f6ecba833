import { z } from "zod";
import { isDisposition, type Disposition } from "~/domain/dispositions";

/*
 * The forms of the portfolio page, checked in its action (an application's own fields are checked
 * in app/domain/portfolio-edits.ts). Kept out of the route module so that zod stays out of the
 * browser build (see app/utils/forms.server.ts).
 */

export const PortfolioIntent = z.object({
  intent: z.enum(["preview-import", "confirm-import", "save-application", "delete-application", "override", "revert"], { error: "Unknown action." }),
});

export const ConfirmImport = z.object({ previewId: z.string().min(1, "Upload the file again.").max(100) });

export const ApplicationRef = z.object({ applicationId: z.string().min(1, "Choose an application.").max(100) });

export const OverrideDisposition = ApplicationRef.extend({
  disposition: z.custom<Disposition>((value) => isDisposition(value), "Choose one of the 7 Rs."),
  reason: z
    .string()
    .default("")
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, "Say why: the customer should learn the reason too.")
    .refine((s) => s.length <= 1000, "At most 1,000 characters."),
});
