import { redirect } from "@remix-run/node";
import type { UserRole } from "../../db/schema";
import { getSignedInSessionByCookie } from "./session.server";

export { found, notFound } from "./not-found";

/*
 * Every loader and action of a staff page starts with requireUser(). Tenant-owned records are then
 * fetched through repository functions that take user.organisationId, so another provider's id is
 * simply not found (404) rather than forbidden: we never confirm that someone else's record exists.
 */

export interface CurrentUser {
  id: string;
  organisationId: string;
  email: string;
  name: string;
  role: UserRole;
}

/** What each role may do. One table, so a page cannot invent its own rule. */
export const PERMISSIONS = {
  "customers:read": ["admin", "consultant", "sales"],
  "customers:write": ["admin", "consultant"],
  "assessments:read": ["admin", "consultant", "sales"],
  "assessments:write": ["admin", "consultant"],
  "results:export": ["admin", "consultant", "sales"],
  "reports:download": ["admin", "consultant", "sales"],
  "users:manage": ["admin"],
  "branding:manage": ["admin"],
  "questionnaires:manage": ["admin"],
  "audit:read": ["admin"],
} as const satisfies Record<string, readonly UserRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(user: Pick<CurrentUser, "role">, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly UserRole[]).includes(user.role);
}

export async function getOptionalUser(request: Request): Promise<CurrentUser | null> {
  return getOptionalUserByCookie(request.headers.get("Cookie"));
}

/** For callers that hold only the Cookie header (the endpoints served ahead of Remix). */
export async function getOptionalUserByCookie(cookieHeader: string | null): Promise<CurrentUser | null> {
  if (!cookieHeader) return null;
  const session = await getSignedInSessionByCookie(cookieHeader);
  return session?.user ?? null;
}

export async function requireUser(request: Request, options: { permission?: Permission } = {}): Promise<CurrentUser> {
  const url = new URL(request.url);
  return requireUserByCookie(request.headers.get("Cookie"), url.pathname + url.search, options);
}

/**
 * requireUser from a Cookie header and the path asked for (where sign-in returns to). Throws a
 * redirect to sign in, or 403 when the user's role lacks the permission.
 */
export async function requireUserByCookie(cookieHeader: string | null, returnTo: string, options: { permission?: Permission } = {}): Promise<CurrentUser> {
  const user = await getOptionalUserByCookie(cookieHeader);
  if (!user) throw redirect(`/login?${new URLSearchParams({ redirectTo: returnTo })}`);
  if (options.permission && !can(user, options.permission)) {
    throw new Response("Your role does not allow this.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}

/**
 * Only same-site paths: never redirect a signed-in user to another origin. The target is read by
 * the same URL parser a browser uses, because browsers drop tabs and newlines and read `\\` as `/`:
 * "/<tab>/evil.example" passes a prefix check yet lands on evil.example.
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  const base = "http://cairn.invalid";
  const url = new URL(target, base);
  // "/..//evil.example" parses to the path "//evil.example", which a browser reads as another host.
  if (url.origin !== base || url.pathname.startsWith("//")) return fallback;
  // The parsed form: no control characters left to break the Location header.
  return url.pathname + url.search + url.hash;
}
