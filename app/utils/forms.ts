/*
 * What forms share between an action and its page: the shape of a validation result and the
 * submitted values. Validation itself (zod) is in ./forms.server, so pages that import this
 * module do not ship zod to the browser.
 */

export type FieldErrors = Record<string, string>;

export type FormParseResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/** The text fields of a submitted form, by name (files left out). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") values[key] = value;
  return values;
}
