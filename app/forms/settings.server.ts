import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "~/auth/password.server";
import { contrastWithWhite, HEX_COLOUR } from "~/domain/colour";
import { isDimensionKey, type DimensionKey } from "~/domain/dimensions";
import { emailField, singleLine } from "~/utils/forms.server";

/*
 * The forms of the settings pages (branding, questionnaires, users), checked in their actions. Kept
 * out of the route modules so that zod stays out of the browser build (see app/utils/forms.server.ts).
 */

export const BrandingForm = z.object({
  name: singleLine("Organisation name", { min: 1, max: 120 }),
  accentColour: z
    .string()
    .regex(HEX_COLOUR, "Use a colour like #0f766e.")
    .refine((c) => contrastWithWhite(c) >= 3, "That colour is too light: white text on it would be hard to read. Choose a darker shade."),
  removeLogo: z.string().optional(),
  /** The name mail is sent under; empty: the organisation name. */
  mailSenderName: singleLine("Sender name", { max: 120 }).optional().default(""),
  /** Reply-to of mail no consultant caused (password resets); empty: none. */
  mailReplyTo: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim().toLowerCase())
    .refine((s) => s === "" || z.email().max(254).safeParse(s).success, "Enter a valid email address, or leave it empty."),
});

/** The key an uploaded questionnaire is stored under (the file itself is checked by validateQuestionnaire). */
export const QuestionnaireUploadForm = z.object({
  key: z
    .string()
    .trim()
    .min(1, "Give the questionnaire a short key.")
    .max(60, "At most 60 characters.")
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens, e.g. our-readiness-check."),
});

/** Archiving an uploaded questionnaire version, or offering it again. */
export const QuestionnaireArchiveForm = z.object({
  intent: z.enum(["archive", "restore"], { error: "Unknown action." }),
});

const Role = z.enum(["admin", "consultant", "sales"], { error: "Choose a role." });

const CreateUser = z.object({
  intent: z.literal("create"),
  name: singleLine("Name", { min: 1, max: 120 }),
  email: emailField,
  role: Role,
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(200, "The password must be at most 200 characters."),
});
const ChangeRole = z.object({ intent: z.literal("role"), userId: z.string().min(1), role: Role });
const SetDisabled = z.object({ intent: z.enum(["disable", "enable"]), userId: z.string().min(1) });

/** The users page: add a user, change a role, disable or enable an account. */
export const UserAction = z.discriminatedUnion("intent", [CreateUser, ChangeRole, SetDisabled], { error: "Unknown action." });

/**
 * The Konveyor import form's section mapping: `dimension-<index>` is a dimension key, or "" to leave
 * the section unscored. Anything else is dropped, so the section keeps its suggested dimension.
 */
export function readSectionDimensions(formData: FormData): Partial<Record<number, DimensionKey | null>> {
  const dimensions: Partial<Record<number, DimensionKey | null>> = {};
  for (const [field, value] of formData.entries()) {
    const match = /^dimension-(\d{1,4})$/.exec(field);
    if (!match) continue;
    if (value === "") dimensions[Number(match[1])] = null;
    else if (isDimensionKey(value)) dimensions[Number(match[1])] = value;
  }
  return dimensions;
}
