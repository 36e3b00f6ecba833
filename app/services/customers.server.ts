import { z } from "zod";
import { CUSTOMER_SIZES } from "~/domain/customer";
import { multiLine, singleLine } from "~/utils/forms.server";

export const CustomerForm = z.object({
  name: singleLine("Name", { min: 1, max: 200 }),
  industry: singleLine("Industry", { max: 100 }),
  size: z.string().default("").refine((s) => s === "" || (CUSTOMER_SIZES as readonly string[]).includes(s), "Choose a size from the list."),
  notes: multiLine("Notes", { max: 5000 }),
});
