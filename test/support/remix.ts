import type { AppLoadContext } from "@remix-run/node";
import type { DatabaseHandle } from "../../db/client";
import { signIn } from "../../app/auth/session.server";

export const TEST_ORIGIN = "http://cairn.test";

/** Points the app's db() at a test database and gives it a fixed session secret. */
export function useDatabaseForApp(handle: DatabaseHandle) {
  process.env.SESSION_SECRET ??= "test-session-secret-that-is-long-enough-0123456789";
  globalThis.__cairnDatabase = handle;
}

export function testContext(clientAddress = "203.0.113.7"): AppLoadContext {
  return { cspNonce: "test-nonce", clientAddress };
}

export async function signInAs(email: string, password: string): Promise<string> {
  const result = await signIn(new Request(`${TEST_ORIGIN}/login`, { method: "POST" }), testContext(`198.51.100.${Math.floor(Math.random() * 250)}`), { email, password });
  if (!result.ok) throw new Error(`sign-in failed for ${email}: ${result.message}`);
  return cookieFrom(result.headers);
}

export function cookieFrom(headers: Headers): string {
  const setCookie = headers.get("Set-Cookie");
  if (!setCookie) throw new Error("no Set-Cookie header");
  return setCookie.split(";")[0];
}

export function get(path: string, cookie?: string): Request {
  return new Request(`${TEST_ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function post(path: string, form: Record<string, string>, cookie?: string): Request {
  return new Request(`${TEST_ORIGIN}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

/** Runs a loader or action and returns the Response it returned or threw. */
export async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await run();
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
