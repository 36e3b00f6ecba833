import { z } from "zod";

/*
 * The forms of the customer pages, checked in their actions. Kept out of the route modules so that
 * zod stays out of the browser build (see app/utils/forms.server.ts).
 */

/** The customer page's archive and restore buttons. */
export const CustomerAction = z.object({ intent: z.enum(["archive", "restore"], { error: "Unknown action." }) });
