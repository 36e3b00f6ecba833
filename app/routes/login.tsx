import { json, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { getOptionalUser, safeRedirectPath } from "~/auth/access.server";
import { signIn } from "~/auth/session.server";
import { TextField } from "~/components/field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SignInForm } from "~/forms/sign-in.server";
import { badRequest, parseForm, readFormData } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Cairn" }];

// A refused sign-in's Retry-After must reach the browser: Remix builds a page's headers only from this function.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) return redirect("/dashboard");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await readFormData(request), SignInForm);
  if (!parsed.ok) return badRequest({ fieldErrors: parsed.fieldErrors, values: { email: parsed.values.email ?? "" } });
  const result = await signIn(request, context, parsed.data);
  if (!result.ok) {
    if (result.response) {
      return json({ ok: false as const, formError: result.message + " Please wait a few minutes and try again.", values: { email: parsed.data.email } }, { status: 429, headers: { "Retry-After": result.response.headers.get("Retry-After") ?? "60" } });
    }
    return json({ ok: false as const, formError: result.message, values: { email: parsed.data.email } }, { status: 401 });
  }
  return redirect(safeRedirectPath(parsed.data.redirectTo, "/dashboard"), { headers: result.headers });
}

export default function Login() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const fieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : undefined;
  return (
    <main className="login-page">
      <div className="card">
        <h1>Sign in to Cairn</h1>
        <p className="muted">Hybrid-cloud readiness, assessed together.</p>
        <Form method="post" className="stacked" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          {actionData?.formError ? <p className="form-error" role="alert">{actionData.formError}</p> : null}
          <TextField name="email" label="Email" type="email" autoComplete="username" required defaultValue={actionData?.values?.email} error={fieldErrors?.email} />
          <TextField name="password" label="Password" type="password" autoComplete="current-password" required error={fieldErrors?.password} />
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Signing in…" : "Sign in"}
          </button>
        </Form>
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
