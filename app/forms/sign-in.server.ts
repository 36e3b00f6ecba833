import { z } from "zod";

/*
 * The sign-in form, checked in the login action. Kept out of the route module so that zod stays
 * out of the browser build (see app/utils/forms.server.ts).
 */
export const SignInForm = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254, "That email address is too long."),
  password: z.string().min(1, "Enter your password.").max(1024, "That password is too long."),
  redirectTo: z.string().optional(),
});
