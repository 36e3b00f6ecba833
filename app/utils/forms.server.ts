import { json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { z } from "zod";
import { formValues, type FieldErrors, type FormParseResult } from "./forms";

/*
 * Form validation with zod, for actions only. It lives in a .server module because zod is about
 * 90 KiB gzipped and esbuild cannot drop the schemas built at a module's top level (emailField
 * here, or a route's own): Remix replaces .server modules with empty ones in the browser build.
 * What a component needs (the error types, formValues) stays in ./forms.
 */

export { readFormData } from "./form-data";

/** Validates a submitted form with a zod schema, collecting one message per field. */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormParseResult<z.infer<S>> {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, values };
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    fieldErrors[field] ??= issue.message;
  }
  return { ok: false, fieldErrors, values };
}

export function badRequest(body: { fieldErrors?: FieldErrors; formError?: string; values?: Record<string, string> }) {
  return json({ ok: false as const, ...body }, { status: 400 });
}

/**
 * Reads a multipart form (a file upload) into memory, refusing any part over `maxPartBytes`. On
 * failure the answer is a 400 already: the size message on `fileField`, or a form-level message
 * when the body is not a readable multipart form at all.
 */
export async function readUpload(
  request: Request,
  { maxPartBytes, fileField, tooLarge }: { maxPartBytes: number; fileField: string; tooLarge: string },
): Promise<{ ok: true; formData: FormData } | { ok: false; response: ReturnType<typeof badRequest> }> {
  try {
    return { ok: true, formData: await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes })) };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, response: badRequest({ fieldErrors: { [fileField]: tooLarge } }) };
    return { ok: false, response: badRequest({ formError: "The upload could not be read. Please try again." }) };
  }
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A trimmed single line of text: no control characters, a length people can read. */
export function singleLine(label: string, { min = 0, max = 200 }: { min?: number; max?: number } = {}) {
  // An omitted optional field is the same as an empty one; `min` decides whether that is allowed.
  return z
    .string({ error: `${label} must be text.` })
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine((s) => !CONTROL_CHARACTERS.test(s) && !/[\r\n]/.test(s), `${label} must be a single line of plain text.`)
    .refine((s) => s.length >= min, min === 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`)
    .refine((s) => s.length <= max, `${label} must be at most ${max} characters.`);
}

/** Free text over several lines: newlines and tabs allowed, other control characters not. */
export function multiLine(label: string, { max = 5000 }: { max?: number } = {}) {
  return z
    .string()
    .default("")
    .transform((s) => s.replace(/\r\n/g, "\n").trim())
    .refine((s) => !CONTROL_CHARACTERS.test(s), `${label} contains characters that are not text.`)
    .refine((s) => s.length <= max, `${label} must be at most ${max} characters.`);
}

export const emailField = z
  .string({ error: "Email is required." })
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email("Enter a valid email address.").max(254, "That email address is too long."));
