import { z } from "zod";

/*
 * The forms of the customer pages, checked in their actions. Kept out of the route modules so that
 * zod stays out of the browser build (see app/utils/forms.server.ts).
 */

/**
 * The customer page's archive and restore buttons, and its choice of the assessment that counts
 * (`count`: `assessmentId` empty means back to the default rule).
 */
export const CustomerAction = z.object({
  intent: z.enum(["archive", "restore", "count"], { error: "Unknown action." }),
  assessmentId: z.string().trim().max(100, "Choose an assessment from the list.").optional(),
});
